"""LibreOffice as a layout engine: page numbers for the Word contents, and a DOCX-faithful PDF.

Word computes page numbers only when it lays a document out; so does
LibreOffice, headless. Converting the DOCX once tells on which page every
heading and caption lands, and those numbers are written into the contents
and lists that the DOCX already carries, so they are right when first opened.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ToolError
from pipeline.limits import MAX_LIBREOFFICE_SECONDS
from pipeline.tools import run_tool

VERSION_FILE = Path("/usr/lib/libreoffice/program/versionrc")
# Tagged PDF/UA with bookmarks: accessible like the Typst PDF, and the outline gives heading pages.
PDF_OPTIONS = (
    '{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"}}'
)


@functools.cache
def soffice() -> str | None:
    """Return the LibreOffice binary, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def version() -> str:
    """Return an identifier of the installed LibreOffice (cheap: no process is started)."""
    binary = soffice()
    if binary is None:
        return "none"
    try:
        build = re.search(r"^buildid=(.*)$", VERSION_FILE.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        build = None
    return f"{binary} {build.group(1) if build else ''}".strip()


def to_pdf(docx: bytes) -> bytes:
    """Return the PDF LibreOffice makes of ``docx``.

    LibreOffice and the ``soffice.bin`` its launcher starts are killed past
    :data:`MAX_LIBREOFFICE_SECONDS` (:class:`pipeline.tools.ToolTimeout`).
    """
    binary = soffice()
    if binary is None:
        raise ToolError("LibreOffice není nainstalován (balíček libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="pipeline-lo-") as folder:
        work = Path(folder)
        (work / "document.docx").write_bytes(docx)
        # A private profile: parallel runs and a user's open LibreOffice do not collide.
        result = run_tool(
            [binary, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
             "--convert-to", f"pdf:writer_pdf_Export:{PDF_OPTIONS}", "--outdir", str(work), str(work / "document.docx")],
            "LibreOffice", MAX_LIBREOFFICE_SECONDS,
        )
        pdf = work / "document.pdf"
        if result.returncode != 0 or not pdf.exists():
            said = result.stderr.decode("utf-8", "replace").strip() or result.stdout.decode("utf-8", "replace").strip()
            raise ToolError(f"LibreOffice nedokázal dokument převést: {said}")
        return pdf.read_bytes()


@dataclass(frozen=True)
class Layout:
    """Where LibreOffice put things: the pages of headings (in order) and the text of every page."""

    headings: list[tuple[str, int]]
    pages: list[str]

    def page_of_text(self, text: str, skip: set[int]) -> int | None:
        """Return the first page (1-based) whose text contains ``text``, not counting pages in ``skip``."""
        wanted = normalise(text)
        for number, page in enumerate(self.pages, start=1):
            if number not in skip and wanted in page:
                return number
        return None


def layout(pdf: bytes) -> Layout:
    """Read the outline and page texts of a LibreOffice PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    headings: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                headings.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    pages = [normalise(page.extract_text() or "") for page in reader.pages]
    return Layout(headings, pages)


def normalise(text: str) -> str:
    """Return ``text`` with runs of white space (non-breaking ones too) as single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
