"""*Seznam zkratek*: the glossary terms a document uses, in Czech order; unknown abbreviations.

Only terms that occur in the body are listed (a shared glossary serves many
documents). An all-caps word that the glossary lacks is a warning, because a
reader meets an abbreviation nobody explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.ast import Node, iter_nodes, text_inlines
from pipeline.ast.parts import parts_of
from pipeline.collation import czech_sort_key
from pipeline.errors import Diagnostics
from pipeline.model.glossary import Term
from pipeline.sources import find_location

TITLE = "Seznam zkratek"
UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
ABBREVIATION = re.compile(rf"(?<![\w-])[{UPPER}]{{2,}}\d*(?!\w)")
WORD = re.compile(rf"^[{UPPER}]{{2,}}\d*$")
PUNCTUATION = "()[]{}„“‚‘\"'.,;:!?…–—"


def _abbreviations_in(text: str) -> Iterable[str]:
    """Yield the all-caps words of ``text``; a registration number such as CZ.03.02 is not one."""
    for token in text.split():
        word = token.strip(PUNCTUATION).split("-")[0]
        if WORD.match(word):
            yield word
ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")


def prose(value: Any) -> str:
    """Return the words of ``value`` without code, math and raw output (their text is not prose)."""
    words: list[str] = []
    for node in iter_nodes(value):
        if node["t"] == "Str":
            words.append(node["c"])
        elif node["t"] in {"Space", "SoftBreak", "LineBreak"}:
            words.append(" ")
    return "".join(words)


def _occurs(abbreviation: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(abbreviation)}(?!\w)", text) is not None


def used_terms(ast: dict[str, Any], terms: Iterable[Term]) -> list[Term]:
    """Return the terms whose abbreviation occurs in the body, in Czech alphabetical order."""
    text = prose(ast["blocks"])
    used = [term for term in terms if _occurs(term.abbreviation, text)]
    return sorted(used, key=lambda term: czech_sort_key(term.abbreviation))


def unknown_abbreviations(
    ast: dict[str, Any], terms: Iterable[Term], texts: dict[Path, str], diagnostics: Diagnostics
) -> None:
    """Warn once per document about each all-caps abbreviation that the glossary does not explain."""
    known = {part for term in terms for part in term.abbreviation.split()}
    warned: set[str] = set()
    for part in parts_of(ast):
        for word in _abbreviations_in(prose(part.blocks)):
            if word in known or word in warned or ROMAN_NUMERAL.match(word):
                continue
            warned.add(word)
            diagnostics.warning(
                find_location(part.path, texts.get(part.path, ""), word),
                f"zkratka '{word}' není v glosáři",
                "doplňte ji do sources/glossary.yaml",
            )


def expand_first_use(ast: dict[str, Any], terms: Iterable[Term]) -> None:
    """Write each one-word abbreviation out at its first use: *orgán … dětí (OSPOD)*."""
    pending = {term.abbreviation: term.meaning for term in terms if " " not in term.abbreviation}
    for node in iter_nodes(ast["blocks"]):
        if not pending:
            return
        if node["t"] != "Str":
            continue
        match = ABBREVIATION.search(node["c"])
        if match and match.group() in pending:
            word = match.group()
            text = f"{node['c'][: match.start()]}{pending.pop(word)} ({word}){node['c'][match.end():]}"
            node["t"], node["c"] = "Span", [["", [], []], text_inlines(text)]


def _cell(text: str) -> list[Any]:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": text_inlines(text)}]]


def abbreviation_blocks(terms: list[Term]) -> list[Node]:
    """Return the unnumbered section *Seznam zkratek* with a two-column table, or nothing."""
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
