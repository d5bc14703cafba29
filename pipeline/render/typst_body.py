"""Write a body as Typst chapter by chapter: each chapter's Typst is cached by its AST, the rest written side by side.

Pandoc's Typst writer renders each block on its own (footnotes, labels and
lists are written in place; Typst numbers them), so a chapter's Typst is a
function of the chapter's blocks alone. After one chapter is edited only that
chapter goes through pandoc again (issue 8); in a full build the chapters go
through up to ``threads`` pandoc processes at once.

Chapters written in one process are told apart by a Typst comment pandoc
copies between them. The blank lines at the edges of each chapter are
trimmed and chapters are joined by one blank line, so a chapter's text does
not depend on what was written beside it.

A table cell or a footnote is a Typst content block, whose first line is a
line start: a cell ``1. období`` would be a numbered list there, ``- x`` a
bullet, ``= x`` a heading. Pandoc escapes such marks only at the start of a
written line, so the pipeline escapes them at the start of cells and notes
(:func:`escape_block_starts`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.ast import Node, find_nodes
from pipeline.cache import StepCache
from pipeline.pandoc import ast_to, side_by_side

#: the cache's name for this step (and the suffix of its entries)
STEP = "chapter.typ"
BOUNDARY = "// pipeline: next chapter"
_BOUNDARY_LINE = re.compile(rf"^{re.escape(BOUNDARY)}$", re.MULTILINE)
#: what starts a list item, a term or a heading at a Typst line start: ``1.``, ``-``, ``+``, ``/``, ``=``
_LINE_START_MARK = re.compile(r"(\d+\.|[-+/]|=+)(?=\s|$)")


def typst_body(ast: dict[str, Any], cache: StepCache, threads: int = 1) -> str:
    """Return the Typst source of the body ``ast``, chapter by chapter."""
    escape_block_starts(ast["blocks"])
    chapters = chapters_of(ast["blocks"])
    written: list[str | None] = []
    places: list[Path | None] = []
    for blocks in chapters:
        stored, place = cache.recall(STEP, json.dumps(blocks).encode("utf-8"))
        written.append(stored.decode("utf-8") if stored is not None else None)
        places.append(place)
    missing = [index for index, text in enumerate(written) if text is None]
    texts = side_by_side([chapters[index] for index in missing], threads, lambda run: _write(run, ast), lambda _: 1)
    for index, text in zip(missing, texts, strict=True):
        written[index] = text
        cache.keep(places[index], text.encode("utf-8"))
    return "\n\n".join(text for text in written if text) + "\n"


def chapters_of(blocks: list[Node]) -> list[list[Node]]:
    """Split ``blocks`` before every level-1 heading (the front matter before the first one is a chapter too)."""
    chapters: list[list[Node]] = [[]]
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == 1 and chapters[-1]:
            chapters.append([])
        chapters[-1].append(block)
    return [chapter for chapter in chapters if chapter]


def _write(chapters: list[list[Node]], ast: dict[str, Any]) -> list[str]:
    """Write ``chapters`` in one pandoc process; return the Typst of each, trimmed of blank lines at its edges."""
    boundary = {"t": "RawBlock", "c": ["typst", BOUNDARY]}
    blocks = [block for index, chapter in enumerate(chapters) for block in ([boundary] if index else []) + chapter]
    output = ast_to("typst", {**ast, "blocks": blocks}).decode("utf-8")
    if len(chapters) == 1:
        return [output.strip("\n")]
    texts = [text.strip("\n") for text in _BOUNDARY_LINE.split(output)]
    if len(texts) != len(chapters):  # a chapter wrote our comment itself: write each alone
        return [_write([chapter], ast)[0] for chapter in chapters]
    return texts


def escape_block_starts(blocks: list[Node]) -> None:
    """Escape a list, term or heading mark that opens a table cell or a footnote, so it stays text (in place)."""
    for node in find_nodes(blocks, ("Table", "Note")):
        if node["t"] == "Note":
            _escape_start(node["c"])
            continue
        _attr, _caption, _specs, head, bodies, foot = node["c"]
        rows = head[1] + [row for body in bodies for row in body[2] + body[3]] + foot[1]
        for row in rows:
            for cell in row[1]:
                _escape_start(cell[4])


def _escape_start(blocks: list[Node]) -> None:
    """Put a backslash before the mark that opens the first paragraph of ``blocks``, if one does."""
    if not blocks or blocks[0]["t"] not in ("Plain", "Para") or not blocks[0]["c"]:
        return
    inlines = blocks[0]["c"]
    first = inlines[0]
    match = _LINE_START_MARK.match(first["c"]) if first["t"] == "Str" else None
    if match:
        mark, rest = match.group(0), first["c"][match.end():]
        escaped = {"t": "RawInline", "c": ["typst", f"{mark[:-1]}\\{mark[-1]}" if mark[0].isdigit() else f"\\{mark}"]}
        inlines[0:1] = [escaped, *([{"t": "Str", "c": rest}] if rest else [])]
