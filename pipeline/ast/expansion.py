"""Abbreviations written out at their first use, grammatical wherever they stand (issue 15).

Czech declines: the meaning "nestátní nezisková organizace" pasted into
"pracovníci NNO" gives "pracovníci nestátní nezisková organizace (NNO)", which
no editor accepts. So the abbreviation stays in the sentence, in the case the
author wrote it, and the meaning follows in parentheses as a gloss:
"pracovníci NNO (nestátní nezisková organizace)". A gloss in parentheses need
not agree with the sentence, so it is grammatical in any position.

Where the author marks the case of a use, ``[NNO]{pad=2}`` (``pad=7mn`` in the
plural), and the glossary gives the meaning in that case (``forms``), the
meaning itself stands in the sentence: "pracovníci nestátní neziskové
organizace (NNO)". Cases are not guessed from prepositions: "v" and "na" take
two cases, "s" two, a genitive after a noun has no preposition at all, and the
number (one organisation or many) is not in the text. A wrong guess would be
silently wrong Czech; the gloss never is.

Not written out: headings (they would lengthen the contents), tables (narrow
cells) and notes (the reader should meet the meaning in the running text); a
use the author already defines, "(NNO)" or "(dále jen „NNO“)"; a use that is
part of a designation such as "ČSN ISO 690" or "nařízení (EU) 2016/679".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.ast import Node, find_nodes, stringify, text_inlines
from pipeline.ast.glossary import Run, first_word, runs, term_pattern
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics, Location
from pipeline.model.glossary import CASE_HINT, CASES, UPPER, Term, case_key
from pipeline.sources import find_location, location_at

#: the attribute of a span that marks the case of an abbreviation: [NNO]{pad=2}
MARK = "pad"
#: where a first use is not written out (see the module's docstring)
NOT_WRITTEN_OUT = frozenset({"Header", "Table", "Note"})

#: "(NNO" or "(dále jen „NNO": the author defines the abbreviation here
_DEFINED_BEFORE = re.compile(r"\((?:\s*dále\s+(?:jen\s+)?)?[„\"'‚]?$")
_DEFINED_AFTER = re.compile(r"[“\"'‘]?\)")
#: "ISO 690", "ČSN ISO 690", "(EU) 2016/679": a designation, not a word of the sentence
_DESIGNATION = re.compile(rf"[)“\"'‘]*\s+(?:[{UPPER}]{{2,}}\s+)*\d")
#: a sentence ends here, unless the dot ends one of these abbreviations
_SENTENCE_END = re.compile(r"(?P<word>\w*)[.!?…][“\"')\]]*\s+[„‚\"'(\[]*$")
_DOTTED = frozenset({"aj", "apod", "atd", "č", "čl", "např", "odst", "písm", "resp", "s", "srov", "tj", "tzv", "viz"})


class CaseMark(NamedTuple):
    """A span marking the case of one use of an abbreviation: ``[NNO]{pad=2}``."""

    span: Node
    case: str
    text: str


def case_marks(value: Any) -> list[CaseMark]:
    """Return the case marks below ``value`` in document order."""
    return [
        CaseMark(span, case_key(dict(span["c"][0][2])[MARK]), stringify(span["c"][1]))
        for span in find_nodes(value, {"Span"})
        if _is_mark(span)
    ]


def check_case_marks(
    ast: dict[str, Any], terms: list[Term], texts: dict[Path, str], diagnostics: Diagnostics, *, expanding: bool
) -> None:
    """Report a case mark with an unknown case or around a word the glossary lacks (errors), and, when the
    document writes abbreviations out, one whose case the glossary gives no form for (a warning: the use
    is then glossed in parentheses, which is grammatical, but not what the author asked for)."""
    for part in parts_of(ast):
        source, searched_to = texts.get(part.path, ""), 0
        for mark in case_marks(part.blocks):
            where, searched_to = _locate_mark(part.path, source, mark.text, searched_to)
            term = next((term for term in terms if term_pattern(term).fullmatch(mark.text)), None)
            if mark.case not in CASES:
                diagnostics.error(where, f"neznámý pád '{mark.case}' u '{mark.text}'", CASE_HINT)
            elif term is None:
                diagnostics.error(where, f"'{mark.text}' není zkratka z glosáře, pád ({MARK}=) u ní nemá význam",
                                  "pád se vyznačuje jen u zkratky ze sources/glossary.yaml, např. [NNO]{pad=2}")
            elif expanding and term.form(mark.case) is None:
                diagnostics.warning(
                    where, f"zkratka '{term.abbreviation}' nemá v glosáři tvar pro pád {mark.case}",
                    f"doplňte u ní v sources/glossary.yaml forms: {{{mark.case}: …}}; jinak se při prvním výskytu "
                    f"vypíše '{term.abbreviation} ({term.meaning})'",
                )


def _locate_mark(path: Path, source: str, text: str, start: int) -> tuple[Location, int]:
    """Return where the span ``[text]{… pad=…}`` stands in ``source`` from ``start`` on, and where to look
    for the next mark (marks come in document order); where ``text`` first stands if the span is not found."""
    match = re.compile(rf"\[{re.escape(text)}\]\{{[^}}]*\b{MARK}\s*=").search(source, start)
    if match is None:
        return find_location(path, source, text), start
    return location_at(path, source, match.start()), match.end()


def unwrap_case_marks(ast: dict[str, Any]) -> dict[int, str]:
    """Replace each case mark by its words; return the case of each of those words, by ``id`` of its node.

    Unwrapped, the words join the text around them, so a run holds the
    whole sentence and a first use sees what precedes it. A span with other
    attributes keeps them and loses only the mark.
    """
    marks = case_marks(ast["blocks"])
    if not marks:
        return {}  # most documents mark nothing: no walk over the whole body (issue 8)
    cases = {id(node): mark.case for mark in marks for node in mark.span["c"][1]}
    stack: list[Any] = [ast["blocks"]]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            stack.extend(item.values())
        elif type(item) is list:
            if any(_is_mark(node) for node in item):
                item[:] = [inner for node in item for inner in _unwrapped(node)]
            stack.extend(item)
    return cases


def _is_mark(node: Any) -> bool:
    return type(node) is dict and node.get("t") == "Span" and any(key == MARK for key, _value in node["c"][0][2])


def _unwrapped(node: Node) -> list[Node]:
    """Return ``node`` itself, or, for a case mark, its words (or the span without the mark, if it has more)."""
    if not _is_mark(node):
        return [node]
    identifier, classes, pairs = node["c"][0]
    others = [pair for pair in pairs if pair[0] != MARK]
    if identifier or classes or others:
        node["c"][0] = [identifier, classes, others]
        return [node]
    return list(node["c"][1])


def expand_first_use(ast: dict[str, Any], terms: Iterable[Term], cases: dict[int, str] | None = None) -> None:
    """Write each abbreviation out at its first use in the running text (see the module's docstring).

    ``cases`` are the marked cases by node (:func:`unwrap_case_marks`). A
    case ending stays with the abbreviation in a gloss ("OSPOD-u (orgán …)")
    and goes with a declined form ("orgánu … (OSPOD)"). Inside parentheses the
    inner pair is square, as Czech typography nests them. Text of an
    expansion is never expanded again.
    """
    cases = cases or {}
    pending = {term.abbreviation: _Pending(first_word(term), term_pattern(term), term) for term in terms}
    block_starts = _block_starts(ast)
    edits: list[tuple[Run, str]] = []
    for run in runs(ast["blocks"], skip=NOT_WRITTEN_OUT):
        if not pending:
            break
        text = original = run.text
        position, shift = 0, 0
        while found := _earliest(pending, text, position):
            abbreviation, match = found
            start, end = match.start("word"), match.end()
            if _DESIGNATION.match(text, end):
                position = end  # "ISO 690": a later use is written out
                continue
            term = pending.pop(abbreviation).term
            if _DEFINED_BEFORE.search(text, 0, start) and _DEFINED_AFTER.match(text, end):
                position = end  # the author's own definition is the first use
                continue
            case = cases.get(id(_node_at(run, original, start - shift)))
            capital = (not text[:start].strip(" „‚\"'([") and run.start == 0 and id(run.inlines) in block_starts) or (
                bool(sentence := _SENTENCE_END.search(text, 0, start)) and sentence["word"].lower() not in _DOTTED
            )
            replacement = _written_out(term, match, case, nested=text.count("(", 0, start) > text.count(")", 0, start),
                                       capital=capital)
            text = text[:start] + replacement + text[end:]
            position, shift = start + len(replacement), shift + len(replacement) - (end - start)
        if text != original:
            edits.append((run, text))
    # From the end, so that earlier runs of the same list keep their positions.
    for run, text in reversed(edits):
        run.inlines[run.start : run.end] = text_inlines(text)


def _written_out(term: Term, match: re.Match[str], case: str | None, *, nested: bool, capital: bool) -> str:
    """Return the first use of ``term`` as found by ``match``, written out in ``case`` if the glossary has it."""
    opening, closing = ("[", "]") if nested else ("(", ")")
    form = term.form(case) if case else None
    if form is None:
        return f"{match['word']}{match['ending'] or ''} {opening}{term.meaning}{closing}"
    if capital:
        form = form[:1].upper() + form[1:]
    return f"{form} {opening}{match['word']}{closing}"


def _block_starts(ast: dict[str, Any]) -> set[int]:
    """Return the ``id`` of the inline lists that open a block: a sentence starts there."""
    return {id(block["c"]) for block in find_nodes(ast["blocks"], {"Para", "Plain"})}


def _node_at(run: Run, text: str, offset: int) -> Node | None:
    """Return the node of ``run`` whose text holds ``offset`` of ``text`` (the run's text)."""
    nodes = run.inlines[run.start : run.end]
    starts, position = [], 0
    for node in nodes:
        starts.append(position)
        position += len(node["c"]) if node["t"] == "Str" else 1
    index = bisect.bisect_right(starts, offset) - 1
    return nodes[index] if 0 <= index < len(nodes) and offset < len(text) else None


class _Pending(NamedTuple):
    """An abbreviation not yet written out: the first word every match holds, its pattern, the term."""

    first: str
    pattern: re.Pattern[str]
    term: Term


def _earliest(pending: dict[str, _Pending], text: str, position: int) -> tuple[str, re.Match[str]] | None:
    """Return the pending abbreviation found first in ``text`` from ``position`` (the longer on a tie: "ÚP ČR", not "ÚP")."""
    found = [
        (name, match)
        for name, term in pending.items()
        # The substring test spares the regex where the first word is missing (issue 8).
        if term.first in text and (match := term.pattern.search(text, position))
    ]
    return min(found, key=lambda item: (item[1].start("word"), -len(item[1]["word"])), default=None)
