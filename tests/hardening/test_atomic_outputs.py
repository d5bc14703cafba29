"""A document's outputs change together: a build killed at any moment leaves each folder all old or all new.

The acceptance test of issue 14, item 5: ``kill -9`` at random (seeded)
moments of a build of every document of a project with several documents.
After each kill every document folder holds exactly the files of a clean build
of the old sources or of the new ones (its manifest included), no process of
the build survives (workers, pandoc, Typst), and the next build gives the bytes
of a clean build. The other tests here cover the parts: the fallback swap
where the file system cannot exchange two folders, and repairing what a kill
left halfway.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import PROJECTS, overlay_case, run_pipeline
from harness import ENV, assert_refused, snapshot

ARGS = ("build", "--jobs", "2", "--no-page-numbers")
#: no document's text names another's folder: such a document also depends on that one's manifest (pipeline.inputs)
DOCUMENTS = ("kraj", "ospod-lhota", "prirucka", "prirucka-kopie")
TRIALS = 24
SEED = 14
#: the environment variable every process of a trial inherits: how the test finds them in /proc
MARKER = "PIPELINE_KILL_TRIAL"
#: how long processes of a killed build may take to end (they end within a fraction of a second)
SURVIVAL_BOUND = 30.0


def several_documents(target: Path) -> Path:
    """Return a project of two methodologies and two offices' quality standards."""
    project = overlay_case(PROJECTS / "standards", target)
    shutil.copyfile(PROJECTS / "valid" / "sources" / "project.yaml", project / "sources" / "project.yaml")
    (project / "sources" / "metodika").rename(project / "sources" / "prirucka")
    shutil.copytree(project / "sources" / "prirucka", project / "sources" / "prirucka-kopie")
    return project


def edit_every_document(project: Path) -> None:
    """Change a sentence that each of the four documents prints."""
    for chapter in ("prirucka/02-postup.md", "prirucka-kopie/02-postup.md", "ospod-lhota/kriteria/2a.md"):
        path = project / "sources" / chapter
        path.write_text(path.read_text(encoding="utf-8") + "\nDoplněná věta.\n", encoding="utf-8")
    office = project / "sources" / "kraj" / "office.yaml"
    text = office.read_text(encoding="utf-8")
    assert "Horní Lhota" in text
    office.write_text(text.replace("Horní Lhota", "Dolní Lhota", 1), encoding="utf-8")


def folders(project: Path) -> dict[str, dict[str, bytes]]:
    """Return every document folder's files with their bytes."""
    return {name: snapshot(project / "output" / name) for name in DOCUMENTS}


def leftovers(project: Path) -> list[str]:
    """Return what a build left in ``output/`` besides the document folders, the render cache and the lock."""
    return sorted(p.name for p in (project / "output").iterdir() if p.name not in {*DOCUMENTS, ".cache", ".lock"})


def marked(marker: str) -> list[int]:
    """Return the running processes whose environment carries ``marker`` (the build and all it started)."""
    found = []
    needle = f"{MARKER}={marker}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environment = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in environment.split(b"\0") and state != b"Z":
            found.append(int(entry))
    return found


