"""Generate the benchmark corpus: a 150-page Czech methodology and many offices' quality standards.

The methodology has what real ones have and what costs time: 30 chapters with
three heading levels, about 200 footnotes, 30 tables, bulleted and numbered
lists, cross-references to chapters, tables and figures, citations and
abbreviations from the sample's glossary, and 10 images. The text is made
from sentences about the fictional ORP Lipová nad Orlicí, chosen by a seeded
generator, so every run measures the same bytes.

Usage: ``.venv/bin/python bench/corpus.py TARGET_FOLDER [--offices N]`` writes
a project (``sources/``, ``templates/``) there; the benchmarks call it as a module.
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import zlib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "sources"
STANDARDS_FIXTURE = REPOSITORY / "tests" / "projects" / "standards"
DOCUMENT = "metodika-bench"

TOPICS = [
    ("Depistáž v malých obcích", "depistáž"),
    ("První kontakt s klientem", "první kontakt"),
    ("Sociální šetření v domácnosti", "sociální šetření"),
    ("Individuální plánování", "individuální plán"),
    ("Krizová intervence", "krizová intervence"),
    ("Spolupráce s OSPOD", "spolupráce s OSPOD"),
    ("Dluhová problematika", "dluhové poradenství"),
    ("Bydlení a ztráta bydlení", "podpora v bydlení"),
    ("Senioři žijící osaměle", "podpora seniorů"),
    ("Osoby se zdravotním postižením", "podpora osob se zdravotním postižením"),
    ("Opatrovnictví", "veřejné opatrovnictví"),
    ("Případové konference", "případová konference"),
    ("Práce s rodinou", "práce s rodinou"),
    ("Domácí násilí", "pomoc osobám ohroženým násilím"),
    ("Propuštění z výkonu trestu", "podpora po propuštění"),
    ("Závislosti", "práce s osobami se závislostí"),
    ("Sociálně vyloučené lokality", "terénní sociální práce"),
    ("Spolupráce s Úřadem práce", "spolupráce s ÚP ČR"),
    ("Sociální služby v regionu", "plánování sociálních služeb"),
    ("Dokumentace sociální práce", "vedení dokumentace"),
    ("Ochrana osobních údajů", "ochrana osobních údajů"),
    ("Etika sociální práce", "etické rozhodování"),
    ("Supervize", "supervize"),
    ("Vzdělávání pracovníků", "další vzdělávání"),
    ("Bezpečnost pracovníků", "bezpečnost při terénní práci"),
    ("Komunitní práce", "komunitní sociální práce"),
    ("Mimořádné události", "sociální práce při mimořádných událostech"),
    ("Hodnocení kvality", "hodnocení kvality sociální práce"),
    ("Financování sociální práce", "financování sociální práce"),
    ("Výhled a doporučení", "další rozvoj sociální práce"),
]

PLACES = ["Lipové nad Orlicí", "Kamenném Újezdě", "Dlouhé Vsi", "Zálesí", "Horní Lhotě", "Březové", "Podhradí"]
ACTORS = [
    "sociální pracovník obce", "vedoucí odboru", "pracovnice OSPOD", "starosta obce", "koordinátor služeb",
    "terénní pracovník", "metodik krajského úřadu", "zdravotně-sociální pracovnice nemocnice",
]  # fmt: skip
ACTIONS = [
    "posoudí situaci a zaznamená ji do spisu", "dohodne s klientem další postup",
    "ověří, zda je situace naléhavá", "předá podnět příslušné instituci", "naplánuje návštěvu v domácnosti",
    "zhodnotí dosažené cíle", "projedná případ na poradě týmu", "zajistí navazující službu",
    "vysvětlí klientovi jeho práva a povinnosti", "doplní záznam o průběhu spolupráce",
]  # fmt: skip
REASONS = [
    "aby pomoc přišla včas", "protože klient sám o pomoc nepožádá", "neboť jde o dlouhodobou spolupráci",
    "aby se neztratily důležité informace", "protože situace se rychle mění", "aby byl postup přezkoumatelný",
    "neboť to vyžaduje zákon o sociálních službách", "aby klient věděl, co může očekávat",
]  # fmt: skip
OPENERS = [
    "V praxi se osvědčilo, že", "Podle zkušeností z Lipovska", "Z pohledu klienta je důležité, že",
    "Metodika doporučuje, aby", "V malých obcích platí, že", "Při první schůzce", "Ve spolupráci s NNO",
    "Podle § 92 zákona č. 108/2006 Sb.", "Na poradách týmu se opakovaně ukázalo, že", "V roce 2025",
]  # fmt: skip
NOTES = [
    "Obdobný postup popisuje i doporučený postup MPSV.",
    "Lhůta se počítá ode dne přijetí podnětu.",
    "Na Lipovsku se tento postup používá od roku 2023.",
    "Záznam se ukládá do elektronického spisu.",
    "Souhlas klienta je vhodné zaznamenat písemně.",
    "V krajských městech bývá praxe odlišná.",
    "K tomu viz také kapitola o dokumentaci.",
]  # fmt: skip
CITATIONS = ["vrana2019", "horakova2021", "kralova2018", "benes2022", "mpsv-socialni-prace", "zakon108"]


def sentence(rng: random.Random) -> str:
    """Return one sentence of methodological prose."""
    opener = rng.choice(OPENERS)
    actor = rng.choice(ACTORS)
    action = rng.choice(ACTIONS)
    reason = rng.choice(REASONS)
    place = rng.choice(PLACES)
    text = f"{opener} {actor} v {place} {action}, {reason}."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, notes: list[str], sentences: int = 4, prefix: str = "") -> str:
    """Return a paragraph, one sentence per line (the house convention), maybe with a footnote.

    Footnote labels start with ``prefix``: pandoc's labels are global to the whole body.
    """
    lines = [sentence(rng) for _ in range(sentences)]
    if rng.random() < 0.31:
        name = f"{prefix}n{len(notes) + 1}"
        notes.append(f"[^{name}]: {rng.choice(NOTES)}")
        lines[-1] += f"[^{name}]"
    if rng.random() < 0.2:
        lines[0] = lines[0][:-1] + f" [@{rng.choice(CITATIONS)}]."
    return "\n".join(lines)


def table(rng: random.Random, number: int, topic: str) -> str:
    """Return a captioned table with a label."""
    rows = ["| Krok | Kdo | Lhůta |", "|------|-----|-------|"]
    for step in range(1, 7):
        rows.append(f"| {step}. {rng.choice(ACTIONS)} | {rng.choice(ACTORS)} | {rng.randint(2, 30)} dnů |")
    return "\n".join(rows) + f"\n\n: Kroky postupu – {topic.lower()} {{#tab:kroky{number}}}"


def chapter(rng: random.Random, number: int, title: str, topic: str, images: int) -> str:
    """Return the Markdown of chapter ``number`` (1-based)."""
    notes: list[str] = []
    parts = [f"# {title} {{#kap:c{number}}}", paragraph(rng, notes, prefix=f"k{number}")]
    for section in range(1, 5):
        parts.append(f"## {topic[0].upper() + topic[1:]}: oblast {section}")
        parts.append(paragraph(rng, notes, prefix=f"k{number}"))
        if section == 1:
            parts.append(f"Přehled kroků uvádí @tab:kroky{number}.")
            parts.append(table(rng, number, topic))
        if section == 2:
            parts.append("Pracovník při tom postupuje takto:")
            parts.append("\n".join(f"{i}. {rng.choice(ACTIONS)}," for i in range(1, 6)))
        if section == 3 and number <= images:
            parts.append(f"Postup znázorňuje @obr:schema{number}.")
            parts.append(
                f"![Schéma: {topic}](obrazky/schema{number:02d}.png)"
                f"{{#obr:schema{number} alt=\"Schéma o šesti barevných pruzích, každý pruh je jeden krok: {topic}\"}}"
            )
        for subsection in range(1, 3):
            parts.append(f"### Podrobnosti {section}.{subsection}")
            parts.append(paragraph(rng, notes, prefix=f"k{number}"))
            parts.append("\n".join(f"- {rng.choice(REASONS)}," for _ in range(3)))
            parts.append(paragraph(rng, notes, sentences=3, prefix=f"k{number}"))
        if number > 1:
            parts.append(f"Souvislosti s předchozím tématem popisuje @kap:c{number - 1}.")
    return "\n\n".join(parts + notes) + "\n"


def png(width: int, height: int, seed: int) -> bytes:
    """Return a small PNG of coloured stripes, different for each ``seed``."""
    rng = random.Random(seed)
    colours = [bytes(rng.randrange(40, 230) for _ in range(3)) for _ in range(6)]
    rows = b"".join(b"\0" + b"".join(colours[x * 6 // width] for x in range(width)) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def write_methodology(project: Path, chapters: int = 30, images: int = 10, seed: int = 8) -> Path:
    """Write a project with the sample's shared sources and a generated methodology; return its folder."""
    sources = project / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for name in ("project.yaml", "glossary.yaml", "references.yaml"):
        shutil.copyfile(SAMPLE / name, sources / name)
    folder = sources / DOCUMENT
    (folder / "obrazky").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = []
    for number in range(1, chapters + 1):
        title, topic = TOPICS[(number - 1) % len(TOPICS)]
        name = f"{number:02d}-kapitola.md"
        (folder / name).write_text(chapter(rng, number, title, topic, images), encoding="utf-8")
        names.append(name)
    for number in range(1, images + 1):
        (folder / "obrazky" / f"schema{number:02d}.png").write_bytes(png(360, 120, number))
    listed = "\n".join(f"  - {name}" for name in names)
    (folder / "document.yaml").write_text(
        f"""kind: methodology
title: Sociální práce na obcích v praxi
subtitle: Rozšířená metodika pro obce ve správním obvodu ORP Lipová nad Orlicí
authors:
  - name: Mgr. Lenka Šimková
    affiliation: Městský úřad Lipová nad Orlicí, odbor sociálních věcí
version: "2.0"
issued: 2026-10-15
place: Lipová nad Orlicí
subject: Rozšířená metodika sociální práce na obcích pro měření rychlosti sestavení.
keywords: [sociální práce, obec]
chapters:
{listed}
""",
        encoding="utf-8",
    )
    return folder


