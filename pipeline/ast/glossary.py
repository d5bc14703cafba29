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
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.ast import LEAVES, Node, text_inlines
from pipeline.ast.parts import parts_of
from pipeline.collation import czech_sort_key
from pipeline.errors import Diagnostics, Location
from pipeline.model.glossary import UPPER, Term
from pipeline.sources import find_location

TITLE = "Seznam zkratek"
LOWER = "a-záčďéěíňóřšťúůýž"
OPENING = re.escape("([{„‚«»\"'“‘")
CLOSING = re.escape(")]}“‘«»\"'.,;:!?…")
#: a word in capitals may be a name (a town "LIPOVÁ"), which the glossary can say is no abbreviation (issue 15)
NOT_IN_GLOSSARY_HINT = "doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž"
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


def first_word(term: Term) -> str:
    """Return the first word of ``term``'s abbreviation, which every match of it contains."""
    return term.abbreviation.split()[0] if term.abbreviation.split() else term.abbreviation


def term_pattern(term: Term) -> re.Pattern[str]:
    """Return the pattern of ``term``; the words of "ÚP ČR" may be split by any space, non-breaking too."""
    return token_pattern(_spaced(term.abbreviation))


def _spaced(words: str) -> str:
    """Return a regex core matching ``words`` with any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in words.split())


ABBREVIATION = token_pattern(rf"[{UPPER}]{{2,}}\d*")


class Run(NamedTuple):
    """Consecutive words and spaces of one list of inlines: the text a token can stand in.

    Formatting (emphasis, links) ends a run, so a match never spans nodes of
    different kinds and can be replaced in place. A named tuple: a long
    document has tens of thousands of runs, and a tuple is the cheapest to make.
    """

    inlines: list[Node]
    start: int
    end: int

    @property
    def text(self) -> str:
        return "".join([node["c"] if node["t"] == "Str" else " " for node in self.inlines[self.start : self.end]])


def runs(value: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[Run]:
    """Yield the runs of prose below ``value`` in document order, leaving out nodes of the kinds in ``skip``.

    An explicit stack of runs and nodes still to look into, as in :func:`pipeline.ast.iter_nodes` (issue 8).
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is Run:
            yield item
        elif type(item) is list:
            if item and type(item[0]) is dict and item[0].get("t") in INLINES:
                stack.extend(reversed(_split_inlines(item)))
            else:
                stack.extend(reversed(item))
        elif type(item) is dict:
            kind = item.get("t")
            if kind in OPAQUE or kind in skip:
                continue
            if kind == "Cite":
                # A citation's own inlines are its literal text "[@key]"; only its prefix and suffix are prose.
                stack.append(item["c"][0])
            else:
                stack.extend(reversed(list(item.values())))


def _split_inlines(inlines: list[Node]) -> list[Run | Node]:
    """Return the runs of ``inlines`` and, in between, the nodes that may hold further runs."""
    pieces: list[Run | Node] = []
    start = 0
    # Most inlines are words: find the few others in one tight loop (issue 8).
    for index in [index for index, node in enumerate(inlines) if node["t"] not in WORDS]:
        if index > start:
            pieces.append(Run(inlines, start, index))
        if inlines[index]["t"] not in LEAVES:
            pieces.append(inlines[index])
        start = index + 1
    if start < len(inlines):
        pieces.append(Run(inlines, start, len(inlines)))
    return pieces


def used_terms(ast: dict[str, Any], terms: Iterable[Term]) -> list[Term]:
    """Return the terms the body uses on their own, and those their meanings use, in Czech alphabetical order.

    "ČR" inside "ÚP ČR" is not a use of "ČR": the reader meets "ÚP ČR", whose
    row explains it (issue 15). A term named in the meaning of a listed one is
    listed too: "(EU)" in the meaning of GDPR is read in *Seznam zkratek* itself.
    """
    terms = list(terms)
    used = _found(terms, [run.text for run in runs(ast["blocks"])])
    while more := _found([term for term in terms if term not in used], [term.meaning for term in used]):
        used += more
    return sorted(used, key=lambda term: czech_sort_key(term.abbreviation))


def _found(terms: list[Term], texts: list[str]) -> list[Term]:
    """Return the ``terms`` that stand in ``texts`` as whole tokens, not as words of a longer term found there."""
    everything = "\n".join(texts)
    found = []
    # Longest first: "ÚP ČR" is blanked out of the texts before "ČR" is looked for.
    for term in sorted(terms, key=lambda term: -len(term.abbreviation)):
        pattern, first = term_pattern(term), first_word(term)
        # A match holds the first word as it is: a substring test skips most texts without the regex,
        # and one test of all the text at once skips a term the document lacks (issue 8).
        if first not in everything:
            continue
        hits = [index for index, text in enumerate(texts) if first in text and pattern.search(text)]
        if hits:
            found.append(term)
        if " " in term.abbreviation:  # only a term of several words can hold another term's token
            for index in hits:
                texts[index] = blanked(pattern, texts[index])
    return found


def blanked(pattern: re.Pattern[str], text: str) -> str:
    """Return ``text`` with the matches of ``pattern`` replaced by spaces (offsets stay, no new token appears)."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def unknown_abbreviations(
    ast: dict[str, Any],
    terms: Iterable[Term],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    not_abbreviations: Iterable[str] = (),
) -> None:
    """Warn once per document about each all-caps abbreviation that the glossary does not explain.

    Known terms are blanked out first, so "ČR" inside a known "ÚP ČR" is not
    reported but "ČR" on its own is; so are ``not_abbreviations``, the names
    written in capitals ("LIPOVÁ") that the glossary lists as not being
    abbreviations (issue 15). Roman numerals (II, XIV) are not abbreviations.
    Blocks outside the part divs and parts marked ``generated`` (made from data
    such as office.yaml) are not checked: no place in a user's text to point at.
    """
    words = [*(term.abbreviation for term in terms), *not_abbreviations]
    # Longest first, so that "ÚP ČR" is blanked before a shorter "ÚP" could split it.
    known = [(word.split()[0], token_pattern(_spaced(word))) for word in sorted(words, key=lambda word: -len(word))
             if word.split()]
    warned: set[str] = set()
    for part in parts_of(ast):
        if part.attributes.get("generated"):
            continue  # made by the pipeline from data (office.yaml): no place in a source to show
        for run in runs(part.blocks):
            text = run.text
            # Blanking known terms never makes a new token, so a text without any can be left (issue 8).
            if not ABBREVIATION.search(text):
                continue
            for first, pattern in known:
                if first in text:  # no first word, no match: the regex is not needed
                    text = blanked(pattern, text)
            for match in ABBREVIATION.finditer(text):
                word = match["word"]
                if word in warned or ROMAN_NUMERAL.fullmatch(word):
                    continue
                warned.add(word)
                diagnostics.warning(
                    locate_word(part.path, texts.get(part.path, ""), word),
                    f"zkratka '{word}' není v glosáři",
                    NOT_IN_GLOSSARY_HINT,
                )


def locate_word(path: Path, source: str, word: str) -> Location:
    """Return where ``word`` first stands as a whole word in ``source`` ("NNO", not inside "NNOS")."""
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", source)
    if match is None:
        return find_location(path, source, word)  # written by a template: the start of the file
    # find_location finds substrings: blank the earlier ones (same length, no newlines) so it lands here.
    before = source[: match.start()].replace(word, " " * len(word))
    return find_location(path, before + source[match.start() :], word)


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
