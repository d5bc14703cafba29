"""The ``quality-standards`` kind: *Standardy kvality SPOD* of one OSPOD office.

An office folder holds ``document.yaml`` (which catalogue, which model texts),
``office.yaml`` and its own texts ``kriteria/<id>.md`` where it departs from
the model. Every applicable criterion gets the office's text or the model's;
the result is the full internal document, the public extract and a coverage
table (annex and CSV) for the regional office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_core import PydanticCustomError

from pipeline.ast.part_headings import below_level
from pipeline.compose import Part
from pipeline.confinement import confine, confined_files
from pipeline.coverage import CoverageRow, coverage_csv, coverage_markdown
from pipeline.czech import format_date
from pipeline.errors import Diagnostics, Location, did_you_mean
from pipeline.kinds import Edition, Kind, Plan, PlanInputs
from pipeline.model.document import DocumentBase
from pipeline.model.standards import OFFICE_TYPE_NAMES, Catalogue, Criterion, Office, Standard
from pipeline.model.types import parse_date
from pipeline.model.validate import validate
from pipeline.project import Project
from pipeline.sources import YamlFile, load_yaml, read_text, split_front_matter


class QualityStandardsDocument(DocumentBase):
    """``document.yaml`` of an office's quality standards."""

    kind: Literal["quality-standards"]
    catalogue: str = Field(description="katalog standardů, cesta ve sources/, např. katalogy/spod-473-2012.yaml")
    model_texts: str = Field(description="složka vzorových textů ve sources/, např. standardy-vzor")
    review_interval_months: int = Field(24, ge=1, description="po kolika měsících je text třeba revidovat")


@dataclass(frozen=True)
class CriterionText:
    """The text chosen for a criterion: the office's own or the model's."""

    criterion: Criterion
    standard: Standard
    path: Path
    text: str
    own: bool
    reviewed: dt.date | None


def plan_standards(
    document: DocumentBase, folder: Path, source: YamlFile, inputs: PlanInputs, diagnostics: Diagnostics
) -> Plan:
    """Return the full document and the public extract of the office in ``folder``, and the coverage CSV."""
    assert isinstance(document, QualityStandardsDocument)
    project = inputs.project
    catalogue_path = project.sources / document.catalogue
    catalogue = None
    if confine(project, catalogue_path, document.catalogue, source.locate(("catalogue",)), diagnostics):
        catalogue = _load(Catalogue, catalogue_path, source.locate(("catalogue",)), diagnostics)
    office_path = folder / "office.yaml"
    office = None
    if confined_files(project, [office_path], diagnostics):
        office = _load(Office, office_path, Location(office_path), diagnostics)
    model_folder = confine(
        project, project.sources / document.model_texts, document.model_texts, source.locate(("model_texts",)),
        diagnostics,
    )
    if catalogue is None or office is None or model_folder is None:
        return Plan([])
    criteria = catalogue.criteria()
    own = _own_texts(project, folder / "kriteria", criteria, office, diagnostics)
    model = _model_texts(project, model_folder, criteria, diagnostics)
    chosen: list[CriterionText] = []
    for standard in catalogue.standards:
        for criterion in standard.criteria:
            if office.type not in criterion.applies_to:
                continue
            text = own.get(criterion.id) or model.get(criterion.id)
            if text is None:
                diagnostics.error(
                    source.locate(("model_texts",)),
                    f"kritérium {criterion.id} platí pro úřad '{office.name}', ale nemá text",
                    f"napište kriteria/{criterion.id}.md nebo vzorový text {document.model_texts}/{criterion.id}.md",
                )
                continue
            chosen.append(text)
    built = build_date(folder)
    rows = [_coverage(text, office.valid_from, document.review_interval_months, built, diagnostics) for text in chosen]
    full = [
        *_parts(catalogue, catalogue_path, office, chosen, public_only=False),
        *_standard_annexes(project, folder / "prilohy", catalogue, diagnostics),
        Part(catalogue_path, "annex", Location(catalogue_path), (("letter", "K"),), coverage_markdown(rows), jinja=False),
    ]
    extract = _parts(catalogue, catalogue_path, office, [t for t in chosen if t.criterion.public], public_only=True)
    return Plan(
        editions=[
            Edition("", full),
            Edition("-zverejneni", extract, title=f"{document.title} – zveřejňovaná část"),
        ],
        context={"urad": office.template_context()},
        attachments={"-pokryti.csv": coverage_csv(office.name, rows)},
        data=[catalogue_path, office_path],
    )


def _load(model: type[Any], path: Path, named_at: Location, diagnostics: Diagnostics) -> Any:
    """Load and validate a YAML file the document refers to; report a missing one where it is named."""
    if not path.is_file():
        diagnostics.error(named_at, f"soubor '{path.name}' neexistuje", "cesta se zadává od složky sources/")
        return None
    source = load_yaml(path, diagnostics)
    return validate(model, source, diagnostics) if source else None


def _read_text(
    path: Path, criterion: Criterion, standard: Standard, own: bool, diagnostics: Diagnostics
) -> CriterionText | None:
    """Read a criterion text and its ``reviewed`` date from the front matter."""
    raw = read_text(path, diagnostics)
    if raw is None:
        return None
    front = split_front_matter(raw)
    reviewed = None
    if "reviewed" in front.values:
        value, line = front.values["reviewed"]
        try:
            reviewed = parse_date(value)
        except PydanticCustomError:
            diagnostics.error(Location(path, line, 1), f"datum revize '{value}' není platné", "např. reviewed: 2025-09-15")
    return CriterionText(criterion, standard, path, front.body, own, reviewed)


def _own_texts(
    project: Project, folder: Path, criteria: dict[str, tuple[Standard, Criterion]], office: Office,
    diagnostics: Diagnostics,
) -> dict[str, CriterionText]:
    """Return the office's own texts by criterion id, reporting unknown, duplicate and inapplicable ones."""
    texts: dict[str, CriterionText] = {}
    for path in confined_files(project, sorted(folder.glob("*.md")) if folder.is_dir() else [], diagnostics):
        criterion_id = path.stem.split("-")[0]
        if criterion_id not in criteria:
            hint = did_you_mean(criterion_id, criteria)
            diagnostics.error(Location(path), f"katalog nezná kritérium '{criterion_id}'",
                              hint or "soubor pojmenujte podle kritéria, např. 4b.md")
            continue
        if criterion_id in texts:
            diagnostics.error(Location(path), f"kritérium {criterion_id} má dva texty úřadu",
                              f"ponechte jen jeden, druhý je {texts[criterion_id].path.name}")
            continue
        standard, criterion = criteria[criterion_id]
        if office.type not in criterion.applies_to:
            diagnostics.warning(Location(path), f"kritérium {criterion_id} se na {OFFICE_TYPE_NAMES[office.type]} nevztahuje",
                                "text se do standardů nezařadí; soubor můžete smazat")
            continue
        text = _read_text(path, criterion, standard, own=True, diagnostics=diagnostics)
        if text:
            texts[criterion_id] = text
    return texts


def _model_texts(
    project: Project, folder: Path, criteria: dict[str, tuple[Standard, Criterion]], diagnostics: Diagnostics
) -> dict[str, CriterionText]:
    """Return the model texts by criterion id (problems in them are reported when they are used)."""
    texts = {}
    for criterion_id, (standard, criterion) in criteria.items():
        path = folder / f"{criterion_id}.md"
        if path.is_file() and confined_files(project, [path], diagnostics):
            text = _read_text(path, criterion, standard, own=False, diagnostics=Diagnostics())
            if text:
                texts[criterion_id] = text
    return texts


def _standard_annexes(project: Project, folder: Path, catalogue: Catalogue, diagnostics: Diagnostics) -> list[Part]:
    """Return the office's annexes ``prilohy/<standard>-<name>.md``, numbered per standard (13.1, 13.2 …)."""
    numbers = {str(standard.number) for standard in catalogue.standards}
    counts: dict[str, int] = {}
    parts = []
    def order(path: Path) -> tuple[int, str]:
        number = path.stem.split("-")[0]
        return (int(number) if number.isdigit() else 0, path.name)

    for path in confined_files(project, sorted(folder.glob("*.md"), key=order) if folder.is_dir() else [], diagnostics):
        number = path.stem.split("-")[0]
        if number not in numbers:
            known = ", ".join(sorted(numbers, key=int))
            hint = f"název začíná číslem standardu, např. 13-pravidla-stiznosti.md; čísla v katalogu: {known}"
            diagnostics.error(Location(path), f"příloha '{path.name}' nepatří k žádnému standardu katalogu", hint)
            continue
        counts[number] = counts.get(number, 0) + 1
        parts.append(Part(path, "annex", Location(path), (("letter", f"{number}.{counts[number]}"),)))
    return parts


