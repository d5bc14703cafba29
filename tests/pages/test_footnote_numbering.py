"""Footnote numbers follow one rule in both formats (issue 16): through the document, or per chapter.

``footnotes_per_chapter`` in document.yaml chooses; the Typst PDF and
LibreOffice's rendering of the DOCX must print the same numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from page_texts import page_texts

from conftest import ENV, PROJECTS, copy_project, libreoffice_pdf, requires_libreoffice, requires_poppler, run_pipeline

SECOND_CHAPTER_NOTE = "Druhá kapitola má poznámku.[^druha]\n\n[^druha]: Poznámka druhé kapitoly.\n"
FIRST_NOTE = "Zákon č. 108/2006 Sb., o sociálních službách."

pytestmark = [requires_poppler, requires_libreoffice]


def note_numbers(pages: list[str]) -> dict[str, int]:
    """Return the number printed before each of the two notes in the footnote area (and after their marks)."""
    text = "\n".join(pages)
    found = {}
    for note in (FIRST_NOTE, "Poznámka druhé kapitoly."):
        match = re.search(rf"(\d+)\s*{re.escape(note)}", text)
        assert match, f"poznámka {note!r} v textu chybí"
        found[note] = int(match.group(1))
    mark = re.search(r"Druhá kapitola má poznámku\.(\d+)", text)
    assert mark and int(mark.group(1)) == found["Poznámka druhé kapitoly."], "značka v textu nesouhlasí s poznámkou"
    return found


@pytest.fixture(scope="module", params=[False, True], ids=["prubezne", "po-kapitolach"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[bool, Path]:
    """The valid project (a note in chapter 1) with a note in chapter 2, built with either rule."""
    per_chapter = request.param
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("notes") / "project")
    folder = project / "sources" / "metodika"
    with (folder / "02-postup.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n" + SECOND_CHAPTER_NOTE)
    if per_chapter:
        with (folder / "document.yaml").open("a", encoding="utf-8") as document:
            document.write("footnotes_per_chapter: true\n")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    return per_chapter, project / "output" / "metodika"


def test_both_formats_number_notes_by_the_chosen_rule(built: tuple[bool, Path], tmp_path: Path) -> None:
    per_chapter, output = built
    expected = {FIRST_NOTE: 1, "Poznámka druhé kapitoly.": 1 if per_chapter else 2}
    assert note_numbers(page_texts(output / "metodika.pdf", layout=True)) == expected
    assert note_numbers(page_texts(libreoffice_pdf(output / "metodika.docx", tmp_path), layout=True)) == expected
