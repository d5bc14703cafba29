"""Abbreviations and terms shared by all documents (``sources/glossary.yaml``)."""

from __future__ import annotations

from pydantic import Field

from pipeline.model.types import SourceModel


class Term(SourceModel):
    """One abbreviation and what it stands for."""

    abbreviation: str = Field(description="zkratka, např. OSPOD")
    meaning: str = Field(description="plné znění zkratky")


class Glossary(SourceModel):
    """The shared glossary."""

    terms: list[Term] = Field(default_factory=list)
