"""A Jinja sandbox with limits: how long a template loops, how much text it makes, how deep it recurses.

Jinja's sandbox keeps a template away from the program's internals, but not
from its own appetite: ``{% for i in range(10**9) %}`` spins for hours,
``{{ 'x' * 10**9 }}`` takes a gigabyte, a macro calling itself overflows the
stack. :class:`LimitedEnvironment` counts and measures at every place a
template can grow or repeat (loops, macro calls, operators, filters, method
calls, concatenation with ``~``, the output) and stops it with
:class:`TemplateLimit`, a Czech message that :mod:`pipeline.compose` places at
the template line. Sizes are checked before a value is built wherever its
size can be foreseen, so a bomb is refused without being made.
"""

from __future__ import annotations

import functools
import math
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

from pipeline import limits

#: internal filters the template's syntax tree is rewritten to use (see :meth:`LimitedEnvironment.guard`)
LOOP_FILTER = "pipeline_counted_loop"
CONCAT_FILTER = "pipeline_checked_concat"

_SIZED = (str, list, tuple, dict, set, frozenset)
#: the flags, width and precision of a ``%`` conversion, read from just after its ``%`` or its ``(key)``
_PERCENT_SPEC = re.compile(r"[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?")
#: a ``{…}`` field with one level of nested fields, and its format spec
_BRACE_FIELD = re.compile(r"\{[^{}:]*(?::(?P<spec>[^{}]*(?:\{[^{}]*\}[^{}]*)*))?\}")
#: text methods whose number arguments are widths of the result
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class TemplateLimit(Exception):
    """A template went beyond a limit of :mod:`pipeline.limits`; the message and hint are Czech."""

    def __init__(self, message: str, hint: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        #: the template line, when it is not that of the innermost template frame of the traceback
        self.line = line


def _within(value: float, limit: float, message: str, hint: str) -> None:
    """Raise :class:`TemplateLimit` with ``message`` (its ``{limit}`` filled in) when ``value`` is beyond ``limit``."""
    if value > limit:
        raise TemplateLimit(message.format(limit=int(limit) if float(limit).is_integer() else limit), hint)


def _too_long() -> TemplateLimit:
    return TemplateLimit(_TOO_LONG.format(limit=limits.MAX_TEMPLATE_OUTPUT_CHARS), _TOO_LONG_HINT)


_TOO_LONG = "šablona by vytvořila příliš dlouhý text (víc než {limit} znaků)"
_TOO_LONG_HINT = "zkontrolujte násobení textu (*), spojování (join, ~) a cykly; takový text skutečný dokument nepotřebuje"


def _check_length(length: int) -> None:
    _within(length, limits.MAX_TEMPLATE_OUTPUT_CHARS, _TOO_LONG, _TOO_LONG_HINT)


def _check_number(number: Any) -> None:
    """Refuse an integer argument (a width, a count) that would make a value beyond the size limit."""
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) > limits.MAX_TEMPLATE_OUTPUT_CHARS:
        raise _too_long()


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox for user-written sources, with the limits of :mod:`pipeline.limits`.

    One environment renders one source: :meth:`render` starts its counters.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.depth = 0
        self.started = time.thread_time()
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # makes any amount of text; nothing a document needs

    def add_filters(self, filters: dict[str, Callable[..., Any]]) -> None:
        """Install ``filters`` (and Jinja's own), each one measured; then the internal ones."""
        every = {**self.filters, **filters}
        self.filters = {name: _measured_filter(self, name, function) for name, function in every.items()}
        self.filters[LOOP_FILTER] = pass_context(lambda _context, iterable: self._counted(iterable))
        self.filters[CONCAT_FILTER] = pass_context(lambda _context, values: self.concat(str(v) for v in values))

    def guard(self, template: nodes.Template) -> nodes.Template:
        """Return ``template``'s syntax tree with every loop counted and every ``~`` measured."""
        for loop in template.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
        for parent in template.find_all(nodes.Node):
            for field, value in parent.iter_fields():
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, _concat_filter(value))
                elif isinstance(value, list):
                    value[:] = [_concat_filter(item) if isinstance(item, nodes.Concat) else item for item in value]
        template.set_environment(self)
        return template

    def render_limited(self, template: Any, context: dict[str, Any]) -> str:
        """Render ``template`` with ``context`` within the limits; raise :class:`TemplateLimit` beyond them."""
        self.steps, self.depth, self.started = 0, 0, time.thread_time()
        pieces = template.root_render_func(template.new_context(dict(context)))
        kept: list[str] = []
        length = 0
        try:
            for piece in pieces:
                length += len(piece)
                if length > limits.MAX_TEMPLATE_OUTPUT_CHARS:
                    break
                kept.append(piece)
        except Exception:  # noqa: BLE001 - Jinja rewrites the traceback to template lines, as render() does
            self.handle_exception()
        if length > limits.MAX_TEMPLATE_OUTPUT_CHARS:
            frame = pieces.gi_frame  # where the template stopped: the line that wrote the piece too many
            raise TemplateLimit(
                _too_long().message, _TOO_LONG_HINT, template.get_corresponding_lineno(frame.f_lineno) if frame else 1
            )
        return "".join(kept)

    # -- counting and timing ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Stop a template that has run longer than the time limit."""
        _within(
            time.thread_time() - self.started, limits.MAX_TEMPLATE_SECONDS,
            "vyhodnocení šablony trvá příliš dlouho (víc než {limit} s)",
            "zkontrolujte cykly a makra; skutečná kapitola se vyhodnotí za zlomek sekundy",
        )

    def step(self) -> None:
        """Count one pass of a loop or one macro call."""
        self.steps += 1
        _within(
            self.steps, limits.MAX_TEMPLATE_ITERATIONS,
            "šablona opakuje příliš mnoho kroků (víc než {limit} průchodů cyklů a volání maker)",
            "zkontrolujte rozsahy cyklů for, vnořené cykly a makra, která volají sama sebe",
        )
        self.tick()

    def _counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.step()
            yield item

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        _within(
            len(numbers), limits.MAX_TEMPLATE_RANGE, "rozsah range() je příliš velký (víc než {limit} čísel)",
            "cyklus přes tolik čísel skutečný dokument nepotřebuje",
        )
        return numbers

    # -- the sandbox's hooks ---------------------------------------------------------------------------

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Join output pieces (of the whole source, a macro, a ``set`` block), measuring as they come."""
        kept: list[str] = []
        length = 0
        for piece in pieces:
            length += len(piece)
            _check_length(length)
            kept.append(piece)
        return "".join(kept)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call ``__obj`` from a template: macros and recursive loops counted and nested within the limit."""
        __self.tick()
        recursive = isinstance(__obj, (Macro, LoopContext))
        if recursive:
            __self.step()
            __self.depth += 1
            _within(
                __self.depth, limits.MAX_TEMPLATE_CALL_DEPTH,
                "makra nebo rekurzivní cyklus se volají příliš hluboko (víc než {limit} úrovní)",
                "makro, které volá samo sebe, potřebuje podmínku, kdy skončit",
            )
            if isinstance(__obj, LoopContext) and args:
                args = (__self._counted(args[0]), *args[1:])
        else:
            _check_method_call(__obj, args, kwargs)
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            if recursive:
                __self.depth -= 1
        if not recursive:
            _check_result(result)
            if isinstance(getattr(__obj, "__self__", None), _SIZED):
                _check_length(len(__obj.__self__))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Return the sandbox's ``str.format`` for ``value``, refusing widths beyond the size limit first."""
        sandboxed = super().wrap_str_format(value)
        if sandboxed is None:
            return None

        @functools.wraps(sandboxed)
        def measured(*args: Any, **kwargs: Any) -> str:
            mapped = [v for arg in args if isinstance(arg, dict) for v in arg.values()]
            _check_format(value.__self__, (*args, *kwargs.values(), *mapped))
            result = sandboxed(*args, **kwargs)
            _check_length(len(result))
            return result

        return measured

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Apply ``left operator right`` unless its result would be too large."""
        self.tick()
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            _check_length(len(left) + len(right))
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,))
        try:
            result = super().call_binop(context, operator, left, right)
        except OverflowError:
            raise TemplateLimit("výsledek výpočtu v šabloně je příliš velké číslo", "zkontrolujte výpočet") from None
        if isinstance(result, int) and not isinstance(result, bool):
            _check_digits(result.bit_length())
        return result


def _concat_filter(concat: nodes.Concat) -> nodes.Filter:
    """Return ``a ~ b`` as a call of the measuring concatenation filter."""
    return nodes.Filter(nodes.List(concat.nodes, lineno=concat.lineno), CONCAT_FILTER, [], [], None, None,
                        lineno=concat.lineno)


def _check_repeat(left: Any, right: Any) -> None:
    """Refuse ``text * n`` (or ``n * list``) that would be too long, and a product of too long integers."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, _SIZED) and isinstance(times, int):
            _check_length(len(sequence) * max(times, 0))
    if isinstance(left, int) and isinstance(right, int):
        _check_digits(left.bit_length() + right.bit_length())


