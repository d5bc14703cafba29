"""Figures of a report, computed from the activity records: never typed, so totals add up.

Counts, hours and participants per event type and subtype, per period and in
total; unique supported persons; the achieved value of each indicator and its
percentage of the target. Narrative chapters read them through Jinja
(``{{ ukazatele["600000"].dosazeno }}``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pipeline.czech import format_date, format_number
from pipeline.model.report import Indicator, Period, ReportDocument, Rule
from pipeline.reporting.records import ActivityRecord
from pipeline.template_usage import NUMBER, TEXT, Usage, template_usage


def _keeping_amount(name: str) -> Callable[[float, object], Any]:
    """Return float's arithmetic method ``name`` giving an :class:`Amount` where float gives a float."""
    operation = getattr(float, name)

    def method(self: float, other: object) -> Any:
        return _amount(operation(self, other))

    method.__name__ = name
    return method


class Amount(float):
    """A number that prints the Czech way in templates: ``1 234,5``, not ``1234.5``.

    Arithmetic in a template (``a + b``, ``a / 2``) gives an Amount again, so a
    sum prints the Czech way too.
    """

    def __str__(self) -> str:
        return format_number(self)

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else str(self)

    __add__ = _keeping_amount("__add__")
    __radd__ = _keeping_amount("__radd__")
    __sub__ = _keeping_amount("__sub__")
    __rsub__ = _keeping_amount("__rsub__")
    __mul__ = _keeping_amount("__mul__")
    __rmul__ = _keeping_amount("__rmul__")
    __truediv__ = _keeping_amount("__truediv__")
    __rtruediv__ = _keeping_amount("__rtruediv__")

    def __neg__(self) -> Amount:
        return Amount(-float(self))


def _amount(result: Any) -> Any:
    """Return a float result of arithmetic as an Amount (NotImplemented and others as they are)."""
    return Amount(result) if isinstance(result, float) else result


@template_usage(Usage(
    'číslo|pocet("osoba", "osoby", "osob")', value=NUMBER, arguments=TEXT,
    note='u desetinných čísel lze přidat čtvrtý tvar, např. pocet("den", "dny", "dní", "dne")',
))
def count_of(value: float | Decimal, one: str, few: str, many: str, fraction: str | None = None) -> str:
    """Return a number with the Czech form of its noun: ``1 osoba``, ``3 osoby``, ``5 osob``, ``27,5 hodiny``.

    The template filter ``pocet``: ``{{ celkem.osoby|pocet("osoba", "osoby", "osob") }}``.
    A number with decimals takes the genitive singular, ``fraction``, which for
    most nouns of reports (hodina, osoba, událost) is the ``few`` form; give it
    where it differs (``den``: ``1,5 dne``).
    """
    shown = format_number(value)
    rounded = Decimal(shown.replace("\u00a0", "").replace(",", "."))
    if rounded != rounded.to_integral_value():
        return f"{shown} {fraction or few}"
    whole = abs(int(rounded))
    return f"{shown} {one if whole == 1 else few if 2 <= whole <= 4 else many}"


#: Jinja filters of report chapters
FILTERS = {"pocet": count_of}


@dataclass(frozen=True)
class Tally:
    """What a group of records adds up to."""

    events: int = 0
    hours: Decimal = Decimal(0)
    participants: int = 0
    persons: frozenset[str] = frozenset()

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.events + other.events,
            self.hours + other.hours,
            self.participants + other.participants,
            self.persons | other.persons,
        )

    def context(self) -> dict[str, Any]:
        """Return the Czech names templates use: ``pocet``, ``hodiny``, ``ucastnici``, ``osoby``."""
        return {
            "pocet": Amount(self.events),
            "hodiny": Amount(self.hours),
            "ucastnici": Amount(self.participants),
            "osoby": Amount(len(self.persons)),
        }


def tally(records: Iterable[ActivityRecord]) -> Tally:
    """Return the sum of ``records``, in one pass (adding Tally by Tally would copy the set of persons each time)."""
    events = participants = 0
    hours = Decimal(0)
    persons: set[str] = set()
    for record in records:
        events += 1
        hours += record.hours
        participants += record.participants
        persons.update(record.persons)
    return Tally(events, hours, participants, frozenset(persons))


def in_periods(records: list[ActivityRecord], periods: Iterable[Period]) -> list[ActivityRecord]:
    """Return the records dated within any of ``periods``."""
    spans = [(period.start, period.end) for period in periods]
    return [record for record in records if any(start <= record.date <= end for start, end in spans)]


def until(records: list[ActivityRecord], day: dt.date) -> list[ActivityRecord]:
    """Return the records dated on or before ``day`` (cumulative figures of a monitoring report)."""
    return [record for record in records if record.date <= day]


