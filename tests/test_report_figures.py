"""Figures of a report: whatever the records, totals equal the sum of their parts and indicators follow their rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import Location
from pipeline.model.report import ReportDocument
from pipeline.reporting.figures import (
    FILTERS,
    Amount,
    achieved,
    by_activity,
    by_type,
    count_of,
    format_number,
    in_periods,
    percent,
    tally,
    template_context,
)
from pipeline.reporting.records import ActivityRecord

DOCUMENT = ReportDocument.model_validate({
    "kind": "report", "title": "Zprávy", "authors": [{"name": "Mgr. Eva Malá"}], "version": "1.0",
    "issued": "2026-01-15", "place": "Horní Lhota", "records": ["zaznamy.csv"],
    "key_activities": [{"code": "KA1", "name": "Supervize", "description": "…"},
                       {"code": "KA2", "name": "Klienti", "description": "…"}],
    "periods": [{"number": 1, "start": "2024-01-01", "end": "2024-06-30"},
                {"number": 2, "start": "2024-07-01", "end": "2024-12-31"}],
    "types": {"supervize": {"name": "Supervize", "subtypes": {"individualni": "individuální", "tymova": "týmová"}},
              "rozhovor": {"name": "Rozhovor"}},
    "indicators": [
        {"code": "600000", "name": "Účastníci", "unit": "osoby", "target": 7, "rule": {"measure": "osoby"}},
        {"code": "S1", "name": "Hodiny supervize", "unit": "hodiny", "target": 12,
         "rule": {"measure": "hodiny", "type": "supervize", "subtype": "tymova"}},
    ],
})


@st.composite
def records(draw: st.DrawFn) -> list[ActivityRecord]:
    made = []
    for index in range(draw(st.integers(0, 30))):
        event_type = draw(st.sampled_from(["supervize", "rozhovor"]))
        made.append(ActivityRecord(
            id=f"R{index}",
            date=dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 365))),
            activity=draw(st.sampled_from(["KA1", "KA2"])),
            type=event_type,
            subtype=draw(st.sampled_from(["individualni", "tymova"])) if event_type == "supervize" else "",
            hours=Decimal(draw(st.integers(0, 40))) / 2,
            participants=draw(st.integers(0, 9)),
            persons=tuple(draw(st.lists(st.sampled_from(["K1", "K2", "K3", "P1", "P2"]), max_size=3, unique=True))),
            note="",
            cells={"id": Location(Path("zaznamy.csv"), index + 2, 1)},
        ))
    return made


@settings(max_examples=150, deadline=None)
@given(records())
def test_totals_equal_the_sum_of_their_parts(items: list[ActivityRecord]) -> None:
    everything = tally(items)
    types = by_type(DOCUMENT, items)
    assert sum(row.total.events for row in types) == everything.events
    assert sum((row.total.hours for row in types), Decimal(0)) == everything.hours
    for row in types:
        if row.subtypes:
            assert sum(sub.events for _c, _n, sub in row.subtypes) == row.total.events
            assert sum((sub.hours for _c, _n, sub in row.subtypes), Decimal(0)) == row.total.hours
    periods = [tally(in_periods(items, [period])) for period in DOCUMENT.periods]
    assert sum(p.events for p in periods) == everything.events
    assert sum((p.hours for p in periods), Decimal(0)) == everything.hours
    assert sum(t.events for _c, _n, t in by_activity(DOCUMENT, items)) == everything.events


@settings(max_examples=100, deadline=None)
@given(records())
def test_indicators_follow_their_rules(items: list[ActivityRecord]) -> None:
    persons, team_hours = DOCUMENT.indicators
    assert achieved(persons, items) == len({p for record in items for p in record.persons})
    assert achieved(team_hours, items) == sum(
        (r.hours for r in items if r.type == "supervize" and r.subtype == "tymova"), Decimal(0)
    )
    context = template_context(DOCUMENT, items, DOCUMENT.periods[:1])
    first_half = [r for r in items if r.date <= dt.date(2024, 6, 30)]
    assert context["ukazatele"]["S1"]["dosazeno"] == float(achieved(team_hours, first_half))
    assert context["ukazatele"]["S1"]["procento"] == float(percent(achieved(team_hours, first_half), 12))


def test_amounts_print_the_czech_way() -> None:
    assert str(Amount(1234.5)) == "1\u00a0234,5"
    assert str(Amount(Decimal("12.0"))) == "12"
    assert f"{Amount(0.25)}" == "0,25"
    assert str(percent(Decimal(7), 12)) == "58.3"


def test_percent_and_numbers_round_half_up_as_czech_readers_expect() -> None:
    assert percent(233, 400) == Decimal("58.3")  # 58.25: half to even would give 58.2
    assert percent(1, 8) == Decimal("12.5") and percent(1, 16) == Decimal("6.3")  # 6.25
    assert format_number(0.125) == "0,13" and format_number(Decimal("0.125")) == "0,13"
    assert format_number(2.675) == "2,68"  # the digits written, not the binary neighbour 2.67499…
    assert format_number(1234.5) == "1\u00a0234,5" and str(Amount(0.005)) == "0,01"


def test_pocet_filter_gives_the_czech_form_of_the_noun() -> None:
    forms = ("osoba", "osoby", "osob")
    assert [count_of(n, *forms) for n in (0, 1, 2, 4, 5, 22, 1234)] == [
        "0 osob", "1 osoba", "2 osoby", "4 osoby", "5 osob", "22 osob", "1\u00a0234 osob"
    ]
    # A decimal number takes the genitive singular: the "few" form unless given.
    assert count_of(Decimal("27.5"), "hodina", "hodiny", "hodin") == "27,5 hodiny"
    assert count_of(Amount(1.5), "den", "dny", "dní", "dne") == "1,5 dne"
    assert count_of(2.001, "hodina", "hodiny", "hodin") == "2 hodiny"  # as printed, rounded to 2 places
    assert FILTERS["pocet"] is count_of


def test_amount_arithmetic_keeps_czech_formatting() -> None:
    total = Amount(9.5) + Amount(14)
    assert isinstance(total, Amount) and str(total) == "23,5"
    assert str(Amount(1000) + 0.5) == "1\u00a0000,5" and str(2 * Amount(1.25)) == "2,5"
    assert str(Amount(10) - 2.5) == "7,5" and str(Amount(7) / 2) == "3,5" and str(-Amount(1.5)) == "-1,5"
