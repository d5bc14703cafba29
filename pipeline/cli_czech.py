"""Czech texts for what Click itself prints: usage lines, help headings, option errors.

Click passes these messages through ``gettext`` but ships no Czech catalogue,
and gettext would pick a language from the machine's locale anyway (``C`` on
servers). Our users read Czech everywhere, so the names Click's modules call
(``_`` and ``ngettext``) are pointed at this small catalogue. A message missing
here stays in English: nothing is hidden.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

#: Click's message → Czech, with the same ``{placeholders}``
MESSAGES = {
    "Usage:": "Použití:",
    "Options": "Přepínače",
    "Commands": "Příkazy",
    "Show this message and exit.": "Vypíše tuto nápovědu a skončí.",
    "Show the version and exit.": "Vypíše verzi a skončí.",
    "Try '{command} {option}' for help.": "Nápovědu vypíše '{command} {option}'.",
    "Error: {message}": "chyba: {message}",
    "No such option {name!r}.": "neznámý přepínač {name!r}.",
    "No such command {name!r}.": "neznámý příkaz {name!r}.",
    "Invalid value for {param_hint}: {message}": "neplatná hodnota {param_hint}: {message}",
    "Invalid value: {message}": "neplatná hodnota: {message}",
    "Missing argument": "chybí argument",
    "Missing option": "chybí přepínač",
    "Missing parameter": "chybí parametr",
    "Missing command.": "chybí příkaz.",
    "Option {name!r} does not take a value.": "přepínač {name!r} se píše bez hodnoty.",
    "{value} is not in the range {range}.": "{value} není v rozsahu {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} není číslo.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} neexistuje.",
    "Aborted!": "Přerušeno.",
    "default: {default}": "výchozí: {default}",
}

#: (singular, plural) of Click → (one, several) in Czech
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("nečekaný argument navíc ({args})", "nečekané argumenty navíc ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Možná jste mysleli {possibility}?", "(Možná jste mysleli některý z: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("přepínač {name!r} potřebuje hodnotu.", "přepínač {name!r} potřebuje {nargs} hodnoty."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} není {choice}.", "{value!r} není žádná z hodnot {choices}."),
}

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    """Return the Czech text of one of Click's messages (or the message itself)."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the Czech text of one of Click's messages that depend on a count."""
    one, several = PLURALS.get((singular, plural), (singular, plural))
    return one if count == 1 else several


def install() -> None:
    """Make Click print its messages in Czech (affects this process only)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class CzechCommand(click.Command):
    """A command whose usage line names its options in Czech."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PŘEPÍNAČE]")
        super().__init__(*args, **kwargs)


class CzechGroup(click.Group):
    """The ``pipeline`` group: Czech usage line, and Czech usage lines of its commands."""

    command_class = CzechCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PŘEPÍNAČE]")
        kwargs.setdefault("subcommand_metavar", "PŘÍKAZ [ARGUMENTY]…")
        super().__init__(*args, **kwargs)
