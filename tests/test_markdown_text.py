"""Plain text from data files stays plain text in the generated Markdown: read back through pandoc."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.markdown_text import escape, paragraphs, pipe_table
from pipeline.pandoc import markdown_to_ast

PLAIN = [
    "2. pilíř důchodového spoření už obec neřeší.",
    "2) Druhý krok je návštěva v domácnosti.",
    "a) osoby v hmotné nouzi",
    "(b) senioři nad 80 let",
    "iv) čtvrtá oblast",
    "A. Nováková vede poradnu.",
    "- dluhová poradna jednou týdně",
    "+ nově i terénní práce",
    ": doplňující poznámka",
    "Dluhy & exekuce, zapsáno jako &amp; v původním textu",
    "Kontakt <info@lipova.cz>, sleva 50 % a *důležité* [poznámka] | oddělovač @citace",
]


def inlines_text(inlines: list[dict[str, Any]]) -> str:
    """Return the text of pandoc inlines: strings, spaces and nothing else allowed."""
    text = ""
    for inline in inlines:
        assert inline["t"] in {"Str", "Space"}, inline
        text += inline["c"] if inline["t"] == "Str" else " "
    return text


@pytest.mark.parametrize("text", PLAIN)
def test_escaped_text_is_one_plain_paragraph(text: str) -> None:
    blocks = markdown_to_ast(escape(text) + "\n")["blocks"]
    assert [block["t"] for block in blocks] == ["Para"]
    assert inlines_text(blocks[0]["c"]) == text


@pytest.mark.parametrize("text", PLAIN)
def test_escaped_paragraph_after_another_stays_plain(text: str) -> None:
    """A marker opens a list (or ``:`` a definition) only at a paragraph's start, after a blank line too."""
    blocks = markdown_to_ast("\n\n".join(paragraphs(f"Úvodní věta.\n\n{text}")) + "\n")["blocks"]
    assert [block["t"] for block in blocks] == ["Para", "Para"]
    assert inlines_text(blocks[1]["c"]) == text


@pytest.mark.parametrize("text", PLAIN)
def test_escaped_text_in_a_bullet_item_is_no_nested_list(text: str) -> None:
    (bullets,) = markdown_to_ast(f"- {escape(text)}\n")["blocks"]
    assert bullets["t"] == "BulletList"
    ((item,),) = bullets["c"]
    assert item["t"] == "Plain" and inlines_text(item["c"]) == text


def test_escaped_note_after_a_table_is_no_caption() -> None:
    markdown = "\n".join([*pipe_table(["Údaj", "Hodnota"], [40, 60], [["Obec", "Zálesí"]]), escape(": poznámka"), ""])
    blocks = markdown_to_ast(markdown)["blocks"]
    assert [block["t"] for block in blocks] == ["Table", "Para"]
    assert inlines_text(blocks[1]["c"]) == ": poznámka"


def test_text_without_markers_is_left_as_written() -> None:
    assert escape("Obec  má\n 2. ledna poradnu") == "Obec má 2. ledna poradnu"
