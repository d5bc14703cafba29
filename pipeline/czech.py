"""Czech formats of dates and counts, from CLDR data via babel where it has them."""

from __future__ import annotations

import datetime as dt


def format_date(value: dt.date) -> str:
    """Return a date as Czech documents print it: ``15. října 2026``."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="long", locale="cs_CZ")


def count(number: int, one: str, few: str, many: str) -> str:
    """Return ``number`` with the Czech plural form: 1 chyba, 3 chyby, 5 chyb."""
    if number == 1:
        return f"1 {one}"
    if 2 <= number <= 4:
        return f"{number} {few}"
    return f"{number} {many}"
