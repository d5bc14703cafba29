"""Issue 15, item 2: the Word frame is the one place a cover is edited; the PDF follows it.

A user changes a cover text, the Title style's colour and the logo in
``frame.docx`` (as Word saves them: XML in the package), touches no other
file, and sees all three in the DOCX and in the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import ENV, pdf_info, run_pipeline
from frame_edit import (
    FRAME,
    alt_texts,
    edit_members,
    page_pixels,
    paragraph_texts_before_contents,
    pdf_images,
    pdf_pages_text,
    pixels_near,
    png,
    project_with_templates,
    replace_in,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RED = (0xC0, 0x00, 0x00)
GREEN = (0x00, 0x99, 0x33)
LOGO_SIZE = (240, 160)
LOGO_ALT = "Logo obce Horní Lhota: zelený čtverec"
BUILD = ("build", "--no-page-numbers")


def edit_cover_as_word_saves_it(members: dict[str, bytes]) -> None:
    """Change a cover text, the Title style's colour and the logo, as Word writes such changes."""
    replace_in(members, "word/document.xml", "Verze {{ dokument.verze }}", "Revize {{ dokument.verze }}")
    styles = etree.fromstring(members["word/styles.xml"])
    title = styles.find(f"{{{W}}}style[@{{{W}}}styleId='Title']")
    title.find(f"{{{W}}}rPr/{{{W}}}color").set(f"{{{W}}}val", "C00000")
    members["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    # Word's "Change Picture": a new media file, the relationship pointed at it, the old one gone.
    members["word/media/image2.png"] = png(*LOGO_SIZE, GREEN)
    del members["word/media/image1.png"]
    replace_in(members, "word/_rels/document.xml.rels", 'Target="media/image1.png"', 'Target="media/image2.png"')
    replace_in(members, "word/document.xml", 'descr="Vlajka Evropské unie: dvanáct zlatých hvězd v kruhu na modrém poli"',
               f'descr="{LOGO_ALT}"')


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return the valid project built with the shipped frame and with the frame edited in Word."""
    folder = tmp_path_factory.mktemp("cover")
    baseline = project_with_templates(folder / "baseline")
    edited = project_with_templates(folder / "edited")
    edit_members(edited / FRAME, edit_cover_as_word_saves_it)
    for project in (baseline, edited):
        result = run_pipeline(project, *BUILD, env=ENV)
        assert result.exit_code == 0, result.stderr
    return baseline, edited


def outputs(project: Path) -> tuple[Path, Path]:
    return project / "output" / "metodika" / "metodika.docx", project / "output" / "metodika" / "metodika.pdf"


def test_a_cover_text_changed_in_word_shows_in_both_outputs(projects: tuple[Path, Path]) -> None:
    baseline, edited = projects
    for project, shown, gone in ((baseline, "Verze 0.9", "Revize 0.9"), (edited, "Revize 0.9", "Verze 0.9")):
        docx, pdf = outputs(project)
        cover = paragraph_texts_before_contents(Document(str(docx)))
        assert shown in cover and gone not in cover
        assert shown in pdf_pages_text(pdf, 1, 1) and gone not in pdf_pages_text(pdf, 1, 1)


def test_the_title_colour_changed_in_word_shows_in_both_outputs(projects: tuple[Path, Path], tmp_path: Path) -> None:
    baseline, edited = projects
    assert str(Document(str(outputs(edited)[0])).styles["Title"].font.color.rgb) == "C00000"
    # The title is the only red on the cover page: none with the shipped frame, a title's worth with the edited one.
    assert pixels_near(page_pixels(outputs(baseline)[1], 1, tmp_path), RED) == 0
    assert pixels_near(page_pixels(outputs(edited)[1], 1, tmp_path), RED) > 200


def test_the_logo_changed_in_word_shows_in_both_outputs_with_its_alt_text(projects: tuple[Path, Path], tmp_path: Path) -> None:
    baseline, edited = projects
    docx, pdf = outputs(edited)
    blobs = [part.blob for part in Document(str(docx)).part.package.iter_parts() if part.partname.startswith("/word/media/")]
    assert png(*LOGO_SIZE, GREEN) in blobs
    assert LOGO_SIZE in pdf_images(pdf) and LOGO_SIZE not in pdf_images(outputs(baseline)[1])
    assert pixels_near(page_pixels(pdf, 1, tmp_path), GREEN) > 200
    # PDF/UA: the picture is tagged with the alt text written in Word.
    assert LOGO_ALT in alt_texts(pdf)
    assert pdf_info(pdf)["Tagged"] == "yes"


def test_the_pdf_cover_and_imprint_carry_every_text_of_the_word_cover(projects: tuple[Path, Path]) -> None:
    baseline, _ = projects
    docx, pdf = outputs(baseline)
    contents_page = next(page for page in range(1, 6) if "Obsah" in pdf_pages_text(pdf, page, page).split())
    shown = pdf_pages_text(pdf, 1, contents_page - 1)
    cover = paragraph_texts_before_contents(Document(str(docx)))
    assert cover, "the frame has a cover"
    assert [text for text in cover if text not in shown] == []


def test_the_running_header_and_page_number_come_from_the_word_frame(projects: tuple[Path, Path]) -> None:
    baseline, _ = projects
    pdf = outputs(baseline)[1]
    # The frame's header names the document; its footer has a PAGE field; the cover page has neither.
    third = pdf_pages_text(pdf, 3, 3)
    assert third.startswith("Zkušební metodika") and third.endswith(" 3")
    assert not pdf_pages_text(pdf, 1, 1).endswith(" 1")


def test_the_pdf_is_reproducible_with_the_generated_cover(projects: tuple[Path, Path], tmp_path: Path) -> None:
    baseline, _ = projects
    again = project_with_templates(tmp_path / "again")
    assert run_pipeline(again, *BUILD, env=ENV).exit_code == 0
    for first, second in zip(outputs(baseline), outputs(again), strict=True):
        assert first.read_bytes() == second.read_bytes()


#: Typst markup and code of every kind: in a frame's text it is text, never evaluated
MARKUP = '#panic("x") *tučně* _kurzíva_ $x^2$ <kotva> @odkaz \\ "uvozovky" [závorka] // komentář'


def test_typst_markup_in_a_frame_text_is_printed_not_evaluated(tmp_path: Path) -> None:
    project = project_with_templates(tmp_path / "project")
    edit_members(project / FRAME, lambda members: replace_in(
        members, "word/document.xml", "Verze {{ dokument.verze }}", MARKUP.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;").replace('"', "&quot;")))
    result = run_pipeline(project, *BUILD, "--format", "pdf", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert MARKUP in pdf_pages_text(outputs(project)[1], 1, 1)
