"""Write the generated body of the *Podklad*: a chapter per area, the matrix and the legal index.

Each activity heading carries the label ``kap:cinnost-<n>``, so the matrix and
the index point back to it by its chapter number (``2.1``) through the usual
cross-references, as Word fields in the DOCX and links in the PDF.
"""

from __future__ import annotations

from pipeline.activities.legal import law_citation, legal_index
from pipeline.activities.staffing import number
from pipeline.markdown_text import escape, paragraphs, pipe_table
from pipeline.model.activities import (
    MUNICIPALITY_TYPE_ABBREVIATIONS,
    MUNICIPALITY_TYPES_PLURAL,
    Activity,
    ActivityCatalogue,
)


def labels(catalogue: ActivityCatalogue) -> dict[str, str]:
    """Return the cross-reference label of each activity by id."""
    return {activity.id: f"kap:cinnost-{index}" for index, activity in enumerate(catalogue.activities, start=1)}


def in_chapter_order(catalogue: ActivityCatalogue) -> list[Activity]:
    """Return the activities area by area, in the catalogue's order within an area."""
    return [activity for area in catalogue.areas for activity in catalogue.activities if activity.area == area.id]


def _reference(activity: Activity, label: str) -> str:
    """Return ``2.1 Sociální šetření``: the activity's number (a cross-reference) and name."""
    return f"[-@{label}] {escape(activity.name)}"


def area_chapters(catalogue: ActivityCatalogue) -> list[str]:
    """Return one chapter per area with its activities (areas without activities are left out)."""
    label = labels(catalogue)
    chapters = []
    for area in catalogue.areas:
        activities = [activity for activity in catalogue.activities if activity.area == area.id]
        if not activities:
            continue
        lines = [f"# {escape(area.name)}", ""]
        lines += [f"{text}\n" for text in paragraphs(area.description or "")]
        for activity in activities:
            lines += _activity(activity, label[activity.id])
        chapters.append("\n".join(lines))
    return chapters


def _activity(activity: Activity, label: str) -> list[str]:
    """Return the section of one activity: description, legal basis, expectations, groups, indicators, example."""
    expected = "; ".join(
        f"{MUNICIPALITY_TYPES_PLURAL[kind]} – {level}" for kind, level in activity.expected.items()
    )
    lines = [f"## {escape(activity.name)} {{#{label}}}", ""]
    lines += [f"{text}\n" for text in paragraphs(activity.description)]
    lines += [
        "**Právní základ:** " + "; ".join(reference.cite() for reference in activity.legal_basis), "",
        f"**Očekává se od obcí:** {expected}.", "",
        "**Cílové skupiny:** " + "; ".join(escape(group) for group in activity.target_groups) + ".", "",
        "**Ukazatele výkonu:**", "",
        *[f"- {escape(indicator)}" for indicator in activity.indicators], "",
        "**Příklad z praxe:** " + " ".join(paragraphs(activity.example)), "",
    ]
    return lines


def matrix_chapter(catalogue: ActivityCatalogue) -> str:
    """Return the matrix of activities × types of municipality as a table with a header row."""
    label = labels(catalogue)
    lines = [
        "# Činnosti podle typu obce", "",
        "Tabulka shrnuje, které činnosti jsou pro jednotlivé typy obcí povinné, které doporučené"
        " a které se od nich neočekávají.", "",
    ]
    rows = [
        [_reference(activity, label[activity.id]), *activity.expected.values()]
        for activity in in_chapter_order(catalogue)
    ]
    header = ["Činnost", *MUNICIPALITY_TYPE_ABBREVIATIONS.values()]
    caption = "Činnosti sociální práce podle typu obce {#tab:matice-cinnosti}"
    lines += pipe_table(header, [40, 20, 20, 20], rows, caption)
    return "\n".join(lines)


def staffing_chapter(catalogue: ActivityCatalogue) -> str | None:
    """Return the staffing ratios the catalogue gives, each with its source; None if it gives none."""
    if not catalogue.staffing_ratios:
        return None
    lines = [
        "# Personální zajištění", "",
        "Žádný právní předpis počet sociálních pracovníků obce nestanoví."
        " Poměry v tabulce jsou doporučení převzatá z uvedených zdrojů a slouží jen k orientačnímu porovnání.", "",
    ]
    rows = [
        [MUNICIPALITY_TYPES_PLURAL[ratio.type], number(ratio.inhabitants_per_fte), escape(ratio.source)]
        for ratio in catalogue.staffing_ratios
    ]
    caption = "Doporučené poměry počtu obyvatel na úvazek sociálního pracovníka"
    lines += pipe_table(["Typ obce", "Obyvatel na jeden úvazek", "Zdroj"], [30, 20, 50], rows, caption)
    return "\n".join(lines)


def legal_index_chapter(catalogue: ActivityCatalogue) -> str:
    """Return the index of cited provisions, law by law in numerical order, each with the activities citing it."""
    label = labels(catalogue)
    titles = {law.number: law.title for law in catalogue.laws}
    index = legal_index(
        (reference, activity) for activity in in_chapter_order(catalogue) for reference in activity.legal_basis
    )
    lines = [
        "# Rejstřík citovaných ustanovení", "",
        "Rejstřík řadí citovaná ustanovení podle zákonů a paragrafů; u každého uvádí činnosti, které se o ně opírají.", "",
    ]
    for law, entries in index.items():
        rows = [
            [entry.reference.provision(), "; ".join(_reference(a, label[a.id]) for a in entry.cited_by)]
            for entry in entries
        ]
        lines += [f"## Zákon {law_citation(law)}, {escape(titles[law])}", ""]
        caption = f"Ustanovení zákona {law_citation(law)} citovaná v katalogu"
        lines += pipe_table(["Ustanovení", "Činnosti"], [25, 75], rows, caption)
    return "\n".join(lines)
