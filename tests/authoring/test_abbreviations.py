"""Abbreviations written out grammatically, listed when used on their own, names in capitals (issue 15, items 4, 5).

The unit tests parse Markdown with the real pandoc, wrapped in the part divs
that ``compose_body`` makes; the build tests read what a user reads: the DOCX
with python-docx, the PDF with pdftotext, and the CLI's lines.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from conftest import ENV, PROJECTS, copy_project, pdf_text, requires_poppler, run_pipeline
from pipeline.ast import stringify
from pipeline.ast.expansion import check_case_marks, expand_first_use, unwrap_case_marks
from pipeline.ast.glossary import unknown_abbreviations, used_terms
from pipeline.errors import Diagnostics
from pipeline.model.glossary import Glossary, Term, check_not_abbreviations
from pipeline.model.validate import validate
from pipeline.pandoc import ast_to, markdown_to_ast
from pipeline.parse import FENCE
from pipeline.sources import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import assert_refused, valid_project  # noqa: E402

CHAPTER = Path("sources/metodika/02-postup.md")

NNO = Term(
    abbreviation="NNO",
    meaning="nestátní nezisková organizace",
    forms={
        2: "nestátní neziskové organizace", 7: "nestátní neziskovou organizací",
        "1mn": "nestátní neziskové organizace", "2mn": "nestátních neziskových organizací",
    },
)
OSPOD = Term(abbreviation="OSPOD", meaning="orgán sociálně-právní ochrany dětí", forms={"2": "orgánu sociálně-právní ochrany dětí"})
TERMS = [
    NNO,
    OSPOD,
    Term(abbreviation="ČR", meaning="Česká republika"),
    Term(abbreviation="ÚP ČR", meaning="Úřad práce České republiky"),
    Term(abbreviation="ČSN", meaning="česká technická norma"),
    Term(abbreviation="ISO", meaning="Mezinárodní organizace pro normalizaci"),
    Term(abbreviation="EU", meaning="Evropská unie"),
    Term(abbreviation="GDPR", meaning="obecné nařízení (EU) 2016/679"),
]


def body(markdown: str) -> dict[str, Any]:
    """Return the AST of one chapter, wrapped as ``compose_body`` wraps it."""
    return markdown_to_ast(f'{FENCE} {{.chapter source="{CHAPTER}"}}\n\n{markdown}\n\n{FENCE}\n')


def written_out(markdown: str, terms: list[Term] = TERMS) -> str:
    """Return the text of ``markdown`` with its first uses written out, as the build does it; blocks split by " | "."""
    ast = body(markdown)
    cases = unwrap_case_marks(ast)
    expand_first_use(ast, used_terms(ast, terms), cases)
    return " | ".join(stringify(block) for block in ast["blocks"][0]["c"][1])


def problems(markdown: str, *, expanding: bool = True) -> tuple[list[str], list[str]]:
    diagnostics = Diagnostics()
    check_case_marks(body(markdown), TERMS, {CHAPTER: markdown}, diagnostics, expanding=expanding)
    return [str(error) for error in diagnostics.errors], [str(warning) for warning in diagnostics.warnings]


# -- 5. Written out grammatically --------------------------------------------------------------------------------


def test_an_unmarked_use_keeps_its_case_and_the_meaning_is_a_gloss() -> None:
    # Not "pracovníci nestátní nezisková organizace (NNO)": the nominative would break the sentence.
    assert written_out("Pracovníci NNO znají místní poměry.") == (
        "Pracovníci NNO (nestátní nezisková organizace) znají místní poměry."
    )
    assert written_out("Pracovnice OSPOD-u přišla.") == "Pracovnice OSPOD-u (orgán sociálně-právní ochrany dětí) přišla."


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Pracovníci [NNO]{pad=2} přišli.", "Pracovníci nestátní neziskové organizace (NNO) přišli."),
        ("Spolupráce s [NNO]{pad=7}.", "Spolupráce s nestátní neziskovou organizací (NNO)."),
        ("Síť [NNO]{pad=2mn} roste.", "Síť nestátních neziskových organizací (NNO) roste."),
        ("Síť [NNO]{pad=\"2 MN\"} roste.", "Síť nestátních neziskových organizací (NNO) roste."),
        # The case ending belongs to the abbreviation, not to the declined meaning.
        ("Pracovnice [OSPOD-u]{pad=2} přišla.", "Pracovnice orgánu sociálně-právní ochrany dětí (OSPOD) přišla."),
        # The nominative singular is the meaning itself.
        ("Tady je [NNO]{pad=1}.", "Tady je nestátní nezisková organizace (NNO)."),
    ],
)
def test_a_marked_case_takes_the_glossarys_form(markdown: str, expected: str) -> None:
    assert written_out(markdown) == expected


def test_a_declined_form_opening_a_sentence_is_capitalised() -> None:
    assert written_out("[NNO]{pad=1mn} pomáhají.") == "Nestátní neziskové organizace (NNO) pomáhají."
    assert written_out("Začátek. [NNO]{pad=1mn} pomáhají.") == "Začátek. Nestátní neziskové organizace (NNO) pomáhají."
    # "např." ends no sentence; a mark inside emphasis at its start is no sentence start either.
    assert written_out("Např. [NNO]{pad=1mn} pomáhají.") == "Např. nestátní neziskové organizace (NNO) pomáhají."
    assert written_out("Ty *[NNO]{pad=1mn}* pomáhají.") == "Ty nestátní neziskové organizace (NNO) pomáhají."


def test_a_case_the_glossary_lacks_falls_back_to_the_gloss_and_is_warned() -> None:
    markdown = "Dopis\n[NNO]{pad=3} odešel."
    assert written_out(markdown) == "Dopis NNO (nestátní nezisková organizace) odešel."
    errors, warnings = problems(markdown)
    assert errors == []
    assert warnings == [
        "sources/metodika/02-postup.md:2:1: varování: zkratka 'NNO' nemá v glosáři tvar pro pád 3"
        " (doplňte u ní v sources/glossary.yaml forms: {3: …}; jinak se při prvním výskytu vypíše"
        " 'NNO (nestátní nezisková organizace)')"
    ]
    assert problems(markdown, expanding=False) == ([], [])


def test_a_wrong_case_or_a_mark_on_another_word_is_an_error() -> None:
    errors, _warnings = problems("Text [NNO]{pad=2} a [NNO]{pad=8} a\n[obec]{pad=2}.")
    assert errors == [
        "sources/metodika/02-postup.md:1:21: chyba: neznámý pád '8' u 'NNO'"
        " (pád je číslo 1 až 7, v množném čísle s příponou mn, např. 2 nebo 7mn)",
        "sources/metodika/02-postup.md:2:1: chyba: 'obec' není zkratka z glosáře, pád (pad=) u ní nemá význam"
        " (pád se vyznačuje jen u zkratky ze sources/glossary.yaml, např. [NNO]{pad=2})",
    ]


def test_inside_parentheses_the_gloss_takes_square_brackets() -> None:
    assert written_out("Dotace (i pro NNO) pomohly.") == "Dotace (i pro NNO [nestátní nezisková organizace]) pomohly."
    assert written_out("Dotace (i pro [NNO]{pad=2mn}) pomohly.") == (
        "Dotace (i pro nestátních neziskových organizací [NNO]) pomohly."
    )


def test_the_authors_own_definition_is_the_first_use() -> None:
    for defined in ("nestátní neziskové organizace (NNO)", "nestátní neziskové organizace (dále jen „NNO“)"):
        markdown = f"Pomáhají {defined}.\n\nPak NNO znovu."
        assert written_out(markdown) == f"Pomáhají {defined}. | Pak NNO znovu."


def test_a_designation_is_not_written_out_but_a_later_use_is() -> None:
    markdown = "Citujeme podle ČSN ISO 690 a nařízení (EU) 2016/679.\n\nNorma ISO platí v EU."
    assert written_out(markdown) == (
        "Citujeme podle ČSN ISO 690 a nařízení (EU) 2016/679."
        " | Norma ISO (Mezinárodní organizace pro normalizaci) platí v EU (Evropská unie)."
    )


def test_headings_tables_and_notes_are_not_written_out() -> None:
    markdown = (
        "# O NNO\n\n| Kdo |\n|---|\n| NNO |\n\nPoznámka.[^1]\n\n[^1]: Viz NNO.\n\nPracovníci [NNO]{pad=2} přišli."
    )
    assert written_out(markdown) == (
        "O NNO | KdoNNO | Poznámka.Viz NNO. | Pracovníci nestátní neziskové organizace (NNO) přišli."
    )


def test_marks_are_unwrapped_when_nothing_is_written_out() -> None:
    ast = body("Pracovníci [NNO]{pad=2} a [OSPOD]{.x pad=7}.")
    unwrap_case_marks(ast)
    markdown = ast_to("markdown", ast, ["--wrap=none"]).decode("utf-8")
    assert "Pracovníci NNO a [OSPOD]{.x}." in markdown
    assert "pad" not in markdown


# -- 5. Listed when used on their own ----------------------------------------------------------------------------


def used(markdown: str, terms: list[Term] = TERMS) -> list[str]:
    return [term.abbreviation for term in used_terms(body(markdown), terms)]


def test_a_word_of_a_longer_term_is_not_a_use_of_its_own() -> None:
    assert used("Kontaktní pracoviště ÚP ČR.") == ["ÚP ČR"]
    assert used("Kontaktní pracoviště ÚP\nČR a obce v ČR.") == ["ČR", "ÚP ČR"]


def test_a_term_named_in_a_used_meaning_is_listed() -> None:
    # The reader meets "(EU)" in the row of GDPR, and "ČR" in a meaning that abbreviates it.
    assert used("Podle GDPR.") == ["EU", "GDPR"]
    own = [*TERMS[:2], Term(abbreviation="ČR", meaning="Česká republika"), Term(abbreviation="ÚP ČR", meaning="Úřad práce ČR")]
    assert used("Kontaktní pracoviště ÚP ČR.", own) == ["ČR", "ÚP ČR"]


# -- 4. A name in capitals is not an abbreviation ----------------------------------------------------------------


def test_names_listed_as_not_abbreviations_are_not_warned() -> None:
    markdown = "Pobočka LIPOVÁ a NOVÉ MĚSTO, ale MDT a NOVÉ."
    diagnostics = Diagnostics()
    unknown_abbreviations(body(markdown), TERMS, {CHAPTER: markdown}, diagnostics, ["LIPOVÁ", "NOVÉ MĚSTO"])
    assert [warning.split("'")[1] for warning in map(str, diagnostics.warnings)] == ["MDT", "NOVÉ"]


def _glossary(tmp_path: Path, text: str) -> tuple[Glossary | None, Diagnostics]:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    source = load_yaml(path, diagnostics)
    assert source is not None
    glossary = validate(Glossary, source, diagnostics)
    if glossary:
        check_not_abbreviations(glossary, source, diagnostics)
    return glossary, diagnostics


def test_glossary_not_abbreviations_are_checked(tmp_path: Path) -> None:
    glossary, diagnostics = _glossary(tmp_path, (
        "terms:\n  - abbreviation: NNO\n    meaning: nestátní nezisková organizace\n"
        "not_abbreviations:\n  - LIPOVÁ\n  - NNO\n  - Lipová\n  - LIPOVÁ\n"
    ))
    assert glossary is not None
    lines = [line.split(": ", 1)[1] for line in map(str, diagnostics.items)]
    assert lines == [
        "chyba: 'NNO' je v glosáři zkratkou i v seznamu not_abbreviations"
        " (ponechte ji jen na jednom místě: zkratku v terms, jméno v not_abbreviations)",
        "varování: 'Lipová' není psáno velkými písmeny, jako zkratka se nehlásí"
        " (položku smažte, nebo ji napište tak, jak stojí v textu)",
        "varování: 'LIPOVÁ' je v seznamu not_abbreviations dvakrát (poprvé na řádku 5; jednu položku smažte)",
    ]
    assert [str(item).split(":")[1] for item in diagnostics.items] == ["6", "7", "8"]


@pytest.mark.parametrize(
    ("forms", "message"),
    [
        ("9: tvar", "neznámý pád '9' (pád je číslo 1 až 7, v množném čísle s příponou mn, např. 2 nebo 7mn)"),
        ("1: nestátní nezisková organizace", "1. pád jednotného čísla je samo znění zkratky (meaning)"),
        ("2: ' '", "tvar pro pád 2 je prázdný"),
    ],
)
def test_glossary_forms_are_validated(tmp_path: Path, forms: str, message: str) -> None:
    glossary, diagnostics = _glossary(
        tmp_path, f"terms:\n  - abbreviation: NNO\n    meaning: nestátní nezisková organizace\n    forms:\n      {forms}\n"
    )
    assert glossary is None
    assert len(diagnostics.errors) == 1 and message in str(diagnostics.errors[0])
    assert str(diagnostics.errors[0]).startswith(f"{tmp_path / 'glossary.yaml'}:")


# -- The build: what the reader gets ------------------------------------------------------------------------------

GLOSSARY = """\
terms:
  - abbreviation: OSPOD
    meaning: orgán sociálně-právní ochrany dětí
  - abbreviation: NNO
    meaning: nestátní nezisková organizace
    forms:
      2mn: nestátních neziskových organizací
      7: nestátní neziskovou organizací
  - abbreviation: ČR
    meaning: Česká republika
  - abbreviation: ÚP ČR
    meaning: Úřad práce České republiky
