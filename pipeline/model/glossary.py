"""Abbreviations and terms shared by all documents (``sources/glossary.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
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


#: The grammatical cases a text may mark (``[NNO]{pad=2}``) and a glossary may give forms for (issue 15):
#: 1–7 in the singular, 1mn–7mn in the plural (*množné číslo*). The singular nominative is the meaning itself.
CASES = tuple(str(number) for number in range(1, 8)) + tuple(f"{number}mn" for number in range(1, 8))
#: the capitals of Czech; two in a row are what the check of unknown abbreviations takes for one
UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
_CAPITALS = re.compile(f"[{UPPER}]{{2,}}")
CASE_HINT = "pád je číslo 1 až 7, v množném čísle s příponou mn, např. 2 nebo 7mn"


def case_key(written: Any) -> str:
    """Return the case as the glossary and the text name it: ``2``, ``7mn`` (YAML reads ``2:`` as a number)."""
    return "".join(str(written).split()).lower()


def _case_keys(value: Any) -> Any:
    """Return the forms with their cases as texts, so that ``2:`` and ``"2":`` are one key."""
    return {case_key(key): form for key, form in value.items()} if isinstance(value, dict) else value


def _known_cases(forms: dict[str, str]) -> dict[str, str]:
    """Refuse a case no text can mark, and the singular nominative: that is the meaning itself."""
    for case, form in forms.items():
        if case == "1":
            raise PydanticCustomError("nominative_form", "1. pád jednotného čísla je samo znění zkratky (meaning)",
                                      {"hint": "tvar 1 smažte; tvary jsou pro pády 2–7 a 1mn–7mn"})
        if case not in CASES:
            raise PydanticCustomError("unknown_case", "neznámý pád '{case}'", {"case": case, "hint": CASE_HINT})
        _filled(f"tvar pro pád {case} je prázdný")(form)
    return forms


class Term(SourceModel):
    """One abbreviation, what it stands for, and the forms of that meaning a text needs in other cases."""

    abbreviation: Annotated[str, AfterValidator(_filled("zkratka je prázdná"))] = Field(description="zkratka, např. OSPOD")
    meaning: Annotated[str, AfterValidator(_filled("znění zkratky je prázdné"))] = Field(
        description="plné znění zkratky (1. pád jednotného čísla)"
    )
    forms: Annotated[dict[str, str], BeforeValidator(_case_keys), AfterValidator(_known_cases)] = Field(
        default_factory=dict,
        description="znění v dalších pádech pro rozepsání zkratky v textu ([NNO]{pad=2}): "
        "2 až 7 v jednotném čísle, 1mn až 7mn v množném, např. 2: nestátní neziskové organizace",
    )

    def form(self, case: str) -> str | None:
        """Return the meaning in ``case`` (``2``, ``7mn``), or None if the glossary does not give it."""
        return self.meaning if case == "1" else self.forms.get(case)


class Glossary(SourceModel):
    """The shared glossary: abbreviations, and capitalised words that are not abbreviations."""

    terms: list[Term] = Field(default_factory=list)
    not_abbreviations: list[Annotated[str, AfterValidator(_filled("položka je prázdná"))]] = Field(
        default_factory=list,
        description="slova psaná velkými písmeny, která nejsou zkratkami (jména obcí, programů, zdůraznění), "
        "např. LIPOVÁ: kontrola neznámých zkratek je nehlásí",
    )


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


def check_not_abbreviations(glossary: Glossary, source: YamlFile, diagnostics: Diagnostics) -> None:
    """Report a word listed as not an abbreviation that the glossary explains as one (an error: which is
    meant?), listed twice, or with no run of capitals the abbreviation check could take for one (warnings)."""
    abbreviations = {" ".join(term.abbreviation.split()) for term in glossary.terms}
    names = [(index, " ".join(word.split())) for index, word in enumerate(glossary.not_abbreviations)]
    for index, word in names:
        where = source.locate(("not_abbreviations", index))
        if word in abbreviations:
            diagnostics.error(where, f"'{word}' je v glosáři zkratkou i v seznamu not_abbreviations",
                              "ponechte ji jen na jednom místě: zkratku v terms, jméno v not_abbreviations")
        elif not _CAPITALS.search(word):
            diagnostics.warning(where, f"'{word}' není psáno velkými písmeny, jako zkratka se nehlásí",
                                "položku smažte, nebo ji napište tak, jak stojí v textu")
    for index, word, first in repeated_values(names):
        diagnostics.warning(source.locate(("not_abbreviations", index)),
                            f"'{word}' je v seznamu not_abbreviations dvakrát",
                            f"poprvé na řádku {source.locate(('not_abbreviations', first)).line}; jednu položku smažte")
