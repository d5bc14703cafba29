"""Put plain text from data files into generated Pandoc Markdown so that it stays plain text.

Catalogue values are written as text, not Markdown: an ``@`` must not start a
citation, a ``|`` must not split a table cell, a ``*`` must not start emphasis,
``&amp;`` must stay as written rather than become ``&``, and a value starting
``2. pilíř``, ``a) …`` or ``- …`` must not become a list.

The same holds for values that chapters print through Jinja (``{{ dokument.nazev }}``):
a title with ``*``, ``[``, ``<``, ``{{`` or a leading ``#`` must not turn into
markup in the middle of a chapter (issue 14).
"""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@&])")
#: where a backslash keeps a line's start from opening a list or a definition (or a table caption, or
#: underlining the line before as a heading): after ``2``, ``iv`` or ``a`` of ``2.``, ``iv)``, ``a)``;
#: before ``-``, ``+``, ``:``, ``=`` or ``(`` of ``(b)``
_LEADING_MARKER = re.compile(r"^(?:(?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)(?=[.)](?:\s|$))|(?=[-+:=(]))")
_BLANK_LINE = re.compile(r"\n\s*\n")
#: spaces, tabs and line breaks (not the non-breaking space, which Czech numbers and dates hold on purpose)
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
#: a whole web address or e-mail address: printed into a link (``<{{ urad.email }}>``) it must stay as written
_ADDRESS = re.compile(r"(?:https?://|mailto:)[^\s<>]+|[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[A-Za-z]{2,}")


def escape(text: str) -> str:
    """Return ``text`` on one line with every Markdown sign escaped, also a list marker it starts with."""
    return inline(" ".join(text.split()))


def inline(text: str) -> str:
    """Return ``text`` on one line, every Markdown sign and a leading list marker escaped; other spaces kept."""
    escaped = _SPECIAL.sub(r"\\\1", _ASCII_SPACE.sub(" ", text))
    return _LEADING_MARKER.sub(lambda match: match.group(0) + "\\", escaped, count=1)


def template_value(value: Any) -> Any:
    """Return what a chapter's ``{{ … }}`` prints as Markdown showing it as written (Jinja's ``finalize``).

    Text from YAML becomes plain text wherever it lands: no emphasis, links,
    headings or line breaks of its own. A whole web or e-mail address stays
    as it is, so that ``[web]({{ organizace.web }})`` and ``<{{ urad.email }}>``
    still link. Numbers and other values are left to Jinja.
    """
    if not isinstance(value, str) or _ADDRESS.fullmatch(value):
        return value
    return inline(value)


def paragraphs(text: str) -> list[str]:
    """Return the paragraphs of ``text`` (split at blank lines), each escaped onto one line."""
    return [escape(part) for part in _BLANK_LINE.split(text.strip()) if part.strip()]


def pipe_table(
    header: list[str], widths: list[int], rows: list[list[str]], caption: str | None = None,
    numbers_from: int | None = None,
) -> list[str]:
    """Return the lines of a pipe table, columns in ``widths`` percent; cells must be escaped already.

    Pandoc sizes a pipe table by the dashes of its separator line only when some
    line is wider than 72 characters; with widths adding up to 100 the separator
    is that wide, so even a table of short cells spans the page with the columns
    given (small widths leave the sizing to pandoc). Columns from ``numbers_from``
    on hold numbers and are right-aligned.
    """
    dashes = ["-" * width for width in widths]
    if numbers_from is not None:
        dashes[numbers_from:] = [dash[:-1] + ":" for dash in dashes[numbers_from:]]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(dashes) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, *(["", f": {caption}"] if caption else []), ""]
