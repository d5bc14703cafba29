"""``pipeline list`` (issue 15, item 6): each document's folder, title, kind in Czech, version and state."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import ENV, PROJECTS, REPOSITORY, copy_project, run_pipeline

HEADER = ["Složka", "Název", "Druh", "Verze", "Stav"]


def _table(stdout: str) -> list[list[str]]:
    """Return the table's rows split into cells (cells are separated by two or more spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in stdout.splitlines()]


def test_list_is_a_table_with_a_header_and_a_never_built_document(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "list", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == HEADER
    assert _table(result.stdout)[1:] == [["sources/metodika", "Zkušební metodika", "metodika", "0.9", "nesestavený"]]


def test_list_names_every_kind_in_czech(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPOSITORY / "sources", project / "sources")
    rows = {row[0]: row for row in _table(run_pipeline(project, "list", env=ENV).stdout)[1:]}
    assert rows["sources/metodika-socialni-prace"][2] == "metodika"
    assert rows["sources/standardy-ospod-lipova"][2] == "standardy kvality SPOD"
    assert rows["sources/minimalni-standard"][2] == "minimální standard"
    assert rows["sources/zpravy-projektu-lipova"][2] == "zpráva projektu"
    assert all(row[4] == "nesestavený" for row in rows.values())


def test_list_says_a_built_document_is_up_to_date(built_valid: Path) -> None:
    result = run_pipeline(built_valid, "list", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert _table(result.stdout) == [HEADER, ["sources/metodika", "Zkušební metodika", "metodika", "0.9", "aktuální"]]


def test_list_says_a_document_whose_chapter_changed_is_out_of_date_and_build_agrees(
    built_valid: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_valid, project, symlinks=True)
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDoplněná věta.\n", encoding="utf-8")
    result = run_pipeline(project, "list", env=ENV)
    assert _table(result.stdout)[1][4] == "zastaralý"
    # The list uses the build's own up-to-date check: the build would not skip this document either.
    build = run_pipeline(project, "build", env=ENV)
    assert build.exit_code == 0, build.stderr
    assert "zapsáno: output/metodika/metodika.docx" in build.stdout
    assert _table(run_pipeline(project, "list", env=ENV).stdout)[1][4] == "aktuální"


def test_list_as_json_gives_each_document_with_its_state_and_outputs(built_valid: Path) -> None:
    result = run_pipeline(built_valid, "list", "--format", "json", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{
        "folder": "sources/metodika",
        "title": "Zkušební metodika",
        "kind": "methodology",
        "kind_label": "metodika",
        "version": "0.9",
        "up_to_date": True,
        "state": "aktuální",
        "outputs": ["output/metodika/metodika.docx", "output/metodika/metodika.pdf"],
    }]


def test_list_shows_a_question_mark_for_what_document_yaml_lacks(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    yaml = project / "sources" / "metodika" / "document.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("title: Zkušební metodika\n", ""), encoding="utf-8")
    documents = json.loads(run_pipeline(project, "list", "--format", "json", env=ENV).stdout)
    assert documents[0]["title"] == "?" and documents[0]["kind_label"] == "metodika"
