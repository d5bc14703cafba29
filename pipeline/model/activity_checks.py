"""Load the activity catalogue and the municipality profiles, and check what validation alone cannot.

Validation checks each value's form; the checks here look across values:
an id of an activity or an area, a law or a staffing ratio's type of
municipality used twice, an area or a law the catalogue does not declare, a
profile naming an activity the catalogue does not have. They run on every
activity that is valid on its own, so one run reports the problems of the whole
catalogue and of every profile at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.activities.legal import LegalReference, law_citation
from pipeline.confinement import confined_files
from pipeline.errors import Diagnostics, Location, did_you_mean, nearest_or_listed
from pipeline.model.activities import (
    MUNICIPALITY_TYPES_PLURAL,
    Activity,
    ActivityCatalogue,
    Area,
    Law,
    MunicipalityProfile,
    StaffingRatio,
)
from pipeline.model.validate import repeated_values, validate
from pipeline.project import Project
from pipeline.sources import YamlFile, load_yaml

M = TypeVar("M", bound=BaseModel)

#: the catalogue's lists, each item checked on its own, by key
LISTS: dict[str, type[BaseModel]] = {
    "activities": Activity, "areas": Area, "laws": Law, "staffing_ratios": StaffingRatio,
}
#: what may stand only once: the list, the field, what is said of a repeated value, the hint ({free}: an unused id)
UNIQUE: list[tuple[str, str, Callable[[str], str], str]] = [
    ("laws", "number", lambda value: f"zákon {law_citation(value)} je v seznamu zákonů",
     "ponechte zákon v seznamu laws jen jednou"),
    ("areas", "id", lambda value: f"oblast '{value}' je v katalogu",
     "zvolte jiné id, např. '{free}', nebo oblasti sloučte"),
    ("staffing_ratios", "type",
     lambda value: f"poměr obyvatel na úvazek pro {MUNICIPALITY_TYPES_PLURAL[value]} je v katalogu",
     "ponechte pro každý typ obce jen jeden poměr se zdrojem"),
    ("activities", "id", lambda value: f"činnost '{value}' je v katalogu",
     "zvolte jiné id, např. '{free}'"),
]


def load_catalogue(
    path: Path, named_at: Location, diagnostics: Diagnostics
) -> tuple[ActivityCatalogue | None, set[str]]:
    """Return the catalogue (None if it has any problem) and every activity id written in it.

    The ids are returned even when the catalogue is invalid, so profiles are
    still checked against what the user wrote.
    """
    if not path.is_file():
        hint = did_you_mean(path.name, [p.name for p in path.parent.glob("*.yaml")])
        hint = hint or "katalog činností leží ve složce dokumentu"
        diagnostics.error(named_at, f"soubor '{path.name}' neexistuje", hint)
        return None, set()
    source = load_yaml(path, diagnostics)
    if source is None:
        return None, set()
    before = len(diagnostics.errors)
    catalogue = validate(ActivityCatalogue, source, diagnostics)
    items = {key: _valid_items(model, source, key) for key, model in LISTS.items()}
    _check_unique(items, source, diagnostics)
    _check_areas(items["activities"], [area.id for _, area in items["areas"]], source, diagnostics)
    _check_laws([law.number for _, law in items["laws"]], source, diagnostics)
    raw = _raw_items(source, "activities")
    ids = {item["id"] for item in raw if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return (catalogue if len(diagnostics.errors) == before else None), ids


def load_profiles(
    project: Project, folder: Path, activity_ids: set[str], diagnostics: Diagnostics
) -> list[tuple[str, MunicipalityProfile]]:
    """Return the valid profiles ``<folder>/<slug>.yaml`` by slug; report unknown activities where named."""
    profiles = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        # Left unread it would silently drop a municipality's comparison.
        diagnostics.error(Location(path), "profil obce má příponu .yml, načítají se jen soubory .yaml",
                          f"přejmenujte soubor na {path.stem}.yaml")
    for path in confined_files(project, sorted(folder.glob("*.yaml")) if folder.is_dir() else [], diagnostics):
        source = load_yaml(path, diagnostics)
        if source is None:
            continue
        before = len(diagnostics.errors)
        profile = validate(MunicipalityProfile, source, diagnostics)
        if activity_ids:
            for index, item in enumerate(_raw_items(source, "performed")):
                if isinstance(item, str) and item not in activity_ids:
                    hint = did_you_mean(item, activity_ids) or _listed(activity_ids)
                    diagnostics.error(source.locate(("performed", index)), f"katalog nezná činnost '{item}'", hint)
        if profile is not None and len(diagnostics.errors) == before:
            profiles.append((path.stem, profile))
    return profiles


def _listed(activity_ids: set[str]) -> str:
    """Return a hint naming the ids a profile may use (all of them, if they are few)."""
    if len(activity_ids) <= 12:
        return "činnosti v katalogu: " + ", ".join(sorted(activity_ids))
    return "uveďte id činnosti z katalogu"


def _raw_items(source: YamlFile, key: str) -> list[Any]:
    """Return the list under ``key`` as written, or an empty one."""
    raw = source.data.get(key) if isinstance(source.data, dict) else None
    return raw if isinstance(raw, list) else []


def _valid_items(model: type[M], source: YamlFile, key: str) -> list[tuple[int, M]]:
    """Return the items of the list under ``key`` that are valid on their own, with their index."""
    items = []
    for index, item in enumerate(_raw_items(source, key)):
        try:
            items.append((index, model.model_validate(item)))
        except ValidationError:
            pass  # reported by the validation of the whole file
    return items


def _check_unique(items: dict[str, list[tuple[int, Any]]], source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report a law, an area id, a type of municipality of a staffing ratio or an activity id written twice.

    A second law would leave the legal index two titles; a second area would
    print its activities in two chapters; a second ratio would be ignored by
    the comparison while the table prints it; profiles could not tell two
    activities apart.
    """
    for key, field, what, hint in UNIQUE:
        values = [(index, getattr(item, field)) for index, item in items[key]]
        taken = {value for _, value in values}
        for index, value, first in repeated_values(values):
            line = source.locate((key, first, field)).line
            diagnostics.error(
                source.locate((key, index, field)),
                f"{what(value)} dvakrát, poprvé na řádku {line}",
                hint.format(free=_free(value, taken)),
            )


