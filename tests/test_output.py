"""Outputs are reproducible, atomic, and skipped when nothing changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import PROJECTS, copy_project, run_pipeline
from pipeline import output

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def outputs(project: Path) -> dict[str, bytes]:
    folder = project / "output" / "metodika"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_forced_builds_are_byte_identical(built_valid: Path) -> None:
    first = outputs(built_valid)
    result = run_pipeline(built_valid, "build", "--force", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert outputs(built_valid) == first
    assert set(first) == {"metodika.docx", "metodika.pdf", "manifest.json"}


def test_nothing_changed_means_nothing_done(built_valid: Path) -> None:
    stamps = {p.name: p.stat().st_mtime_ns for p in (built_valid / "output" / "metodika").iterdir()}
    result = run_pipeline(built_valid, "build", env=EPOCH)
    assert result.exit_code == 0
    assert result.stdout == "metodika: aktuální, není co sestavit\n"
    assert {p.name: p.stat().st_mtime_ns for p in (built_valid / "output" / "metodika").iterdir()} == stamps


def test_editing_a_chapter_rebuilds(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    assert run_pipeline(project, "build", "--format", "docx", env=EPOCH).exit_code == 0
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNová věta na konci.\n", encoding="utf-8")
    result = run_pipeline(project, "build", "--format", "docx", env=EPOCH)
    assert result.exit_code == 0
    assert "zapsáno: output/metodika/metodika.docx" in result.stdout
    from docx import Document

    text = "\n".join(p.text for p in Document(str(project / "output/metodika/metodika.docx")).paragraphs)
    assert "Nová věta na konci." in text


def test_manifest_records_inputs_outputs_and_tools(built_valid: Path) -> None:
    manifest = output.read_manifest(built_valid / "output" / "metodika")
    assert manifest["kind"] == "methodology"
    assert manifest["version"] == "0.9"
    assert manifest["source_date_epoch"] == 1767225600
    assert "sources/metodika/01-uvod.md" in manifest["inputs"]
    assert "sources/project.yaml" in manifest["inputs"]
    assert set(manifest["outputs"]) == {"metodika.docx", "metodika.pdf"}
    assert {"pypandoc-binary", "typst", "docxtpl"} <= set(manifest["tools"])
    docx = (built_valid / "output" / "metodika" / "metodika.docx").read_bytes()
    assert manifest["outputs"]["metodika.docx"] == output.sha256(docx)


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_outputs_get_the_umask_permissions_and_rewrites_keep_theirs(tmp_path: Path) -> None:
    from pipeline.output import atomic_write

    previous = os.umask(0o022)
    output._umask.cache_clear()
    try:
        new = tmp_path / "novy.docx"
        atomic_write(new, b"new")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # readable by colleagues, like any new file
        kept = tmp_path / "document.yaml"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        atomic_write(kept, b"rewritten")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664
        assert kept.read_bytes() == b"rewritten"
    finally:
        os.umask(previous)
        output._umask.cache_clear()
