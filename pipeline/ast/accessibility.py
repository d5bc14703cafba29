"""Accessibility checks on the body (zákon č. 99/2019 Sb., EN 301 549).

Screen readers navigate by headings, so a skipped level (a ``###`` under a
``#``) breaks the document's outline; it is an error, not a style choice.
Alt text of images is checked where images are resolved (:mod:`pipeline.ast.images`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes, stringify
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics
from pipeline.sources import find_location


def check_heading_levels(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics) -> None:
    """Record an error for every heading that is more than one level below the previous one."""
    previous = 0  # levels run on across parts: a generated part may hold only a heading
    for part in parts_of(ast):
        source = texts.get(part.path, "")
        for node in find_nodes(part.blocks, ("Header",)):
            level, title = node["c"][0], stringify(node["c"][2])
            if level > previous + 1:
                marks = "#" * level
                location = find_location(part.path, source, f"{marks} {title}")
                if location.line == 1 and not source.startswith(f"{marks} {title}"):
                    location = find_location(part.path, source, title)
                expected = "#" * (previous + 1)
                diagnostics.error(
                    location,
                    f"nadpis '{title}' má úroveň {level}, ale předchozí nadpis má úroveň {previous}",
                    f"úrovně nadpisů se nesmí přeskakovat; použijte {expected}",
                )
            previous = level
