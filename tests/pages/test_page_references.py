"""Page references (``s. @kap:komu``): the page of the target, in the Typst PDF and in the DOCX alike (issue 16).

The truth is read from the rendered pages: the page on which the target's
line stands in the PDF (pdftotext page by page), and in LibreOffice's
rendering of the DOCX. The DOCX's PAGEREF fields must show that page when
the file is first opened, before any field update.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from page_texts import page_of_line, page_texts

from conftest import ENV, PROJECTS, copy_project, libreoffice_pdf, requires_libreoffice, requires_poppler, run_pipeline

#: written in the first chapter, before every target: the layout must be known before the page is printed
REFERENCES = (
    "Lhůty jsou na s. @tab:lhuty, formulář na s.\n[@pril:formular] a cílové skupiny [viz s. @kap:komu].\n"
)
#: the printed reference → the line of its target as it stands on the target's page
TARGETS = {"formulář na s.": "Příloha A: Formulář záznamu", "Lhůty jsou na s.": "Tabulka 1: Lhůty postupu",
           "viz s.": "Komu je určena"}
HEADING_NUMBER = re.compile(r"^\d+(\.\d+)*\s*")

pytestmark = [requires_poppler, requires_libreoffice]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid project with page references in its first chapter, built once."""
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("pageref") / "project")
    chapter = project / "sources" / "metodika" / "01-uvod.md"
    text = chapter.read_text(encoding="utf-8").replace("\n## Komu", f"\n{REFERENCES}\n## Komu")
    chapter.write_text(text, encoding="utf-8")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    return project


def printed_pages(pages: list[str]) -> dict[str, int]:
    """Return the page number printed after each reference of :data:`REFERENCES`."""
    text = " ".join(pages)
    found = {}
    for words in TARGETS:
        match = re.search(rf"{re.escape(words)} (\d+)", text)
        assert match, f"odkaz {words!r} v textu chybí"
        found[words] = int(match.group(1))
    return found


def target_pages(pages: list[str]) -> dict[str, int]:
    """Return the page on which each target of :data:`TARGETS` stands (heading numbers aside)."""
    bare = [re.sub(r"(?m)^" + HEADING_NUMBER.pattern, "", page) for page in pages]
    return {words: page_of_line(bare, line) for words, line in TARGETS.items()}


def test_pdf_prints_the_page_of_each_target(project: Path) -> None:
    pages = page_texts(project / "output" / "metodika" / "metodika.pdf")
    truth = target_pages(pages)
    assert len(set(truth.values())) > 1  # targets on different pages: a constant would not pass
    assert printed_pages(pages) == truth


def test_docx_fields_show_the_page_libreoffice_lays_the_target_on(project: Path, tmp_path: Path) -> None:
    docx = project / "output" / "metodika" / "metodika.docx"
    pages = page_texts(libreoffice_pdf(docx, tmp_path))
    truth = target_pages(pages)
    assert len(set(truth.values())) > 1
    # LibreOffice computes the fields itself as it lays the document out …
    assert printed_pages(pages) == truth
    # … while Word shows the value stored in the file until fields are updated: it must be the same.
    body = Document(str(docx)).element.body
    shown = {}
    for paragraph in body.iter(qn("w:p")):
        text = ""
        for node in paragraph.iter(qn("w:t"), qn("w:fldSimple")):
            if node.tag == qn("w:fldSimple") and node.get(qn("w:instr")).split()[0] == "PAGEREF":
                words = next(w for w in TARGETS if text.replace("\u00a0", " ").rstrip().endswith(w))
                shown[words] = int("".join(t.text for t in node.iter(qn("w:t"))))
                assert text.endswith("s.\u00a0"), "mezi „s.“ a číslem strany má být nezlomitelná mezera"
            elif node.tag == qn("w:t"):
                text += node.text or ""
    assert shown == truth
