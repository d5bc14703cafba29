"""The imprint (tiráž) sits at the foot of its page in both outputs, held there by a frame (issue 16).

The Word frame pins the imprint to the bottom margin with a paragraph frame
(``w:framePr``), not with a run of empty paragraphs a user would have to keep
counting. Read from LibreOffice's rendering of the built DOCX (what a Word user
sees) and from the Typst PDF, whose cover is made from the same frame.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from page_texts import page_texts

from conftest import REPOSITORY, libreoffice_pdf, requires_libreoffice, requires_poppler
from pipeline.render.frame_cover import cover_source

pytestmark = [requires_poppler, requires_libreoffice]

DOCUMENT = "metodika/metodika"
#: the first and the last line of the valid project's imprint
FIRST, LAST = "Zkušební metodika", "ISBN 978-80-7421-123-2"
IMPRINT_PAGE = 2
#: the frame's bottom margin (25 mm) in points
BOTTOM_MARGIN = 25 / 25.4 * 72
#: frames that carry an imprint
IMPRINT_FRAMES = ("methodology", "minimum-standard")
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def page_words(pdf: Path, page: int) -> tuple[float, list[tuple[float, float, str]]]:
    """Return the height of ``page`` of ``pdf`` and its words as (top, bottom, text), by ``pdftotext -bbox``."""
    output = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', output).group(1))
    return height, [(float(top), float(bottom), text) for top, bottom, text in _WORD.findall(output)]


@pytest.fixture(scope="module")
def outputs(built_valid: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The valid project's methodology as LibreOffice lays out its DOCX, and as Typst made its PDF."""
    docx = built_valid / "output" / f"{DOCUMENT}.docx"
    return {"docx": libreoffice_pdf(docx, tmp_path_factory.mktemp("imprint")),
            "pdf": built_valid / "output" / f"{DOCUMENT}.pdf"}


@pytest.mark.parametrize("output", ["docx", "pdf"])
def test_the_imprint_sits_at_the_foot_of_its_page_and_the_contents_follow(
    outputs: dict[str, Path], output: str
) -> None:
    """The imprint starts in the lowest third of page 2, above its bottom margin; page 3 is the contents."""
    pages = page_texts(outputs[output])
    imprint = pages[IMPRINT_PAGE - 1].splitlines()
    assert FIRST in imprint and LAST in imprint
    assert "Obsah" in pages[IMPRINT_PAGE].splitlines()
    height, words = page_words(outputs[output], IMPRINT_PAGE)
    title_top = min(top for top, _, text in words if text == "Autoři:")
    last_bottom = max(bottom for _, bottom, text in words if text == LAST.split()[-1])
    assert title_top > height * 2 / 3, f"tiráž začíná {title_top:.0f} pt shora na stránce vysoké {height:.0f} pt"
    assert last_bottom < height - BOTTOM_MARGIN  # within the text area, not pushed over it


@pytest.mark.parametrize("kind", IMPRINT_FRAMES)
def test_the_frame_pins_the_imprint_with_a_bottom_frame_not_empty_paragraphs(kind: str) -> None:
    """The Imprint style and paragraphs carry a frame at the bottom margin; no Imprint paragraph is empty."""
    document = Document(str(REPOSITORY / "templates" / kind / "frame.docx"))
    imprint = [p for p in document.paragraphs if p.style.name == "Imprint"]
    assert len(imprint) > 5
    assert all(p.text.strip() for p in imprint), "tiráž nemá být posunuta prázdnými odstavci"
    style_frame = document.styles["Imprint"].element.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    for frame in [style_frame, *(p._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") for p in imprint)]:
        assert frame is not None
        assert (frame.get(qn("w:vAnchor")), frame.get(qn("w:yAlign"))) == ("margin", "bottom")


#: the frame as LibreOffice 7.4 saves the frame's imprint again: measured, ending at the foot of the margin area
RESAVED_FRAME = {"w": "9072", "h": "6160", "x": "0", "y": "7844", "wrap": "notBeside", "vAnchor": "margin",
                 "hAnchor": "margin", "hRule": "exact"}


def methodology_frame(resaved: bool) -> Document:
    """Return the methodology frame; ``resaved``: its imprint's frames as LibreOffice writes them back."""
    document = Document(str(REPOSITORY / "templates" / "methodology" / "frame.docx"))
    if resaved:
        for frame in document.element.body.iter(qn("w:framePr")):
            frame.attrib.clear()
            frame.attrib.update({qn(f"w:{name}"): value for name, value in RESAVED_FRAME.items()})
    return document


@pytest.mark.parametrize("resaved", [False, True], ids=["word", "libreoffice"])
def test_the_pdf_cover_pushes_a_bottom_frame_down_by_all_free_space(resaved: bool) -> None:
    """The Typst of the imprint's page: one share of the free space, then the frame, which nothing pushes up."""
    cover = cover_source(methodology_frame(resaved)).typst
    start = cover.index('"{%p if dokument.tiraz %}"')
    page_start = cover.rindex("#pagebreak()", 0, start)
    page_end = cover.index("#pagebreak()", start)
    assert cover[page_start:start].splitlines()[1] == "#v(1fr)"
    assert "fr)" not in cover[start:page_end]


def test_a_frame_ending_above_the_foot_is_not_pushed_down() -> None:
    """A frame LibreOffice measured to end above the foot of the margin area stays in the flow."""
    document = methodology_frame(resaved=True)
    for frame in document.element.body.iter(qn("w:framePr")):
        frame.set(qn("w:y"), "1000")
    assert "#v(1fr)" not in cover_source(document).typst
