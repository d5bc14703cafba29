"""Seznam zkratek: Czech order, which terms a document uses, unknown abbreviations, first-use expansion.

The bodies are parsed by the real pandoc, wrapped in the part divs that
``compose_body`` makes, so the AST is the one the pipeline sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pipeline.ast import stringify
from pipeline.ast.expansion import expand_first_use
from pipeline.ast.glossary import abbreviation_blocks, unknown_abbreviations, used_terms
from pipeline.ast.parts import unwrap_parts
from pipeline.collation import czech_sort_key
from pipeline.parse import FENCE
from pipeline.errors import Diagnostics
from pipeline.model.glossary import Term
from pipeline.pandoc import ast_to, markdown_to_ast

CHAPTER = Path("sources/metodika/02-postup.md")
CONCLUSION = Path("sources/metodika/09-zaver.md")
ANNEX = Path("sources/metodika/priloha-a.md")

GLOSSARY = {
    "OSPOD": "orgán sociálně-právní ochrany dětí",
    "OSVČ": "osoba samostatně výdělečně činná",
    "ÚP ČR": "Úřad práce České republiky",
    "ZŠ": "základní škola",
    "ZZS": "zdravotnická záchranná služba",
    "ŽP": "životní prostředí",
    "HZS": "hasičský záchranný sbor",
    "CHKO": "chráněná krajinná oblast",
    "CZ": "Česko",
    "ESF+": "Evropský sociální fond plus",
    "SAS": "sociálně aktivizační služby pro rodiny s dětmi",
}
TERMS = [Term(abbreviation=abbreviation, meaning=meaning) for abbreviation, meaning in GLOSSARY.items()]


def body(*parts: tuple[Path, str]) -> dict[str, Any]:
    """Return the AST of ``parts`` (path, Markdown) wrapped as ``compose_body`` wraps them."""
    pieces = [f'{FENCE} {{.chapter source="{path}"}}\n\n{markdown}\n\n{FENCE}\n' for path, markdown in parts]
    return markdown_to_ast("\n".join(pieces))


def used(markdown: str) -> list[str]:
    return [term.abbreviation for term in used_terms(body((CHAPTER, markdown)), TERMS)]


def warnings_for(*parts: tuple[Path, str]) -> list[str]:
    diagnostics = Diagnostics()
    unknown_abbreviations(body(*parts), TERMS, dict(parts), diagnostics)
    assert not diagnostics.errors
    return [str(warning) for warning in diagnostics.warnings]


# Czech order (ČSN 97 6030)


@pytest.mark.parametrize(
    "words",
    [
        ["cihla", "čáp", "dům"],
        ["hrad", "chata", "iglú"],
        ["HZS", "CHKO", "IZS"],
        ["rada", "ráda", "řada"],
        ["OSPOD", "OSVČ", "OZP"],
        ["ZŠ", "ZZS", "ŽP"],
        ["TV", "ÚP ČR", "UPS", "VZP"],
        ["sada", "šála", "tón", "ťukat", "tvar"],
        ["ab", "Ab", "AB", "ac"],
        ["1. máj", "2 dny", "10 dní", "abeceda"],
        ["ZŠ 2", "ZŠ 10", "ZŠ Kollárova"],
        ["eko", "e-mail", "emoce"],
        ["uzel", "úzký", "uzlík", "ůžeky"],
    ],
)
def test_czech_order(words: list[str]) -> None:
    for shuffled in (list(reversed(words)), words[1::2] + words[::2]):
        assert sorted(shuffled, key=czech_sort_key) == words


def test_accents_only_break_ties() -> None:
    # á is a plain a at the first level: "ráj" < "rak" although á > a.
    assert sorted(["rak", "ráj"], key=czech_sort_key) == ["ráj", "rak"]
    # ř is a letter of its own: every ř-word comes after every r-word.
    assert sorted(["řád", "rz"], key=czech_sort_key) == ["rz", "řád"]


# Which terms a document uses


def test_only_used_terms_in_czech_order() -> None:
    markdown = "V ZŠ a u ZZS, ŽP a OSVČ.\n\nPak OSPOD, HZS a CHKO a ÚP ČR."
    assert used(markdown) == ["HZS", "CHKO", "OSPOD", "OSVČ", "ÚP ČR", "ZŠ", "ZZS", "ŽP"]


def test_multi_word_abbreviation_across_spaces_and_lines() -> None:
    assert used("Kontaktní pracoviště ÚP\nČR v místě.") == ["ÚP ČR"]
    assert used("Kontaktní pracoviště ÚP\u00a0ČR v místě.") == ["ÚP ČR"]
    assert used("Pracoviště ÚP a ČR zvlášť.") == []


def test_punctuation_and_case_endings() -> None:
    assert used("Obraťte se na (OSPOD).") == ["OSPOD"]
    assert used("Podle „OSPOD“, jinak ne.") == ["OSPOD"]
    assert used("Pracovnice OSPOD-u přišla.") == ["OSPOD"]
    assert used("Financuje ESF+ a OSPOD/ZŠ.") == ["ESF+", "OSPOD", "ZŠ"]


def test_parts_of_words_are_not_uses() -> None:
    assert used("Slovo OSPODY a XOSPOD i SASKO.") == []
    assert used("Projekt CZ.03.2.63/0.0/0.0/15_023/0000851.") == []
    assert used("Podpora ESF je jiná než plus.") == []


def test_code_links_math_raw_and_citation_keys_are_not_read() -> None:
    markdown = (
        "Kód `OSPOD`, [web](https://example.cz/ZZS \"HZS\"), $CHKO$, `ŽP`{=html} a [@OSVČ2020].\n\n"
        "```\nZŠ\n```"
    )
    assert used(markdown) == []


def test_used_terms_inside_unwrapped_blocks() -> None:
    ast = body((CHAPTER, "Spolupráce s OSPOD."), (ANNEX, "Formulář ZŠ."))
    unwrap_parts(ast)
    assert [term.abbreviation for term in used_terms(ast, TERMS)] == ["OSPOD", "ZŠ"]


# Unknown abbreviations


def test_unknown_abbreviation_warned_with_location() -> None:
    chapter = "# Postup\n\nKód `NNO2` a slovo NNOS.\nSpolupráce s NNO a s NNO-kami."
    assert warnings_for((CHAPTER, chapter)) == [
        "sources/metodika/02-postup.md:3:20: varování: zkratka 'NNOS' není v glosáři (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)",
        "sources/metodika/02-postup.md:4:14: varování: zkratka 'NNO' není v glosáři (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)",
    ]


def test_unknown_abbreviation_once_per_document_in_its_part() -> None:
    warnings = warnings_for((CHAPTER, "Bez zkratek."), (ANNEX, "Tým MDT.\n\nZase MDT."), (CONCLUSION, "MDT"))
    assert warnings == [
        "sources/metodika/priloha-a.md:1:5: varování: zkratka 'MDT' není v glosáři (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)"
    ]


def test_known_roman_and_hidden_tokens_are_not_warned() -> None:
    chapter = (
        "Kapitola IV, část II. a XIV; viz (VIII) a MCMXC.\n\n"
        "OSPOD-u, ÚP ČR, ESF+ a 2024.\n\n"
        "Kód `ABC`, [web](https://example.cz/XYZ), $QQ$ a [@MPSV2012].\n\n"
        "A tady I a V."
    )
    assert warnings_for((CHAPTER, chapter)) == []


def test_blocks_and_cells_do_not_run_together() -> None:
    # Words of neighbouring cells or paragraphs must not glue into "SPODMgr.".
    table = "| Závazné pro | Vypracoval |\n|---|---|\n| oddělení SPOD | Mgr. Nováková |\n\nOSPOD\n\nx"
    assert warnings_for((CHAPTER, table)) == [
        "sources/metodika/02-postup.md:3:12: varování: zkratka 'SPOD' není v glosáři (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)"
    ]
    assert used(table) == ["OSPOD"]


def test_generated_parts_are_not_checked() -> None:
    ast = markdown_to_ast(f'{FENCE} {{.chapter source="{CHAPTER}" generated="1"}}\n\nZávazné pro SPOD.\n\n{FENCE}\n')
    diagnostics = Diagnostics()
    unknown_abbreviations(ast, TERMS, {}, diagnostics)
    assert diagnostics.items == []


def test_word_of_a_multi_word_term_alone_is_unknown() -> None:
    warnings = warnings_for((CHAPTER, "Úřad práce ČR."))
    assert warnings == [
        "sources/metodika/02-postup.md:1:12: varování: zkratka 'ČR' není v glosáři (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)"
    ]


def test_czech_capitals_and_digits_are_abbreviations() -> None:
    warnings = warnings_for((CHAPTER, "Dávky ÚOOÚ a PO2 a SŘ."))
    assert [warning.split("'")[1] for warning in warnings] == ["ÚOOÚ", "PO2", "SŘ"]


# Expansion at first use


def test_expand_first_use_only() -> None:
    ast = body(
        (CHAPTER, "# Úkoly OSPOD\n\nPracovnice OSPOD-u a (ÚP ČR), pak *ZŠ*.\n\nZnovu OSPOD, ÚP ČR a ZŠ."),
    )
    expand_first_use(ast, used_terms(ast, TERMS))
    heading, first, second = ast["blocks"][0]["c"][1]
    assert stringify(heading) == "Úkoly OSPOD"
    # The abbreviation keeps its case in the sentence, the meaning is a gloss; "(ÚP ČR)" is the author's own.
    assert stringify(first) == "Pracovnice OSPOD-u (orgán sociálně-právní ochrany dětí) a (ÚP ČR), pak ZŠ (základní škola)."
    assert stringify(second) == "Znovu OSPOD, ÚP ČR a ZŠ."


def test_expansion_prefers_the_longer_term_and_never_expands_a_meaning() -> None:
    terms = [
        *TERMS,
        Term(abbreviation="ÚP", meaning="Úřad práce"),
        Term(abbreviation="EU", meaning="Evropská unie"),
        Term(abbreviation="GDPR", meaning="obecné nařízení (EU) 2016/679"),
    ]
    ast = body((CHAPTER, "Podle GDPR a ÚP ČR, pak EU a ÚP."))
    expand_first_use(ast, terms)
    assert stringify(ast["blocks"]) == (
        "Podle GDPR (obecné nařízení (EU) 2016/679) a ÚP ČR (Úřad práce České republiky),"
        " pak EU (Evropská unie) a ÚP (Úřad práce)."
    )


def test_expansion_follows_document_order_and_keeps_formatting() -> None:
    ast = body((CHAPTER, "Nejdřív **ZŠ** a pak ZŠ."), (ANNEX, "V příloze ZŠ."))
    expand_first_use(ast, TERMS)
    markdown = ast_to("markdown", ast, ["--wrap=none"]).decode("utf-8")
    assert "Nejdřív **ZŠ (základní škola)** a pak ZŠ." in markdown
    assert "V příloze ZŠ." in markdown


# The section itself


def test_abbreviation_blocks_are_a_table_pandoc_accepts() -> None:
    ast = body((CHAPTER, "OSPOD a ÚP ČR."))
    blocks = abbreviation_blocks(used_terms(ast, TERMS))
    document = {"pandoc-api-version": ast["pandoc-api-version"], "meta": {}, "blocks": blocks}
    markdown = ast_to("markdown", document, ["--columns=200"]).decode("utf-8")
    lines = [line.strip() for line in markdown.splitlines() if line.strip()]
    assert lines[0] == "# Seznam zkratek {#seznam-zkratek .unnumbered}"
    rows = [re.split(r"\s{2,}", line) for line in lines[1:] if not line.startswith("-")]
    assert rows == [
        ["Zkratka", "Význam"],
        ["OSPOD", "orgán sociálně-právní ochrany dětí"],
        ["ÚP ČR", "Úřad práce České republiky"],
    ]


def test_no_terms_no_section() -> None:
    assert abbreviation_blocks([]) == []
