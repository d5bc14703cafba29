"""The names chapters, model texts and frames may print (``{{ dokument.nazev }}``), per kind, listed from the code.

The list in README.md is made here, never by hand (issue 15): each kind's
starter document (:mod:`pipeline.scaffold`) is planned in a scratch project
exactly as a build plans it, and the names its templates get are read off the
result. A name's meaning is its model field's ``description`` where a model
field holds it, else the Czech text below. A name without a meaning, or a
meaning of a name the code no longer offers, is an error, so the list cannot
drift from the code.

``python -m pipeline.template_variables`` prints the README section,
``--write`` puts it into README.md between its markers.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.errors import Diagnostics
from pipeline.kinds import Kind, PlanInputs, kinds
from pipeline.kinds.methodology import Imprint, Publisher
from pipeline.model.document import Author, DocumentBase
from pipeline.model.project import FundedProject, Organisation, ProjectFile
from pipeline.model.report import MEASURE_NAMES, Indicator, KeyActivity
from pipeline.model.standards import Approvals, Office, OpeningHours
from pipeline.model.validate import validate
from pipeline.project import DOCUMENT_FILE, Project
from pipeline.scaffold import new_document, project_yaml
from pipeline.sources import load_yaml

START = "<!-- promenne-sablon:zacatek -->"
END = "<!-- promenne-sablon:konec -->"

#: a funded project, so that ``projekt.*`` is listed too (the starter's project.yaml leaves it out)
PROJECT = {
    "organisation": {"name": "Město Nové Město", "short_name": "Nové Město", "address": "Náměstí 1, 100 00 Nové Město",
                     "ico": "00274194", "web": "https://www.example.cz"},
    "project": {"name": "Rozvoj sociální práce", "publicity": "2021-2027",
                "registration_number": "CZ.03.02.02/00/22_004/0002187", "programme": "Operační program Zaměstnanost plus",
                "start": dt.date(2024, 1, 1), "end": dt.date(2026, 12, 31)},
}


@dataclass(frozen=True)
class FieldOf:
    """A name whose meaning is a model field's description."""

    model: type[BaseModel]
    name: str

    def meaning(self) -> str:
        description = self.model.model_fields[self.name].description
        if not description:
            raise LookupError(f"{self.model.__name__}.{self.name} has no description")
        return description


Meaning = str | FieldOf

#: collections whose keys are the user's codes, by the name of the code shown in the list
KEYED_BY_CODE = {
    "cinnosti": "typ", "cinnosti_od_zacatku": "typ", "podtypy": "podtyp", "aktivity": "aktivita", "ukazatele": "kód",
}

#: what the figures of a report cover, by the name they are under
_SCOPES = {
    "cinnosti.<typ>": "události daného typu za období zprávy",
    "cinnosti.<typ>.podtypy.<podtyp>": "události daného podtypu za období zprávy",
    "cinnosti_od_zacatku.<typ>": "události daného typu od zahájení projektu do konce období zprávy",
    "cinnosti_od_zacatku.<typ>.podtypy.<podtyp>": "události daného podtypu od zahájení projektu do konce období",
    "celkem": "všechny události za období zprávy",
    "celkem_od_zacatku": "všechny události od zahájení projektu do konce období zprávy",
    "aktivity.<aktivita>": "události klíčové aktivity za období zprávy",
}
#: the figures of a group of records (``Tally.context``) and the measure each is
_TALLY = {"pocet": "udalosti", "hodiny": "hodiny", "ucastnici": "ucastnici", "osoby": "osoby"}

