"""The Word frame's styles are checked up front, under English or Czech names."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from conftest import PROJECTS, REPOSITORY, copy_project, run_pipeline


def project_with_frame(tmp_path: Path, change) -> Path:
    """Return a valid project with its own copy of the templates, the frame changed by ``change``."""
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    shutil.copytree(REPOSITORY / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py"))
    frame = project / "templates" / "methodology" / "frame.docx"
    document = Document(str(frame))
    change(document)
    document.save(str(frame))
    return project


def test_missing_style_is_an_error_naming_it(tmp_path: Path) -> None:
    project = project_with_frame(tmp_path, lambda document: document.styles["Heading 2"].delete())
    result = run_pipeline(project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/methodology/frame.docx:1:1: chyba: v rámci chybí styl 'Heading 2' (Nadpis 2)"
        " (vytvořte jej ve Wordu nebo obnovte rámec ze šablon)\n"
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.\n"
    )


def rename_to_czech(document) -> None:
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].name = f"Nadpis {level}"


def test_czech_style_names_are_accepted_and_used(tmp_path: Path) -> None:
    project = project_with_frame(tmp_path, rename_to_czech)
    result = run_pipeline(project, "build", "--format", "docx")
    assert result.exit_code == 0, result.stderr
    document = Document(str(project / "output" / "metodika" / "metodika.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Komu je určena"]
