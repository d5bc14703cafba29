"""Lay out every table once, so that DOCX and PDF agree: column widths, alignment and merged row labels (issue 16).

Pandoc leaves most of a table's layout to the writers: a short pipe table gets
no widths at all, text columns no alignment (the DOCX then follows the
paragraph style, the PDF the frame), and a number column is wherever its
header happens to be. This pass decides once, on the transformed AST:

- **Widths.** Columns an author sized (unequal dashes of a pipe table's
  separator line, the drawing of a grid table) keep their proportions. Columns
  left to us (no widths, or all equal, as ``|---|---|`` gives) are sized by
  their text: no column narrower than its longest word, so a header never
  breaks inside a word, and the room left over goes to the columns with the
  most text. Number columns stay as narrow as their numbers.
- **Alignment.** In a table whose author aligned no column, number columns
  are right-aligned and every other column left-aligned (never justified).
  Where the author aligned any column, the others are left-aligned.
- **Row labels.** In a table with the class ``row-groups`` (in its caption:
  ``: Popis {#tab:x .row-groups}``), an empty first cell of a body row belongs
  to the label above it: the label's cell spans those rows. Grid tables span
  cells themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ast import Node, find_nodes, stringify

#: the class of a table whose empty first cells continue the row label above them
ROW_GROUPS = "row-groups"
#: average characters of the widest line a table fills at the body's text size (A4 with 25 mm margins,
#: 11 pt Calibri in the DOCX, about 2 mm a character); this sets when a column's words start to wrap
LINE_CHARACTERS = 80
#: average characters a cell's padding takes beside its text (Word's 1.9 mm on each side)
PADDING = 2
#: bold header text is about this much wider than the body's
HEADER_WEIGHT = 1.05
#: characters narrower and wider than the average one, and by how much (proportional fonts:
#: "Celkem" is wider than "lhůta" by more than one letter)
_NARROW = frozenset("iíïjlľfrtŕť.,:;!'|()[]/-‐ ")
_WIDE = frozenset("mwMWŠŽ%@")
NARROW_WIDTH, WIDE_WIDTH, CAPITAL_WIDTH = 0.55, 1.5, 1.25
#: a number as Czech tables print it: ``1 234``, ``122,5``, ``-3``, ``74,3 %``
_NUMBER = re.compile(r"[-−+]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d+)?(?:[ \u00a0]?%)?")
#: spaces a line may break at (not the no-break spaces Czech typography puts in)
_BREAKABLE = re.compile(r"[ \t\n]+")


@dataclass
class _Column:
    """What the text of one column asks for, in characters."""

    #: the longest word: the column is never narrower
    shortest: float = 0.0
    #: the longest cell on one line: the column never needs more
    natural: float = 0.0
    #: the header on one line
    heading: float = 0.0
    #: cells in the body that hold a number, and cells that hold something else
    numbers: int = 0
    others: int = 0

    @property
    def numeric(self) -> bool:
        """Return whether the column holds numbers only (empty cells aside)."""
        return self.numbers > 0 and self.others == 0


def layout_tables(ast: dict) -> None:
    """Give every table of ``ast`` its widths, column alignment and merged row labels (in place)."""
    for table in find_nodes(ast["blocks"], ("Table",)):
        attr, _caption, specs, head, bodies, foot = table["c"]
        if ROW_GROUPS in attr[1]:
            for body in bodies:
                _merge_row_labels(body[3])
        columns = _measure(len(specs), head[1], [row for body in bodies for row in body[2] + body[3]], foot[1])
        _align(specs, columns)
        if not _sized_by_author(specs):
            for spec, width in zip(specs, _widths(columns), strict=True):
                spec[1] = {"t": "ColWidth", "c": width}


def _sized_by_author(specs: list[list]) -> bool:
    """Return whether the author gave the columns widths: pandoc's, and not all the same."""
    widths = [spec[1].get("c") for spec in specs]
    return None not in widths and len(set(widths)) > 1


