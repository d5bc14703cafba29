"""Shared helpers: run the CLI in a copy of a fixture project and read what it produced."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"


#: the build moment of every test build: outputs are byte-reproducible only with a fixed one
ENV = {"SOURCE_DATE_EPOCH": "1767225600"}


@dataclass(frozen=True)
class Run:
    """What a user sees after running ``pipeline``."""

    exit_code: int
    stdout: str
    stderr: str


def run_pipeline(project: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``pipeline ARGS`` with ``project`` as the working directory."""
    runner = CliRunner()
    with contextlib.chdir(project):
        result = runner.invoke(main, list(args), env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` with its bytes (empty if there is no folder)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_project(source: Path, target: Path) -> Path:
    """Copy the fixture project ``source`` to ``target`` (without outputs) and return it."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("output", "expected.txt", "__pycache__"))
    return target


def build_valid_with_chapter_text(target: Path, text: str) -> Path:
    """Return a copy of the valid project at ``target`` with ``text`` appended to a chapter, built to DOCX and PDF."""
    project = copy_project(PROJECTS / "valid", target)
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + text, encoding="utf-8")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "surový kód" not in result.stderr
    return project


def overlay_case(case: Path, target: Path) -> Path:
    """Return a copy of the valid project at ``target`` with the files of ``case`` laid over it.

    A case folder holds only what differs from ``tests/projects/valid`` (or from
    the project named in its ``base.txt``); its file ``delete.txt`` lists paths
    to remove.
    """
    base = (case / "base.txt").read_text(encoding="utf-8").strip() if (case / "base.txt").exists() else "valid"
    copy_project(PROJECTS / base, target)
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if relative.name in {"expected.txt", "delete.txt", "base.txt"}:
            continue
        if path.is_symlink():  # a case about links keeps its link
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).unlink(missing_ok=True)
            (target / relative).symlink_to(path.readlink())
        elif path.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    deletions = case / "delete.txt"
    if deletions.exists():
        for line in deletions.read_text(encoding="utf-8").split():
            (target / line).unlink()
    return target


def pdf_text(path: Path) -> str:
    """Return the text of a PDF as pdftotext extracts it."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    """Return pdfinfo's fields of a PDF."""
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())}


@pytest.fixture(scope="session")
def built_valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the valid fixture project after one full build."""
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("valid") / "project")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    return project


requires_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils není nainstalováno")
requires_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice není nainstalován")


def libreoffice_pdf(docx: Path, folder: Path) -> Path:
    """Return ``docx`` opened in LibreOffice and saved as PDF in ``folder``: what a Word user sees."""
    from pipeline.render.libreoffice import to_pdf

    pdf = folder / f"{docx.stem}.pdf"
    pdf.write_bytes(to_pdf(docx.read_bytes()))
    return pdf


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the repository's sample project after one full build."""
    project = tmp_path_factory.mktemp("sample") / "project"
    shutil.copytree(REPOSITORY / "sources", project / "sources")
    result = run_pipeline(project, "build", env=ENV)
    assert result.exit_code == 0, result.stderr
    return project
