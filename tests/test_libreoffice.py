"""Where LibreOffice is installed: page numbers in the Word contents, and a DOCX-faithful PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import PROJECTS, copy_project, pdf_info, pdf_text, run_pipeline

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice není nainstalován")
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def test_contents_and_lists_carry_page_numbers(built_valid: Path) -> None:
    document = Document(str(built_valid / "output" / "metodika" / "metodika.docx"))
    entries = [p.text for p in document.paragraphs if p.style.name in {"toc 1", "toc 2", "table of figures"}]
    # the same pages as in the Typst PDF (tests/test_pdf.py)
    assert [entry.replace("\u00a0", " ") for entry in entries] == [
        "Seznam zkratek\t4",
        "Předmluva\t5",
        "1 Úvod\t6",
        "1.1 Komu je určena\t6",
        "2 Postup\t7",
        "Seznam literatury a zdrojů\t8",
        "Seznam tabulek\t8",  # the short lists run on below the bibliography
        "Seznam obrázků\t8",
        "Příloha A: Formulář záznamu\t9",
        "Tabulka 1: Lhůty postupu\t7",
        "Obrázek 1: Schéma postupu\t7",
    ]


def test_pdf_engine_libreoffice_is_tagged_czech_and_reproducible(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    args = ("build", "--format", "pdf", "--pdf-engine", "libreoffice", "--force")
    assert run_pipeline(project, *args, env=EPOCH).exit_code == 0
    pdf = project / "output" / "metodika" / "metodika.pdf"
    first = pdf.read_bytes()
    assert run_pipeline(project, *args, env=EPOCH).exit_code == 0
    assert pdf.read_bytes() == first
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes" and info["Title"] == "Zkušební metodika"
    assert info["CreationDate"].startswith("Thu Jan  1 00:00:00 2026")
    assert re.search(rb"/Lang\s*\(cs", first)
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert re.search(r"1 Úvod[ .]*6 ", text)  # the contents page, with page numbers
    assert "cílové skupiny uvádí kapitola 1.1." in text
