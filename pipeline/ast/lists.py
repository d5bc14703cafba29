"""Generated back matter: the lists of tables and figures, placed before the annexes.

The AST gets a heading and an empty ``list-of`` div per list; each renderer
fills the div in its own way (a Word TOC field with its entries, a Typst
outline), so the list always matches the captions it lists.
"""

from __future__ import annotations

from typing import Any

from pipeline.ast import Node, text_inlines
from pipeline.ast.xref import Target

LISTS = (("table", "tables", "Seznam tabulek"), ("figure", "figures", "Seznam obrázků"))


def list_blocks(targets: dict[str, Target]) -> list[Node]:
    """Return the headings and placeholders of the lists this document needs (none if it has no captions)."""
    present = {target.kind for target in targets.values()}
    blocks: list[Node] = []
    for kind, name, title in LISTS:
        if kind in present:
            blocks.append({"t": "Header", "c": [1, [f"seznam-{name}", ["unnumbered"], []], text_inlines(title)]})
            blocks.append({"t": "Div", "c": [["", ["list-of", name], []], []]})
    return blocks


def insert_before_annexes(ast: dict[str, Any], blocks: list[Node]) -> None:
    """Insert ``blocks`` after the last chapter, before the first annex part of the body."""
    position = next(
        (index for index, block in enumerate(ast["blocks"]) if block["t"] == "Div" and "annex" in block["c"][0][1]),
        len(ast["blocks"]),
    )
    ast["blocks"][position:position] = blocks


def list_name(node: Node) -> str | None:
    """Return ``tables`` or ``figures`` if ``node`` is a list placeholder, else None."""
    if node["t"] == "Div" and "list-of" in node["c"][0][1]:
        return next(c for c in node["c"][0][1] if c != "list-of")
    return None
