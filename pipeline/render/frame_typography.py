"""Czech typography in the rendered Word frame: its own words as well as the data filled into it.

The data a frame shows is typeset before it is filled in (``typeset_values``
in :mod:`pipeline.prepare`), but the frame's own words ("Publikace vznikla v
rámci projektu …") are written by whoever designs ``frame.docx``. Every
paragraph of the rendered frame (body, headers, footers, tables, text boxes)
is read as one text across its runs and gets the body's non-breaking spaces,
so no line of the cover or the imprint ends with a one-letter word. The PDF's
cover is made from the same rendered frame, so both formats print it alike.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from pipeline.ast.typography import typeset_pieces

P, T = qn("w:p"), qn("w:t")


def typeset_frame(document: DocxDocument) -> None:
    """Give every paragraph of ``document``'s body, headers and footers the body's non-breaking spaces, in place."""
    parts: list[Any] = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        for paragraph in part.iter(P):
            _typeset_paragraph(paragraph)


def _typeset_paragraph(paragraph: Any) -> None:
    """Typeset the texts of ``paragraph``'s own runs (a text box's paragraphs are visited on their own)."""
    texts = [node for node in paragraph.iter(T) if _nearest_paragraph(node) is paragraph]
    if not any(" " in (node.text or "") for node in texts):
        return
    for node, text in zip(texts, typeset_pieces([node.text or "" for node in texts]), strict=True):
        node.text = text


def _nearest_paragraph(node: Any) -> Any:
    """Return the paragraph that holds ``node`` most closely."""
    parent = node.getparent()
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent
