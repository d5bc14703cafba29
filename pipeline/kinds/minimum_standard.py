"""The ``minimum-standard`` kind: *Podklad pro stanovení minimálního standardu činností sociální práce v obci*.

A document folder holds ``document.yaml``, the activity catalogue (YAML),
optional own chapters (an introduction) and optional municipality profiles
``municipalities/<slug>.yaml``. The main edition has a chapter per area of
social work, the matrix of activities × types of municipality and the index of
cited provisions; each profile adds an edition ``-obec-<slug>`` comparing that
municipality with the standard.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from pipeline.activities import chapters
from pipeline.activities.gap_report import find_gap, gap_markdown
from pipeline.activities.legal import law_citation
from pipeline.compose import Part, Unchecked
from pipeline.confinement import confine
from pipeline.errors import Diagnostics, Location
from pipeline.kinds import Edition, Kind, Plan, PlanInputs
from pipeline.model.activities import ActivityCatalogue
from pipeline.model.activity_checks import load_catalogue, load_profiles
from pipeline.model.document import DocumentBase
from pipeline.sources import YamlFile

PROFILES_FOLDER = "municipalities"


class MinimumStandardDocument(DocumentBase):
    """``document.yaml`` of a *Podklad* for the minimum standard."""

    kind: Literal["minimum-standard"]
    catalogue: str = Field("cinnosti.yaml", description="katalog činností ve složce dokumentu")
    chapters: list[str] = Field(
        default_factory=list, description="vlastní kapitoly před katalogem činností v pořadí, např. uvod.md"
    )

    def template_context(self) -> dict[str, Any]:
        """Return the common fields; the cover shared with methodologies prints no tiráž for this kind."""
        return {**super().template_context(), "tiraz": None}


def plan_minimum_standard(
    document: DocumentBase, folder: Path, source: YamlFile, inputs: PlanInputs, diagnostics: Diagnostics
) -> Plan:
    """Return the *Podklad* and one comparison per municipality profile."""
    assert isinstance(document, MinimumStandardDocument)
    catalogue_path = folder / document.catalogue
    catalogue, activity_ids = None, set()
    if confine(inputs.project, catalogue_path, document.catalogue, source.locate(("catalogue",)), diagnostics):
        catalogue, activity_ids = load_catalogue(catalogue_path, source.locate(("catalogue",)), diagnostics)
    profiles = load_profiles(inputs.project, folder / PROFILES_FOLDER, activity_ids, diagnostics)
    own = [Part(folder / name, "chapter", source.locate(("chapters", index))) for index, name in enumerate(document.chapters)]
    if catalogue is None:
        # The own chapters are still checked, without knowing the catalogue's figures.
        return Plan([Edition("", own)], context={"katalog": Unchecked()})

    def generated(text: str) -> Part:
        return Part(catalogue_path, "chapter", Location(catalogue_path), (), text, jinja=False)

    body = [
        *chapters.area_chapters(catalogue),
        chapters.matrix_chapter(catalogue),
        chapters.staffing_chapter(catalogue),
        chapters.legal_index_chapter(catalogue),
    ]
    editions = [Edition("", own + [generated(text) for text in body if text])]
    for slug, profile in profiles:
        report = gap_markdown(find_gap(profile, catalogue), catalogue)
        editions.append(Edition(
            f"-obec-{slug}", [generated(report)], title=f"Porovnání s minimálním standardem: {profile.name}"
        ))
    data = [catalogue_path, *(folder / PROFILES_FOLDER / f"{slug}.yaml" for slug, _ in profiles)]
    return Plan(editions, context={"katalog": _context(catalogue)}, data=data)


def _context(catalogue: ActivityCatalogue) -> dict[str, Any]:
    """Return the Czech names own chapters may use (``{{ katalog.pocet_cinnosti }}``)."""
    return {
        "pocet_cinnosti": len(catalogue.activities),
        "oblasti": [area.name for area in catalogue.areas],
        "zakony": [f"zákon {law_citation(law.number)}, {law.title}" for law in catalogue.laws],
    }


KIND = Kind(
    name="minimum-standard",
    label="minimální standard",
    model=MinimumStandardDocument,
    plan=plan_minimum_standard,
)
