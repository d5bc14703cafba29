"""Nothing accepted silently (issue 14, item 6): what a user would want to hear about is said, located, in Czech.

An input that would make the output wrong is an error: the run exits non-zero,
writes nothing and names the place. One that is a matter of taste or of the
moment (a note nobody refers to, an abbreviation in two cases, a review
dated after the build, records with no rows yet) is a warning: the run
succeeds and says so.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import ENV, assert_refused, snapshot, valid_project
from inputs_refused import append, replace

from conftest import run_pipeline
from pipeline.ast import find_nodes, stringify
from pipeline.errors import Diagnostics
from pipeline.prepare import load_shared, prepare
from pipeline.project import Project
from pipeline.redline.build import file_label
from pipeline.revisions import Revision

DOCUMENT = "sources/metodika/document.yaml"
CHAPTER = "sources/metodika/02-postup.md"
GLOSSARY = "sources/glossary.yaml"
REFERENCES = "sources/references.yaml"
RECORDS = "sources/zpravy/zaznamy.csv"
DATE_HINT = "(zapište 2021, 2021-05 nebo 2021-05-03; slovní údaj jako {literal: jaro 2020})"
PATH_HINT = "napište ji do zpětných apostrofů `{0}`, nebo zdvojte každé zpětné lomítko"
PATH_MESSAGE = "cesta '{0}' by se nevypsala celá: Markdown čte zpětná lomítka v ní jako příkazy ("


def undefined_note(line: int, col: int, label: str) -> str:
    """Return the error about the note reference ``[^label]`` without a definition in the chapter."""
    return (f"{CHAPTER}:{line}:{col}: chyba: poznámka pod čarou '[^{label}]' nemá v tomto souboru definici,"
            f" vytiskla by se jako text (doplňte do téhož souboru řádek '[^{label}]: Znění poznámky.';"
            " každá kapitola má svá návěští)")


def review_after_build(day: str) -> str:
    """Return the warning about criterion 2a's review dated ``day``, after the build on 1 January 2026."""
    return (f"sources/ospod-lhota/kriteria/2a.md:2:1: varování: text kritéria 2a má datum revize {day},"
            " pozdější než datum sestavení 1. ledna 2026 (opravte datum reviewed; datum sestavení je"
            " SOURCE_DATE_EPOCH, jinak den posledního commitu zdrojů)")


