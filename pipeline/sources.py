"""Read source files: text with encoding checks, YAML with the position of every value.

Positions are kept so that every later stage (model validation, cross-checks)
can name ``path:line:col`` of the value it complains about.
"""

from __future__ import annotations

import os
import bisect
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import limits
from pipeline.errors import Diagnostics, Location, translate

KeyPath = tuple[str | int, ...]

_UTF8_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """Return the text of a UTF-8 source file with Unix line ends, or None after recording why not.

    A BOM is dropped and CRLF accepted, because Windows editors write both. Other
    encodings are refused with a hint how to re-save, since guessing could
    silently corrupt Czech letters.
    """
    raw = read_source_bytes(path, diagnostics)
    if raw is None:
        return None
    if b"\x00" in raw:
        diagnostics.error(Location(path, 1, 1), "soubor není textový", "uložte jej jako prostý text v UTF-8")
        return None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(
            Location(path, line, col),
            "soubor není v kódování UTF-8, nejspíš je ve windows-1250",
            "otevřete jej v editoru a uložte v kódování UTF-8",
        )
        return None
    text = text.replace("\r\n", "\n")
    return text if lines_within_limit(path, text, diagnostics) else None


def read_source_bytes(path: Path, diagnostics: Diagnostics) -> bytes | None:
    """Return the bytes of the source file ``path``, or None after recording why not (missing, no file, too large)."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        diagnostics.error(Location(path), "soubor neexistuje", "zkontrolujte název a umístění souboru")
        return None
    except NotAFileError as exc:
        diagnostics.error(Location(path), f"'{path.name}' {exc.what}", "uveďte obyčejný textový soubor")
        return None
    except OSError as exc:
        diagnostics.error(Location(path), f"soubor nelze přečíst: {exc.strerror}")
        return None
    if len(raw) > limits.MAX_SOURCE_BYTES:
        diagnostics.error(
            Location(path, 1, 1), f"soubor je příliš velký (víc než {limits.MAX_SOURCE_BYTES // 2**20} MB)",
            "rozdělte jej na více souborů; tak velký zdroj žádný skutečný dokument nepotřebuje",
        )
        return None
    return raw


def lines_within_limit(path: Path, text: str, diagnostics: Diagnostics) -> bool:
    """Return whether every line of ``text`` (the source ``path``) is within the line limit; record the first that is not."""
    # One pass over the lines: a regex for "a run of N non-newlines" restarts at every character (quadratic).
    line = next((number for number, row in enumerate(text.split("\n"), 1) if len(row) > limits.MAX_LINE_CHARS), None)
    if line is None:
        return True
    diagnostics.error(
        Location(path, line, limits.MAX_LINE_CHARS + 1),
        f"řádek je příliš dlouhý (víc než {limits.MAX_LINE_CHARS} znaků)",
        "rozdělte text na více řádků; odstavec končí až prázdným řádkem",
    )
    return False


class NotAFileError(OSError):
    """A source path names a folder, a pipe or a device instead of a regular file."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        #: what the path is, as a Czech predicate: "je složka, ne soubor"
        self.what = what


_NOT_FILES = (
    (stat.S_ISDIR, "je složka, ne soubor"),
    (stat.S_ISFIFO, "je pojmenovaná roura (FIFO), ne soubor"),
    (stat.S_ISSOCK, "je soket, ne soubor"),
    (stat.S_ISCHR, "je zařízení, ne soubor"),
    (stat.S_ISBLK, "je zařízení, ne soubor"),
)


def not_a_file(path: Path) -> str | None:
    """Return what ``path`` is when it exists but is no regular file ("je složka, ne soubor"), else None.

    ``Path.is_file()`` is False for a folder or a pipe as for a missing file;
    telling them apart gives the user the right message (issue 14).
    """
    try:
        return _kind_of(path.stat().st_mode)
    except OSError:
        return None


