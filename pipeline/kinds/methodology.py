"""The ``methodology`` kind: a Metodika made of chapters and lettered annexes."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Literal

from pydantic import Field

from pipeline.compose import Part
from pipeline.kinds import Kind
from pipeline.model.document import DocumentBase
from pipeline.sources import YamlFile


class MethodologyDocument(DocumentBase):
    """``document.yaml`` of a methodology."""

    kind: Literal["methodology"]
    chapters: list[str] = Field(min_length=1, description="soubory kapitol v pořadí, např. 01-uvod.md")
    annexes: list[str] = Field(default_factory=list, description="soubory příloh v pořadí (Příloha A, B, …)")
    annexes_own_numbering: bool = Field(
        False, description="tabulky a obrázky v přílohách číslovat zvlášť (A.1, A.2, …) místo průběžně"
    )


def methodology_parts(document: DocumentBase, folder: Path, source: YamlFile) -> list[Part]:
    """Return the chapters, then the annexes lettered A, B, … in the order declared."""
    assert isinstance(document, MethodologyDocument)
    parts = [
        Part(folder / name, "chapter", source.locate(("chapters", index)))
        for index, name in enumerate(document.chapters)
    ]
    for index, name in enumerate(document.annexes):
        letter = string.ascii_uppercase[index] if index < 26 else str(index + 1)
        parts.append(Part(folder / name, "annex", source.locate(("annexes", index)), (("letter", letter),)))
    return parts


KIND = Kind(name="methodology", label="metodika", model=MethodologyDocument, parts=methodology_parts)
