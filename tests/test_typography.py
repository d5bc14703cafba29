"""Czech typography: Markdown parsed by real pandoc, transformed, and written back as Markdown.

Each case compares what pandoc writes after the transform, so code, raw output,
link targets and attributes are visible too. In the expected text ``~`` stands
for a non-breaking space (pandoc would write a literal ``~`` as ``\\~``); other
runs of whitespace are collapsed, and empty lines and table rulers are left out.
"""

from __future__ import annotations

import copy
import re

import pytest
from docx import Document

from pipeline.ast import iter_nodes
from pipeline.ast.typography import NBSP, apply_typography, typeset_pieces
from pipeline.render.frame_typography import typeset_frame
from pipeline.pandoc import ast_to, markdown_to_ast

TABLE_RULER = re.compile(r"[-:|+= ]*-[-:|+= ]*")

CASES = [
    # One-letter prepositions and conjunctions.
    ("Služba v obci.", "Služba v~obci."),
    ("K tomu a s nimi z domova.", "K~tomu a~s~nimi z~domova."),
    ("I když u nás o tom víme.", "I~když u~nás o~tom víme."),
    ("Je to (v zásadě) pravda.", "Je to (v~zásadě) pravda."),
    ("Věta začíná „v obci“ a končí.", "Věta začíná „v~obci“ a~končí."),
    ("Pomoc v *obci*.", "Pomoc v~*obci*."),
    ("Jsme *v* obci.", "Jsme *v*~obci."),
    ("Práce **s** rodinou.", "Práce **s**~rodinou."),
    ("Dům [v]{.misto} obci.", "Dům [v]{.misto}~obci."),
    ("Řádek končí o\nvýsledku.", "Řádek končí o~výsledku."),
    ("Na konci je a", "Na konci je a"),
    ("Dva řádky v\\\nobci.", "Dva řádky v\\\nobci."),
    ("Ve městě se to ví.", "Ve městě se to ví."),
    ("Body a, b a c.", "Body a, b a~c."),
    ("Formát A4 je běžný.", "Formát A4 je běžný."),
    ("Služba [v obci](https://www.mpsv.cz/a).", "Služba [v~obci](https://www.mpsv.cz/a)."),
    # Numbers with units and signs.
    ("Sleva 50 % platí.", "Sleva 50~% platí."),
    ("Sleva (50 %) platí.", "Sleva (50~%) platí."),
    ("Vzdálenost 10 km je dost.", "Vzdálenost 10~km je dost."),
    ("Venku bylo 25 °C.", "Venku bylo 25~°C."),
    ("Cena 1 000 Kč.", "Cena 1~000~Kč."),
    ("Částka 1 234 567,89 Kč.", "Částka 1~234~567,89~Kč."),
    ("Provoz od 8–16 h.", "Provoz od 8–16~h."),
    ("v roce 2024 se změnilo", "v~roce 2024 se změnilo"),
    # Abbreviations before a number.
    ("Podle § 92 zákona.", "Podle §~92 zákona."),
    ("zákon č. 108/2006 Sb., o sociálních službách", "zákon č.~108/2006~Sb., o~sociálních službách"),
    ("Viz odst. 1 písm. a) zákona.", "Viz odst.~1 písm.~a) zákona."),
    ("Viz s. 53 a str. 12.", "Viz s.~53 a~str.~12."),
    ("Viz tab. 3, obr. 2 a čl. 5.", "Viz tab.~3, obr.~2 a~čl.~5."),
    ("Podle čl. IV Listiny.", "Podle čl.~IV Listiny."),
    # Dates.
    ("Dne 1. 2. 2024 jsme začali.", "Dne 1.~2.~2024 jsme začali."),
    ("Dne 15. října 2026 v Praze.", "Dne 15.~října 2026 v~Praze."),
    ("Bylo jich 15. Pak odešli.", "Bylo jich 15. Pak odešli."),
    # Academic titles.
    ("Vede ji Mgr. Jana Nováková.", "Vede ji Mgr.~Jana Nováková."),
    ("Přednáší prof. MUDr. Jan Novák.", "Přednáší prof.~MUDr.~Jan Novák."),
    ("Bc. Petr, Ing. Eva, PhDr. Ivo, JUDr. Ema, doc. Ida", "Bc.~Petr, Ing.~Eva, PhDr.~Ivo, JUDr.~Ema, doc.~Ida"),
    ("Jana Nováková, Ph.D., vede tým.", "Jana Nováková, Ph.D., vede tým."),
    # Digit groups.
    ("Obec má 12 500 obyvatel.", "Obec má 12~500~obyvatel."),
    ("Rozpočet 1 000 000 korun.", "Rozpočet 1~000~000~korun."),
    ("Čísla 1234 567 a 12 50 zůstanou.", "Čísla 1234 567 a~12 50~zůstanou."),
    # A number and the word it counts (IJP: číslovka a počítaný předmět).
    ("Lhůta je 30 dní.", "Lhůta je 30~dní."),
    ("Rodina má 4 byty a 2 děti.", "Rodina má 4~byty a~2~děti."),
    ("Je jí 38 let.", "Je jí 38~let."),
    ("Trvá 1,5 hodiny.", "Trvá 1,5~hodiny."),
    ("Do 30 kalendářních dnů.", "Do 30~kalendářních dnů."),
    ("Celkem (12 osob) přišlo.", "Celkem (12~osob) přišlo."),
    ("V roce 2024 se to změnilo.", "V~roce 2024 se to změnilo."),
    ("V roce 2024 proběhlo šetření.", "V~roce 2024 proběhlo šetření."),
    ("Od 8 do 16 hodin.", "Od 8 do 16~hodin."),
    ("Platí body 12 a 13 zákona.", "Platí body~12 a~13~zákona."),
    ("Podle § 92 zákona.", "Podle §~92 zákona."),
    ("Viz s. 53 textu.", "Viz s.~53 textu."),
    ("Verze 2 Beta.", "Verze 2 Beta."),
    # The word naming a reference's target and its number.
    ("Viz v kapitole 4.1 a v tabulce 2.", "Viz v~kapitole~4.1 a~v~tabulce~2."),
    ("Podrobně kapitola 4.6.1, tabulky 3 a 4.", "Podrobně kapitola~4.6.1, tabulky~3 a~4."),
    ("Vzor je v příloze A, viz obrázek 2.", "Vzor je v~příloze~A, viz obrázek~2."),
    ("Tabulka 1: Lhůty", "Tabulka~1: Lhůty"),
    ("V tabulce je vidět více.", "V~tabulce je vidět více."),
    ("V příloze Anna podepíše.", "V~příloze Anna podepíše."),
    ("Lhůty shrnuje [tabulka 3]{.xref}.", "Lhůty shrnuje [tabulka~3]{.xref}."),
    # Dashes.
    ("Text – text.", "Text~– text."),
    ("Slovo --- slovo.", "Slovo~— slovo."),
    ("Rozsah 10--20 stran.", "Rozsah 10–20 stran."),
    # Quotation marks.
    ('"Dobrý den," řekla.', "„Dobrý den,“ řekla."),
    ("\"Řekl 'ano' a odešel.\"", "„Řekl ‚ano‘ a~odešel.“"),
    ('"v obci"', "„v~obci“"),
    ('Monitor 24\\" stačí.', 'Monitor 24" stačí.'),
    # Wherever they stand: in a link's text, a citation's prefix and suffix, a caption, a footnote.
    ('Viz [*"návod"* v obci](https://example.cz).', "Viz [*„návod“* v~obci](https://example.cz)."),
    ('Odkaz ["a"](a) i ["v a"](https://a.cz).', "Odkaz [„a“](a) i~[„v~a“](https://a.cz)."),
    ('Text [viz "kap." @novak2020, s. "5"].', "Text [viz „kap.“ @novak2020, s. „5“]."),
    ('![Mapa "v obci"](mapa.png)', "![Mapa „v~obci“](mapa.png)"),
    ('Text.[^1]\n\n[^1]: Podle "zákona v obci" a [viz "x" @a].', "Text.[^1]\n[^1]: Podle „zákona v~obci“ a~[viz „x“ @a]."),
    # Left untouched: code, raw output, math, URLs, link targets, attributes.
    ("Kód `v a` a `s b`.", "Kód `v a` a~`s b`."),
    ("```python\nv obci \"a\"\n```", "``` python\nv obci \"a\"\n```"),
    ("Surově `v a`{=typst} v obci.", "Surově `v a`{=typst} v~obci."),
    ("```{=typst}\nv obci \"a\"\n```", "```{=typst}\nv obci \"a\"\n```"),
    ("Vzorec $v a$ i $s b$.", "Vzorec $v a$ i~$s b$."),
    ("Adresa <https://www.mpsv.cz/a> a <info@mpsv.cz>.", "Adresa <https://www.mpsv.cz/a> a~<info@mpsv.cz>."),
    ("Viz <https://www.mpsv.cz/a b>.", "Viz \\<https://www.mpsv.cz/a b\\>."),
    ('[odkaz](https://example.cz/v%20a "v a")', '[odkaz](https://example.cz/v%20a "v a")'),
    ('[v obci]{title="v a"}', '[v~obci]{title="v a"}'),
    # Every kind of text: headings, footnotes, lists, tables, captions, quotes.
    ("# Služby v obci", "# Služby v~obci"),
    ("Text.[^1]\n\n[^1]: Podle § 92 a s. 5.", "Text.[^1]\n[^1]: Podle §~92 a~s.~5."),
    ("- v obci\n- a k tomu", "- v~obci\n- a~k~tomu"),
    ("| Kde | Sleva |\n|---|---|\n| v obci | 50 % |\n", "Kde Sleva\nv~obci 50~%"),
    ("![Mapa v obci](mapa.png)", "![Mapa v~obci](mapa.png)"),
    ("> Citát o lidech.", "> Citát o~lidech."),
    ("| v obci\n| a k tomu", "| v~obci\n| a~k~tomu"),
    ("Pojem v obci\n\n:   a k tomu", "Pojem v~obci\n: a~k~tomu"),
]


