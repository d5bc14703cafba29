"""Mend the three PDF/UA-1 defects of LibreOffice's tagged PDF export (issue 16).

LibreOffice (7.x, with ``PDFUACompliance``) writes a PDF a PDF/UA-1 validator
rejects for three reasons, all of them in its footnotes and links:

- ``/Tabs (S)``, a string, where the page's tab order must be the name ``/S``
  (ISO 14289-1 §7.18.3: pages with annotations use the structure order);
- ``Note`` structure elements without the ``/ID`` that §7.9 requires;
- the link from a footnote's number back to its reference is an annotation
  outside any ``Link`` structure element (§7.18.5).

Each is mended in place on a :class:`pypdf.PdfWriter`; the page content stays
as LibreOffice laid it out.
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

TABS, STRUCTURE_ORDER = NameObject("/Tabs"), NameObject("/S")
K, P, S, PG, ID = (NameObject(name) for name in ("/K", "/P", "/S", "/Pg", "/ID"))
STRUCT_PARENT, OBJ = NameObject("/StructParent"), NameObject("/Obj")


def mend_tags(writer: PdfWriter) -> None:
    """Make LibreOffice's tagged PDF in ``writer`` pass PDF/UA-1 (see the module's docstring)."""
    root = writer.root_object.get("/StructTreeRoot")
    for page in writer.pages:
        if page.get("/Annots"):
            page[TABS] = STRUCTURE_ORDER
    if root is None:
        return
    notes = [element for element in _elements(root.get_object()) if element.get(S) == "/Note"]
    for number, note in enumerate(notes, start=1):
        if not note.get(ID):
            note[ID] = TextStringObject(f"note-{number}")
    _tag_untagged_links(writer, root.get_object(), notes)


def _elements(node: Any):
    """Yield the structure elements below ``node`` in document order."""
    kids = node.get(K)
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        element = kid.get_object()
        if isinstance(element, DictionaryObject) and S in element:
            yield element
            yield from _elements(element)


def _tag_untagged_links(writer: PdfWriter, root: DictionaryObject, notes: list[DictionaryObject]) -> None:
    """Put each link annotation that no structure element holds into a new ``Link`` element.

    LibreOffice leaves only a footnote's back link (its number at the foot of
    the page) untagged; the new element goes into that page's footnote, the
    k-th back link from the top into the page's k-th ``Note``.
    """
    numbers = root["/ParentTree"].get_object().get("/Nums")
    if numbers is None:  # a parent tree split into kids: LibreOffice writes one flat array
        return
    numbers = numbers.get_object()
    next_key = max([int(root.get("/ParentTreeNextKey", 0)), *(int(key) + 1 for key in numbers[::2])])
    fallback = next(_elements(root), None)
    for page in writer.pages:
        untagged = [
            annotation for annotation in (a.get_object() for a in page.get("/Annots", []))
            if annotation.get("/Subtype") == "/Link" and STRUCT_PARENT not in annotation
        ]
        page_number = page.indirect_reference.idnum
        on_page = [note for note in notes if PG in note and note.raw_get(PG).idnum == page_number]
        untagged.sort(key=lambda annotation: -float(annotation["/Rect"][3]))
        for index, annotation in enumerate(untagged):
            parent = on_page[min(index, len(on_page) - 1)] if on_page else fallback
            if parent is None:
                return
            link = DictionaryObject({
                NameObject("/Type"): NameObject("/StructElem"),
                S: NameObject("/Link"),
                P: parent.indirect_reference,
                PG: page.indirect_reference,
                K: ArrayObject([DictionaryObject({
                    NameObject("/Type"): NameObject("/OBJR"),
                    OBJ: annotation.indirect_reference,
                    PG: page.indirect_reference,
                })]),
            })
            reference = writer._add_object(link)
            _prepend_kid(parent, reference)
            annotation[STRUCT_PARENT] = NumberObject(next_key)
            numbers.extend([NumberObject(next_key), reference])
            next_key += 1
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)


def _prepend_kid(parent: DictionaryObject, kid: Any) -> None:
    """Make ``kid`` the first child of the structure element ``parent`` (a footnote's number comes first)."""
    kids = parent.get(K)
    if kids is None:
        parent[K] = ArrayObject([kid])
    elif isinstance(kids.get_object(), list):
        kids.get_object().insert(0, kid)
    else:
        parent[K] = ArrayObject([kid, parent.raw_get(K)])
