"""Footnotes whose reference and definition do not meet: ``text[^9]`` without ``[^9]:``, and the reverse.

Pandoc prints an undefined reference as the literal text ``[^9]`` and drops
a definition nobody refers to, both without a word (issue 14). Each part
has its own labels (:mod:`pipeline.parse` parses parts alone), so both are
checked part by part: the first is an error (the published text would show
``[^9]``), the second a warning (the note's text is lost, the document
still reads well).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics
from pipeline.sources import TextPositions, find_location

#: a reference as pandoc leaves it in the text when the label has no definition (labels hold no spaces)
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
#: a reference written escaped, as text: ``\[^9]``
_ESCAPED_REFERENCE = re.compile(r"\\\[\^[^\]\s]+\]")
#: a definition: at the start of a line, indented at most three spaces
_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def check_notes(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics) -> None:
    """Record an error for each undefined note reference and a warning for each unreferenced definition."""
    for part in parts_of(ast):
        source = _outside_fences(texts.get(part.path, ""))
        shown = {label for node in find_nodes(part.blocks, ("Str",)) for label in _REFERENCE.findall(node["c"])}
        # An escaped \[^9] is meant as text; a reference brought in by a template value is escaped too.
        unescaped = _ESCAPED_REFERENCE.sub(lambda match: " " * len(match.group(0)), source)
        first: dict[str, int] = {}  # where each label's reference first stands
        for match in _REFERENCE.finditer(unescaped):
            first.setdefault(match.group(1), match.start())
        positions = TextPositions(part.path, unescaped)
        for label in sorted(shown & first.keys()):
            needle = f"[^{label}]"
            diagnostics.error(
                positions.location(first[label]),
                f"poznámka pod čarou '{needle}' nemá v tomto souboru definici, vytiskla by se jako text",
                f"doplňte do téhož souboru řádek '{needle}: Znění poznámky.'; každá kapitola má svá návěští",
            )
        written = Counter(_REFERENCE.findall(source))  # every [^label], definitions included: counted once
        for label, count in Counter(_DEFINITION.findall(source)).items():
            if written[label] <= count:
                diagnostics.warning(
                    find_location(part.path, source, f"[^{label}]:"),
                    f"poznámka pod čarou '[^{label}]' je definována, ale text na ni nikde neodkazuje",
                    f"vložte odkaz [^{label}] za slovo, k němuž patří, nebo definici smažte; do dokumentu se nedostane",
                )


def _outside_fences(text: str) -> str:
    """Return ``text`` with the lines of fenced code blocks blanked (positions stay true)."""
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            lines[index] = ""
        elif match:
            fence = match.group(1)
            lines[index] = ""
    return "\n".join(lines)
