"""Every bad-input fixture gives its exact Czech messages, exit code 1, no traceback, and writes nothing.

Each case under ``tests/projects/<case>/`` holds only the files that differ
from ``tests/projects/valid`` and ``expected.txt``, the exact standard error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECTS, overlay_case, run_pipeline, snapshot

CASES = sorted(path.name for path in PROJECTS.iterdir() if (path / "expected.txt").exists())


def plant_earlier_output(project: Path) -> dict[str, bytes]:
    """Put outputs of an earlier build in place and return their snapshot."""
    earlier = project / "output" / "metodika"
    earlier.mkdir(parents=True)
    (earlier / "metodika.docx").write_bytes(b"earlier docx")
    (earlier / "metodika.pdf").write_bytes(b"earlier pdf")
    (earlier / "manifest.json").write_text('{"key": "earlier"}\n', encoding="utf-8")
    return snapshot(project / "output")


def test_catalogue_covers_the_foundation_errors() -> None:
    required = {"yaml-syntax", "unknown-key", "missing-field", "wrong-type", "missing-chapter",
                "missing-image", "undefined-variable", "unknown-kind"}
    assert required <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_build(case: str, tmp_path: Path) -> None:
    project = overlay_case(PROJECTS / case, tmp_path / "project")
    before = plant_earlier_output(project)

    result = run_pipeline(project, "build", "--force")

    assert result.exit_code == 1
    assert result.stderr == (PROJECTS / case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project / "output") == before


@pytest.mark.parametrize("case", CASES)
def test_bad_input_check(case: str, tmp_path: Path) -> None:
    project = overlay_case(PROJECTS / case, tmp_path / "project")

    result = run_pipeline(project, "check")

    assert result.exit_code == 1
    assert result.stderr == (PROJECTS / case / "expected.txt").read_text(encoding="utf-8")
    assert not (project / "output").exists()


def test_messages_have_location_and_czech_severity() -> None:
    for case in CASES:
        problems = (PROJECTS / case / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
        assert problems, case
        for line in problems:
            path, row, col, rest = line.split(":", 3)
            assert path.startswith("sources/"), line
            assert row.isdigit() and col.isdigit(), line
            assert rest.startswith((" chyba: ", " varování: ")), line
