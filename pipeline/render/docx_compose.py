"""Put the rendered frame in front of pandoc's body and fill the contents field.

ARCHITECTURE.md measured this shape (frame in front of the pandoc DOCX, whose
styles, headers and footers come from the same frame) at 0.3 s against 6.5 s for
a docxtpl subdocument, with every footnote, image, list and link intact.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml.etree import SubElement

R_ATTRIBUTES = (qn("r:embed"), qn("r:id"), qn("r:link"))
# Tag and attribute names made once: the contents add thousands of elements (issue 8).
P, PPR, PSTYLE, R, T, HYPERLINK = (qn(f"w:{name}") for name in ("p", "pPr", "pStyle", "r", "t", "hyperlink"))
BOOKMARK_START, BOOKMARK_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
W_ID, W_NAME, W_VAL = qn("w:id"), qn("w:name"), qn("w:val")
W_ANCHOR, W_HISTORY, XML_SPACE = qn("w:anchor"), qn("w:history"), qn("xml:space")
NUM_ID_PATH = f"{PPR}/{qn('w:numPr')}/{qn('w:numId')}"
HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
# Far above the ids pandoc gives its own bookmarks, so ours never collide.
TOC_BOOKMARK_IDS = 1_000_000


def prepend_frame(body: DocxDocument, frame: DocxDocument) -> None:
    """Insert the frame's content (cover, contents) before the body's first block."""
    target = body.element.body
    anchor = target[0]
    for element in frame.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        clone = copy.deepcopy(element)
        _relink(clone, frame, body)
        anchor.addprevious(clone)
    _renumber_drawings(body)


def _relink(element: Any, source: DocxDocument, target: DocxDocument) -> None:
    """Re-create in ``target`` the relationships (images, links) that ``element`` uses."""
    for node in element.iter():
        for attribute in R_ATTRIBUTES:
            old = node.get(attribute)
            if old is None:
                continue
            rel = source.part.rels[old]
            if rel.is_external:
                new = target.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
            elif rel.reltype == RT.IMAGE:
                new, _image = target.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
            else:
                new = target.part.relate_to(rel.target_part, rel.reltype)
            node.set(attribute, new)


def _renumber_drawings(document: DocxDocument) -> None:
    """Give every drawing a unique id; Word reports duplicate ids as damaged content."""
    for number, doc_pr in enumerate(document.element.body.iter(qn("wp:docPr")), start=1):
        doc_pr.set("id", str(number))


def fill_contents(document: DocxDocument) -> None:
    """Fill the frame's TOC field with entries that link to the headings.

    The entries are the field's shown result, so the contents are there when the
    file is first opened; Word replaces them (adding page numbers) when the user
    updates fields.
    """
    body = document.element.body
    instruction = next((node for node in body.iter(qn("w:instrText")) if node.text.strip().startswith("TOC")), None)
    if instruction is None:
        return
    field_paragraph = instruction.getparent().getparent()
    runs = field_paragraph.findall(R)
    separate = next(r for r in runs if _fld_char(r) == "separate")
    end = next(r for r in runs if _fld_char(r) == "end")
    for run in runs[runs.index(separate) + 1 :]:
        field_paragraph.remove(run)
    entries = list(_headings(body))
    if not entries:
        field_paragraph.append(end)
        return
    style_ids = {style.name.lower(): style.style_id for style in document.styles}
    paragraph = field_paragraph
    for index, (level, anchor, text) in enumerate(entries):
        if index:
            new = paragraph.makeelement(P)
            paragraph.addnext(new)
            paragraph = new
        _set_style(paragraph, style_ids.get(f"toc {level}", f"TOC{level}"))
        _append_hyperlink(paragraph, anchor, text)
    paragraph.append(end)


def _fld_char(run: Any) -> str | None:
    char = run.find(qn("w:fldChar"))
    return char.get(qn("w:fldCharType")) if char is not None else None


def _headings(body: Any):
    """Yield (level, bookmark, text) of the body's headings, bookmarking each as Word's TOC does.

    Pandoc's own bookmarks carry hyphens and diacritics, which Word does not
    accept in bookmark names, so each heading gets a ``_Toc`` bookmark of ours.
    """
    counters = [0, 0, 0]
    for number, paragraph in enumerate(_heading_paragraphs(body), start=1):
        level, element = paragraph
        prefix = ""
        if not _numbering_switched_off(element):
            # The same 1, 1.1, 1.1.1 that the frame's heading numbering shows.
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
            prefix = ".".join(str(n) for n in counters[:level]) + " "
        name, bookmark_id = f"_Toc{number:08d}", str(TOC_BOOKMARK_IDS + number)
        start = element.makeelement(BOOKMARK_START)
        start.set(W_ID, bookmark_id)
        start.set(W_NAME, name)
        ppr = element.find(PPR)
        if ppr is not None:
            ppr.addnext(start)
        else:
            element.insert(0, start)
        SubElement(element, BOOKMARK_END).set(W_ID, bookmark_id)
        text = "".join(node.text or "" for node in element.iter(T))
        yield level, name, prefix + text


def _numbering_switched_off(paragraph: Any) -> bool:
    """Return True if the paragraph sets its numbering to none (``numId 0``), as unnumbered headings do."""
    num_id = paragraph.find(NUM_ID_PATH)
    return num_id is not None and num_id.get(W_VAL) == "0"


def _heading_paragraphs(body: Any):
    """Yield (level, paragraph) of the headings that the contents list.

    Found by their style elements, which lxml finds without a Python step per
    paragraph (issue 8: a long body has thousands of paragraphs, ~400 headings).
    """
    for style in list(body.iter(PSTYLE)):
        level = HEADING_STYLES.get(style.get(W_VAL))
        properties = style.getparent()
        if level is not None and properties.tag == PPR and properties.getparent().tag == P:
            yield level, properties.getparent()


def _set_style(paragraph: Any, style_id: str) -> None:
    ppr = paragraph.find(PPR)
    if ppr is None:
        ppr = paragraph.makeelement(PPR)
        paragraph.insert(0, ppr)
    for old in ppr.findall(PSTYLE):
        ppr.remove(old)
    style = ppr.makeelement(PSTYLE)
    style.set(W_VAL, style_id)
    ppr.insert(0, style)


def _append_hyperlink(paragraph: Any, anchor: str, text: str) -> None:
    link = SubElement(paragraph, HYPERLINK)
    link.set(W_ANCHOR, anchor)
    link.set(W_HISTORY, "1")
    t = SubElement(SubElement(link, R), T)
    t.set(XML_SPACE, "preserve")
    t.text = text
