"""``pipeline new KIND FOLDER``: a new document folder that builds at once (issue 15, item 6).

Each kind gets a ``document.yaml`` with every key explained in Czech (the
comments come from the models, :mod:`pipeline.commented_yaml`), a first
chapter and whatever else the kind needs to build: the office and one own
criterion text for standards, an activity catalogue for the minimum
standard, records and narrative chapters for reports. What the repository
already has is reused: the standards' catalogue and model texts, the activity
catalogue, the project's dates.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.commented_yaml import commented_yaml
from pipeline.errors import Diagnostics, PipelineError, display_path, nearest_or_listed
from pipeline.kinds import kinds
from pipeline.model.activities import ActivityCatalogue
from pipeline.model.project import ProjectFile
from pipeline.model.standards import Catalogue, Office
from pipeline.model.validate import validate
from pipeline.project import DOCUMENT_FILE, Project
from pipeline.sources import load_yaml

HEADING = (
    "{label}: {title}\n"
    "Každý klíč má nad sebou vysvětlení. Řádek '# klíč: …' je nepovinný klíč s výchozí hodnotou:\n"
    "smažte na jeho začátku '# ' a vyplňte jej. Sestavení: pipeline build {folder}"
)


class CannotCreate(PipelineError):
    """The folder for a new document cannot be used."""


@dataclass
class Starter:
    """What a new document folder holds: the values of ``document.yaml`` and the other files."""

    document: dict[str, Any]
    #: file path inside the folder -> its text
    files: dict[str, str] = field(default_factory=dict)
    #: file path inside the folder -> a file to copy there
    copies: dict[str, Path] = field(default_factory=dict)


def new_document(project: Project, kind_name: str, folder: Path, today: dt.date | None = None) -> list[Path]:
    """Create the document of kind ``kind_name`` in ``folder`` (inside ``sources/``); return the files written.

    Raises :class:`CannotCreate` for an unknown kind, a folder outside
    ``sources/``, inside another document, or not empty. ``project.yaml`` is
    written too when the project has none, so that the document builds.
    """
    known = kinds()
    if kind_name not in known:
        raise CannotCreate(f"neznámý druh dokumentu '{kind_name}' ({nearest_or_listed(kind_name, known, 'druhy')})")
    target = _checked_folder(project, folder)
    kind = known[kind_name]
    today = today or dt.date.today()
    project_file = _project_file(project)
    starter = STARTERS[kind.name](project, target, project_file, today)
    relative = target.relative_to(project.root).as_posix() if target.is_relative_to(project.root) else str(target)
    heading = HEADING.format(label=kind.label[:1].upper() + kind.label[1:], title=starter.document["title"], folder=relative)
    written = {target / DOCUMENT_FILE: commented_yaml(kind.model, starter.document, heading)}
    written |= {target / name: text for name, text in starter.files.items()}
    if not (project.sources / "project.yaml").exists():
        written[project.sources / "project.yaml"] = project_yaml()
    for path, text in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, source in starter.copies.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / name)
    return sorted([*written, *(target / name for name in starter.copies)])


def project_yaml(values: dict[str, Any] | None = None) -> str:
    """Return a commented ``project.yaml``: the organisation to fill in, the funded project commented out."""
    values = values or {"organisation": {"name": "Město Nové Město", "address": "Náměstí 1, 100 00 Nové Město"}}
    return commented_yaml(ProjectFile, values, "Organizace a financovaný projekt, společné všem dokumentům ve sources/")


def _checked_folder(project: Project, folder: Path) -> Path:
    """Return ``folder`` resolved, if a new document may be made there; raise :class:`CannotCreate` if not."""
    target = (Path.cwd() / folder).resolve()
    sources = project.sources.resolve()
    shown = display_path(folder)
    if target == sources:
        raise CannotCreate("dokument potřebuje vlastní složku uvnitř sources/, např. sources/nova-metodika")
    if not target.is_relative_to(sources):
        raise CannotCreate(f"složka {shown} neleží ve sources/ (dokument se zakládá např. jako sources/nova-metodika)")
    if target.exists() and not target.is_dir():
        raise CannotCreate(f"{shown} je soubor, ne složka (zvolte jiný název složky)")
    if target.is_dir() and any(target.iterdir()):
        raise CannotCreate(f"složka {shown} už existuje a není prázdná (zvolte nový název, nic nebylo přepsáno)")
    for parent in target.parents:
        if parent == sources:
            break
        if (parent / DOCUMENT_FILE).exists():
            raise CannotCreate(f"složka {shown} leží uvnitř dokumentu {display_path(parent)} (zvolte složku přímo ve sources/)")
    return target


def _project_file(project: Project) -> ProjectFile | None:
    """Return the project's ``project.yaml`` if it is valid (its dates shape a report's periods)."""
    path = project.sources / "project.yaml"
    source = load_yaml(path, Diagnostics()) if path.is_file() else None
    return validate(ProjectFile, source, Diagnostics()) if source else None


def _head(title: str, project_file: ProjectFile | None, today: dt.date) -> dict[str, Any]:
    """Return the keys every kind's ``document.yaml`` needs, with placeholders that pass validation."""
    place = project_file.organisation.short_name if project_file and project_file.organisation.short_name else "Praha"
    return {
        "title": title,
        "authors": [{"name": "Mgr. Jana Nováková", "affiliation": "odbor sociálních věcí"}],
        "version": "0.1",
        "issued": today,
        "place": place,
        "subject": "Jednou větou, o čem dokument je.",
        "keywords": ["sociální práce"],
    }


