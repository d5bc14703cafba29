"""Issue 15, item 3: a frame opened and re-saved by LibreOffice still gives the same documents.

LibreOffice renames style ids (``Contents1`` for ``TOC1``), writes on/off
properties and alignments its own way, wraps the contents field in a content
control and links the core properties with another relationship type. The
re-save is real (one ``soffice`` run per module; LibreOffice is slow).
"""

from __future__ import annotations

import re
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn

from conftest import ENV, REPOSITORY, libreoffice_pdf, pdf_text, requires_libreoffice, run_pipeline
from frame_edit import FRAME, project_with_templates

pytestmark = requires_libreoffice
ENTRY_STYLES = ("toc 1", "toc 2", "toc 3", "table of figures")


def resaved_by_libreoffice(docx: Path, folder: Path) -> Path:
    """Return ``docx`` opened and saved again as DOCX by LibreOffice (in ``folder``)."""
    folder.mkdir()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "docx", "--outdir", str(folder / "out"), str(docx)],
        check=True, capture_output=True, timeout=300,
    )
    return folder / "out" / docx.name


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return the valid project built with a LibreOffice re-saved methodology frame, and what the build said.

    What it said: its messages, and the Python warnings it raised (a library's
    warning reaches the user's terminal too).
    """
    folder = tmp_path_factory.mktemp("resaved")
    project = project_with_templates(folder / "project")
    frame = resaved_by_libreoffice(REPOSITORY / FRAME, folder / "libreoffice")
    (project / FRAME).write_bytes(frame.read_bytes())
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    return project, result.stderr + "".join(f"{warning.message}\n" for warning in raised)


def entries(docx: Path) -> list[str]:
    """Return the texts of the contents and list entries (content controls included), tabs kept."""
    document = Document(str(docx))
    names = {style.style_id: (style.name or "").lower() for style in document.styles}
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and names.get(style.get(qn("w:val"))) in ENTRY_STYLES:
            text = "".join("\t" if node.tag == qn("w:tab") else node.text or "" for node in paragraph.iter(qn("w:t"), qn("w:tab")))
            found.append(text.replace("\u00a0", " "))
    return found


def test_libreoffice_really_rewrote_the_frame(resaved: tuple[Path, str]) -> None:
    project, _ = resaved
    with zipfile.ZipFile(project / FRAME) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    assert 'w:styleId="Contents1"' in styles and 'w:styleId="TOC1"' not in styles


def test_the_frame_builds_without_a_word_about_it(resaved: tuple[Path, str]) -> None:
    _, messages = resaved
    assert "frame.docx" not in messages
    assert "Duplicate name" not in messages  # python-docx once added a second docProps/core.xml


def test_contents_and_lists_keep_their_entries_and_page_numbers(resaved: tuple[Path, str], built_valid: Path) -> None:
    project, _ = resaved
    shipped = entries(built_valid / "output" / "metodika" / "metodika.docx")
    again = entries(project / "output" / "metodika" / "metodika.docx")
    assert len(shipped) == 11 and all(re.search(r"\t\d+$", entry) for entry in shipped)
    assert again == shipped


def test_contents_styles_keep_their_dot_leaders(resaved: tuple[Path, str]) -> None:
    project, _ = resaved
    document = Document(str(project / "output" / "metodika" / "metodika.docx"))
    for name in ENTRY_STYLES:
        style = next(style for style in document.styles if (style.name or "").lower() == name)
        stops = [(stop.alignment, stop.leader) for stop in style.paragraph_format.tab_stops]
        assert (WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS) in stops, name


def test_word_layout_shows_numbered_headings_leaders_and_the_footnote(resaved: tuple[Path, str], tmp_path: Path) -> None:
    project, _ = resaved
    text = pdf_text(libreoffice_pdf(project / "output" / "metodika" / "metodika.docx", tmp_path))
    assert re.search(r"^\s*1\.1\s+Komu je určena\s*$", text, re.MULTILINE)
    assert re.search(r"^\s*2\s+Postup\s*$", text, re.MULTILINE)
    assert re.search(r"1 Úvod\.{10,}\s*6", text)
    # The footnote, with its number set as a superscript by the frame's Footnote Reference style.
    assert re.search(r"^\s*1\s*Zákon č\. 108/2006 Sb\., o sociálních službách\.", text, re.MULTILINE)
    document = Document(str(project / "output" / "metodika" / "metodika.docx"))
    reference = next(style for style in document.styles if style.name == "Footnote Reference")
    assert reference.font.superscript


def test_the_pdf_is_the_same_as_with_the_shipped_frame(resaved: tuple[Path, str], built_valid: Path) -> None:
    project, _ = resaved
    assert pdf_text(project / "output" / "metodika" / "metodika.pdf") == pdf_text(
        built_valid / "output" / "metodika" / "metodika.pdf"
    )
