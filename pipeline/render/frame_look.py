"""How a paragraph or run of the Word frame looks: its style chain and direct formatting, resolved.

Word resolves formatting in layers: the document defaults, then the
paragraph's style and the styles it is based on, then a run's character
style, then what is set on the paragraph or run itself. The PDF cover
(:mod:`pipeline.render.frame_cover`) needs the result, whichever program
saved the frame: Word writes ``<w:b/>`` and ``w:jc="left"``, LibreOffice
``<w:b w:val="true"/>`` and ``w:jc="start"``, and style ids differ between
the two (``TOC1`` and ``Contents1``), so everything is read by meaning, not
by spelling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from docx.oxml.ns import qn

TWIPS_PER_POINT = 20
#: Word's default line height relative to the font size (single spacing of common fonts)
LINE_HEIGHT = 1.15
_OFF = {"0", "false", "off", "none"}
#: w:jc values of both Word dialects (transitional and strict) by Typst alignment
_ALIGNMENTS = {"left": "left", "start": "left", "right": "right", "end": "right", "center": "center",
               "both": "left", "distribute": "left"}


@dataclass(frozen=True)
class Look:
    """The formatting that matters on a cover: font size, weight, slant, colour, alignment, spacing."""

    size: float = 11.0
    bold: bool = False
    italic: bool = False
    underline: bool = False
    colour: str | None = None
    alignment: str = "left"
    space_before: float = 0.0
    space_after: float = 0.0
    page_break_before: bool = False
    caps: bool = False
    #: where the Word frame (``w:framePr``) the paragraph lies in stands; None outside a frame
    frame: FramePlace | None = None

    @property
    def line_height(self) -> float:
        """Return the height in points one line of this look takes, spacing included."""
        return self.size * LINE_HEIGHT + self.space_before + self.space_after


class Looks:
    """Resolves the look of paragraphs and runs against one document's styles."""

    def __init__(self, styles_element: Any) -> None:
        self._styles = {s.get(qn("w:styleId")): s for s in styles_element.iter(qn("w:style"))}
        self._default_paragraph = next(
            (s for s in self._styles.values() if s.get(qn("w:type")) == "paragraph" and _on_value(s.get(qn("w:default")))),
            None,
        )
        defaults = styles_element.find(qn("w:docDefaults"))
        base = Look()
        if defaults is not None:
            base = _apply_run(base, defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
            base = _apply_paragraph(base, defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
        self._base = base

    def paragraph(self, paragraph: Any) -> Look:
        """Return the look of ``paragraph`` (a ``w:p``) before any run's own formatting."""
        ppr = paragraph.find(qn("w:pPr"))
        style_id = _value(ppr, "w:pStyle") if ppr is not None else None
        style = self._styles.get(style_id) if style_id else self._default_paragraph
        look = self._style_look(self._base, style)
        return _apply_paragraph(look, ppr)

    def run(self, paragraph_look: Look, run: Any) -> Look:
        """Return the look of ``run`` (a ``w:r``) in a paragraph of ``paragraph_look``."""
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            return paragraph_look
        style_id = _value(rpr, "w:rStyle")
        look = self._style_look(paragraph_look, self._styles.get(style_id)) if style_id else paragraph_look
        return _apply_run(look, rpr)

    def style_name(self, paragraph: Any) -> str:
        """Return the name of the paragraph's style, lower-cased ('' for the default style)."""
        ppr = paragraph.find(qn("w:pPr"))
        style_id = _value(ppr, "w:pStyle") if ppr is not None else None
        style = self._styles.get(style_id) if style_id else None
        name = style.find(qn("w:name")) if style is not None else None
        return (name.get(qn("w:val")) or "").lower() if name is not None else ""

    def _style_look(self, look: Look, style: Any) -> Look:
        """Return ``look`` with ``style`` and the styles it is based on applied, the furthest first."""
        chain = []
        seen: set[str] = set()
        while style is not None and style.get(qn("w:styleId")) not in seen:
            seen.add(style.get(qn("w:styleId")))
            chain.append(style)
            based_on = _value(style, "w:basedOn")
            style = self._styles.get(based_on) if based_on else None
        for item in reversed(chain):
            look = _apply_paragraph(look, item.find(qn("w:pPr")))
            look = _apply_run(look, item.find(qn("w:rPr")))
        return look


def _value(parent: Any, tag: str) -> str | None:
    child = parent.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _on_value(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def is_on(element: Any) -> bool:
    """Return True if an on/off property element (``<w:b/>``, ``<w:b w:val="true"/>``…) is on."""
    value = element.get(qn("w:val"))
    return value is None or value.lower() not in _OFF


def _toggle(properties: Any, tag: str) -> bool | None:
    """Return an on/off property (``w:b``, ``w:i``…) as set in ``properties``, or None where it is not set."""
    child = properties.find(qn(tag))
    return None if child is None else is_on(child)


def _apply_run(look: Look, rpr: Any) -> Look:
    """Return ``look`` with the run properties ``rpr`` (``w:rPr``) applied."""
    if rpr is None:
        return look
    changes: dict[str, Any] = {}
    for field, tag in (("bold", "w:b"), ("italic", "w:i"), ("caps", "w:caps")):
        toggle = _toggle(rpr, tag)
        if toggle is not None:
            changes[field] = toggle
    underline = _value(rpr, "w:u")
    if underline is not None:
        changes["underline"] = underline.lower() not in _OFF
    size = _value(rpr, "w:sz")
    if size and size.isdigit():
        changes["size"] = int(size) / 2
    colour = _value(rpr, "w:color")
    if colour is not None:
        changes["colour"] = colour.upper() if len(colour) == 6 and _is_hex(colour) else None
    return replace(look, **changes)


def _apply_paragraph(look: Look, ppr: Any) -> Look:
    """Return ``look`` with the paragraph properties ``ppr`` (``w:pPr``) applied."""
    if ppr is None:
        return look
    changes: dict[str, Any] = {}
    alignment = _value(ppr, "w:jc")
    if alignment in _ALIGNMENTS:
        changes["alignment"] = _ALIGNMENTS[alignment]
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        for field, attribute in (("space_before", "w:before"), ("space_after", "w:after")):
            value = spacing.get(qn(attribute))
            if value and value.lstrip("-").isdigit():
                changes[field] = max(0, int(value)) / TWIPS_PER_POINT
    toggle = _toggle(ppr, "w:pageBreakBefore")
    if toggle is not None:
        changes["page_break_before"] = toggle
    frame = ppr.find(qn("w:framePr"))
    if frame is not None:  # a paragraph's own frame replaces its style's, as in Word
        changes["frame"] = frame_place(frame)
    return replace(look, **changes)


@dataclass(frozen=True)
class FramePlace:
    """Where a Word frame stands on its page: what it is placed against, and how far down its bottom edge lies."""

    #: "margin" (the area within the margins), "page" or "text" (moves with the text)
    anchor: str
    #: the frame's bottom edge in points below the top of ``anchor``; infinite when aligned to its bottom
    bottom: float

    def at_foot(self, height: float) -> bool:
        """Return True if the frame sits at the foot of a page or margin area ``height`` points tall."""
        return self.anchor in ("margin", "page") and self.bottom >= height - 1


def frame_place(frame: Any) -> FramePlace:
    """Return where the frame ``frame`` (a ``w:framePr``) stands.

    Word writes a frame at the foot as ``w:yAlign="bottom"``; LibreOffice saves it
    again at its measured place (``w:y`` and an exact ``w:h``) ending at the foot.
    """
    anchor = frame.get(qn("w:vAnchor")) or "text"
    align = frame.get(qn("w:yAlign"))
    if align is not None:
        return FramePlace(anchor, math.inf if align == "bottom" else 0.0)
    top, height = (frame.get(qn(f"w:{name}")) or "" for name in ("y", "h"))
    if not height.isdigit():  # an automatic height: where the frame ends is the text's matter
        return FramePlace(anchor, 0.0)
    offset = int(top) if top.lstrip("-").isdigit() else 0
    return FramePlace(anchor, (offset + int(height)) / TWIPS_PER_POINT)


def _is_hex(text: str) -> bool:
    return all(character in "0123456789abcdefABCDEF" for character in text)
