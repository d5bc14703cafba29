"""Czech typography on the Pandoc JSON AST, so that DOCX and PDF break lines alike.

The rules follow the Internet Language Reference Book of ÚJČ AV ČR (IJP) and
ČSN 01 6910: a line must not end with a one-letter preposition or conjunction,
a number must stay with its unit, a title with its name, and so on.

Technique: the text of a paragraph is read as a stream of words across inline
formatting (so ``v *obci*`` is seen as the words ``v`` and ``obci``). A breakable
``Space`` or ``SoftBreak`` between two words that must stay together is turned,
in place, into ``Str "\\u00a0"``. No other node changes, so code, math, raw
output, attributes, link targets and autolinks keep their exact text. Quoted
nodes are replaced by their inlines between Czech quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.ast import Node, stringify, text_inlines

NBSP = "\u00a0"

# IJP: a line must not end with these one-letter words.
ONE_LETTER_WORDS = frozenset("ksvzouaiKSVZOUAI")

# Units and signs written after a number (compared without trailing punctuation).
UNITS = frozenset(
    {
        "%", "‰", "°C", "°", "Kč", "EUR", "€", "USD", "$", "Sb", "tis", "mil", "mld",
        "km", "m", "cm", "mm", "m²", "m³", "km²", "ha", "kg", "g", "t", "l", "ml", "h", "min",
    }
)  # fmt: skip

# Abbreviations written before a number: § 92, č. 108/2006, odst. 1, písm. a), s. 53.
NUMBER_ABBREVIATIONS = frozenset(
    {"§", "§§", "č.", "odst.", "písm.", "s.", "str.", "tab.", "obr.", "čl.", "kap.", "příl.", "bod", "pozn."}
)

# Academic titles written before a name; those after a name (Ph.D., DiS.) follow a comma.
ACADEMIC_TITLES = frozenset(
    {
        "Bc.", "BcA.", "Mgr.", "MgA.", "Ing.", "PhDr.", "JUDr.", "MUDr.", "MVDr.", "MDDr.",
        "RNDr.", "PaedDr.", "PharmDr.", "ThDr.", "ThLic.", "Dr.", "doc.", "prof.",
    }
)  # fmt: skip

# Months in the genitive, as dates print them: 15. října 2026.
MONTHS = frozenset(
    {
        "ledna", "února", "března", "dubna", "května", "června",
        "července", "srpna", "září", "října", "listopadu", "prosince",
    }
)  # fmt: skip

DASHES = frozenset({"–", "—"})

# Czech quotation marks: „…“ outside, ‚…‘ inside.
QUOTE_MARKS = {"DoubleQuote": ("„", "“"), "SingleQuote": ("‚", "‘")}

# Punctuation that may stand before a word, such as "(v" or "„v", and after it.
OPENING = "([{„‚“‘\"'«»"
CLOSING = ".,;:!?)]}“‘\"'»…"

INLINE_TYPES = frozenset(
    {
        "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
        "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline",
        "Link", "Image", "Note", "Span",
    }
)  # fmt: skip
FORMATTING = frozenset({"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"})
BREAKABLE = frozenset({"Space", "SoftBreak"})
UNTOUCHED_BLOCKS = frozenset({"CodeBlock", "RawBlock"})

# Stand-ins in a word stream: an inline whose text no rule may read (code, math,
# citations, autolinks, images) still counts as a word; raw output separates words.
OPAQUE_WORD: Node = {"t": "Str", "c": "\ufffc"}
SEPARATOR: Node = {"t": "LineBreak"}

DAY = re.compile(r"\d{1,2}\.")
YEAR = re.compile(r"\d{4}(?!\d)")
NUMBERING = re.compile(r"\d|[a-z]\)|[IVXLC]+\b")
GROUP_HEAD = re.compile(r"\d{1,3}")
GROUP = re.compile(r"\d{3}(?!\d)")


def apply_typography(ast: dict[str, Any]) -> None:
    """Apply Czech typography rules in place to every text of the document body (``ast["blocks"]``)."""
    czech_quotes(ast["blocks"])
    for inlines in paragraphs(ast["blocks"]):
        bind_words(inlines)


def typeset_text(text: str) -> str:
    """Return plain ``text`` (a title, a place on the cover) with the same non-breaking spaces as the body."""
    inlines = text_inlines(text)
    bind_words(inlines)
    return stringify(inlines)


def typeset_values(value: Any) -> Any:
    """Return ``value`` (template data: dicts, lists, text) with every text typeset by :func:`typeset_text`."""
    if isinstance(value, str):
        return typeset_text(value)
    if isinstance(value, dict):
        return {key: typeset_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typeset_values(item) for item in value]
    return value


def czech_quotes(value: Any) -> None:
    """Replace every ``Quoted`` node below ``value`` by its inlines between Czech quotation marks.

    Pandoc's ``smart`` extension turns straight quotes into Quoted nodes, and each
    writer would print them in its own (English) way; plain Str marks print alike.
    """
    if isinstance(value, list):
        for child in value:
            czech_quotes(child)
        if any(isinstance(child, dict) and child.get("t") == "Quoted" for child in value):
            value[:] = [piece for child in value for piece in _unquoted(child)]
    elif isinstance(value, dict):
        for child in value.values():
            czech_quotes(child)


def _unquoted(node: Node) -> list[Node]:
    """Return ``[node]``, or a Quoted node's inlines between Czech marks (inner quotes are already done)."""
    if not isinstance(node, dict) or node.get("t") != "Quoted":
        return [node]
    opening, closing = QUOTE_MARKS[node["c"][0]["t"]]
    return [{"t": "Str", "c": opening}, *node["c"][1], {"t": "Str", "c": closing}]


