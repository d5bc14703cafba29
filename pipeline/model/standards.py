"""Catalogues of quality standards (vyhláška č. 473/2012 Sb., příloha č. 1) and OSPOD offices.

The catalogue is data, not code: more than one can exist (other annexes, an
office's own standards), and a document chooses its catalogue.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pipeline.czech import format_date
from pipeline.model.types import CzechDate, PersonName, SourceModel

OfficeType = Literal["orp", "kraj", "obec"]
OFFICE_TYPE_NAMES = {
    "orp": "obecní úřad obce s rozšířenou působností",
    "kraj": "krajský úřad",
    "obec": "obecní úřad",
}


class Criterion(SourceModel):
    """A lettered criterion of a standard (1a, 1b, …)."""

    id: str = Field(description="označení kritéria, např. 1a")
    description: str = Field(description="stručný popis požadavku vlastními slovy")
    applies_to: list[OfficeType] = Field(min_length=1, description="typy úřadů, pro které kritérium platí")
    public: bool = Field(False, description="patří do zveřejňovaného výtahu")


class Standard(SourceModel):
    """A numbered standard with its criteria."""

    number: int = Field(description="číslo standardu")
    name: str = Field(description="název standardu")
    criteria: list[Criterion] = Field(min_length=1)


class Catalogue(SourceModel):
    """A catalogue file under ``sources/katalogy/``."""

    name: str = Field(description="název katalogu")
    legal_basis: str = Field(description="právní základ, např. vyhláška č. 473/2012 Sb., příloha č. 1")
    standards: list[Standard] = Field(min_length=1)

    def criteria(self) -> dict[str, tuple[Standard, Criterion]]:
        """Return every criterion by id with its standard."""
        return {criterion.id: (standard, criterion) for standard in self.standards for criterion in standard.criteria}


class OpeningHours(SourceModel):
    """Office hours on one day."""

    day: str = Field(description="den, např. pondělí")
    time: str = Field(description="čas, např. 8:00–17:00")


class Person(SourceModel):
    """A member of staff named in the standards."""

    name: PersonName
    role: str


class Approvals(SourceModel):
    """The block *Závazné pro / Vypracoval / Schválil / Dne a podpis*."""

    prepared_by: PersonName = Field(description="vypracoval")
    approved_by: PersonName = Field(description="schválil")
    binding_for: str = Field(description="závazné pro")


class Change(SourceModel):
    """A row of *Přehled změn*."""

    number: int
    date: CzechDate
    pages: str
    change: str


class Office(SourceModel):
    """``office.yaml``: the OSPOD office whose standards these are."""

    name: str = Field(description="název úřadu")
    type: OfficeType = Field(description="typ úřadu: orp, kraj nebo obec")
    department: str = Field(description="odbor a oddělení")
    address: str = Field(description="adresa")
    phone: str | None = None
    email: str | None = None
    hours: list[OpeningHours] = Field(default_factory=list, description="úřední hodiny")
    on_call: str | None = Field(None, description="zajištění pohotovosti mimo pracovní dobu")
    posts: float = Field(description="počet úvazků")
    head: PersonName = Field(description="vedoucí odboru")
    people: list[Person] = Field(default_factory=list)
    valid_from: CzechDate = Field(description="platnost od")
    revision_reason: str = Field(description="důvod revize")
    approvals: Approvals
    history: list[Change] = Field(default_factory=list, description="přehled změn")

    def template_context(self) -> dict[str, Any]:
        """Return the Czech names that model texts use (``{{ urad.nazev }}``)."""
        posts = f"{self.posts:g}".replace(".", ",")
        return {
            "nazev": self.name,
            "typ": OFFICE_TYPE_NAMES[self.type],
            "odbor": self.department,
            "adresa": self.address,
            "telefon": self.phone or "",
            "email": self.email or "",
            "hodiny": [{"den": h.day, "cas": h.time} for h in self.hours],
            "pohotovost": self.on_call or "",
            "pocet_uvazku": posts,
            "vedouci": self.head,
            "pracovnici": [{"jmeno": p.name, "role": p.role} for p in self.people],
            "platnost_od": format_date(self.valid_from),
            "duvod_revize": self.revision_reason,
            "vypracoval": self.approvals.prepared_by,
            "schvalil": self.approvals.approved_by,
            "zavazne_pro": self.approvals.binding_for,
        }
