"""How the filters and functions of templates are written, and a Czech message when one is misused.

``{{ celkem|pocet("osoba") }}`` used to end in Python's words at the start of
the line (``count_of() missing 2 required positional arguments``,
``float() argument must be … not 'dict'``); a methodologist cannot act on
that. Every filter and function a source may call is wrapped by
:func:`explained`: when its value or arguments do not fit, it raises
:class:`FilterMisuse`, which names the filter, what it was given and how it is
written, and which :mod:`pipeline.compose` places at the filter in the chapter
(issue 15).

A filter of a kind declares how it is written with :func:`template_usage`;
Jinja's own filters that documents use are described in :data:`BUILTIN`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from jinja2 import Environment, Undefined
from jinja2.utils import _PassArg

from pipeline.errors import shortened
from pipeline.jinja_limits import CONCAT_FILTER, LOOP_FILTER

#: what a number is in a template: an integer, a figure of a report (a float) or a Decimal, never a yes/no
NUMBER: tuple[type, ...] = (int, float, Decimal)
TEXT: tuple[type, ...] = (str,)
#: characters of a value quoted in a message
QUOTED = 40


@dataclass(frozen=True)
class Usage:
    """How a filter or function is written, and what its value and arguments must be."""

    #: the way it is written, e.g. ``číslo|pocet("osoba", "osoby", "osob")``
    written: str
    #: types the value before ``|`` must have (None: whatever the filter itself accepts)
    value: tuple[type, ...] | None = None
    #: types every argument must have (None: not checked before the call)
    arguments: tuple[type, ...] | None = None
    #: more about it, e.g. an optional argument
    note: str = ""

    def hint(self) -> str:
        """Return the Czech hint: how the filter is written (and the note)."""
        return f"zápis: {self.written}" + (f"; {self.note}" if self.note else "")


class FilterMisuse(Exception):
    """A template gave a filter or function a value or arguments it cannot use; the message is Czech."""

    def __init__(self, name: str, message: str, hint: str, values: tuple[Any, ...]) -> None:
        super().__init__(message)
        #: the filter's or function's name, as the template writes it
        self.name = name
        self.message = message
        self.hint = hint
        #: the value and the arguments it was given (a caller may know some of them stand for failed sources)
        self.values = values


F = TypeVar("F", bound=Callable[..., Any])


def template_usage(usage: Usage) -> Callable[[F], F]:
    """Mark a function as a template filter written as ``usage`` says (read by :func:`explained`)."""

    def mark(function: F) -> F:
        function.template_usage = usage  # type: ignore[attr-defined]
        return function

    return mark


#: Jinja's own filters that texts of documents use, as they are written
BUILTIN: dict[str, Usage] = {
    "round": Usage("číslo|round(počet desetinných míst)", value=NUMBER, note='např. hodnota|round(1)'),
    "abs": Usage("číslo|abs", value=NUMBER),
    "int": Usage("hodnota|int"),
    "float": Usage("hodnota|float"),
    "sum": Usage("seznam|sum nebo seznam|sum(attribute=\"položka\")"),
    "join": Usage('seznam|join(", ")'),
    "length": Usage("seznam|length nebo text|length"),
    "first": Usage("seznam|first"),
    "last": Usage("seznam|last"),
    "max": Usage("seznam|max"),
    "min": Usage("seznam|min"),
    "sort": Usage("seznam|sort nebo seznam|sort(attribute=\"položka\")"),
    "list": Usage("hodnota|list"),
    "default": Usage('hodnota|default("náhradní text")'),
    "replace": Usage('text|replace("co", "čím")', arguments=TEXT),
    "format": Usage('"vzor %s"|format(hodnota)', value=TEXT),
    "lower": Usage("text|lower", value=TEXT),
    "upper": Usage("text|upper", value=TEXT),
    "capitalize": Usage("text|capitalize", value=TEXT),
    "title": Usage("text|title", value=TEXT),
    "trim": Usage("text|trim", value=TEXT),
    "truncate": Usage("text|truncate(počet znaků)", value=TEXT),
    "dictsort": Usage("skupina|dictsort"),
    "items": Usage("skupina|items"),
}
#: the functions a template may call by name, as they are written
FUNCTIONS: dict[str, Usage] = {
    "range": Usage("range(do) nebo range(od, do[, krok]) s celými čísly", note="číslo zprávy převeďte filtrem int"),
}
#: filters a template's syntax tree is rewritten to use: no source writes them
INTERNAL_FILTERS = frozenset({LOOP_FILTER, CONCAT_FILTER})
#: exceptions a filter raises when its value or arguments do not fit it
#: (a result too big or a division by zero is not a misfit: pipeline.compose says so in its own words)
_MISFITS = (TypeError, ValueError)


def explain_misuse(environment: Environment) -> None:
    """Wrap every filter of ``environment`` a source may call, and its functions, with :func:`explained`.

    The filters are wrapped as installed, measured by :mod:`pipeline.jinja_limits`
    (which reads a sequence before the filter does); the internal ones that the
    template's syntax tree was rewritten to use are left as they are.
    """
    for name, function in environment.filters.items():
        if name not in INTERNAL_FILTERS:
            environment.filters[name] = explained(name, function)
    for name in FUNCTIONS.keys() & environment.globals.keys():
        environment.globals[name] = explained(name, environment.globals[name], "funkce")


def explained(name: str, function: Callable[..., Any], what: str = "filtr") -> Callable[..., Any]:
    """Return ``function`` (the filter or function ``name``) raising :class:`FilterMisuse` where it does not fit.

    The value and arguments are checked against the declared :class:`Usage`
    before the call; an exception of the call itself (too few arguments, a
    value it cannot convert) is translated too. A value that is undefined is
    left to Jinja: the undefined name is what gets reported.
    """
    usage: Usage | None = getattr(function, "template_usage", None) or BUILTIN.get(name) or FUNCTIONS.get(name)
    first = 1 if _PassArg.from_obj(function) is not None else 0
    # A function has no value before |: all it is given are arguments.
    valued = what == "filtr"

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        given = args[first:]
        if any(isinstance(item, Undefined) for item in (*given, *kwargs.values())):
            return function(*args, **kwargs)
        value, arguments = (given[0], given[1:]) if valued and given else (None, given)
        if usage is not None:
            _check_types(name, what, usage, value if valued and given else _NOTHING, (*arguments, *kwargs.values()))
        try:
            return function(*args, **kwargs)
        except _MISFITS as exc:
            if not _fits_signature(function, args, kwargs):
                expected = _argument_count(function, first + (1 if valued else 0))
                raise FilterMisuse(
                    name, f"{what} '{name}' potřebuje v závorce {expected}, dostal {len(arguments) + len(kwargs)}",
                    usage.hint() if usage else "zkontrolujte argumenty v závorce", given,
                ) from exc
            raise FilterMisuse(
                name, _misfit(name, what, value if valued else _NOTHING, (*arguments, *kwargs.values())),
                usage.hint() if usage else "zkontrolujte hodnotu před | a argumenty v závorce", given,
            ) from exc

    return checked


_NOTHING = object()


def _check_types(name: str, what: str, usage: Usage, value: Any, arguments: tuple[Any, ...]) -> None:
    """Raise :class:`FilterMisuse` when ``value`` or one of ``arguments`` is not of the type ``usage`` asks."""
    values = arguments if value is _NOTHING else (value, *arguments)
    if value is not _NOTHING and usage.value is not None and not _is_a(value, usage.value):
        raise FilterMisuse(name, _misfit(name, what, value, ()), usage.hint(), values)
    if usage.arguments is not None:
        for item in arguments:
            if not _is_a(item, usage.arguments):
                raise FilterMisuse(
                    name, f"{what} '{name}' nepřijme jako argument {describe(item)}, čeká {_kind_of(usage.arguments)}",
                    usage.hint(), values,
                )


def _is_a(value: Any, types: tuple[type, ...]) -> bool:
    """Return True if ``value`` is one of ``types`` (a yes/no is not a number)."""
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in types)


def _fits_signature(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Return True if ``function`` takes ``args`` and ``kwargs`` (or its signature cannot be read)."""
    try:
        inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return False
    except ValueError:  # a function whose signature Python cannot tell
        return True
    return True


