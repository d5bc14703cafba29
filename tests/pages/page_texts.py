"""Read rendered pages as a reader sees them: the text of each page of a PDF, by pdftotext.

The DOCX is read through LibreOffice's rendering of it (``conftest.libreoffice_pdf``),
the closest a test gets to what a Word user sees.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """Return the text of every page of ``pdf`` (index 0 is page 1), white space as single spaces per line.

    ``layout`` keeps lines as they are laid out (a raised footnote number stays
    by its note), at the cost of text from beside each other on one line.
    """
    options = ["-layout"] if layout else []
    text = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return ["\n".join(_tidy(line) for line in page.splitlines() if _tidy(line)) for page in pages]


def _tidy(line: str) -> str:
    """Return ``line`` with runs of white space (no-break spaces, word joiners too) as single spaces."""
    return re.sub(r"[\s\u00a0\u2060]+", " ", line).strip()


def page_of_line(pages: list[str], line: str) -> int:
    """Return the page (1-based) on which ``line`` stands as a whole line (not as a contents entry with dots)."""
    found = [number for number, page in enumerate(pages, start=1) if line in page.splitlines()]
    assert len(found) == 1, f"řádek {line!r} je na stranách {found}, čekán na jedné"
    return found[0]
