"""Word fields for numbers: SEQ in captions, REF and PAGEREF in references, bookmarks on their targets.

The AST already carries every number (see :mod:`pipeline.ast.xref`); here the
numbers become fields whose shown value is that number, so the file is right
when first opened and stays right after the user edits and updates fields.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.ast import Node, attributes, stringify
from pipeline.ast.lists import list_name

UNNUMBERED_MARK = "_Nonum"
RUN_ON_MARK = "_Runon"
#: bookmarks where a list of tables or figures starts: the layout pass checks that its heading kept to it
LIST_MARK = "_List"
#: marks the level-1 headings footnotes are numbered from 1 again at, where they are numbered per chapter
CHAPTER_MARK = "_Chapter"
#: the headings of the back matter's lists: one that follows another runs on below it (templates/common/page-flow.typ)
BACK_MATTER = frozenset({"seznam-literatury", "seznam-tables", "seznam-figures"})
PAGE_REFERENCE = "PAGEREF"
# Far above the ids pandoc gives its bookmarks (and the contents' ones).
BOOKMARK_IDS = 2_000_000
#: node types that carry a numbered caption, and the word the caption starts with
CAPTIONED = {"Table": "Tabulka", "Figure": "Obrázek"}


class _Bookmarks:
    """Word bookmark names for labels, given in the order labels are met."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.next_id = BOOKMARK_IDS

    def name(self, label: str) -> str:
        return self.names.setdefault(label, f"_Ref{len(self.names) + 1:08d}")

    def around(self, name: str, inner: str) -> str:
        self.next_id += 1
        return (
            f'<w:bookmarkStart w:id="{self.next_id}" w:name="{name}"/>{inner}'
            f'<w:bookmarkEnd w:id="{self.next_id}"/>'
        )


def _raw(xml: str) -> Node:
    return {"t": "RawInline", "c": ["openxml", xml]}


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    return f"<w:fldSimple w:instr={quoteattr(f' {instruction} ')}>{_run(shown)}</w:fldSimple>"


class FieldWriter:
    """Turn the number spans of an AST (a private copy) into Word fields and bookmarks.

    The renderer walks the body once and hands every node to :meth:`visit`
    (issue 8: each walk of a long body costs tens of milliseconds). Bookmark
    names go to the captions first, in document order, and then to the rest in
    document order, so the XML is written by :meth:`finish`, after the walk.
    """

    #: the node types :meth:`visit` looks at; the walk need not hand it others
    KINDS = frozenset({"Header", "Span", "Div", *CAPTIONED})

    def __init__(self, footnotes_per_chapter: bool = False) -> None:
        #: footnotes numbered from 1 in each chapter (``footnotes_per_chapter`` in document.yaml)
        self.footnotes_per_chapter = footnotes_per_chapter
        self._bookmarks = _Bookmarks()
        self._captions: list[tuple[str, str, str]] = []  # (word, label, caption text)
        self._steps: list[Callable[[], None]] = []
        self._previous_chapter = ""  # the label of the last level-1 heading visited

    def visit(self, node: Node) -> None:
        """Note what ``node`` needs; a span or list that becomes raw XML is emptied now, so the walk skips its content."""
        kind = node["t"]
        if kind == "Header":
            marks = [RUN_ON_MARK] if self._runs_on(node) else []
            if self.footnotes_per_chapter and node["c"][0] == 1:
                marks.append(CHAPTER_MARK)
            self._steps.append(partial(_mark_heading, node, self._bookmarks, marks))
        elif kind == "Span":
            xml = _span_xml(node["c"])
            if xml is not None:
                _become_raw(node, "")
                self._steps.append(partial(_fill_raw, node, xml, self._bookmarks))
        elif kind in CAPTIONED and node["c"][0][0]:
            self._captions.append((CAPTIONED[kind], node["c"][0][0], stringify(node["c"][1][1])))
        elif kind == "Div" and (name := list_name(node)):
            raw: Node = {"t": "RawBlock", "c": ["openxml", ""]}
            node["c"][1] = [raw]
            self._steps.append(partial(self._fill_list, raw, "Tabulka" if name == "tables" else "Obrázek"))

    def _runs_on(self, heading: Node) -> bool:
        """Return whether a level-1 ``heading`` is a back-matter list right after another (headings come in order)."""
        if heading["c"][0] != 1:
            return False
        label = heading["c"][1][0]
        runs_on = label in BACK_MATTER and self._previous_chapter in BACK_MATTER
        self._previous_chapter = label
        return runs_on

    def finish(self) -> None:
        """Write the XML of every node :meth:`visit` noted, naming the captions' bookmarks first."""
        for _word, label, _text in self._captions:
            self._bookmarks.name(label)
        for step in self._steps:
            step()

    def _fill_list(self, raw: Node, word: str) -> None:
        entries = [(self._bookmarks.name(label), text) for kind, label, text in self._captions if kind == word]
        start = self._bookmarks.around(f"{LIST_MARK}{self._bookmarks.next_id + 1}", "")
        raw["c"][1] = _caption_list(word, entries, start)