def listed_as_chapter(name: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Return a change of ``project``: ``name`` made by ``make`` beside the chapters and listed third."""

    def change(project: Path) -> None:
        make(project / "sources" / "metodika" / name)
        replace(DOCUMENT, "  - 02-postup.md\n", f"  - 02-postup.md\n  - {name}\n")(project)

    return change


@dataclass(frozen=True)
class Case:
    """A silently accepted input: the project it is planted in, the change, and the exact problem lines."""

    base: str
    change: Callable[[Path], None]
    lines: list[str]
    #: run in a bounded child process: the input could hang a build
    child: bool = False


ERRORS = {
    "chapter-listed-twice": Case("valid", replace(DOCUMENT, "  - 02-postup.md\n", "  - 02-postup.md\n  - 01-uvod.md\n"), [
        f"{DOCUMENT}:17:5: chyba: soubor '01-uvod.md' je v dokumentu uveden podruhé"
        " (poprvé na řádku 15; každou část uveďte jen jednou)",
    ]),
    "chapter-listed-again-as-annex": Case(
        "valid", replace(DOCUMENT, "  - priloha-formular.md\n", "  - priloha-formular.md\n  - ./02-postup.md\n"), [
            f"{DOCUMENT}:19:5: chyba: soubor '02-postup.md' je v dokumentu uveden podruhé"
            " (poprvé na řádku 16; každou část uveďte jen jednou)",
        ]),
    "chapters-given-as-text": Case("valid", replace(DOCUMENT, "chapters:\n  - 01-uvod.md\n  - 02-postup.md\n",
                                                    "chapters: 01-uvod.md\n"), [
        f"{DOCUMENT}:14:11: chyba: hodnota musí být seznam, ne text '01-uvod.md'"
        " (i jedinou položku pište jako seznam, na další řádek: '  - 01-uvod.md')",
    ]),
    "chapters-given-as-comma-list": Case("valid", replace(DOCUMENT, "chapters:\n  - 01-uvod.md\n  - 02-postup.md\n",
                                                          "chapters: 01-uvod.md, 02-postup.md\n"), [
        f"{DOCUMENT}:14:11: chyba: hodnota musí být seznam, ne text '01-uvod.md, 02-postup.md'"
        " (i jedinou položku pište jako seznam, na další řádek: '  - 01-uvod.md, 02-postup.md')",
    ]),
    "footnote-never-defined": Case("valid", append(CHAPTER, "\nDalší krok.[^9]\n"), [undefined_note(17, 12, "9")]),
    "footnote-defined-in-another-chapter": Case(
        "valid", append(CHAPTER, "\nPodle zákona.[^zakon]\n"), [undefined_note(17, 14, "zakon")]
    ),
    "glossary-abbreviation-empty": Case("valid", append(GLOSSARY, '  - abbreviation: ""\n    meaning: nic\n'), [
        f"{GLOSSARY}:4:19: chyba: zkratka je prázdná (doplňte text, nebo celou položku smažte)",
    ]),
    "glossary-meaning-blank": Case("valid", append(GLOSSARY, '  - abbreviation: MPSV\n    meaning: "  "\n'), [
        f"{GLOSSARY}:5:14: chyba: znění zkratky je prázdné (doplňte text, nebo celou položku smažte)",
    ]),
    "glossary-abbreviation-twice": Case("valid", append(GLOSSARY, "  - abbreviation: OSPOD\n    meaning: jiné znění\n"), [
        f"{GLOSSARY}:4:19: chyba: zkratka 'OSPOD' je v glosáři dvakrát"
        " (poprvé na řádku 2; ponechte jednu položku s jedním zněním)",
    ]),
    "reference-date-impossible": Case("valid", replace(REFERENCES, "issued: {date-parts: [[2020]]}", "issued: 2021-13-45"), [
        f"{REFERENCES}:9:13: chyba: položka literatury 'novak2020': issued '2021-13-45' nelze přečíst jako datum {DATE_HINT}",
    ]),
    "reference-date-in-words": Case("valid", replace(REFERENCES, "issued: {date-parts: [[2020]]}", "issued: jaro 2020"), [
        f"{REFERENCES}:9:13: chyba: položka literatury 'novak2020': issued 'jaro 2020' nelze přečíst jako datum {DATE_HINT}",
    ]),
    "reference-date-parts-with-text": Case("valid", replace(REFERENCES, "issued: {date-parts: [[2020]]}",
                                                            "issued: {date-parts: [[2020, květen]]}"), [
        f"{REFERENCES}:9:27: chyba: položka literatury 'novak2020': issued obsahuje 'květen', což není číslo {DATE_HINT}",
    ]),
    "folder-named-like-a-chapter": Case("valid", listed_as_chapter("03-adresar.md", Path.mkdir), [
        f"{DOCUMENT}:17:5: chyba: '03-adresar.md' je složka, ne soubor (uveďte soubor Markdownu s textem části)",
    ]),
    "pipe-named-like-a-chapter": Case("valid", listed_as_chapter("03-roura.md", os.mkfifo), [
        f"{DOCUMENT}:17:5: chyba: '03-roura.md' je pojmenovaná roura (FIFO), ne soubor"
        " (uveďte soubor Markdownu s textem části)",
    ], child=True),
    "pipe-named-like-the-glossary": Case("valid", lambda p: ((p / GLOSSARY).unlink(), os.mkfifo(p / GLOSSARY)), [
        f"{GLOSSARY}:1:1: chyba: 'glossary.yaml' je pojmenovaná roura (FIFO), ne soubor (uveďte obyčejný textový soubor)",
    ], child=True),
    "pipe-named-document-yaml": Case("valid", lambda p: ((p / DOCUMENT).unlink(), os.mkfifo(p / DOCUMENT)), [
        f"{DOCUMENT}:1:1: chyba: 'document.yaml' je pojmenovaná roura (FIFO), ne soubor (uveďte obyčejný textový soubor)",
    ], child=True),
    "windows-path-in-text": Case("valid", append(CHAPTER, "\nVzor je v C:\\Users\\jana\\dokument.docx.\n"), [
        f"{CHAPTER}:17:11: chyba: " + PATH_MESSAGE.format("C:\\Users\\jana\\dokument.docx")
        + PATH_HINT.format("C:\\Users\\jana\\dokument.docx") + ")",
    ]),
    "network-path-in-text": Case("valid", append(CHAPTER, "\nSdíleno na \\\\server\\share\\vzory.\n"), [
        f"{CHAPTER}:17:12: chyba: " + PATH_MESSAGE.format("\\\\server\\share\\vzory")
        + PATH_HINT.format("\\\\server\\share\\vzory") + ")",
    ]),
    "records-file-empty": Case("report", lambda p: (p / RECORDS).write_bytes(b""), [
        f"{RECORDS}:1:1: chyba: soubor záznamů je prázdný (první řádek nese názvy sloupců oddělené středníkem:"
        " id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka; každý další řádek je jeden záznam)",
    ]),
}
WARNINGS = {
    "footnote-never-referred-to": Case("valid", append(CHAPTER, "\n[^navic]: Nikdo na mě neodkazuje.\n"), [
        f"{CHAPTER}:17:1: varování: poznámka pod čarou '[^navic]' je definována, ale text na ni nikde neodkazuje"
        " (vložte odkaz [^navic] za slovo, k němuž patří, nebo definici smažte; do dokumentu se nedostane)",
    ]),
    "glossary-abbreviations-differing-in-case": Case("valid", append(GLOSSARY, "  - abbreviation: Ospod\n    meaning: x\n"), [
        f"{GLOSSARY}:4:19: varování: zkratka 'Ospod' se od zkratky 'OSPOD' liší jen velikostí písmen"
        " (ta je na řádku 2; jde-li o tutéž zkratku, ponechte jednu)",
    ]),
    "review-dated-after-the-build": Case("standards", replace("sources/ospod-lhota/kriteria/2a.md",
                                                             "reviewed: 2025-11-01", "reviewed: 2099-01-01"),
                                         [review_after_build("1. ledna 2099")]),
    "review-dated-the-day-after-the-build": Case("standards", replace("sources/ospod-lhota/kriteria/2a.md",
                                                                     "reviewed: 2025-11-01", "reviewed: 2026-01-02"),
                                                 [review_after_build("2. ledna 2026")]),
    "records-with-only-a-header": Case("report", lambda p: (p / RECORDS).write_text(
        "id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka\n", encoding="utf-8"), [
        f"{RECORDS}:1:1: varování: soubor záznamů obsahuje jen záhlaví, žádný záznam"
        " (doplňte záznamy pod záhlaví, nebo soubor vyřaďte ze seznamu records)",
    ]),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_what_would_make_the_output_wrong_is_a_located_error(tmp_path: Path, name: str, command: str) -> None:
    case = ERRORS[name]
    project = valid_project(tmp_path / "p", case.base)
    case.change(project)
    problems = assert_refused(project, command, child=case.child, timeout=60)
    assert problems == case.lines


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_what_is_a_matter_of_taste_is_a_warning_and_the_check_passes(tmp_path: Path, name: str) -> None:
    case = WARNINGS[name]
    project = valid_project(tmp_path / "p", case.base)
    case.change(project)
    before = snapshot(project / "output")
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if line in case.lines] == case.lines, run.stderr
    assert snapshot(project / "output") == before


def test_a_review_dated_on_the_build_day_is_not_reported(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p", "standards")
    replace("sources/ospod-lhota/kriteria/2a.md", "reviewed: 2025-11-01", "reviewed: 2026-01-01")(project)
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr
    assert "2a.md" not in run.stderr


TITLE = '"# *Metodika* [pro] <praxi> {{ x }} _OSPOD_ & @novak2020\\n# Druhý řádek"'


def test_a_title_printed_into_a_chapter_stays_plain_text(tmp_path: Path) -> None:
    """``{{ dokument.nazev }}`` with markup in the title gives one paragraph of that very text."""
    project = valid_project(tmp_path / "p")
    replace(DOCUMENT, "title: Zkušební metodika", f"title: {TITLE}")(project)
    append(CHAPTER, "\n{{ dokument.nazev }}\n")(project)
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr
    diagnostics = Diagnostics()
    sources = Project(project)
    prepared = prepare(sources, sources.sources / "metodika", load_shared(sources, diagnostics), diagnostics)
    assert prepared is not None, [str(item) for item in diagnostics.items]
    ast = prepared.editions[0][1]["ast"]
    blocks = [block for block in ast["blocks"] if "Metodika" in stringify(block) and "Druhý" in stringify(block)]
    assert [block["t"] for block in blocks] == ["Para"]
    assert stringify(blocks[0]).replace("\u00a0", " ") == "# *Metodika* [pro] <praxi> {{ x }} _OSPOD_ & @novak2020 # Druhý řádek"
    assert not find_nodes(blocks, ("Emph", "Strong", "Link", "Cite", "RawInline", "Header", "Span"))


@pytest.mark.parametrize(("first", "second"), [("a/b", "a-b"), ("main@{1}", "main-1"), ("pracovni-kopie", None)])
def test_two_revision_names_never_share_a_redline_file_name(first: str, second: str | None) -> None:
    one = Revision(first, "0123456789abcdef")
    other = Revision(second or "HEAD", "fedcba9876543210" if second else None)
    assert file_label(one) != file_label(other)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


def test_redlines_from_revisions_a_slash_b_and_a_dash_b_are_two_files(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    git(project, "init", "-q")
    git(project, "add", "sources")
    git(project, "commit", "-qm", "one")
    git(project, "branch", "a/b")
    replace("sources/metodika/01-uvod.md", "Metodika vznikla", "Tato metodika vznikla")(project)
    git(project, "commit", "-qam", "two")
    git(project, "branch", "a-b")
    replace("sources/metodika/01-uvod.md", "Tato metodika vznikla", "Metodika vznikla již")(project)
    for revision in ("a/b", "a-b"):
        run = run_pipeline(project, "diff", revision, "--outputs", "docx", env=ENV)
        assert run.exit_code == 0, run.stderr
    redlines = sorted(path.name for path in (project / "output" / "metodika").glob("*-zmeny-*"))
    assert len(redlines) == 2 and redlines[0] != redlines[1], redlines
    assert "metodika-zmeny-a-b-pracovni-kopie.docx" in redlines