def _align(specs: list[list], columns: list[_Column]) -> None:
    """Align the columns nobody aligned: numbers right (unless the author aligned others), the rest left."""
    guess = all(spec[0]["t"] == "AlignDefault" for spec in specs)
    for spec, column in zip(specs, columns, strict=True):
        if spec[0]["t"] == "AlignDefault":
            spec[0] = {"t": "AlignRight" if guess and column.numeric else "AlignLeft"}


def _measure(count: int, head: list[Node], body: list[Node], foot: list[Node]) -> list[_Column]:
    """Return what each of ``count`` columns asks for, from the cells of the head, body and foot rows."""
    columns = [_Column() for _ in range(count)]
    for rows, weight in ((head, HEADER_WEIGHT), (body, 1.0), (foot, 1.0)):
        for row, places in zip(rows, _places(rows, count), strict=True):
            for cell, place in zip(row[1], places, strict=True):
                if cell[3] != 1:  # a cell across columns does not size any one of them
                    continue
                text = stringify(cell[4]).strip()
                column = columns[place]
                words = [_width(word) for word in _BREAKABLE.split(text) if word]
                longest_word = max(words, default=0) * weight
                column.shortest = max(column.shortest, longest_word)
                # A text column's header may wrap between its words: its body says how wide it wants to be.
                column.natural = max(column.natural, longest_word if rows is head else _width(text) * weight)
                if rows is head:
                    column.heading = max(column.heading, _width(text) * weight)
                if rows is body and text:
                    if _NUMBER.fullmatch(text):
                        column.numbers += 1
                    else:
                        column.others += 1
    return columns


def _width(text: str) -> float:
    """Return how many average characters ``text`` is wide."""
    return sum(
        NARROW_WIDTH if char in _NARROW else WIDE_WIDTH if char in _WIDE else CAPITAL_WIDTH if char.isupper() else 1.0
        for char in text
    )


def _places(rows: list[Node], count: int) -> list[list[int]]:
    """Return the column each cell of ``rows`` starts in, minding cells that span rows or columns above."""
    taken: set[tuple[int, int]] = set()
    places: list[list[int]] = []
    for index, row in enumerate(rows):
        own: list[int] = []
        place = 0
        for cell in row[1]:
            while (index, place) in taken:
                place += 1
            own.append(min(place, count - 1))
            for down in range(cell[2]):
                for across in range(cell[3]):
                    taken.add((index + down, place + across))
            place += cell[3]
        places.append(own)
    return places


def _widths(columns: list[_Column]) -> list[float]:
    """Return the columns' shares of the line: each at least its longest word, the rest by the text it holds."""
    least = [column.shortest + PADDING for column in columns]
    # A number column would rather not wrap its header ("1. období"): it is narrow anyway.
    wanted = [
        max(max(column.natural, column.heading if column.numeric else 0) + PADDING, low)
        for column, low in zip(columns, least, strict=True)
    ]
    if sum(wanted) <= LINE_CHARACTERS:
        sizes = wanted
    elif sum(least) >= LINE_CHARACTERS:
        sizes = least
    else:
        sizes = _shared_out(least, wanted, LINE_CHARACTERS - sum(least))
    total = sum(sizes)
    return [round(size / total, 4) for size in sizes]


def _shared_out(least: list[float], wanted: list[float], room: float) -> list[float]:
    """Return ``least`` widened by ``room`` shared fairly: a column that wants little gets all it wants.

    The columns are served from the one that wants the least more; each gets
    at most an equal share of the room still left, so short labels stay on one
    line and the long texts wrap in what remains.
    """
    sizes = list(least)
    order = sorted(range(len(least)), key=lambda index: wanted[index] - least[index])
    for served, index in enumerate(order):
        given = min(wanted[index] - least[index], room / (len(order) - served))
        sizes[index] += given
        room -= given
    return sizes


def _merge_row_labels(rows: list[Node]) -> None:
    """Let the first cell of a row span the rows below it whose first cell is empty (and takes one row)."""
    label: list | None = None
    for row in rows:
        cells = row[1]
        first = cells[0] if cells else None
        if first is None:
            continue
        if label is not None and first[2] == 1 and first[3] == 1 and not stringify(first[4]).strip():
            label[2] += 1
            del cells[0]
        else:
            label = first if first[2] == 1 else None
