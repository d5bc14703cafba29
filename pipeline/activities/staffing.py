"""A municipality's social workers (in FTE) measured against a ratio the catalogue gives with its source.

No ratio is built in (DOMAIN.md: none is confirmed by law). Without one for the
municipality's type the text gives the municipality's own figures and says
that no comparison is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from pipeline.czech import count
from pipeline.markdown_text import escape
from pipeline.model.activities import MUNICIPALITY_TYPES_PLURAL, ActivityCatalogue, MunicipalityProfile, StaffingRatio


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


def compare_staffing(profile: MunicipalityProfile, catalogue: ActivityCatalogue) -> Staffing | None:
    """Return the comparison with the catalogue's ratio for the profile's type; None if it gives none."""
    ratio = catalogue.ratio_for(profile.type)
    if ratio is None:
        return None
    return Staffing(ratio, profile.social_workers_fte, round(profile.population / ratio.inhabitants_per_fte, 2))


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


def staffing_text(profile: MunicipalityProfile, staffing: Staffing | None) -> str:
    """Return the staffing paragraph of a gap report: the figures, and the comparison only with a sourced ratio."""
    if profile.social_workers_fte > 0:
        # Up to one full-time equivalent is one worker's: *1 úvazek sociálního pracovníka*, *0,5 úvazku …*.
        workers = "sociálního pracovníka" if profile.social_workers_fte <= 1 else "sociálních pracovníků"
        own = (
            f"Obec má {fte(profile.social_workers_fte)} {workers} na {number(profile.population)} obyvatel,"
            f" tj. {number(round(profile.population / profile.social_workers_fte))} obyvatel na jeden úvazek."
        )
    else:
        own = f"Obec s {number(profile.population)} obyvateli nemá žádný úvazek sociálního pracovníka."
    types = MUNICIPALITY_TYPES_PLURAL[profile.type]
    if staffing is None:
        return (
            f"{own} Katalog pro {types} neuvádí žádný poměr počtu obyvatel"
            " na úvazek sociálního pracovníka, úvazky se proto s poměrem neporovnávají."
        )
    needed = f"{_verb(staffing.needed, 'odpovídá', 'odpovídají')} {fte(staffing.needed)}"
    comparison = (
        f"{own} Katalog uvádí pro {types} {number(staffing.ratio.inhabitants_per_fte)} obyvatel na jeden úvazek"
        f" (zdroj: {escape(staffing.ratio.source)}); tomu {needed}."
    )
    if staffing.shortfall > 0:
        missing = f"{_verb(staffing.shortfall, 'chybí', 'chybějí')} {fte(staffing.shortfall)}"
        return f"{comparison} Do tohoto poměru obci {missing}."
    return f"{comparison} Obec tento poměr splňuje."
