"""Czech formats of dates, numbers and counts, from CLDR data via babel where it has them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


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


def format_number(value: float | Decimal, decimals: int = 2) -> str:
    """Return ``value`` with a decimal comma and non-breaking digit groups (CLDR cs)."""
    from babel.numbers import format_decimal

    # Decimal(str(...)) keeps the digits the reader sees (0.125, not its binary neighbour); rounded half up
    # here, as Czech readers and spreadsheets do, since Babel would round half to even (0,125 -> 0,12).
    plain = value if isinstance(value, Decimal) else Decimal(str(float(value)))  # not str(Amount): that is this
    rounded = plain.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="#,##0." + "#" * decimals, locale="cs_CZ")
