"""The DOCX's layout pass keeps its LibreOffice profile in the project's cache and starts from it (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ENV, PROJECTS, copy_project, requires_libreoffice, run_pipeline
from pipeline.render.libreoffice import PROFILE

pytestmark = requires_libreoffice


def kept_profiles(project: Path) -> list[Path]:
    return sorted((project / "output" / ".cache").rglob(f"*.{PROFILE}"))


def test_profile_is_kept_once_and_a_damaged_one_is_made_again(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    assert run_pipeline(project, "build", "--format", "docx", env=ENV).exit_code == 0
    [profile] = kept_profiles(project)
    kept = profile.read_bytes()
    assert b"registrymodifications.xcu" in kept  # a LibreOffice user profile, packed
    # Rendering afresh starts from it and does not keep another one.
    assert run_pipeline(project, "build", "--format", "docx", "--force", env=ENV).exit_code == 0
    assert kept_profiles(project) == [profile] and profile.read_bytes() == kept
    # A damaged entry is a miss: the build lays the document out with a new profile and keeps that.
    profile.write_bytes(b"\0" * 64)
    result = run_pipeline(project, "build", "--format", "docx", "--force", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert b"registrymodifications.xcu" in profile.read_bytes()
