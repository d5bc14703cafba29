"""Progress of a build: plain lines in a pipe or log, a bar redrawn in place on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import PROJECTS, copy_project, run_pipeline

from pipeline.build import build
from pipeline.progress import Progress
from pipeline.project import Project


class Terminal(io.StringIO):
    """A stream that says it is a terminal, keeping everything written to it."""

    def isatty(self) -> bool:
        return True


def test_plain_lines_say_what_was_built_and_what_was_skipped(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    first = run_pipeline(project, "build", "--format", "docx", "--no-page-numbers")
    assert first.exit_code == 0
    assert first.stdout.splitlines() == ["metodika: připraveno (DOCX)", "zapsáno: output/metodika/metodika.docx"]
    assert "\r" not in first.stdout and "█" not in first.stdout  # no bar outside a terminal
    again = run_pipeline(project, "build", "--format", "docx", "--no-page-numbers")
    assert again.stdout == "metodika: aktuální, není co sestavit\n"


def test_terminal_shows_a_bar_with_each_step_and_removes_it(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    terminal = Terminal()
    lines: list[str] = []
    result = build(
        Project(project), (), ("docx",), page_numbers=False, jobs=1, progress=Progress.console(lines.append, terminal)
    )
    assert [path.name for path in result.built] == ["metodika.docx"]
    assert lines == ["metodika: připraveno (DOCX)"]
    drawn = terminal.getvalue()
    bars = [frame for frame in drawn.split("\r") if frame.startswith("[")]
    assert bars[0].startswith("[" + "░" * 24 + "] 0/1  metodika: kontroluji zdroje…")
    assert any("0/1  metodika: vykresluji DOCX…" in frame for frame in bars)
    assert any(frame.startswith("[" + "█" * 24 + "] 1/1  metodika: zapisuji…") for frame in bars)
    assert drawn.endswith("\r\x1b[K")  # the bar is gone when the build ends


def test_bar_counts_skipped_documents_and_fits_the_terminal() -> None:
    terminal = Terminal()
    lines: list[str] = []
    progress = Progress.console(lines.append, terminal)
    progress.begin(4)
    progress.skipped("ospod-001")
    progress.doing("ospod-002", "vykresluji DOCX, PDF")
    assert progress.bar_text(200) == "[" + "█" * 6 + "░" * 18 + "] 1/4  ospod-002: vykresluji DOCX, PDF…"
    assert progress.bar_text(20) == "[" + "█" * 6 + "░" * 12
    progress.close()
    assert lines == ["ospod-001: aktuální, není co sestavit"]
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_lines_only_when_the_output_is_not_a_terminal() -> None:
    stream = io.StringIO()
    lines: list[str] = []
    progress = Progress.console(lines.append, stream)
    progress.begin(1)
    progress.doing("metodika", "kontroluji zdroje")
    progress.finished("metodika", ("docx", "pdf"))
    progress.close()
    assert lines == ["metodika: připraveno (DOCX, PDF)"]
    assert stream.getvalue() == ""
