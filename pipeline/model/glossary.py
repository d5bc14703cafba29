"""Abbreviations and terms shared by all documents (``sources/glossary.yaml``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pipeline.errors import Diagnostics
from pipeline.model.types import SourceModel
from pipeline.model.validate import repeated_values
from pipeline.sources import YamlFile


def _filled(message: str) -> Callable[[str], str]:
    """Return a validator refusing an empty or blank text with ``message``: *Seznam zkratek* would print an empty cell."""

    def check(value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("empty_text", message, {"hint": "doplňte text, nebo celou položku smažte"})
        return value

    return check


class Term(SourceModel):
    """One abbreviation and what it stands for."""

    abbreviation: Annotated[str, AfterValidator(_filled("zkratka je prázdná"))] = Field(description="zkratka, např. OSPOD")
    meaning: Annotated[str, AfterValidator(_filled("znění zkratky je prázdné"))] = Field(
        description="plné znění zkratky"
    )


class Glossary(SourceModel):
    """The shared glossary."""

    terms: list[Term] = Field(default_factory=list)


def check_repeated(source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report an abbreviation given twice (an error) or twice in different case (a warning), at the later one.

    Read from the file as written, so the check runs even when other entries
    have errors. Twice the same: *Seznam zkratek* would show it twice, perhaps
    with two meanings, and which one the reader gets would be chance.
    Differing in case only (``OSPOD`` and ``Ospod``): each is matched in the
    text as written, so it may be meant, but it is far more often a slip.
    """
    terms = source.data.get("terms") if isinstance(source.data, dict) else None
    names = []
    for index, term in enumerate(terms if isinstance(terms, list) else []):
        written = term.get("abbreviation") if isinstance(term, dict) else None
        name = " ".join(written.split()) if isinstance(written, str) else ""
        if name:
            names.append((index, name))

    def line_of(index: int) -> int:
        return source.locate(("terms", index, "abbreviation")).line

    exact = repeated_values(names)
    for index, name, first in exact:
        diagnostics.error(source.locate(("terms", index, "abbreviation")), f"zkratka '{name}' je v glosáři dvakrát",
                          f"poprvé na řádku {line_of(first)}; ponechte jednu položku s jedním zněním")
    again = {index for index, _name, _first in exact}
    written_as = dict(names)
    for index, _folded, first in repeated_values([(index, name.casefold()) for index, name in names]):
        if index not in again:
            diagnostics.warning(
                source.locate(("terms", index, "abbreviation")),
                f"zkratka '{written_as[index]}' se od zkratky '{written_as[first]}' liší jen velikostí písmen",
                f"ta je na řádku {line_of(first)}; jde-li o tutéž zkratku, ponechte jednu",
            )
