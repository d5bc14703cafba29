"""Failures of the writing phase and of what a build reads back from output/: a Czech message, never a traceback.

A file where a folder of outputs belongs, a folder that cannot be written (a
full disk while writing: see test_atomic_outputs): the build says so in Czech, exits non-zero and leaves every earlier
output as it was. A damaged ``manifest.json`` or render cache is not the
user's error: the build repairs it (and says so for the manifest). An unknown
``--kind`` is refused with the kinds there are (issue 14, items 3 and 6).
Tests run as root, where file permissions stop nothing, so a refusing file
system is simulated in-process.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import PROJECTS, copy_project, run_pipeline
from harness import ENV, assert_refused, snapshot, valid_project

ARGS = ("build", "--no-page-numbers")
UNCHANGED = "dosavadní výstupy zůstaly beze změny"
#: how `pipeline list` shows the valid project with no readable outputs (words of its one row)
NEVER_BUILT = ["sources/metodika", "Zkušební", "metodika", "metodika", "0.9", "nesestavený"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the valid project after a clean build (copied by each test that changes it)."""
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("built") / "project")
    result = run_pipeline(project, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    return project


def copy_built(built: Path, target: Path) -> Path:
    shutil.copytree(built, target)
    return target


# Files and folders of the wrong kind, or not writable -------------------------------------------------------------


@pytest.mark.parametrize("where", ["output", "output/metodika"])
def test_a_file_where_a_folder_of_outputs_belongs_is_refused(tmp_path: Path, where: str) -> None:
    project = valid_project(tmp_path / "project")
    shutil.rmtree(project / where)
    (project / where).write_bytes(b"not a folder")
    lines = assert_refused(project, *ARGS, located=False)
    assert lines == [
        f"chyba: výstupy nelze zapsat do {where}: na místě složky je soubor "
        f"(přesuňte nebo smažte jej; složku výstupů vytvoří sestavení); {UNCHANGED}"
    ]
    assert (project / where).read_bytes() == b"not a folder"
    listing = run_pipeline(project, "list", env=ENV)
    assert listing.exit_code == 0 and "Traceback" not in listing.stderr
    assert listing.stdout.splitlines()[1].split() == NEVER_BUILT


def refuse_new_folders(monkeypatch: pytest.MonkeyPatch, output: Path, code: int) -> None:
    """Make creating a folder in ``output`` fail with ``code``, as a read-only or foreign folder does."""
    create = os.mkdir

    def refusing(path: str | Path, *args: object, **kwargs: object) -> None:
        if Path(path).parent == output:
            raise OSError(code, os.strerror(code), str(path))
        create(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refusing)


RIGHTS = "chybí oprávnění k zápisu (zkontrolujte oprávnění složky, nebo ji smažte; vytvoří se znovu)"


@pytest.mark.parametrize(("code", "problem"), [
    pytest.param(errno.EACCES, RIGHTS, id="EACCES"),
    pytest.param(errno.EPERM, RIGHTS, id="EPERM"),
    pytest.param(errno.EROFS, "disk je připojen jen pro čtení (sestavujte v projektu na zapisovatelném disku)",
                 id="EROFS"),
    pytest.param(errno.ENOSPC, "na disku není dost místa (uvolněte místo a spusťte sestavení znovu)",
                 id="ENOSPC"),
    pytest.param(errno.EDQUOT, "je vyčerpána vaše kvóta na disku (uvolněte místo a spusťte sestavení znovu)",
                 id="EDQUOT"),
    pytest.param(errno.EIO, "systém zápis odmítl (EIO) (zkontrolujte disk a spusťte sestavení znovu)", id="EIO"),
])
def test_an_output_folder_that_cannot_be_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, problem: str
) -> None:
    project = valid_project(tmp_path / "project")
    (project / "output" / ".lock").touch()  # there since the earlier build
    refuse_new_folders(monkeypatch, project / "output", code)
    lines = assert_refused(project, *ARGS, located=False)
    assert lines == [f"chyba: výstupy nelze zapsat do output/metodika: {problem}; {UNCHANGED}"]


def test_a_document_folder_that_cannot_be_written_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = valid_project(tmp_path / "project")
    (project / "output" / ".lock").touch()
    folder = project / "output" / "metodika"
    access = os.access
    # As for a user who may not write the folder (made read-only to keep it as it is): root may, so pretend.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != folder and access(path, mode, **kw))
    lines = assert_refused(project, *ARGS, located=False)
    assert lines == [f"chyba: výstupy nelze zapsat do output/metodika: {RIGHTS}; {UNCHANGED}"]


# What a build reads back: the manifest and the render cache ------------------------------------------------------


def damaged_manifests(real: dict) -> dict[str, bytes]:
    """Return manifests a build must not trust, by what is wrong with them."""
    outside = "../../sources/project.yaml"
    return {
        "not JSON": b'{"key": ',
        "not UTF-8": b"\xff\xfe\x00garbage",
        "a list": b"[]",
        "a number": b"42",
        "outputs as text": json.dumps({**real, "outputs": "metodika.docx"}).encode(),
        "a hash that is a number": json.dumps({**real, "outputs": {"metodika.docx": 5}}).encode(),
        "a hash that is not one": json.dumps({**real, "outputs": {"metodika.docx": "abc"}}).encode(),
        "a name leading outside": json.dumps({**real, "outputs": {outside: "0" * 64}}).encode(),
        "the key a number": json.dumps({**real, "key": 5}).encode(),
        "the title a list": json.dumps({**real, "title": ["a"]}).encode(),
    }


