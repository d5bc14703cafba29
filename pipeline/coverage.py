"""The coverage of criteria by texts: an annex of the standards and a CSV for the regional office."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.ast.tables import ROW_GROUPS
from pipeline.czech import format_date

HEADER = ("Standard", "Kritérium", "Zdroj textu", "Poslední revize", "Stav")
#: first characters that make Excel or LibreOffice read a cell as a formula (OWASP "CSV Injection", ASVS 1.2.10)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


@dataclass(frozen=True)
class CoverageRow:
    """Where the text of one criterion comes from and whether it is current."""

    standard: int
    criterion: str
    source: str  # "úřad" or "vzor"
    reviewed: dt.date | None
    status: str

    def cells(self, date_format) -> tuple[str, ...]:
        reviewed = date_format(self.reviewed) if self.reviewed else "–"
        return (str(self.standard), self.criterion, self.source, reviewed, self.status)


def coverage_markdown(rows: list[CoverageRow]) -> str:
    """Return the annex *Přehled pokrytí kritérií* as Pandoc Markdown."""
    lines = ["# Přehled pokrytí kritérií {.unnumbered}", "", "| " + " | ".join(HEADER) + " |", "|---|---|---|---|---|"]
    for index, row in enumerate(rows):
        cells = list(row.cells(format_date))
        if index and rows[index - 1].standard == row.standard:
            cells[0] = ""  # the standard's number spans its criteria (pipeline.ast.tables)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f": Pokrytí kritérií texty úřadu a vzorovými texty {{.{ROW_GROUPS}}}"]
    return "\n".join(lines) + "\n"


def coverage_csv(office: str, rows: list[CoverageRow]) -> bytes:
    """Return the coverage as a CSV that Czech Excel opens as is (UTF-8 with BOM, semicolons, CRLF)."""
    return spreadsheet_csv([("Úřad", *HEADER), *((office, *row.cells(lambda day: day.isoformat())) for row in rows)])


def spreadsheet_csv(rows: Iterable[Iterable[str]]) -> bytes:
    """Return ``rows`` as a CSV for Czech Excel and LibreOffice, every cell read as text.

    The cells come from sources (an office's name, a catalogue's ids): one
    written ``=HYPERLINK(…)`` must not become a formula in the regional
    office's spreadsheet, so it is written as :func:`text_cell` says.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([text_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def text_cell(value: str) -> str:
    """Return ``value`` with an apostrophe before it if a spreadsheet would take it for a formula.

    OWASP's defence against CSV injection: the apostrophe tells Excel and
    LibreOffice Calc that the cell is text; the value stays readable.
    """
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
