"""The DOCX as a user opens it: text, cover, publicity, contents, styles, footnotes, images, properties."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn


@pytest.fixture(scope="module")
def docx_path(built_valid: Path) -> Path:
    return built_valid / "output" / "metodika" / "metodika.docx"


@pytest.fixture(scope="module")
def document(docx_path: Path):
    return Document(str(docx_path))


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_cover_and_publicity_block_come_first(document) -> None:
    raw = [t for t in paragraphs(document) if t.strip()]
    assert "Horní Lhota, 1.\u00a0března 2026" in raw  # the cover is typeset like the body
    texts = [t.replace("\u00a0", " ") for t in raw]
    assert texts[0] == "Obec Horní Lhota"
    assert texts[1] == "Zkušební metodika"
    assert "Pro testy sestavení" in texts
    assert "Verze 0.9" in texts
    assert "Horní Lhota, 1. března 2026" in texts
    assert "Spolufinancováno Evropskou unií" in texts
    assert "Projekt Sociální práce v Horní Lhotě" in texts
    assert "Registrační číslo projektu CZ.03.02.02/00/22_004/0001320" in texts
    assert texts.index("Spolufinancováno Evropskou unií") < texts.index("Obsah") < texts.index("Úvod")


def test_no_template_tags_are_left(document) -> None:
    body = "\n".join(paragraphs(document))
    assert "{{" not in body and "{%" not in body


def test_chapters_and_annex_in_order_with_heading_styles(document) -> None:
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Seznam zkratek"),
        ("Heading 1", "Předmluva"),
        ("Heading 1", "Úvod"),
        ("Heading 2", "Komu je určena"),
        ("Heading 1", "Postup"),
        ("Heading 1", "Seznam literatury a\u00a0zdrojů"),
        ("Heading 1", "Seznam tabulek"),
        ("Heading 1", "Seznam obrázků"),
        ("Heading 1", "Příloha\u00a0A: Formulář záznamu"),
    ]


def test_jinja_variables_are_filled(document) -> None:
    body = "\n".join(paragraphs(document))
    # with the non-breaking spaces of Czech typography after one-letter words
    assert "Metodika vznikla v\u00a0projektu Sociální práce v\u00a0Horní Lhotě." in body
    assert "Vydává ji Obec Horní Lhota." in body


def test_contents_are_filled_and_link_to_headings(document) -> None:
    toc = [p for p in document.paragraphs if p.style.style_id in {"TOC1", "TOC2", "TOC3"}]
    # Page numbers follow a tab where LibreOffice laid the document out (tests/test_libreoffice.py).
    assert [p.text.split("\t")[0] for p in toc] == [
        "Seznam zkratek", "Předmluva", "1 Úvod", "1.1 Komu je určena", "2 Postup",
        "Seznam literatury a\u00a0zdrojů", "Seznam tabulek", "Seznam obrázků", "Příloha\u00a0A: Formulář záznamu"
    ]
    anchors = [p._p.find(qn("w:hyperlink")).get(qn("w:anchor")) for p in toc]
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert set(anchors) <= bookmarks
    instructions = [i.text for i in document.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in instructions)


def test_footnote_survives(docx_path: Path) -> None:
    with zipfile.ZipFile(docx_path) as package:
        footnotes = package.read("word/footnotes.xml").decode("utf-8")
    assert "Zákon č.\u00a0108/2006\u00a0Sb., o\u00a0sociálních službách." in footnotes


def test_table_and_list_survive(document) -> None:
    table = document.tables[1]  # tables[0] is the list of abbreviations
    assert [cell.text for cell in table.rows[0].cells] == ["Krok", "Lhůta"]
    assert [cell.text for cell in table.rows[2].cells] == ["Šetření", "14\u00a0dnů"]
    body = paragraphs(document)
    assert "sociálním pracovníkům," in body and "Sociální šetření." in body


def test_images_have_alt_text_and_unique_ids(document) -> None:
    drawings = list(document.element.body.iter(qn("wp:docPr")))
    descriptions = [d.get("descr") for d in drawings]
    assert "Vlajka Evropské unie: dvanáct zlatých hvězd v kruhu na modrém poli" in descriptions
    assert "Modrý obdélník zastupující schéma postupu" in descriptions
    ids = [d.get("id") for d in drawings]
    assert len(ids) == len(set(ids))
    assert len(document.inline_shapes) == 2


def test_link_is_a_hyperlink(document) -> None:
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert "https://www.mpsv.cz/" in targets


def test_headers_footers_and_cover_without_them(document) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "Zkušební metodika" in section.header.paragraphs[0].text
    assert all(not p.text.strip() for p in section.first_page_header.paragraphs)
    footer_fields = [i.text.strip() for i in section.footer._element.iter(qn("w:instrText"))]
    assert "PAGE" in footer_fields
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_language_and_properties(document, docx_path: Path) -> None:
    properties = document.core_properties
    assert properties.title == "Zkušební metodika"
    assert properties.author == "Mgr. Jana Nováková"
    assert properties.subject == "Testovací dokument"
    assert properties.keywords == "test, metodika"
    assert properties.language == "cs-CZ"
    assert properties.created.year == 2026 and properties.created.month == 1
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "cs-CZ"


def test_imprint_page_follows_the_cover(document) -> None:
    imprint = [p.text.replace("\u00a0", " ") for p in document.paragraphs if p.style.name == "Imprint" and p.text.strip()]
    assert imprint == [
        "Zkušební metodika",
        "Autoři: Mgr. Jana Nováková",
        "Recenzenti: doc. PhDr. Marie Veselá, Ph.D., Mgr. Petr Král",
        "Redakce: Mgr. Eva Malá",
        "Vydal: Obec Horní Lhota, Náměstí 1, 549 01 Horní Lhota",
        "Horní Lhota 2026",
        "1. vydání",
        "ISBN 978-80-7421-123-2",
        "Licence: CC BY 4.0",
        (
            "Publikace vznikla v rámci projektu Sociální práce v Horní Lhotě (registrační číslo"
            " CZ.03.02.02/00/22_004/0001320), který je spolufinancován Evropskou unií."
            " Program: Operační program Zaměstnanost plus."
        ),
    ]
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts.index("Registrační číslo projektu CZ.03.02.02/00/22_004/0001320") < texts.index("Autoři: Mgr.\u00a0Jana Nováková") < texts.index("Obsah")


def test_lists_of_tables_and_figures_are_filled_fields(document) -> None:
    entries = [(p.text, p._p.find(qn("w:hyperlink")).get(qn("w:anchor")))
               for p in document.paragraphs if p.style.name == "table of figures"]
    assert [text.split("\t")[0] for text, _anchor in entries] == ["Tabulka\u00a01: Lhůty postupu", "Obrázek\u00a01: Schéma postupu"]
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert {anchor for _text, anchor in entries} <= bookmarks
    instructions = [i.text.strip() for i in document.element.body.iter(qn("w:instrText"))]
    assert 'TOC \\h \\z \\c "Tabulka"' in instructions and 'TOC \\h \\z \\c "Obrázek"' in instructions


def test_front_matter_is_unnumbered_and_first(document) -> None:
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings[:2]] == ["Seznam zkratek", "Předmluva"]
    num_id = headings[1]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    assert num_id is not None and num_id.get(qn("w:val")) == "0"
    body = "\n".join(paragraphs(document))
    assert "s\u00a0„novým“ přístupem" in body  # Czech quotes from straight ones


def test_table_header_row_repeats_on_every_page(document) -> None:
    first_row = document.tables[0].rows[0]._tr
    header = first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None and header.get(qn("w:val"), "on") in {"on", "1", "true"}


def test_abbreviations_and_bibliography(document) -> None:
    abbreviations = document.tables[0]
    assert [[c.text for c in row.cells] for row in abbreviations.rows] == [
        ["Zkratka", "Význam"], ["OSPOD", "orgán sociálně-právní ochrany dětí"]
    ]
    body = [p.text for p in document.paragraphs]
    # ČSN ISO 690: surname in capitals, title in italics, place: publisher, year
    entry = next(p for p in document.paragraphs if p.text.startswith("NOVÁK, Jan."))
    assert entry.text == "NOVÁK, Jan. Sociální práce v\u00a0obci. Horní Lhota: Nakladatelství Horní Lhota, 2020."
    assert any(run.italic and run.text.startswith("Sociální práce") for run in entry.runs)
    assert any("Přijetí podnětu (NOVÁK, 2020, s.\u00a012)." == text for text in body)


def _span(classes: list[str], values: list[list[str]], text: str) -> dict:
    return {"t": "Span", "c": [["", classes, values], [{"t": "Str", "c": text}]]}


def test_a_reference_above_its_table_and_the_list_name_the_captions_bookmark() -> None:
    """Captions' bookmarks are named first, whatever stands before them; every field names the same one."""
    from pipeline.ast import iter_nodes
    from pipeline.render.docx_fields import FieldWriter

    caption = _span(["caption-label"], [["seq", "Tabulka"], ["number", "1"], ["label", "tab:lhuty"]], "Tabulka 1")
    heading = {"t": "Header", "c": [1, ["kap:uvod", [], [["number", "1"]]], [{"t": "Str", "c": "Úvod"}]]}
    reference = _span(["xref"], [["target", "tab:lhuty"], ["kind", "table"], ["number", "1"]], "tabulka 1")
    table = {"t": "Table", "c": [["tab:lhuty", [], []], [None, [{"t": "Plain", "c": [caption]}]], []]}
    listing = {"t": "Div", "c": [["", ["list-of", "tables"], []], []]}
    blocks = [heading, listing, {"t": "Para", "c": [reference]}, table]
    fields = FieldWriter()
    for node in iter_nodes(blocks):
        fields.visit(node)
    fields.finish()

    assert re.findall(r'w:name="(_Ref\d+)"', heading["c"][2][0]["c"][1]) == ["_Ref00000002"]
    assert re.findall(r"REF (_Ref\d+)", reference["c"][1]) == ["_Ref00000001"]
    assert re.findall(r'w:name="(_Ref\d+)"', caption["c"][1]) == ["_Ref00000001"]
    assert re.findall(r'w:anchor="(_Ref\d+)"', listing["c"][1][0]["c"][1]) == ["_Ref00000001"]
    assert "Tabulka 1" in listing["c"][1][0]["c"][1]