def _check_power(base: Any, exponent: Any) -> None:
    """Refuse an integer power with more digits than Python can write out."""
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        _check_digits(int(exponent * math.log2(abs(base))) + 1)


def _check_digits(bits: int) -> None:
    _within(
        bits * math.log10(2), limits.MAX_TEMPLATE_NUMBER_DIGITS,
        "výsledek výpočtu v šabloně je příliš velké číslo (víc než {limit} číslic)", "zkontrolujte mocniny a násobení",
    )


def _check_format(template: str, values: Iterable[Any]) -> None:
    """Refuse ``'%1000000000d' % 1`` and ``'{:>1000000000}'.format(1)``: a width beyond the size limit.

    A width taken from the values (``%*d``, ``{:>{w}}``) makes every integer value count as a width.
    """
    widths_from_values = False
    specs = [*_percent_specs(template), *(field.group("spec") or "" for field in _BRACE_FIELD.finditer(template))]
    for spec in specs:
        for number in re.findall(r"\d+", spec):
            if len(number) > len(str(limits.MAX_TEMPLATE_OUTPUT_CHARS)) or int(number) > limits.MAX_TEMPLATE_OUTPUT_CHARS:
                raise _too_long()
        widths_from_values = widths_from_values or "*" in spec or "{" in spec
    if widths_from_values:
        for value in values:
            _check_number(value)


