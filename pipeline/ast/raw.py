"""Raw OpenXML, Typst or HTML in Markdown: refused unless the document allows it.

Raw code bypasses every check of ours (accessibility, typography, numbering)
and reaches only one format, so DOCX and PDF would silently disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics
from pipeline.sources import find_location


def check_raw(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics, allowed: bool) -> None:
    """Record an error for each raw block or inline in the body, unless ``allowed``."""
    if allowed:
        return
    for part in parts_of(ast):
        source = texts.get(part.path, "")
        for node in find_nodes(part.blocks, ("RawBlock", "RawInline")):
            form, code = node["c"]
            marker = f"{{={form}}}"
            needle = marker if marker in source else code.strip().split("\n")[0][:40]
            diagnostics.error(
                find_location(part.path, source, needle),
                f"surový kód formátu {form} není dovolen",
                "napište obsah v Markdownu, nebo povolte allow_raw: true v document.yaml",
            )
