"""Incremental builds are never stale: after random edits, a build equals a clean build byte for byte.

The edits change chapters, ``document.yaml``, the glossary and a frame, and
undo them again, so a build meets both documents that must be rebuilt and
files that the render cache (``output/.cache/``) already holds. All examples
edit one project in place, so its cache stays warm from one to the next.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ENV, PROJECTS, REPOSITORY, copy_project, run_pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cache import FOLDER

BUILD = ("build", "--no-page-numbers")
DOCUMENT = "sources/metodika"


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return edit


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        with (project / relative).open("a", encoding="utf-8") as stream:
            stream.write(text)

    return edit


def _append_once(relative: str, text: str) -> Callable[[Path], None]:
    """Append ``text`` unless the file has it already (a glossary term given twice is an error)."""
    def edit(project: Path) -> None:
        path = project / relative
        if text not in path.read_text(encoding="utf-8"):
            _append(relative, text)(project)

    return edit


def _restore(relative: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        shutil.copyfile(PROJECTS / "valid" / relative, project / relative)

    return edit


EDITS: dict[str, Callable[[Path], None]] = {
    "sentence added to a chapter": _append(f"{DOCUMENT}/01-uvod.md", "\nPracovník o tom vede záznam v 5 dnech.\n"),
    "word changed in a chapter": _replace(f"{DOCUMENT}/02-postup.md", "Sociální šetření", "Šetření v rodině"),
    "chapter restored": _restore(f"{DOCUMENT}/01-uvod.md"),
    "version changed": _replace(f"{DOCUMENT}/document.yaml", 'version: "0.9"', 'version: "1.0"'),
    "comment added to document.yaml": _append(f"{DOCUMENT}/document.yaml", "# poznámka redakce\n"),
    "document.yaml restored": _restore(f"{DOCUMENT}/document.yaml"),
    "glossary term added": _append_once("sources/glossary.yaml", "  - abbreviation: ZZZ\n    meaning: zkušební zkratka\n"),
    "contents title changed in the PDF frame": _replace("templates/methodology/frame.typ", "[Obsah]", "[Obsah metodiky]"),
}


@pytest.fixture(scope="module", autouse=True)
def every_step_cached() -> Iterator[None]:
    """Cache the steps of these short chapters too, so that the tests here go through the step cache."""
    from pipeline import cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "STEP_FROM", 0)
        yield


@pytest.fixture(scope="module")
def built_with_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the valid project with its own copy of the templates, built once (outputs and cache)."""
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("incremental") / "project")
    shutil.copytree(REPOSITORY / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    result = run_pipeline(project, *BUILD, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert any((project / "output" / FOLDER).rglob("*.pdf"))  # the cache is filled
    assert any((project / "output" / FOLDER).rglob("*.part.json"))  # with parsed parts, too
    return project


def _outputs(project: Path) -> dict[str, bytes]:
    folder = project / "output" / "metodika"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _cache_entries(project: Path) -> list[Path]:
    return sorted((project / "output" / FOLDER).rglob("*.*"))


def _reset(project: Path, pristine: Path) -> None:
    """Put back the pristine sources and templates of ``project``, keeping its outputs and cache."""
    for folder in ("sources", "templates"):
        shutil.rmtree(project / folder)
        shutil.copytree(pristine / folder, project / folder)


@pytest.fixture(scope="module")
def warm(built_with_templates: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one built project that every example edits in place, so its cache stays warm between them."""
    project = tmp_path_factory.mktemp("warm") / "project"
    shutil.copytree(built_with_templates, project)
    return project


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3))
def test_incremental_build_equals_clean_build(built_with_templates: Path, warm: Path, edits: list[str]) -> None:
    try:
        for name in edits:
            EDITS[name](warm)
            result = run_pipeline(warm, *BUILD, env=ENV)
            assert result.exit_code == 0, result.stderr
        with tempfile.TemporaryDirectory() as temporary:
            clean = Path(temporary) / "clean"
            shutil.copytree(warm, clean, ignore=shutil.ignore_patterns("output"))
            result = run_pipeline(clean, *BUILD, env=ENV)
            assert result.exit_code == 0, result.stderr
            assert not any((clean / "output" / FOLDER).rglob("*.tmp"))
            assert _outputs(warm) == _outputs(clean), f"stale after: {edits}"
    finally:
        _reset(warm, built_with_templates)
    # Back to the sources the cache has seen: every file comes from it, the same as at first.
    cached = _cache_entries(warm)
    assert run_pipeline(warm, *BUILD, env=ENV).exit_code == 0
    assert _outputs(warm) == _outputs(built_with_templates)
    assert _cache_entries(warm) == cached


def test_a_moved_project_takes_its_images_and_files_from_the_cache(built_with_templates: Path, tmp_path: Path) -> None:
    project = tmp_path / "elsewhere" / "projekt"  # another absolute path for every source and image
    shutil.copytree(built_with_templates, project)
    assert list((project / "sources").rglob("*.png"))
    cached = _cache_entries(project)
    EDITS["comment added to document.yaml"](project)  # the document is prepared again, its files stay the same
    result = run_pipeline(project, *BUILD, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "metodika.pdf" in result.stdout
    for name in ("metodika.docx", "metodika.pdf"):
        assert _outputs(project)[name] == _outputs(built_with_templates)[name]
    assert _cache_entries(project) == cached  # nothing was rendered


def test_undone_edit_takes_files_from_the_cache_unchanged(built_with_templates: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_with_templates, project)
    before = _outputs(project)
    edit, undo = EDITS["word changed in a chapter"], _restore(f"{DOCUMENT}/02-postup.md")
    for action in (edit, undo):
        action(project)
        assert run_pipeline(project, *BUILD, env=ENV).exit_code == 0
    cached = _cache_entries(project)
    edit(project)
    assert run_pipeline(project, *BUILD, env=ENV).exit_code == 0
    assert _outputs(project)["metodika.docx"] != before["metodika.docx"]
    undo(project)
    assert run_pipeline(project, *BUILD, env=ENV).exit_code == 0
    assert _outputs(project) == before
    assert _cache_entries(project) == cached  # nothing new was rendered


def test_cache_folder_may_be_deleted_and_a_torn_entry_is_rendered_again(built_with_templates: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_with_templates, project)
    before = _outputs(project)
    for entry in (project / "output" / FOLDER).rglob("*.pdf"):
        entry.write_bytes(entry.read_bytes()[:1000])  # as if a killed build had left half a file
    shutil.rmtree(next((project / "output" / FOLDER).rglob("*.docx")).parent)
    EDITS["comment added to document.yaml"](project)
    assert run_pipeline(project, *BUILD, env=ENV).exit_code == 0
    assert _outputs(project)["metodika.pdf"] == before["metodika.pdf"]
    assert _outputs(project)["metodika.docx"] == before["metodika.docx"]


def test_cache_keeps_to_its_limit_removing_the_least_recently_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pipeline import cache

    monkeypatch.setattr(cache, "LIMIT", 2 * (32 + 1000))
    folder = tmp_path / ".cache"
    leftover = folder / "aa" / ".killed.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))  # from a build killed long ago
    for number, name in enumerate(("old", "middle", "new")):
        entry = folder / "aa" / f"{name}.pdf"
        cache.RenderCache(folder).store(entry, bytes([number]) * 1000)
        os.utime(entry, (1000 + number, 1000 + number))
    cache.RenderCache(folder).store(folder / "bb" / "newest.pdf", b"x" * 1000)
    assert sorted(path.name for path in folder.rglob("*")) == ["aa", "bb", "new.pdf", "newest.pdf"]
