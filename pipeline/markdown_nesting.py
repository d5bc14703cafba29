"""Refuse Markdown nested deeper than pandoc and the AST walks can bear, before pandoc sees it.

Pandoc's time and memory grow with nesting: block quotes ``>>>>…`` 10,000 deep
take 9 s, lists 1,000 deep 26 s and 600 MB, and the JSON of anything 500 deep
overflows Python's stack when read back. Brackets are far worse: pandoc
backtracks over every ``[`` still open, so twelve in one paragraph never end.
A line scan finds both in linear time, so a source is refused with the place
of the offending line instead of hanging the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import limits
from pipeline.errors import Diagnostics, Location

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_QUOTES = re.compile(r"^[ \t>]*")
_LIST_MARKER = re.compile(r"([-*+]|\d{1,9}[.)])([ \t]+|$)")
_DIV_OPEN = re.compile(r"^\s*:{3,}\s*[^\s:]")
_DIV_CLOSE = re.compile(r"^\s*:{3,}\s*$")
#: an HTML element that pandoc nests (group 1 is "/" when it closes)
_HTML_ELEMENT = re.compile(r"<(/?)(?:div|span|blockquote|ul|ol|li)\b", re.IGNORECASE)
_BRACKET = re.compile(r"\\.|[\[\]]")


def nesting_within_limits(path: Path, text: str, diagnostics: Diagnostics) -> bool:
    """Return whether ``text`` (Markdown of ``path``) nests within the limits; record where it does not."""
    levels = _Levels()
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1).startswith(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        depth = levels.of_block(line)
        if depth > limits.MAX_MARKDOWN_DEPTH:
            diagnostics.error(
                Location(path, number, 1),
                f"text je vnořen příliš hluboko (víc než {limits.MAX_MARKDOWN_DEPTH} úrovní citací, seznamů a oddílů)",
                "tak hluboké vnoření skutečný text nepotřebuje; zkontrolujte znaky '>', odrážky a ':::'",
            )
            return False
        column = levels.open_brackets(line)
        if column is not None:
            diagnostics.error(
                Location(path, number, column),
                f"příliš mnoho hranatých závorek otevřených najednou (víc než {limits.MAX_MARKDOWN_BRACKETS})",
                "uzavřete závorky '[' dříve, nebo je pište jako '\\['; pandoc by takový odstavec četl nesmírně dlouho",
            )
            return False
    return True


class _Levels:
    """What is open at the current line: lists (their content columns), divs, HTML elements, brackets."""

    def __init__(self) -> None:
        self.list_columns: list[int] = []
        self.divs = 0
        self.html = 0
        self.brackets = 0

    def of_block(self, line: str) -> int:
        """Return how deep ``line`` stands in quotes, lists, divs and HTML elements, updating what is open."""
        if not line.strip():
            self.brackets = 0  # a blank line ends a paragraph, and with it its brackets
            return 0
        prefix = _QUOTES.match(line).group(0)
        quotes = prefix.count(">")
        rest = line[len(prefix.rstrip(" \t")) if quotes else 0 :].expandtabs(4)
        indent = len(rest) - len(rest.lstrip(" "))
        while self.list_columns and indent < self.list_columns[-1]:
            self.list_columns.pop()
        position = indent
        while marker := _LIST_MARKER.match(rest, position):
            position = marker.end()
            self.list_columns.append(position)
        if _DIV_CLOSE.match(line):
            self.divs = max(self.divs - 1, 0)
        elif _DIV_OPEN.match(line):
            self.divs += 1
        deepest = self.html
        for element in _HTML_ELEMENT.finditer(line):
            self.html = max(self.html - 1, 0) if element.group(1) else self.html + 1
            deepest = max(deepest, self.html)
        return quotes + len(self.list_columns) + self.divs + deepest

    def open_brackets(self, line: str) -> int | None:
        """Count the brackets ``line`` opens and closes; return the column of one beyond the limit, if any."""
        if "[" not in line and "]" not in line:
            return None
        for sign in _BRACKET.finditer(line):
            if sign.group(0) == "[":
                self.brackets += 1
                if self.brackets > limits.MAX_MARKDOWN_BRACKETS:
                    return sign.start() + 1
            elif sign.group(0) == "]":
                self.brackets = max(self.brackets - 1, 0)
        return None
