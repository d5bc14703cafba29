"""A canonical text of a DOCX, so that ``git diff`` of a Word file shows what changed.

Git calls ``pipeline textconv FILE`` for files marked ``diff=docx`` in
``.gitattributes`` and diffs the text instead of the bytes. The text holds what
a reader and a designer care about, and nothing that Word or LibreOffice change
on a mere re-save (revision ids, zip order, style ids): each paragraph with its
style *name*, tables row by row, headers and footers in section order,
footnotes and endnotes numbered in order, then the page setup of each section
and the definition of every style (a frame is the body's style sheet: a
designer's change of a font or an alignment shows there). Tracked changes show as
``{+inserted+}`` and ``[-deleted-]``, as ``git diff --word-diff`` does.

The file comes from anywhere (a branch, a colleague's e-mail): it is read
within the bounds of :mod:`pipeline.safe_zip`, and anything wrong with it is one
Czech ``path:1:1`` error, never a traceback.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from pipeline.errors import Diagnostic, Location, SourceErrors
from pipeline.safe_zip import UnsafePackage, is_xml_part, parse_part, read_parts

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: footnotes and endnotes with these types are Word's separators, not notes
SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}



def docx_text(path: Path) -> str:
    """Return the canonical text of the DOCX at ``path``; raise a Czech ``path:1:1`` error if it is not one.

    Refused as well: a zip bomb, malformed XML, an XML part with a DTD (see
    :mod:`pipeline.safe_zip`).
    """
    try:
        parts = read_parts(path, is_xml_part)
        if "word/document.xml" not in parts:
            raise UnsafePackage("v souboru chybí word/document.xml", "není to dokument Wordu")
        return Reader(parts).text()
    except UnsafePackage as exc:
        raise SourceErrors([Diagnostic(Location(path), exc.message, exc.hint)]) from None


class Reader:
    """Read the parts of one DOCX package into canonical lines."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        self._parsed: dict[str, etree._Element] = {}
        self.styles = self._style_names()
        #: a note's number by its id: its place among the notes, as the notes section lists them
        self.note_numbers = {
            reference: {note.get(qn("w:id")): number for number, note in enumerate(self._note_elements(part), start=1)}
            for reference, part in (("footnoteReference", "word/footnotes.xml"), ("endnoteReference", "word/endnotes.xml"))
        }

    def text(self) -> str:
        """Return the whole canonical text, sections separated by headings in ``=== … ===``.

        Raises :class:`UnsafePackage` when the document has no body.
        """
        body = self._xml("word/document.xml").find(qn("w:body"))
        if body is None:
            raise UnsafePackage("v části word/document.xml chybí tělo dokumentu (w:body)", "není to dokument Wordu")
        lines = self._blocks(body)
        lines += self._headers_and_footers(body)
        for part, title in (("word/footnotes.xml", "Poznámky pod čarou"), ("word/endnotes.xml", "Vysvětlivky")):
            notes = self._notes(part)
            if notes:
                lines += ["", f"=== {title} ===", *notes]
        lines += self._page_setup(body) + self._styles()
        return "\n".join(lines) + "\n"

    def _page_setup(self, body: etree._Element) -> list[str]:
        """Return each section's page size, margins and columns (a designer's change shows here)."""
        lines = []
        for number, section in enumerate(body.iter(qn("w:sectPr")), start=1):
            settings = [_describe(child) for child in section
                        if child.tag not in {qn("w:headerReference"), qn("w:footerReference")}]
            lines += ["", f"=== Vzhled stránky (oddíl {number}) ===", *settings]
        return lines

    def _styles(self) -> list[str]:
        """Return the definition of every style, by name: a frame is also the body's style sheet."""
        if "word/styles.xml" not in self.parts:
            return []
        styles = {style.get(qn("w:styleId")): style for style in _styles_of(self._xml("word/styles.xml"))}
        lines = ["", "=== Styly ==="]
        for style_id in sorted(styles, key=lambda i: (self.styles.get(i, i), i)):
            style = styles[style_id]
            parts = [f"[{self.styles.get(style_id, style_id)}]"]
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                parts.append(f"podle {self.styles.get(parent.get(qn('w:val')), parent.get(qn('w:val')))};")
            for tag, label in (("pPr", "odstavec"), ("rPr", "písmo"), ("tblPr", "tabulka")):
                found = style.find(qn(f"w:{tag}"))
                if found is not None and len(found):
                    parts.append(f"{label}: " + ", ".join(_describe(child) for child in found) + ";")
            lines.append(" ".join(parts).rstrip(";"))
        return lines

    def _xml(self, name: str) -> etree._Element:
        """Return the parsed part ``name``, parsed once: the styles and notes are read in two places, never changed."""
        if name not in self._parsed:
            self._parsed[name] = parse_part(name, self.parts[name])
        return self._parsed[name]

    def _style_names(self) -> dict[str, str]:
        if "word/styles.xml" not in self.parts:
            return {}
        styles = self._xml("word/styles.xml")
        names = {}
        for style in _styles_of(styles):
            name = style.find(qn("w:name"))
            names[style.get(qn("w:styleId"))] = (name.get(qn("w:val")) if name is not None else None) or style.get(qn("w:styleId"))
        return names

    def _blocks(self, container: etree._Element) -> list[str]:
        """Return the lines of the paragraphs and tables of ``container`` in order."""
        lines: list[str] = []
        for child in container:
            if child.tag == qn("w:p"):
                lines.append(self._paragraph(child))
            elif child.tag == qn("w:tbl"):
                lines += self._table(child)
            elif child.tag in {qn("w:sdt"), qn("w:ins"), qn("w:del"), qn("w:customXml")}:
                content = child.find(qn("w:sdtContent"))
                lines += self._blocks(content if content is not None else child)
        return lines

    def _paragraph(self, paragraph: etree._Element) -> str:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = self.styles.get(style.get(qn("w:val")), style.get(qn("w:val"))) if style is not None else "Normal"
        text = self._inline_text(paragraph)
        return f"[{name}] {text}".rstrip()

    def _inline_text(self, element: etree._Element) -> str:
        """Return the text of a paragraph, tracked insertions and deletions marked."""
        pieces: list[str] = []
        for node in element.iter(qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:footnoteReference"), qn("w:endnoteReference")):
            if node.tag in {qn("w:t"), qn("w:delText")}:
                piece = node.text or ""
            elif node.tag == qn("w:tab"):
                piece = "\t"
            elif node.tag in {qn("w:br"), qn("w:cr")}:
                piece = "\n    "
            else:
                kind = etree.QName(node).localname
                prefix = "^" if kind == "footnoteReference" else "^v"
                piece = f"[{prefix}{self.note_numbers[kind].get(node.get(qn('w:id')), '?')}]"
            change = _change_of(node)
            pieces.append(f"{change[0]}{piece}{change[1]}" if change else piece)
        return _join_marks("".join(pieces))

    def _table(self, table: etree._Element) -> list[str]:
        lines = ["[Tabulka]"]
        for row in table.iter(qn("w:tr")):
            cells = []
            for cell in row.findall(qn("w:tc")):
                texts = (self._inline_text(p) for p in cell.iter(qn("w:p")))
                cells.append(" / ".join(text for text in texts if text))
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    def _headers_and_footers(self, body: etree._Element) -> list[str]:
        """Return the headers and footers in the order the sections name them, each once."""
        targets = self._relationships("word/_rels/document.xml.rels")
        lines: list[str] = []
        seen: set[str] = set()
        for number, section in enumerate(body.iter(qn("w:sectPr")), start=1):
            for reference in section:
                if reference.tag not in {qn("w:headerReference"), qn("w:footerReference")}:
                    continue
                part = targets.get(reference.get(f"{{{R}}}id"))
                if part is None or part not in self.parts:
                    continue
                content = self._blocks(self._xml(part))
                kind = "Záhlaví" if reference.tag == qn("w:headerReference") else "Zápatí"
                key = kind + "\0" + "\n".join(content)
                if key in seen:
                    continue
                seen.add(key)
                lines += ["", f"=== {kind} ({reference.get(qn('w:type'), 'default')}, oddíl {number}) ===", *content]
        return lines

    def _relationships(self, name: str) -> dict[str, str]:
        if name not in self.parts:
            return {}
        base = posixpath.dirname(posixpath.dirname(name))
        relationships = parse_part(name, self.parts[name])
        return {
            rel.get("Id"): posixpath.normpath(posixpath.join(base, rel.get("Target")))
            for rel in relationships.iter(f"{{{PACKAGE_RELS}}}Relationship")
            if rel.get("TargetMode") != "External" and rel.get("Id") and rel.get("Target")
        }

    def _note_elements(self, part: str) -> list[etree._Element]:
        """Return the footnotes or endnotes of ``part`` in order, without Word's separators."""
        if part not in self.parts:
            return []
        return [note for note in self._xml(part) if note.get(qn("w:type")) not in SEPARATORS]

    def _notes(self, part: str) -> list[str]:
        prefix = "^" if part == "word/footnotes.xml" else "^v"
        return [
            f"[{prefix}{number}] " + " ".join(self._inline_text(p) for p in note.iter(qn("w:p"))).strip()
            for number, note in enumerate(self._note_elements(part), start=1)
        ]


def _styles_of(styles: etree._Element) -> list[etree._Element]:
    """Return the styles of a styles part that have an id (one without cannot be used)."""
    return [style for style in styles.iter(qn("w:style")) if style.get(qn("w:styleId"))]


def _describe(element: etree._Element) -> str:
    """Return an OOXML property as ``name(attr=value …)``, nested properties inside, attributes sorted."""
    attributes = " ".join(f"{etree.QName(key).localname}={value}" for key, value in sorted(element.attrib.items()))
    children = " ".join(_describe(child) for child in element)
    inner = " ".join(part for part in (attributes, children) if part)
    return f"{etree.QName(element).localname}({inner})" if inner else etree.QName(element).localname


def _change_of(node: etree._Element) -> tuple[str, str] | None:
    """Return the marks around text inside a tracked insertion or deletion, else None."""
    for ancestor in node.iterancestors():
        if ancestor.tag == qn("w:ins"):
            return "{+", "+}"
        if ancestor.tag == qn("w:del"):
            return "[-", "-]"
        if ancestor.tag == qn("w:p"):
            return None
    return None


def _join_marks(text: str) -> str:
    """Join neighbouring marks of the same change: ``{+a+}{+b+}`` → ``{+ab+}``."""
    return text.replace("+}{+", "").replace("-][-", "")
