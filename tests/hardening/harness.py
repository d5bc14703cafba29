"""What every hardening test asserts about a refused run, whatever the class of input.

A refused run exits non-zero, shows no traceback, prints one located Czech line
per problem (``path:line:col: chyba: …``) and leaves ``output/`` exactly as it
was. Tests call :func:`assert_refused` and then check the words of the lines.
A run that could hang or eat memory goes through :func:`run_child`, which
bounds both, so that a regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

from conftest import ENV, PROJECTS, Run, copy_project, run_pipeline, snapshot

#: one problem: ``path:line:col: chyba: what (how to fix)``
LOCATED = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<severity>chyba|varování): (?P<text>.+)$")
SUMMARY = re.compile(r"^Nalezeno: .+\. Nic nebylo zapsáno\.$")


def valid_project(target: Path, base: str = "valid") -> Path:
    """Return a copy of the fixture project ``base`` at ``target``, with outputs of an earlier build planted."""
    project = copy_project(PROJECTS / base, target)
    for document in sorted(p.parent for p in (project / "sources").rglob("document.yaml")):
        earlier = project / "output" / document.name
        earlier.mkdir(parents=True, exist_ok=True)
        (earlier / f"{document.name}.docx").write_bytes(b"earlier docx")
        (earlier / f"{document.name}.pdf").write_bytes(b"earlier pdf")
        (earlier / "manifest.json").write_text('{"key": "earlier"}\n', encoding="utf-8")
    return project


def run_child(
    project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120, memory_mib: int = 4096
) -> Run:
    """Run ``python -m pipeline ARGS`` in ``project`` with bounded time and address space.

    A run that exceeds ``timeout`` seconds fails the test (a hang); one that
    exceeds ``memory_mib`` dies with a MemoryError traceback, which
    :func:`assert_refused` rejects.
    """
    limit = memory_mib * 1024 * 1024

    def bound_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", *args], cwd=project, env={**os.environ, **ENV, **(env or {})},
            capture_output=True, text=True, timeout=timeout, preexec_fn=bound_memory, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"pipeline {' '.join(args)} hung for more than {timeout} s") from exc
    return Run(result.returncode, result.stdout, result.stderr)


def assert_refused(
    project: Path, *args: str, env: dict[str, str] | None = None, child: bool = False, located: bool = True,
    **limits: float,
) -> list[str]:
    """Run ``pipeline ARGS`` in ``project``, assert it was refused cleanly, and return its problem lines.

    Checks: a non-zero exit; no traceback; ``output/`` unchanged; when
    ``located``, every line but the summary is ``path:line:col: chyba|varování: …``
    with at least one error, and the summary closes the output.
    """
    before = snapshot(project / "output")
    run = run_child(project, *args, env=env, **limits) if child else run_pipeline(project, *args, env={**ENV, **(env or {})})
    return assert_clean_refusal(run, project, before, located)


def assert_clean_refusal(run: Run, project: Path, before: dict[str, bytes], located: bool = True) -> list[str]:
    """Assert that ``run`` in ``project`` was refused cleanly (see :func:`assert_refused`); return its problem lines.

    ``before`` is the :func:`snapshot` of ``output/`` taken before the run.
    """
    shown = run.stderr + run.stdout
    assert run.exit_code != 0, f"accepted: {shown}"
    assert "Traceback" not in shown, shown
    assert "vnitřní chyba programu" not in shown, shown
    assert snapshot(project / "output") == before, "a refused run changed output/"
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines, "refused without a word"
    if located:
        assert SUMMARY.match(lines[-1]), lines
        problems = lines[:-1]
        assert problems and all(LOCATED.match(line) for line in problems), problems
        assert any(LOCATED.match(line)["severity"] == "chyba" for line in problems), problems
        return problems
    return lines