def survivors(marker: str) -> list[int]:
    """Return the processes of a killed build still running after :data:`SURVIVAL_BOUND` seconds (none, we hope)."""
    deadline = time.monotonic() + SURVIVAL_BOUND
    while (alive := marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:  # do not leave them to the rest of the test run
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return alive


def clean_build(sources: Path, target: Path) -> dict[str, dict[str, bytes]]:
    """Return the document folders a build of ``sources`` makes from nothing."""
    shutil.copytree(sources, target / "sources")
    result = run_pipeline(target, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    return folders(target)


def use_sources(project: Path, sources: Path) -> None:
    """Make ``sources`` the project's sources."""
    shutil.rmtree(project / "sources")
    shutil.copytree(sources, project / "sources")


def start_build(project: Path, marker: str) -> subprocess.Popen[str]:
    """Start ``pipeline build`` in ``project``, its processes marked with ``marker``."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *ARGS], cwd=project, env={**os.environ, **ENV, MARKER: marker},
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )


def wait_until_rendered(process: subprocess.Popen[str]) -> None:
    """Return when the build says every document is rendered (its writing begins), or has ended."""
    rendered = 0
    while rendered < len(DOCUMENTS) and (line := process.stdout.readline()):
        rendered += "připraveno" in line


def wait_until_a_folder_is_swapped(process: subprocess.Popen[str], project: Path) -> None:
    """Return as soon as one document folder is replaced by its new set, or the build has ended."""
    before = {name: (project / "output" / name).stat().st_ino for name in DOCUMENTS}
    while process.poll() is None:
        with contextlib.suppress(OSError):
            if any((project / "output" / name).stat().st_ino != inode for name, inode in before.items()):
                return


def timings(project: Path) -> tuple[float, float]:
    """Build ``project`` without a kill; return how long the build took and how long its writing took."""
    started = time.monotonic()
    process = start_build(project, uuid.uuid4().hex)
    wait_until_rendered(process)
    rendered = time.monotonic()
    process.communicate()
    assert process.returncode == 0
    return time.monotonic() - started, time.monotonic() - rendered


def killed_build(project: Path, moment: str, rng: random.Random, whole: float, writing: float) -> bool:
    """Build ``project`` and kill it with SIGKILL at a random ``moment``; return whether workers ran then.

    ``moment``: "any" (a moment of the whole build), "writing" (of its writing)
    or "swapping" (as soon as the first folder is swapped for its new set).
    """
    marker = uuid.uuid4().hex
    process = start_build(project, marker)
    try:
        if moment == "any":
            time.sleep(rng.uniform(0.0, whole))
        elif moment == "writing":
            wait_until_rendered(process)
            time.sleep(rng.uniform(0.0, writing))
        else:
            wait_until_a_folder_is_swapped(process, project)
        # Kill at once after a swap (no look into /proc first): the other folders are swapped within milliseconds.
        workers = [pid for pid in marked(marker) if pid != process.pid] if moment != "swapping" else []
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        process.stdout.close()
    left = survivors(marker)
    assert not left, f"processes of the killed build still run: {left}"
    return bool(workers)


@pytest.mark.slow
def test_killed_builds_leave_each_folder_all_old_or_all_new_and_no_process(tmp_path: Path) -> None:
    project = several_documents(tmp_path / "project")
    versions = [tmp_path / "old-sources", tmp_path / "new-sources"]
    shutil.copytree(project / "sources", versions[0])
    edit_every_document(project)
    shutil.copytree(project / "sources", versions[1])
    references = [clean_build(sources, tmp_path / f"reference-{number}") for number, sources in enumerate(versions)]
    assert all(references[0][name] != references[1][name] for name in DOCUMENTS)

    use_sources(project, versions[0])
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    assert folders(project) == references[0]
    use_sources(project, versions[1])
    whole, writing = timings(project)
    assert folders(project) == references[1]

    # Each trial builds the other version of the sources over what the previous kill left, and is killed.
    rng = random.Random(SEED)
    workers_killed = mixed = 0
    current = 1
    for trial in range(TRIALS):
        current = 1 - current
        use_sources(project, versions[current])
        building = {name for name, files in folders(project).items() if files != references[current][name]}
        moment = ("any", "writing", "swapping")[trial % 3]
        workers_killed += killed_build(project, moment, rng, whole, writing)
        after = folders(project)
        for name in DOCUMENTS:
            assert after[name] in (references[0][name], references[1][name]), (
                f"trial {trial} (killed at {moment}): output/{name} is neither all old nor all new"
            )
        swapped = {name for name in building if after[name] == references[current][name]}
        mixed += bool(swapped) and swapped != building

    rerun = run_pipeline(project, *ARGS, env=ENV)
    assert rerun.exit_code == 0, rerun.stderr
    assert folders(project) == references[current], "the build after the kills differs from a clean build"
    assert leftovers(project) == [], f"the build after the kills left {leftovers(project)}"
    # The kills reached the rendering (workers alive) and the swapping (some folders swapped, others not yet).
    assert workers_killed, "no trial killed the build while its workers ran"
    assert mixed, "no trial killed the build between two folders' swaps"


def test_where_folders_cannot_be_exchanged_renames_give_the_same_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import output

    project = several_documents(tmp_path / "project")
    edit_every_document(project)
    expected = clean_build(project / "sources", tmp_path / "reference")
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)  # as on a network file system
    before = folders(project)
    result = run_pipeline(project, *ARGS, "--force", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert folders(project) == before == expected
    assert leftovers(project) == []


# Each document's files, its manifest and its folder are synced in turn: kraj's 5 files, manifest and folder are
# calls 1 to 7, ospod-lhota's 8 to 14, prirucka's 15 to 18, prirucka-kopie's 19 to 22.
@pytest.mark.parametrize(("full_at", "document"), [
    pytest.param(1, "kraj", id="first file"), pytest.param(6, "kraj", id="manifest"),
    pytest.param(7, "kraj", id="folder"), pytest.param(9, "ospod-lhota", id="second document"),
    pytest.param(22, "prirucka-kopie", id="last folder"),
])
def test_a_full_disk_while_writing_any_document_leaves_every_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_at: int, document: str
) -> None:
    project = several_documents(tmp_path / "project")
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    before, old = snapshot(project / "output"), folders(project)
    edit_every_document(project)
    sync, calls = os.fsync, []

    def filling(handle: int) -> None:
        calls.append(handle)
        if len(calls) == full_at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        sync(handle)

    monkeypatch.setattr(os, "fsync", filling)
    lines = assert_refused(project, *ARGS, located=False)
    assert lines == [
        f"chyba: výstupy nelze zapsat do output/{document}: na disku není dost místa "
        "(uvolněte místo a spusťte sestavení znovu); dosavadní výstupy zůstaly beze změny"
    ]
    assert snapshot(project / "output") == before  # every folder, the render cache: nothing was written
    monkeypatch.setattr(os, "fsync", sync)
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    assert all(folders(project)[name] != old[name] for name in DOCUMENTS)
    assert leftovers(project) == []


def half_swapped(project: Path, keep: str) -> dict[str, bytes]:
    """Leave ``output/prirucka`` as a kill between the renames of the fallback swap does; return the new set.

    ``keep`` says which hidden folders the kill left: "ready" (the new set, marked
    ready, and the old set renamed aside) or "old" (the old set aside only).
    """
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    output = project / "output"
    old = snapshot(output / "prirucka")
    shutil.copytree(output / "prirucka", output / ".prirucka.ready-abcd1234")
    (output / ".prirucka.ready-abcd1234" / "prirucka.docx").write_bytes(b"new docx")
    new = snapshot(output / ".prirucka.ready-abcd1234")
    (output / "prirucka").rename(output / ".prirucka.old-abcd1234")
    if keep == "old":
        shutil.rmtree(output / ".prirucka.ready-abcd1234")
        return old
    return new


@pytest.mark.parametrize("keep", ["ready", "old"])
def test_list_finishes_a_swap_a_kill_left_halfway(tmp_path: Path, keep: str) -> None:
    project = several_documents(tmp_path / "project")
    expected = half_swapped(project, keep)
    assert not (project / "output" / "prirucka").exists()
    result = run_pipeline(project, "list", "--format", "json", env=ENV)
    assert result.exit_code == 0, result.stderr
    listed = {document["folder"]: document["outputs"] for document in json.loads(result.stdout)}
    assert listed["sources/prirucka"] == ["output/prirucka/prirucka.docx", "output/prirucka/prirucka.pdf"]
    assert snapshot(project / "output" / "prirucka") == expected
    assert leftovers(project) == []


def test_the_next_build_deletes_an_unfinished_new_set_and_keeps_the_folder(tmp_path: Path) -> None:
    project = several_documents(tmp_path / "project")
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    before = folders(project)
    unfinished = project / "output" / ".kraj.new-x1y2z3w4"
    unfinished.mkdir()
    (unfinished / "kraj.docx").write_bytes(b"half")
    result = run_pipeline(project, *ARGS, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("aktuální, není co sestavit") == len(DOCUMENTS)
    assert folders(project) == before
    assert leftovers(project) == []


def test_a_partial_build_keeps_the_other_outputs_and_anything_else_in_the_folder(tmp_path: Path) -> None:
    project = several_documents(tmp_path / "project")
    assert run_pipeline(project, *ARGS, env=ENV).exit_code == 0
    folder = project / "output" / "ospod-lhota"
    redline = folder / "ospod-lhota-zmeny-v1-v2.docx"  # a redline sits beside the outputs
    redline.write_bytes(b"redline")
    folder.chmod(0o750)
    (folder / "ospod-lhota.pdf").chmod(0o640)
    (folder / "ospod-lhota.docx").chmod(0o660)
    edit_every_document(project)
    assert run_pipeline(project, *ARGS, "--format", "docx", env=ENV).exit_code == 0
    assert redline.read_bytes() == b"redline"
    assert (folder / "ospod-lhota.pdf").stat().st_mode & 0o777 == 0o640
    assert folder.stat().st_mode & 0o777 == 0o750
    assert (folder / "ospod-lhota.docx").stat().st_mode & 0o777 == 0o660  # rewritten, with the rights it had


TOOL_STARTER = """
import subprocess
import time

from pipeline import workers


def start_tool() -> int:
    # A tool leads a process group of its own, as pipeline.tools starts them.
    return subprocess.Popen(["sleep", "600"], process_group=0).pid


def hold() -> None:
    time.sleep(600)


if __name__ == "__main__":
    with workers.pool(1) as pool:
        print(pool.submit(start_tool).result(), flush=True)
        pool.submit(hold)
        time.sleep(600)
"""


def test_a_killed_build_takes_its_workers_and_their_tools_with_it(tmp_path: Path) -> None:
    script = tmp_path / "build.py"
    script.write_text(TOOL_STARTER, encoding="utf-8")
    marker = uuid.uuid4().hex
    main = subprocess.Popen(
        [sys.executable, str(script)], cwd=tmp_path, env={**os.environ, MARKER: marker},
        stdout=subprocess.PIPE, text=True,
    )
    try:
        tool = int(main.stdout.readline())
        running = marked(marker)
        assert tool in running and len(running) >= 3, running  # the main process, its worker, the worker's tool
        main.send_signal(signal.SIGKILL)
        main.wait()
    finally:
        main.stdout.close()
    assert survivors(marker) == []
