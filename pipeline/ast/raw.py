"""Raw OpenXML, Typst or HTML in Markdown: refused unless the document allows it.

Raw code bypasses every check of ours (accessibility, typography, numbering)
and reaches only one format, so DOCX and PDF would silently disagree.

A Windows path written as plain text (``C:\\Users\\jana``, ``\\\\server\\share``)
is not raw code, though pandoc reads each ``\\Users`` in it as a TeX command
and drops it from the output: it is reported as the path it is, with how to
write it, whether or not raw code is allowed (issue 14).
"""

from __future__ import annotations

import re
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
