"""Write page numbers into the filled contents and lists of a DOCX, from a LibreOffice layout."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.render.libreoffice import Layout, normalise

CONTENTS_STYLES = ("toc 1", "toc 2", "toc 3")
LIST_STYLE = "table of figures"
LIST_TITLES = ("Seznam tabulek", "Seznam obrázků")


def add_page_numbers(document: DocxDocument, layout: Layout) -> None:
    """Append the page number to every contents and list entry (after a tab the styles right-align)."""
    style_names = {style.style_id: style.name for style in document.styles}
    entries = [(p, style_names.get(_style_id(p), "")) for p in document.element.body.iter(qn("w:p"))]
    headings = [(normalise(title), page) for title, page in layout.headings]
    cursor = 0
    for paragraph, style in entries:
        if style not in CONTENTS_STYLES:
            continue
        text = normalise(_text(paragraph))
        for index in range(cursor, len(headings)):
            if headings[index][0] == text:
                _append_number(paragraph, headings[index][1])
                cursor = index + 1
                break
    skip = _list_pages(headings, len(layout.pages))
    for paragraph, style in entries:
        if style == LIST_STYLE:
            page = layout.page_of_text(_text(paragraph), skip)
            if page is not None:
                _append_number(paragraph, page)


def _list_pages(headings: list[tuple[str, int]], last_page: int) -> set[int]:
    """Return the pages of the lists themselves, where every caption's text appears once more."""
    pages: set[int] = set()
    for index, (title, start) in enumerate(headings):
        if title in LIST_TITLES:
            end = headings[index + 1][1] - 1 if index + 1 < len(headings) else last_page
            pages.update(range(start, max(start, end) + 1))
    return pages


def _style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _text(paragraph: Any) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _append_number(paragraph: Any, page: int) -> None:
    """Add ``<tab>page`` inside the entry's hyperlink, as Word's own contents entries have it."""
    link = paragraph.find(qn("w:hyperlink"))
    target = link if link is not None else paragraph
    tab_run = OxmlElement("w:r")
    tab_run.append(OxmlElement("w:tab"))
    number_run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = str(page)
    number_run.append(text)
    target.append(tab_run)
    target.append(number_run)
