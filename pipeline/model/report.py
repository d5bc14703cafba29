"""The project model of a report: key activities, reporting periods, vocabularies and indicators.

All of it is declared in the report's ``document.yaml``: the call of each
project defines its own indicators and the manager the vocabulary of events,
so none of it is code.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from pipeline.model.document import DocumentBase
from pipeline.model.types import CzechDate, SourceModel, check_order


class KeyActivity(SourceModel):
    """A klíčová aktivita of the project, as the grant application names it."""

    code: str = Field(description="označení, např. KA1")
    name: str = Field(description="název klíčové aktivity")
    description: str = Field(description="co se v aktivitě dělá, jednou či dvěma větami")


class Period(SourceModel):
    """A reporting period (monitorovací období) and the narrative of its monitoring report."""

    number: int = Field(description="pořadové číslo období (1, 2, …)")
    start: CzechDate = Field(description="první den období")
    end: CzechDate = Field(description="poslední den období")
    chapters: list[str] = Field(default_factory=list, description="kapitoly zprávy o realizaci za toto období")

    @field_validator("number")
    @classmethod
    def _number_is_positive(cls, value: int) -> int:
        if value < 1:
            raise PydanticCustomError(
                "period_number", "číslo období začíná od 1", {"hint": "období číslujte 1, 2, 3, …"}
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        check_order(self.start, self.end, "období končí dříve, než začíná")
        return self


class EventType(SourceModel):
    """A type of event in the records (supervize, kurz, …) and its subtypes."""

    name: str = Field(description="název typu, jak se tiskne v tabulkách, např. Supervize")
    subtypes: dict[str, str] = Field(
        default_factory=dict, description="podtypy: kód ze záznamů -> název, např. individualni: individuální"
    )


Measure = Literal["udalosti", "hodiny", "ucastnici", "osoby"]
MEASURE_NAMES: dict[str, str] = {
    "udalosti": "počet událostí",
    "hodiny": "součet hodin",
    "ucastnici": "součet účastníků",
    "osoby": "počet různých podpořených osob",
}


class Rule(SourceModel):
    """How an indicator's achieved value is computed from the records, e.g. unique persons of KA2."""

    measure: Measure = Field(description="co se počítá: udalosti, hodiny, ucastnici nebo osoby (různé osoby)")
    type: str | None = Field(None, description="jen události tohoto typu")
    subtype: str | None = Field(None, description="jen události tohoto podtypu")
    activity: str | None = Field(None, description="jen události této klíčové aktivity")


class Indicator(SourceModel):
    """An indicator of the call: code, name, unit, baseline, target and its rule."""

    code: str = Field(description="kód indikátoru, např. \"600000\"")
    name: str = Field(description="název indikátoru")
    unit: str = Field(description="měrná jednotka, např. osoby")
    baseline: float = Field(0, description="výchozí hodnota")
    target: float = Field(description="cílová hodnota (kladné číslo)")
    rule: Rule = Field(description="jak se dosažená hodnota počítá ze záznamů")

    @field_validator("target")
    @classmethod
    def _target_is_positive(cls, value: float) -> float:
        if value <= 0:
            raise PydanticCustomError(
                "indicator_target", "cílová hodnota musí být kladná", {"hint": "plnění se počítá v procentech cíle"}
            )
        return value

    @field_validator("baseline")
    @classmethod
    def _baseline_is_not_negative(cls, value: float) -> float:
        if value < 0:
            raise PydanticCustomError("indicator_baseline", "výchozí hodnota nemůže být záporná", {"hint": "obvykle 0"})
        return value


class ReportDocument(DocumentBase):
    """``document.yaml`` of a project's reports: the project model plus the narrative chapters."""

    kind: Literal["report"]
    records: list[str] = Field(min_length=1, description="soubory záznamů o činnosti (CSV), např. zaznamy/2024.csv")
    key_activities: list[KeyActivity] = Field(min_length=1, description="klíčové aktivity projektu")
    periods: list[Period] = Field(min_length=1, description="monitorovací období")
    types: dict[str, EventType] = Field(min_length=1, description="typy událostí: kód ze záznamů -> typ")
    indicators: list[Indicator] = Field(default_factory=list, description="indikátory projektu")
    final: list[str] = Field(default_factory=list, description="kapitoly závěrečné zprávy")
    evaluation: list[str] = Field(
        default_factory=list, description="kapitoly evaluační zprávy (bez nich se evaluační zpráva nesestaví)"
    )
    outputs: list[str] = Field(
        default_factory=list, description="dokumenty projektu (složky ve sources/), které závěrečná zpráva vyjmenuje"
    )
    chart_type: str | None = Field(
        None, description="typ událostí, jehož hodiny po měsících ukáže graf, např. supervize"
    )

    def period(self, number: int) -> Period | None:
        """Return the period with ``number``, if declared."""
        return next((period for period in self.periods if period.number == number), None)


def overlaps(first: Period, second: Period) -> bool:
    """Return True if two periods share a day."""
    return first.start <= second.end and second.start <= first.end


def within(day: dt.date, start: dt.date, end: dt.date) -> bool:
    """Return True if ``day`` lies between ``start`` and ``end`` inclusive."""
    return start <= day <= end
