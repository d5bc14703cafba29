"""One build of each document kind (and one redline), shared by the validity tests.

Each kind is built once per test session, only when a test asks for it, from the
fixture projects the other tests use; the methodology is the session's
``built_valid`` build, so a full run builds it once for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ENV, PROJECTS, copy_project, run_pipeline

#: kind → (fixture project, the folders to build: none means all of them)
KIND_PROJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "methodology": ("valid", ()),
    "quality-standards": ("standards", ("sources/ospod-lhota",)),  # an office's standards and their public extract
    "minimum-standard": ("minimum-standard", ()),
    "report": ("report", ()),  # monitoring, final and evaluation reports, each with charts
}
KINDS = tuple(KIND_PROJECTS)


@dataclass(frozen=True)
class Built:
    """The files one build of a kind wrote."""

    kind: str
    project: Path

    def files(self, suffix: str) -> list[Path]:
        """Return the outputs with ``suffix`` (``.docx``, ``.pdf``), not the cache's copies."""
        output = self.project / "output"
        return sorted(p for p in output.glob(f"*/*{suffix}") if p.is_file())


class Builds:
    """Build a kind's fixture project the first time a test asks for it."""

    def __init__(self, request: pytest.FixtureRequest, root: Path) -> None:
        self._request = request
        self._root = root
        self._built: dict[str, Built] = {}

    def __call__(self, kind: str) -> Built:
        if kind not in self._built:
            self._built[kind] = Built(kind, self._build(kind))
        return self._built[kind]

    def _build(self, kind: str) -> Path:
        name, folders = KIND_PROJECTS[kind]
        if name == "valid":
            return self._request.getfixturevalue("built_valid")
        project = copy_project(PROJECTS / name, self._root / name)
        result = run_pipeline(project, "build", *folders, env=ENV)
        assert result.exit_code == 0, result.stderr
        return project


@pytest.fixture(scope="session")
def builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Return the session's builds by kind (built on first use)."""
    return Builds(request, tmp_path_factory.mktemp("kinds"))


@pytest.fixture(scope="session")
def redline_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the redline DOCX ``pipeline diff`` makes between two commits of the test methodology."""
    from test_redline import REDLINE, make_history

    history = make_history(PROJECTS / "valid", tmp_path_factory.mktemp("redline") / "repo")
    result = run_pipeline(history, "diff", "HEAD~1", "HEAD", "--outputs", "docx", env=ENV)
    assert result.exit_code == 0, result.stderr
    return history / f"{REDLINE}.docx"