def _methodology(project: Project, folder: Path, project_file: ProjectFile | None, today: dt.date) -> Starter:
    document = {
        "kind": "methodology", **_head("Nová metodika", project_file, today), "chapters": ["01-uvod.md"],
        "imprint": {"edition": "1. vydání"},
    }
    return Starter(document, {"01-uvod.md": CHAPTER})


def _quality_standards(project: Project, folder: Path, project_file: ProjectFile | None, today: dt.date) -> Starter:
    catalogue, model_texts = _shared_standards(project)
    files: dict[str, str] = {}
    if catalogue is None:  # no catalogue in the repository yet: a small one of the office's own, to be completed
        relative = folder.relative_to(project.sources.resolve()).as_posix()
        catalogue, model_texts = f"{relative}/katalog.yaml", relative
        files["katalog.yaml"] = commented_yaml(Catalogue, CATALOGUE, "Katalog standardů kvality a jejich kritérií")
    document = {
        "kind": "quality-standards", **_head("Standardy kvality sociálně-právní ochrany dětí", project_file, today),
        "catalogue": catalogue, "model_texts": model_texts,
    }
    criterion = _first_criterion(project.sources / catalogue) or "1a"
    files["office.yaml"] = commented_yaml(Office, {**OFFICE, "valid_from": today}, "Úřad, jehož standardy to jsou")
    files[f"kriteria/{criterion}.md"] = CRITERION.format(reviewed=today.isoformat(), criterion=criterion)
    return Starter(document, files)


def _minimum_standard(project: Project, folder: Path, project_file: ProjectFile | None, today: dt.date) -> Starter:
    document = {
        "kind": "minimum-standard",
        **_head("Podklad pro stanovení minimálního standardu činností sociální práce v obci", project_file, today),
        "catalogue": "cinnosti.yaml", "chapters": ["uvod.md"],
    }
    existing = _existing_activity_catalogue(project)
    if existing is not None:
        return Starter(document, {"uvod.md": INTRODUCTION}, {"cinnosti.yaml": existing})
    catalogue = commented_yaml(ActivityCatalogue, ACTIVITIES, "Katalog činností sociální práce obecních úřadů")
    return Starter(document, {"uvod.md": INTRODUCTION, "cinnosti.yaml": catalogue})


