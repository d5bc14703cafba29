"""Progress of a build, per document: a bar on a terminal, plain lines otherwise.

A methodologist waits for one long document, a regional office for two
hundred: both should see what is being done and what was skipped. Plain
lines (a pipe, a log, CI) are the messages the build has always printed, so
scripts that read them keep working; on a terminal the same lines scroll
above one bar that is redrawn in place and removed at the end.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24


class Progress:
    """Reports a build's documents as they are skipped, worked on and finished.

    ``write`` receives each finished line; ``bar`` (a terminal stream) gets the
    redrawn bar, or None for plain lines only.
    """

    def __init__(self, write: Callable[[str], None], bar: TextIO | None = None) -> None:
        self._write = write
        self._bar = bar
        self._total = 0
        self._done = 0
        self._doing = ""
        self._drawn = False

    @classmethod
    def console(cls, write: Callable[[str], None], stream: TextIO | None = None) -> Progress:
        """Return progress printing lines with ``write``, with a bar if ``stream`` (stdout) is a terminal."""
        stream = stream or sys.stdout
        return cls(write, stream if stream.isatty() else None)

    def begin(self, total: int) -> None:
        """Start counting ``total`` documents."""
        self._total, self._done = total, 0

    def skipped(self, name: str) -> None:
        """Say that document ``name`` is up to date and is not built."""
        self._done += 1
        self.line(f"{name}: aktuální, není co sestavit")

    def doing(self, name: str, what: str) -> None:
        """Say what is being done for document ``name`` now (shown on the bar only)."""
        self._doing = f"{name}: {what}"
        self._draw()

    def finished(self, name: str, formats: tuple[str, ...]) -> None:
        """Say that document ``name`` was built (not yet written) in ``formats``."""
        self._done += 1
        self._doing = ""
        self.line(f"{name}: připraveno ({', '.join(fmt.upper() for fmt in formats)})")

    def line(self, text: str) -> None:
        """Print a line of its own (above the bar on a terminal)."""
        self._clear()
        self._write(text)
        self._draw()

    def close(self) -> None:
        """Remove the bar; the lines stay."""
        self._clear()
        self._total = 0

    def bar_text(self, columns: int) -> str:
        """Return the bar as drawn on a terminal ``columns`` wide."""
        filled = BAR_WIDTH * self._done // self._total if self._total else 0
        text = f"[{'█' * filled}{'░' * (BAR_WIDTH - filled)}] {self._done}/{self._total}"
        if self._doing:
            text += f"  {self._doing}…"
        return text[: max(columns - 1, 0)]

    def _draw(self) -> None:
        if self._bar is None or not self._total:
            return
        self._bar.write("\r" + self.bar_text(shutil.get_terminal_size().columns) + "\x1b[K")
        self._bar.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._bar is not None and self._drawn:
            self._bar.write("\r\x1b[K")
            self._bar.flush()
            self._drawn = False
