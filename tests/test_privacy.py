"""The personal data guard: what it finds, what it leaves alone, and how an allow-list silences it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECTS, overlay_case, run_pipeline
from pipeline.privacy import BIRTH_NUMBER, is_birth_number, scan


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("736028/5163", True),  # woman born 28. 10. 1973, divisible by 11
        ("7360285163", True),
        ("736028/5164", False),  # check digit wrong
        ("731332/5163", False),  # month 13 does not exist
        ("736031/5165", False),  # 31 November
        ("450101/123", True),  # nine digits before 1954, with a slash
        ("450101123", False),  # nine bare digits: too often something else
        ("0451011234", False),  # 2004 with month 51: checked by mod 11
    ],
)
def test_birth_numbers(text: str, valid: bool) -> None:
    match = BIRTH_NUMBER.search(text)
    assert match is not None
    assert is_birth_number(match) is valid


@pytest.mark.parametrize(
    "text",
    [
        "zákon č. 108/2006 Sb. a vyhláška č. 473/2012 Sb.",
        "registrační číslo CZ.03.02.02/00/22_004/0001320",
        "ISBN 978-80-88207-14-6, IČO 00274194",
        "1 000 000 Kč, 12 500 obyvatel, 15. 10. 2026",
        "paní K. (45 let) a její syn (12 let)",
    ],
)
def test_ordinary_text_is_not_personal_data(text: str) -> None:
    assert scan(Path("a.md"), text, []) == []


def test_findings_and_allow_list() -> None:
    text = "Volejte +420 777 888 999 nebo pište na podatelna@lipova.cz či jana.nova@seznam.cz."
    findings = scan(Path("a.md"), text, ["777 888 999", "podatelna@lipova.cz"])
    assert [(f.location.col, f.value) for f in findings] == [(63, "jana.nova@seznam.cz")]


def test_names_next_to_clients_are_only_a_hint() -> None:
    (finding,) = scan(Path("a.md"), "Matka Jana Nováková přišla.", [])
    assert finding.soft and finding.value == "Jana Nováková"


def test_planted_birth_number_fails_a_public_build_and_allow_listing_passes(tmp_path: Path) -> None:
    project = overlay_case(PROJECTS / "personal-data", tmp_path / "project")
    failed = run_pipeline(project, "build", "--kind", "methodology")
    assert failed.exit_code == 1
    assert ("sources/metodika/02-postup.md:17:34: chyba: rodné číslo '736028/5163' v textu"
            in failed.stderr)
    assert not (project / "output").exists()

    document = project / "sources" / "metodika" / "document.yaml"
    document.write_text(
        document.read_text(encoding="utf-8")
        + "allow_personal_data:\n  - 736028/5163\n  - 736 123 456\n  - jana.novakova@seznam.cz\n",
        encoding="utf-8",
    )
    passed = run_pipeline(project, "build", "--kind", "methodology", "--no-page-numbers")
    assert passed.exit_code == 0, passed.stderr
    assert "varování: jméno 'Eliška Malá' u označení klienta" in passed.stderr
    assert (project / "output" / "metodika" / "metodika.docx").exists()
