"""Writing a body as Typst chapter by chapter (pipeline.render.typst_body): the same text however it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import cache
from pipeline.cache import RenderCache, StepCache
from pipeline.pandoc import markdown_to_ast
from pipeline.render import typst_body

BODY = """Úvodní slovo před první kapitolou.

# Depistáž

Terénní pracovník vyhledává klienty[^1].

[^1]: Podle § 92 zákona o sociálních službách.

- první krok
- druhý krok

# Případová konference {#kap:konference}

| Kdo | Úloha |
|-----|-------|
| OSPOD | svolává |

Table: Účastníci {#tab:ucastnici}

# Závěr

Shrnutí s *důrazem*.
"""


@pytest.fixture
def body() -> dict:
    return markdown_to_ast(BODY)


def test_chapters_start_at_level_one_headings(body: dict) -> None:
    chapters = typst_body.chapters_of(body["blocks"])
    assert [chapter[0]["t"] for chapter in chapters] == ["Para", "Header", "Header", "Header"]
    assert sum(len(chapter) for chapter in chapters) == len(body["blocks"])


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_the_text_is_the_same_however_many_processes_write_it(
    body: dict, threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = [typst_body._write([chapter], body)[0] for chapter in typst_body.chapters_of(body["blocks"])]
    processes: list[int] = []
    real = typst_body.ast_to
    monkeypatch.setattr(typst_body, "ast_to", lambda *args: processes.append(1) or real(*args))
    assert typst_body.typst_body(body, StepCache(None), threads) == "\n\n".join(alone) + "\n"
    assert len(processes) == threads  # no fallback to a process per chapter
    assert "#footnote[Podle § 92" in alone[1] and "<kap:konference>" in alone[2]


def test_an_unchanged_chapter_comes_from_the_cache(body: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "STEP_FROM", 0)  # cache even these short chapters
    first = StepCache(tmp_path)
    before = typst_body.typst_body(body, first, 2)
    for path, data in first.made.items():
        RenderCache(tmp_path).store(path, data)
    written: list[int] = []
    real = typst_body._write
    monkeypatch.setattr(typst_body, "_write", lambda chapters, ast: written.append(len(chapters)) or real(chapters, ast))
    body["blocks"][-1]["c"].append({"t": "Str", "c": "!"})  # the last chapter's last paragraph changes
    after = typst_body.typst_body(body, StepCache(tmp_path), 2)
    assert written == [1]
    assert after.replace("#emph[důrazem].!", "#emph[důrazem].") == before


def test_a_chapter_that_writes_the_boundary_comment_itself_is_written_alone(body: dict) -> None:
    body["blocks"].insert(2, {"t": "RawBlock", "c": ["typst", typst_body.BOUNDARY]})
    chapters = typst_body.chapters_of(body["blocks"])
    assert typst_body._write(chapters, body) == [typst_body._write([chapter], body)[0] for chapter in chapters]
