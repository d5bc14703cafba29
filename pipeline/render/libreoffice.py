"""LibreOffice as a layout engine: page numbers for the Word contents, and a DOCX-faithful PDF.

Word computes page numbers only when it lays a document out; so does
LibreOffice, headless. Converting the DOCX once tells on which page every
heading and caption lands, and those numbers are written into the contents
and lists that the DOCX already carries, so they are right when first opened.

The PDF is asked to keep every Word bookmark as a named destination: the
contents, the lists and the page references all point at bookmarks, so the
page of each is read from the PDF's name tree, not searched for in its text
(reading the text of every page cost a second of a 3.5 s build, issue 16).

LibreOffice starts faster with a profile it made before: one is kept per
project in the build's cache (:meth:`pipeline.cache.StepCache.recall_tool_state`)
and unpacked into each run's private folder, so parallel runs never share one.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ToolError
from pipeline.limits import MAX_LIBREOFFICE_SECONDS
from pipeline.tools import run_tool

if TYPE_CHECKING:
    from pipeline.cache import StepCache

#: the cache's name for a packed LibreOffice profile
PROFILE = "libreoffice-profile.tar"

VERSION_FILE = Path("/usr/lib/libreoffice/program/versionrc")
# Tagged PDF/UA with bookmarks: accessible like the Typst PDF; the outline gives heading pages,
# and Word bookmarks become named destinations, which give the page of everything referred to.
PDF_OPTIONS = (
    '{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
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


def to_pdf(docx: bytes, cache: StepCache | None = None) -> bytes:
    """Return the PDF LibreOffice makes of ``docx``, starting from the profile ``cache`` keeps (if any).

    LibreOffice and the ``soffice.bin`` its launcher starts are killed past
    :data:`MAX_LIBREOFFICE_SECONDS` (:class:`pipeline.tools.ToolTimeout`).
    """
    binary = soffice()
    if binary is None:
        raise ToolError("LibreOffice není nainstalován (balíček libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="pipeline-lo-") as folder:
        work = Path(folder)
        (work / "document.docx").write_bytes(docx)
        stored, place = cache.recall_tool_state(PROFILE) if cache is not None else (None, None)
        fresh = stored is None or not _unpacked(stored, work / "profile")
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
        if fresh and cache is not None:
            cache.keep(place, _packed(work / "profile"))
        return pdf.read_bytes()


def _unpacked(stored: bytes, profile: Path) -> bool:
    """Unpack a kept profile into ``profile``; False (and nothing there) if it cannot be read."""
    try:
        with tarfile.open(fileobj=io.BytesIO(stored)) as archive:
            archive.extractall(profile, filter="data")  # nothing outside the folder, no devices or links out
        return True
    except (tarfile.TarError, OSError):
        shutil.rmtree(profile, ignore_errors=True)
        return False


def _packed(profile: Path) -> bytes:
    """Return ``profile`` as a tar archive, without the lock of the run that made it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in sorted(profile.rglob("*")):
            if path.is_file() and not path.name.startswith(".lock"):
                archive.add(path, arcname=str(path.relative_to(profile)), recursive=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Layout:
    """Where LibreOffice put things: the pages of headings (in order) and of every Word bookmark."""

    headings: list[tuple[str, int]]
    #: page (1-based) of each named destination, by its name as the PDF writes it
    destinations: dict[str, int]

    def page_of_bookmark(self, name: str) -> int | None:
        """Return the page of the Word bookmark ``name`` (``_Ref00000001``, ``_Toc00000001``), None if not laid out."""
        return self.destinations.get(name, self.destinations.get(_destination_name(name)))


def _destination_name(bookmark: str) -> str:
    """Return the name LibreOffice gives a bookmark's destination: other characters than letters,
    digits, ``-`` and ``.`` as the hex digits of their UTF-8 bytes (``_Ref1`` → ``5FRef1``)."""
    return re.sub(r"[^A-Za-z0-9.-]", lambda match: match.group().encode("utf-8").hex().upper(), bookmark)


def layout(pdf: bytes) -> Layout:
    """Read the outline and the named destinations of a LibreOffice PDF."""
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
    destinations = {
        str(name).removeprefix("/"): reader.get_destination_page_number(target) + 1
        for name, target in reader.named_destinations.items()
    }
    return Layout(headings, destinations)