def _caption_list(word: str, entries: list[tuple[str, str]], start: str) -> str:
    """Return a Word ``TOC \\c`` field listing captions, its entries already filled and linked.

    ``start`` (a bookmark) marks the first entry: the layout pass finds where the list begins by it.
    """
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> TOC \\h \\z \\c "{word}" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = []
    for index, (bookmark, text) in enumerate(entries):
        link = f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{_run(text)}</w:hyperlink>'
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="TableofFigures"/></w:pPr>{start + begin if index == 0 else ""}{link}'
            f'{end if index == len(entries) - 1 else ""}</w:p>'
        )
    return "".join(paragraphs)


def _mark_heading(node: Node, bookmarks: _Bookmarks, marks: list[str]) -> None:
    """Bookmark a section heading for REF fields; mark it for :func:`apply_heading_marks` (unnumbered, ``marks``)."""
    _level, attr, inlines = node["c"]
    label = attr[0]
    if label.startswith("kap:") and "number" in attributes(attr):
        name = bookmarks.name(label)
        bookmarks.next_id += 1
        inlines.insert(0, _raw(f'<w:bookmarkStart w:id="{bookmarks.next_id}" w:name="{name}"/>'))
        inlines.append(_raw(f'<w:bookmarkEnd w:id="{bookmarks.next_id}"/>'))
    for mark in ([UNNUMBERED_MARK] if "unnumbered" in attr[1] else []) + marks:
        bookmarks.next_id += 1
        inlines.insert(0, _raw(f'<w:bookmarkStart w:id="{bookmarks.next_id}" w:name="{mark}{bookmarks.next_id}"/>'
                               f'<w:bookmarkEnd w:id="{bookmarks.next_id}"/>'))


def _span_xml(content: list[Any]) -> Callable[[_Bookmarks], str] | None:
    """Return what writes the field XML of a number span (``content`` is its ``c``), or None if it stays a span."""
    attr, inlines = content
    classes, values = attr[1], attributes(attr)
    if "caption-label" in classes:
        return partial(_caption_label, values)
    if "number-label" in classes and values.get("label"):
        return partial(_number_label, values["label"], stringify(inlines))
    if "xref" in classes:
        return partial(_xref, values, stringify(inlines))
    if "pageref" in classes:
        return partial(_page_reference, values["target"], stringify(inlines))
    return None


def _caption_label(values: dict[str, str], bookmarks: _Bookmarks) -> str:
    number = values["number"]
    prefix, _, counter = number.rpartition(".")
    sequence = values["seq"] + (prefix.replace(".", "") if prefix else "")
    shown = (_run(f"{prefix}.") if prefix else "") + _field(f"SEQ {sequence} \\* ARABIC", counter)
    label = values.get("label", "")
    inner = bookmarks.around(bookmarks.name(label), shown) if label else shown
    return _run(f"{values['seq']} ") + inner


def _number_label(label: str, text: str, bookmarks: _Bookmarks) -> str:
    return bookmarks.around(bookmarks.name(label), _run(text))


def _xref(values: dict[str, str], text: str, bookmarks: _Bookmarks) -> str:
    label, kind, number = values["target"], values["kind"], values["number"]
    noun = text[: -len(number)]
    switches = "\\r \\h" if kind == "section" else "\\h"
    return (_run(noun) if noun else "") + _field(f"REF {bookmarks.name(label)} {switches}", number)


def _page_reference(label: str, shown: str, bookmarks: _Bookmarks) -> str:
    """Return a PAGEREF field; :func:`pipeline.render.docx_pages.add_page_numbers` fills in its page."""
    return _field(f"{PAGE_REFERENCE} {bookmarks.name(label)} \\h", shown)


