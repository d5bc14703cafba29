"""Fields every document has, whatever its kind (``sources/<document>/document.yaml``)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from pipeline.model.project import FundedProject, Organisation
from pipeline.model.types import CzechDate, PersonName, SourceModel, check_property


#: how the file properties join the authors' names and the keywords
AUTHOR_SEPARATOR = "; "
KEYWORD_SEPARATOR = ", "


class Author(SourceModel):
    """An author as printed on the cover and in the file properties."""

    name: PersonName = Field(description="jméno s tituly, např. Mgr. Jana Nováková")
    affiliation: str | None = Field(None, description="pracoviště")


class DocumentBase(SourceModel):
    """The common head of ``document.yaml``; kinds add their own fields."""

    kind: str = Field(description="druh dokumentu")
    title: str = Field(description="název dokumentu")
    subtitle: str | None = Field(None, description="podnázev")
    authors: list[Author] = Field(min_length=1, description="autoři")
    version: str = Field(description="verze, např. \"1.0\"")
    issued: CzechDate = Field(description="datum vydání")
    place: str = Field(description="místo vydání")
    subject: str | None = Field(None, description="předmět dokumentu (vlastnosti souboru)")
    keywords: list[str] = Field(default_factory=list, description="klíčová slova")
    allow_raw: bool = Field(False, description="povolit surový kód OpenXML/Typst/HTML v Markdownu")
    public: bool = Field(False, description="dokument se zveřejňuje: nalezené osobní údaje jsou chybou")
    footnotes_per_chapter: bool = Field(
        False, description="poznámky pod čarou číslovat v každé kapitole od 1 místo průběžně celým dokumentem"
    )
    allow_personal_data: list[str] = Field(
        default_factory=list, description="zkontrolované údaje, které v textu smějí zůstat (služební telefon, e-mail)"
    )
    # A second town or project in the same repository names its own data here, so that its documents never
    # change sources/project.yaml, which the other documents carry (issue 15).
    project_file: str | None = Field(
        None, description="vlastní soubor s údaji o organizaci a projektu místo sources/project.yaml,"
        " cesta od složky dokumentu, např. ../projekt-jine-mesto.yaml",
    )
    organisation: Organisation | None = Field(
        None, description="vlastní organizace (vydavatel) dokumentu místo organisation z project.yaml"
    )
    project: FundedProject | None = Field(
        None, description="vlastní financovaný projekt dokumentu místo project z project.yaml"
    )

    # Title, subject, authors and keywords are also the DOCX file's properties, which hold 255 characters each.
    @field_validator("title")
    @classmethod
    def _title_fits(cls, value: str) -> str:
        if not value.strip():  # PDF/UA requires a document title; Typst refuses the PDF without one
            raise PydanticCustomError(
                "title_empty", "název dokumentu je prázdný", {"hint": "vyplňte jej; přístupné PDF musí mít název"}
            )
        return check_property(value, "název")

    @field_validator("subject")
    @classmethod
    def _subject_fits(cls, value: str | None) -> str | None:
        return value if value is None else check_property(value, "předmět")

    @field_validator("authors")
    @classmethod
    def _authors_fit(cls, value: list[Author]) -> list[Author]:
        check_property(AUTHOR_SEPARATOR.join(author.name for author in value), "seznam jmen autorů")
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords_fit(cls, value: list[str]) -> list[str]:
        check_property(KEYWORD_SEPARATOR.join(value), "seznam klíčových slov")
        return value

    def template_context(self) -> dict[str, Any]:
        """Return the Czech names of the document's fields for templates (``{{ dokument.nazev }}``)."""
        from pipeline.czech import format_date

        return {
            "nazev": self.title,
            "podnazev": self.subtitle or "",
            "autori": [{"jmeno": a.name, "pracoviste": a.affiliation or ""} for a in self.authors],
            "autori_text": ", ".join(a.name for a in self.authors),
            "verze": self.version,
            "datum_vydani": format_date(self.issued),
            "rok": self.issued.year,
            "misto": self.place,
            "predmet": self.subject or "",
            "klicova_slova": list(self.keywords),
            "poznamky_po_kapitolach": self.footnotes_per_chapter,
        }
