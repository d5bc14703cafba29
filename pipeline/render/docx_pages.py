"""Write page numbers into the filled contents, lists and page references of a DOCX, from a LibreOffice layout.

Every one of them points at a bookmark: a contents entry links to its
heading's ``_Toc`` bookmark, a list entry to its caption's ``_Ref`` bookmark,
and a page reference (``s. @kap:rizika``) is a PAGEREF field naming one. The
layout tells on which page each bookmark landed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.render.docx_fields import LIST_MARK, PAGE_REFERENCE
from pipeline.render.libreoffice import Layout

CONTENTS_STYLES = ("toc 1", "toc 2", "toc 3")
LIST_STYLE = "table of figures"
ENTRY_STYLES = frozenset({*CONTENTS_STYLES, LIST_STYLE})


def lay_out(document: DocxDocument, layout_of: Callable[[DocxDocument], Layout]) -> Layout:
    """Return the layout ``layout_of`` gives the DOCX; lay it out again if a list heading had to move.

    A list of tables or figures runs on below the bibliography (see
    :meth:`pipeline.render.docx_fields.FieldWriter._runs_on`); its heading
    keeps with its first entry in Word, but LibreOffice does not keep a
    paragraph with a contents field. Where the heading was left at a page
    foot, it starts a page after all, and the pages after it are counted anew.
    """
    found = layout_of(document)
    if _keep_lists_with_headings(document, found):
        found = layout_of(document)
    return found


def _keep_lists_with_headings(document: DocxDocument, layout: Layout) -> bool:
    """Let each run-on heading that is not on its list's first page start a page; return whether any was."""
    moved = False
    for page_break in list(document.element.body.iter(qn("w:pageBreakBefore"))):
        heading = page_break.getparent().getparent()
        if page_break.get(qn("w:val")) != "0" or heading.tag != qn("w:p"):
            continue
        heading_page = _bookmark_page(heading, "_Toc", layout)
        following = heading.getnext()
        list_page = _bookmark_page(following, LIST_MARK, layout) if following is not None else None
        if heading_page is not None and list_page is not None and heading_page != list_page:
            page_break.getparent().remove(page_break)  # the heading style's page break applies again
            moved = True
    return moved


def _bookmark_page(paragraph: Any, prefix: str, layout: Layout) -> int | None:
    """Return the page of the first bookmark in ``paragraph`` whose name starts with ``prefix``."""
    for start in paragraph.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"), "")
        if name.startswith(prefix):
            return layout.page_of_bookmark(name)
    return None


def add_page_numbers(document: DocxDocument, layout: Layout) -> None:
    """Append the page number to every contents and list entry (after a tab the styles right-align),
    and show it in every page reference."""
    # By lower-cased name: Word calls the contents styles "toc 1", LibreOffice re-saves them as "TOC 1".
    style_names = {style.style_id: (style.name or "").lower() for style in document.styles}
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        if style_names.get(_style_id(paragraph), "") not in ENTRY_STYLES:
            continue
        link = paragraph.find(qn("w:hyperlink"))
        page = layout.page_of_bookmark(link.get(qn("w:anchor"), "")) if link is not None else None
        if page is not None:
            _append_number(link, page)
    for field in body.iter(qn("w:fldSimple")):
        words = field.get(qn("w:instr"), "").split()
        if len(words) > 1 and words[0] == PAGE_REFERENCE:
            page = layout.page_of_bookmark(words[1])
            shown = field.find(f"{qn('w:r')}/{qn('w:t')}")
            if page is not None and shown is not None:
                shown.text = str(page)


def _style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _append_number(link: Any, page: int) -> None:
    """Add ``<tab>page`` inside the entry's hyperlink, as Word's own contents entries have it."""
    tab_run = OxmlElement("w:r")
    tab_run.append(OxmlElement("w:tab"))
    number_run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = str(page)
    number_run.append(text)
    link.append(tab_run)
    link.append(number_run)
