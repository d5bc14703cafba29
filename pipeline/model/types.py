"""Value types shared by the models: Czech dates, registration numbers, IČO."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CZECH_DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")


#: characters a DOCX cannot hold (XML 1.0 forbids them) and a PDF cannot show: control characters but tab
#: and line breaks, C1 controls, lone surrogates, U+FFFE and U+FFFF. YAML lets them in as escapes ("\x1b").
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: what python-docx and Word's dialog allow in one property of a DOCX file (title, subject, author, keywords)
PROPERTY_LIMIT = 255


def unwritable_texts(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield the key path and the first unwritable character of every text (value or key) in YAML ``data``."""
    if isinstance(data, str):
        found = _UNWRITABLE.search(data)
        if found:
            yield path, found.group()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from unwritable_texts(key, (*path, key)) if isinstance(key, str) else ()
            yield from unwritable_texts(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from unwritable_texts(item, (*path, index))


def unwritable_message(character: str) -> tuple[str, str]:
    """Return the Czech message and hint for a character a DOCX cannot hold."""
    return (
        f"text obsahuje znak U+{ord(character):04X} (řídicí nebo neplatný znak Unicode), který nelze zapsat do DOCX ani PDF",
        "smažte jej; v YAML vzniká z escape sekvencí jako \\x1b nebo \\ud800 v uvozovkách",
    )


def check_property(value: str, name: str) -> str:
    """Return ``value`` if it fits a DOCX file property; raise a Czech validation error if it is too long."""
    if len(value) > PROPERTY_LIMIT:
        raise PydanticCustomError(
            "property_length",
            "{name} má {length} znaků, vlastnosti souboru DOCX dovolují nejvýše {limit}",
            {
                "name": name, "length": len(value), "limit": PROPERTY_LIMIT,
                "hint": "zkraťte jej; podrobnosti patří do textu dokumentu",
            },
        )
    return value


class SourceModel(BaseModel):
    """Base of every model read from sources: immutable, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_date(value: Any) -> dt.date:
    """Return a date from ISO (``2026-10-15``) or Czech (``15. 10. 2026``) text.

    Raises a Czech validation error for an impossible date such as 31. 2. 2024.
    """
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso, czech = _ISO_DATE.match(text), _CZECH_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif czech:
        day, month, year = (int(part) for part in czech.groups())
    else:
        raise PydanticCustomError(
            "date_format",
            "'{value}' není datum",
            {"value": text, "hint": "zapište datum jako 2026-10-15 nebo 15. 10. 2026"},
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date_impossible",
            "datum '{value}' neexistuje",
            {"value": text, "hint": "zkontrolujte den a měsíc"},
        ) from None


CzechDate = Annotated[dt.date, BeforeValidator(parse_date)]


def check_order(start: dt.date, end: dt.date, message: str) -> None:
    """Refuse a span that ends before it starts (a project, a reporting period), with ``message``."""
    if end < start:
        raise PydanticCustomError("period_order", message, {"hint": "prohoďte data start a end"})


def check_ico(value: str) -> str:
    """Return ``value`` if it is a valid IČO (8 digits, mod-11 check digit)."""
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{8}", digits):
        raise PydanticCustomError("ico", "IČO '{value}' nemá 8 číslic", {"value": value, "hint": "např. \"00274046\""})
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1)))
    if int(digits[7]) != (11 - total % 11) % 10:
        raise PydanticCustomError(
            "ico", "IČO '{value}' má chybnou kontrolní číslici", {"value": value, "hint": "opište IČO z rejstříku ARES"}
        )
    return digits


def check_isbn(value: str) -> str:
    """Return ``value`` if it is an ISBN-10 or ISBN-13 with a correct check digit (hyphens allowed)."""
    digits = value.replace("-", "").replace(" ", "").upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
        expected = str((10 - total % 10) % 10)
    elif re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
        check = (11 - total % 11) % 11
        expected = "X" if check == 10 else str(check)
    else:
        raise PydanticCustomError(
            "isbn", "ISBN '{value}' nemá 10 ani 13 číslic", {"value": value, "hint": "např. 978-80-7421-123-2"}
        )
    if digits[-1] != expected:
        raise PydanticCustomError(
            "isbn",
            "ISBN '{value}' má chybnou kontrolní číslici",
            {"value": value, "hint": f"poslední číslice má být {expected}; opište ISBN z přidělení"},
        )
    return value


Isbn = Annotated[str, BeforeValidator(lambda v: check_isbn(v) if isinstance(v, str) else v)]

Ico = Annotated[str, BeforeValidator(lambda v: check_ico(v) if isinstance(v, str) else v)]


#: academic and professional degrees as Czech names carry them, written without dots and in lower case
#: (Mgr., Ing. arch., Ph.D., CSc., DiS., MBA, LL.M., …): an item of a list of people that holds nothing else
#: is the tail of the previous name, cut off by the comma before it (issue 15)
DEGREES = frozenset({
    "bc", "bca", "ing", "arch", "mgr", "mga", "mudr", "mddr", "mvdr", "phdr", "judr", "rndr", "pharmdr", "paeddr",
    "thdr", "thlic", "thmgr", "rsdr", "dr", "doc", "prof", "phd", "thd", "csc", "drsc", "dsc", "dis", "mba", "mpa",
    "llm", "llb", "msc", "bsc", "ma", "ba", "mph", "dba", "emba",
})


def is_degree(text: str) -> bool:
    """Return True if ``text`` is only academic degrees (``Ph.D.``, ``Ph. D.``, ``CSc., MBA``), no name."""
    words = text.replace(",", " ").split()

    def degree(chunk: list[str]) -> bool:
        joined = "".join(chunk)
        bare = joined.replace(".", "").lower()
        # MA or M.A. is a degree, Ma a surname
        return bare in DEGREES and (len(bare) > 2 or "." in joined or joined.isupper())

    # covered[i]: the first i words are whole degrees; a degree may be written in up to three words (Ph. D.)
    covered = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        covered[end] = any(covered[start] and degree(words[start:end]) for start in range(max(0, end - 3), end))
    return bool(words) and covered[-1]


DEGREE_HINT = (
    "čárka před titulem za jménem rozdělila jméno na dvě položky; pište každou osobu na vlastní řádek"
    " začínající '- ' (- PhDr. Jana Malá, Ph.D.), nebo jméno dejte do uvozovek"
)


def check_person_name(value: str) -> str:
    """Return ``value`` if it names a person; refuse a value that is only a degree (``Ph.D.``)."""
    if is_degree(value):
        raise PydanticCustomError(
            "person_degree", "'{value}' je jen titul, ne jméno osoby", {"value": value, "hint": DEGREE_HINT}
        )
    return value


#: a person's name with degrees, as every people field of every kind holds it (authors, reviewers, staff, …)
PersonName = Annotated[str, AfterValidator(check_person_name)]
