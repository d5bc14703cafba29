"""The PDF as a reader gets it: A4, tagged, titled, Czech, with cover, contents and the body."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECTS, REPOSITORY, copy_project, pdf_info, pdf_text, requires_poppler, run_pipeline

pytestmark = requires_poppler


@pytest.fixture(scope="module")
def pdf_path(built_valid: Path) -> Path:
    return built_valid / "output" / "metodika" / "metodika.pdf"


def test_pdf_is_a4_tagged_titled(pdf_path: Path) -> None:
    info = pdf_info(pdf_path)
    assert info["Title"] == "Zkušební metodika"
    assert info["Author"] == "Mgr. Jana Nováková"
    assert info["Tagged"] == "yes"
    assert info["Page size"].startswith("595.276 x 841.89")
    assert info["CreationDate"].startswith("Thu Jan  1 00:00:00 2026")


def test_pdf_declares_czech_and_has_an_outline(pdf_path: Path) -> None:
    raw = pdf_path.read_bytes()
    assert re.search(rb"/Lang\s*\(cs", raw)
    assert b"/Outlines" in raw


def test_pdf_has_the_same_content(pdf_path: Path) -> None:
    text = pdf_text(pdf_path)
    for expected in (
        "Obec Horní Lhota",
        "Spolufinancováno Evropskou unií",
        "Registrační číslo projektu CZ.03.02.02/00/22_004/0001320",
        "Obsah",
        "Metodika vznikla v projektu Sociální práce v Horní Lhotě.",
        "Zákon č. 108/2006 Sb., o sociálních službách.",
        "Lhůty postupu",
        "Příloha A: Formulář záznamu",
    ):
        assert expected in text, expected


def test_contents_have_page_numbers(pdf_path: Path) -> None:
    text = pdf_text(pdf_path)
    # Typst puts a word joiner (U+2060) before each page number.
    assert re.search(r"Seznam zkratek[ .\u2060]*4\n", text)
    assert re.search(r"Předmluva[ .\u2060]*5\n", text)
    assert re.search(r"Úvod[ .\u2060]*6\n", text)
    # The lists of tables and figures run on below the bibliography (page 8): the annex follows on page 9.
    assert re.search(r"Příloha A: Formulář záznamu[ .\u2060]*9\n", text)


def test_lists_of_tables_and_figures_have_page_numbers(pdf_path: Path) -> None:
    text = pdf_text(pdf_path)
    assert re.search(r"Seznam tabulek\s+Tabulka 1: Lhůty postupu[ .\u2060]*7\n", text)
    assert re.search(r"Seznam obrázků\s+Obrázek 1: Schéma postupu[ .\u2060]*7\n", text)


def test_imprint_is_on_page_two(pdf_path: Path) -> None:
    page = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf_path), "-"], capture_output=True, text=True).stdout
    page = re.sub(r"\s+", " ", page)
    assert "Recenzenti: doc. PhDr. Marie Veselá, Ph.D., Mgr. Petr Král" in page
    assert "ISBN 978-80-7421-123-2" in page and "Licence: CC BY 4.0" in page


@pytest.mark.parametrize("child", [True, False], ids=["long body: Typst in a child process", "short body: in the build's"])
def test_typst_error_in_the_frame_is_located_in_it_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: bool
) -> None:
    from pipeline import prepare
    from pipeline.render import pdf

    monkeypatch.setattr(pdf, "CHILD_FROM", 0 if child else 10**9)
    # The check would catch the frame first; this is about the renderer's own report.
    monkeypatch.setattr(prepare, "check_pdf_frame", lambda fields, diagnostics: None)
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    shutil.copytree(REPOSITORY / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py"))
    frame_path = project / "templates" / "methodology" / "frame.typ"
    lines = frame_path.read_text(encoding="utf-8").count("\n")
    with frame_path.open("a", encoding="utf-8") as frame:
        frame.write("\n#let broken = (\n")  # from a child process, too, the message must come back

    result = run_pipeline(project, "build", "--format", "pdf")

    assert result.exit_code == 1
    assert (
        f"templates/methodology/frame.typ:{lines + 2}:15: chyba: neuzavřená závorka"
        " (opravte rámec frame.typ nebo jej obnovte ze šablon projektu)\n"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "output" / "metodika" / "metodika.pdf").exists()


def test_the_pdf_is_the_same_whether_typst_runs_in_a_child_process_or_not(
    built_valid: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import pdf

    monkeypatch.setattr(pdf, "CHILD_FROM", 0)
    project = copy_project(built_valid, tmp_path / "project")
    result = run_pipeline(project, "build", "--format", "pdf", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.stderr
    built = (built_valid / "output" / "metodika" / "metodika.pdf").read_bytes()
    assert (project / "output" / "metodika" / "metodika.pdf").read_bytes() == built