def _kind_of(mode: int) -> str | None:
    """Return what a file of ``mode`` is unless it is a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_FILES if test(mode)), "není soubor")


def read_regular(path: Path) -> bytes:
    """Return the bytes of the regular file ``path``; raise :class:`NotAFileError` for anything else.

    The file is opened without blocking and its type checked on the open
    handle: a named pipe would otherwise stop the build until someone writes
    into it, and checking the path before opening could be raced. At most one
    byte more than :data:`~pipeline.limits.MAX_SOURCE_BYTES` is read, enough
    to tell that a file is too large without loading all of it.
    """
    what = not_a_file(path)  # before opening: opening a device may itself do something
    if what:
        raise NotAFileError(what)
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        what = _kind_of(os.fstat(stream.fileno()).st_mode)  # and on the handle: the path may have changed since
        if what:
            raise NotAFileError(what)
        return stream.read(limits.MAX_SOURCE_BYTES + 1)


@dataclass(frozen=True)
class YamlFile:
    """A parsed YAML file: plain Python data plus where each key and value stands."""

    path: Path
    data: Any
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    value_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: KeyPath, at_key: bool = False) -> Location:
        """Return the location of the value (or key) at ``key_path``.

        Falls back to the nearest enclosing key that exists, so a missing key is
        reported where its parent mapping starts.
        """
        positions = self.key_positions if at_key else self.value_positions
        if key_path in positions:
            return Location(self.path, *positions[key_path])
        for end in range(len(key_path) - 1, 0, -1):
            prefix = key_path[:end]
            if prefix in self.key_positions:
                return Location(self.path, *self.key_positions[prefix])
        return Location(self.path, 1, 1)


def find_location(path: Path, text: str, needle: str) -> Location:
    """Return where ``needle`` first stands in ``text`` (the source of ``path``); its start if absent."""
    index = text.find(needle)
    if index < 0:
        return Location(path)
    return location_at(path, text, index)


def location_at(path: Path, text: str, index: int) -> Location:
    """Return the location of the character at ``index`` of ``text`` (the source of ``path``)."""
    line = text.count("\n", 0, index) + 1
    return Location(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)


class TextPositions:
    """Locations of many offsets of one text, each found by bisection (for checks with many findings).

    :func:`location_at` counts lines from the start: right for one finding,
    quadratic for thousands in one file.
    """

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def location(self, index: int) -> Location:
        """Return the location of the character at ``index``."""
        line = bisect.bisect_right(self.starts, index)
        return Location(self.path, line, index - self.starts[line - 1] + 1)

    def offset(self, line: int, col: int) -> int:
        """Return the offset of ``line``:``col`` (1-based; a line past the end counts as the last)."""
        return self.starts[min(line, len(self.starts)) - 1] + col - 1


@dataclass(frozen=True)
class FrontMatter:
    """The ``---`` block at the top of a Markdown text and the text without it."""

    values: dict[str, tuple[str, int]]  # key → (value, line)
    body: str


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def split_front_matter(text: str) -> FrontMatter:
    """Split off simple ``key: value`` front matter; its lines become blank so positions stay true."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return FrontMatter({}, text)
    values = {}
    for offset, line in enumerate(match.group(1).split("\n"), start=2):
        key, _, value = line.partition(":")
        if key.strip():
            values[key.strip()] = (value.strip(), offset)
    blank = "\n" * match.group(0).count("\n")
    return FrontMatter(values, blank + text[match.end():])


