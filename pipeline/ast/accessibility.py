"""Accessibility checks on the body (zákon č. 99/2019 Sb., EN 301 549).

Screen readers navigate by headings, so a skipped level (a ``###`` under a
``#``) breaks the document's outline; it is an error, not a style choice.
Alt text of images is checked where images are resolved (:mod:`pipeline.ast.images`).

A formula needs alt text too: PDF/UA requires it, and a screen reader has
nothing else to read. A text generated from the TeX source ("x caret 2") would
satisfy the validator but not the reader, so the author writes it, in Czech:
``[$x^2$]{alt="x na druhou"}``. A formula without one is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.ast import attributes, find_nodes, stringify
from pipeline.ast.part_headings import heading_location, must_open
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics
from pipeline.sources import find_location


def check_heading_levels(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics) -> None:
    """Record an error for every heading that is more than one level below the previous one."""
    previous = 0  # levels run on across parts: a generated part may hold only a heading
    for part in parts_of(ast):
        source = texts.get(part.path, "")
        # The first heading of a chapter file has its own, more telling check (pipeline.ast.part_headings).
        opening = must_open(part)
        for index, node in enumerate(find_nodes(part.blocks, ("Header",))):
            level, title = node["c"][0], stringify(node["c"][2])
            if level > previous + 1 and not (opening and index == 0):
                expected = "#" * (previous + 1)
                diagnostics.error(
                    heading_location(part.path, source, level, title),
                    f"nadpis '{title}' má úroveň {level}, ale předchozí nadpis má úroveň {previous}",
                    f"úrovně nadpisů se nesmí přeskakovat; použijte {expected}",
                )
            previous = level


def math_alt(node: dict[str, Any]) -> str | None:
    """Return the alt text a Span gives the formulas inside it (None if it is no such Span)."""
    if node["t"] != "Span":
        return None
    alt = attributes(node["c"][0]).get("alt", "").strip()
    return alt or None


def check_math_alt(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics) -> None:
    """Record an error for every formula (``$…$``, ``$$…$$``) that is not inside a Span with alt text."""
    for part in parts_of(ast):
        described = {
            id(math) for span in find_nodes(part.blocks, ("Span",)) if math_alt(span)
            for math in find_nodes(span["c"][1], ("Math",))
        }
        source = texts.get(part.path, "")
        for math in find_nodes(part.blocks, ("Math",)):
            if id(math) in described:
                continue
            display, tex = math["c"][0]["t"] == "DisplayMath", math["c"][1]
            marks = "$$" if display else "$"
            diagnostics.error(
                find_location(part.path, source, f"{marks}{tex}"),
                f"vzorec {marks}{tex}{marks} nemá alternativní text",
                f'čtečka obrazovky jej jinak nepřečte; napište [{marks}{tex}{marks}]{{alt="…"}}, např. alt="x na druhou"',
            )
