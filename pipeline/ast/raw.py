"""Raw OpenXML, Typst or HTML in Markdown: refused unless the document allows it; HTML comments dropped.

Raw code bypasses every check of ours (accessibility, typography, numbering)
and reaches only one format, so DOCX and PDF would silently disagree.

An HTML comment (``<!-- … -->``) is not raw code but the Markdown way of
writing a note to fellow authors: it is dropped from the body right after
parsing (:func:`drop_comments`), so neither format shows it and no check
sees it (issue 15).

A Windows path written as plain text (``C:\\Users\\jana``, ``\\\\server\\share``)
is not raw code, though pandoc reads each ``\\Users`` in it as a TeX command
and drops it from the output: it is reported as the path it is, with how to
write it, whether or not raw code is allowed (issue 14).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pipeline.ast import Node, find_nodes
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics
from pipeline.sources import find_location

#: a Windows path as written in text: a drive (``C:\``) or a network share (``\\server\``) with single
#: backslashes between its parts (doubled ones are already escaped, ``C:\\Users``); a full stop or comma
#: after it ends the sentence, not the path
WINDOWS_PATH = re.compile(
    r"(?<![\w\\:])(?:[A-Za-z]:\\(?!\\)|\\\\(?!\\)[\w.$-]+\\)[^\s\\`]*(?:\\[^\s\\`]+)*\\?(?<![.,;:!?)])"
)
#: an HTML comment and nothing else, as pandoc keeps it in a raw node (it may span lines)
_COMMENT = re.compile(r"<!--(?:(?!-->).)*-->", re.DOTALL)
#: inlines that stand between words; a dropped comment must not leave two of them side by side
_SPACING = frozenset({"Space", "SoftBreak"})
#: the text nodes a path written in the source shows up in when pandoc kept it whole
_SHOWN = ("Str", "Space", "Code", "CodeBlock", "RawInline", "SoftBreak", "LineBreak")


def check_raw(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics, allowed: bool) -> None:
    """Record an error for each Windows path pandoc mangled and each raw block or inline, unless ``allowed``."""
    for part in parts_of(ast):
        source = texts.get(part.path, "")
        mangled = _mangled_paths(part.blocks, source)
        for path in mangled:
            diagnostics.error(
                find_location(part.path, source, path),
                f"cesta '{path}' by se nevypsala celá: Markdown čte zpětná lomítka v ní jako příkazy",
                f"napište ji do zpětných apostrofů `{path}`, nebo zdvojte každé zpětné lomítko",
            )
        if allowed:
            continue
        for node in find_nodes(part.blocks, ("RawBlock", "RawInline")):
            form, code = node["c"]
            if form == "tex" and any(code.strip() in path for path in mangled):
                continue
            marker = f"{{={form}}}"
            needle = marker if marker in source else code.strip().split("\n")[0][:40]
            diagnostics.error(
                find_location(part.path, source, needle),
                f"surový kód formátu {form} není dovolen",
                "napište obsah v Markdownu, nebo povolte allow_raw: true v document.yaml",
            )


def _mangled_paths(blocks: list[Node], source: str) -> list[str]:
    """Return the Windows paths of ``source`` that the part's text does not show as written, in order."""
    written = list(dict.fromkeys(match.group(0) for match in WINDOWS_PATH.finditer(source)))
    if not written:
        return []
    shown = "".join(_text_of(node) for node in find_nodes(blocks, _SHOWN))
    return [path for path in written if path not in shown]


def _text_of(node: Node) -> str:
    """Return what a text node shows; raw code counts as a break, since it is not shown as text."""
    kind = node["t"]
    if kind == "Str":
        return node["c"]
    if kind in {"Code", "CodeBlock"}:
        return node["c"][1]
    return "\0" if kind == "RawInline" else " "


def drop_comments(blocks: list[Node]) -> None:
    """Remove every HTML comment from ``blocks`` (in place), with the space it leaves and a paragraph it empties.

    ``Text <!-- note --> more`` reads ``Text more``; a comment alone in a
    paragraph removes the paragraph. Raw HTML that is more than a comment stays
    for :func:`check_raw` to refuse.
    """
    if any(_is_comment(node) for node in find_nodes(blocks, ("RawBlock", "RawInline"))):
        _drop_in(blocks)


def _is_comment(node: Any) -> bool:
    """Return True if ``node`` is a raw HTML node holding one comment."""
    if not _is_node(node, ("RawBlock", "RawInline")) or node["c"][0] != "html":
        return False
    return _COMMENT.fullmatch(node["c"][1].strip()) is not None


def _drop_in(value: Any) -> bool:
    """Drop the comments below ``value`` (a list or node of the AST); return True if any was dropped."""
    if type(value) is dict:
        if "c" in value:
            return _drop_in(value["c"])
        return any([_drop_in(item) for item in value.values()])  # a list: every value is looked into
    if type(value) is not list:
        return False
    kept: list[Any] = []
    dropped = False
    for item in value:
        if _is_comment(item):
            dropped = True
            continue
        if _drop_in(item):
            dropped = True
            if _is_node(item, ("Para", "Plain")) and not item["c"]:
                continue  # the paragraph held only comments
        kept.append(item)
    if dropped:
        value[:] = _tidy_spacing(kept)
    return dropped


def _tidy_spacing(items: list[Any]) -> list[Any]:
    """Return ``items`` without spacing at either end or doubled where a comment stood (a line break wins)."""
    if not any(_is_node(item, _SPACING) for item in items):
        return items
    tidy: list[Any] = []
    for item in items:
        if _is_node(item, _SPACING) and (not tidy or _is_node(tidy[-1], _SPACING)):
            if tidy and item["t"] == "SoftBreak":
                tidy[-1] = item
            continue
        tidy.append(item)
    while tidy and _is_node(tidy[-1], _SPACING):
        tidy.pop()
    return tidy


def _is_node(item: Any, kinds: Collection[str]) -> bool:
    """Return True if ``item`` is an AST node of one of ``kinds``."""
    return type(item) is dict and item.get("t") in kinds
