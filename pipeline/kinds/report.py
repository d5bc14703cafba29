"""The ``report`` kind: monitoring, final and evaluation reports of a funded project from its records.

A report folder holds ``document.yaml`` (key activities, reporting periods,
vocabularies of event types, indicators with their rules, narrative chapters)
and the activity records as CSV. Every figure, table and chart is computed from
the records; narrative chapters cite figures through Jinja. One folder gives a
monitoring report per period (``--period N``: that one only), the final report
and, when its chapters exist, the evaluation report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.compose import Part
from pipeline.confinement import confine
from pipeline.errors import Diagnostics, Location
from pipeline.kinds import Edition, Kind, Plan, PlanInputs
from pipeline.model.document import DocumentBase
from pipeline.model.project import ProjectFile
from pipeline.model.report import Period, ReportDocument
from pipeline.output import read_manifest
from pipeline.project import Project
from pipeline.reporting import body, charts
from pipeline.reporting.checks import check_periods, check_records, check_rules
from pipeline.reporting.figures import (
    FILTERS,
    achieved,
    hours_per_month,
    in_periods,
    percent,
    span_of,
    span_text,
    tally,
    template_context,
    until,
)
from pipeline.reporting.records import ActivityRecord, read_records
from pipeline.sources import YamlFile


def plan_report(
    document: DocumentBase, folder: Path, source: YamlFile, inputs: PlanInputs, diagnostics: Diagnostics
) -> Plan:
    """Return the monitoring reports (or only the one of ``inputs.period``), the final and the evaluation report."""
    assert isinstance(document, ReportDocument)
    before = len(diagnostics.errors)
    project_file, period = inputs.project_file, inputs.period
    project = project_file.project if project_file else None
    check_periods(document, source, project, diagnostics)
    check_rules(document, source, diagnostics)
    files = [
        (folder / name, source.locate(("records", index))) for index, name in enumerate(document.records)
        if confine(inputs.project, folder / name, name, source.locate(("records", index)), diagnostics)
    ]
    records = read_records(files, diagnostics)
    check_records(records, document, project, diagnostics)
    selected = document.periods
    if period is not None:
        chosen = document.period(period)
        if chosen is None:
            numbers = ", ".join(str(p.number) for p in document.periods)
            diagnostics.error(source.locate(("periods",), at_key=True), f"monitorovací období {period} není zadáno",
                              f"zadaná období: {numbers}")
        selected = [chosen] if chosen else []
    if len(diagnostics.errors) > before:
        return Plan([])
    records = sorted(records, key=lambda r: (r.date, r.id))
    plans = [_monitoring(document, folder, source, records, item) for item in selected]
    outputs = []
    if period is None:
        outputs = _produced_outputs(document, source, inputs.project, diagnostics)
        plans.append(_overall(document, folder, source, records, "final"))
        if document.evaluation:
            plans.append(_overall(document, folder, source, records, "evaluation"))
    return Plan([_edition(document, folder, records, plan, project_file, outputs) for plan in plans])


KINDS = {
    "monitoring": "průběžná zpráva o realizaci",
    "final": "závěrečná zpráva o realizaci",
    "evaluation": "evaluační zpráva",
}


@dataclass(frozen=True)
class ReportPlan:
    """One report to make: which kind, of which periods, with which narrative and columns of figures."""

    kind: str
    suffix: str
    title: str
    periods: list[Period]
    chapters: list[Part]
    columns: list[body.Column]
    scope: str


def _monitoring(
    document: ReportDocument, folder: Path, source: YamlFile, records: list[ActivityRecord], period: Period
) -> ReportPlan:
    """Return the plan of the monitoring report (zpráva o realizaci) of one period."""
    index = document.periods.index(period)
    return ReportPlan(
        kind="monitoring",
        suffix=f"-zprava-{period.number}",
        title=f"Zpráva o realizaci projektu č. {period.number}",
        periods=[period],
        chapters=[Part(folder / name, "chapter", source.locate(("periods", index, "chapters", i)))
                  for i, name in enumerate(period.chapters)],
        columns=[body.Column(body.period_heading(period), in_periods(records, [period])),
                 body.Column("Od zahájení", until(records, period.end))],
        scope=f"{period.number}. monitorovací období, {span_text(period.start, period.end)}",
    )


def _overall(
    document: ReportDocument, folder: Path, source: YamlFile, records: list[ActivityRecord], kind: str
) -> ReportPlan:
    """Return the plan of the final or the evaluation report: every period side by side, then the total."""
    periods = sorted(document.periods, key=lambda period: period.start)
    chapters = document.final if kind == "final" else document.evaluation
    columns = [body.Column(body.period_heading(p), in_periods(records, [p])) for p in periods]
    return ReportPlan(
        kind=kind,
        suffix="-zaverecna-zprava" if kind == "final" else "-evaluacni-zprava",
        title="Závěrečná zpráva o realizaci projektu" if kind == "final" else "Evaluační zpráva projektu",
        periods=periods,
        chapters=[Part(folder / name, "chapter", source.locate((kind, i))) for i, name in enumerate(chapters)],
        columns=[*columns, body.Column("Celkem", in_periods(records, periods))],
        scope=f"celá doba realizace, {span_text(*span_of(periods))}",
    )


def _edition(
    document: ReportDocument, folder: Path, records: list[ActivityRecord], plan: ReportPlan,
    project_file: ProjectFile | None, outputs: list[body.ProducedOutput],
) -> Edition:
    """Return one report: identification, the narrative, then the computed tables and charts."""
    own = in_periods(records, plan.periods)
    span = span_of(plan.periods)
    so_far = until(records, span[1])
    made = {chart.name: chart for chart in _charts(document, own, so_far, span)}
    figures = body.activities_table(document, plan.columns) + "\n"
    figures += body.events_tables(document, plan.columns)
    figures += "".join("\n" + body.chart(made[name], name) for name in ("hodiny", "typy") if name in made)
    indicators = body.indicators_table(document, own, so_far)
    if "ukazatele" in made:
        indicators += "\n" + body.chart(made["ukazatele"], "ukazatele")

    def generated(text: str) -> Part:
        return Part(folder / "document.yaml", "chapter", Location(folder / "document.yaml"), (), text, jinja=False)

    parts = [
        generated(body.identification(project_file, document, KINDS[plan.kind], plan.scope)),
        *plan.chapters,
        generated("# Události a hodiny\n\n" + figures),
        generated("# Indikátory\n\n" + indicators),
    ]
    if plan.kind == "final":
        parts.append(generated(body.outputs_table(outputs)))
    context = {
        **template_context(document, records, plan.periods),
        "zprava": {"druh": KINDS[plan.kind], "obdobi": plan.scope, "nazev": plan.title},
    }
    images = {folder / chart.file_name: chart.png for chart in made.values()}
    return Edition(plan.suffix, parts, title=plan.title, context=context, images=images)


def _charts(
    document: ReportDocument, own: list[ActivityRecord], so_far: list[ActivityRecord],
    span: tuple[dt.date, dt.date],
) -> list[charts.Chart]:
    """Return the charts of a report: hours of the chosen type per month, events by type, indicators."""
    made = []
    if document.chart_type in document.types:
        name = document.types[document.chart_type].name
        made.append(charts.monthly_hours("hodiny", name, hours_per_month(own, document.chart_type, *span)))
    rows = [(event_type.name, tally(r for r in own if r.type == code).events)
            for code, event_type in document.types.items()]
    made.append(charts.events_by_type("typy", rows))
    if document.indicators:
        made.append(charts.indicators_against_targets("ukazatele", [
            (f"{i.code} {i.name}", float(percent(achieved(i, so_far), i.target))) for i in document.indicators
        ]))
    return made


def _produced_outputs(
    document: ReportDocument, source: YamlFile, project: Project, diagnostics: Diagnostics
) -> list[body.ProducedOutput]:
    """Return the outputs the report lists, from the manifests of the documents the pipeline built."""
    outputs = []
    for index, name in enumerate(document.outputs):
        if not confine(project, project.sources / name, name, source.locate(("outputs", index)), diagnostics):
            continue
        if not (project.sources / name).is_dir():
            diagnostics.error(source.locate(("outputs", index)), f"dokument '{name}' ve sources/ není",
                              "uveďte název složky dokumentu")
            continue
        manifest = read_manifest(project.output_dir(Path(name)))
        if manifest is None or not _readable_date(manifest.get("issued")):
            diagnostics.warning(source.locate(("outputs", index)), f"dokument '{name}' zatím nebyl sestaven",
                                f"závěrečná zpráva jej neuvede, dokud nebude sestaven: pipeline build sources/{name}")
            continue
        outputs.append(body.ProducedOutput(
            title=manifest.get("title", name),
            version=manifest.get("version", ""),
            issued=dt.date.fromisoformat(manifest["issued"]),
            formats=sorted({Path(file).suffix[1:].upper() for file in manifest.get("outputs", {})}),
        ))
    return outputs


def _readable_date(value: object) -> bool:
    """Return True if ``value`` is an ISO date, as manifests write it."""
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


KIND = Kind(
    name="report", label="zpráva projektu", model=ReportDocument, plan=plan_report, filters=FILTERS
)
