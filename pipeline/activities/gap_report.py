"""Compare one municipality with the minimum standard: the activities it does not perform, and its staffing.

The report lists obligatory and recommended activities the municipality's
profile does not name; staffing is compared by :mod:`pipeline.activities.staffing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.activities.staffing import Staffing, compare_staffing, number, staffing_text
from pipeline.markdown_text import escape, pipe_table
from pipeline.model.activities import (
    MUNICIPALITY_TYPES,
    MUNICIPALITY_TYPES_PLURAL,
    Activity,
    ActivityCatalogue,
    MunicipalityProfile,
)

#: the levels a gap report lists, with their heading and what a complete municipality does
LISTED_LEVELS = {
    "povinná": ("Povinné činnosti, které obec nevykonává", "označuje jako povinné"),
    "doporučená": ("Doporučené činnosti, které obec nevykonává", "doporučuje"),
}


@dataclass(frozen=True)
class Gap:
    """What a municipality lacks against the minimum standard for its type."""

    profile: MunicipalityProfile
    #: by level (povinná, doporučená): how many activities the catalogue expects, and those not performed
    expected: dict[str, int]
    missing: dict[str, list[Activity]]
    performed: int
    staffing: Staffing | None


def find_gap(profile: MunicipalityProfile, catalogue: ActivityCatalogue) -> Gap:
    """Return the gap of ``profile`` against ``catalogue``, activities in catalogue order."""
    performed = set(profile.performed)
    expected: dict[str, int] = {}
    missing: dict[str, list[Activity]] = {}
    for level in LISTED_LEVELS:
        activities = [a for a in catalogue.activities if a.expected[profile.type] == level]
        expected[level] = len(activities)
        missing[level] = [a for a in activities if a.id not in performed]
    known = sum(1 for activity in catalogue.activities if activity.id in performed)
    return Gap(profile, expected, missing, known, compare_staffing(profile, catalogue))


def gap_markdown(gap: Gap, catalogue: ActivityCatalogue) -> str:
    """Return the gap report of one municipality as Pandoc Markdown."""
    profile = gap.profile
    plural = MUNICIPALITY_TYPES_PLURAL[profile.type]
    rows = [
        ["Obec", escape(profile.name)],
        ["Typ obce", MUNICIPALITY_TYPES[profile.type]],
        ["Počet obyvatel", number(profile.population)],
        ["Úvazky sociálních pracovníků", number(profile.social_workers_fte)],
        ["Vykonávané činnosti z katalogu", f"{gap.performed} z {len(catalogue.activities)}"],
    ]
    # One chapter with short sections: each first-level heading would start a page.
    lines = ["# Výsledek porovnání {.unnumbered}", "", "## Údaje o obci {.unnumbered}", ""]
    lines += pipe_table(["Údaj", "Hodnota"], [40, 60], rows)
    if profile.note:
        lines += [escape(profile.note), ""]
    for level, (heading, done) in LISTED_LEVELS.items():
        none_missing = (
            f"Obec vykonává všechny činnosti, které katalog pro {plural} {done}."
            if gap.expected[level] else f"Katalog pro {plural} žádnou takovou činnost neuvádí."
        )
        lines += _missing_section(heading, gap.missing[level], none_missing)
    lines += ["## Personální zajištění {.unnumbered}", "", staffing_text(profile, gap.staffing), ""]
    return "\n".join(lines)


def _missing_section(heading: str, activities: list[Activity], none_missing: str) -> list[str]:
    """Return a section listing activities with their legal basis, or saying that none is missing."""
    lines = [f"## {heading} {{.unnumbered}}", ""]
    if not activities:
        return [*lines, none_missing, ""]
    for activity in activities:
        basis = "; ".join(reference.cite() for reference in activity.legal_basis)
        lines.append(f"- {escape(activity.name)} ({basis})")
    return [*lines, ""]
