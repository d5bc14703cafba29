"""Problems a user can fix, each with a location, and the exceptions carrying them.

Every message follows ``path:line:col: chyba: <what> (<how to fix>)`` so that
editors and terminals can jump to it. Problems are collected, not raised one by
one, so that a user fixes a whole file in one pass.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pipeline import limits


class Severity(Enum):
    """How serious a problem is; the value is the Czech word users see."""

    ERROR = "chyba"
    WARNING = "varování"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based.

    A problem with a whole file (missing, wrong encoding) points at its start,
    so every message keeps the ``path:line:col`` shape editors jump to.
    """

    path: Path
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the sources."""

    location: Location
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line: a tool's message quoted in ours may span lines (ruamel's does).
        if "\n" not in text and "\r" not in text:
            return text
        # Split at each break and trim by hand: a regex with \s* before the break rescans long runs of spaces.
        pieces = re.split(r"[\r\n]\s*", text)
        return " ".join([piece.rstrip() for piece in pieces[:-1]] + pieces[-1:])


@dataclass
class Diagnostics:
    """A collector of problems found during one run, in the order found.

    Adding is constant time, so collecting N problems is linear: a source
    broken in 60,000 places is reported as fast as one broken in ten.
    """

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)
    _errors: list[Diagnostic] = field(default_factory=list, repr=False, compare=False)
    _warnings: list[Diagnostic] = field(default_factory=list, repr=False, compare=False)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        """Record an error: the run will fail and write nothing."""
        self._add(Diagnostic(location, message, hint, Severity.ERROR))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        """Record a warning: shown, but fatal only under ``--strict``."""
        self._add(Diagnostic(location, message, hint, Severity.WARNING))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Add problems found elsewhere (e.g. in a worker)."""
        for diagnostic in other:
            self._add(diagnostic)

    def _add(self, diagnostic: Diagnostic) -> None:
        # A shared source (a model text used by many offices) is reported once.
        if diagnostic in self._seen:
            return
        self._seen.add(diagnostic)
        self.items.append(diagnostic)
        (self._errors if diagnostic.severity is Severity.ERROR else self._warnings).append(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        """Return the problems that make the run fail, in the order found (read only; constant time)."""
        return self._errors

    @property
    def warnings(self) -> list[Diagnostic]:
        """Return the problems that are only reported, in the order found (read only; constant time)."""
        return self._warnings

    def raise_if_errors(self, strict: bool = False) -> None:
        """Raise :class:`SourceErrors` if any error (or, under strict, warning) was recorded."""
        if self.errors or (strict and self.warnings):
            raise SourceErrors(self.items, strict)


class PipelineError(Exception):
    """A failure the user can act on; never shown with a traceback."""

    exit_code = 1


class SourceErrors(PipelineError):
    """The sources have problems; carries all of them, and whether warnings made the run fail (``--strict``)."""

    def __init__(self, diagnostics: list[Diagnostic], strict: bool = False) -> None:
        super().__init__(f"{len(diagnostics)} problémů ve zdrojích")
        self.diagnostics = diagnostics
        self.strict = strict

    def summary(self) -> str:
        """Return the Czech closing line: what was found, why it failed, and that nothing was written.

        A run that failed on warnings alone never says "0 chyb": it says that ``--strict`` counts them as
        errors, or the user sees a failure with nothing to fix (issue 15).
        """
        from pipeline.czech import count

        errors = sum(1 for diagnostic in self.diagnostics if diagnostic.severity is Severity.ERROR)
        warnings = len(self.diagnostics) - errors
        found = [count(errors, "chyba", "chyby", "chyb")] if errors else []
        if warnings:
            found.append(count(warnings, "varování", "varování", "varování"))
        summary = "Nalezeno: " + ", ".join(found or [count(0, "chyba", "chyby", "chyb")])
        if self.strict and warnings:
            summary += "; s přepínačem --strict se varování počítají jako chyby"
        return summary + ". Nic nebylo zapsáno."


class ToolError(PipelineError):
    """An external tool (pandoc, Typst, LibreOffice) failed on input we gave it."""

    exit_code = 3


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    return _relative_to(path, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative_to(path: Path, cwd: str) -> str:
    """Return :func:`display_path` for ``cwd``; cached, since thousands of findings name the same few files."""
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)


def shortened(text: str, width: int) -> str:
    """Return ``text`` cut to at most ``width`` characters, ending in "…" when cut.

    A message quotes what the user wrote; a runaway value (a number of
    thousands of digits, a whole file on one line) must not flood the terminal.
    """
    return text if len(text) <= width else text[: width - 1] + "…"


Translation = tuple[re.Pattern[str], str, str | None]


def translate(problem: str, table: list[Translation], fallback: str) -> tuple[str, str | None]:
    """Return the Czech message and hint for a tool's English ``problem``, by the first matching pattern.

    The message template may use the pattern's groups (``{0}``); an unknown
    problem keeps its English text after ``fallback``, so nothing is hidden.
    """
    for pattern, message, hint in table:
        match = pattern.search(problem)
        if match:
            return message.format(*match.groups()), hint
    return f"{fallback}: {problem}", None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a Czech hint naming the nearest of ``choices``, or None if none is close.

    Among more than :data:`~pipeline.limits.MAX_SUGGESTION_CHOICES` choices no
    guess is made: it would cost time per finding in proportion to the list, so
    N findings against N names would be quadratic.
    """
    choices = list(choices)
    if len(choices) > limits.MAX_SUGGESTION_CHOICES:
        return None
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"možná jste mysleli '{match[0]}'" if match else None


def nearest_or_listed(word: str, choices: Iterable[str], listed: str = "povolené hodnoty") -> str:
    """Return :func:`did_you_mean`'s hint, or when none is close the ``choices`` after ``listed:``.

    At most :data:`~pipeline.limits.MAX_LISTED_CHOICES` are listed, then how many more there are.
    """
    choices = list(choices)
    shown = ", ".join(choices[: limits.MAX_LISTED_CHOICES])
    if len(choices) > limits.MAX_LISTED_CHOICES:
        shown += f" a dalších {len(choices) - limits.MAX_LISTED_CHOICES}"
    return did_you_mean(word, choices) or f"{listed}: {shown}"
