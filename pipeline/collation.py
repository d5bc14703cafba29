"""Czech alphabetical order (ČSN 97 6030): ch after h; č, ř, š, ž letters of their own.

Python sorts by code point, which puts "Č" after "Z" and "ch" between "cg"
and "ci". The key below compares at three levels, as Czech dictionaries do:
letters, then accents that are not letters of their own (á, é, ů …), then case.
"""

from __future__ import annotations

import unicodedata

ALPHABET = [
    "a", "b", "c", "č", "d", "e", "f", "g", "h", "ch", "i", "j", "k", "l", "m", "n", "o", "p", "q",
    "r", "ř", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž",
]
RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# Letters of their own keep their caron; every other accent only breaks ties.
OWN_LETTERS = frozenset("čřšž")


def _letters(text: str) -> list[str]:
    """Split lower-cased ``text`` into Czech letters, ``ch`` being one."""
    letters, index = [], 0
    while index < len(text):
        if text.startswith("ch", index):
            letters.append("ch")
            index += 2
        else:
            letters.append(text[index])
            index += 1
    return letters


def _base(letter: str) -> str:
    """Return ``letter`` without accents, unless the accent makes a letter of its own."""
    if letter in OWN_LETTERS or letter == "ch":
        return letter
    return unicodedata.normalize("NFD", letter)[0]


def czech_sort_key(text: str) -> tuple[tuple[int, ...], tuple[str, ...], tuple[bool, ...]]:
    """Return a key that sorts texts in Czech alphabetical order."""
    lower = text.lower()
    primary: list[int] = []
    secondary: list[str] = []
    for letter in _letters(lower):
        base = _base(letter)
        if base.isdigit():
            primary.append(int(base) - 10)  # digits before letters
        elif base in RANK:
            primary.append(RANK[base])
        elif base.isalpha():
            primary.append(len(ALPHABET) + ord(base))
        else:
            continue  # spaces, hyphens, dots: ignored at the first level
        secondary.append(letter)
    tertiary = tuple(character.isupper() for character in text if character.isalpha())
    return tuple(primary), tuple(secondary), tertiary
