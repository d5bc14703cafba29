"""Tracked-change marks in the Pandoc AST: what is inserted, what is deleted, and by whom.

Text changes are Spans of class ``insertion`` or ``deletion`` with ``author``
and ``date`` attributes: pandoc's DOCX writer turns them into ``w:ins`` and
``w:del`` itself. What pandoc cannot express (a whole paragraph or table row
that is new or gone) is left as an empty Span whose identifier pandoc writes as
a bookmark; :mod:`pipeline.redline.docx` finds those bookmarks and marks the
paragraph mark or the row, so that *accept all* and *reject all* leave no empty
paragraph or row behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipeline.ast import Node
from pipeline.revisions import Stamp

Change = Literal["insertion", "deletion"]
MARKER_PREFIX = "redline-"
#: what a marker marks: the paragraph mark or the table row it stands in
MARKER_TARGETS = ("paragraph", "row")


@dataclass
class Marks:
    """Make change spans and markers; remember who made each marker's change."""

    stamps: dict[str, tuple[Change, Stamp]] = field(default_factory=dict)

    def span(self, change: Change, inlines: list[Node], stamp: Stamp) -> Node:
        """Return ``inlines`` wrapped as one tracked change."""
        return {"t": "Span", "c": [["", [change], [["author", stamp.author], ["date", stamp.date]]], inlines]}

    def marker(self, target: str, change: Change, stamp: Stamp) -> Node:
        """Return an empty Span that marks its paragraph's mark (or its table row) as changed."""
        name = f"{MARKER_PREFIX}{target}-{len(self.stamps) + 1}"
        self.stamps[name] = (change, stamp)
        return {"t": "Span", "c": [[name, [], []], []]}


def is_marker(node: Node) -> bool:
    """Return True for a marker Span made by :meth:`Marks.marker`."""
    return node["t"] == "Span" and node["c"][0][0].startswith(MARKER_PREFIX) and not node["c"][1]


def change_of(node: Node) -> Change | None:
    """Return the change a Span stands for, or None for any other node."""
    if node["t"] != "Span":
        return None
    classes = node["c"][0][1]
    return "insertion" if "insertion" in classes else "deletion" if "deletion" in classes else None


def mark_whole(blocks: list[Node], change: Change, stamp: Stamp, marks: Marks) -> list[Node]:
    """Return ``blocks`` marked as wholly inserted or deleted, down to every paragraph and row."""
    return [marked for block in blocks for marked in _mark_block(block, change, stamp, marks)]


def _mark_block(block: Node, change: Change, stamp: Stamp, marks: Marks) -> list[Node]:
    kind = block["t"]
    content = block.get("c")
    if kind in {"Para", "Plain"}:
        return [{"t": kind, "c": _mark_inlines(content, change, stamp, marks)}]
    if kind == "Header":
        return [{"t": kind, "c": [content[0], content[1], _mark_inlines(content[2], change, stamp, marks)]}]
    if kind == "CodeBlock":
        lines: list[Node] = []
        for index, line in enumerate(content[1].split("\n")):
            lines += [{"t": "LineBreak"}] if index else []
            lines.append({"t": "Code", "c": [["", [], []], line]})
        return [{"t": "Para", "c": _mark_inlines(lines, change, stamp, marks)}]
    if kind in {"BlockQuote", "Div"}:
        inner = content if kind == "BlockQuote" else content[1]
        marked = mark_whole(inner, change, stamp, marks)
        return [{"t": kind, "c": marked if kind == "BlockQuote" else [content[0], marked]}]
    if kind == "BulletList":
        return [{"t": kind, "c": [mark_whole(item, change, stamp, marks) for item in content]}]
    if kind == "OrderedList":
        return [{"t": kind, "c": [content[0], [mark_whole(item, change, stamp, marks) for item in content[1]]]}]
    if kind == "Figure":
        caption = [content[1][0], mark_whole(content[1][1], change, stamp, marks)]
        return [{"t": kind, "c": [content[0], caption, mark_whole(content[2], change, stamp, marks)]}]
    if kind == "Table":
        return [mark_table(block, change, stamp, marks)]
    # A rule or raw block has no text to mark: a deleted one goes, an inserted one stays.
    return [] if change == "deletion" else [block]


def _mark_inlines(inlines: list[Node], change: Change, stamp: Stamp, marks: Marks) -> list[Node]:
    """Return a paragraph's inlines marked as changed, with its paragraph mark."""
    body = [marks.span(change, inlines, stamp)] if inlines else []
    return [marks.marker("paragraph", change, stamp), *body]


def mark_row(row: list, change: Change, stamp: Stamp, marks: Marks) -> list:
    """Return a table row (``[attr, cells]``; a cell is ``[attr, align, rows, cols, blocks]``) marked whole."""
    attr, cells = row
    marked = []
    for cell_attr, align, rows, cols, blocks in cells:
        blocks = mark_whole(blocks, change, stamp, marks)
        # Cell paragraphs keep their marks: a row's deletion removes them with it.
        blocks = [_without_paragraph_markers(block) for block in blocks]
        marked.append([cell_attr, align, rows, cols, blocks])
    if marked:
        first = marked[0][4]
        marker = marks.marker("row", change, stamp)
        if first and first[0]["t"] in {"Para", "Plain"}:
            first[0]["c"].insert(0, marker)
        else:
            first.insert(0, {"t": "Plain", "c": [marker]})
    return [attr, marked]


def _without_paragraph_markers(block: Node) -> Node:
    if block["t"] in {"Para", "Plain"}:
        return {"t": block["t"], "c": [node for node in block["c"] if not is_marker(node)]}
    return block


def mark_table(table: Node, change: Change, stamp: Stamp, marks: Marks) -> Node:
    """Return a table whose caption and every row are marked as inserted or deleted."""
    attr, caption, colspecs, head, bodies, foot = table["c"]
    caption = [caption[0], mark_whole(caption[1], change, stamp, marks)]
    head = [head[0], [mark_row(row, change, stamp, marks) for row in head[1]]]
    bodies = [
        [body[0], body[1], [mark_row(r, change, stamp, marks) for r in body[2]], [mark_row(r, change, stamp, marks) for r in body[3]]]
        for body in bodies
    ]
    foot = [foot[0], [mark_row(row, change, stamp, marks) for row in foot[1]]]
    return {"t": "Table", "c": [attr, caption, colspecs, head, bodies, foot]}
