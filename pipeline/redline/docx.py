"""Finish a redline DOCX: paragraph marks and table rows as tracked changes, unique change ids.

Pandoc writes ``w:ins``/``w:del`` around changed text itself, but it cannot
mark a paragraph mark or a table row, and it repeats change ids. Without a
deleted paragraph mark, *accept all* would leave an empty paragraph where a
paragraph was removed; without a row mark, an empty row.
"""

from __future__ import annotations

import io
import zipfile

from docx.oxml.ns import qn
from lxml import etree

from pipeline.redline.marks import Change
from pipeline.render.reproducible import normalise_zip
from pipeline.revisions import Stamp

DOCUMENT = "word/document.xml"
NOTES = ("word/footnotes.xml", "word/endnotes.xml")
SETTINGS = "word/settings.xml"
#: settings that the schema puts after w:trackRevisions (Word refuses them out of order)
_AFTER_TRACK_REVISIONS = ("doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
                          "styleLockTheme", "styleLockQFSet", "defaultTabStop")
#: far above the ids of pandoc's bookmarks and of ours (pipeline.render.docx_compose, docx_fields)
FIRST_CHANGE_ID = 3_000_000
_TAGS = {"insertion": "ins", "deletion": "del"}



def finish(docx: bytes, stamps: dict[str, tuple[Change, Stamp]], epoch: int) -> bytes:
    """Return ``docx`` with its redline markers turned into paragraph and row changes."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    number = FIRST_CHANGE_ID
    # Footnotes hold tracked changes too; ids are unique across all the parts.
    for name in (DOCUMENT, *NOTES):
        if name not in members:
            continue
        root = etree.fromstring(members[name])
        _apply_markers(root, stamps)
        _drop_deleted_from_contents(root)
        _lift_containers(root)
        _deleted_text(root)
        for element in root.iter(qn("w:ins"), qn("w:del")):
            element.set(qn("w:id"), str(number))
            number += 1
        members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if SETTINGS in members:
        members[SETTINGS] = _track_revisions(members[SETTINGS])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return normalise_zip(out.getvalue(), epoch)


def _track_revisions(settings: bytes) -> bytes:
    """Switch on *Track Changes*: a reviewer's own edits of the redline are tracked too."""
    root = etree.fromstring(settings)
    if root.find(qn("w:trackRevisions")) is None:
        track = etree.Element(qn("w:trackRevisions"))
        following = [child for child in root if child.tag in {qn(f"w:{name}") for name in _AFTER_TRACK_REVISIONS}]
        if following:
            following[0].addprevious(track)
        else:
            root.append(track)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _apply_markers(root: etree._Element, stamps: dict[str, tuple[Change, Stamp]]) -> None:
    """Replace each marker bookmark by a change of its paragraph mark or its row."""
    ends = {end.get(qn("w:id")): end for end in root.iter(qn("w:bookmarkEnd"))}
    for start in list(root.iter(qn("w:bookmarkStart"))):
        name = start.get(qn("w:name"))
        if name not in stamps:
            continue
        change, stamp = stamps[name]
        end = ends.get(start.get(qn("w:id")))
        paragraph = start.getparent()
        for bookmark in (start, end):
            if bookmark is not None:
                bookmark.getparent().remove(bookmark)
        mark = etree.Element(qn(f"w:{_TAGS[change]}"))
        mark.set(qn("w:author"), stamp.author)
        mark.set(qn("w:date"), stamp.date)
        if "-row-" in name:
            row = next(paragraph.iterancestors(qn("w:tr")), None)
            if row is not None:
                _row_properties(row).append(mark)
        else:
            properties = _child(paragraph, "pPr")
            run_properties = _child(properties, "rPr", after=("sectPr", "pPrChange"))
            run_properties.insert(0, mark)


def _drop_deleted_from_contents(root: etree._Element) -> None:
    """Leave a wholly deleted heading out of the contents (its entry would be an empty line)."""
    deleted = {
        bookmark.get(qn("w:name"))
        for paragraph in root.iter(qn("w:p"))
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None
        for bookmark in paragraph.iter(qn("w:bookmarkStart"))
    }
    for link in list(root.iter(qn("w:hyperlink"))):
        if link.get(qn("w:anchor")) in deleted:
            paragraph = link.getparent()
            if paragraph.find(f".//{qn('w:fldChar')}") is None and len(paragraph.findall(qn("w:hyperlink"))) == 1:
                paragraph.getparent().remove(paragraph)  # the entry's own line
            else:
                paragraph.remove(link)  # the line also holds the contents field's start or end


def _lift_containers(root: etree._Element) -> None:
    """Put changes inside links and fields, not around them, as the schema (and Word) wants.

    Pandoc writes ``w:del > w:hyperlink > w:r``; Word expects
    ``w:hyperlink > w:del > w:r``. The same holds for simple fields
    (cross-references). Runs beside the container keep their own change.
    """
    containers = {qn("w:hyperlink"), qn("w:fldSimple")}
    for change in list(root.iter(qn("w:ins"), qn("w:del"))):
        if not any(child.tag in containers for child in change):
            continue
        parent, index = change.getparent(), change.getparent().index(change)
        pieces: list[etree._Element] = []
        current = None
        for child in list(change):
            if child.tag in containers:
                inner = etree.SubElement(child, change.tag, attrib=dict(change.attrib))
                for run in [node for node in child if node is not inner]:
                    inner.append(run)
                pieces.append(child)
                current = None
            else:
                if current is None:
                    current = etree.Element(change.tag, attrib=dict(change.attrib))
                    pieces.append(current)
                current.append(child)
        parent.remove(change)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


def _deleted_text(root: etree._Element) -> None:
    """Name text and field codes inside deletions as deleted (raw runs of fields come as ``w:t``)."""
    for change in root.iter(qn("w:del")):
        for node in change.iter(qn("w:t"), qn("w:instrText")):
            node.tag = qn("w:delText") if node.tag == qn("w:t") else qn("w:delInstrText")


# The row properties of CT_TrPrBase, which come before a row's w:ins / w:del.
_ROW_PROPERTIES = frozenset(qn(f"w:{name}") for name in (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc", "hidden",
))


def _row_properties(row: etree._Element) -> etree._Element:
    """Return the row's ``w:trPr``, made with one row property if it has none.

    The Open XML SDK's schema wants at least one CT_TrPrBase property before a
    row's change mark (issue 16: its validator rejects ``<w:trPr><w:ins/></w:trPr>``);
    ``cantSplit off`` is what a row has anyway.
    """
    properties = _child(row, "trPr", before=("tblPrEx",))
    if not any(child.tag in _ROW_PROPERTIES for child in properties):
        etree.SubElement(properties, qn("w:cantSplit")).set(qn("w:val"), "off")
    return properties


def _child(parent: etree._Element, name: str, before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> etree._Element:
    """Return ``parent``'s child ``name``, creating it in schema order if missing.

    ``before`` names siblings that must precede it (it then goes right after
    them, else first); ``after`` names siblings it must precede (else it goes last).
    """
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    element = etree.Element(qn(f"w:{name}"))
    following = [child for child in parent if child.tag in {qn(f"w:{n}") for n in after}]
    if after:
        if following:
            following[0].addprevious(element)
        else:
            parent.append(element)
        return element
    preceding = [child for child in parent if child.tag in {qn(f"w:{n}") for n in before}]
    parent.insert(parent.index(preceding[-1]) + 1 if preceding else 0, element)
    return element
