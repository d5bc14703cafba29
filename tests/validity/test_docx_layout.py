"""The DOCX lays out alike in Word and LibreOffice: fonts, contents page numbers, heading numbers (issue 16).

The page numbers in the DOCX contents come from a LibreOffice layout pass
(:mod:`pipeline.render.libreoffice`). They hold in Word only if both lay the
text out with the same font metrics: the frame names Calibri, which Word has
and LibreOffice replaces with Carlito, its metric-compatible twin. The tests
render the built DOCX in LibreOffice, as a reader without Word sees it.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import libreoffice_pdf, requires_libreoffice, requires_poppler
from docx import Document
from pypdf import PdfReader

pytestmark = [requires_libreoffice, requires_poppler]

SAMPLE = "metodika-socialni-prace"
CONTENTS_STYLES = {"toc 1", "toc 2", "toc 3"}
NUMBERED = re.compile(r"(\d+(?:\.\d+)*) (.+)")
LEADER = re.compile(r"\.{5,} ?\d+")  # a contents entry's dots and page number


@pytest.fixture(scope="module")
def sample_docx(built_sample: Path) -> Path:
    """Return the sample methodology's DOCX (page numbers filled by the layout pass) of the session's sample build."""
    return built_sample / "output" / SAMPLE / f"{SAMPLE}.docx"


@pytest.fixture(scope="module")
def rendering(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return LibreOffice's own PDF of the built DOCX (beside it is the sample build's own PDF)."""
    return libreoffice_pdf(sample_docx, tmp_path_factory.mktemp("rendering"))


def contents(docx: Path) -> list[tuple[str, int]]:
    """Return the contents entries of ``docx``: (heading as listed, white space collapsed; page number after its tab)."""
    entries = []
    for paragraph in Document(str(docx)).paragraphs:
        if paragraph.style.name in CONTENTS_STYLES:
            heading, _, page = paragraph.text.rpartition("\t")
            entries.append((" ".join(heading.split()), int(page)))  # no-break spaces as pdftotext's plain ones
    return entries


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page of ``pdf`` (pdftotext), white space collapsed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def last_contents_page(pages: list[str]) -> int:
    """Return the (1-based) number of the contents' last page: the first run of pages with dot leaders.

    A later page may have dots too (a form in an annex), so the run ends at the first page without them.
    """
    first = next(number for number, text in enumerate(pages, start=1) if LEADER.search(text))
    last = first
    while last < len(pages) and LEADER.search(pages[last]):
        last += 1
    return last


def pages_of_headings(entries: list[tuple[str, int]], pages: list[str]) -> dict[str, int | None]:
    """Return the page (1-based) where each heading is printed, searching in order after the contents."""
    page = last_contents_page(pages) + 1
    found: dict[str, int | None] = {}
    for heading, _ in entries:
        number = next((n for n in range(page, len(pages) + 1) if heading in pages[n - 1]), None)
        found[heading] = number
        page = number or page
    return found


def test_the_contents_page_numbers_are_libreoffices(sample_docx: Path, rendering: Path) -> None:
    entries = contents(sample_docx)
    assert len(entries) > 30  # the sample's chapters, sections and subsections
    assert pages_of_headings(entries, page_texts(rendering)) == dict(entries)


def fonts_of_words(pdf: Path) -> set[str]:
    """Return the fonts (subset prefix and style cut off) that set letters or digits in ``pdf``.

    Symbols a font lacks (the annex's ballot boxes) fall back to another font in
    Word and LibreOffice alike; words must not, or the lines break elsewhere.
    """
    fonts: set[str] = set()

    def note(text: str, _cm, _tm, font: dict | None, _size) -> None:
        if font is not None and any(character.isalnum() for character in text):
            fonts.add(str(font.get("/BaseFont")).split("+")[-1].split("-")[0])

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=note)
    return fonts


def test_libreoffice_lays_the_docx_out_with_calibris_twin(sample_docx: Path, rendering: Path) -> None:
    """No word falls back to a font of other metrics (DejaVu for Aptos, as pandoc's reference theme had it)."""
    assert fonts_of_words(rendering) == {"Carlito"}
    with zipfile.ZipFile(sample_docx) as package:
        fonts = {name: package.read(name).decode("utf-8") for name in ("word/theme/theme1.xml", "word/styles.xml")}
    assert re.findall(r'<a:latin typeface="([^"]*)"', fonts["word/theme/theme1.xml"]) == ["Calibri", "Calibri"]
    assert "Aptos" not in fonts["word/styles.xml"]


def test_heading_numbers_stand_apart_from_the_heading(sample_docx: Path, rendering: Path) -> None:
    """A tab follows the number: LibreOffice prints "1.1 Účel metodiky", not "1.1Účel metodiky"."""
    pages = page_texts(rendering)
    body = " ".join(pages[last_contents_page(pages) :])
    numbered = [NUMBERED.fullmatch(heading) for heading, _ in contents(sample_docx)]
    numbered = [match for match in numbered if match]
    assert len(numbered) > 30
    for match in numbered:
        number, title = match.groups()
        assert f"{number} {title}" in body
        assert f"{number}{title}" not in body
