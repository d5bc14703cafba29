"""Number headings, tables, figures and annexes once, and resolve cross-references to them.

Labels are Pandoc attributes with a Czech prefix: ``{#kap:…}`` on a heading,
``{#tab:…}`` on a table caption line, ``{#obr:…}`` on a figure, ``{#pril:…}``
on an annex's first heading. A reference is Pandoc's citation syntax:
``@tab:lhuty`` renders as *tabulka 3*, ``[-@tab:lhuty]`` as the bare number
(for other grammatical cases: *v tabulce [-@tab:lhuty]*). Written after the
abbreviation of a page, ``s. @kap:rizika`` (or ``s. [@kap:rizika]``,
``[viz s. @kap:rizika]``, also ``str.``) it gives the page the target is on:
*s. 14*.

The result is format-neutral: captions get a ``caption-label`` span, references
become ``xref`` spans whose text is already right; renderers turn them into
Word fields or Typst links without renumbering anything. Only a page is not
known before layout: a page reference is a ``pageref`` span that each renderer
fills from its own layout (a PAGEREF field, Typst's page counter).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Collection
from typing import Any

from pipeline.ast import Node, find_nodes, iter_nodes, text_inlines
from pipeline.ast.parts import PartBlocks, parts_of
from pipeline.errors import Diagnostics, did_you_mean
from pipeline.sources import find_location

# prefix → (kind, noun used in references, caption word)
PREFIXES = {
    "kap": ("section", "kapitola", None),
    "tab": ("table", "tabulka", "Tabulka"),
    "obr": ("figure", "obrázek", "Obrázek"),
    "pril": ("annex", "příloha", None),
}
NUMBERED_LEVELS = 3
#: abbreviations of "page" that make the reference after them a page reference
PAGE_WORDS = frozenset({"s.", "str."})
#: what a page reference shows until a renderer knows the page
UNKNOWN_PAGE = "?"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Target:
    """Something a reference can point to."""

    label: str
    kind: str
    number: str

    @property
    def noun(self) -> str:
        return PREFIXES[self.label.split(":", 1)[0]][1]


def number_and_resolve(
    ast: dict[str, Any],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    annex_own_numbering: bool,
    report_unknown: bool = True,
) -> dict[str, Target]:
    """Number everything in ``ast`` in place, resolve references, and return the targets by label.

    ``report_unknown`` is False when some part of the document could not be
    read: its labels are missing, and reporting references to them would bury
    the real problem.
    """
    targets: dict[str, Target] = {}
    counters = {"table": 0, "figure": 0}
    heading = [0] * NUMBERED_LEVELS
    citing: list[tuple[PartBlocks, Node]] = []  # top-level blocks that hold a reference
    for part in parts_of(ast):
        letter = part.attributes.get("letter", "")
        if part.role == "annex" and annex_own_numbering:
            counters = {"table": 0, "figure": 0}
        for block in part.blocks:
            nodes = find_nodes(block, ("Header", "Table", "Figure", "Cite"))
            if any(node["t"] == "Cite" for node in nodes):
                citing.append((part, block))
            for node in nodes:
                kind = node["t"]
                if kind == "Header":
                    _number_heading(node, part, heading, targets, texts, diagnostics, letter)
                elif kind in {"Table", "Figure"} and (node["c"][1][1] or node["c"][0][0]):
                    # Only captioned or labelled tables are numbered; a bare grid (a form,
                    # an approval block) is layout, not a table a reader looks up.
                    _number_caption(node, part, counters, targets, texts, diagnostics, letter, annex_own_numbering)
    # Every target is known now. Numbering adds no citation, so only the blocks that held one
    # are walked again (issue 8); lazily, as a resolved citation's prefix may hold another.
    for part, block in citing:
        paged = _page_citations(block)
        for node in iter_nodes(block):
            if node["t"] == "Cite":
                _resolve(node, part, targets, texts, diagnostics if report_unknown else Diagnostics(), paged)
    return targets


def _number_caption(
    node: Node,
    part: PartBlocks,
    counters: dict[str, int],
    targets: dict[str, Target],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    letter: str,
    annex_own_numbering: bool,
) -> None:
    """Give a table or figure its number (3, or A.3 in an annex with its own numbering) and label its caption."""
    what = "table" if node["t"] == "Table" else "figure"
    counters[what] += 1
    prefix = f"{letter}." if part.role == "annex" and annex_own_numbering else ""
    number = f"{prefix}{counters[what]}"
    if not node["c"][0][0]:
        node["c"][0][0] = f"{'tab' if what == 'table' else 'obr'}:_{what}{number}"
    label = node["c"][0][0]
    _register(label, what, number, part, targets, texts, diagnostics)
    _label_caption(node, what, number, label)


def _number_heading(
    node: Node,
    part: PartBlocks,
    counters: list[int],
    targets: dict[str, Target],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    letter: str,
) -> None:
    """Give a chapter heading its number (1, 1.1, 1.1.1); annex and front headings stay unnumbered."""
    level, attr, _inlines = node["c"]
    label = attr[0]
    if part.role == "annex":
        if level == 1:
            _register(label, "annex", letter, part, targets, texts, diagnostics)
        if "unnumbered" not in attr[1]:
            attr[1].append("unnumbered")
        return
    if part.role != "chapter" or "unnumbered" in attr[1] or level > NUMBERED_LEVELS:
        if level <= NUMBERED_LEVELS and "unnumbered" not in attr[1]:
            attr[1].append("unnumbered")
        return
    counters[level - 1] += 1
    for deeper in range(level, NUMBERED_LEVELS):
        counters[deeper] = 0
    number = ".".join(str(n) for n in counters[:level])
    attr[2].append(["number", number])
    _register(label, "section", number, part, targets, texts, diagnostics)


def _register(
    label: str,
    kind: str,
    number: str,
    part: PartBlocks,
    targets: dict[str, Target],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
) -> None:
    """Record ``label`` as a target if it uses one of our prefixes; report misuse and duplicates."""
    prefix = label.split(":", 1)[0] if ":" in label else None
    if prefix not in PREFIXES:
        return
    location = find_location(part.path, texts.get(part.path, ""), f"#{label}")
    expected = PREFIXES[prefix][0]
    if expected != kind:
        right = next(p for p, spec in PREFIXES.items() if spec[0] == kind)
        diagnostics.error(location, f"štítek '{label}' nepatří k tomuto prvku", f"použijte předponu '{right}:'")
    elif label in targets:
        diagnostics.error(location, f"štítek '{label}' je v dokumentu dvakrát", "každý štítek musí být jedinečný")
    else:
        targets[label] = Target(label, kind, number)


def is_label(key: str) -> bool:
    """Whether a citation key is one of our labels (``tab:lhuty``), not a bibliography entry."""
    return ":" in key and key.split(":", 1)[0] in PREFIXES


def _label_caption(node: Node, what: str, number: str, label: str) -> None:
    """Prefix the caption of a table or figure with *Tabulka 3:* (as a span renderers recognise)."""
    word = "Tabulka" if what == "table" else "Obrázek"
    caption_blocks = node["c"][1][1]
    span = {
        "t": "Span",
        "c": [["", ["caption-label"], [["seq", word], ["number", number], ["label", label]]], text_inlines(f"{word} {number}")],
    }
    if not caption_blocks:
        caption_blocks.append({"t": "Plain", "c": [span]})
        return
    first = caption_blocks[0]
    first["c"][:0] = [span, {"t": "Str", "c": ":"}, {"t": "Space"}]


def _page_citations(block: Node) -> set[int]:
    """Return the ids of the citations in ``block`` written after ``s.``, binding each to its ``s.`` (ČSN 01 6910).

    The space between the abbreviation and the page becomes non-breaking here:
    the page's digits are not in the AST for the typography rules to see.
    """
    paged: set[int] = set()
    stack: list[Any] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            for index, node in enumerate(item[2:], start=2):
                space, word = item[index - 1], item[index - 2]
                if (
                    isinstance(node, dict) and node.get("t") == "Cite"
                    and isinstance(space, dict) and space.get("t") in {"Space", "SoftBreak"}
                    and isinstance(word, dict) and word.get("t") == "Str" and _ends_with_page_word(word["c"])
                ):
                    paged.add(id(node))
                    space.clear()
                    space.update({"t": "Str", "c": NBSP})
    return paged


def _ends_with_page_word(text: str) -> bool:
    """Whether ``text`` is, or ends with, a page abbreviation: ``s.``, ``(s.``, ``str.``."""
    return any(text == word or text.endswith("(" + word) for word in PAGE_WORDS)


def _is_page_prefix(prefix: list[Node]) -> bool:
    """Whether a citation's prefix ends with a page abbreviation: ``[viz s. @kap:rizika]``."""
    return bool(prefix) and prefix[-1].get("t") == "Str" and _ends_with_page_word(prefix[-1]["c"])


def _page_span(label: str) -> Node:
    """Return the span a renderer fills with the page ``label`` is on."""
    return {"t": "Span", "c": [["", ["pageref"], [["target", label]]], text_inlines(UNKNOWN_PAGE)]}


def _resolve(
    node: Node,
    part: PartBlocks,
    targets: dict[str, Target],
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    paged: Collection[int] = (),
) -> None:
    """Turn a citation of labels into an ``xref`` span whose text names the target, or a ``pageref`` span."""
    citations = node["c"][0]
    ids = [c["citationId"] for c in citations]
    ours = [i for i in ids if is_label(i)]
    if not ours:
        return  # a bibliography citation
    inlines: list[Node] = []
    for index, citation in enumerate(citations):
        label = citation["citationId"]
        target = targets.get(label)
        if target is None:
            hint = did_you_mean(label, targets) or "štítek se píše k nadpisu, tabulce či obrázku jako {#" + label + "}"
            diagnostics.error(find_location(part.path, texts.get(part.path, ""), f"@{label}"), f"odkaz na neznámý štítek '{label}'", hint)
            continue
        if index:
            inlines += [{"t": "Str", "c": ","}, {"t": "Space"}]
        prefix = citation["citationPrefix"]
        page = id(node) in paged or _is_page_prefix(prefix)
        inlines += prefix + ([{"t": "Str", "c": NBSP} if page else {"t": "Space"}] if prefix else [])
        if page:
            inlines.append(_page_span(label))
            inlines += citation["citationSuffix"]
            continue
        bare = citation["citationMode"]["t"] == "SuppressAuthor"
        text = target.number if bare else f"{target.noun} {target.number}"
        inlines.append(
            {
                "t": "Span",
                "c": [
                    ["", ["xref"], [["target", label], ["kind", target.kind], ["number", target.number]]],
                    text_inlines(text),
                ],
            }
        )
        inlines += citation["citationSuffix"]
    node["t"], node["c"] = "Span", [["", [], []], inlines]