@pytest.mark.parametrize("damage", [*damaged_manifests({}), "a folder"])
def test_a_damaged_manifest_is_rebuilt_with_a_warning(built: Path, tmp_path: Path, damage: str) -> None:
    project = copy_built(built, tmp_path / "project")
    folder = project / "output" / "metodika"
    expected = snapshot(folder)
    manifest = folder / "manifest.json"
    if damage == "a folder":
        manifest.unlink()
        manifest.mkdir()
        (manifest / "inside").write_bytes(b"x")
    else:
        manifest.write_bytes(damaged_manifests(json.loads(manifest.read_bytes()))[damage])

    listing = run_pipeline(project, "list", env=ENV)
    assert listing.exit_code == 0, listing.stderr
    assert listing.stdout.splitlines()[1].split() == NEVER_BUILT

    result = run_pipeline(project, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "output/metodika/manifest.json:1:1: varování: manifest výstupů je poškozený " \
           "(dokument se sestaví znovu a manifest se přepíše)" in result.stderr.splitlines()
    assert "zapsáno: output/metodika/metodika.docx" in result.stdout
    assert snapshot(folder) == expected
    again = run_pipeline(project, *ARGS, env=ENV)
    assert again.stdout == "metodika: aktuální, není co sestavit\n" and again.stderr == ""


def test_a_planted_manifest_without_outputs_is_not_called_damaged(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "project")  # its manifest is {"key": "earlier"}: an old build's, not damaged
    result = run_pipeline(project, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "poškozený" not in result.stderr


def damage_every_entry(cache: Path, damage: str) -> int:
    """Damage each entry of the render cache in the way ``damage`` says; return how many there were."""
    entries = sorted(path for path in cache.glob("*/*") if path.is_file())
    for entry in entries:
        data = entry.read_bytes()
        if damage == "torn":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "a flipped byte":
            entry.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
        elif damage == "empty":
            entry.write_bytes(b"")
        else:
            entry.unlink()
            entry.mkdir()  # a folder where an entry belongs
    return len(entries)


@pytest.mark.parametrize("damage", ["torn", "a flipped byte", "empty", "a folder", "a file instead of the cache"])
def test_a_damaged_render_cache_only_costs_a_render(built: Path, tmp_path: Path, damage: str) -> None:
    project = copy_built(built, tmp_path / "project")
    expected = snapshot(project / "output" / "metodika")
    cache = project / "output" / ".cache"
    if damage == "a file instead of the cache":
        shutil.rmtree(cache)
        cache.write_bytes(b"not a folder")
    else:
        assert damage_every_entry(cache, damage) >= 2
    check = run_pipeline(project, "check", env=ENV)
    assert check.exit_code == 0, check.stderr
    (project / "output" / "metodika" / "manifest.json").unlink()  # not up to date: built again, from the cache
    result = run_pipeline(project, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "output" / "metodika") == expected
    if damage != "a file instead of the cache":  # the build put good entries back
        assert all(entry.is_file() and entry.stat().st_size > 32 for entry in cache.glob("*/*"))


# --kind --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "hint"), [
    pytest.param("metodology", "možná jste mysleli 'methodology'", id="typo"),
    pytest.param("standards", "možná jste mysleli 'quality-standards'", id="part"),
    pytest.param("zpravodaj", "známé druhy: methodology, minimum-standard, quality-standards, report", id="other"),
])
def test_an_unknown_kind_is_refused_with_the_known_ones(tmp_path: Path, kind: str, hint: str) -> None:
    project = valid_project(tmp_path / "project")
    lines = assert_refused(project, *ARGS, "--kind", kind, located=False)
    assert lines == [f"chyba: neznámý druh dokumentu '{kind}' ({hint})"]
    assert run_pipeline(project, *ARGS, "--kind", kind, env=ENV).exit_code == 2  # a wrong option, as click's


def test_a_known_kind_without_documents_is_said(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "project")
    before = snapshot(project / "output")
    result = run_pipeline(project, *ARGS, "--kind", "report", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "žádný dokument není druhu 'report', není co sestavit (dokumenty jsou druhů: methodology)\n"
    )
    assert snapshot(project / "output") == before


def test_a_redline_refuses_a_file_where_the_document_folder_belongs(tmp_path: Path) -> None:
    import subprocess

    project = valid_project(tmp_path / "project")
    for command in (["init", "-q"], ["add", "sources"],
                    ["-c", "user.name=T", "-c", "user.email=t@example.cz", "commit", "-qm", "first"]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDoplněná věta.\n", encoding="utf-8")
    shutil.rmtree(project / "output" / "metodika")
    (project / "output" / "metodika").write_bytes(b"not a folder")

    lines = assert_refused(project, "diff", "HEAD", "--outputs", "docx", located=False)

    assert lines == [
        "chyba: výstupy nelze zapsat do output/metodika: na místě složky je soubor "
        f"(přesuňte nebo smažte jej; složku výstupů vytvoří sestavení); {UNCHANGED}"
    ]
