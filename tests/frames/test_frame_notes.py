"""Issue 15: a frame's tag typo, and whatever of a frame the PDF cannot carry, are named at their paragraph.

Also: every kind's PDF cover carries the texts of its Word cover.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import ENV, run_pipeline
from frame_edit import (
    FRAME,
    alt_texts,
    paragraph_texts_before_contents,
    pdf_pages_text,
    project_with_templates,
)

EU_EMBLEM_ALT = "Vlajka Evropské unie: dvanáct zlatých hvězd v kruhu na modrém poli"


def edit_frame(project: Path, change) -> Path:
    """Change the project's methodology frame with python-docx; return the frame's path."""
    frame = project / FRAME
    document = Document(str(frame))
    change(document)
    document.save(str(frame))
    return frame


def number_of(document, text: str) -> int:
    """Return the number (from 1) of the frame's body paragraph whose text contains ``text``."""
    return next(n for n, p in enumerate(document.paragraphs, start=1) if text in p.text)


def test_a_frame_tag_typo_is_a_czech_error_at_its_paragraph_with_a_suggestion(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")

    def typo(document) -> None:
        paragraph = document.paragraphs[number_of(document, "Verze {{ dokument.verze }}") - 1]
        for run in paragraph.runs:
            run.text = run.text.replace("dokument.verze", "dokument.verse")

    frame = edit_frame(project, typo)
    line = number_of(Document(str(frame)), "dokument.verse")
    for command in (("check",), ("build",)):
        result = run_pipeline(project, *command, env=ENV)
        assert result.exit_code == 1
        assert (
            f"templates/methodology/frame.docx:{line}:1: chyba: značka rámce používá neznámou položku 'verse' "
            "v těle rámce, v odstavci „Verze {{ dokument.verse }}“ (možná jste mysleli 'dokument.verze')"
        ) in result.stderr.splitlines()
        assert "dict object" not in result.stderr
    assert not (project / "output").exists()


def test_what_the_pdf_cannot_carry_is_a_located_warning_and_its_text_is_kept(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")

    def add_table_and_date_field(document) -> None:
        title = document.paragraphs[number_of(document, "{{ dokument.nazev }}") - 1]
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Schváleno:", "radou obce"
        title._p.addnext(table._tbl)
        footer = document.sections[0].footer.add_paragraph()
        footer._p.append(parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" DATE \\@ &quot;d. M. yyyy&quot; "><w:r><w:t>1. 1. 2026</w:t></w:r></w:fldSimple>'
        ))

    frame = edit_frame(project, add_table_and_date_field)
    table_line = number_of(Document(str(frame)), "{{ dokument.nazev }}") + 1
    result = run_pipeline(project, "build", "--no-page-numbers", env=ENV)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"templates/methodology/frame.docx:{table_line}:1: varování: tabulka na obálce, v odstavci {table_line} "
        "„Schváleno:“ se do PDF přenese jen jako odstavce pod sebou (na obálce místo tabulky použijte odstavce)"
    ) in lines
    assert (
        "templates/methodology/frame.docx:2:1: varování: pole DATE v zápatí, v odstavci 2 „1. 1. 2026“ se do PDF "
        "přenese jen jako jeho zobrazený text (do PDF se přenášejí jen pole PAGE (číslo stránky) a NUMPAGES (počet "
        "stránek))"
    ) in lines
    pdf = project / "output" / "metodika" / "metodika.pdf"
    cover = pdf_pages_text(pdf, 1, 1)
    assert "Schváleno:" in cover and "radou obce" in cover
    assert "1. 1. 2026" in pdf_pages_text(pdf, 3, 3)


def test_a_text_box_on_the_cover_is_a_located_warning(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")

    def add_text_box(document) -> None:
        title = document.paragraphs[number_of(document, "{{ dokument.nazev }}") - 1]
        title._p.addnext(parse_xml(
            f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>Razítko:</w:t></w:r><w:r><w:pict><v:rect style="width:90pt;height:30pt">'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>Schváleno radou</w:t></w:r></w:p></w:txbxContent></v:textbox>"
            "</v:rect></w:pict></w:r></w:p>"
        ))

    frame = edit_frame(project, add_text_box)
    line = number_of(Document(str(frame)), "Razítko:")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    place = f"na obálce, v odstavci {line} „Razítko:Schváleno radou“"
    assert [message for message in result.stderr.splitlines() if "frame.docx" in message] == [
        f"templates/methodology/frame.docx:{line}:1: varování: textové pole {place} se do PDF nepřenese "
        "(text pište do odstavců rámce)",
        f"templates/methodology/frame.docx:{line}:1: varování: tvar nebo obrázek ve starém formátu (VML) {place} "
        "se do PDF nepřenese (vložte obrázek znovu přes Vložení → Obrázky)",
    ]


def test_a_cover_picture_without_alt_text_is_an_error(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")

    def drop_alt_text(document) -> None:
        for properties in document.element.body.xpath(".//wp:docPr"):
            properties.set("descr", "")

    frame = edit_frame(project, drop_alt_text)
    document = Document(str(frame))
    line = next(n for n, p in enumerate(document.paragraphs, start=1) if p._p.xpath(".//w:drawing"))
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 1
    assert (
        f"templates/methodology/frame.docx:{line}:1: chyba: obrázek na obálce, v odstavci {line} „“ nemá alternativní "
        "text (ve Wordu klikněte na obrázek pravým tlačítkem, zvolte Zobrazit alternativní text a popište jej)"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(("case", "publicity"), [("report", True), ("standards", False), ("minimum-standard", True)])
def test_every_kinds_pdf_cover_carries_its_word_cover(tmp_path: Path, case: str, publicity: bool) -> None:
    project = project_with_templates(tmp_path / "project", case)
    result = run_pipeline(project, "build", "--no-page-numbers", env=ENV)
    assert result.exit_code == 0, result.stderr
    pdfs = sorted((project / "output").glob("*/*.pdf"))
    assert pdfs
    for pdf in pdfs:
        cover = paragraph_texts_before_contents(Document(str(pdf.with_suffix(".docx"))))
        contents_page = next(page for page in range(1, 6) if "Obsah" in pdf_pages_text(pdf, page, page).split())
        shown = pdf_pages_text(pdf, 1, contents_page - 1)
        assert cover and [text for text in cover if text not in shown] == [], pdf.name
        # The EU publicity block's emblem keeps its alt text (PDF/UA) where the kind has one.
        assert (EU_EMBLEM_ALT in alt_texts(pdf)) is publicity, pdf.name


def test_a_character_no_pdf_font_has_in_the_frames_words_is_an_error_at_its_paragraph(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")

    def add_emoji(document) -> None:
        paragraph = document.paragraphs[number_of(document, "Verze {{ dokument.verze }}") - 1]
        paragraph.add_run(" \U0001f600")

    frame = edit_frame(project, add_emoji)
    line = number_of(Document(str(frame)), "Verze {{ dokument.verze }}")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 1
    assert (
        f"templates/methodology/frame.docx:{line}:1: chyba: znak '\U0001f600' (U+1F600) na obálce, v odstavci {line} "
        "„Verze {{ dokument.verze }} \U0001f600“ nelze v PDF zobrazit: nemá jej žádné z písem dokumentu (nahraďte jej "
        "slovy nebo obrázkem s alternativním textem; přístupné PDF nesmí obsahovat text bez písma)"
    ) in result.stderr.splitlines()
    assert "Typst" not in result.stderr
