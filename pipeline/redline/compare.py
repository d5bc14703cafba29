"""Compare two prepared bodies block by block, then word by word: one body with tracked changes.

Blocks are aligned with difflib on a signature (type, heading level and plain
text). Where blocks were replaced, blocks of the same type are paired and
compared inside: paragraphs and headings word by word, tables row by row and
cell by cell, lists item by item. A block with no counterpart is marked as
wholly deleted or inserted. A block moved elsewhere reads as a deletion at its
old place and an insertion at its new one, and the summary says it moved.
Formatting-only changes (bold, links) take the newer form without a mark.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.ast import Node, iter_nodes, stringify
from pipeline.redline.location import Locator
from pipeline.redline.marks import Change, Marks, mark_row, mark_table, mark_whole
from pipeline.revisions import Stamp

#: who made a change of a text: (change, text) -> stamp
StampFor = Callable[[Change, str], Stamp]
#: paragraphs sharing less of their words than this are not compared word by word
SIMILAR = 0.35
#: texts of this many words or fewer are always compared word by word
SHORT = 3
#: longest row name in the summary
LABEL_LENGTH = 60
_WHOLE_NAMES = {
    "Para": "odstavec", "Plain": "odstavec", "Header": "nadpis", "Table": "tabulka", "BulletList": "seznam",
    "OrderedList": "seznam", "Figure": "obrázek", "BlockQuote": "citace", "CodeBlock": "ukázka kódu", "Div": "část textu",
}
#: names above that take feminine adjectives (nová tabulka, odstraněna citace)
_FEMININE = {"tabulka", "citace", "ukázka kódu", "část textu"}


@dataclass
class Edit:
    """One change as the summary reports it."""

    location: str
    description: str
    #: the plain text of a wholly inserted or deleted block, to recognise moves
    moved_text: str = ""
    change: Change | None = None


def signature(block: Node) -> str:
    """Return what makes two blocks "the same" for alignment: type, level, text and images."""
    level = str(block["c"][0]) if block["t"] == "Header" else ""
    images = [node["c"][2][0] for node in iter_nodes(block.get("c")) if node["t"] == "Image"]
    return "\0".join([block["t"], level, stringify(block.get("c")), *images])


class Comparison:
    """Compare an older and a newer body; collect the edits for the summary."""

    def __init__(self, stamp_for: StampFor) -> None:
        self.stamp_for = stamp_for
        self.marks = Marks()
        self.locator = Locator()
        self.edits: list[Edit] = []
        self._within: list[str] = []

    def body(self, old: list[Node], new: list[Node]) -> list[Node]:
        """Return the newer body with the changes from ``old`` marked; record the edits."""
        blocks = self.blocks(old, new)
        _recognise_moves(self.edits)
        return blocks

    # --- alignment --------------------------------------------------------

    def blocks(self, old: list[Node], new: list[Node]) -> list[Node]:
        """Return ``new`` with the changes from ``old`` marked, block by block."""
        matcher = difflib.SequenceMatcher(None, [signature(b) for b in old], [signature(b) for b in new], autojunk=False)
        result: list[Node] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for block in new[j1:j2]:
                    self._pass(block)
                    result.append(block)
            else:
                result += self._replaced(old[i1:i2], new[j1:j2])
        return result

    def _replaced(self, old: list[Node], new: list[Node]) -> list[Node]:
        """Pair blocks of the same type in a replaced stretch; the rest is deleted or inserted."""
        kinds = difflib.SequenceMatcher(None, [_kind(b) for b in old], [_kind(b) for b in new], autojunk=False)
        result: list[Node] = []
        for tag, i1, i2, j1, j2 in kinds.get_opcodes():
            if tag != "equal":
                result += self._whole(old[i1:i2], "deletion") + self._whole(new[j1:j2], "insertion")
                continue
            for before, after in zip(old[i1:i2], new[j1:j2]):
                if _comparable(before, after):
                    result += self._pair(before, after)
                else:
                    result += self._whole([before], "deletion") + self._whole([after], "insertion")
        return result

    def _whole(self, blocks: list[Node], change: Change) -> list[Node]:
        """Mark ``blocks`` as wholly deleted or inserted, and record one edit each."""
        result = []
        for block in blocks:
            text = stringify(block.get("c"))
            if block["t"] == "Header":
                if change == "insertion":  # a deleted heading's text now belongs to the section before it
                    self.locator.heading(block)
                verb = "nový nadpis" if change == "insertion" else "odstraněn nadpis"
                self._edit(f"{verb} „{text.strip()}“", change=change)
            else:
                self._edit(_whole_description(block, change), moved_text=text, change=change)
            stamp = self.stamp_for(change, text)
            result += mark_whole([block], change, stamp, self.marks)
        return result

    def _pass(self, block: Node) -> None:
        if block["t"] == "Header":
            self.locator.heading(block)

    def _edit(self, description: str, moved_text: str = "", change: Change | None = None) -> None:
        prefix = "".join(f"{where}: " for where in self._within[-1:])
        self.edits.append(Edit(self.locator.here, prefix + description, moved_text, change))

    # --- pairs ------------------------------------------------------------

    def _pair(self, old: Node, new: Node) -> list[Node]:
        """Compare two blocks of the same type inside; return the newer one with marks."""
        kind = new["t"]
        if kind in {"Para", "Plain"}:
            inlines = self.inlines(old["c"], new["c"])
            self._edit("změněn text")
            return [{"t": kind, "c": inlines}]
        if kind == "Header":
            level, attr, _ = new["c"]
            inlines = self.inlines(old["c"][2], new["c"][2])
            self.locator.heading(new)
            self._edit(f"nadpis přejmenován z „{stringify(old['c'][2]).strip()}“ na „{stringify(new['c'][2]).strip()}“")
            return [{"t": "Header", "c": [level, attr, inlines]}]
        if kind == "Table":
            return [self._table(old, new)]
        if kind == "BulletList":
            return [{"t": kind, "c": self._items(old["c"], new["c"])}]
        if kind == "OrderedList":
            return [{"t": kind, "c": [new["c"][0], self._items(old["c"][1], new["c"][1])]}]
        if kind == "Div":
            return [{"t": kind, "c": [new["c"][0], self.blocks(old["c"][1], new["c"][1])]}]
        if kind == "BlockQuote":
            return [{"t": kind, "c": self.blocks(old["c"], new["c"])}]
        if kind == "Figure":
            attr, caption, content = new["c"]
            self._within.append("obrázek")
            caption = [caption[0], self.blocks(old["c"][1][1], caption[1])]
            content = self.blocks(old["c"][2], content)
            self._within.pop()
            return [{"t": kind, "c": [attr, caption, content]}]
        return self._whole([old], "deletion") + self._whole([new], "insertion")

    def _items(self, old: list[list[Node]], new: list[list[Node]]) -> list[list[Node]]:
        """Compare list items: paired items inside, the others as new or removed items."""
        self._within.append("seznam")
        result = self._parts(old, new, ("nová položka", "odstraněna položka"), mark_whole,
                             lambda before, after: [self.blocks(before, after)])
        self._within.pop()
        return result

    def _parts(self, old: list, new: list, names: tuple[str, str], mark: Callable, pair: Callable,
               label: Callable[[Any], str] = lambda part: "") -> list:
        """Align parts of a block (list items, table rows); compare paired ones inside, mark the others whole."""
        result = []
        keys = [stringify(p) for p in old], [stringify(p) for p in new]
        for before, after in _align(*keys, old, new, [label(p) for p in old], [label(p) for p in new]):
            if before is not None and after is not None:
                result += pair(before, after)
                continue
            change: Change = "insertion" if before is None else "deletion"
            part = after if before is None else before
            text = stringify(part)
            self._edit((names[0] if before is None else names[1]) + label(part), moved_text=text, change=change)
            result.append(mark(part, change, self.stamp_for(change, text), self.marks))
        return result

    def _table(self, old: Node, new: Node) -> Node:
        """Compare tables: caption as text, rows aligned, paired rows cell by cell."""
        attr, caption, colspecs, head, bodies, foot = new["c"]
        _, old_caption, _, old_head, old_bodies, old_foot = old["c"]
        if len(old_bodies) != len(bodies) or len(colspecs) != len(old["c"][2]):
            return self._replace_table(old, new)
        self._within.append("tabulka")
        caption = [caption[0], self.blocks(old_caption[1], caption[1])]
        head = [head[0], self._rows(old_head[1], head[1])]
        bodies = [
            [body[0], body[1], self._rows(before[2], body[2]), self._rows(before[3], body[3])]
            for before, body in zip(old_bodies, bodies)
        ]
        foot = [foot[0], self._rows(old_foot[1], foot[1])]
        self._within.pop()
        return {"t": "Table", "c": [attr, caption, colspecs, head, bodies, foot]}

    def _replace_table(self, old: Node, new: Node) -> Node:
        """Show a table whose shape changed (columns, bodies) as removed and replaced."""
        self._edit("tabulka nahrazena novou")
        deleted = mark_table(old, "deletion", self.stamp_for("deletion", stringify(old)), self.marks)
        inserted = mark_table(new, "insertion", self.stamp_for("insertion", stringify(new)), self.marks)
        return {"t": "Div", "c": [["", [], []], [deleted, inserted]]}

    def _rows(self, old: list[list], new: list[list]) -> list[list]:
        """Compare table rows (``[attr, cells]``); paired rows are compared cell by cell."""
        return self._parts(old, new, ("přidán řádek", "odstraněn řádek"), mark_row, self._row, _row_label)

    def _row(self, old: list, new: list) -> list[list]:
        """Compare two rows cell by cell; the summary names the row by its first cell (an indicator, a step).

        Rows with a different number of cells (merged cells) are shown as one removed and one added.
        """
        if len(old[1]) != len(new[1]):
            self._edit(f"změněn řádek{_row_label(new)}")
            return [mark_row(old, "deletion", self.stamp_for("deletion", stringify(old)), self.marks),
                    mark_row(new, "insertion", self.stamp_for("insertion", stringify(new)), self.marks)]
        self._within.append(f"tabulka, řádek{_row_label(new)}")
        cells = [[*cell[:4], self.blocks(old_cell[4], cell[4])] for old_cell, cell in zip(old[1], new[1])]
        self._within.pop()
        return [[new[0], cells]]

    # --- words ------------------------------------------------------------

    def inlines(self, old: list[Node], new: list[Node]) -> list[Node]:
        """Return ``new`` inlines with the words changed from ``old`` marked."""
        matcher = difflib.SequenceMatcher(None, [_token(n) for n in old], [_token(n) for n in new], autojunk=False)
        result: list[Node] = []
        for tag, before, after in _merge_spaces(matcher.get_opcodes(), old, new):
            if tag == "equal":
                result += [b if a == b else self._inside(a, b) for a, b in zip(before, after)]
                continue
            if before:
                result.append(self.marks.span("deletion", before, self.stamp_for("deletion", stringify(before))))
            if after:
                result.append(self.marks.span("insertion", after, self.stamp_for("insertion", stringify(after))))
        return result

    def _inside(self, old: Node, new: Node) -> Node:
        """Compare two aligned inline containers of one kind inside (see :func:`_token`)."""
        kind = new["t"]
        if kind == "Note":
            self._within.append("poznámka pod čarou")
            blocks = self.blocks(old["c"], new["c"])
            self._within.pop()
            return {"t": kind, "c": blocks}
        if kind in _FORMATTING:
            return {"t": kind, "c": self.inlines(old["c"], new["c"])}
        if kind in {"Quoted", "Span"}:
            return {"t": kind, "c": [new["c"][0], self.inlines(old["c"][1], new["c"][1])]}
        if kind == "Link":
            return {"t": kind, "c": [new["c"][0], self.inlines(old["c"][1], new["c"][1]), new["c"][2]]}
        stamp_old, stamp_new = self.stamp_for("deletion", stringify(old)), self.stamp_for("insertion", stringify(new))
        return {"t": "Span", "c": [["", [], []], [self.marks.span("deletion", [old], stamp_old),
                                                  self.marks.span("insertion", [new], stamp_new)]]}


def _row_label(row: list) -> str:
    """Return `` „first cell“`` of a table row (shortened), or nothing for an empty first cell."""
    cells = row[1]
    first = " ".join(stringify(cells[0][4]).split()) if cells else ""
    if len(first) > LABEL_LENGTH:
        first = first[: LABEL_LENGTH - 1].rstrip() + "…"
    return f" „{first}“" if first else ""


def _kind(block: Node) -> str:
    return block["t"] + (str(block["c"][0]) if block["t"] == "Header" else "")


def _comparable(old: Node, new: Node) -> bool:
    """Return True if two blocks of one type are worth comparing inside rather than replacing."""
    if old["t"] in {"Header", "Table", "BulletList", "OrderedList", "Figure", "Div", "BlockQuote"}:
        return old["t"] != "Div" or old["c"][0] == new["c"][0]
    before, after = stringify(old.get("c")).split(), stringify(new.get("c")).split()
    if min(len(before), len(after)) <= SHORT:
        return True  # a table cell or a list item: a replaced word reads better than a replaced paragraph
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() >= SIMILAR


def _align(old_keys: list[str], new_keys: list[str], old: list, new: list, old_names: list[str], new_names: list[str]):
    """Yield (old, new) pairs of aligned items; None on the side where an item is missing.

    Equal stretches pair by position; inside a replaced stretch items pair by
    content (:func:`_pair_by_content`), so deleting one row and editing the
    next does not turn the deleted row into the edited one.
    """
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from zip(old[i1:i2], new[j1:j2])
            continue
        pairs = _pair_by_content(old_keys[i1:i2], new_keys[j1:j2], old_names[i1:i2], new_names[j1:j2])
        last_old, last_new = i1, j1
        for i, j in [*((i1 + i, j1 + j) for i, j in pairs), (i2, j2)]:
            yield from ((part, None) for part in old[last_old:i])
            yield from ((None, part) for part in new[last_new:j])
            if i < i2:
                yield old[i], new[j]
            last_old, last_new = i + 1, j + 1


def _pair_by_content(old_keys: list[str], new_keys: list[str], old_names: list[str],
                     new_names: list[str]) -> list[tuple[int, int]]:
    """Return the index pairs, in order, of the most alike items of a replaced stretch.

    Two items may pair when they share a non-empty name (a row's first cell),
    share enough of their words (see :data:`SIMILAR`), or are short; the
    order-keeping choice with the greatest total likeness wins.
    """
    def likeness(i: int, j: int) -> float | None:
        before, after = old_keys[i].split(), new_keys[j].split()
        ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
        named = bool(old_names[i]) and old_names[i] == new_names[j]
        if not (named or ratio >= SIMILAR or min(len(before), len(after)) <= SHORT):
            return None
        return ratio + named + 0.01  # a little for pairing at all: a changed word beats a replaced item

    best = [[0.0] * (len(new_keys) + 1) for _ in range(len(old_keys) + 1)]
    for i in range(len(old_keys)):
        for j in range(len(new_keys)):
            score = likeness(i, j)
            paired = best[i][j] + score if score is not None else -1.0
            best[i + 1][j + 1] = max(best[i][j + 1], best[i + 1][j], paired)
    pairs: list[tuple[int, int]] = []
    i, j = len(old_keys), len(new_keys)
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _token(node: Node) -> str:
    """Return the comparison key of an inline: its word, one space, its kind (for containers), or its JSON.

    Containers (emphasis, links, footnotes, …) of one kind align with each
    other and are then compared inside, so one changed word in a footnote or
    a link text is marked as one word.
    """
    kind = node["t"]
    if kind in {"Space", "SoftBreak"}:
        return " "
    if kind == "Str":
        return "s" + node["c"]
    if kind in _FORMATTING or kind == "Note":
        return kind
    if kind in {"Quoted", "Link", "Span"}:
        head = node["c"][0] if kind == "Quoted" else node["c"][2] if kind == "Link" else node["c"][0]
        return kind + json.dumps(head, sort_keys=True, ensure_ascii=False)
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


#: inlines whose content is a plain list of inlines
_FORMATTING = {"Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"}


def _merge_spaces(opcodes, old: list[Node], new: list[Node]):
    """Yield (tag, old inlines, new inlines), joining changes separated by nothing but spaces.

    ``[-a-]{+b+} [-c-]{+d+}`` reads worse than ``[-a c-]{+b d+}``.
    """
    segments = _shift_spaces([[tag, old[i1:i2], new[j1:j2]] for tag, i1, i2, j1, j2 in opcodes])
    merged: list[list] = []
    for index, segment in enumerate(segments):
        only_spaces = segment[0] == "equal" and all(_token(n) == " " for n in segment[2])
        between = 0 < index < len(segments) - 1 and segments[index + 1][0] != "equal"
        if only_spaces and between and merged and merged[-1][0] != "equal":
            segment = ["replace", segment[1], segment[2]]
        if merged and segment[0] != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1] + segment[1], merged[-1][2] + segment[2]]
        else:
            merged.append(segment)
    for tag, before, after in merged:
        yield tag, before, after


def _shift_spaces(segments: list[list]) -> list[list]:
    """Move a change that starts with a space one token on: ``a{+ b+} c`` reads ``a {+b +}c``, as Word does."""
    for index in range(1, len(segments) - 1):
        tag, before, after = segments[index]
        _, previous_old, previous_new = segments[index - 1]
        following = segments[index + 1]
        if segments[index - 1][0] != "equal" or following[0] != "equal" or tag not in {"insert", "delete"}:
            continue
        changed = after if tag == "insert" else before
        if changed and following[2] and _token(changed[0]) == " " == _token(following[2][0]):
            segments[index - 1] = ["equal", previous_old + following[1][:1], previous_new + following[2][:1]]
            changed = changed[1:] + changed[:1]
            segments[index] = [tag, before if tag == "insert" else changed, changed if tag == "insert" else after]
            segments[index + 1] = ["equal", following[1][1:], following[2][1:]]
    return segments


def _whole_description(block: Node, change: Change) -> str:
    name = _WHOLE_NAMES.get(block["t"], "blok")
    feminine = name in _FEMININE
    if change == "insertion":
        return ("nová " if feminine else "nový ") + name
    return ("odstraněna " if feminine else "odstraněn ") + name


def _recognise_moves(edits: list[Edit]) -> None:
    """Name a block deleted in one place and inserted unchanged in another as moved."""
    inserted = {edit.moved_text: edit for edit in edits if edit.change == "insertion" and edit.moved_text.strip()}
    for edit in edits:
        if edit.change == "deletion" and edit.moved_text in inserted:
            target = inserted.pop(edit.moved_text)
            edit.description = f"přesunuto odsud ({target.location})"
            target.description = f"přesunuto sem ({edit.location})"
