"""The generated chapters of a report: project identification, tables of figures, charts, outputs.

Every number here comes from :mod:`pipeline.reporting.figures`; a total is the tally of
the same records as its parts, so it always equals their sum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.ast.tables import ROW_GROUPS
from pipeline.czech import format_date
from pipeline.markdown_text import escape, pipe_table
from pipeline.model.project import ProjectFile
from pipeline.model.report import Period, ReportDocument
from pipeline.reporting.charts import Chart
from pipeline.reporting.figures import (
    Tally,
    TypeBreakdown,
    achieved,
    by_activity,
    by_type,
    format_number,
    percent,
    span_text,
)
from pipeline.reporting.records import ActivityRecord


@dataclass(frozen=True)
class Column:
    """A column of figures: its heading and the records it tallies."""

    heading: str
    records: list[ActivityRecord]


@dataclass(frozen=True)
class ProducedOutput:
    """A document the project produced, as its manifest describes it."""

    title: str
    version: str
    issued: dt.date
    #: the formats of its files, e.g. DOCX, PDF, CSV
    formats: list[str]


def _table(
    header: list[str], rows: list[list[str]], caption: str, label: str, text_columns: int = 1,
    row_groups: bool = False,
) -> str:
    """Return a pipe table with a caption and an xref label; columns after ``text_columns`` are numbers (right-aligned).

    Cells are Markdown: text from the sources must be escaped by the caller.
    The columns are equal in the Markdown, so :mod:`pipeline.ast.tables` sizes
    them by what they hold. With ``row_groups``, a row whose first cell is
    empty belongs to the row label above it, which spans it in the outputs.
    """
    attributes = f"#tab:{label}" + (f" .{ROW_GROUPS}" if row_groups else "")
    lines = pipe_table(header, [3] * len(header), rows, f"{caption} {{{attributes}}}", numbers_from=text_columns)
    return "\n".join(lines)


def identification(project_file: ProjectFile | None, document: ReportDocument, kind_name: str, scope: str) -> str:
    """Return the chapter *Identifikace projektu* (project, beneficiary, report, period, key activities)."""
    rows = []
    project = project_file.project if project_file else None
    if project:
        rows += [
            ["Název projektu", project.name],
            ["Registrační číslo", project.registration_number],
            ["Operační program", project.programme],
            ["Doba realizace", span_text(project.start, project.end)],
        ]
    if project_file:
        organisation = project_file.organisation
        rows.append(["Příjemce", f"{organisation.name}, {organisation.address}"])
    rows += [["Druh zprávy", kind_name], ["Sledované období", scope]]
    rows = [[label, escape(value)] for label, value in rows]
    table = _table(["Údaj", "Hodnota"], rows, "Identifikace projektu a zprávy", "identifikace", text_columns=2)
    activities = "\n".join(
        f"- **{escape(a.code)} {escape(a.name)}:** {escape(a.description)}" for a in document.key_activities
    )
    return "# Identifikace projektu\n\n" + table + "\nKlíčové aktivity projektu:\n\n" + activities + "\n"


def activities_table(document: ReportDocument, columns: list[Column]) -> str:
    """Return the table of events and hours of each key activity in each column."""
    header = ["Klíčová aktivita", "Údaj"] + [column.heading for column in columns]
    tallies = [by_activity(document, column.records) for column in columns]
    rows = []
    for index, activity in enumerate(document.key_activities):
        rows.append([escape(f"{activity.code} {activity.name}"), "události",
                     *[format_number(t[index][2].events) for t in tallies]])
        rows.append(["", "hodiny", *[format_number(t[index][2].hours) for t in tallies]])
    caption = "Události a hodiny podle klíčových aktivit"
    return _table(header, rows, caption, "aktivity", text_columns=2, row_groups=True)


def _type_rows(breakdowns: list[list[TypeBreakdown]], measure: str) -> list[list[str]]:
    """Return one row per type (bold) and per subtype, the columns side by side, then the total."""
    def value(tally: Tally) -> str:
        return format_number(tally.events if measure == "events" else tally.hours)

    rows = []
    for index, first in enumerate(breakdowns[0]):
        rows.append([f"**{escape(first.name)}**", *[f"**{value(b[index].total)}**" for b in breakdowns]])
        for sub_index, (_code, name, _tally) in enumerate(first.subtypes):
            rows.append([f"– {escape(name)}", *[value(b[index].subtypes[sub_index][2]) for b in breakdowns]])
    return rows


def events_tables(document: ReportDocument, columns: list[Column]) -> str:
    """Return the tables of events and of hours by type and subtype, with a computed total row."""
    breakdowns = [by_type(document, column.records) for column in columns]
    header = ["Typ události"] + [column.heading for column in columns]
    text = ""
    for measure, caption, label in (("events", "Počet událostí podle typu", "udalosti"),
                                    ("hours", "Hodiny podle typu události", "hodiny")):
        rows = _type_rows(breakdowns, measure)
        totals = []
        for breakdown in breakdowns:
            total = sum((row.total for row in breakdown[1:]), breakdown[0].total)
            totals.append(f"**{format_number(total.events if measure == 'events' else total.hours)}**")
        rows.append(["**Celkem**", *totals])
        text += _table(header, rows, caption, label) + "\n"
    return text


def indicators_table(document: ReportDocument, own: list[ActivityRecord], so_far: list[ActivityRecord]) -> str:
    """Return the table of indicators: baseline, target, achieved in the report and so far, percent of target."""
    header = ["Kód", "Indikátor", "Jednotka", "Výchozí hodnota", "Cílová hodnota", "Za období",
              "Dosaženo celkem", "Plnění (%)"]
    rows = []
    for indicator in document.indicators:
        value = achieved(indicator, so_far)
        rows.append([
            escape(indicator.code), escape(indicator.name), escape(indicator.unit), format_number(indicator.baseline),
            format_number(indicator.target), format_number(achieved(indicator, own)), format_number(value),
            format_number(percent(value, indicator.target), 1),
        ])
    return _table(header, rows, "Indikátory projektu", "indikatory", text_columns=3)


def chart(item: Chart, label: str) -> str:
    """Return the Markdown of a generated chart with its caption and alt text."""
    alt = item.alt.replace('"', "'")
    return f'![{item.caption}]({item.file_name}){{#obr:{label} alt="{alt}"}}\n'


def outputs_table(outputs: list[ProducedOutput]) -> str:
    """Return the chapter *Výstupy projektu*: documents the pipeline built, with version and date."""
    if not outputs:
        return "# Výstupy projektu\n\nZatím nebyl sestaven žádný výstup projektu.\n"
    rows = [[escape(o.title), escape(o.version), format_date(o.issued), ", ".join(o.formats)] for o in outputs]
    intro = "Verze a data vydání jsou převzaty z manifestů sestavených dokumentů (output/…/manifest.json).\n\n"
    return "# Výstupy projektu\n\n" + intro + _table(["Výstup", "Verze", "Datum vydání", "Formáty"], rows,
                                                        "Výstupy vytvořené v projektu", "vystupy", text_columns=4)


def period_heading(period: Period) -> str:
    """Return the short column heading of a period: ``3. období``."""
    return f"{period.number}. období"
