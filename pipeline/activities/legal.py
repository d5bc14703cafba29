"""Structured references to provisions of Czech laws: their form, citation and order.

A reference names the law (number and year, e.g. ``108/2006``), the section
(``92``, ``93a``), optionally the paragraph (odstavec) and the letter
(písmeno). Each part is checked for form where it is written, so a typo such as
``section: "§93 a"`` is reported with the value it most likely meant. The
citation follows Czech legal usage: *§ 92 odst. 1 písm. a) zákona
č. 108/2006 Sb.*; the index orders provisions numerically, so § 7 precedes
§ 63 and § 93 precedes § 93a.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from pipeline.model.types import SourceModel

_LAW = re.compile(r"^(\d{1,4})/(\d{4})$")
_SECTION = re.compile(r"^(\d{1,4})([a-z]{0,2})$")
_LETTER = re.compile(r"^[a-z]{1,2}$")


def _checker(
    pattern: re.Pattern[str], clean: Callable[[str], str], what: str, example: str,
    out_of_range: Callable[[re.Match[str]], str | None] = lambda match: None,
) -> Callable[[Any], str]:
    """Return a validator accepting text (or a number) of ``pattern`` whose numbers ``out_of_range`` accepts.

    When a value fails, the hint offers its cleaned form if that one is valid
    (``§ 93 a`` → ``93a``), otherwise an example; a number out of range is
    explained by the hint ``out_of_range`` returns.
    """

    def check(value: Any) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        match = pattern.match(text) if text is not None else None
        if match is not None:
            hint = out_of_range(match)
            if hint is None:
                return match.group(0)
        else:
            cleaned = clean(text) if text is not None else ""
            hint = f"možná jste mysleli '{cleaned}'" if pattern.match(cleaned) else f"např. {example}"
        raise PydanticCustomError(
            "legal_reference", "'{value}' není platné označení {what}", {"value": value, "what": what, "hint": hint}
        )

    return check


#: the years of the Sbírka zákonů: from the first law of Czechoslovakia on; a later year is a typo (3006 for 2006)
FIRST_YEAR, LAST_YEAR = 1918, 2099


def _law_out_of_range(match: re.Match[str]) -> str | None:
    """Explain a law number 0 or a year outside the Sbírka zákonů; None for a sane one."""
    if int(match.group(1)) == 0:
        return "zákony se ve Sbírce zákonů číslují od 1"
    if not FIRST_YEAR <= int(match.group(2)) <= LAST_YEAR:
        return f"rok zákona musí být mezi {FIRST_YEAR} a {LAST_YEAR}"
    return None


def _section_out_of_range(match: re.Match[str]) -> str | None:
    """Explain a section 0; None for any other."""
    return "paragrafy se číslují od 1" if int(match.group(1)) == 0 else None


def _clean_law(text: str) -> str:
    """Return ``108/2006`` from ``č. 108/2006 Sb.``, ``108-2006`` or ``108 / 2006``."""
    numbers = re.findall(r"\d+", text)
    return f"{numbers[0]}/{numbers[1]}" if len(numbers) == 2 else text


def _clean_section(text: str) -> str:
    """Return ``93a`` from ``§ 93 a`` or ``§93A``."""
    return re.sub(r"[§\s.]", "", text).lower()


def _clean_letter(text: str) -> str:
    """Return ``a`` from ``a)`` or ``písm. a)``."""
    return re.sub(r"písm\.?|[\s)(.]", "", text).lower()


def _is_number(text: str) -> bool:
    """Whether ``text`` is written in the digits 0–9 (``isdigit`` alone takes ``²``, which ``int`` refuses)."""
    return text.isascii() and text.isdigit()


def _check_paragraph(value: Any) -> int:
    """Accept a paragraph (odstavec) number; ``odst. 2`` is offered as ``2``."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if _is_number(text) and int(text) > 0:
        return int(text)
    digits = re.sub(r"odst\.?|\s", "", text)
    hint = f"možná jste mysleli '{digits}'" if _is_number(digits) and int(digits) > 0 else "např. 1"
    raise PydanticCustomError(
        "legal_reference", "'{value}' není platné označení odstavce", {"value": value, "hint": hint}
    )


LawNumber = Annotated[str, BeforeValidator(_checker(_LAW, _clean_law, "zákona", "108/2006", _law_out_of_range))]
Section = Annotated[
    str, BeforeValidator(_checker(_SECTION, _clean_section, "paragrafu", "92 nebo 93a", _section_out_of_range))
]
Letter = Annotated[str, BeforeValidator(_checker(_LETTER, _clean_letter, "písmene", "a"))]
Paragraph = Annotated[int, BeforeValidator(_check_paragraph)]


def law_key(law: str) -> tuple[int, int]:
    """Return the order of a law number: by year, then by number (``111/2006`` after ``108/2006``)."""
    number, year = law.split("/")
    return int(year), int(number)


def law_citation(law: str) -> str:
    """Return ``č. 108/2006 Sb.``: the law as cited after *zákona* or *zákon*."""
    return f"č. {law} Sb."


class LegalReference(SourceModel):
    """A provision of a law: ``{law: 108/2006, section: 92, letter: a}``."""

    law: LawNumber = Field(description="číslo a rok zákona, např. 108/2006")
    section: Section = Field(description="paragraf bez znaku §, např. 92 nebo 93a")
    paragraph: Paragraph | None = Field(None, description="odstavec, např. 1")
    letter: Letter | None = Field(None, description="písmeno bez závorky, např. a")

    def provision(self) -> str:
        """Return the provision within its law: ``§ 92 odst. 1 písm. a)``."""
        text = f"§ {self.section}"
        if self.paragraph is not None:
            text += f" odst. {self.paragraph}"
        if self.letter is not None:
            text += f" písm. {self.letter})"
        return text

    def cite(self) -> str:
        """Return the Czech citation: ``§ 92 písm. a) zákona č. 108/2006 Sb.``."""
        return f"{self.provision()} zákona {law_citation(self.law)}"

    def sort_key(self) -> tuple[Any, ...]:
        """Return the order of the legal index: law, section number, its letter suffix, paragraph, letter."""
        match = _SECTION.match(self.section)
        assert match is not None  # validated form
        return (*law_key(self.law), int(match.group(1)), match.group(2), self.paragraph or 0, self.letter or "")


T = TypeVar("T")


@dataclass
class IndexEntry(Generic[T]):
    """One provision of the legal index and what cites it, in the order first cited."""

    reference: LegalReference
    cited_by: list[T] = field(default_factory=list)


def legal_index(citations: Iterable[tuple[LegalReference, T]]) -> dict[str, list[IndexEntry[T]]]:
    """Return the cited provisions grouped by law, laws and provisions in numerical order.

    The same provision cited twice by one item is listed once.
    """
    entries: dict[tuple[Any, ...], IndexEntry[T]] = {}
    for reference, item in citations:
        entry = entries.setdefault(reference.sort_key(), IndexEntry(reference))
        if item not in entry.cited_by:
            entry.cited_by.append(item)
    by_law: dict[str, list[IndexEntry[T]]] = {}
    for key in sorted(entries):
        by_law.setdefault(entries[key].reference.law, []).append(entries[key])
    return by_law
