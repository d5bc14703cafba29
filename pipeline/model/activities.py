"""The catalogue of social-work activities in municipalities, and municipality profiles.

Both are data, not code (DOMAIN.md): which activities a type of municipality
must or should perform, on which legal basis, and any staffing ratio, each
ratio with its source, because no ratio is confirmed by law.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from pipeline.activities.legal import LawNumber, LegalReference
from pipeline.errors import nearest_or_listed
from pipeline.model.types import SourceModel

#: the types of municipality by their YAML name, with the Czech name of one municipality
MUNICIPALITY_TYPES = {
    "orp": "obec s rozšířenou působností",
    "pou": "obec s pověřeným obecním úřadem",
    "obec": "obec bez pověřeného obecního úřadu",
}
#: the same in the plural, as in "pro obce s rozšířenou působností"
MUNICIPALITY_TYPES_PLURAL = {
    "orp": "obce s rozšířenou působností",
    "pou": "obce s pověřeným obecním úřadem",
    "obec": "ostatní obce",
}
#: the column heads of the matrix
MUNICIPALITY_TYPE_ABBREVIATIONS = {"orp": "ORP", "pou": "POÚ", "obec": "Ostatní obce"}

Level = Literal["povinná", "doporučená", "neočekává se"]


def _check_municipality_type(value: Any) -> str:
    """Accept ``orp``, ``pou`` or ``obec``; offer the nearest one otherwise."""
    if isinstance(value, str) and value in MUNICIPALITY_TYPES:
        return value
    hint = nearest_or_listed(str(value).lower(), MUNICIPALITY_TYPES, "typy obcí")
    raise PydanticCustomError("municipality_type", "neznámý typ obce '{value}'", {"value": value, "hint": hint})


MunicipalityType = Annotated[str, BeforeValidator(_check_municipality_type)]


class Law(SourceModel):
    """A law the catalogue cites; its short title heads its part of the legal index."""

    number: LawNumber = Field(description="číslo a rok zákona, např. 108/2006")
    title: str = Field(description="zkrácený název, např. o sociálních službách")


class Area(SourceModel):
    """An area of social work: one chapter of the document."""

    id: str = Field(description="označení oblasti, např. poradenstvi")
    name: str = Field(description="název kapitoly, např. Sociální poradenství")
    description: str | None = Field(None, description="úvodní odstavec kapitoly")


class StaffingRatio(SourceModel):
    """Inhabitants per full-time social worker for one type of municipality, as its source gives it."""

    type: MunicipalityType = Field(description="typ obce: orp, pou nebo obec")
    inhabitants_per_fte: int = Field(gt=0, description="počet obyvatel na jeden úvazek sociálního pracovníka")
    source: str = Field(min_length=1, description="odkud poměr pochází (dokument, číslo, datum)")


class Activity(SourceModel):
    """An activity of social workers of a municipal office."""

    id: str = Field(description="krátké označení, na které odkazují profily obcí, např. socialni-setreni")
    name: str = Field(description="název činnosti")
    area: str = Field(description="oblast (id z areas)")
    description: str = Field(description="co činnost obnáší")
    legal_basis: list[LegalReference] = Field(min_length=1, description="právní základ")
    expected: dict[MunicipalityType, Level] = Field(
        description="pro každý typ obce (orp, pou, obec): povinná, doporučená nebo neočekává se"
    )
    target_groups: list[str] = Field(min_length=1, description="cílové skupiny")
    indicators: list[str] = Field(min_length=1, description="ukazatele výkonu")
    example: str = Field(description="příklad z praxe")

    @field_validator("expected")
    @classmethod
    def _every_type(cls, expected: dict[str, str]) -> dict[str, str]:
        missing = [name for name in MUNICIPALITY_TYPES if name not in expected]
        if missing:
            raise PydanticCustomError(
                "municipality_type_missing",
                "chybí očekávání pro typ obce '{value}'",
                {"value": missing[0], "hint": f"doplňte řádek '{missing[0]}: povinná / doporučená / neočekává se'"},
            )
        # The order of the types is the document's, whatever the order in the file.
        return {name: expected[name] for name in MUNICIPALITY_TYPES}


class ActivityCatalogue(SourceModel):
    """The catalogue file: laws cited, areas, optional staffing ratios and the activities."""

    laws: list[Law] = Field(min_length=1, description="citované zákony")
    areas: list[Area] = Field(min_length=1, description="oblasti činností v pořadí kapitol")
    staffing_ratios: list[StaffingRatio] = Field(
        default_factory=list, description="poměry obyvatel na úvazek, každý se zdrojem; bez nich se úvazky neposuzují"
    )
    activities: list[Activity] = Field(min_length=1, description="činnosti")

    def ratio_for(self, municipality_type: str) -> StaffingRatio | None:
        """Return the staffing ratio the catalogue gives for a type of municipality, if any."""
        return next((ratio for ratio in self.staffing_ratios if ratio.type == municipality_type), None)


class MunicipalityProfile(SourceModel):
    """``municipalities/<slug>.yaml``: what one municipality's office actually does."""

    name: str = Field(description="název obce nebo úřadu, např. Město Lipová nad Orlicí")
    type: MunicipalityType = Field(description="typ obce: orp, pou nebo obec")
    population: int = Field(gt=0, description="počet obyvatel (u ORP správního obvodu)")
    social_workers_fte: float = Field(ge=0, description="úvazky sociálních pracovníků, např. 3.5")
    performed: list[str] = Field(default_factory=list, description="id činností, které úřad vykonává")
    note: str | None = Field(None, description="poznámka, vytiskne se v porovnání")