def _argument_count(function: Callable[..., Any], skipped: int) -> str:
    """Return how many arguments ``function`` takes after its first ``skipped``, in Czech (``3 až 4 argumenty``)."""
    try:
        parameters = list(inspect.signature(function).parameters.values())[skipped:]
    except ValueError:
        return "jiný počet argumentů"
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
        return "jiný počet argumentů"
    least = sum(1 for p in parameters if p.default is p.empty)
    most = len(parameters)
    counted = f"{least}" if least == most else f"{least} až {most}"
    return f"{counted} {'argument' if most == 1 else 'argumenty' if 2 <= most <= 4 else 'argumentů'}"


def _misfit(name: str, what: str, value: Any, arguments: tuple[Any, ...]) -> str:
    """Return the Czech message: the filter cannot be used on ``value`` (with ``arguments``)."""
    with_arguments = f" s argumenty {', '.join(describe(item) for item in arguments)}" if arguments else ""
    if value is _NOTHING:
        return f"{what} '{name}' nelze zavolat{with_arguments or ' takto'}"
    return f"{what} '{name}' nelze použít na {describe(value)}{with_arguments}"


def describe(value: Any) -> str:
    """Return ``value`` as a Czech message names it (in the accusative): ``text 'abc'``, ``číslo 3``, …"""
    if value is None:
        return "prázdnou hodnotu (none)"
    if isinstance(value, bool):
        return f"hodnotu ano/ne ({'true' if value else 'false'})"
    if isinstance(value, NUMBER):
        return f"číslo {value}"
    if isinstance(value, str):
        return f"text '{shortened(value, QUOTED)}'"
    if isinstance(value, Mapping):
        keys = ", ".join(str(key) for key in list(value)[:6]) + (", …" if len(value) > 6 else "")
        return f"skupinu údajů ({keys}), ne jeden z nich" if keys else "prázdnou skupinu údajů"
    if isinstance(value, (list, tuple)):
        return f"seznam ({len(value)} položek)"
    return "hodnotu jiného druhu"


def _kind_of(types: tuple[type, ...]) -> str:
    """Return what ``types`` are, in Czech (the accusative)."""
    if types == TEXT:
        return "text v uvozovkách"
    if types == (int,):
        return "celé číslo"
    return "číslo" if set(types) <= set(NUMBER) else "jinou hodnotu"
