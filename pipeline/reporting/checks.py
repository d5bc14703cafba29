"""Checks of a report's sources: periods, indicator rules and records against the project model.

Each problem names the cell or the ``document.yaml`` value at fault, and all
of them are reported at once.
"""

from __future__ import annotations

from pipeline.czech import format_date
from pipeline.errors import Diagnostics, nearest_or_listed
from pipeline.model.project import FundedProject
from pipeline.model.report import ReportDocument, overlaps, within
from pipeline.reporting.records import ActivityRecord
from pipeline.sources import YamlFile


def check_periods(
    document: ReportDocument, source: YamlFile, project: FundedProject | None, diagnostics: Diagnostics
) -> None:
    """Report periods that repeat a number, overlap another or lie outside the project's dates."""
    seen: dict[int, int] = {}
    for index, period in enumerate(document.periods):
        if period.number in seen:
            diagnostics.error(source.locate(("periods", index, "number")), f"období {period.number} je zadáno dvakrát",
                              "každé období má vlastní pořadové číslo")
        seen.setdefault(period.number, index)
        for other in document.periods[:index]:
            if overlaps(period, other):
                diagnostics.error(
                    source.locate(("periods", index, "start")),
                    f"období {period.number} se překrývá s obdobím {other.number},"
                    f" které trvá od {format_date(other.start)} do {format_date(other.end)}",
                    "období na sebe navazují: další začíná nejdříve den po konci předchozího",
                )
        if project and not (within(period.start, project.start, project.end)
                            and within(period.end, project.start, project.end)):
            diagnostics.error(
                source.locate(("periods", index, "start")),
                f"období {period.number} leží mimo dobu realizace projektu",
                f"projekt trvá od {format_date(project.start)} do {format_date(project.end)} (sources/project.yaml)",
            )
    _check_numbering(document, source, diagnostics)


def _check_numbering(document: ReportDocument, source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report a period that starts before a period with a lower number: numbers follow the dates."""
    for index, period in enumerate(document.periods):
        earlier = [other for other in document.periods if other.number < period.number and other.start > period.start]
        if earlier:
            other = min(earlier, key=lambda item: item.number)
            diagnostics.error(
                source.locate(("periods", index, "number")),
                f"období {period.number} začíná {format_date(period.start)}, dříve než období {other.number}"
                f" ({format_date(other.start)})",
                "období číslujte podle data: období 1 je nejdřívější; opravte čísla nebo data",
            )


def check_rules(document: ReportDocument, source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report indicator rules that name a type, subtype or key activity the model does not declare."""
    activities = [activity.code for activity in document.key_activities]
    codes: set[str] = set()
    for index, indicator in enumerate(document.indicators):
        at = ("indicators", index, "rule")
        if indicator.code in codes:
            diagnostics.error(source.locate(("indicators", index, "code")),
                              f"indikátor {indicator.code} je zadán dvakrát")
        codes.add(indicator.code)
        rule = indicator.rule
        if rule.type is not None and rule.type not in document.types:
            diagnostics.error(source.locate((*at, "type")), f"neznámý typ události '{rule.type}'",
                              nearest_or_listed(rule.type, list(document.types)))
        elif rule.subtype is not None:
            subtypes = [s for t in ([rule.type] if rule.type else document.types) for s in document.types[t].subtypes]
            if not subtypes:
                what = f"typ '{rule.type}' nemá podtypy" if rule.type else "žádný typ události nemá podtypy"
                diagnostics.error(source.locate((*at, "subtype")), what,
                                  "vynechte subtype, nebo podtypy typu zadejte v types")
            elif rule.subtype not in subtypes:
                diagnostics.error(source.locate((*at, "subtype")), f"neznámý podtyp '{rule.subtype}'",
                                  nearest_or_listed(rule.subtype, subtypes))
        if rule.activity is not None and rule.activity not in activities:
            diagnostics.error(source.locate((*at, "activity")), f"neznámá klíčová aktivita '{rule.activity}'",
                              "klíčové aktivity projektu: " + ", ".join(activities))
    if document.chart_type is not None and document.chart_type not in document.types:
        diagnostics.error(source.locate(("chart_type",)), f"neznámý typ události '{document.chart_type}'",
                          nearest_or_listed(document.chart_type, list(document.types)))


def check_records(
    records: list[ActivityRecord], document: ReportDocument, project: FundedProject | None, diagnostics: Diagnostics
) -> None:
    """Report records with an unknown type, subtype or key activity, or dated outside the project or its periods."""
    activities = [activity.code for activity in document.key_activities]
    for record in records:
        cells = record.cells
        if project and not within(record.date, project.start, project.end):
            diagnostics.error(
                cells["datum"], f"záznam '{record.id}' z {format_date(record.date)} leží mimo dobu realizace projektu",
                f"projekt trvá od {format_date(project.start)} do {format_date(project.end)}",
            )
        elif not any(within(record.date, p.start, p.end) for p in document.periods):
            diagnostics.error(cells["datum"],
                              f"záznam '{record.id}' z {format_date(record.date)} nepatří do žádného období",
                              "doplňte období v document.yaml nebo opravte datum")
        if record.activity not in activities:
            # Codes like KA1 and KA2 are all "close" to a typo: name them all.
            diagnostics.error(cells["klicova_aktivita"], f"neznámá klíčová aktivita '{record.activity}'",
                              "klíčové aktivity projektu: " + ", ".join(activities))
        event_type = document.types.get(record.type)
        if event_type is None:
            diagnostics.error(cells["typ"], f"neznámý typ události '{record.type}'",
                              nearest_or_listed(record.type, list(document.types)))
            continue
        subtypes = list(event_type.subtypes)
        at = cells.get("podtyp", cells["typ"])
        if subtypes and record.subtype not in subtypes:
            what = f"neznámý podtyp '{record.subtype}'" if record.subtype else "chybí podtyp"
            diagnostics.error(at, f"{what} typu '{record.type}'", nearest_or_listed(record.subtype, subtypes))
        elif not subtypes and record.subtype:
            diagnostics.error(at, f"typ '{record.type}' nemá podtypy", "ponechte sloupec podtyp prázdný")
