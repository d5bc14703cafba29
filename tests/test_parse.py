"""Parsing a body part by part (pipeline.parse): each part alone, cached by its text, the same however it runs."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECTS, copy_project, run_pipeline

from pipeline import cache, pandoc, parse
from pipeline.ast import iter_nodes, stringify
from pipeline.cache import RenderCache, StepCache
from pipeline.compose import ComposedPart

FIRST = """# Úvod

Obec poskytuje poradenství[^1].

[^1]: Podle zákona o sociálních službách.

# Shrnutí

Viz [shrnutí](#shrnutí) výše.
"""
SECOND = """# Shrnutí {#kap:druhe}

Sociální pracovnice vede případ[^1].
Podrobnosti jsou [zde](#postup).

# Postup

[^1]: Podle vnitřního předpisu úřadu.
"""
FENCED = FIRST + "\n" + ":" * 30 + "\n\nText po dlouhé čáře.\n"


def parts(*texts: str) -> list[ComposedPart]:
    return [ComposedPart("chapter", (("source", f"/kap{index}.md"),), text) for index, text in enumerate(texts)]


def notes(ast: dict) -> list[str]:
    return [stringify(node["c"]) for node in iter_nodes(ast["blocks"]) if node["t"] == "Note"]


def headings(ast: dict) -> list[str]:
    return [node["c"][1][0] for node in iter_nodes(ast["blocks"]) if node["t"] == "Header"]


def links(ast: dict) -> list[str]:
    return [node["c"][2][0] for node in iter_nodes(ast["blocks"]) if node["t"] == "Link"]


@pytest.fixture(params=["one process per part", "one process for all", "two processes"])
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run each test through every way parts reach pandoc: they must all give the same AST."""
    if request.param == "one process per part":
        real = parse._parse_group
        monkeypatch.setattr(parse, "_parse_group", lambda texts: [block for text in texts for block in real([text])])
        return 1
    monkeypatch.setattr(parse, "PARALLEL_FROM", 1)
    return 1 if request.param == "one process for all" else 2


def test_each_part_has_its_own_footnotes(threads: int) -> None:
    ast = parse.parse_body(parts(FIRST, SECOND), StepCache(None), threads)
    # One body parsed as a whole gave chapter 1's [^1] the text of chapter 2's.
    assert notes(ast) == ["Podle zákona o sociálních službách.", "Podle vnitřního předpisu úřadu."]


def test_parts_become_divs_that_remember_their_source(threads: int) -> None:
    ast = parse.parse_body(parts(FIRST, SECOND), StepCache(None), threads)
    assert [block["c"][0] for block in ast["blocks"]] == [
        ["", ["chapter"], [["source", "/kap0.md"]]],
        ["", ["chapter"], [["source", "/kap1.md"]]],
    ]


def test_a_heading_id_used_in_an_earlier_part_is_renamed_and_its_links_follow(threads: int) -> None:
    ast = parse.parse_body(parts(FIRST, "# Úvod\n\nViz [úvod](#úvod).\n", SECOND), StepCache(None), threads)
    assert headings(ast) == ["úvod", "shrnutí", "úvod-1", "kap:druhe", "postup"]
    # The first part's link stays with its own heading; the second part's follows the renamed one.
    assert links(ast) == ["#shrnutí", "#úvod-1", "#postup"]


def test_a_line_of_colons_in_a_part_does_not_break_the_parts_apart(threads: int) -> None:
    ast = parse.parse_body(parts(FENCED, SECOND), StepCache(None), threads)
    assert len(ast["blocks"]) == 2
    assert "Text po dlouhé čáře." in stringify(ast["blocks"][0])
    assert "Text po dlouhé čáře." not in stringify(ast["blocks"][1])


def test_the_same_parts_give_the_same_ast_however_they_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = [parse.markdown_to_ast(text)["blocks"] for text in (FIRST, SECOND, FENCED)]
    monkeypatch.setattr(parse, "PARALLEL_FROM", 1)
    assert parse._parse_alone([FIRST, SECOND, FENCED], 1) == alone
    assert parse._parse_alone([FIRST, SECOND, FENCED], 2) == alone


def test_parts_go_to_pandoc_together_unless_one_closes_the_fence(monkeypatch: pytest.MonkeyPatch) -> None:
    processes: list[list[str]] = []

    def together(args: list[str], *rest: object, **options: object) -> bytes:
        processes.append(args)
        return pandoc.run_pandoc(args, *rest, **options)

    def alone(text: str) -> dict:
        processes.append(["alone"])
        return pandoc.markdown_to_ast(text)

    monkeypatch.setattr(parse, "run_pandoc", together)
    monkeypatch.setattr(parse, "markdown_to_ast", alone)
    parse._parse_group([FIRST, SECOND, FIRST])
    assert len(processes) == 1 and "--file-scope" in processes[0]
    processes.clear()
    parse._parse_group([FIRST, FIRST + "\n" + ":" * 24 + "\n"])
    assert len(processes) == 3  # together, then each alone


def test_a_cached_part_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "STEP_FROM", 0)  # cache even these short parts
    first = StepCache(tmp_path)
    fresh = parse.parse_body(parts(FIRST, SECOND), first, 2)
    assert len(first.made) == 2 and not any(tmp_path.iterdir())  # collected, not yet written
    for path, data in first.made.items():
        RenderCache(tmp_path).store(path, data)

    parsed: list[str] = []
    real = parse._parse_alone
    monkeypatch.setattr(parse, "_parse_alone", lambda texts, threads: parsed.extend(texts) or real(texts, threads))
    again = StepCache(tmp_path)
    assert parse.parse_body(parts(FIRST, SECOND + "\nNová věta.\n"), again, 2)["blocks"][0] == fresh["blocks"][0]
    assert parsed == [SECOND + "\nNová věta.\n"]  # only the edited part went to pandoc
    assert len(again.made) == 1


def test_chapters_with_the_same_note_labels_keep_their_own_notes_in_the_docx(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "projekt")
    folder = project / "sources" / "metodika"
    for name, note in (("01-uvod.md", "Poznámka úvodu."), ("02-postup.md", "Poznámka postupu.")):
        with (folder / name).open("a", encoding="utf-8") as stream:
            stream.write(f"\nVěta s vlastní poznámkou.[^spolecna]\n\n[^spolecna]: {note}\n")
    result = run_pipeline(project, "build", "--format", "docx", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    footnotes = zipfile.ZipFile(project / "output" / "metodika" / "metodika.docx").read("word/footnotes.xml").decode("utf-8")
    assert "Poznámka úvodu." in footnotes and "Poznámka postupu." in footnotes


def test_after_one_chapter_of_the_sample_is_edited_no_other_chapter_is_parsed_again(
    built_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built_sample, tmp_path / "project")
    shutil.copytree(built_sample / "output" / ".cache", project / "output" / ".cache")
    chapter = project / "sources" / "metodika-socialni-prace" / "04-socialni-setreni.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nŠetření se zapisuje týž den.\n", encoding="utf-8")
    parsed: list[str] = []
    real = parse._parse_alone
    monkeypatch.setattr(parse, "_parse_alone", lambda texts, threads: parsed.extend(texts) or real(texts, threads))
    result = run_pipeline(project, "build", "sources/metodika-socialni-prace", "--format", "docx", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    edited = [text for text in parsed if text.endswith("Šetření se zapisuje týž den.\n")]
    assert len(edited) == 1
    # Besides it, only parts too short to be worth a cache entry (the conclusion, the annex).
    others = [text for text in parsed if text not in edited]
    assert len(others) == 2 and all(len(text.encode()) < cache.STEP_FROM for text in others)
