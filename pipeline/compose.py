"""Compose a document body: Jinja over each Markdown source, each wrapped as one part of the body.

Chapters are rendered one by one so that every template problem names the
chapter file and line. Each rendered part is wrapped in a fenced div that
remembers its source and role, so AST transforms know where a node came from.
"""

from __future__ import annotations

import bisect
import contextvars
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateNotFound,
    UndefinedError,
)
from jinja2.utils import missing

from pipeline.errors import Diagnostics, Location, did_you_mean, translate
from pipeline.jinja_limits import LimitedEnvironment, TemplateLimit
from pipeline.markdown_nesting import nesting_within_limits
from pipeline.markdown_text import template_value
from pipeline.template_usage import FilterMisuse, explain_misuse

@dataclass(frozen=True)
class Part:
    """One Markdown source of a document and its role in it (``chapter`` or ``annex``)."""

    path: Path
    role: str
    #: where ``document.yaml`` names this source, for errors about the file itself
    declared_at: Location
    attributes: tuple[tuple[str, str], ...] = ()
    #: the Markdown itself, when a kind generates it or has read it already (else the file is read)
    text: str | None = None
    #: whether the text is a user's Jinja template (generated text is not)
    jinja: bool = True


@dataclass(frozen=True)
class ComposedPart:
    """One part of a body: its Markdown after Jinja, and its role and attributes (``source``, …) in the body."""

    role: str
    attributes: tuple[tuple[str, str], ...]
    text: str


@dataclass
class _Render:
    """The template being rendered and the undefined names met so far."""

    template: Any
    #: the source's lines, split once: a chapter with N undefined names must not be split N times
    lines: list[str]
    path: Path
    diagnostics: Diagnostics
    seen: set[tuple[int, str]]
    #: the compiled code's lines where template lines start, and those template lines (read once, see below)
    code_lines: list[int] = field(default_factory=list)
    template_lines: list[int] = field(default_factory=list)
    #: each compiled code object's line table: instruction offsets where lines start, and those lines
    line_tables: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)

    def template_line(self) -> int:
        """Return the template line being rendered, read from the compiled template's frame.

        Jinja's own ``get_corresponding_lineno`` parses the whole line table at
        every call; a chapter with N undefined names would cost N × its length.
        """
        if not self.code_lines:
            pairs = sorted((code, line) for line, code in self.template.debug_info)
            self.code_lines, self.template_lines = [c for c, _ in pairs] or [0], [t for _, t in pairs] or [1]
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename == "<template>":
                index = bisect.bisect_right(self.code_lines, self._code_line(frame)) - 1
                return self.template_lines[index] if index >= 0 else 1
            frame = frame.f_back
        return 1

    def _code_line(self, frame: Any) -> int:
        """Return the compiled template's line ``frame`` is at, from its code's line table read once.

        ``frame.f_lineno`` walks the line table from its start on every read,
        which for a chapter of N lines with N undefined names is N × N.
        """
        code = frame.f_code
        # Keyed by identity: a code object's hash covers all its bytecode (the code lives as long as the render).
        if id(code) not in self.line_tables:
            ranges = [(start, line) for start, _end, line in code.co_lines() if line is not None]
            self.line_tables[id(code)] = ([start for start, _ in ranges], [line for _, line in ranges])
        starts, lines = self.line_tables[id(code)]
        index = bisect.bisect_right(starts, frame.f_lasti) - 1
        return lines[index] if index >= 0 else code.co_firstlineno


_current: contextvars.ContextVar[_Render] = contextvars.ContextVar("current_render")