def _report(project: Project, folder: Path, project_file: ProjectFile | None, today: dt.date) -> Starter:
    funded = project_file.project if project_file else None
    start = funded.start if funded else dt.date(today.year, 1, 1)
    end = min(funded.end, _half_year_after(start)) if funded else _half_year_after(start)
    document = {
        "kind": "report", **_head("Zprávy o realizaci projektu", project_file, today),
        "records": ["zaznamy/zaznamy.csv"],
        "key_activities": [{"code": "KA1", "name": "Supervize sociálních pracovníků",
                            "description": "Individuální a týmová supervize pracovníků odboru."}],
        "periods": [{"number": 1, "start": start, "end": end, "chapters": ["obdobi-1.md"]}],
        "types": {"supervize": {"name": "Supervize", "subtypes": {"individualni": "individuální", "tymova": "týmová"}}},
        "indicators": [{"code": "600000", "name": "Celkový počet účastníků", "unit": "osoby", "target": 10,
                        "rule": {"measure": "osoby"}}],
        "final": ["zaverecna-zprava.md"],
    }
    records = RECORDS.format(first=_czech_date(start), second=_czech_date(start + dt.timedelta(days=14)))
    return Starter(document, {
        "zaznamy/zaznamy.csv": records, "obdobi-1.md": PERIOD_CHAPTER, "zaverecna-zprava.md": FINAL_CHAPTER,
    })


STARTERS: dict[str, Callable[[Project, Path, ProjectFile | None, dt.date], Starter]] = {
    "methodology": _methodology,
    "quality-standards": _quality_standards,
    "minimum-standard": _minimum_standard,
    "report": _report,
}


def _documents_of_kind(project: Project, kind: str) -> list[tuple[Path, dict[str, Any]]]:
    """Return the folder and the raw ``document.yaml`` data of each existing document of ``kind``, sorted."""
    found = []
    for path in sorted(project.sources.rglob(DOCUMENT_FILE)):
        source = load_yaml(path, Diagnostics())
        if source is not None and isinstance(source.data, dict) and source.data.get("kind") == kind:
            found.append((path.parent, source.data))
    return found


def _shared_standards(project: Project) -> tuple[str | None, str | None]:
    """Return the catalogue and model texts the existing offices use (paths in ``sources/``), if any."""
    for _, data in _documents_of_kind(project, "quality-standards"):
        catalogue, model_texts = data.get("catalogue"), data.get("model_texts")
        if isinstance(catalogue, str) and isinstance(model_texts, str) and (project.sources / catalogue).is_file() \
                and (project.sources / model_texts).is_dir():
            return catalogue, model_texts
    return None, None


def _first_criterion(path: Path) -> str | None:
    """Return the first criterion of the catalogue at ``path`` that applies to an ORP (the starter's office)."""
    source = load_yaml(path, Diagnostics()) if path.is_file() else None
    catalogue = validate(Catalogue, source, Diagnostics()) if source else None
    if catalogue is None:
        return None
    return next((c.id for s in catalogue.standards for c in s.criteria if OFFICE["type"] in c.applies_to), None)


def _existing_activity_catalogue(project: Project) -> Path | None:
    """Return the activity catalogue of an existing minimum standard, to start from (its comments kept)."""
    for folder, data in _documents_of_kind(project, "minimum-standard"):
        path = folder / str(data.get("catalogue", "cinnosti.yaml"))
        if path.is_file():
            return path
    return None


def _half_year_after(start: dt.date) -> dt.date:
    """Return the last day of the six months from ``start`` (the first reporting period)."""
    year, month = divmod(start.month - 1 + 6, 12)
    return dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def _czech_date(day: dt.date) -> str:
    """Return ``day`` as Czech records write it: ``8. 1. 2024``."""
    return f"{day.day}. {day.month}. {day.year}"


