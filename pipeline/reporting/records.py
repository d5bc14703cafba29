"""Read activity records: CSV files as Czech project managers keep them, one row per event.

Files come from Excel as often as from a text editor: separated by ``;`` or
``,``, in windows-1250 or UTF-8 (with or without BOM), with Czech dates
(``17. 2. 2017``) or ISO dates and decimal commas. What cannot be read
unambiguously is an error at ``path:line:col`` of the cell, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic_core import PydanticCustomError

from pipeline.czech import format_number
from pipeline.errors import Diagnostics, Location, did_you_mean, shortened
from pipeline.model.types import parse_date
from pipeline.sources import lines_within_limit, read_source_bytes

#: column name -> whether every row must fill it
COLUMNS = {
    "id": True,
    "datum": True,
    "klicova_aktivita": True,
    "typ": True,
    "podtyp": False,
    "hodiny": True,
    "ucastnici": False,
    "osoby": False,
    "poznamka": False,
}
_PERSON_SEPARATOR = re.compile(r"[\s,|]+")
_THOUSANDS_POINT = re.compile(r"[0-9]\.[0-9]{3}$")
#: plain ASCII digits only: ``isdigit()`` and ``Decimal()`` also take ``²``, ``1e3`` or ``NaN``
_COUNT = re.compile(r"[0-9]+")
_HOURS = re.compile(r"-?[0-9]+([.,][0-9]+)?")
#: hours of one record: more than a year round the clock (8 760 h) is a typing error, not an event
MAX_HOURS = 10_000
#: participants of one record: more than any hall or conference holds
MAX_PARTICIPANTS = 100_000


@dataclass(frozen=True)
class Cell:
    """A cell's text and where it stands in its file."""

    text: str
    location: Location


@dataclass(frozen=True)
class ActivityRecord:
    """One event of the project: a supervision, a course, an interview, …"""

    id: str
    date: dt.date
    activity: str
    type: str
    subtype: str
    hours: Decimal
    participants: int
    #: pseudonymous ids of the supported persons who took part
    persons: tuple[str, ...]
    note: str
    #: where each column of the row stands, for errors found later (unknown type, date outside the project)
    cells: dict[str, Location]


def read_records(paths: list[tuple[Path, Location]], diagnostics: Diagnostics) -> list[ActivityRecord]:
    """Return the records of every file in ``paths`` (each with where it is named); record every problem.

    A row with a problem is left out; the caller fails the run on any error.
    """
    records: list[ActivityRecord] = []
    first_seen: dict[str, Location] = {}
    for path, named_at in paths:
        if not path.is_file():
            diagnostics.error(named_at, f"soubor záznamů '{path.name}' neexistuje",
                              "cesta se zadává od složky dokumentu")
            continue
        raw = read_source_bytes(path, diagnostics)
        if raw is None:
            continue
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            diagnostics.error(Location(path, 1, 1), "soubor záznamů je uložen v kódování UTF-16 (Unicode text)",
                              "uložte jej v Excelu jako „CSV UTF-8 (s oddělovači)“"
                              " nebo „CSV (oddělený středníkem)“ v kódování windows-1250")
            continue
        text = _decode(raw)
        if not lines_within_limit(path, text, diagnostics):
            continue
        for record in _records_of(path, text, diagnostics):
            if record.id in first_seen:
                earlier = first_seen[record.id]
                diagnostics.error(
                    record.cells["id"], f"záznam '{record.id}' je uveden dvakrát",
                    f"poprvé na řádku {earlier.line} souboru {earlier.path.name}; každý záznam potřebuje vlastní id",
                )
                continue
            first_seen[record.id] = record.cells["id"]
            records.append(record)
    return records


