"""The ``methodology`` kind: a Metodika made of chapters and lettered annexes."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from pipeline.compose import Part
from pipeline.errors import Diagnostics
from pipeline.kinds import Edition, Kind, Plan, PlanInputs
from pipeline.model.document import DocumentBase
from pipeline.model.types import Isbn, PersonName, SourceModel
from pipeline.sources import YamlFile


class Publisher(SourceModel):
    """Who publishes the methodology, as the tiráž names them."""

    name: str = Field(description="název vydavatele")
    address: str = Field(description="adresa vydavatele")


class Imprint(SourceModel):
    """The tiráž: the publication's formal particulars, on the back of the title page."""

    reviewers: list[PersonName] = Field(default_factory=list, description="recenzenti")
    editor: PersonName | None = Field(None, description="odpovědný redaktor / redakce")
    publisher: Publisher | None = Field(
        None, description="vydavatel (výchozí: organizace dokumentu, jinak z project.yaml)"
    )
    edition: str | None = Field(None, description="vydání, např. \"1. vydání\"")
    isbn: Isbn | None = Field(None, description="ISBN s platnou kontrolní číslicí")
    licence: str | None = Field(None, description="licence, např. CC BY 4.0")


class MethodologyDocument(DocumentBase):
    """``document.yaml`` of a methodology."""

    kind: Literal["methodology"]
    front_matter: list[str] = Field(
        default_factory=list, description="nečíslované části před kapitolami, např. predmluva.md"
    )
    chapters: list[str] = Field(min_length=1, description="soubory kapitol v pořadí, např. 01-uvod.md")
    annexes: list[str] = Field(default_factory=list, description="soubory příloh v pořadí (Příloha A, B, …)")
    annexes_own_numbering: bool = Field(
        False, description="tabulky a obrázky v přílohách číslovat zvlášť (A.1, A.2, …) místo průběžně"
    )
    imprint: Imprint | None = Field(None, description="tiráž")
    expand_abbreviations: bool = Field(
        False,
        description="zkratky při prvním výskytu v textu vypsat: NNO (nestátní nezisková organizace); "
        "s vyznačeným pádem [NNO]{pad=2} tvarem z glosáře: nestátní neziskové organizace (NNO)",
    )

    def template_context(self) -> dict[str, Any]:
        """Return the common fields plus ``tiraz`` (the imprint) for the frames."""
        context = super().template_context()
        imprint = self.imprint
        context["tiraz"] = None
        if imprint:
            context["tiraz"] = {
                "recenzenti": ", ".join(imprint.reviewers),
                "redakce": imprint.editor or "",
                "vydavatel": imprint.publisher.name if imprint.publisher else "",
                "adresa_vydavatele": imprint.publisher.address if imprint.publisher else "",
                "vydani": imprint.edition or "",
                "isbn": imprint.isbn or "",
                "licence": imprint.licence or "",
            }
        return context


def methodology_plan(
    document: DocumentBase, folder: Path, source: YamlFile, inputs: PlanInputs, diagnostics: Diagnostics
) -> Plan:
    """Return one edition: the front matter, the chapters, then the annexes lettered A, B, …"""
    assert isinstance(document, MethodologyDocument)
    parts = [
        Part(folder / name, "front", source.locate(("front_matter", index)))
        for index, name in enumerate(document.front_matter)
    ]
    parts += [
        Part(folder / name, "chapter", source.locate(("chapters", index)))
        for index, name in enumerate(document.chapters)
    ]
    for index, name in enumerate(document.annexes):
        letter = string.ascii_uppercase[index] if index < 26 else str(index + 1)
        parts.append(Part(folder / name, "annex", source.locate(("annexes", index)), (("letter", letter),)))
    return Plan([Edition("", parts)])


KIND = Kind(name="methodology", label="metodika", model=MethodologyDocument, plan=methodology_plan)