MEANINGS: dict[str, Meaning] = {
    "dokument.nazev": FieldOf(DocumentBase, "title"),
    "dokument.podnazev": FieldOf(DocumentBase, "subtitle"),
    "dokument.autori[]": FieldOf(DocumentBase, "authors"),
    "dokument.autori[].jmeno": FieldOf(Author, "name"),
    "dokument.autori[].pracoviste": FieldOf(Author, "affiliation"),
    "dokument.autori_text": "jména autorů oddělená čárkou",
    "dokument.verze": FieldOf(DocumentBase, "version"),
    "dokument.datum_vydani": "datum vydání slovy, např. 15. října 2026",
    "dokument.rok": "rok vydání",
    "dokument.misto": FieldOf(DocumentBase, "place"),
    "dokument.predmet": FieldOf(DocumentBase, "subject"),
    "dokument.klicova_slova": FieldOf(DocumentBase, "keywords"),
    "dokument.poznamky_po_kapitolach": FieldOf(DocumentBase, "footnotes_per_chapter"),
    "dokument.tiraz": "tiráž; tento druh ji nemá (prázdná hodnota)",
    "dokument.tiraz.recenzenti": "recenzenti oddělení čárkou",
    "dokument.tiraz.redakce": FieldOf(Imprint, "editor"),
    "dokument.tiraz.vydavatel": FieldOf(Publisher, "name"),
    "dokument.tiraz.adresa_vydavatele": FieldOf(Publisher, "address"),
    "dokument.tiraz.vydani": FieldOf(Imprint, "edition"),
    "dokument.tiraz.isbn": FieldOf(Imprint, "isbn"),
    "dokument.tiraz.licence": FieldOf(Imprint, "licence"),
    "organizace.nazev": FieldOf(Organisation, "name"),
    "organizace.zkratka": "zkrácený název organizace (není-li, úplný název)",
    "organizace.adresa": FieldOf(Organisation, "address"),
    "organizace.ico": FieldOf(Organisation, "ico"),
    "organizace.web": FieldOf(Organisation, "web"),
    "projekt.nazev": FieldOf(FundedProject, "name"),
    "projekt.registracni_cislo": FieldOf(FundedProject, "registration_number"),
    "projekt.program": FieldOf(FundedProject, "programme"),
    "projekt.zacatek": FieldOf(FundedProject, "start"),
    "projekt.konec": FieldOf(FundedProject, "end"),
    "projekt.publicita": FieldOf(FundedProject, "publicity"),
    "urad.nazev": FieldOf(Office, "name"),
    "urad.typ": "typ úřadu slovy, např. obecní úřad obce s rozšířenou působností",
    "urad.odbor": FieldOf(Office, "department"),
    "urad.adresa": FieldOf(Office, "address"),
    "urad.telefon": "telefon úřadu",
    "urad.email": "e-mail úřadu",
    "urad.hodiny[]": FieldOf(Office, "hours"),
    "urad.hodiny[].den": FieldOf(OpeningHours, "day"),
    "urad.hodiny[].cas": FieldOf(OpeningHours, "time"),
    "urad.pohotovost": FieldOf(Office, "on_call"),
    "urad.pocet_uvazku": FieldOf(Office, "posts"),
    "urad.vedouci": FieldOf(Office, "head"),
    "urad.pracovnici[]": "pracovníci jmenovaní ve standardech",
    "urad.pracovnici[].jmeno": "jméno pracovníka",
    "urad.pracovnici[].role": "role pracovníka",
    "urad.platnost_od": FieldOf(Office, "valid_from"),
    "urad.duvod_revize": FieldOf(Office, "revision_reason"),
    "urad.vypracoval": FieldOf(Approvals, "prepared_by"),
    "urad.schvalil": FieldOf(Approvals, "approved_by"),
    "urad.zavazne_pro": FieldOf(Approvals, "binding_for"),
    "katalog.pocet_cinnosti": "počet činností v katalogu",
    "katalog.oblasti": "názvy oblastí činností v pořadí kapitol",
    "katalog.zakony": "citované zákony, např. zákon č. 108/2006 Sb., o sociálních službách",
    "cinnosti.<typ>.nazev": "název typu událostí",
    "cinnosti.<typ>.podtypy.<podtyp>.nazev": "název podtypu",
    "cinnosti_od_zacatku.<typ>.nazev": "název typu událostí",
    "cinnosti_od_zacatku.<typ>.podtypy.<podtyp>.nazev": "název podtypu",
    "aktivity.<aktivita>.nazev": FieldOf(KeyActivity, "name"),
    "ukazatele.<kód>.kod": FieldOf(Indicator, "code"),
    "ukazatele.<kód>.nazev": FieldOf(Indicator, "name"),
    "ukazatele.<kód>.jednotka": FieldOf(Indicator, "unit"),
    "ukazatele.<kód>.vychozi": FieldOf(Indicator, "baseline"),
    "ukazatele.<kód>.cilova": FieldOf(Indicator, "target"),
    "ukazatele.<kód>.dosazeno": "dosažená hodnota od zahájení projektu do konce období zprávy",
    "ukazatele.<kód>.za_obdobi": "hodnota dosažená za období zprávy",
    "ukazatele.<kód>.procento": "dosažená hodnota v procentech cílové, na jedno desetinné místo",
    "obdobi.cisla": "čísla monitorovacích období, která zpráva pokrývá (seznam)",
    "obdobi.od": "první den období zprávy slovy",
    "obdobi.do": "poslední den období zprávy slovy",
    "obdobi.text": "období zprávy slovy, např. 1. ledna 2024 – 30. září 2024",
    "zprava.druh": "druh zprávy, např. průběžná zpráva o realizaci",
    "zprava.obdobi": "čím se zpráva zabývá, např. 1. monitorovací období, 1. ledna 2024 – 30. září 2024",
    "zprava.nazev": "název zprávy, např. Zpráva o realizaci projektu č. 1",
    **{f"{scope}.{key}": f"{MEASURE_NAMES[measure]}: {what}"
       for scope, what in _SCOPES.items() for key, measure in _TALLY.items()},
}

#: Jinja filters a kind's texts may use besides the built-in ones
FILTER_MEANINGS = {
    "pocet": 'číslo se správným tvarem slova: `{{ celkem.osoby|pocet("osoba", "osoby", "osob") }}` vypíše „12 osob“',
}


def kind_variables() -> dict[str, list[str]]:
    """Return the names each kind's templates get, by kind, in the order the code makes them."""
    names = {}
    with tempfile.TemporaryDirectory() as scratch:
        project = Project(Path(scratch))
        project.sources.mkdir()
        (project.sources / "project.yaml").write_text(project_yaml(PROJECT), encoding="utf-8")
        for name, kind in kinds().items():
            names[name] = list(dict.fromkeys(_names(_context(project, kind))))
    return names


