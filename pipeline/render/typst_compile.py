"""Compile a prepared Typst root folder to PDF in a process of its own.

Usage: ``python -m pipeline.render.typst_compile ROOT TIMESTAMP``: compiles
``ROOT/frame.typ`` with ``ROOT`` as Typst's root and writes the PDF to standard
output; if Typst rejects the source, writes its message to standard error and
exits with :data:`TYPST_FAILED`.

Why a process: Typst needs about 280 MiB to lay out a 150-page methodology;
in the build's process that came on top of the build's own 140 MiB and stayed
there until the process ended. A child gives it back when it ends (issue 8:
peak memory ≤ 400 MiB). Starting the child costs about 0.06 s, more than a
short document's whole compile, so short documents compile in the build's
process (the caller decides).

Either way Typst has :data:`MAX_TYPST_SECONDS` (a frame may loop for ever).
The child is killed past it. Typst in the build's process cannot be
interrupted: it runs in a thread of its own (Typst releases the interpreter
while it works), the build stops waiting at the limit and fails, and the
thread, a daemon, ends when the process does (the failed build's, or a
worker's when the build has ended).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from pipeline.errors import ToolError
from pipeline.limits import MAX_TYPST_SECONDS
from pipeline.tools import ToolTimeout, run_tool, tool_seconds

#: the child's exit status when Typst rejected the source (a traceback exits with 1)
TYPST_FAILED = 3


def compile_pdf(root: Path, timestamp: int, *, child: bool = True) -> bytes:
    """Return the PDF of ``root/frame.typ``, compiled in a child process (or in this one).

    Raises :class:`ToolError` with Typst's message when Typst rejects the
    source, :class:`ToolTimeout` past :data:`MAX_TYPST_SECONDS`, and
    :class:`RuntimeError` when the child fails otherwise (a bug).
    """
    if not child:
        try:
            return _compile_bounded(root, timestamp)
        except RuntimeError as exc:
            raise ToolError(f"Typst nedokázal sestavit PDF: {exc}") from None
    command = [sys.executable, "-m", __name__, str(root), str(timestamp)]
    result = run_tool(command, "Typst", MAX_TYPST_SECONDS)
    message = result.stderr.decode("utf-8", "replace")
    if result.returncode == TYPST_FAILED:
        raise ToolError(f"Typst nedokázal sestavit PDF: {message}")
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed with status {result.returncode}:\n{message}")
    return result.stdout


def _compile_bounded(root: Path, timestamp: int) -> bytes:
    """Return :func:`_compile`'s PDF, compiled in a thread that is waited for :data:`MAX_TYPST_SECONDS` at most."""
    seconds = tool_seconds(MAX_TYPST_SECONDS)
    outcome: list[bytes | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_compile(root, timestamp))
        except BaseException as exc:  # handed to the waiting thread, which raises it
            outcome.append(exc)

    # A daemon: a thread stuck in Typst must not keep the process alive after the build failed.
    thread = threading.Thread(target=work, name="typst", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise ToolTimeout("Typst", seconds)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _compile(root: Path, timestamp: int) -> bytes:
    """Return the PDF of ``root/frame.typ`` with only the fonts Typst embeds, tagged (PDF/UA-1), dated ``timestamp``."""
    import typst

    try:
        return typst.compile(
            str(root / "frame.typ"), root=str(root), ignore_system_fonts=True, pdf_standards=["ua-1"], timestamp=timestamp
        )
    except typst.TypstError as exc:
        # The full report names each error's file, line and column, which the renderer maps back to the sources.
        raise RuntimeError(exc.diagnostic or str(exc)) from None


def main(root: Path, timestamp: int) -> int:
    """Write the PDF of ``root/frame.typ`` to standard output; return the exit status."""
    try:
        pdf = _compile(root, timestamp)
    except RuntimeError as exc:
        sys.stderr.buffer.write(str(exc).encode("utf-8"))
        return TYPST_FAILED
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
