"""The parts of a body (chapters, annexes) as fenced divs made by :mod:`pipeline.compose`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ast import Node, attributes, iter_nodes, text_inlines

PART_ROLES = ("front", "chapter", "annex")


@dataclass(frozen=True)
class PartBlocks:
    """The blocks that came from one source file."""

    path: Path
    role: str
    attributes: dict[str, str]
    node: Node

    @property
    def blocks(self) -> list[Node]:
        return self.node["c"][1]


def parts_of(ast: dict[str, Any]) -> list[PartBlocks]:
    """Return the top-level parts of the body in document order."""
    found = []
    for block in ast["blocks"]:
        if block["t"] != "Div":
            continue
        attr = block["c"][0]
        roles = [role for role in attr[1] if role in PART_ROLES]
        attrs = attributes(attr)
        if roles and "source" in attrs:
            found.append(PartBlocks(Path(attrs["source"]), roles[0], attrs, block))
    return found


def label_annexes(ast: dict[str, Any]) -> None:
    """Prefix the first heading of each annex with ``Příloha A:``, lettered in order.

    The letter is a ``number-label`` span, so Word can bookmark it for references.
    """
    for part in parts_of(ast):
        if part.role != "annex":
            continue
        for node in iter_nodes(part.blocks):
            if node["t"] == "Header" and node["c"][0] == 1:
                letter = part.attributes["letter"]
                span = {"t": "Span", "c": [["", ["number-label"], [["label", node["c"][1][0]]]], text_inlines(letter)]}
                node["c"][2] = [*text_inlines("Příloha"), {"t": "Space"}, span, {"t": "Str", "c": ":"}, {"t": "Space"}, *node["c"][2]]
                node["c"][1][1].append("annex")
                break


def unwrap_parts(ast: dict[str, Any]) -> None:
    """Replace the part divs by their blocks, so writers see a flat body."""
    flat: list[Node] = []
    for block in ast["blocks"]:
        if block["t"] == "Div" and any(role in block["c"][0][1] for role in PART_ROLES):
            flat.extend(block["c"][1])
        else:
            flat.append(block)
    ast["blocks"] = flat
