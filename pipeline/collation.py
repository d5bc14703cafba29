"""Czech alphabetical order (ČSN 97 6030): ch after h; č, ř, š, ž letters of their own.

Python sorts by code point, which puts "Č" after "Z" and "ch" between "cg"
and "ci". The key below compares at three levels, as Czech dictionaries do:

1. letters: a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž,
   numbers before them, by value; spaces, hyphens, dots and other signs are skipped;
2. accents that do not make a letter of their own (á, é, ě, í, ó, ú, ů, ý,
   ď, ť, ň): the plain letter first (rada < ráda);
3. case: lowercase first (ab < Ab < AB).

So "ÚP ČR" sorts among the U's, and "CHKO" after "HZS".
"""

from __future__ import annotations

import unicodedata

ALPHABET = (
    "a", "b", "c", "č", "d", "e", "f", "g", "h", "ch", "i", "j", "k", "l", "m", "n", "o", "p", "q",
    "r", "ř", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž",
)
RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# A letter outside the Czech alphabet (ł, ø, ß …) sorts after ž, by code point.
FOREIGN = len(ALPHABET)
# The caron makes these letters of their own; every other accent only breaks ties.
OWN_LETTERS = frozenset("čřšž")


def _letters(text: str) -> list[str]:
    """Split ``text`` into Czech letters (``ch`` is one, in any case), numbers and other characters."""
    letters: list[str] = []
    index = 0
    while index < len(text):
        end = index + 1
        if text[index].isdecimal():
            while end < len(text) and text[end].isdecimal():
                end += 1  # a number is one unit, so that 2 sorts before 10
        elif text[index : index + 2].lower() == "ch":
            end += 1
        letters.append(text[index:end])
        index = end
    return letters


def _base(letter: str) -> str:
    """Return lowercase ``letter`` without accents, unless the accent makes a letter of its own."""
    lower = letter.lower()
    if lower in OWN_LETTERS or lower == "ch" or lower.isdecimal():
        return lower
    return unicodedata.normalize("NFD", lower)[0]


def _primary(base: str) -> tuple[int, int] | None:
    """Return the weight of a base letter or number, or None for a character sorting ignores.

    Numbers come before letters and compare by value.
    """
    if base.isdecimal():
        return (0, int(base))
    if base in RANK:
        return (1, RANK[base])
    if base.isalpha():
        return (1, FOREIGN + ord(base))
    return None


def czech_sort_key(text: str) -> tuple:
    """Return a key that sorts texts in Czech alphabetical order (ČSN 97 6030).

    The key is ``(letters, accents, case, text)``: each level only decides when
    all before it are equal. The text itself comes last so that the order is
    total and never depends on the order of the input.
    """
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for letter in _letters(unicodedata.normalize("NFC", text)):
        base = _base(letter)
        weight = _primary(base)
        if weight is None:
            continue  # spaces, hyphens, dots: ignored at the first level
        primary.append(weight)
        lower = letter.lower()
        # The plain letter before its accented forms; accents among themselves by code point (é < ě, ú < ů).
        secondary.append(0 if lower == base else ord(lower[0]))
        tertiary.extend(int(character.isupper()) for character in letter)
    return tuple(primary), tuple(secondary), tuple(tertiary), text