def _percent_specs(template: str) -> Iterator[str]:
    """Yield the flags, width and precision of each ``%`` conversion of ``template``, in one pass.

    A ``%(key)`` is skipped to its *matching* bracket, as Python reads it (a
    key may hold brackets); a regex for the key rescanned the rest of the text
    at every ``%(`` without an end, and stopped at the first ``)``.
    """
    at = template.find("%")
    while at >= 0:
        at += 1
        if template.startswith("%", at):  # "%%" is a literal percent sign
            at = template.find("%", at + 1)
            continue
        if template.startswith("(", at):
            depth, at = 1, at + 1
            while depth and at < len(template):
                depth += (template[at] == "(") - (template[at] == ")")
                at += 1
            if depth:
                return  # a key without its end: Python refuses the whole format
        spec = _PERCENT_SPEC.match(template, at)
        yield spec.group() if spec else ""
        at = template.find("%", spec.end() if spec else at)


def _check_method_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a text or list method that would build a value beyond the size limit."""
    owner = getattr(function, "__self__", None)
    if not isinstance(function, (types.BuiltinMethodType, types.MethodWrapperType)) or not isinstance(owner, _SIZED):
        return
    name = function.__name__
    values = (*args, *kwargs.values())
    if name in _WIDTH_METHODS and isinstance(owner, str):
        for value in values:
            _check_number(value)
    if name == "join" and isinstance(owner, str) and args:
        _check_length(_joined_length(args[0], owner))
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        _check_length(_replaced_length(owner, *args[:2]))
    elif name == "extend" and args and isinstance(args[0], _SIZED):
        _check_length(len(owner) + len(args[0]))


def _check_result(result: Any) -> None:
    if isinstance(result, _SIZED):
        _check_length(len(result))


def _joined_length(items: Any, separator: str) -> int:
    """Return how long ``separator.join(items)`` would be, without joining (``items`` must be a list)."""
    if not isinstance(items, (list, tuple)):
        return 0  # an iterator is joined by Python lazily; the result is checked afterwards
    length = len(separator) * max(len(items) - 1, 0)
    for item in items:
        length += len(item) if isinstance(item, str) else len(str(item))
        _check_length(length)
    return length


def _replaced_length(text: str, old: str, new: Any) -> int:
    """Return how long ``text.replace(old, new)`` would be, without replacing."""
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * (len(new) - len(old))


# -- filters -------------------------------------------------------------------------------------------------
# Each estimate takes the filter's own arguments (by Jinja's names) and returns the result's length.

def _estimate_join(value: list[Any], d: Any = "", attribute: Any = None, *, environment: Any) -> int:
    return _joined_length(_attributes(value, attribute, environment), str(d))


def _estimate_sum(iterable: list[Any], attribute: Any = None, start: Any = 0, *, environment: Any) -> int:
    items = _attributes(iterable, attribute, environment)
    return sum(len(item) for item in (start, *items) if isinstance(item, _SIZED))


def _attributes(items: list[Any], attribute: Any, environment: Any) -> list[Any]:
    """Return ``items``, or their ``attribute`` (as Jinja's filters read it) when one is given."""
    if attribute is None:
        return items
    getter = make_attrgetter(environment, attribute)
    return [getter(item) for item in items]


def _estimate_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    step = width if isinstance(width, int) else len(str(width))
    return len(str(s)) + (str(s).count("\n") + 1) * max(step, 0)


def _estimate_wordwrap(s: Any, width: Any = 79, break_long_words: bool = True, wrapstring: Any = None,
                       break_on_hyphens: bool = True) -> int:
    breaks = len(str(s)) // max(width if isinstance(width, int) else 1, 1) + str(s).count("\n") + 1
    return len(str(s)) + breaks * len(str(wrapstring or "\n"))


def _estimate_center(value: Any, width: Any = 80) -> int:
    return max(len(str(value)), width if isinstance(width, int) else 0)


def _estimate_replace(s: Any, old: Any, new: Any, count: Any = None) -> int:
    return _replaced_length(str(s), old, new)


def _estimate_format(value: Any, *args: Any, **kwargs: Any) -> int:
    _check_format(str(value), (*args, *kwargs.values()))
    return 0


def _estimate_parts(value: Any, count: Any = 1, fill_with: Any = None) -> int:
    """A ``slice`` or ``batch`` makes up to ``count`` lists or fills: bounded like a range."""
    if isinstance(count, int):
        _within(count, limits.MAX_TEMPLATE_RANGE, "seznam nelze rozdělit na víc než {limit} částí",
                "rozdělte seznam na méně částí")
    return 0


#: filters whose result size can be foreseen from their arguments: name → estimate of the result's length
_ESTIMATES: dict[str, Callable[..., int]] = {
    "join": _estimate_join,
    "sum": _estimate_sum,
    "indent": _estimate_indent,
    "wordwrap": _estimate_wordwrap,
    "center": _estimate_center,
    "replace": _estimate_replace,
    "format": _estimate_format,
    "slice": _estimate_parts,
    "batch": _estimate_parts,
}
#: filters whose estimate reads every item: their input is made a list first, and passed on as such
_READ_ITEMS = frozenset({"join", "sum"})


def _measured_filter(environment: LimitedEnvironment, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``function`` (the filter ``name``) timed, its result's size foreseen where possible and checked."""
    passes = _PassArg.from_obj(function) is not None
    estimate = _ESTIMATES.get(name)

    @functools.wraps(function)
    def measured(*args: Any, **kwargs: Any) -> Any:
        environment.tick()
        if estimate is not None:
            first = 1 if passes else 0
            if name in _READ_ITEMS and len(args) > first:
                args = (*args[:first], list(args[first]), *args[first + 1 :])
                _check_length(estimate(*args[first:], **kwargs, environment=environment))
            else:
                _check_length(estimate(*args[first:], **kwargs))
        result = function(*args, **kwargs)
        _check_result(result)
        return result

    return measured
