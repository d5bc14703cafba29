"""A Word frame re-saved by another program, brought back to what the pipeline and Word expect.

Issue 15: a ``frame.docx`` opened and saved by LibreOffice still works.
LibreOffice keeps the styles' names but gives them ids of its own
(``Contents1`` for Word's ``TOC1``, ``Tableoffigures`` for
``TableofFigures``); the body's lists name the Word ids, so their entries
would lose their style, dot leaders and page numbers. It also links the
core properties with a relationship type python-docx does not know, which
made python-docx add a second ``docProps/core.xml`` to the package.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

#: the ids Word gives the built-in styles the pipeline names by id, by lower-cased style name
WORD_STYLE_IDS = {
    "heading 1": "Heading1",
    "heading 2": "Heading2",
    "heading 3": "Heading3",
    "toc 1": "TOC1",
    "toc 2": "TOC2",
    "toc 3": "TOC3",
    "table of figures": "TableofFigures",
}
_REFERENCES = (qn("w:pStyle"), qn("w:basedOn"), qn("w:next"))


def repair(document: Any) -> None:
    """Give ``document`` (python-docx) Word's style ids and core-properties link, in place."""
    _link_core_properties(document)
    _word_style_ids(document)


def _link_core_properties(document: Any) -> None:
    """Give the core properties' relationship the standard type (LibreOffice writes ``officedocument/…``)."""
    for relationship in document.part.package.rels.values():
        if relationship.reltype != RT.CORE_PROPERTIES and relationship.reltype.endswith("/metadata/core-properties"):
            relationship._reltype = RT.CORE_PROPERTIES  # python-docx has no setter; the type is read from here


def _word_style_ids(document: Any) -> None:
    """Rename the ids of the styles in :data:`WORD_STYLE_IDS` to Word's, in every part that names them."""
    styles = list(document.styles.element.iter(qn("w:style")))
    taken = {style.get(qn("w:styleId")) for style in styles}
    renamed: dict[str, str] = {}
    for style in styles:
        name = style.find(qn("w:name"))
        wanted = WORD_STYLE_IDS.get((name.get(qn("w:val")) or "").lower()) if name is not None else None
        current = style.get(qn("w:styleId"))
        if wanted and current != wanted and wanted not in taken:
            style.set(qn("w:styleId"), wanted)
            taken.add(wanted)
            renamed[current] = wanted
    if not renamed:
        return
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for node in element.iter(*_REFERENCES):
            if node.get(qn("w:val")) in renamed:
                node.set(qn("w:val"), renamed[node.get(qn("w:val"))])
