"""The PDF's cover, imprint, page set-up, header and footer, generated from the rendered Word frame.

The Word frame (``frame.docx``) is the one place a user edits the cover
(ARCHITECTURE.md: two hand-kept frames drift apart). After docxtpl has filled
its tags, everything before the contents (cover, publicity block, imprint) and
the section's header, footer and page size become Typst markup in
``cover.typ``, which ``frame.typ`` imports:

- ``page-setup``: the arguments of Typst's ``page`` (size, margins, header, footer);
- ``cover``: the cover pages as content.

Texts become Typst string literals, never markup or code, so nothing in a
project's data is evaluated. Runs of empty paragraphs, which Word users use to
push a block down the page, become fractional spacing of the same proportion,
and a frame at the foot of the page (``w:framePr``, the imprint's) is pushed
down by all of the page's free space, so the publicity block and the imprint
sit at the bottom of their page as in Word, without ever pushing a page over.
Images keep their alt text (the PDF is PDF/UA-tagged). What has no counterpart here is skipped; ``check`` names it
(:mod:`pipeline.render.frame_limits`).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from docx.oxml.ns import qn

from pipeline.render.frame_look import TWIPS_PER_POINT, Look, Looks, is_on

#: English Microsoft Office Open XML units
EMU_PER_MM = 36_000
TWIPS_PER_MM = 56.7
#: the folder of Typst's root the frame's images are written to
MEDIA = "frame-media"
CONTENTS_STYLES = ("toc heading", "contents heading")
#: the pictures Typst shows, by content type, with the suffix Typst knows them by
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}
#: Word paragraphs are spaced by their own spacing only, and a Word line is as tall as its font's
#: ascender and descender (Typst's default box ends at the baseline, and a two-line title would touch
#: the subtitle); a broken title word looks like a typo
COVER_RULES = ("#set block(spacing: 0pt)\n#set par(spacing: 0pt)\n"
               '#set text(hyphenate: false, top-edge: "ascender", bottom-edge: "descender")\n'
               # Word shows the quotes the frame and the (typeset) data have; Typst would curl straight ones.
               "#set smartquote(enabled: false)\n")
_FIELDS = {"PAGE": "#context counter(page).display()", "NUMPAGES": "#context counter(page).final().first()"}


@dataclass
class CoverSource:
    """The generated ``cover.typ`` and the images it names (by their path below Typst's root)."""

    typst: str
    media: dict[str, bytes] = field(default_factory=dict)


def typst_string(text: str) -> str:
    """Return ``text`` as a Typst string literal: shown as text, never read as markup or code."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else "" for c in escaped).replace("\t", " ")
    return f'"{escaped}"'


def cover_source(document: Any) -> CoverSource:
    """Return the Typst of the rendered Word frame ``document`` (a python-docx document)."""
    converter = _Converter(document)
    cover = converter.flow(list(_cover_blocks(document.element.body, converter.looks)), document.part)
    page = converter.page_setup(document)
    return CoverSource(f"#let page-setup = {page}\n\n#let cover = [\n{COVER_RULES}{cover}]\n", converter.media)


def is_contents(element: Any, looks: Looks) -> bool:
    """Return True if ``element`` starts the contents: its heading, a TOC field or a contents control."""
    if element.tag == qn("w:sdt"):
        gallery = element.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        if gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower():
            return True
    if element.tag == qn("w:p") and looks.style_name(element) in CONTENTS_STYLES:
        return True
    instructions = "".join(node.text or "" for node in element.iter(qn("w:instrText")))
    simple = [node.get(qn("w:instr")) or "" for node in element.iter(qn("w:fldSimple"))]
    return any(text.strip().upper().startswith("TOC") for text in [instructions, *simple])


def _cover_blocks(body: Any, looks: Looks):
    """Yield the paragraphs before the contents, those in tables and content controls in reading order."""
    for element in body:
        if is_contents(element, looks):
            return
        if element.tag == qn("w:p"):
            yield element
        elif element.tag in (qn("w:tbl"), qn("w:sdt")):
            # A table's cells are carried as plain paragraphs, in reading order (check warns).
            yield from (p for p in element.iter(qn("w:p")) if not _in_text_box(p, element))


def _in_text_box(paragraph: Any, container: Any) -> bool:
    """Return True if ``paragraph`` lies in a text box inside ``container``."""
    parent = paragraph.getparent()
    while parent is not None and parent is not container:
        if parent.tag == qn("w:txbxContent"):
            return True
        parent = parent.getparent()
    return False


class _Converter:
    """Turns Word paragraphs into Typst, collecting the images they show."""

    def __init__(self, document: Any) -> None:
        self.looks = Looks(document.styles.element)
        self.media: dict[str, bytes] = {}
        self.heights = _area_heights(document.element.body.find(qn("w:sectPr")))

    def _at_foot(self, look: Look) -> bool:
        """Return True if the paragraph of ``look`` lies in a frame at the foot of the page or of its margin."""
        return look.frame is not None and look.frame.at_foot(self.heights.get(look.frame.anchor, math.inf))

    def flow(self, paragraphs: list[Any], part: Any, *, pages: bool = True) -> str:
        """Return the Typst of ``paragraphs`` of ``part``; runs of empty ones become fractional spacing.

        Without ``pages`` (a header or footer) there is no page to fill: empty
        paragraphs keep their height and page breaks are dropped. Paragraphs in a
        frame at the foot of the page (:meth:`~pipeline.render.frame_look.FramePlace.at_foot`) are pushed
        there by all the page's free space; empty paragraphs between them and the
        page break are in Word above the frame, so they push nothing.
        """
        lines: list[str] = []
        gap = 0.0
        frame = _Frame.NONE
        for paragraph in paragraphs:
            look = self.looks.paragraph(paragraph)
            pieces = self._pieces(paragraph, look, part)
            if look.page_break_before and pages:
                gap = self._end_page(lines, gap, frame)
                lines.append("#pagebreak(weak: true)")
                frame = _Frame.NONE
            at_foot = pages and self._at_foot(look)
            if at_foot and frame is not _Frame.INSIDE:
                gap = self._close_gap(lines, gap, True)
                lines.append("#v(1fr)")
                frame = _Frame.INSIDE
            elif frame is _Frame.INSIDE and not at_foot:
                frame = _Frame.AFTER
            if not any(piece for piece in pieces if piece is not _PAGE_BREAK):
                gap += look.line_height
            for piece in pieces:
                if piece is _PAGE_BREAK:
                    if pages:
                        gap = self._end_page(lines, gap, frame)
                        lines.append("#pagebreak()")
                        frame = _Frame.NONE
                    continue
                if not piece:
                    continue
                gap = self._close_gap(lines, gap, pages and frame is not _Frame.INSIDE)
                lines.append(_paragraph(look, piece))
                if frame is _Frame.AFTER:
                    frame = _Frame.NONE
        self._close_gap(lines, gap, pages and frame is _Frame.NONE)
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def _end_page(cls, lines: list[str], gap: float, frame: _Frame) -> float:
        """Write the spacing of the empty paragraphs that end a page; after a bottom frame there is none."""
        return 0.0 if frame is _Frame.AFTER else cls._close_gap(lines, gap, frame is _Frame.NONE)

    @staticmethod
    def _close_gap(lines: list[str], gap: float, flexible: bool) -> float:
        """Write the spacing of ``gap`` points of empty paragraphs: a share of the free space if ``flexible``."""
        if gap > 0:
            lines.append(f"#v({gap:.1f}fr)" if flexible else f"#v({gap:.1f}pt)")
        return 0.0

    def _pieces(self, paragraph: Any, look: Look, part: Any) -> list[Any]:
        """Return the paragraph's inline Typst split at page breaks: strings, with :data:`_PAGE_BREAK` between."""
        pieces: list[Any] = [""]
        field_state: list[str] = []  # "code" while reading an instruction, "result" while its shown text runs
        instruction = ""
        for run in _runs(paragraph):
            if run.tag == qn("w:fldSimple"):
                code = _FIELDS.get(field_name(run.get(qn("w:instr")) or ""))
                pieces[-1] += code + " " if code else "".join(
                    self._run(r, self.looks.run(look, r), part, pieces) for r in run.iter(qn("w:r"))
                )
                continue
            char = run.find(qn("w:fldChar"))
            if char is not None:
                kind = char.get(qn("w:fldCharType"))
                if kind == "begin":
                    field_state.append("code")
                    instruction = ""
                elif kind == "separate" and field_state:
                    field_state[-1] = "result"
                    code = _FIELDS.get(field_name(instruction))
                    if code:
                        pieces[-1] += code + " "
                        field_state[-1] = "replaced"
                elif kind == "end" and field_state:
                    state = field_state.pop()
                    code = _FIELDS.get(field_name(instruction))
                    if state == "code" and code:  # a field without a shown result
                        pieces[-1] += code + " "
                continue
            if field_state and field_state[-1] == "code":
                instruction += "".join(node.text or "" for node in run.iter(qn("w:instrText")))
                continue
            if field_state and field_state[-1] == "replaced":
                continue
            pieces[-1] += self._run(run, self.looks.run(look, run), part, pieces)
        return pieces

    def _run(self, run: Any, look: Look, part: Any, pieces: list[Any]) -> str:
        """Return the Typst of one run's text and images; a page break in it starts a new piece."""
        out: list[str] = []
        text: list[str] = []

        def flush() -> None:
            if text:
                out.append(_styled(look, "".join(text)))
                text.clear()

        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                text.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                text.append(" ")
            elif tag == qn("w:noBreakHyphen"):
                text.append("\u2011")
            elif tag == qn("w:softHyphen"):
                text.append("\u00ad")
            elif tag in (qn("w:br"), qn("w:cr")):
                flush()
                if child.get(qn("w:type")) == "page":
                    pieces[-1] += "".join(out)
                    out.clear()
                    pieces.extend([_PAGE_BREAK, ""])
                else:
                    out.append("#linebreak() ")
            elif tag == qn("w:drawing"):
                flush()
                out.append(self._image(child, part))
        flush()
        return "".join(out)

    def _image(self, drawing: Any, part: Any) -> str:
        """Return the Typst image of a Word drawing, its picture written to :data:`MEDIA`; '' for shapes."""
        blip = next(drawing.iter(qn("a:blip")), None)
        if blip is None or blip.get(qn("r:embed")) not in part.rels:
            return ""
        image_part = part.rels[blip.get(qn("r:embed"))].target_part
        suffix = IMAGE_TYPES.get(image_part.content_type)
        if suffix is None:
            return ""
        name = f"{MEDIA}/{hashlib.sha256(image_part.blob).hexdigest()[:16]}{suffix}"
        self.media[name] = image_part.blob
        extent = next(drawing.iter(qn("wp:extent")), None)
        size = ""
        if extent is not None and (extent.get("cx") or "").isdigit() and (extent.get("cy") or "").isdigit():
            size = f", width: {int(extent.get('cx')) / EMU_PER_MM:.2f}mm, height: {int(extent.get('cy')) / EMU_PER_MM:.2f}mm"
        properties = next(drawing.iter(qn("wp:docPr")), None)
        alt = (properties.get("descr") or properties.get("title") or "") if properties is not None else ""
        return f"#box(image({typst_string(name)}{size}, alt: {typst_string(alt)}))"

    def page_setup(self, document: Any) -> str:
        """Return the arguments of Typst's ``page`` from the frame's (last) section."""
        section = document.element.body.find(qn("w:sectPr"))
        arguments: list[str] = []
        if section is not None:
            size = section.find(qn("w:pgSz"))
            if size is not None:
                arguments += [f"{name}: {_mm(size.get(qn(f'w:{attribute}')), default)}"
                              for name, attribute, default in (("width", "w", 210), ("height", "h", 297))]
            margins = section.find(qn("w:pgMar"))
            if margins is not None:
                sides = ", ".join(f"{side}: {_mm(margins.get(qn(f'w:{side}')), 25)}"
                                  for side in ("top", "bottom", "left", "right"))
                arguments.append(f"margin: ({sides})")
            title_page = section.find(qn("w:titlePg"))
            first_differs = title_page is not None and is_on(title_page)
            for kind in ("header", "footer"):
                default = self._part_content(document, section, kind, "default")
                first = self._part_content(document, section, kind, "first") if first_differs else default
                arguments.append(f"{kind}: context {{ if here().page() == 1 [{first}] else [{default}] }}")
        return "(" + ", ".join(arguments) + ")" if arguments else "(:)"

    def _part_content(self, document: Any, section: Any, kind: str, which: str) -> str:
        """Return the Typst of the section's ``kind`` (header/footer) of type ``which``; '' if it has none."""
        for part_type, part in section_parts(document, section, kind):
            if part_type == which:
                return "\n" + COVER_RULES + self.flow(list(part.element.iter(qn("w:p"))), part, pages=False)
        return ""


def section_parts(document: Any, section: Any, kind: str) -> Iterator[tuple[str, Any]]:
    """Yield (type, part) of the headers or footers (``kind``) ``section`` names; a missing part is skipped."""
    for reference in section.iter(qn(f"w:{kind}Reference")):
        relationship = document.part.rels.get(reference.get(qn("r:id")))
        if relationship is not None and not relationship.is_external:
            yield reference.get(qn("w:type")) or "default", relationship.target_part


#: marks a page break between the pieces of a paragraph
_PAGE_BREAK = object()


class _Frame(Enum):
    """Where the paragraphs being converted stand to a frame at the bottom of the page."""

    NONE = "none"  # none on this page so far
    INSIDE = "inside"  # in the frame
    AFTER = "after"  # after the frame, before the page's end or further text


def _area_heights(section: Any) -> dict[str, float]:
    """Return the height in points of the page and of the area within its margins, by frame anchor name."""
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None
    page = _twips(size, "h", 16838) / TWIPS_PER_POINT
    return {"page": page,
            "margin": page - (_twips(margins, "top", 1417) + _twips(margins, "bottom", 1417)) / TWIPS_PER_POINT}


def _twips(element: Any, attribute: str, default: int) -> int:
    value = element.get(qn(f"w:{attribute}")) if element is not None else None
    return int(value) if value and value.lstrip("-").isdigit() else default


def _runs(paragraph: Any):
    """Yield the runs and simple fields of ``paragraph`` in order, through links, insertions and smart tags."""
    for child in paragraph:
        if child.tag in (qn("w:r"), qn("w:fldSimple")):
            yield child
        elif child.tag in (qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag"), qn("w:customXml"), qn("w:sdt"),
                           qn("w:sdtContent")):
            yield from _runs(child)


def field_name(instruction: str) -> str:
    """Return the name of the field of ``instruction`` (``PAGE`` of `` PAGE \\* MERGEFORMAT ``), upper-cased."""
    words = instruction.split()
    return words[0].upper() if words else ""


def _paragraph(look: Look, inline: str) -> str:
    """Return one Word paragraph as a Typst block of its alignment, spacing and text."""
    above = f"#v({look.space_before:.1f}pt)\n" if look.space_before else ""
    below = f"\n#v({look.space_after:.1f}pt)" if look.space_after else ""
    return (f"{above}#block(width: 100%)[#set align({look.alignment})\n#set text(size: {look.size:g}pt)\n"
            f"#par(justify: false, first-line-indent: 0pt, leading: 0.15em)[{inline}]]{below}")


def _styled(look: Look, text: str) -> str:
    """Return ``text`` in the font size, weight, slant and colour of ``look``."""
    arguments = [f"size: {look.size:g}pt"]
    if look.bold:
        arguments.append('weight: "bold"')
    if look.italic:
        arguments.append('style: "italic"')
    if look.colour:
        arguments.append(f'fill: rgb("#{look.colour}")')
    body = f"upper({typst_string(text)})" if look.caps else typst_string(text)
    styled = f"#text({', '.join(arguments)}, {body})"
    return f"#underline[{styled}]" if look.underline else styled


def _mm(twips: str | None, default: float) -> str:
    return f"{int(twips) / TWIPS_PER_MM:.1f}mm" if twips and twips.isdigit() else f"{default}mm"