def typeset(markdown: str) -> str:
    """Return the Markdown pandoc writes after the transform, as described in the module docstring."""
    ast = markdown_to_ast(markdown)
    apply_typography(ast)
    written = ast_to("markdown-smart", ast, ["--wrap=none"]).decode("utf-8").replace(NBSP, "~")
    lines = (" ".join(line.split()) for line in written.splitlines())
    return "\n".join(line for line in lines if line and not TABLE_RULER.fullmatch(line))


@pytest.mark.parametrize(("markdown", "expected"), CASES, ids=[markdown for markdown, _ in CASES])
def test_czech_typography(markdown: str, expected: str) -> None:
    assert typeset(markdown) == expected


def test_non_breaking_space_is_a_str_node() -> None:
    """The breakable Space is replaced by ``Str "\\u00a0"``, so writers need no special support."""
    ast = markdown_to_ast("Pomoc v *obci*.")
    apply_typography(ast)
    v, space, emph = ast["blocks"][0]["c"][2:5]
    assert (v, space, emph["t"]) == ({"t": "Str", "c": "v"}, {"t": "Str", "c": NBSP}, "Emph")


def test_applying_twice_changes_nothing() -> None:
    ast = markdown_to_ast('"Dne 1. 2. 2024 v obci," řekla Mgr. Jana Nováková o 12 500 Kč.')
    apply_typography(ast)
    once = copy.deepcopy(ast)
    apply_typography(ast)
    assert ast == once


def test_no_quoted_nodes_remain() -> None:
    ast = markdown_to_ast("\"Řekl 'ano'.\"[^1]\n\n[^1]: \"Poznámka\" v tabulce.")
    apply_typography(ast)
    assert not [node for node in iter_nodes(ast["blocks"]) if node["t"] == "Quoted"]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (["Publikace vznikla v", " rámci projektu"], ["Publikace vznikla v", "\u00a0rámci projektu"]),
        (["Vydal: ", "Obec", " v ", "Lhotě"], ["Vydal: ", "Obec", " v\u00a0", "Lhotě"]),
        (["Lhůta ", "30", " dní a", " ", "k", " tomu"], ["Lhůta ", "30", "\u00a0dní a", "\u00a0", "k", "\u00a0tomu"]),
        (["Bez  změny", ""], ["Bez  změny", ""]),
    ],
)
def test_pieces_are_typeset_as_one_text(pieces: list[str], expected: list[str]) -> None:
    """A Word paragraph's runs: words are read across them, each space stays in its run."""
    assert typeset_pieces(pieces) == expected


def test_frame_words_are_typeset_in_body_header_and_tables() -> None:
    """The frame's own words ("v rámci"), split over runs, in the body, a table and the header."""
    document = Document()
    paragraph = document.add_paragraph("Publikace vznikla v")
    paragraph.add_run(" rámci projektu, který je spolufinancován")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Vydal úřad v Lhotě"
    document.sections[0].header.paragraphs[0].text = "Metodika o obci"
    typeset_frame(document)
    assert [run.text for run in document.paragraphs[-1].runs] == [
        "Publikace vznikla v", "\u00a0rámci projektu, který je spolufinancován"
    ]
    assert document.tables[0].cell(0, 0).text == "Vydal úřad v\u00a0Lhotě"
    assert document.sections[0].header.paragraphs[0].text == "Metodika o\u00a0obci"
