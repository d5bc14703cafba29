"""Personal data guard: birth numbers, phone numbers and e-mails in the prose of a document.

Case studies and office texts touch children's data. A finding is a warning,
an error in a document marked ``public: true`` (and under ``--strict``); a
value reviewed by a person goes into ``allow_personal_data`` in
``document.yaml`` and is silent from then on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Diagnostics, Location

BIRTH_NUMBER = re.compile(r"(?<![\d/])(\d{2})(\d{2})(\d{2})(/?)(\d{3,4})(?![\d/])")
PHONE = re.compile(r"(?<![\d\w])(?:\+420[ \u00a0]?)?[1-9]\d{2}[ \u00a0]?\d{3}[ \u00a0]?\d{3}(?![\d\w])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A capitalised first name and surname right after a word that marks a client.
NAMED_CLIENT = re.compile(
    r"\b(?i:klient\w*|dít[ěe]\w*|matk\w*|otc\w*|otec|syn\w*|dcer\w*|nezletil\w*)\s+"
    r"([A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+)"
)


@dataclass(frozen=True)
class Finding:
    """Personal data found at a place in a source."""

    location: Location
    value: str
    message: str
    hint: str
    soft: bool = False  # a hint only: never an error


def is_birth_number(match: re.Match[str]) -> bool:
    """Return True if the digits form a valid Czech birth number (date, then the mod-11 rule)."""
    year, month, day, slash, tail = match.groups()
    digits = f"{year}{month}{day}{tail}"
    if len(tail) == 3 and not slash:
        return False  # nine bare digits are far more often something else
    month_number = int(month)
    for offset in (0, 20, 50, 70):  # women +50; +20 for numbers issued after 2004
        if 1 <= month_number - offset <= 12:
            month_number -= offset
            break
    else:
        return False
    century = 1900 if len(tail) == 3 or int(year) >= 54 else 2000
    try:
        dt.date(century + int(year), month_number, int(day))
    except ValueError:
        return False
    if len(tail) == 3:
        return True
    number = int(digits)
    return number % 11 == 0 or (int(digits[:9]) % 11 == 10 and digits[-1] == "0")


def scan(path: Path, text: str, allowed: Iterable[str]) -> list[Finding]:
    """Return the personal data found in ``text`` (the source of ``path``), except the allowed values."""
    allowed_set = {_key(value) for value in allowed}
    findings: list[Finding] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in BIRTH_NUMBER.finditer(line):
            if is_birth_number(match):
                findings.append(Finding(Location(path, number, match.start() + 1), match.group(),
                                        f"rodné číslo '{match.group()}' v textu",
                                        "osobní údaje do metodiky nepatří; odstraňte je nebo anonymizujte"))
        for match in PHONE.finditer(line):
            findings.append(Finding(Location(path, number, match.start() + 1), match.group(),
                                    f"telefonní číslo '{match.group()}' v textu",
                                    "je-li to služební kontakt, uveďte jej v allow_personal_data v document.yaml"))
        for match in EMAIL.finditer(line):
            findings.append(Finding(Location(path, number, match.start() + 1), match.group(),
                                    f"e-mailová adresa '{match.group()}' v textu",
                                    "je-li to služební kontakt, uveďte ji v allow_personal_data v document.yaml"))
        for match in NAMED_CLIENT.finditer(line):
            findings.append(Finding(Location(path, number, match.start(1) + 1), match.group(1),
                                    f"jméno '{match.group(1)}' u označení klienta",
                                    "kazuistiky anonymizujte, např. „paní K.“", soft=True))
    return [f for f in findings if _key(f.value) not in allowed_set]


def _key(value: str) -> str:
    """Return ``value`` as compared with the allow-list: no spaces, no +420 prefix."""
    return re.sub(r"\s", "", value).removeprefix("+420")


def report(findings: list[Finding], public: bool, diagnostics: Diagnostics) -> None:
    """Record findings: errors in a public document, otherwise warnings; soft hints stay warnings."""
    for finding in findings:
        record = diagnostics.error if public and not finding.soft else diagnostics.warning
        record(finding.location, finding.message, finding.hint)