CHAPTER = """\
# Úvod

Text kapitoly pište jednu větu na řádek: v Gitu je pak vidět, která věta se změnila.
Prázdný řádek odděluje odstavce.

Podkapitola začíná dvěma křížky, další kapitola je nový soubor v seznamu `chapters` v `document.yaml`.
Údaje ze zdrojů se vkládají v dvojitých složených závorkách, například název dokumentu: {{ dokument.nazev }}.

## Cíl metodiky {#kap:cil}

Na tuto podkapitolu odkazuje zápis `@kap:cil`, který vypíše její číslo.
"""

CRITERION = """\
---
reviewed: {reviewed}
---
Tento text úřadu nahrazuje vzorový text kritéria {criterion}.
Popište, jak {{{{ urad.nazev }}}} požadavek kritéria plní; kritéria bez vlastního textu převezmou vzorový text.
"""

INTRODUCTION = """\
# Úvod

Tento podklad popisuje činnosti sociální práce, které mají vykonávat sociální pracovníci obecních úřadů.
Katalog je ve vedlejším souboru `cinnosti.yaml` a popisuje {{ katalog.pocet_cinnosti }} činností v {{ katalog.oblasti | length }} oblastech.
"""

PERIOD_CHAPTER = """\
# Popis realizace

V období {{ zprava.obdobi }} proběhlo {{ celkem.pocet|pocet("událost", "události", "událostí") }} v rozsahu {{ celkem.hodiny|pocet("hodina", "hodiny", "hodin") }}.
Čísla se počítají ze záznamů ve složce `zaznamy`; v textu se nikdy nepíšou ručně.
"""

FINAL_CHAPTER = """\
# Shrnutí projektu

Za celou dobu realizace proběhlo {{ celkem.pocet|pocet("událost", "události", "událostí") }}.
"""

RECORDS = """\
id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka
Z0001;{first};KA1;supervize;tymova;4;3;P01 P02 P03;
Z0002;{second};KA1;supervize;individualni;1;1;P01;
"""

OFFICE: dict[str, Any] = {
    "name": "Městský úřad Nové Město",
    "type": "orp",
    "department": "Odbor sociálních věcí, oddělení sociálně-právní ochrany dětí",
    "address": "Náměstí 1, 100 00 Nové Město",
    "hours": [{"day": "pondělí", "time": "8:00–17:00"}, {"day": "středa", "time": "8:00–17:00"}],
    "posts": 3,
    "head": "Mgr. Jana Nováková",
    "people": [{"name": "Mgr. Jana Nováková", "role": "vedoucí oddělení"}],
    "revision_reason": "první vydání standardů",
    "approvals": {
        "prepared_by": "Mgr. Jana Nováková, vedoucí oddělení",
        "approved_by": "tajemník úřadu",
        "binding_for": "všechny zaměstnance oddělení sociálně-právní ochrany dětí",
    },
}

CATALOGUE: dict[str, Any] = {
    "name": "Standardy kvality sociálně-právní ochrany",
    "legal_basis": "vyhlášky č. 473/2012 Sb., přílohy č. 1",
    "standards": [{"number": 1, "name": "Místní a časová dostupnost", "criteria": [{
        "id": "1a", "description": "Úřad zajišťuje ochranu dětí ve všech obcích svého správního obvodu.",
        "applies_to": ["orp"],
    }]}],
}

ACTIVITIES: dict[str, Any] = {
    "laws": [{"number": "108/2006", "title": "o sociálních službách"}],
    "areas": [{"id": "poradenstvi", "name": "Sociální poradenství"}],
    "activities": [{
        "id": "zakladni-poradenstvi",
        "name": "Základní sociální poradenství",
        "area": "poradenstvi",
        "description": "Sociální pracovník poskytne informace, které pomohou řešit nepříznivou sociální situaci.",
        "legal_basis": [{"law": "108/2006", "section": "92", "letter": "c"}],
        "expected": {"orp": "povinná", "pou": "povinná", "obec": "doporučená"},
        "target_groups": ["osoby v nepříznivé sociální situaci"],
        "indicators": ["počet poradenských kontaktů za rok"],
        "example": "Pracovnice vysvětlí, jak požádat o příspěvek na péči.",
    }],
}