class _RecordingUndefined(StrictUndefined):
    """An undefined name that records where it was used instead of stopping the render.

    Stopping at the first one would make users fix a chapter one name per run.
    """

    def _record(self) -> None:
        render = _current.get(None)
        if render is None:
            self._fail_with_undefined_error()
        line = render.template_line()
        name = self._undefined_name or "?"
        if (line, name) in render.seen:
            return
        render.seen.add((line, name))
        col = _column_of(render.lines, line, name)
        owner = self._undefined_obj
        if self._undefined_hint and "unsafe" in self._undefined_hint:
            message = f"šablona sahá na vnitřní část programu '{name}', to není dovoleno"
            hint = "používejte jen proměnné dokumentu"
        elif isinstance(owner, dict):
            message, hint = f"neznámá položka '{name}'", did_you_mean(name, owner.keys())
        elif owner is None:
            message = f"položka '{name}' nemá hodnotu, protože údaj nad ní není ve zdrojích vyplněn"
            hint = "např. {{ projekt.… }} potřebuje oddíl project v sources/project.yaml"
        elif owner is missing:
            message = f"nedefinovaná proměnná '{name}'"
            hint = did_you_mean(name, _context_names()) or "dostupné: " + ", ".join(_context_names())
        else:
            message, hint = f"hodnota nemá položku '{name}'", None
        render.diagnostics.error(Location(render.path, line, col), message, hint)

    @property
    def _undefined_message(self) -> str:
        # Operations such as ``x + 1`` cannot go on without a value: record, then stop.
        self._record()
        return _ALREADY_RECORDED

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False

    def __len__(self) -> int:
        self._record()
        return 0

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        self._record()
        return self

    def __getitem__(self, key: Any) -> Any:
        self._record()
        return self


_ALREADY_RECORDED = "already recorded"


class Unchecked:
    """Stands in the context for a source that failed validation.

    Any item of it renders as empty text, so the chapters are still checked
    for their own problems in the same run without false alarms about names
    that are only missing because ``document.yaml`` had an error.
    """

    def __getattr__(self, name: str) -> Unchecked:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Unchecked:
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        return ""


_context_names_var: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("context_names", default=())


def _context_names() -> tuple[str, ...]:
    return _context_names_var.get()



def _column_of(lines: list[str], line: int, name: str) -> int:
    """Return the 1-based column of ``name`` on ``line`` of a source's ``lines`` (1 if not found)."""
    if not 0 < line <= len(lines):
        return 1
    # The name as a whole word (like a regex's \b), without compiling a pattern per name: a source with
    # tens of thousands of undefined names would overflow the regex cache and compile each one.
    text, at = lines[line - 1], lines[line - 1].find(name)
    while at >= 0:
        end = at + len(name)
        if not (at and _word_char(text[at - 1])) and not (end < len(text) and _word_char(text[end])):
            return at + 1
        at = text.find(name, at + 1)
    return 1


def _filter_column(lines: list[str], line: int, name: str) -> int:
    """Return the 1-based column of the filter ``name`` (``|name``) on ``line``, else of ``name`` as a word."""
    if 0 < line <= len(lines):
        used = re.search(rf"\|\s*{re.escape(name)}\b", lines[line - 1])
        if used:
            return used.end() - len(name) + 1
    return _column_of(lines, line, name)


def _word_char(character: str) -> bool:
    return character.isalnum() or character == "_"


def make_environment(filters: Mapping[str, Callable[..., Any]] | None = None) -> LimitedEnvironment:
    """Return the Jinja environment for user-written sources, with a kind's own ``filters``.

    Sandboxed and limited (:mod:`pipeline.jinja_limits`), because sources come
    from many hands; comments use ``{## ##}`` because ``{#id}`` is Pandoc's
    attribute syntax.
    """
    environment = LimitedEnvironment(
        undefined=_RecordingUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
        # Values from YAML print as text, not markup (a title with * or # must not restyle a chapter).
        finalize=template_value,
    )
    environment.add_filters(dict(filters or {}))
    explain_misuse(environment)  # a misused filter or function says in Czech how it is written
    return environment


_SYNTAX_PROBLEMS = [
    (re.compile(r"(?i)unexpected end of template"), "neukončený blok šablony", "doplňte {% endif %} nebo {% endfor %}"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), "neznámý příkaz šablony '{0}'", None),
    (re.compile(r"unexpected '([^']+)'"), "nečekaný znak '{0}' v šabloně", "zkontrolujte závorky {{ }} a {% %}"),
    (re.compile(r"expected token '([^']+)', got '([^']+)'"), "v šabloně chybí '{0}', nalezeno '{1}'", None),
]


