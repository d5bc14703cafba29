"""The organisation and the funded project that every document of the project carries."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from pipeline.model.types import CzechDate, Ico, SourceModel, check_order

Publicity = Literal["2021-2027", "2014-2020"]

# Shapes of registration numbers as the programme periods print them
# (DOMAIN.md): CZ.03.2.63/0.0/0.0/15_023/0000851 and CZ.03.02.02/00/22_004/0001320.
REGISTRATION_NUMBER = {
    "2014-2020": re.compile(r"^CZ\.\d{2}\.\d{1,2}\.\d{1,3}/\d\.\d/\d\.\d/\d{2}_\d{3}/\d{7}$"),
    "2021-2027": re.compile(r"^CZ\.\d{2}\.\d{2}\.\d{2}/\d{2}/\d{2}_\d{3}/\d{7}$"),
}
REGISTRATION_EXAMPLE = {
    "2014-2020": "CZ.03.2.63/0.0/0.0/15_023/0000851",
    "2021-2027": "CZ.03.02.02/00/22_004/0001320",
}


class Organisation(SourceModel):
    """The organisation that publishes the documents."""

    name: str = Field(description="úplný název organizace")
    short_name: str | None = Field(None, description="zkrácený název")
    address: str = Field(description="adresa sídla")
    ico: Ico | None = Field(None, description="identifikační číslo osoby (IČO)")
    web: str | None = Field(None, description="webová adresa")


class FundedProject(SourceModel):
    """The ESF project whose publicity rules apply to every document."""

    name: str = Field(description="název projektu")
    publicity: Publicity = Field(description="varianta povinné publicity: 2021-2027 nebo 2014-2020")
    registration_number: str = Field(description="registrační číslo projektu")
    programme: str = Field(description="operační program")
    start: CzechDate = Field(description="začátek realizace")
    end: CzechDate = Field(description="konec realizace")

    @field_validator("registration_number")
    @classmethod
    def _registration_number_fits_period(cls, value: str, info: ValidationInfo) -> str:
        period = info.data.get("publicity")
        if period and not REGISTRATION_NUMBER[period].match(value):
            raise PydanticCustomError(
                "registration_number",
                "registrační číslo '{value}' nemá tvar čísla projektu období {period}",
                {"value": value, "period": period, "hint": f"např. {REGISTRATION_EXAMPLE[period]}"},
            )
        return value

    @model_validator(mode="after")
    def _period_is_ordered(self) -> FundedProject:
        check_order(self.start, self.end, "konec projektu je dříve než jeho začátek")
        return self


class ProjectFile(SourceModel):
    """``sources/project.yaml``."""

    organisation: Organisation
    project: FundedProject | None = Field(None, description="financovaný projekt (pokud dokument vzniká v projektu)")

    def template_context(self) -> dict[str, Any]:
        """Return the Czech names that templates and chapters use (``{{ projekt.nazev }}``)."""
        org = self.organisation
        context: dict[str, Any] = {
            "organizace": {
                "nazev": org.name,
                "zkratka": org.short_name or org.name,
                "adresa": org.address,
                "ico": org.ico or "",
                "web": org.web or "",
            },
            "projekt": None,
        }
        if self.project:
            p = self.project
            context["projekt"] = {
                "nazev": p.name,
                "registracni_cislo": p.registration_number,
                "program": p.programme,
                "zacatek": p.start,
                "konec": p.end,
                "publicita": p.publicity,
            }
        return context
