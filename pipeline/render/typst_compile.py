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
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.errors import ToolError

#: the child's exit status when Typst rejected the source (a traceback exits with 1)
TYPST_FAILED = 3


def compile_pdf(root: Path, timestamp: int, *, child: bool = True) -> bytes:
    """Return the PDF of ``root/frame.typ``, compiled in a child process (or in this one).

    Raises :class:`ToolError` with Typst's message when Typst rejects the
    source, and :class:`RuntimeError` when the child fails otherwise (a bug).
    """
    if not child:
        try:
            return _compile(root, timestamp)
        except RuntimeError as exc:
            raise ToolError(f"Typst nedokázal sestavit PDF: {exc}") from None
    command = [sys.executable, "-m", __name__, str(root), str(timestamp)]
    result = subprocess.run(command, check=False, capture_output=True)
    message = result.stderr.decode("utf-8", "replace")
    if result.returncode == TYPST_FAILED:
        raise ToolError(f"Typst nedokázal sestavit PDF: {message}")
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed with status {result.returncode}:\n{message}")
    return result.stdout


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
