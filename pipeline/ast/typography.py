"""Czech typography on the Pandoc JSON AST, so that DOCX and PDF break lines alike.

The rules follow the Internet Language Reference Book of ÚJČ AV ČR (IJP) and
ČSN 01 6910: a line must not end with a one-letter preposition or conjunction,
a number must stay with its unit and with the word it counts (*30 dní*), the
number of a chapter, table or annex with the word that names it (*v kapitole
4.1*), a title with its name, and so on.

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
from operator import itemgetter
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

# Words that name what a reference's number points to, in every case: kapitola 4.1, v tabulce 2, příloha A.
REFERENCE_NOUNS = frozenset(
    {
        "kapitola", "kapitoly", "kapitole", "kapitolu", "kapitolou", "kapitol", "kapitolách", "kapitolám",
        "podkapitola", "podkapitoly", "podkapitole", "podkapitolu", "podkapitolou",
        "tabulka", "tabulky", "tabulce", "tabulku", "tabulkou", "tabulek", "tabulkách", "tabulkám",
        "obrázek", "obrázku", "obrázkem", "obrázky", "obrázků", "obrázcích",
        "příloha", "přílohy", "příloze", "přílohu", "přílohou", "příloh", "přílohách",
        "graf", "grafu", "grafem", "grafy", "bod", "bodu", "bodem", "body", "krok", "kroku", "krokem",
        "Kapitola", "Tabulka", "Obrázek", "Příloha", "Graf",
    }
)  # fmt: skip

# Words after a number that do not name what it counts (prepositions, conjunctions, verbs of a clause):
# "v roce 2024 se změnilo", "od 8 do 16", "12 a 13".
NOT_COUNTED = frozenset(
    {
        "a", "i", "o", "u", "v", "s", "k", "z", "ve", "se", "si", "je", "jsou", "byl", "byla", "bylo", "byly",
        "bude", "budou", "by", "do", "na", "od", "po", "za", "pro", "při", "přes", "až", "nebo", "či", "ani",
        "že", "to", "ten", "ta", "tj", "tzn", "resp", "což", "jako", "než", "který", "která", "které",
        "kteří", "podle", "dle", "mezi", "nad", "pod", "před", "bez", "ze", "ke", "vs",
    }
)  # fmt: skip

# Every rule needs one of these before the space, a digit, or a dash after it (see _may_bind).
KEY_WORDS = ONE_LETTER_WORDS | NUMBER_ABBREVIATIONS | ACADEMIC_TITLES | REFERENCE_NOUNS

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

# A stand-in in a word stream: an inline whose text no rule may read (code, math,
# citations, autolinks, images) still counts as a word.
OPAQUE_WORD = "\ufffc"
# Inlines after which a line may break anyway: raw output separates words.
BREAKS = frozenset({"LineBreak", "RawInline"})
KIND = itemgetter("t")  # the type of a node, for loops that run in C

DAY = re.compile(r"\d{1,2}\.")
YEAR = re.compile(r"\d{4}(?!\d)")
NUMBERING = re.compile(r"\d|[a-z]\)|[IVXLC]+\b")
GROUP_HEAD = re.compile(r"\d{1,3}")
GROUP = re.compile(r"\d{3}(?!\d)")
# A count: an integer or a decimal with a comma (1,5 hodiny); a four-digit year is not one.
COUNT = re.compile(r"\d+(,\d+)?")
YEAR_LIKE = re.compile(r"1[89]\d\d|2[01]\d\d")
# A counted word: lower-case letters only (a noun or an adjective before it: 30 kalendářních dní).
COUNTED_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# What a reference's noun is followed by: a number (4, 4.1, 2.3.1, A.3) or an annex letter (A).
REFERENCE_NUMBER = re.compile(r"(\d+(\.\d+)*|[A-Z](\.\d+)*)[.,:;)]?$")


def apply_typography(ast: dict[str, Any]) -> None:
    """Apply Czech typography rules in place to every text of the document body (``ast["blocks"]``)."""
    for inlines in paragraphs(ast["blocks"]):
        bind_words(inlines)


def typeset_text(text: str) -> str:
    """Return plain ``text`` (a title, a place on the cover) with the same non-breaking spaces as the body."""
    inlines = text_inlines(text)
    bind_words(inlines)
    return stringify(inlines)


def typeset_pieces(pieces: list[str]) -> list[str]:
    """Return ``pieces`` (the texts of a paragraph's runs, in order) typeset as one text, each piece in its place.

    A Word paragraph splits its text into runs wherever the formatting
    changes (and docxtpl where a tag stood): ``v`` may end one run and
    ``rámci`` start the next. The words are read across the pieces, as the
    body's are across inline formatting; a space that must not break becomes
    a non-breaking one inside the piece that holds it.
    """
    inlines: list[Node] = []
    owners: list[int] = []
    for index, piece in enumerate(pieces):
        for node in text_inlines(piece):
            inlines.append(node)
            owners.append(index)
    bind_words(inlines)
    typeset = [""] * len(pieces)
    for node, owner in zip(inlines, owners, strict=True):
        typeset[owner] += node["c"] if node["t"] == "Str" else " "
    return typeset


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
    """Yield the outermost inline lists below ``value``: paragraphs, headings, cells, captions, terms.

    An explicit stack, as in :func:`pipeline.ast.iter_nodes`; a yielded list
    is not looked into, so the caller may change it.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is list:
            if item and type(item[0]) is dict and item[0].get("t") in INLINE_TYPES:
                yield item
            else:
                stack.extend(reversed(item))
        elif type(item) is dict and item.get("t") not in UNTOUCHED_BLOCKS:
            stack.extend(reversed(list(item.values())))


def bind_words(inlines: list[Node]) -> None:
    """Turn each breakable space of ``inlines`` that a rule forbids to break into a non-breaking one.

    Quoted nodes get Czech quotation marks first (:func:`czech_quotes`), as
    the words are read: the marks are part of the words the rules see.
    """
    words = [""]
    gaps: list[Node | None] = []
    nested: list[Any] = []
    _read_words(inlines, words, gaps, nested)
    for index, space in enumerate(gaps):
        before, after = words[index], words[index + 1]
        if space is None or not before or not after or not _may_bind(before, after):
            continue
        gap = Gap(previous=words[index - 1] if index else "", before=before, after=after)
        if any(rule(gap) for rule in RULES):
            space.clear()
            space.update({"t": "Str", "c": NBSP})
    for inner in paragraphs(nested):
        bind_words(inner)


def _may_bind(before: str, after: str) -> bool:
    """Return False where no rule can bind the two words: most spaces of a text, told apart cheaply (issue 8).

    Each rule needs a word of :data:`KEY_WORDS` before the space, a digit
    before it (``\\d`` of a rule is any Unicode digit) or a dash after it.
    """
    word = before.lstrip(OPENING)
    return word in KEY_WORDS or after in DASHES or before[-1].isdigit() or word[:1].isdigit()


def _read_words(inlines: list[Node], words: list[str], gaps: list[Node | None], nested: list[Any]) -> None:
    """Add the text of ``inlines`` to ``words`` and each space between words to ``gaps``.

    A gap is None where the line may break anyway (a line break, raw output).
    Words are read across formatting, spans and links. An inline whose text no
    rule may read (code, math, a citation, an autolink, an image) counts as
    the stand-in word character U+FFFC. Footnotes and image captions go to
    ``nested``: a footnote mark sits inside the word it follows.
    """
    if "Quoted" in map(KIND, inlines):  # a quick test in C: most inlines hold no quotes (issue 8)
        czech_quotes(inlines)
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            words[-1] += node["c"]
        elif kind in BREAKABLE:
            gaps.append(node)
            words.append("")
        elif kind in BREAKS:
            gaps.append(None)
            words.append("")
        elif kind in FORMATTING:
            _read_words(node["c"], words, gaps, nested)
        elif kind == "Span":
            _read_words(node["c"][1], words, gaps, nested)
        elif kind == "Link":
            czech_quotes(node["c"][1])  # the text as printed, before it is compared with the target
            if _is_autolink(node):
                words[-1] += OPAQUE_WORD
            else:
                _read_words(node["c"][1], words, gaps, nested)
        elif kind == "Note":
            nested.append(node["c"])
        else:
            if kind == "Cite":
                czech_quotes(node)  # its prefix and suffix are never read as words
            words[-1] += OPAQUE_WORD
            if kind == "Image":
                nested.append(node["c"][1])


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


def number_and_counted_word(gap: Gap) -> bool:
    """Keep a number with the word it counts: ``30 dní``, ``4 byty``, ``38 let``, ``1,5 hodiny``.

    Not a year (``v roce 2024 se``), not a number an abbreviation introduces
    (``§ 92 zákona``, ``s. 53 a``), and not before a preposition or a conjunction.
    """
    if not COUNT.fullmatch(gap.before.lstrip(OPENING)) or YEAR_LIKE.fullmatch(gap.before.lstrip(OPENING)):
        return False
    if gap.previous.lstrip(OPENING) in NUMBER_ABBREVIATIONS:
        return False
    word = gap.word_after
    return COUNTED_WORD.fullmatch(word) is not None and word.islower() and word not in NOT_COUNTED


def reference_noun_and_number(gap: Gap) -> bool:
    """Keep the word naming a chapter, table, figure or annex with its number: ``v kapitole 4.1``, ``příloha A``."""
    return gap.word_before in REFERENCE_NOUNS and REFERENCE_NUMBER.match(gap.after) is not None


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
    number_and_counted_word,
    reference_noun_and_number,
    before_dash,
)
