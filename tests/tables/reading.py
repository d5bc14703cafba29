"""Read tables back out of the outputs as a reader's tools see them: the PDF's tag tree, its words, the DOCX XML."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from lxml import etree
from docx.oxml.ns import qn

_ELEMENT = re.compile(r"^(\s*)([A-Za-z]+)\b(.*)$")
_TEXT = re.compile(r'^\s*"(.*)"$')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass
class TaggedCell:
    """A table cell of a tagged PDF: its tag (TH or TD), its attributes, its text pieces and the tags inside it."""

    tag: str
    attributes: list[str] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    inner_tags: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the cell's text, its lines joined by spaces (no-break spaces read as spaces)."""
        return " ".join(piece.strip() for piece in self.pieces).replace("\u00a0", " ")


def _tag_tree(pdf: Path) -> str:
    """Return ``pdf``'s tag tree with the text of each tag, as ``pdfinfo -struct-text`` prints it."""
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, encoding="utf-8", errors="replace", check=True
    ).stdout


def tagged_count(pdf: Path, tag: str) -> int:
    """Return how many elements of type ``tag`` (``LI``, ``TD``, …) the tag tree of ``pdf`` has."""
    return sum(1 for line in _tag_tree(pdf).splitlines() if (_ELEMENT.match(line) or [None] * 3)[2] == tag)


def tagged_cells(pdf: Path) -> list[TaggedCell]:
    """Return every TH and TD of ``pdf``'s tag tree (``pdfinfo -struct-text``), in reading order."""
    output = _tag_tree(pdf)
    cells: list[TaggedCell] = []
    current: TaggedCell | None = None
    depth = 0
    for line in output.splitlines():
        indent = len(line) - len(line.lstrip())
        if current is not None and indent <= depth:
            current = None
        element = _ELEMENT.match(line)
        if current is None:
            if element and element.group(2) in ("TH", "TD"):
                current, depth = TaggedCell(element.group(2)), indent
                cells.append(current)
            continue
        text = _TEXT.match(line)
        if text:
            current.pieces.append(text.group(1))
        elif line.strip().startswith("/"):
            current.attributes.append(line.strip())
        elif element:
            current.inner_tags.append(element.group(2))
    return cells


@dataclass(frozen=True)
class Word:
    """A word printed on a PDF page, with its box in points."""

    page: int
    text: str
    left: float
    top: float
    right: float


def pdf_words(pdf: Path) -> list[Word]:
    """Return the words of ``pdf`` with their boxes (``pdftotext -bbox``)."""
    output = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for page, text in enumerate(output.split("<page ")[1:], start=1):
        for left, top, right, _bottom, word in _WORD.findall(text):
            words.append(Word(page, html.unescape(word), float(left), float(top), float(right)))
    return words


def letters(text: str) -> set[str]:
    """Return the words of ``text`` made of letters only, stripped of the punctuation around them.

    Words are split at hyphens too: a line may break after the hyphen of "e-mailem".
    """
    found = set()
    for token in re.split(r"[\s\u00a0\u202f\-‐]+", text):
        token = re.sub(r"^\W+|\W+$", "", token)
        if token.isalpha():
            found.add(token)
    return found


def docx_words(docx: Path) -> set[str]:
    """Return every word of the DOCX's parts (body, notes, headers, footers): what any rendering of it may print."""
    texts = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                texts += ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p"))]
    return set().union(*(letters(text) for text in texts))


def docx_table(docx: Path, caption: str):
    """Return the table of the DOCX whose caption (a paragraph just before or after it) contains ``caption``."""
    body = list(Document(str(docx)).element.body.iterchildren())
    paragraphs = [index for index, element in enumerate(body) if element.tag == qn("w:p")]
    for index, element in enumerate(body):
        if element.tag != qn("w:tbl"):
            continue
        before = [i for i in paragraphs if i < index][-1:]
        after = [i for i in paragraphs if i > index][:1]
        near = ["".join(t.text or "" for t in body[i].iter(qn("w:t"))) for i in before + after]
        if any(caption in text.replace("\u00a0", " ") for text in near):  # typography binds "a hodiny"
            return element
    raise AssertionError(f"no table captioned {caption!r} in {docx}")


def grid_widths(table) -> list[int]:
    """Return the widths (twips) of a DOCX table's grid columns."""
    return [int(column.get(qn("w:w"))) for column in table.iter(qn("w:gridCol"))]


def cell_alignments(table, row: int) -> list[str | None]:
    """Return the paragraph alignment (``w:jc``) of each cell of the table's ``row``-th row."""
    rows = table.findall(qn("w:tr"))
    alignments = []
    for cell in rows[row].findall(qn("w:tc")):
        jc = cell.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
        alignments.append(None if jc is None else jc.get(qn("w:val")))
    return alignments