def _decode(raw: bytes) -> str:
    """Return the text of a CSV file: UTF-8 (a BOM is dropped), else windows-1250 as Excel saves it.

    Czech text in windows-1250 is never valid UTF-8, so trying UTF-8 first does not misread it.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1250", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_rows(path: Path, text: str, delimiter: str, diagnostics: Diagnostics) -> list[list[Cell]]:
    """Split CSV ``text`` into rows of cells with their positions (quotes as Excel writes them).

    A quoted cell may hold the delimiter, doubled quotes and line breaks; one
    left open to the end of the file is an error where it opens.
    """
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    value: list[str] = []
    line, col = 1, 1
    start = Location(path, 1, 1)
    quoted = in_quotes = False
    index = 0
    while index < len(text):
        char = text[index]
        if in_quotes:
            if char == '"' and text[index + 1 : index + 2] == '"':
                value.append('"')
                index += 1
                col += 1
            elif char == '"':
                in_quotes = False
            else:
                value.append(char)
        elif char == '"' and not value:
            in_quotes = quoted = True
        elif char in (delimiter, "\n"):
            row.append(Cell("".join(value) if quoted else "".join(value).strip(), start))
            value, quoted = [], False
            if char == "\n":
                rows.append(row)
                row = []
        else:
            value.append(char)
        if char == "\n":
            line, col = line + 1, 1
        else:
            col += 1
        if char in (delimiter, "\n") and not in_quotes:
            start = Location(path, line, col)
        index += 1
    if in_quotes:
        diagnostics.error(start, "uvozovky otevřené v této buňce se do konce souboru neuzavřou",
                          "doplňte uzavírací uvozovky; uvozovky uvnitř textu se zdvojují: \"\"")
    if value or row or quoted:
        row.append(Cell("".join(value).strip(), start))
        rows.append(row)
    return [row for row in rows if any(cell.text for cell in row)]


def column_name(header: str) -> str:
    """Return a header as a column name: ``Klíčová aktivita`` -> ``klicova_aktivita``."""
    plain = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def _delimiter(header_line: str) -> str | None:
    """Return the separator of a file from its header line (column names hold neither ``;`` nor ``,``)."""
    for candidate in (";", ",", "\t"):
        if candidate in header_line:
            return candidate
    return None


def _records_of(path: Path, text: str, diagnostics: Diagnostics) -> list[ActivityRecord]:
    """Return the records of one decoded file."""
    if not text.strip():
        # Not "no delimiter": an export that failed or a file saved before anything was typed.
        diagnostics.error(Location(path), "soubor záznamů je prázdný",
                          "první řádek nese názvy sloupců oddělené středníkem: " + ";".join(COLUMNS)
                          + "; každý další řádek je jeden záznam")
        return []
    header_line = text.split("\n", 1)[0]
    delimiter = _delimiter(header_line)
    if delimiter is None:
        diagnostics.error(Location(path), "v záhlaví chybí oddělovač sloupců",
                          "první řádek nese názvy sloupců oddělené středníkem: " + ";".join(COLUMNS))
        return []
    rows = split_rows(path, text, delimiter, diagnostics)
    if not rows or not rows[0][0].text:
        diagnostics.error(Location(path), "první řádek nenese názvy sloupců", "začněte jej: " + ";".join(COLUMNS))
        return []
    header, body = _without_trailing_empty(rows[0]), rows[1:]
    names = [column_name(cell.text) for cell in header]
    problems = len(diagnostics.errors)
    for index, (cell, name) in enumerate(zip(header, names)):
        if name not in COLUMNS:
            hint = did_you_mean(name, COLUMNS) or "povolené sloupce: " + ", ".join(COLUMNS)
            diagnostics.error(cell.location, f"neznámý sloupec '{cell.text}'", hint)
        elif name in names[:index]:
            diagnostics.error(cell.location, f"sloupec '{name}' je v záhlaví dvakrát",
                              f"poprvé jako {names.index(name) + 1}. sloupec; každý sloupec uveďte jen jednou")
    for name, required in COLUMNS.items():
        if required and name not in names:
            diagnostics.error(Location(path), f"chybí sloupec '{name}'", "doplňte jej do záhlaví na prvním řádku")
    if len(diagnostics.errors) > problems:
        return []
    if not body:
        # Possible early in a project, but every figure from this file is then zero: say so.
        diagnostics.warning(Location(path), "soubor záznamů obsahuje jen záhlaví, žádný záznam",
                            "doplňte záznamy pod záhlaví, nebo soubor vyřaďte ze seznamu records")
    records = []
    for row in body:
        record = _record(dict(zip(names, row)), row, len(names), diagnostics)
        if record is not None:
            records.append(record)
    return records


def _without_trailing_empty(row: list[Cell]) -> list[Cell]:
    """Return ``row`` without the empty cells at its end (Excel writes ``;;`` up to its widest row)."""
    end = len(row)
    while end > 0 and not row[end - 1].text:
        end -= 1
    return row[:end]


def _record(cells: dict[str, Cell], row: list[Cell], width: int, diagnostics: Diagnostics) -> ActivityRecord | None:
    """Return one row as a record, or None after recording what is wrong with it."""
    before = len(diagnostics.errors)
    filled = _without_trailing_empty(row)
    if len(filled) > width:
        extra = next(cell for cell in filled[width:] if cell.text)
        diagnostics.error(extra.location, f"řádek má {len(filled)} buněk, záhlaví jen {width}",
                          "text s oddělovačem dejte do uvozovek")
    end = row[-1].location
    for name, required in COLUMNS.items():
        if required and not (name in cells and cells[name].text):
            diagnostics.error(cells[name].location if name in cells else end, f"chybí hodnota ve sloupci '{name}'")
    if len(diagnostics.errors) > before:
        return None
    date = _date(cells["datum"], diagnostics)
    hours = _hours(cells["hodiny"], diagnostics)
    participants = _count(cells.get("ucastnici"), diagnostics)
    if date is None or hours is None or participants is None or len(diagnostics.errors) > before:
        return None
    text = {name: cell.text for name, cell in cells.items()}
    return ActivityRecord(
        id=text["id"],
        date=date,
        activity=text["klicova_aktivita"],
        type=text["typ"],
        subtype=text.get("podtyp", ""),
        hours=hours,
        participants=participants,
        persons=tuple(p for p in _PERSON_SEPARATOR.split(text.get("osoby", "")) if p),
        note=text.get("poznamka", ""),
        cells={name: cell.location for name, cell in cells.items()},
    )


def _date(cell: Cell, diagnostics: Diagnostics) -> dt.date | None:
    """Return the date of a cell (``17. 2. 2017``, ``17.2.2017`` or ``2017-02-17``)."""
    try:
        return parse_date(cell.text)
    except PydanticCustomError as error:
        hint = "zapište datum jako 17. 2. 2024 nebo 2024-02-17"
        if "/" in cell.text:
            hint = "zápis s lomítky nelze přečíst jednoznačně, den a měsíc se pletou; " + hint
        diagnostics.error(cell.location, f"{error.message()} ve sloupci 'datum'", hint)
        return None


def _hours(cell: Cell, diagnostics: Diagnostics) -> Decimal | None:
    """Return the hours of a cell: decimal comma (``1,5``) or point (``1.5``), never negative.

    ``1.250`` is refused: a point before three digits may be a thousands separator.
    """
    text = cell.text.replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS_POINT.search(text):
        diagnostics.error(cell.location, f"počet hodin '{cell.text}' nelze přečíst jednoznačně",
                          "tečka může oddělovat tisíce; desetinná místa pište za čárku: 1,25")
        return None
    if not _HOURS.fullmatch(text):
        diagnostics.error(cell.location, f"'{cell.text}' není počet hodin", "zapište číslo, desetinnou čárkou: 1,5")
        return None
    value = Decimal(text.replace(",", "."))
    if value < 0:
        diagnostics.error(cell.location, f"záporný počet hodin '{cell.text}'", "počet hodin je nula nebo kladné číslo")
        return None
    if value > MAX_HOURS:
        diagnostics.error(cell.location, f"počet hodin '{shortened(cell.text, 21)}' je větší než {format_number(MAX_HOURS, 0)} na záznam",
                          "zkontrolujte zápis; dlouhou činnost rozepište do více záznamů")
        return None
    return value


def _count(cell: Cell | None, diagnostics: Diagnostics) -> int | None:
    """Return the number of participants of a cell (empty means none were counted)."""
    if cell is None or not cell.text:
        return 0
    if not _COUNT.fullmatch(cell.text):
        diagnostics.error(cell.location, f"'{cell.text}' není počet účastníků", "zapište celé nezáporné číslo")
        return None
    # Measured as text first: int() refuses more than 4 300 digits (leading zeros too) with an exception.
    digits = cell.text.lstrip("0") or "0"
    if len(digits) > len(str(MAX_PARTICIPANTS)) or int(digits) > MAX_PARTICIPANTS:
        diagnostics.error(cell.location,
                          f"počet účastníků '{shortened(cell.text, 21)}' je větší než {format_number(MAX_PARTICIPANTS, 0)} na záznam",
                          "zkontrolujte zápis; každou akci zapište zvlášť")
        return None
    return int(digits)