def _fill_raw(node: Node, xml: Callable[[_Bookmarks], str], bookmarks: _Bookmarks) -> None:
    node["c"][1] = xml(bookmarks)


def _become_raw(node: Node, xml: str) -> None:
    node["t"], node["c"] = "RawInline", ["openxml", xml]


def apply_heading_marks(document: DocxDocument) -> None:
    """Give the headings :class:`FieldWriter` marked their paragraph properties, and drop the marks.

    An unnumbered heading (annex, front matter) switches heading numbering
    off; a back-matter list that runs on below the one before it (see
    :meth:`FieldWriter._runs_on`) does not start a page, as the heading style would have it;
    footnotes are numbered through the document, or from 1 in each marked
    chapter (``footnotes_per_chapter`` in document.yaml).
    """
    body = document.element.body
    chapters = []
    for start in list(body.iter(qn("w:bookmarkStart"))):
        name = start.get(qn("w:name"), "")
        if name.startswith(UNNUMBERED_MARK):
            _set_property(start.getparent(), "w:numPr", {"w:ilvl": "0", "w:numId": "0"})
        elif name.startswith(RUN_ON_MARK):
            _set_property(start.getparent(), "w:pageBreakBefore", {}, "0")
        elif name.startswith(CHAPTER_MARK):
            chapters.append(start.getparent())
        else:
            continue
        paragraph, mark_id = start.getparent(), start.get(qn("w:id"))
        for end in paragraph.iter(qn("w:bookmarkEnd")):
            if end.get(qn("w:id")) == mark_id:
                end.getparent().remove(end)
                break
        paragraph.remove(start)
    # Word's own numbering runs through the document (one rule for both formats, issue 16) …
    _number_footnotes(body.find(qn("w:sectPr")), "continuous")
    if chapters:  # … unless document.yaml asks for footnotes per chapter
        _number_footnotes_per_chapter(document, chapters)


def _number_footnotes_per_chapter(document: DocxDocument, chapters: list[Any]) -> None:
    """Number the footnotes from 1 again at each chapter heading in ``chapters``, in the text and in the notes.

    Word restarts footnote numbers per section or page only, and LibreOffice
    numbers a restarted section's notes from 0; so each note's reference
    carries its number as its own mark (``w:customMarkFollows``), which every
    reader shows as written, and the note repeats it (its ``w:footnoteRef``).
    Word does not renumber such marks: the build does.
    """
    starts = set(chapters)
    count = 0
    for element in document.element.body.iter(qn("w:p"), qn("w:footnoteReference")):
        if element in starts:
            count = 0
        elif element.tag == qn("w:footnoteReference"):
            count += 1
            element.set(qn("w:customMarkFollows"), "1")
            element.addnext(_text(str(count)))


def _text(text: str) -> Any:
    """Return a ``w:t`` element holding ``text``."""
    element = OxmlElement("w:t")
    element.text = text
    return element


def _number_footnotes(section: Any, restart: str) -> None:
    """Set the section's footnote numbering to start at 1 and restart ``restart`` (``continuous``, ``eachSect``)."""
    properties = section.find(qn("w:footnotePr"))
    if properties is None:
        properties = OxmlElement("w:footnotePr")
        references = [c for c in section if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        (references[-1].addnext if references else lambda e: section.insert(0, e))(properties)
    for element in properties.findall(qn("w:numStart")) + properties.findall(qn("w:numRestart")):
        properties.remove(element)
    # In schema order (CT_FtnProps: pos, numFmt, numStart, numRestart).
    for tag, value in (("w:numStart", "1"), ("w:numRestart", restart)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)


#: the order of a paragraph's properties the Office Open XML schema requires (CT_PPr)
PPR_ORDER = tuple(qn(f"w:{name}") for name in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
))  # fmt: skip


def _set_property(paragraph: Any, tag: str, children: dict[str, str], value: str | None = None) -> None:
    """Add the property ``tag`` (with ``w:val`` ``value`` and child elements ``children``) in schema order."""
    ppr = paragraph.get_or_add_pPr()
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    for child_tag, child_value in children.items():
        child = OxmlElement(child_tag)
        child.set(qn("w:val"), child_value)
        element.append(child)
    rank = PPR_ORDER.index(element.tag)
    later = next((child for child in ppr if child.tag in PPR_ORDER and PPR_ORDER.index(child.tag) > rank), None)
    if later is not None:
        later.addprevious(element)
    else:
        ppr.append(element)