def load_yaml(path: Path, diagnostics: Diagnostics) -> YamlFile | None:
    """Parse a YAML file keeping positions; record problems and return None on failure.

    Duplicate keys are refused: most loaders keep the last one silently, which
    hides a user's mistake.
    """
    text = read_text(path, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.error(Location(path, 1, 1), "soubor je prázdný", "doplňte obsah nebo soubor smažte")
        return None

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from ruamel.yaml.composer import MaxDepthExceededError

    from pipeline.yaml_graph import CheckedConstructor, CountingComposer, Refused, too_deep

    yaml = YAML(typ="rt")
    yaml.Composer = CountingComposer
    yaml.Constructor = CheckedConstructor
    yaml.allow_duplicate_keys = False
    yaml.max_depth = limits.MAX_YAML_DEPTH  # stops the recursive composer before Python's stack ends
    try:
        node = yaml.load(text)
    except (Refused, MaxDepthExceededError) as exc:
        problems = exc.problems if isinstance(exc, Refused) else [too_deep(exc.problem_mark)]
        for problem in problems:
            diagnostics.error(_at_mark(path, problem.mark), problem.message, problem.hint)
        return None
    except MarkedYAMLError as exc:
        # An unclosed quote is found only at the end of the file; its start is the useful place.
        at_end = "end of stream" in str(exc.problem or "")
        mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
        location = _at_mark(path, mark)
        message, hint = translate(str(exc.problem or exc.context or ""), _YAML_PROBLEMS, "chyba syntaxe YAML")
        diagnostics.error(location, message, hint)
        return None
    except YAMLError as exc:  # errors without a mark are rare; still the user's file
        diagnostics.error(Location(path, 1, 1), f"chyba syntaxe YAML: {exc}")
        return None
    except (ValueError, KeyError, TypeError) as exc:  # a value ruamel cannot build, e.g. ``!!bool nevím``
        diagnostics.error(Location(path, 1, 1), f"hodnotu v YAML nelze načíst: {exc}",
                          "hodnoty pište bez značek (!!…); text dejte do uvozovek")
        return None
    result = YamlFile(path, None)
    data = _plain(node, (), result)
    return YamlFile(path, data, result.key_positions, result.value_positions)


def _at_mark(path: Path, mark: Any) -> Location:
    """Return the location of a ruamel ``mark`` (0-based) in ``path``; the file's start if there is none."""
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)


_YAML_PROBLEMS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(r"found duplicate key \"?([^\" ]+)"), "klíč '{0}' je uveden dvakrát", "ponechte jen jeden výskyt"),
    (re.compile(r"found character '\\t'"), "tabulátor v odsazení", "YAML se odsazuje mezerami, ne tabulátory"),
    (
        re.compile(r"mapping values are not allowed"),
        "chyba syntaxe YAML: nečekaná dvojtečka",
        "hodnotu obsahující dvojtečku dejte do uvozovek",
    ),
    (re.compile(r"could not find expected ':'"), "chyba syntaxe YAML: chybí dvojtečka za klíčem", None),
    (re.compile(r"found undefined alias"), "chyba syntaxe YAML: neznámý odkaz (alias)", None),
    (
        re.compile(r"expected <block end>, but found"),
        "chyba syntaxe YAML: nesprávné odsazení",
        "položky na stejné úrovni musí začínat ve stejném sloupci",
    ),
    (re.compile(r"found unexpected end of stream"), "chyba syntaxe YAML: neukončené uvozovky nebo závorka", None),
    (re.compile(r"while scanning a quoted scalar"), "chyba syntaxe YAML: neukončené uvozovky", None),
]


def _plain(node: Any, key_path: KeyPath, sink: YamlFile) -> Any:
    """Convert ruamel's round-trip nodes into plain Python values, recording positions."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key in node:
            child = (*key_path, str(key))
            line, col = node.lc.key(key)
            sink.key_positions[child] = (line + 1, col + 1)
            vline, vcol = node.lc.value(key)
            sink.value_positions[child] = (vline + 1, vcol + 1)
            result[str(key)] = _plain(node[key], child, sink)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            child = (*key_path, index)
            line, col = node.lc.item(index)
            sink.value_positions[child] = (line + 1, col + 1)
            sink.key_positions[child] = (line + 1, col + 1)
            items.append(_plain(item, child, sink))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
