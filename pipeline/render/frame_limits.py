"""What of a Word frame the PDF cannot carry, found before the build and named where it lies.

The PDF's cover is made from the Word frame (:mod:`pipeline.render.frame_cover`);
text boxes, shapes, charts, tables, floating pictures and most fields have no
counterpart there. A user who added one in Word must learn that the PDF will
differ, at the paragraph where it is: the frame's path, the paragraph's number
in its part (as the line) and the paragraph's text. A picture without alt
text is an error: the PDF is PDF/UA-tagged, and a screen reader needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from pipeline.errors import shortened
from pipeline.render.frame_cover import IMAGE_TYPES, field_name, is_contents, section_parts
from pipeline.render.frame_look import Looks, is_on
from pipeline.render.typst_glyphs import missing_glyphs

PICTURE_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
#: fields the PDF has a counterpart of (TOC ends the cover anyway)
CARRIED_FIELDS = {"PAGE", "NUMPAGES", "TOC"}
ALT_TEXT_HINT = "ve Wordu klikněte na obrázek pravým tlačítkem, zvolte Zobrazit alternativní text a popište jej"
_SHOWN = 60


@dataclass(frozen=True)
class FrameNote:
    """One thing of the frame the PDF cannot carry (a warning) or must not lack (an error)."""

    paragraph: int
    message: str
    hint: str | None = None
    error: bool = False


def frame_notes(document: Any) -> list[FrameNote]:
    """Return what the PDF cannot carry of the unrendered Word frame ``document``, in reading order."""
    looks = Looks(document.styles.element)
    parts = [("na obálce", _cover_part(document.element.body, looks), document.part)]
    section = document.element.body.find(qn("w:sectPr"))
    if section is not None:
        for kind, where in (("header", "v záhlaví"), ("footer", "v zápatí")):
            parts += [(where, list(part.element.iter(qn("w:p"))), part) for _, part in section_parts(document, section, kind)]
    notes = [note for where, paragraphs, part in parts for note in _part_notes(paragraphs, where, part)]
    notes += _glyph_notes([(where, paragraphs) for where, paragraphs, _ in parts])
    settings = document.settings.element
    even = settings.find(qn("w:evenAndOddHeaders"))
    if even is not None and is_on(even):
        notes.append(FrameNote(1, "záhlaví a zápatí sudých stránek se do PDF nepřenesou",
                               "PDF má na všech stránkách záhlaví a zápatí lichých stránek"))
    return notes


def _glyph_notes(parts: list[tuple[str, list[Any]]]) -> list[FrameNote]:
    """Return an error for each character of the frame's own words no font of the PDF has (PDF/UA refuses it)."""
    texts = [(where, number, _all_text(paragraph)) for where, paragraphs in parts
             for number, paragraph in enumerate(paragraphs, start=1)]
    missing = set(missing_glyphs(set("".join(text for _, _, text in texts))))
    return [
        FrameNote(number, f"znak '{character}' (U+{ord(character):04X}) {where}, v odstavci {number} "
                  f"„{shortened(text.strip(), _SHOWN)}“ nelze v PDF zobrazit: nemá jej žádné z písem dokumentu",
                  "nahraďte jej slovy nebo obrázkem s alternativním textem; přístupné PDF nesmí obsahovat text bez písma",
                  error=True)
        for where, number, text in texts for character in sorted(set(text) & missing)
    ]


def _all_text(paragraph: Any) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _cover_part(body: Any, looks: Looks) -> list[Any]:
    """Return the paragraphs of the body up to the contents, those in tables and text boxes too.

    Numbered in document order, as the frame check numbers a tag's paragraph.
    """
    paragraphs = []
    for element in body:
        if is_contents(element, looks):
            break
        paragraphs += list(element.iter(qn("w:p")))
    return paragraphs