def span_of(periods: Iterable[Period]) -> tuple[dt.date, dt.date]:
    """Return the first and the last day of ``periods``, whatever order the document lists them in."""
    listed = list(periods)
    return min(period.start for period in listed), max(period.end for period in listed)


def hours_per_month(
    records: list[ActivityRecord], type_code: str, start: dt.date, end: dt.date
) -> list[tuple[dt.date, float]]:
    """Return the hours of events of ``type_code`` in each month from ``start`` to ``end`` (0 where none)."""
    hours: dict[dt.date, Decimal] = {}
    for record in records:
        if record.type == type_code:
            month = record.date.replace(day=1)
            hours[month] = hours.get(month, Decimal(0)) + record.hours
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append((month, float(hours.get(month, Decimal(0)))))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def matching(records: Iterable[ActivityRecord], rule: Rule) -> list[ActivityRecord]:
    """Return the records an indicator's rule counts."""
    return [
        record for record in records
        if (rule.type is None or record.type == rule.type)
        and (rule.subtype is None or record.subtype == rule.subtype)
        and (rule.activity is None or record.activity == rule.activity)
    ]


def achieved(indicator: Indicator, records: list[ActivityRecord]) -> Decimal:
    """Return the value of ``indicator`` its rule computes from ``records``."""
    total = tally(matching(records, indicator.rule))
    measure = indicator.rule.measure
    if measure == "udalosti":
        return Decimal(total.events)
    if measure == "hodiny":
        return total.hours
    if measure == "ucastnici":
        return Decimal(total.participants)
    return Decimal(len(total.persons))


def percent(value: Decimal | float, target: float) -> Decimal:
    """Return ``value`` as a percentage of ``target``, to one decimal place rounded half up (58,25 -> 58,3)."""
    return (Decimal(str(value)) * 100 / Decimal(str(target))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TypeBreakdown:
    """One event type with its subtypes, each tallied over the same records."""

    code: str
    name: str
    total: Tally
    subtypes: list[tuple[str, str, Tally]]


def by_type(document: ReportDocument, records: list[ActivityRecord]) -> list[TypeBreakdown]:
    """Return every declared type (in declaration order) with its subtypes, tallied over ``records``."""
    rows = []
    for code, event_type in document.types.items():
        of_type = [record for record in records if record.type == code]
        subtypes = [
            (sub_code, sub_name, tally(r for r in of_type if r.subtype == sub_code))
            for sub_code, sub_name in event_type.subtypes.items()
        ]
        rows.append(TypeBreakdown(code, event_type.name, tally(of_type), subtypes))
    return rows


def by_activity(document: ReportDocument, records: list[ActivityRecord]) -> list[tuple[str, str, Tally]]:
    """Return every key activity with the tally of its records."""
    return [
        (activity.code, activity.name, tally(r for r in records if r.activity == activity.code))
        for activity in document.key_activities
    ]


def span_text(start: dt.date, end: dt.date) -> str:
    """Return a period as Czech documents print it: ``1. ledna 2024 – 30. září 2024``."""
    return f"{format_date(start)} – {format_date(end)}"


def template_context(
    document: ReportDocument, records: list[ActivityRecord], periods: list[Period]
) -> dict[str, Any]:
    """Return the figures of a report covering ``periods`` under their Czech template names.

    ``cinnosti`` and ``celkem`` cover the report's own periods; indicators are
    achieved values since the project start up to the end of the last period
    (``dosazeno``) and within the report's periods (``za_obdobi``).
    """
    own = in_periods(records, periods)
    first, last = span_of(periods)
    so_far = until(records, last)

    def types_context(selected: list[ActivityRecord]) -> dict[str, Any]:
        return {
            row.code: {
                "nazev": row.name,
                **row.total.context(),
                "podtypy": {code: {"nazev": name, **sub.context()} for code, name, sub in row.subtypes},
            }
            for row in by_type(document, selected)
        }

    indicators = {}
    for indicator in document.indicators:
        value = achieved(indicator, so_far)
        indicators[indicator.code] = {
            "kod": indicator.code,
            "nazev": indicator.name,
            "jednotka": indicator.unit,
            "vychozi": Amount(indicator.baseline),
            "cilova": Amount(indicator.target),
            "dosazeno": Amount(value),
            "za_obdobi": Amount(achieved(indicator, own)),
            "procento": Amount(percent(value, indicator.target)),
        }
    return {
        "cinnosti": types_context(own),
        "cinnosti_od_zacatku": types_context(so_far),
        "celkem": tally(own).context(),
        "celkem_od_zacatku": tally(so_far).context(),
        "aktivity": {code: {"nazev": name, **t.context()} for code, name, t in by_activity(document, own)},
        "ukazatele": indicators,
        "obdobi": {
            "cisla": [period.number for period in periods],
            "od": format_date(first),
            "do": format_date(last),
            "text": span_text(first, last),
        },
    }