def _coverage(
    text: CriterionText, valid_from: dt.date, months: int, built: dt.date, diagnostics: Diagnostics
) -> CoverageRow:
    """Return the coverage row of a criterion; warn when its review is older than the interval or not yet made.

    Age is counted to the standards' *platnost od*, not to today: the same
    sources must give the same document whenever they are built. A review
    dated after the build (``built``, from SOURCE_DATE_EPOCH or the last
    commit, never the clock) has not happened: most often a mistyped year.
    It is a warning, not an error, because in a working copy with uncommitted
    edits the build date is the last commit's and a review dated today would
    be refused; the coverage table says *k revizi*, never *aktuální*.
    """
    status = "aktuální"
    if text.reviewed is None:
        status = "bez data revize"
        diagnostics.warning(Location(text.path), f"text kritéria {text.criterion.id} nemá datum revize",
                            "doplňte na začátek souboru ---/reviewed: RRRR-MM-DD/---")
    else:
        problem: tuple[str, str] | None = None
        if text.reviewed > built:
            problem = (f"text kritéria {text.criterion.id} má datum revize {format_date(text.reviewed)},"
                       f" pozdější než datum sestavení {format_date(built)}",
                       "opravte datum reviewed; datum sestavení je SOURCE_DATE_EPOCH, jinak den posledního commitu zdrojů")
        elif text.reviewed < _months_before(valid_from, months):
            problem = (f"text kritéria {text.criterion.id} byl naposledy revidován {format_date(text.reviewed)},"
                       f" před více než {months} měsíci", "zkontrolujte jej a aktualizujte datum reviewed")
        if problem:
            status = "k revizi"
            diagnostics.warning(Location(text.path, 2, 1), *problem)
    return CoverageRow(
        standard=text.standard.number,
        criterion=text.criterion.id,
        source="úřad" if text.own else "vzor",
        reviewed=text.reviewed,
        status=status,
    )


def build_date(folder: Path) -> dt.date:
    """Return the day the document in ``folder`` is built on, as its outputs are dated (UTC)."""
    from pipeline.inputs import source_date_epoch

    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return dt.datetime.fromtimestamp(source_date_epoch(folder, files), dt.UTC).date()


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def _parts(
    catalogue: Catalogue, catalogue_path: Path, office: Office, chosen: list[CriterionText], public_only: bool
) -> list[Part]:
    """Return the body: introduction, one chapter per standard with its criteria, then the changes."""
    def generated(text: str) -> Part:
        return Part(catalogue_path, "chapter", Location(catalogue_path), (), text, jinja=False)

    intro = (
        "# Úvod {.unnumbered}\n\n"
        f"Standardy kvality popisují, jak {office.name} ({office.department.lower()}) vykonává sociálně-právní ochranu dětí.\n"
        f"Vycházejí ze zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí (§ 9a), a z {catalogue.legal_basis}.\n"
        f"Platí od {format_date(office.valid_from)}; důvodem revize je: {office.revision_reason}.\n"
    )
    if public_only:
        intro += "\nTento výtah obsahuje kritéria, která úřad zveřejňuje; podrobné vnitřní postupy jsou v úplném znění.\n"
    parts = [generated(intro)]
    by_standard: dict[int, list[CriterionText]] = {}
    for text in chosen:
        by_standard.setdefault(text.standard.number, []).append(text)
    for standard in catalogue.standards:
        texts = by_standard.get(standard.number)
        if not texts:
            continue
        parts.append(generated(f"# Standard {standard.number}: {standard.name} {{.unnumbered}}\n"))
        for text in texts:
            parts.append(generated(
                f"## Kritérium {text.criterion.id} {{.unnumbered}}\n\n> {text.criterion.description}\n"
            ))
            # The text stands under the criterion heading (level 2): its own headings go deeper.
            parts.append(Part(text.path, "chapter", Location(text.path), below_level(2), text.text, jinja=True))
        if not public_only:
            parts.append(generated(_approval_block(office)))
    if not public_only and office.history:
        rows = "\n".join(
            f"| {change.number} | {format_date(change.date)} | {change.pages} | {change.change} |"
            for change in office.history
        )
        parts.append(generated(
            "# Přehled změn {.unnumbered}\n\n| Číslo | Datum | Strany | Změna |\n|---|---|---|---|\n" + rows + "\n"
        ))
    return parts


def _approval_block(office: Office) -> str:
    """Return the block *Závazné pro / Vypracoval / Schválil / Dne a podpis* closing a standard."""
    approvals = office.approvals
    return (
        "| Závazné pro | Vypracoval | Schválil | Dne a podpis |\n|---|---|---|---|\n"
        f"| {approvals.binding_for} | {approvals.prepared_by} | {approvals.approved_by} "
        f"| {format_date(office.valid_from)} |\n"
    )


KIND = Kind(name="quality-standards", label="standardy kvality SPOD", model=QualityStandardsDocument, plan=plan_standards)
