"""Fuzz: whatever a user writes into a source, a build ends in output or in a clean refusal.

Each example takes a valid project that was built once, edits one of its
sources the way a hurried author or a hostile one might (splicing in YAML
aliases, tags, huge numbers, Markdown and Jinja fragments, odd bytes), and
builds again. The run must end either in success or in located Czech
messages with ``output/`` untouched; never in a traceback, and never hang
(an alarm turns a hang into a failure instead of a stuck CI).
"""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECTS, copy_project, run_pipeline
from harness import ENV, assert_clean_refusal, snapshot

#: where each fuzzed source lies: (fixture project, file)
TARGETS = {
    "document.yaml": ("valid", "sources/metodika/document.yaml"),
    "chapter": ("valid", "sources/metodika/02-postup.md"),
    "office.yaml": ("standards", "sources/ospod-lhota/office.yaml"),
    "records": ("report", "sources/zpravy/zaznamy.csv"),
}
ARGS = ("build", "--format", "docx", "--no-page-numbers", "--jobs", "1")
#: a build that takes longer than this is taken as hung (the slowest fixture builds in a few seconds)
HANG_SECONDS = 120

#: pieces a user (or an attacker) might put anywhere in a source
FRAGMENTS = [
    # YAML structure and its traps
    "&a [1, 2]", "*a", "<<: *a", "!!python/object:os.system", "!include x", "? ", ": ", "- ", "  ", "\t",
    "{", "}", "[", "]", "'", '"', "#", "|", ">", "---", "...", "%YAML 1.1",
    # numbers and dates
    ".nan", ".inf", "-.inf", "1e999", "99999999999999999999999999", "-1", "0", "2024-13-45", "31. 2. 2024", "nan",
    # Markdown and Jinja
    "[^9]", "[^1]: x", "![](obr.png)", "[x](javascript:alert(1))", "[x](file:///etc/passwd)", "<x>", "```",
    "{{", "}}", "{% for i in range(10) %}x{% endfor %}", "{{ projekt.nazev }}", "{{ 'x' * 9 }}", "$x^2$",
    "::: {}", "@kap:x", "[@nikdo]", "\\input{x}", "C:\\Users\\jana", "> > > > >", "# ", "| a | b |",
    # CSV
    ";", ",", ";;;;;;;;", "=1+1", "\r", "\r\n",
    # characters
    "\x00", "\x0b", "\x1b", "\ufeff", "\ud7ff", "\ud800", "\U0001f600", "ř", "\u00a0", "\n", "\n\n",
]

EDITS = st.lists(
    st.tuples(st.sampled_from(["insert", "replace", "delete"]), st.floats(0, 1), st.sampled_from(FRAGMENTS)),
    min_size=1,
    max_size=4,
)


def apply_edits(text: str, edits: list[tuple[str, float, str]]) -> str:
    """Return ``text`` after each edit at its relative position (replace and delete take a few characters)."""
    for action, where, fragment in edits:
        at = int(where * len(text))
        if action == "insert":
            text = text[:at] + fragment + text[at:]
        elif action == "replace":
            text = text[:at] + fragment + text[at + len(fragment):]
        else:
            text = text[:at] + text[at + 3:]
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return each fixture project after one good build (the outputs a failed build must leave alone)."""
    projects = {}
    for base in sorted({base for base, _ in TARGETS.values()}):
        project = copy_project(PROJECTS / base, tmp_path_factory.mktemp(base) / "project")
        result = run_pipeline(project, *ARGS, env=ENV)
        assert result.exit_code == 0, result.stderr
        projects[base] = project
    return projects


class Hung(Exception):
    """A build ran past :data:`HANG_SECONDS`."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hung(f"the build ran for more than {HANG_SECONDS} s")


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail the example with :class:`Hung` rather than let a hang stop the test run."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.mark.parametrize("target", sorted(TARGETS))
@FUZZ
@given(edits=EDITS)
def test_an_edited_source_builds_or_is_refused_cleanly(
    target: str, edits: list[tuple[str, float, str]], built: dict[str, Path], hang_guard: None, tmp_path_factory
) -> None:
    base, relative = TARGETS[target]
    project = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(built[base], project)
    source = project / relative
    source.write_bytes(apply_edits(source.read_text(encoding="utf-8"), edits).encode("utf-8", "surrogatepass"))
    before = snapshot(project / "output")

    signal.alarm(HANG_SECONDS)
    result = run_pipeline(project, *ARGS, env=ENV)  # an uncaught exception (a traceback) fails the example
    signal.alarm(0)

    shown = result.stdout + result.stderr
    assert "Traceback" not in shown and "vnitřní chyba programu" not in shown, shown
    if result.exit_code != 0:
        assert result.exit_code == 1, shown
        assert_clean_refusal(result, project, before)
    shutil.rmtree(project)
