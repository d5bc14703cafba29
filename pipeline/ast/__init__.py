"""Transforms of the Pandoc JSON AST, applied once so that every format agrees.

Nodes are the plain dicts of pandoc's JSON (``{"t": "Header", "c": [...]}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Node = dict[str, Any]


def iter_nodes(value: Any) -> Iterator[Node]:
    """Yield every AST node below ``value``, parents before children.

    An explicit stack instead of nested generators: the walks over a long
    document's AST cost a quarter less (issue 8). A node's children are
    read only after the caller has had it, so a caller may replace them.
    """
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if type(item) is dict:  # JSON gives plain dicts and lists; exact types are the quickest test
            if "t" in item:
                yield item
            children = reversed(list(item.values()))
        elif type(item) is list:
            children = reversed(item)
        else:
            continue
        for child in children:
            if type(child) is dict or type(child) is list:
                push(child)


def stringify(value: Any) -> str:
    """Return the plain text of inlines (or any node), as pandoc's ``stringify`` does."""
    parts: list[str] = []
    for node in iter_nodes(value):
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in {"Space", "SoftBreak", "LineBreak"}:
            parts.append(" ")
        elif kind in {"Code", "Math"}:
            parts.append(node["c"][1])
    return "".join(parts)


def attributes(attr: list[Any]) -> dict[str, str]:
    """Return the key-value attributes of a pandoc ``Attr`` triple."""
    return dict(attr[2])


def map_blocks(blocks: list[Node], replace: Callable[[Node], list[Node] | None]) -> list[Node]:
    """Return ``blocks`` with each top-level block replaced by ``replace(block)`` unless it returns None."""
    result: list[Node] = []
    for block in blocks:
        replacement = replace(block)
        result.extend([block] if replacement is None else replacement)
    return result


def text_inlines(text: str) -> list[Node]:
    """Return inlines for plain ``text`` (words and spaces)."""
    inlines: list[Node] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            inlines.append({"t": "Space"})
        if word:
            inlines.append({"t": "Str", "c": word})
    return inlines