def write_offices(project: Path, offices: int) -> None:
    """Write a project of ``offices`` generated offices' quality standards (from the fixture's catalogue)."""
    shutil.copytree(STANDARDS_FIXTURE, project, ignore=shutil.ignore_patterns("output"), dirs_exist_ok=True)
    sources = project / "sources"
    document = (sources / "ospod-lhota" / "document.yaml").read_text(encoding="utf-8")
    office = (sources / "ospod-lhota" / "office.yaml").read_text(encoding="utf-8")
    for folder in ("ospod-lhota", "kraj"):
        shutil.rmtree(sources / folder)
    for number in range(1, offices + 1):
        folder = sources / f"ospod-{number:03d}"
        (folder / "kriteria").mkdir(parents=True)
        kind = "kraj" if number % 10 == 0 else "orp"
        (folder / "document.yaml").write_text(document.replace("Horní Lhota", f"Obec {number}"), encoding="utf-8")
        (folder / "office.yaml").write_text(
            office.replace("Městský úřad Horní Lhota", f"Městský úřad Obec {number}").replace("type: orp", f"type: {kind}"),
            encoding="utf-8",
        )
        (folder / "kriteria" / "2a.md").write_text(
            f"---\nreviewed: 2026-05-01\n---\nÚřad číslo {number} má vlastní konzultační místnost.\n", encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--offices", type=int, default=0, help="write offices' standards instead of the methodology")
    options = parser.parse_args()
    if options.offices:
        write_offices(options.target, options.offices)
    else:
        print(write_methodology(options.target))


if __name__ == "__main__":
    main()