def _part_notes(paragraphs: list[Any], where: str, part: Any) -> Iterator[FrameNote]:
    """Yield the notes of one ``part``'s ``paragraphs`` (numbered from 1 in reading order)."""
    tables: set[Any] = set()
    for number, paragraph in enumerate(paragraphs, start=1):
        place = f"{where}, v odstavci {number} „{_text(paragraph)}“"
        table = _table_of(paragraph)
        if table is not None and table not in tables:
            tables.add(table)
            yield FrameNote(number, f"tabulka {place} se do PDF přenese jen jako odstavce pod sebou",
                            "na obálce místo tabulky použijte odstavce")
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            yield FrameNote(number, f"konec oddílu {place} se do PDF nepřenese",
                            "oddíly rámce nahraďte koncem stránky (Ctrl+Enter)")
        yield from _drawing_notes(paragraph, number, place, part)
        for name in _field_names(paragraph):
            if name not in CARRIED_FIELDS:
                yield FrameNote(number, f"pole {name} {place} se do PDF přenese jen jako jeho zobrazený text",
                                "do PDF se přenášejí jen pole PAGE (číslo stránky) a NUMPAGES (počet stránek)")


def _drawing_notes(paragraph: Any, number: int, place: str, part: Any) -> Iterator[FrameNote]:
    """Yield the notes of the pictures, shapes, charts and text boxes in ``paragraph``."""
    if _own(paragraph, qn("w:txbxContent")):
        yield FrameNote(number, f"textové pole {place} se do PDF nepřenese", "text pište do odstavců rámce")
    if _own(paragraph, qn("w:pict")):
        yield FrameNote(number, f"tvar nebo obrázek ve starém formátu (VML) {place} se do PDF nepřenese",
                        "vložte obrázek znovu přes Vložení → Obrázky")
    for drawing in _own(paragraph, qn("w:drawing")):
        data = next(drawing.iter(qn("a:graphicData")), None)
        if data is None or data.get("uri") != PICTURE_URI:
            if next(drawing.iter(qn("w:txbxContent")), None) is None:
                yield FrameNote(number, f"tvar, graf nebo diagram {place} se do PDF nepřenese",
                                "vložte jej jako obrázek (PNG nebo JPEG)")
            continue
        blip = next(drawing.iter(qn("a:blip")), None)
        target = part.rels.get(blip.get(qn("r:embed"))) if blip is not None else None
        if target is not None and not target.is_external and target.target_part.content_type not in IMAGE_TYPES:
            kind = target.target_part.content_type.rpartition("/")[2].upper()
            yield FrameNote(number, f"obrázek ve formátu {kind} {place} se do PDF nepřenese",
                            "vložte jej znovu jako PNG nebo JPEG")
        properties = next(drawing.iter(qn("wp:docPr")), None)
        if properties is None or not (properties.get("descr") or properties.get("title") or "").strip():
            yield FrameNote(number, f"obrázek {place} nemá alternativní text", ALT_TEXT_HINT, error=True)
        if drawing.find(qn("wp:anchor")) is not None:
            yield FrameNote(number, f"plovoucí obrázek {place} bude v PDF v řádku odstavce",
                            "nastavte ve Wordu obtékání Vložit v řádku textu, ať oba výstupy vypadají stejně")


def _field_names(paragraph: Any) -> Iterator[str]:
    """Yield the name of every field of ``paragraph`` (complex and simple)."""
    instruction: list[str] | None = None
    for node in paragraph.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")):
        if next(node.iterancestors(qn("w:p")), None) is not paragraph:  # a text box's paragraph has its own
            continue
        if node.tag == qn("w:fldSimple"):
            yield field_name(node.get(qn("w:instr")) or "")
        elif node.tag == qn("w:instrText"):
            if instruction is not None:
                instruction.append(node.text or "")
        elif node.get(qn("w:fldCharType")) == "begin":
            instruction = []
        elif node.get(qn("w:fldCharType")) == "separate" and instruction is not None:
            yield field_name("".join(instruction))
            instruction = None
        elif node.get(qn("w:fldCharType")) == "end" and instruction is not None:
            yield field_name("".join(instruction))
            instruction = None


def _own(paragraph: Any, tag: str) -> list[Any]:
    """Return the ``tag`` elements of ``paragraph`` itself, not of the paragraphs of its text boxes."""
    return [node for node in paragraph.iter(tag) if next(node.iterancestors(qn("w:p")), None) is paragraph]


def _table_of(paragraph: Any) -> Any:
    """Return the outermost table ``paragraph`` lies in, or None."""
    table = None
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag == qn("w:tbl"):
            table = parent
        parent = parent.getparent()
    return table


def _text(paragraph: Any) -> str:
    return shortened(_all_text(paragraph).strip(), _SHOWN)
