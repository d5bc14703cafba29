"""Reading sources: positions, duplicate keys, encodings, line ends, Czech dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import Diagnostics
from pipeline.model.types import parse_date
from pipeline.sources import load_yaml, read_text


def load(tmp_path: Path, raw: bytes):
    path = tmp_path / "file.yaml"
    path.write_bytes(raw)
    diagnostics = Diagnostics()
    return load_yaml(path, diagnostics), [str(d).split(": ", 1)[1] for d in diagnostics.items]


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    source, problems = load(tmp_path, b"a: 1\nb:\n  - x\n  - c: text\n")
    assert problems == []
    assert source.data == {"a": 1, "b": ["x", {"c": "text"}]}
    assert source.locate(("b", 1, "c")).line == 4
    assert source.locate(("b", 1, "c")).col == 8
    assert source.locate(("b", 1, "c"), at_key=True).col == 5
    assert source.locate(("missing",)).line == 1


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    source, problems = load(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: dva\r\n")
    assert problems == []
    assert source.data == {"a": 1, "b": "dva"}


def test_dates_stay_text_for_the_models(tmp_path: Path) -> None:
    source, _ = load(tmp_path, b"d: 2024-02-31\n")
    assert source.data == {"d": "2024-02-31"}


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "obrazek.md"
    path.write_bytes(b"\x89PNG\x00\x00")
    diagnostics = Diagnostics()
    assert read_text(path, diagnostics) is None
    assert str(diagnostics.items[0]).endswith("chyba: soubor není textový (uložte jej jako prostý text v UTF-8)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-10-15", dt.date(2026, 10, 15)), ("15. 10. 2026", dt.date(2026, 10, 15)), ("1.2.2024", dt.date(2024, 2, 1))],
)
def test_czech_and_iso_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31. 2. 2024", "2024-13-01", "zítra"])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(Exception) as raised:
        parse_date(text)
    assert text in str(raised.value)