def render_source(
    path: Path, source: str, context: dict[str, Any], diagnostics: Diagnostics,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> str | None:
    """Render one Markdown source with Jinja (and a kind's ``filters``); return None if it had problems."""
    environment = make_environment(filters)
    try:
        template = environment.from_string(environment.guard(environment.parse(source)))
    except TemplateSyntaxError as exc:
        message, hint = translate(exc.message or "", _SYNTAX_PROBLEMS, "chyba syntaxe šablony")
        diagnostics.error(Location(path, exc.lineno or 1, 1), message, hint)
        return None
    before = len(diagnostics.errors)
    render = _Render(template, source.split("\n"), path, diagnostics, set())
    token = _current.set(render)
    names_token = _context_names_var.set(tuple(sorted(context)))
    try:
        text = environment.render_limited(template, context)
    except TemplateLimit as exc:
        diagnostics.error(Location(path, exc.line or _traceback_line(exc), 1), exc.message, exc.hint)
        return None
    except FilterMisuse as exc:
        # A value standing for a source that failed validation is not the chapter's fault: that source is reported.
        if not any(isinstance(value, Unchecked) for value in exc.values):
            line = _traceback_line(exc)
            diagnostics.error(Location(path, line, _filter_column(render.lines, line, exc.name)), exc.message, exc.hint)
        return None
    except (OverflowError, RecursionError) as exc:
        diagnostics.error(
            Location(path, _traceback_line(exc), 1), "výpočet v šabloně je příliš velký nebo příliš hluboký",
            "zkontrolujte mocniny, rozsahy cyklů a makra, která volají sama sebe",
        )
        return None
    except SecurityError as exc:
        if str(exc) == _ALREADY_RECORDED:
            return None
        line = _traceback_line(exc)
        diagnostics.error(
            Location(path, line, 1),
            "šablona sahá na vnitřní části programu, to není dovoleno",
            f"{exc}; používejte jen proměnné dokumentu",
        )
        return None
    except (TemplateNotFound, TypeError) as exc:
        if isinstance(exc, TypeError) and "no loader" not in str(exc):
            diagnostics.error(Location(path, _traceback_line(exc), 1), f"chyba při vyhodnocení šablony: {exc}")
            return None
        # Sources are rendered one by one without a loader: an include could reach
        # outside sources/ or loop on itself, so it is refused outright.
        diagnostics.error(
            Location(path, _traceback_line_of_include(source), 1),
            "vkládání jiných souborů příkazem include není dovoleno",
            "každá kapitola je samostatný soubor uvedený v document.yaml",
        )
        return None
    except UndefinedError as exc:
        if str(exc) != _ALREADY_RECORDED:
            diagnostics.error(Location(path, _traceback_line(exc), 1), f"nedefinovaná hodnota v šabloně: {exc}")
        return None
    except TemplateError as exc:
        diagnostics.error(Location(path, _traceback_line(exc), 1), f"chyba šablony: {exc}")
        return None
    except ZeroDivisionError as exc:
        diagnostics.error(Location(path, _traceback_line(exc), 1), "dělení nulou v šabloně", None)
        return None
    except (ValueError, KeyError, IndexError) as exc:
        diagnostics.error(Location(path, _traceback_line(exc), 1), f"chyba při vyhodnocení šablony: {exc}")
        return None
    finally:
        _current.reset(token)
        _context_names_var.reset(names_token)
    return text if len(diagnostics.errors) == before else None


def _traceback_line_of_include(source: str) -> int:
    """Return the line of the first ``{% include``/``import`` tag (the loader error carries none)."""
    match = re.search(r"\{%-?\s*(include|import|from|extends)\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _traceback_line(exc: BaseException) -> int:
    """Return the template line of the innermost template frame of ``exc``'s traceback."""
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def compose_body(
    parts: list[Part], context: dict[str, Any], diagnostics: Diagnostics, read: Any,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> list[ComposedPart]:
    """Return each of the ``parts`` that render, in order, as Markdown; record problems of the others.

    Together, in order, they are the document's body (:mod:`pipeline.parse`
    parses each alone and wraps it in a div that remembers where it came from).

    Parts with problems are left out rather than ending the run, so later
    checks (images, alt text) still look at the rest. ``read`` reads a source
    file as text (recording problems), so this stage does not care where the
    sources come from (working tree or Git).
    """
    composed: list[ComposedPart] = []
    for part in parts:
        source = part.text if part.text is not None else read(part.path, diagnostics)
        if source is None:
            continue
        text = render_source(part.path, source, context, diagnostics, filters) if part.jinja else source
        if text is None or not nesting_within_limits(part.path, text, diagnostics):
            continue
        marks = (("source", str(part.path)), *part.attributes, *((("generated", "1"),) if not part.jinja else ()))
        composed.append(ComposedPart(part.role, marks, text))
    return composed
