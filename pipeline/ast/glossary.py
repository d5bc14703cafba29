"""*Seznam zkratek*: the glossary terms a document uses, in Czech order; unknown abbreviations.

Only terms that occur in the body are listed (a shared glossary serves many
documents). An all-caps word that the glossary lacks is a warning, because a
reader meets an abbreviation nobody explains.

An abbreviation counts where it stands as a whole token: surrounding
punctuation is allowed ("(OSPOD),"), and so is a Czech case ending after a
hyphen ("OSPOD-u"); part of a longer word or of a registration number
("CZ.03.2.63/…") is not a use. Code, math, raw output, link targets and the
literal text of citations are never read: they are not prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ast import Node, text_inlines
from pipeline.ast.parts import parts_of
from pipeline.collation import czech_sort_key
from pipeline.errors import Diagnostics, Location
from pipeline.model.glossary import Term
from pipeline.sources import find_location

TITLE = "Seznam zkratek"
UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
LOWER = "a-záčďéěíňóřšťúůýž"
OPENING = re.escape("([{„‚«»\"'“‘")
CLOSING = re.escape(")]}“‘«»\"'.,;:!?…")
ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+")

INLINES = frozenset({
    "Str", "Space", "SoftBreak", "LineBreak", "Emph", "Underline", "Strong", "Strikeout", "Superscript",
    "Subscript", "SmallCaps", "Quoted", "Cite", "Code", "Math", "RawInline", "Link", "Image", "Note", "Span",
})
# Their text is not prose (link targets are plain strings, never nodes, so they need no entry).
OPAQUE = frozenset({"Code", "CodeBlock", "RawInline", "RawBlock", "Math"})
WORDS = frozenset({"Str", "Space", "SoftBreak"})


def token_pattern(core: str) -> re.Pattern[str]:
    """Return a pattern finding ``core`` as a whole token (group ``word``), with an optional ``-u`` ending.

    A token starts after whitespace or a slash (opening brackets and quotes
    may come between) and ends before whitespace, a slash or the end, after
    any closing punctuation.
    """
    return re.compile(
        rf"(?<![^\s/])[{OPENING}]*(?P<word>{core})(?P<ending>-[{LOWER}]+)?(?=[{CLOSING}]*(?:[\s/]|$))"
    )


def _first_word(term: Term) -> str:
    """Return the first word of ``term``'s abbreviation, which every match of it contains."""
    return term.abbreviation.split()[0] if term.abbreviation.split() else term.abbreviation


def term_pattern(term: Term) -> re.Pattern[str]:
    """Return the pattern of ``term``; the words of "ÚP ČR" may be split by any space, non-breaking too."""
    return token_pattern(r"\s+".join(re.escape(word) for word in term.abbreviation.split()))


ABBREVIATION = token_pattern(rf"[{UPPER}]{{2,}}\d*")


@dataclass(frozen=True)
class Run:
    """Consecutive words and spaces of one list of inlines: the text a token can stand in.

    Formatting (emphasis, links) ends a run, so a match never spans nodes of
    different kinds and can be replaced in place.
    """

    inlines: list[Node]
    start: int
    end: int

    @property
    def text(self) -> str:
        return "".join(node["c"] if node["t"] == "Str" else " " for node in self.inlines[self.start : self.end])


