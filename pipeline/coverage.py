"""The coverage of criteria by texts: an annex of the standards and a CSV for the regional office."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from pipeline.czech import format_date

HEADER = ("Standard", "Kritérium", "Zdroj textu", "Poslední revize", "Stav")


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
    lines += ["| " + " | ".join(row.cells(format_date)) + " |" for row in rows]
    lines += ["", ": Pokrytí kritérií texty úřadu a vzorovými texty"]
    return "\n".join(lines) + "\n"


def coverage_csv(office: str, rows: list[CoverageRow]) -> bytes:
    """Return the coverage as a CSV that Czech Excel opens as is (UTF-8 with BOM, semicolons, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(("Úřad", *HEADER))
    for row in rows:
        writer.writerow((office, *row.cells(lambda day: day.isoformat())))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
