"""Run an external tool (pandoc, Typst, LibreOffice) with a wall-clock limit.

A pathological source can keep a tool busy for hours (issue 14). Each run is
bounded by a limit of :mod:`pipeline.limits`; a tool that runs past it is
killed together with the processes it started (LibreOffice's launcher starts
``soffice.bin``), and the user hears which tool stopped and after how long.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline import limits
from pipeline.errors import PipelineError, ToolError, display_path


class ToolTimeout(PipelineError):
    """An external tool ran past its wall-clock limit and was killed.

    Not a :class:`ToolError`: those carry what a tool said about its input,
    and callers read them (Typst's errors in a frame); a time-out says nothing
    about the input and must reach the user as it is.
    """

    exit_code = ToolError.exit_code

    def __init__(self, tool: str, seconds: float) -> None:
        super().__init__(
            f"{tool} neskončil do {seconds:g} s, a proto byl ukončen (zdroje jsou pro něj příliš složité "
            f"nebo rozsáhlé; zjednodušte je, nebo limit zvyšte proměnnou prostředí {limits.TOOL_SECONDS_VARIABLE})"
        )
        self.tool = tool
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[ToolTimeout], tuple[str, float]]:
        # A worker process sends it to the build's process pickled.
        return ToolTimeout, (self.tool, self.seconds)


def tool_seconds(limit: float) -> float:
    """Return the wall-clock limit of a tool: ``limit``, unless the environment sets another for all tools.

    Raises :class:`PipelineError` when the variable is not a positive number.
    """
    value = os.environ.get(limits.TOOL_SECONDS_VARIABLE)
    if value is None or not value.strip():
        return limit
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise PipelineError(
            f"proměnná prostředí {limits.TOOL_SECONDS_VARIABLE}='{value}' není kladné číslo sekund "
            f"(zadejte např. {limits.TOOL_SECONDS_VARIABLE}=600, nebo ji zrušte)"
        )
    return seconds


def run_tool(
    command: list[str], tool: str, limit: float, *, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` (``tool`` to the user) with ``stdin``, at most ``limit`` seconds; return its result.

    The tool runs in a process group of its own, so that a kill reaches
    every process it started; the group is killed as well when the wait ends
    any other way (Ctrl-C in this thread). Raises :class:`ToolTimeout` past
    the limit; a non-zero exit status is the caller's to judge.
    """
    seconds = tool_seconds(limit)
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, process_group=0,
    )
    try:
        stdout, stderr = process.communicate(stdin, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ToolTimeout(tool, seconds) from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and every process of its group, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it ended just now
    # A child of the tool may still hold the pipes for an instant: do not wait on them.
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    process.wait()


@contextmanager
def naming(document: Path) -> Iterator[None]:
    """Put the document's folder before the message of a tool's failure within, so the user knows which one."""
    try:
        yield
    except (ToolError, ToolTimeout) as exc:
        raise ToolError(f"dokument {display_path(document)}: {exc}") from None
