"""Pages as a reader turns them (issue 16): no blank page, no heading alone at a page foot, short lists together.

Read from the Typst PDF and from LibreOffice's rendering of the DOCX, page by
page (pdftotext), for the sample methodology, the final report and an office's
standards. A page's running header and page number are not its text.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from page_texts import page_of_line, page_texts

from conftest import libreoffice_pdf, requires_libreoffice, requires_poppler

DOCUMENTS = (
    "metodika-socialni-prace/metodika-socialni-prace",
    "zpravy-projektu-lipova/zpravy-projektu-lipova-zaverecna-zprava",
    "standardy-ospod-lipova/standardy-ospod-lipova",
)
FORMATS = ("pdf", "docx")
HEADING_NUMBER = re.compile(r"^(\d+(\.\d+)*|[A-Z]\.\d+(\.\d+)*)\s+")
ONE_LETTER_AT_LINE_END = re.compile(r"(?:^|[\s(„])([ksvzouaiKSVZOUAI])$")

pytestmark = [requires_poppler, requires_libreoffice]


@dataclass(frozen=True)
class Rendered:
    """The pages of one output as a reader sees them, and the headings of the document."""

    pages: list[str]
    headings: set[str]
    running: set[str]

    def content(self, page: str) -> list[str]:
        """Return the lines of ``page`` without its running header and page number."""
        return [line for line in page.splitlines() if line not in self.running and not line.isdigit()]


@pytest.fixture(scope="module")
def rendered(built_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Rendered]:
    """Every document of :data:`DOCUMENTS` in both formats, the DOCX laid out by LibreOffice once."""
    folder = tmp_path_factory.mktemp("libreoffice")
    found = {}
    for name in DOCUMENTS:
        docx = built_sample / "output" / f"{name}.docx"
        document = Document(str(docx))
        headings = {p.text.replace("\u00a0", " ") for p in document.paragraphs if p.style.name.lower().startswith("heading")}
        running = {p.text.replace("\u00a0", " ").strip() for s in document.sections for p in s.header.paragraphs if p.text.strip()}
        found[name, "pdf"] = Rendered(page_texts(built_sample / "output" / f"{name}.pdf"), headings, running)
        found[name, "docx"] = Rendered(page_texts(libreoffice_pdf(docx, folder)), headings, running)
    return found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_page_is_blank(rendered: dict[tuple[str, str], Rendered], name: str, fmt: str) -> None:
    pages = rendered[name, fmt]
    blank = [number for number, page in enumerate(pages.pages, start=1) if not pages.content(page)]
    assert not blank, f"prázdné strany: {blank}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_heading_alone_at_a_page_foot(rendered: dict[tuple[str, str], Rendered], name: str, fmt: str) -> None:
    pages = rendered[name, fmt]
    assert pages.headings
    alone = []
    for number, page in enumerate(pages.pages[:-1], start=1):
        lines = pages.content(page)
        if lines and HEADING_NUMBER.sub("", lines[-1]) in pages.headings:
            alone.append((number, lines[-1]))
    assert not alone, f"nadpisy osamocené na konci strany: {alone}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_line_ends_with_a_one_letter_word(rendered: dict[tuple[str, str], Rendered], name: str, fmt: str) -> None:
    """Frame included: the cover, the imprint and the headers are pages like the others."""
    ends = [line for page in rendered[name, fmt].pages for line in page.splitlines() if ONE_LETTER_AT_LINE_END.search(line)]
    assert not ends, f"řádky končí jednopísmenným slovem: {ends}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_short_lists_share_the_bibliography_page(rendered: dict[tuple[str, str], Rendered], fmt: str) -> None:
    """The sample's lists of tables (9 entries) and figures (1) run on below its bibliography."""
    pages = rendered[DOCUMENTS[0], fmt].pages
    bibliography, tables, figures, annex = (
        page_of_line(pages, title)
        for title in ("Seznam literatury a zdrojů", "Seznam tabulek", "Seznam obrázků", "Příloha A: Vzor záznamu ze sociálního šetření")
    )
    assert tables == bibliography
    assert figures in {tables, tables + 1}  # the next page only when the tables' list fills its page
    assert annex == figures + 1  # and no blank page before the annex


def test_pdf_imprint_page_has_no_running_header_or_page_number(built_sample: Path) -> None:
    """The imprint (page 2) is the frame's own page: its words lie between the margins, in the lower half."""
    pdf = built_sample / "output" / f"{DOCUMENTS[0]}.pdf"
    words = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    tops = [float(top) for top, bottom in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', words)]
    assert tops and "Publikace" in words
    margin = 25 / 25.4 * 72  # the frame's 25 mm, in points
    assert min(tops) > 842 / 2  # nothing in the upper half: no running header, the imprint at the foot
    assert max(tops) < 842 - margin  # nothing in the bottom margin: no page number
