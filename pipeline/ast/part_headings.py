"""Each written part opens where it belongs: a chapter, annex or front part with a level-1 heading.

A chapter file whose first heading is ``##``, or that has no heading, or has
text before its heading, is nothing pandoc minds: its text simply runs on in
the previous chapter, the numbers of every later chapter shift, and an annex
loses its letter, with nobody told (issue 15). So such a part is an error.

A kind may set a part inside a section it generates itself: the text of a
criterion of the quality standards stands under the criterion's heading
(``## Kritérium 1a``), so it needs no heading, and any it has must be deeper
than the one it stands under (a ``#`` there would end the standard). The kind
marks such a part with :func:`below_level`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes, stringify
from pipeline.ast.parts import PartBlocks, parts_of
from pipeline.errors import Diagnostics, Location
from pipeline.sources import find_location

#: the part attribute naming the level of the generated heading a part stands under
BELOW_LEVEL = "below-level"
#: what a part of each role is called in messages
_CALLED = {"front": "úvodní část", "chapter": "kapitola", "annex": "příloha"}
#: blocks that show nothing, so they may come before a part's heading
_INVISIBLE = frozenset({"RawBlock", "Null"})


def below_level(level: int) -> tuple[tuple[str, str], ...]:
    """Return the part attributes of a written text that stands under a generated heading of ``level``."""
    return ((BELOW_LEVEL, str(level)),)


def check_part_headings(ast: dict[str, Any], texts: dict[Path, str], diagnostics: Diagnostics) -> None:
    """Record an error for each written part that would run on in the part before it.

    Generated parts (tables of the catalogue, a report's figures) are the
    pipeline's own and are not checked.
    """
    for part in parts_of(ast):
        source = texts.get(part.path, "")
        below = part.attributes.get(BELOW_LEVEL, "")
        if must_open(part):
            _check_opening(part, source, diagnostics)
        elif below.isdigit():
            _check_nested(part, source, int(below), diagnostics)


def must_open(part: PartBlocks) -> bool:
    """Return True if ``part`` is written text that must open with a level-1 heading (not generated, not nested)."""
    return not part.attributes.get("generated") and not part.attributes.get(BELOW_LEVEL, "").isdigit()


def _check_opening(part: PartBlocks, source: str, diagnostics: Diagnostics) -> None:
    """Require the part to open with a level-1 heading, before any text."""
    called = _CALLED.get(part.role, "část")
    headings = find_nodes(part.blocks, ("Header",))
    if not headings:
        diagnostics.error(
            _first_line(part.path, source),
            f"{called} nemá žádný nadpis, její text by se připojil k předchozí části dokumentu",
            "začněte soubor nadpisem úrovně 1, např. # Název",
        )
        return
    first = headings[0]
    level, title = first["c"][0], stringify(first["c"][2])
    if level != 1:
        diagnostics.error(
            heading_location(part.path, source, level, title),
            f"{called} začíná nadpisem úrovně {level} '{title}', připojila by se k předchozí části dokumentu "
            "a čísla dalších kapitol by se posunula",
            f"první nadpis souboru musí mít úroveň 1: # {title}",
        )
        return
    at = next((index for index, block in enumerate(part.blocks) if block is first), None)
    if at and any(block["t"] not in _INVISIBLE for block in part.blocks[:at]):
        diagnostics.error(
            _first_line(part.path, source),
            f"text před nadpisem '{title}' by se připojil k předchozí části dokumentu",
            f"soubor musí začínat nadpisem; přesuňte # {title} na začátek",
        )


def _check_nested(part: PartBlocks, source: str, below: int, diagnostics: Diagnostics) -> None:
    """Require every heading of a part standing under a generated heading of level ``below`` to be deeper."""
    for heading in find_nodes(part.blocks, ("Header",)):
        level, title = heading["c"][0], stringify(heading["c"][2])
        if level <= below:
            deeper = "#" * (below + 1)
            diagnostics.error(
                heading_location(part.path, source, level, title),
                f"nadpis '{title}' má úroveň {level}, ale text stojí pod nadpisem úrovně {below}, "
                "který vytváří pipeline; takový nadpis by jej ukončil",
                f"použijte úroveň {below + 1} nebo nižší: {deeper} {title}",
            )


def heading_location(path: Path, source: str, level: int, title: str) -> Location:
    """Return where the heading ``title`` of ``level`` is written in ``source`` (ATX form first, then its title)."""
    marks = "#" * level
    location = find_location(path, source, f"{marks} {title}")
    if location.line == 1 and not source.startswith(f"{marks} {title}"):
        location = find_location(path, source, title)
    return location


def _first_line(path: Path, source: str) -> Location:
    """Return the start of the first line of ``source`` that is not blank."""
    for number, line in enumerate(source.split("\n"), start=1):
        if line.strip():
            return Location(path, number, 1)
    return Location(path)