not_abbreviations:
  - LIPOVÁ
"""
ADDED = """
Pracovníci [NNO]{pad=2mn} znají místní poměry.
Pobočka LIPOVÁ spolupracuje s ÚP ČR a s NNO.
"""


def _normal(text: str) -> str:
    """Return ``text`` with hyphenation undone and every run of spaces (no-break ones too) one space."""
    text = re.sub(r"\u00ad\s*|\u2060", "", text)
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return the valid project built with ``expand_abbreviations`` and the CLI's output."""
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("abbreviations") / "project")
    (project / "sources/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    chapter = project / "sources/metodika/02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    document = project / "sources/metodika/document.yaml"
    document.write_text(document.read_text(encoding="utf-8") + "expand_abbreviations: true\n", encoding="utf-8")
    run = run_pipeline(project, "build", "sources/metodika", env=ENV)
    assert run.exit_code == 0, run.stderr
    return project / "output/metodika/metodika", run.stderr + run.stdout


EXPECTED = [
    # 01-uvod.md: "vedoucím odborů OSPOD." – no case marked, the gloss
    "vedoucím odborů OSPOD (orgán sociálně-právní ochrany dětí).",
    "Pracovníci nestátních neziskových organizací (NNO) znají místní poměry.",
    "Pobočka LIPOVÁ spolupracuje s ÚP ČR (Úřad práce České republiky) a s NNO.",
]


def test_docx_reads_grammatically(built: tuple[Path, str]) -> None:
    output, _shown = built
    document = Document(str(output.with_suffix(".docx")))
    text = _normal("\n".join(paragraph.text for paragraph in document.paragraphs))
    for sentence in EXPECTED:
        assert sentence in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    # ČR only inside "ÚP ČR" is not listed; LIPOVÁ is a name.
    assert rows == [
        ["Zkratka", "Význam"], ["NNO", "nestátní nezisková organizace"],
        ["OSPOD", "orgán sociálně-právní ochrany dětí"], ["ÚP ČR", "Úřad práce České republiky"],
    ]


@requires_poppler
def test_pdf_reads_grammatically(built: tuple[Path, str]) -> None:
    output, _shown = built
    text = _normal(pdf_text(output.with_suffix(".pdf")))
    for sentence in EXPECTED:
        assert sentence in text
    assert "pad=" not in text


def test_a_name_in_capitals_is_not_warned_about(built: tuple[Path, str]) -> None:
    _output, shown = built
    assert "LIPOVÁ" not in shown
    assert "není v glosáři" not in shown


def test_a_build_with_an_unknown_case_is_refused(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "project")
    chapter = project / "sources/metodika/02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSpolupráce s [OSPOD]{pad=10}.\n", encoding="utf-8")
    lines = assert_refused(project, "build", "sources/metodika")
    assert "sources/metodika/02-postup.md:17:14: chyba: neznámý pád '10' u 'OSPOD'" in "\n".join(lines)