def paragraphs(value: Any) -> Iterator[list[Node]]:
    """Yield the outermost inline lists below ``value``: paragraphs, headings, cells, captions, terms."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and value[0].get("t") in INLINE_TYPES:
            yield value
            return
        for child in value:
            yield from paragraphs(child)
    elif isinstance(value, dict) and value.get("t") not in UNTOUCHED_BLOCKS:
        for child in value.values():
            yield from paragraphs(child)


def bind_words(inlines: list[Node]) -> None:
    """Turn each breakable space of ``inlines`` that a rule forbids to break into a non-breaking one."""
    tokens: list[Node] = []
    nested: list[Any] = []
    _collect_tokens(inlines, tokens, nested)
    words = [""]
    gaps: list[Node | None] = []
    for token in tokens:
        if token["t"] == "Str":
            words[-1] += token["c"]
        else:
            gaps.append(token if token["t"] in BREAKABLE else None)
            words.append("")
    for index, space in enumerate(gaps):
        gap = Gap(previous=words[index - 1] if index else "", before=words[index], after=words[index + 1])
        if space is not None and gap.before and gap.after and any(rule(gap) for rule in RULES):
            space.clear()
            space.update({"t": "Str", "c": NBSP})
    for inner in paragraphs(nested):
        bind_words(inner)


def _collect_tokens(inlines: list[Node], tokens: list[Node], nested: list[Any]) -> None:
    """Flatten ``inlines`` into word and space tokens; footnotes and image captions go to ``nested``."""
    for node in inlines:
        kind = node["t"]
        if kind in {"Str", "Space", "SoftBreak", "LineBreak"}:
            tokens.append(node)
        elif kind in FORMATTING:
            _collect_tokens(node["c"], tokens, nested)
        elif kind == "Span" or (kind == "Link" and not _is_autolink(node)):
            _collect_tokens(node["c"][1], tokens, nested)
        elif kind == "Note":
            nested.append(node["c"])  # a footnote mark sits inside the word it follows
        elif kind == "Image":
            tokens.append(OPAQUE_WORD)
            nested.append(node["c"][1])
        elif kind == "RawInline":
            tokens.append(SEPARATOR)
        else:
            tokens.append(OPAQUE_WORD)


def _is_autolink(link: Node) -> bool:
    """Return whether ``link`` shows its own target (``<https://…>``), whose text must stay exact."""
    classes = link["c"][0][1]
    text, target = stringify(link["c"][1]), link["c"][2][0]
    return "uri" in classes or "email" in classes or target in {text, f"mailto:{text}"}


@dataclass(frozen=True)
class Gap:
    """A breakable space between the words ``before`` and ``after``; ``previous`` precedes ``before``."""

    previous: str
    before: str
    after: str

    @property
    def word_before(self) -> str:
        """The word before the space without opening brackets or quotes: ``(v`` → ``v``."""
        return self.before.lstrip(OPENING)

    @property
    def word_after(self) -> str:
        """The word after the space without closing punctuation: ``Sb.,`` → ``Sb``."""
        return self.after.rstrip(CLOSING) or self.after


def after_one_letter_word(gap: Gap) -> bool:
    """Keep a one-letter preposition or conjunction with the next word: ``v obci``, ``(a to``."""
    return gap.word_before in ONE_LETTER_WORDS


def number_and_unit(gap: Gap) -> bool:
    """Keep a number with its unit or sign: ``50 %``, ``10 km``, ``1 000 Kč``, ``108/2006 Sb.``."""
    return gap.before[-1] in "0123456789" and gap.word_after in UNITS


def abbreviation_and_number(gap: Gap) -> bool:
    """Keep an abbreviation with the number it introduces: ``§ 92``, ``č. 108``, ``písm. a)``, ``s. 53``."""
    return gap.word_before in NUMBER_ABBREVIATIONS and NUMBERING.match(gap.after) is not None


def date(gap: Gap) -> bool:
    """Keep a date together: ``1. 2. 2024`` throughout, ``15. října`` between day and month."""
    day_and_month = DAY.fullmatch(gap.word_before) and (DAY.fullmatch(gap.after) or gap.word_after in MONTHS)
    month_and_year = DAY.fullmatch(gap.previous.lstrip(OPENING)) and DAY.fullmatch(gap.before) and YEAR.match(gap.after)
    return bool(day_and_month or month_and_year)


def title_and_name(gap: Gap) -> bool:
    """Keep an academic title with the name or title after it: ``prof. MUDr. Jan``."""
    return gap.word_before in ACADEMIC_TITLES and gap.after.lstrip(OPENING)[:1].isupper()


def digit_group(gap: Gap) -> bool:
    """Keep the three-digit groups of a large number together: ``1 000 000``, ``12 500``."""
    return GROUP_HEAD.fullmatch(gap.word_before) is not None and GROUP.match(gap.after) is not None


def before_dash(gap: Gap) -> bool:
    """Keep a free-standing dash with the word before it, so a line never starts with ``–``."""
    return gap.after in DASHES


RULES: tuple[Callable[[Gap], bool], ...] = (
    after_one_letter_word,
    number_and_unit,
    abbreviation_and_number,
    date,
    title_and_name,
    digit_group,
    before_dash,
)
