"""A build killed at any moment leaves the document folder all old or all new; the next build finishes the job.

The kill -9 trials over several documents and workers are in tests/hardening/test_atomic_outputs.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ENV, PROJECTS, copy_project, run_pipeline

ARGS = ("build", "--no-page-numbers")


def outputs(project: Path) -> dict[str, bytes]:
    folder = project / "output" / "metodika"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def edit(project: Path) -> None:
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDoplněná věta.\n", encoding="utf-8")


def test_killed_builds_leave_old_or_new_files_and_the_rerun_matches(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "killed")
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    old = outputs(project)
    edit(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    shutil.rmtree(reference / "output")
    assert run_pipeline(reference, *ARGS, env=ENV).exit_code == 0
    new = outputs(reference)
    assert old.keys() == new.keys() and old != new

    environment = {**os.environ, **ENV}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8):
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", *ARGS], cwd=project, env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # The whole folder changes at once (pipeline.output): never a new DOCX beside an old PDF or manifest.
        assert outputs(project) in (old, new), f"output/metodika is neither all old nor all new (kill at {delay} s)"

    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    assert outputs(project) == new
    assert sorted(p.name for p in (project / "output").iterdir()) == [".cache", ".lock", "metodika"]  # no leftovers


def test_a_second_build_waits_for_the_first_to_finish_writing(tmp_path: Path) -> None:
    import fcntl

    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "output").mkdir()
    waiting = "jiné sestavení právě zapisuje výstupy, čekám…"
    with open(project / "output" / ".lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as if another build were writing
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", *ARGS], cwd=project, env={**os.environ, **ENV},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        lines = []
        while waiting not in lines:
            line = process.stdout.readline()
            assert line, f"the build ended without waiting: {lines}"
            lines.append(line.strip())
        assert not (project / "output" / "metodika").exists()  # rendered, but nothing written yet
        fcntl.flock(held, fcntl.LOCK_UN)
    rest, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    assert "zapsáno: output/metodika/metodika.docx" in rest
