"""Check a parsed YAML file before its values are built: aliases, size, depth, tags and numbers.

ruamel first composes a graph of nodes, in which an alias (``*name``) is the
very node its anchor names, so the graph is never larger than the file. Values
are built from it afterwards, and only then does an alias bomb ("billion
laughs": a 1 KB file took 18 GB) explode. So the graph is measured first, each
node once, and a file that would expand beyond the limits of
:mod:`pipeline.limits` is refused before anything is expanded. The same walk
refuses what the models could not read or would take silently: unknown tags
(``!!python/object``, ``!foo``), merge keys (``<<:``), integers too long for
Python and numbers that are not finite (``.nan``, ``.inf``, ``1e999``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from pipeline import limits
from pipeline.errors import shortened

_STANDARD = "tag:yaml.org,2002:"
#: tags of the plain values sources hold (``timestamp`` is kept as text, see :class:`CheckedConstructor`)
_PLAIN_TAGS = frozenset(_STANDARD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
_MERGE = _STANDARD + "merge"
_INT = _STANDARD + "int"
_FLOAT = _STANDARD + "float"
_NOT_FINITE = frozenset({".nan", ".inf", "+.inf", "-.inf"})
_INT_PREFIX = re.compile(r"^[-+]?(0[xob])?")


@dataclass(frozen=True)
class Problem:
    """One problem found in the graph: where (a ruamel mark), what and how to fix it."""

    mark: Any
    message: str
    hint: str | None = None


class Refused(Exception):
    """The graph breaks a limit or holds what sources may not; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class CountingComposer(Composer):
    """A composer that counts aliases and remembers where each was written.

    The graph keeps no trace of an alias (it is its anchor's node), so its
    place is kept here, keyed by the parent node and the slot it fills, to
    point at the alias that makes a file too large.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        #: (id of the parent node, index in a list or id of the key node) → mark of the alias there
        self.alias_marks: dict[tuple[int, int | None], Any] = {}
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            mark = self.parser.peek_event().start_mark
            self.aliases += 1
            if self.aliases > limits.MAX_YAML_ALIASES:
                raise Refused([Problem(
                    mark, f"příliš mnoho odkazů (aliasů *…) v jednom souboru (víc než {limits.MAX_YAML_ALIASES})",
                    "hodnoty napište přímo; skutečné zdroje vystačí s několika odkazy",
                )])
            self.alias_marks[(id(parent), _slot(index))] = mark
        return super().compose_node(parent, index)


def _slot(index: Any) -> int | None:
    """Return how a child's place in its parent is keyed: its list index, or the id of its key node."""
    return index if isinstance(index, int) or index is None else id(index)


class CheckedConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor that checks the graph first and leaves dates as text.

    ruamel raises a bare ValueError without position for ``2024-02-31``; the
    models parse dates instead, so an impossible date is reported where it stands.
    """

    def construct_document(self, node: Any) -> Any:
        GraphCheck(getattr(self.loader.composer, "alias_marks", {})).check(node)
        return super().construct_document(node)


CheckedConstructor.add_constructor(_STANDARD + "timestamp", RoundTripConstructor.construct_yaml_str)


class GraphCheck:
    """One walk over a composed graph, each node measured once however many aliases name it."""

    def __init__(self, alias_marks: dict[tuple[int, int | None], Any]) -> None:
        self.alias_marks = alias_marks
        #: id of a node → (values it expands to, levels it spans)
        self.measured: dict[int, tuple[int, int]] = {}
        #: nodes being measured: meeting one again means an alias inside its own anchor
        self.open: set[int] = set()
        self.problems: list[Problem] = []

    def check(self, root: Node) -> None:
        """Raise :class:`Refused` with every problem of the graph under ``root``, if it has any."""
        try:
            self._measure(root, 1, root.start_mark)
        except Refused as fatal:
            raise Refused(self.problems + fatal.problems) from None
        if self.problems:
            raise Refused(self.problems)

    def _measure(self, node: Node, depth: int, mark: Any) -> tuple[int, int]:
        """Return how many values ``node`` expands to and how many levels it spans; ``mark`` is where it is used."""
        if depth > limits.MAX_YAML_DEPTH:
            raise Refused([too_deep(mark)])
        key = id(node)
        if key in self.open:
            raise Refused([Problem(mark, "odkaz (alias) odkazuje sám na sebe", "hodnota nemůže obsahovat sebe samu")])
        if key not in self.measured:
            self.open.add(key)
            self.measured[key] = self._measure_new(node, depth)
            self.open.discard(key)
        size, levels = self.measured[key]
        if depth + levels - 1 > limits.MAX_YAML_DEPTH:
            raise Refused([too_deep(mark)])
        return size, levels

    def _measure_new(self, node: Node, depth: int) -> tuple[int, int]:
        self._check_value(node)
        size, levels = 1, 1
        for slot, child in _children(node):
            alias_mark = self.alias_marks.get((id(node), slot)) if slot is not None else None
            used_at = alias_mark or child.start_mark
            child_size, child_levels = self._measure(child, depth + 1, used_at)
            size += child_size
            levels = max(levels, child_levels + 1)
            if size > limits.MAX_YAML_NODES:
                raise Refused([self._too_large(used_at)])
        return size, levels

    def _too_large(self, mark: Any) -> Problem:
        """Return the problem of a graph too large: an alias bomb when the file has aliases."""
        if self.alias_marks:
            return Problem(
                mark, f"po rozvinutí odkazů (aliasů *…) by soubor měl víc než {limits.MAX_YAML_NODES} hodnot",
                "odkazy se tu rozvíjejí do obrovské velikosti; hodnoty napište přímo",
            )
        return Problem(mark, f"soubor má víc než {limits.MAX_YAML_NODES} hodnot", "rozdělte jej na více souborů")

    def _check_value(self, node: Node) -> None:
        """Record an unknown tag, a merge key or a number the models cannot take."""
        tag = str(node.tag)
        if tag not in _PLAIN_TAGS and tag != _MERGE:  # a merge key is reported by its mapping, below
            self.problems.append(Problem(
                node.start_mark, f"neznámá značka YAML '{_shown_tag(tag)}'",
                "značky (!…) zdroje nepoužívají; hodnotu napište bez ní, text dejte do uvozovek",
            ))
        elif tag == _INT:
            self._check_int(node)
        elif tag == _FLOAT:
            self._check_float(node)
        if isinstance(node, MappingNode):
            for key, _value in node.value:
                if str(key.tag) == _MERGE:
                    self.problems.append(Problem(
                        key.start_mark, "slučovací klíč '<<' zdroje nepodporují",
                        "klíče ze sdíleného bloku opište; odkaz (*…) lze použít jen na celou hodnotu",
                    ))

    def _check_int(self, node: Node) -> None:
        digits = _INT_PREFIX.sub("", str(node.value).replace("_", ""))
        if len(digits) > limits.MAX_YAML_INT_DIGITS:
            self.problems.append(Problem(
                node.start_mark, f"číslo má příliš mnoho číslic (víc než {limits.MAX_YAML_INT_DIGITS})",
                "je-li to text (např. číslo účtu), dejte jej do uvozovek",
            ))

    def _check_float(self, node: Node) -> None:
        written = str(node.value)
        text = written.replace("_", "").lower()
        if text in _NOT_FINITE:
            message = f"hodnota '{written}' není číslo s konečnou hodnotou"
        else:
            try:
                if math.isfinite(float(text)):
                    return
            except ValueError:
                return  # a form only ruamel reads; it reports it itself
            message = f"číslo '{shortened(written, 38)}' je příliš velké"
        self.problems.append(Problem(
            node.start_mark, message, "napište skutečné číslo, např. 3.5; je-li to text, dejte jej do uvozovek",
        ))


def _children(node: Node) -> list[tuple[int | None, Node]]:
    """Return the child nodes of ``node`` with their slots (a key has none; its value's slot is the key)."""
    if isinstance(node, SequenceNode):
        return list(enumerate(node.value))
    if isinstance(node, MappingNode):
        return [pair for key, value in node.value for pair in ((None, key), (id(key), value))]
    return []


def too_deep(mark: Any) -> Problem:
    """Return the problem of values nested deeper than the limit (every value counts a level, down to a scalar)."""
    return Problem(
        mark, f"hodnoty jsou vnořeny příliš hluboko (víc než {limits.MAX_YAML_DEPTH} úrovní)",
        "skutečné zdroje vnořují jen několik úrovní; zkontrolujte závorky a odsazení",
    )


def _shown_tag(tag: str) -> str:
    """Return a tag as it was written: ``!!python/object`` for the standard prefix, else as it is."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag
