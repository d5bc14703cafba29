"""Personal data guard: birth numbers, phone numbers and e-mails in every text that reaches a document.

Case studies and office texts touch children's data. A finding is a warning,
an error in a document marked ``public: true`` (and under ``--strict``); a
value reviewed by a person goes into ``allow_personal_data`` in
``document.yaml`` and is silent from then on.

Besides the Markdown texts, the values of the YAML files a document prints
are scanned: ``document.yaml`` (title, subject, keywords, authors and their
affiliations, the imprint; they also fill the DOCX and PDF properties),
``office.yaml``, catalogues, ``project.yaml``, and the glossary terms and
bibliography entries the document uses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import Diagnostics, Location
from pipeline.sources import KeyPath, TextPositions, YamlFile, load_yaml, read_text

BIRTH_NUMBER = re.compile(r"(?<![\d/])(\d{2})(\d{2})(\d{2})(/?)(\d{3,4})(?![\d/])")
PHONE = re.compile(r"(?<![\d\w])(?:\+420[ \u00a0]?)?[1-9]\d{2}[ \u00a0]?\d{3}[ \u00a0]?\d{3}(?![\d\w])")
#: starts only where a run of address characters starts: otherwise each position of a long word without
#: "@" begins a new attempt over the rest of it (quadratic)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
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
    #: where in a YAML file the value stands (empty for Markdown)
    key_path: KeyPath = ()


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


def scan_yaml(path: Path, allowed: Iterable[str], skip: Collection[str] = ()) -> list[Finding]:
    """Return the personal data in the values of the YAML file ``path``, except the allowed values.

    Keys in ``skip`` (at the top level) are left out, e.g. ``allow_personal_data``
    itself. Each finding points at the value's own line and column. A file
    that does not load gives none: its problems are reported where it is loaded.
    """
    allowed_set = {_key(value) for value in allowed}
    return [
        finding for finding in _yaml_findings(path)
        if _key(finding.value) not in allowed_set and not (finding.key_path and finding.key_path[0] in skip)
    ]


def scan_entries(path: Path, entries: str, used: Callable[[], Collection[int]], allowed: Iterable[str]) -> list[Finding]:
    """Return :func:`scan_yaml`'s findings in the items of the list ``entries`` whose index ``used()`` gives.

    A glossary term or a bibliography entry reaches a document only if the
    document uses it; ``used`` is called only when the file has a finding.
    """
    findings = scan_yaml(path, allowed)
    if not findings:
        return []
    indices = used()
    return [f for f in findings if len(f.key_path) > 1 and f.key_path[0] == entries and f.key_path[1] in indices]


#: findings of a YAML file by (path, digest of its text); sources do not change during a build
_YAML_FINDINGS: dict[tuple[Path, str], list[Finding]] = {}


def _yaml_findings(path: Path) -> list[Finding]:
    """Return every finding in the values of ``path`` (none allowed), parsed once per content."""
    text = read_text(path, Diagnostics()) if path.is_file() else None
    if text is None:
        return []
    key = (path, hashlib.sha256(text.encode("utf-8")).hexdigest())
    if key not in _YAML_FINDINGS:
        source = load_yaml(path, Diagnostics())
        _YAML_FINDINGS[key] = [] if source is None else list(_value_findings(source, text))
    return _YAML_FINDINGS[key]


def _value_findings(source: YamlFile, text: str) -> Iterator[Finding]:
    """Yield the findings of each scalar value of ``source``, located in ``text`` where the value stands."""
    positions = TextPositions(source.path, text)
    for key_path, value in _values(source.data, ()):
        line, col = source.value_positions.get(key_path, (1, 1))
        cursor = positions.offset(line, col)
        for finding in sorted(scan(source.path, value, ()), key=lambda f: (f.location.line, f.location.col)):
            index = text.find(finding.value, cursor)
            if index >= 0:
                cursor = index + len(finding.value)
                location = positions.location(index)
            else:  # written with escapes or folded: the value's start is the nearest place
                location = Location(source.path, line, col)
            yield replace(finding, location=location, key_path=key_path)


def _values(data: Any, key_path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Yield every text or whole-number value below ``data`` with its key path (a phone may be written bare)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, (*key_path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, (*key_path, index))
    elif isinstance(data, (str, int)) and not isinstance(data, bool):
        yield key_path, str(data)


def _key(value: str) -> str:
    """Return ``value`` as compared with the allow-list: no spaces, no +420 prefix."""
    return re.sub(r"\s", "", value).removeprefix("+420")


def report(findings: list[Finding], public: bool, diagnostics: Diagnostics) -> None:
    """Record findings: errors in a public document, otherwise warnings; soft hints stay warnings."""
    for finding in findings:
        record = diagnostics.error if public and not finding.soft else diagnostics.warning
        record(finding.location, finding.message, finding.hint)
