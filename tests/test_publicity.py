"""The mandatory EU publicity block follows the variant chosen in ``project.yaml``."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from conftest import PROJECTS, copy_project, pdf_text, requires_poppler, run_pipeline


def build_with_project(tmp_path: Path, project_yaml: str, chapter: str | None = None) -> Path:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources" / "project.yaml").write_text(project_yaml, encoding="utf-8")
    if chapter is not None:
        (project / "sources" / "metodika" / "01-uvod.md").write_text(chapter, encoding="utf-8")
    result = run_pipeline(project, "build", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.stderr
    return project / "output" / "metodika"


PROGRAMME_2014 = """\
organisation:
  name: Obec Horní Lhota
  address: Náměstí 1, 549 01 Horní Lhota
project:
  name: Podpora sociální práce
  publicity: "2014-2020"
  registration_number: CZ.03.2.63/0.0/0.0/15_023/0000851
  programme: Operační program Zaměstnanost
  start: 1. 1. 2017
  end: 31. 12. 2019
"""

NO_PROJECT = """\
organisation:
  name: Obec Horní Lhota
  address: Náměstí 1, 549 01 Horní Lhota
"""


@requires_poppler
def test_2014_2020_variant_names_the_programme(tmp_path: Path) -> None:
    output = build_with_project(tmp_path, PROGRAMME_2014)
    texts = [p.text.replace("\u00a0", " ") for p in Document(str(output / "metodika.docx")).paragraphs]
    line = "Evropská unie – Evropský sociální fond – Operační program Zaměstnanost"
    assert line in texts
    assert "Spolufinancováno Evropskou unií" not in texts
    assert "Registrační číslo projektu CZ.03.2.63/0.0/0.0/15_023/0000851" in texts
    pdf = pdf_text(output / "metodika.pdf")
    assert "Evropský sociální fond" in pdf and "Spolufinancováno" not in pdf


@requires_poppler
def test_document_outside_a_project_has_no_publicity_block(tmp_path: Path) -> None:
    output = build_with_project(tmp_path, NO_PROJECT, chapter="# Úvod\n\nVydává {{ organizace.nazev }}.\n")
    document = Document(str(output / "metodika.docx"))
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Evropsk" not in texts and "Registrační číslo" not in texts
    assert len(document.inline_shapes) == 1  # only the body's image, no emblem
    assert "Evropsk" not in pdf_text(output / "metodika.pdf")


def test_chapter_referring_to_a_missing_project_is_an_error(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources" / "project.yaml").write_text(NO_PROJECT, encoding="utf-8")
    result = run_pipeline(project, "check")
    # 01-uvod.md uses {{ projekt.nazev }}, which has no value without a project.
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "sources/metodika/01-uvod.md:3:40: chyba: položka 'nazev' nemá hodnotu, protože údaj nad ní"
        " není ve zdrojích vyplněn (např. {{ projekt.… }} potřebuje oddíl project v sources/project.yaml)"
    )
