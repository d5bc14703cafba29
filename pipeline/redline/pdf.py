"""The redline as a PDF for readers without Word: insertions underlined, deletions struck through.

The tracked-change Spans of the body become Typst markup around their text;
the rest is the normal Typst rendering in the document's frame, with a legend
in front.
"""

from __future__ import annotations

from typing import Any

from pipeline.ast import Node, text_inlines
from pipeline.redline.marks import change_of, is_marker

INSERTED = 'text(fill: rgb("#0b6e2e"))[#underline(stroke: 0.8pt + rgb("#0b6e2e"))['
DELETED = 'text(fill: rgb("#b3261e"))[#strike(stroke: 0.8pt + rgb("#b3261e"))['


def coloured(ast: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """Return ``ast`` with its changes as coloured Typst markup and a legend naming the revisions."""
    legend: list[Node] = [
        *text_inlines(f"Změny mezi verzemi {old} a {new}:"),
        {"t": "Space"},
        *_wrap(INSERTED, text_inlines("vložený text")),
        {"t": "Str", "c": ","},
        {"t": "Space"},
        *_wrap(DELETED, text_inlines("odstraněný text")),
        {"t": "Str", "c": "."},
    ]
    return {**ast, "blocks": [{"t": "Para", "c": legend}, *_blocks(ast["blocks"])]}


def _blocks(value: Any) -> Any:
    """Return ``value`` (any part of the AST) with change Spans rewritten and markers dropped."""
    if isinstance(value, list):
        result = []
        previous = None
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Span" and is_marker(item):
                continue
            change = change_of(item) if isinstance(item, dict) and "t" in item else None
            if change == "insertion" and previous == "deletion":
                result.append({"t": "Space"})  # "old new", not "oldnew", where one replaces the other
            if change is not None:
                result += _wrap(INSERTED if change == "insertion" else DELETED, _blocks(item["c"][1]))
            else:
                result.append(_blocks(item))
            previous = change
        return result
    if isinstance(value, dict):
        return {key: _blocks(child) for key, child in value.items()}
    return value


def _wrap(opening: str, inlines: list[Node]) -> list[Node]:
    return [{"t": "RawInline", "c": ["typst", "#" + opening]}, *inlines, {"t": "RawInline", "c": ["typst", "]]"]}]
