"""Quality standards of OSPOD offices: full text, public extract, coverage, office-type rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from conftest import PROJECTS, copy_project, pdf_text, requires_poppler, run_pipeline


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(PROJECTS / "standards", tmp_path_factory.mktemp("standards") / "project")
    result = run_pipeline(project, "build", "--no-page-numbers", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.stderr
    return project / "output"


def texts(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in Document(str(path)).paragraphs if p.text.strip()]


def criteria(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 2"]


def test_every_office_gets_full_text_extract_and_coverage(built: Path) -> None:
    for office in ("ospod-lhota", "kraj"):
        names = {p.name for p in (built / office).iterdir()}
        assert names == {
            f"{office}.docx", f"{office}.pdf", f"{office}-zverejneni.docx", f"{office}-zverejneni.pdf",
            f"{office}-pokryti.csv", "manifest.json",
        }


def test_full_text_has_criteria_office_data_and_approvals(built: Path) -> None:
    paragraphs = texts(built / "ospod-lhota" / "ospod-lhota.docx")
    assert criteria(built / "ospod-lhota" / "ospod-lhota.docx") == [
        "Kritérium 1a", "Kritérium 1b", "Kritérium 2a", "Kritérium 13a"
    ]
    body = "\n".join(paragraphs)
    assert "Městský úřad Horní Lhota vykonává sociálně-právní ochranu v celém správním obvodu." in body
    assert "Vedoucím je Mgr. Petr Král, oddělení má 4,5 úvazku." in body
    assert "pondělí: 8:00–17:00" in paragraphs
    assert "Úřad má dvě konzultační místnosti v přízemí." in paragraphs  # the office's own text
    assert "Platnost od: 1. září 2026" in paragraphs and "Důvod revize: změna úředních hodin" in paragraphs
    document = Document(str(built / "ospod-lhota" / "ospod-lhota.docx"))
    approvals = [t for t in document.tables if t.rows[0].cells[0].text == "Závazné pro"]
    assert len(approvals) == 3  # one per standard
    header = [c.text.replace("\u00a0", " ") for c in approvals[0].rows[0].cells]
    assert header == ["Závazné pro", "Vypracoval", "Schválil", "Dne a podpis"]
    changes = next(t for t in document.tables if t.rows[0].cells[0].text == "Číslo")
    assert [c.text.replace("\u00a0", " ") for c in changes.rows[2].cells] == ["2", "1. září 2026", "3", "nové úřední hodiny"]


def test_regional_office_leaves_out_criteria_that_do_not_apply(built: Path) -> None:
    paragraphs = texts(built / "kraj" / "kraj.docx")
    assert criteria(built / "kraj" / "kraj.docx") == ["Kritérium 1b", "Kritérium 2a", "Kritérium 13a"]
    assert "Jednání probíhají v oddělené místnosti." in paragraphs  # model text where the office has none


def test_public_extract_has_only_public_criteria(built: Path) -> None:
    paragraphs = texts(built / "ospod-lhota" / "ospod-lhota-zverejneni.docx")
    assert criteria(built / "ospod-lhota" / "ospod-lhota-zverejneni.docx") == ["Kritérium 2a", "Kritérium 13a"]
    assert "Standardy kvality sociálně-právní ochrany dětí – zveřejňovaná část" in paragraphs
    assert not any(t.startswith("Příloha") or t == "Přehled změn" for t in paragraphs)


def test_coverage_csv_opens_in_czech_excel(built: Path) -> None:
    raw = (built / "ospod-lhota" / "ospod-lhota-pokryti.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").split("\r\n") == [
        "Úřad;Standard;Kritérium;Zdroj textu;Poslední revize;Stav",
        "Městský úřad Horní Lhota;1;1a;vzor;2025-06-01;aktuální",
        "Městský úřad Horní Lhota;1;1b;vzor;2023-01-10;k revizi",
        "Městský úřad Horní Lhota;2;2a;úřad;2025-11-01;aktuální",
        "Městský úřad Horní Lhota;13;13a;vzor;2025-06-01;aktuální",
        "",
    ]


def test_coverage_annex_in_the_full_text(built: Path) -> None:
    document = Document(str(built / "ospod-lhota" / "ospod-lhota.docx"))
    paragraphs = texts(built / "ospod-lhota" / "ospod-lhota.docx")
    assert "Příloha K: Přehled pokrytí kritérií" in paragraphs
    annexes = [p.text for p in document.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Příloha")]
    assert [a.replace("\u00a0", " ") for a in annexes] == [
        "Příloha 13.1: Pravidla pro podávání a vyřizování stížností", "Příloha K: Přehled pokrytí kritérií"
    ]
    coverage = next(t for t in document.tables if t.rows[0].cells[0].text == "Standard")
    cells = [c.text.replace("\u00a0", " ") for c in coverage.rows[2].cells]
    assert cells == ["1", "1b", "vzor", "10. ledna 2023", "k revizi"]


@requires_poppler
def test_pdf_agrees(built: Path) -> None:
    text = re.sub(r"\s+", " ", pdf_text(built / "kraj" / "kraj.pdf"))
    assert "Krajský úřad Podorlického kraje" in text
    assert "Kritérium 1a" not in text and "Kritérium 1b" in text
    assert "Přehled pokrytí kritérií" in text


def test_old_review_is_a_warning_at_the_text(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    result = run_pipeline(project, "check")
    assert result.exit_code == 0
    assert result.stderr == (
        "sources/vzor/1b.md:2:1: varování: text kritéria 1b byl naposledy revidován 10. ledna 2023,"
        " před více než 24 měsíci (zkontrolujte jej a aktualizujte datum reviewed)\n"
    )


def test_text_for_a_criterion_that_does_not_apply_is_a_warning(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    (project / "sources" / "kraj" / "kriteria").mkdir()
    (project / "sources" / "kraj" / "kriteria" / "1a.md").write_text("Text.\n", encoding="utf-8")
    result = run_pipeline(project, "check")
    assert result.exit_code == 0
    assert (
        "sources/kraj/kriteria/1a.md:1:1: varování: kritérium 1a se na krajský úřad nevztahuje"
        " (text se do standardů nezařadí; soubor můžete smazat)"
    ) in result.stderr.splitlines()