def _free(value: str, taken: set[str]) -> str:
    """Return ``value-2`` (or the next number) not taken yet: an id to suggest instead of a repeated one."""
    return next(f"{value}-{n}" for n in range(2, len(taken) + 3) if f"{value}-{n}" not in taken)


def _check_areas(
    activities: list[tuple[int, Activity]], areas: list[str], source: YamlFile, diagnostics: Diagnostics
) -> None:
    """Report an activity in an area the catalogue does not declare (it would belong to no chapter)."""
    for index, activity in activities:
        if areas and activity.area not in areas:
            hint = nearest_or_listed(activity.area, areas, "oblasti v katalogu")
            diagnostics.error(source.locate(("activities", index, "area")), f"neznámá oblast '{activity.area}'", hint)


def _check_laws(laws: list[str], source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report a legal basis citing a law missing from ``laws`` (the index needs its title).

    Every well-formed reference is checked, also in an activity with other problems.
    """
    for index, activity in enumerate(_raw_items(source, "activities")):
        references = activity.get("legal_basis") if isinstance(activity, dict) else None
        for number, raw in enumerate(references if isinstance(references, list) else []):
            try:
                reference = LegalReference.model_validate(raw)
            except ValidationError:
                continue  # reported by the validation of the whole file
            if laws and reference.law not in laws:
                hint = did_you_mean(reference.law, laws) or "doplňte zákon do seznamu laws na začátku katalogu"
                diagnostics.error(
                    source.locate(("activities", index, "legal_basis", number, "law")),
                    f"zákon {law_citation(reference.law)} není v seznamu zákonů katalogu",
                    hint,
                )
