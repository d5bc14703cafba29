"""Numbered headings, captions and cross-references agree in DOCX (as Word fields) and PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import pdf_text, requires_poppler

SENTENCE = "Lhůty shrnuje tabulka 1, postup ukazuje obrázek 1 a formulář je v příloze A; cílové skupiny uvádí kapitola 1.1."


@pytest.fixture(scope="module")
def docx_path(built_valid: Path) -> Path:
    return built_valid / "output" / "metodika" / "metodika.docx"


def fields(document) -> list[tuple[str, str]]:
    """Return (instruction, shown text) of every simple field of the body."""
    return [
        (f.get(qn("w:instr")).strip(), "".join(t.text for t in f.iter(qn("w:t"))))
        for f in document.element.body.iter(qn("w:fldSimple"))
    ]


def test_captions_are_seq_fields_showing_their_number(docx_path: Path) -> None:
    document = Document(str(docx_path))
    seq = [(instr, shown) for instr, shown in fields(document) if instr.startswith("SEQ")]
    assert seq == [("SEQ Tabulka \\* ARABIC", "1"), ("SEQ Obrázek \\* ARABIC", "1")]
    captions = {p.style.name: p.text for p in document.paragraphs if "Caption" in p.style.name and p.text}
    # python-docx leaves field results out of .text: the word and the title are around the field.
    assert captions == {"Table Caption": "Tabulka : Lhůty postupu", "Image Caption": "Obrázek : Schéma postupu"}


def test_references_are_ref_fields_to_bookmarks_with_right_numbers(docx_path: Path) -> None:
    document = Document(str(docx_path))
    refs = [(instr, shown) for instr, shown in fields(document) if instr.startswith("REF")]
    assert [shown for _instr, shown in refs] == ["1", "1", "A", "1.1"]
    assert refs[3][0].endswith("\\r \\h")  # a section reference shows the heading's paragraph number
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert {instr.split()[1] for instr, _shown in refs} <= bookmarks


def test_headings_are_numbered_by_the_frame_and_annexes_are_not(docx_path: Path) -> None:
    document = Document(str(docx_path))
    heading_style = document.styles["Heading 1"].element
    assert heading_style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) == "90"
    annex = next(p for p in document.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Příloha\u00a0A"))
    assert annex._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) == "0"


@requires_poppler
def test_pdf_shows_the_same_numbers(built_valid: Path) -> None:
    text = re.sub(r"\s+", " ", pdf_text(built_valid / "output" / "metodika" / "metodika.pdf"))
    assert SENTENCE in text
    assert "Tabulka 1: Lhůty postupu" in text and "Obrázek 1: Schéma postupu" in text
    assert "1.1 Komu je určena" in text and "2 Postup" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice není nainstalován")
def test_libreoffice_computes_the_same_numbers(docx_path: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        capture_output=True, timeout=300, check=True,
    )
    text = re.sub(r"\s+", " ", pdf_text(tmp_path / "metodika.pdf"))
    assert SENTENCE in text
    assert "Tabulka 1: Lhůty postupu" in text
    assert "1.1 Komu je určena" in text and "1 Obsah" not in text


def test_annexes_can_number_their_own_tables(tmp_path: Path) -> None:
    from conftest import PROJECTS, copy_project, run_pipeline

    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    document_yaml = project / "sources" / "metodika" / "document.yaml"
    document_yaml.write_text(document_yaml.read_text(encoding="utf-8") + "annexes_own_numbering: true\n", encoding="utf-8")
    annex = project / "sources" / "metodika" / "priloha-formular.md"
    annex.write_text(
        annex.read_text(encoding="utf-8") + "\n| Pole | Hodnota |\n|---|---|\n| Datum | |\n\n: Pole formuláře {#tab:pole}\n\nViz [-@tab:pole].\n",
        encoding="utf-8",
    )
    result = run_pipeline(project, "build", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    document = Document(str(project / "output" / "metodika" / "metodika.docx"))
    assert ("SEQ TabulkaA \\* ARABIC", "1") in fields(document)
    text = re.sub(r"\s+", " ", pdf_text(project / "output" / "metodika" / "metodika.pdf"))
    assert "Tabulka A.1: Pole formuláře" in text and "Viz A.1." in text
    assert "Tabulka 1: Lhůty postupu" in text  # chapters keep their own sequence
