"""Compare one municipality with the minimum standard: what it does not do, and its staffing.

Staffing is compared only where the catalogue gives a ratio for the
municipality's type *with its source*; no ratio is built in (DOMAIN.md: none is
confirmed by law), so without one the report says the comparison is not made.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from pipeline.czech import count
from pipeline.markdown_text import escape, pipe_table
from pipeline.model.activities import (
    MUNICIPALITY_TYPES,
    MUNICIPALITY_TYPES_PLURAL,
    Activity,
    ActivityCatalogue,
    MunicipalityProfile,
    StaffingRatio,
)


@dataclass(frozen=True)
class Staffing:
    """The municipality's social workers measured against the catalogue's ratio."""

    ratio: StaffingRatio
    fte: float
    needed: float

    @property
    def shortfall(self) -> float:
        """Return the full-time equivalents missing to meet the ratio (0 when it is met)."""
        return max(0.0, round(self.needed - self.fte, 2))


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
    ratio = catalogue.ratio_for(profile.type)
    staffing = None
    if ratio is not None:
        staffing = Staffing(ratio, profile.social_workers_fte, round(profile.population / ratio.inhabitants_per_fte, 2))
    known = sum(1 for activity in catalogue.activities if activity.id in performed)
    return Gap(profile, expected, missing, known, staffing)


def number(value: float) -> str:
    """Return a number in Czech form: ``24 310``, ``4,5``."""
    return format_decimal(value, locale="cs_CZ")


def fte(value: float) -> str:
    """Return full-time equivalents with the Czech noun: 1 úvazek, 3 úvazky, 4,5 úvazku, 6 úvazků."""
    if value == int(value):
        return count(int(value), "úvazek", "úvazky", "úvazků")
    return f"{number(value)} úvazku"


def _verb(value: float, singular: str, plural: str) -> str:
    """Return the verb agreeing with a count: *odpovídají 4 úvazky*, but *odpovídá 5 úvazků* and *8,5 úvazku*."""
    return plural if value == int(value) and 2 <= value <= 4 else singular


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
    lines += ["## Personální zajištění {.unnumbered}", "", _staffing_text(gap), ""]
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


def _staffing_text(gap: Gap) -> str:
    """Return the staffing paragraph: the municipality's figures, and the comparison only with a sourced ratio."""
    profile = gap.profile
    if profile.social_workers_fte > 0:
        own = (
            f"Obec má {fte(profile.social_workers_fte)} sociálních pracovníků na {number(profile.population)} obyvatel,"
            f" tj. {number(round(profile.population / profile.social_workers_fte))} obyvatel na jeden úvazek."
        )
    else:
        own = f"Obec s {number(profile.population)} obyvateli nemá žádný úvazek sociálního pracovníka."
    staffing = gap.staffing
    if staffing is None:
        return (
            f"{own} Katalog pro {MUNICIPALITY_TYPES_PLURAL[profile.type]} neuvádí žádný poměr počtu obyvatel"
            " na úvazek sociálního pracovníka, úvazky se proto s poměrem neporovnávají."
        )
    needed = f"{_verb(staffing.needed, 'odpovídá', 'odpovídají')} {fte(staffing.needed)}"
    comparison = (
        f"{own} Katalog uvádí pro {MUNICIPALITY_TYPES_PLURAL[profile.type]}"
        f" {number(staffing.ratio.inhabitants_per_fte)} obyvatel na jeden úvazek"
        f" (zdroj: {escape(staffing.ratio.source)}); tomu {needed}."
    )
    if staffing.shortfall > 0:
        missing = f"{_verb(staffing.shortfall, 'chybí', 'chybějí')} {fte(staffing.shortfall)}"
        return f"{comparison} Do tohoto poměru obci {missing}."
    return f"{comparison} Obec tento poměr splňuje."
