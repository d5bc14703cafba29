"""Transforms of the Pandoc JSON AST, applied once so that every format agrees.

Nodes are the plain dicts of pandoc's JSON (``{"t": "Header", "c": [...]}``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

Node = dict[str, Any]

#: Nodes without child nodes: their content is text, or nothing.
LEAVES = frozenset(
    {"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "CodeBlock", "RawBlock", "HorizontalRule"}
)
TEXT_KINDS = frozenset({"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math"})


def iter_nodes(value: Any) -> Iterator[Node]:
    """Yield every AST node below ``value``, parents before children.

    An explicit stack instead of nested generators: the walks over a long
    document's AST cost a quarter less (issue 8). A node's children are
    read only after the caller has had it, so a caller may replace them.
    A node's children are its ``c``: pandoc's nodes have no other field.
    """
    stack = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        # JSON gives plain dicts and lists; exact types are the quickest test. Text and
        # numbers go on the stack too and drop out here: cheaper than testing each child.
        if type(item) is dict:
            if "t" in item:
                yield item
                if "c" in item:
                    push(item["c"])
            else:  # not a node: a citation (its prefix and suffix are inlines), the whole document
                extend(reversed(list(item.values())))
        elif type(item) is list:
            extend(reversed(item))


def find_nodes(value: Any, kinds: Collection[str]) -> list[Node]:
    """Return the nodes below ``value`` whose type is one of ``kinds``, in :func:`iter_nodes` order.

    Cheaper than filtering :func:`iter_nodes` (issue 8): nothing is yielded
    that the caller does not want, and leaves are not looked into. The
    list is made before the caller sees a node, so a caller that changes
    the found nodes must not add or remove nodes of ``kinds``.
    """
    found: list[Node] = []
    stack = [value]
    pop, push, extend, add = stack.pop, stack.append, stack.extend, found.append
    while stack:
        item = pop()
        if type(item) is dict:
            kind = item.get("t")
            if kind is None:
                extend(reversed(list(item.values())))
                continue
            if kind in kinds:
                add(item)
            if kind not in LEAVES and "c" in item:
                push(item["c"])
        elif type(item) is list:
            extend(reversed(item))
    return found


def stringify(value: Any) -> str:
    """Return the plain text of inlines (or any node), as pandoc's ``stringify`` does."""
    parts: list[str] = []
    for node in find_nodes(value, TEXT_KINDS):
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in {"Code", "Math"}:
            parts.append(node["c"][1])
        else:
            parts.append(" ")
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