def runs(value: Any, *, headings: bool = True) -> Iterator[Run]:
    """Yield the runs of prose below ``value`` in document order (headings left out unless ``headings``)."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and value[0].get("t") in INLINES:
            yield from _runs_of_inlines(value, headings)
        else:
            for item in value:
                yield from runs(item, headings=headings)
    elif isinstance(value, dict):
        kind = value.get("t")
        if kind in OPAQUE or (kind == "Header" and not headings):
            return
        # A citation's own inlines are its literal text "[@key]"; only its prefix and suffix are prose.
        yield from runs(value["c"][0] if kind == "Cite" else list(value.values()), headings=headings)


def _runs_of_inlines(inlines: list[Node], headings: bool) -> Iterator[Run]:
    start: int | None = None
    for index, node in enumerate(inlines):
        if node["t"] in WORDS:
            start = index if start is None else start
            continue
        if start is not None:
            yield Run(inlines, start, index)
            start = None
        yield from runs(node, headings=headings)
    if start is not None:
        yield Run(inlines, start, len(inlines))


def used_terms(ast: dict[str, Any], terms: Iterable[Term]) -> list[Term]:
    """Return the terms whose abbreviation occurs in the body, in Czech alphabetical order."""
    texts = [run.text for run in runs(ast["blocks"])]
    used = []
    for term in terms:
        pattern, first = term_pattern(term), _first_word(term)
        # A match holds the first word as it is: a substring test skips most texts without the regex.
        if any(first in text and pattern.search(text) for text in texts):
            used.append(term)
    return sorted(used, key=lambda term: czech_sort_key(term.abbreviation))


def unknown_abbreviations(
    ast: dict[str, Any], terms: Iterable[Term], texts: dict[Path, str], diagnostics: Diagnostics
) -> None:
    """Warn once per document about each all-caps abbreviation that the glossary does not explain.

    Known terms are blanked out first, so "ČR" inside a known "ÚP ČR" is not
    reported but "ČR" on its own is. Roman numerals (II, XIV) are not abbreviations.
    Blocks outside the part divs and parts marked ``generated`` (made from data
    such as office.yaml) are not checked: no place in a user's text to point at.
    """
    # Longest first, so that "ÚP ČR" is blanked before a shorter "ÚP" could split it.
    known = [(_first_word(term), term_pattern(term)) for term in sorted(terms, key=lambda term: -len(term.abbreviation))]
    warned: set[str] = set()
    for part in parts_of(ast):
        if part.attributes.get("generated"):
            continue  # made by the pipeline from data (office.yaml): no place in a source to show
        for run in runs(part.blocks):
            text = run.text
            for first, pattern in known:
                if first in text:  # no first word, no match: the regex is not needed
                    text = pattern.sub(lambda match: " " * len(match.group()), text)
            for match in ABBREVIATION.finditer(text):
                word = match["word"]
                if word in warned or ROMAN_NUMERAL.fullmatch(word):
                    continue
                warned.add(word)
                diagnostics.warning(
                    locate_word(part.path, texts.get(part.path, ""), word),
                    f"zkratka '{word}' není v glosáři",
                    "doplňte ji do sources/glossary.yaml",
                )


def locate_word(path: Path, source: str, word: str) -> Location:
    """Return where ``word`` first stands as a whole word in ``source`` ("NNO", not inside "NNOS")."""
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", source)
    if match is None:
        return find_location(path, source, word)  # written by a template: the start of the file
    # find_location finds substrings: blank the earlier ones (same length, no newlines) so it lands here.
    before = source[: match.start()].replace(word, " " * len(word))
    return find_location(path, before + source[match.start() :], word)


def expand_first_use(ast: dict[str, Any], terms: Iterable[Term]) -> None:
    """Write each abbreviation out at its first use: *orgán sociálně-právní ochrany dětí (OSPOD)*.

    Punctuation around the token stays; a case ending stays with the
    abbreviation ("(OSPOD-u)"). Headings are skipped: they would grow long in
    the contents, and the reader meets the term in the text anyway. Text of an
    expansion is never expanded again.
    """
    pending = {term.abbreviation: (term_pattern(term), term.meaning) for term in terms}
    edits: list[tuple[Run, str]] = []
    for run in runs(ast["blocks"], headings=False):
        if not pending:
            break
        text, position, changed = run.text, 0, False
        while found := _earliest(pending, text, position):
            abbreviation, match = found
            meaning = pending.pop(abbreviation)[1]
            replacement = f"{meaning} ({match['word']}{match['ending'] or ''})"
            text = text[: match.start("word")] + replacement + text[match.end() :]
            position, changed = match.start("word") + len(replacement), True
        if changed:
            edits.append((run, text))
    # From the end, so that earlier runs of the same list keep their positions.
    for run, text in reversed(edits):
        run.inlines[run.start : run.end] = text_inlines(text)


def _earliest(pending: dict[str, tuple[re.Pattern[str], str]], text: str, position: int) -> tuple[str, re.Match[str]] | None:
    """Return the pending abbreviation found first in ``text`` from ``position`` (the longer on a tie: "ÚP ČR", not "ÚP")."""
    found = [(name, match) for name, (pattern, _) in pending.items() if (match := pattern.search(text, position))]
    return min(found, key=lambda item: (item[1].start("word"), -len(item[1]["word"])), default=None)


def _cell(text: str) -> list[Any]:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": text_inlines(text)}]]


def abbreviation_blocks(terms: list[Term]) -> list[Node]:
    """Return the unnumbered section *Seznam zkratek* with a two-column table, or nothing.

    Rows keep the order of ``terms`` (:func:`used_terms` gives Czech order).
    The table is pandoc's JSON ``Table`` of API 1.23: attributes, caption,
    column specs, head, bodies, foot; the head row makes it accessible.
    """
    if not terms:
        return []
    rows = [[["", [], []], [_cell(term.abbreviation), _cell(term.meaning)]] for term in terms]
    table = {
        "t": "Table",
        "c": [
            ["", ["abbreviations"], []],
            [None, []],
            [[{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.2}], [{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.8}]],
            [["", [], []], [[["", [], []], [_cell("Zkratka"), _cell("Význam")]]]],
            [[["", [], []], 0, [], rows]],
            [["", [], []], []],
        ],
    }
    heading = {"t": "Header", "c": [1, ["seznam-zkratek", ["unnumbered"], []], text_inlines(TITLE)]}
    return [heading, table]