def section() -> str:
    """Return the README section, markers included."""
    by_kind = kind_variables()
    meanings = {name: meaning if isinstance(meaning, str) else meaning.meaning() for name, meaning in MEANINGS.items()}
    offered = {name for names in by_kind.values() for name in names}
    unexplained = sorted(offered - meanings.keys())
    if unexplained:
        raise LookupError(f"template names without a meaning in MEANINGS: {', '.join(unexplained)}")
    gone = sorted(meanings.keys() - offered)
    if gone:
        raise LookupError(f"MEANINGS explains names no kind offers any more: {', '.join(gone)}")
    common = [name for name in next(iter(by_kind.values())) if all(name in names for names in by_kind.values())]
    lines = [
        START,
        "## Proměnné šablon",
        "",
        "Kapitoly, vzorové texty kritérií a rámce (`frame.docx`) vypíší údaje ze zdrojů zápisem",
        "`{{ dokument.nazev }}`; neznámý název je chyba. `[]` označuje seznam",
        "(`{% for autor in dokument.autori %}{{ autor.jmeno }}{% endfor %}`), `<typ>`, `<kód>` a podobně",
        "klíč z dat dokumentu (`{{ cinnosti.supervize.hodiny }}`, `{{ ukazatele[\"600000\"].procento }}`).",
        "",
        "Seznam vzniká z kódu (`.venv/bin/python -m pipeline.template_variables --write` jej zde obnoví);",
        "test hlídá, aby se s kódem shodoval.",
        "",
        "### Všechny druhy dokumentů",
        "",
        *_items(common, meanings),
    ]
    for name, kind in kinds().items():
        lines += ["", f"### {kind.label[:1].upper() + kind.label[1:]} (`{name}`)", ""]
        lines += _items([item for item in by_kind[name] if item not in common], meanings)
        if kind.filters:
            lines += ["", "Filtry:", ""]
            lines += [f"- `{filter_name}` – {FILTER_MEANINGS[filter_name]}" for filter_name in kind.filters]
    return "\n".join([*lines, END]) + "\n"


def replace_section(readme: str, text: str) -> str:
    """Return ``readme`` with the text between the markers replaced by ``text`` (markers included)."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise LookupError(f"README.md has no section between {START} and {END}")
    return readme[:start] + text + readme[end + len(END) + 1:]


def current_section(readme: str) -> str:
    """Return the section of ``readme`` between the markers, markers included."""
    start, end = readme.find(START), readme.find(END)
    return readme[start:end + len(END) + 1] if 0 <= start < end else ""


def _context(project: Project, kind: Kind) -> dict[str, Any]:
    """Return the names a starter document of ``kind`` gets, as a build plans it (all editions together)."""
    folder = project.sources / kind.name
    new_document(project, kind.name, folder, today=dt.date(2024, 3, 1))
    diagnostics = Diagnostics()
    source = load_yaml(folder / DOCUMENT_FILE, diagnostics)
    project_source = load_yaml(project.sources / "project.yaml", diagnostics)
    project_file = validate(ProjectFile, project_source, diagnostics) if project_source else None
    document = validate(kind.model, source, diagnostics) if source else None
    if document is None or project_file is None or source is None:
        raise RuntimeError(f"the starter of {kind.name} does not validate: {diagnostics.items}")
    plan = kind.plan(document, folder, source, PlanInputs(project, project_file), diagnostics)
    if diagnostics.errors:
        raise RuntimeError(f"the starter of {kind.name} does not plan: {diagnostics.errors}")
    context = {**project_file.template_context(), **plan.context, "dokument": document.template_context()}
    for edition in plan.editions:
        context |= edition.context
    return context


def _names(context: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Yield the name of every value of ``context`` (lists as ``name[]``, collections keyed by codes as ``<code>``)."""
    for key, value in context.items():
        name = f"{prefix}.{key}" if prefix else key
        if key in KEYED_BY_CODE and isinstance(value, dict):
            if value:
                yield from _names(next(iter(value.values())), f"{name}.<{KEYED_BY_CODE[key]}>")
        elif isinstance(value, dict):
            yield from _names(value, name)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            yield f"{name}[]"
            yield from _names(value[0], f"{name}[]")
        else:
            yield name


def _items(names: list[str], meanings: dict[str, str]) -> list[str]:
    """Return the Markdown list of ``names`` with their meanings."""
    return [f"- `{name}` – {meanings[name]}" for name in names]


def main(arguments: list[str]) -> int:
    """Print the README section, or with ``--write`` replace it in README.md of the working directory."""
    try:
        text = section()
    except LookupError as exc:  # a developer's task: say which names need a meaning in MEANINGS
        sys.stderr.write(f"{exc}\n")
        return 1
    if arguments == ["--write"]:
        readme = Path("README.md")
        readme.write_text(replace_section(readme.read_text(encoding="utf-8"), text), encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
