"""``--jobs N``: documents built in worker processes come out the same, in the same order, for any N."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ENV, PROJECTS, copy_project, run_pipeline
from pipeline.ast import stringify



def _outputs(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project / "output").as_posix(): path.read_bytes()
        for path in sorted((project / "output").rglob("*"))
        if path.is_file() and ".cache" not in path.parts and path.name != ".lock"
    }


def test_outputs_and_messages_do_not_depend_on_jobs(tmp_path: Path) -> None:
    results = {}
    for jobs in ("1", "2"):
        project = copy_project(PROJECTS / "standards", tmp_path / f"jobs-{jobs}")
        result = run_pipeline(project, "build", "--no-page-numbers", "--jobs", jobs, env=ENV)
        assert result.exit_code == 0, result.stderr
        results[jobs] = (result.stdout, _outputs(project))
    (stdout_one, files_one), (stdout_two, files_two) = results["1"], results["2"]
    assert stdout_one == stdout_two
    assert stdout_one.splitlines()[:2] == ["kraj: připraveno (DOCX, PDF)", "ospod-lhota: připraveno (DOCX, PDF)"]
    assert "ospod-lhota/ospod-lhota-zverejneni.pdf" in files_one
    assert files_one == files_two


def test_worker_processes_fill_and_use_the_render_cache(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    assert run_pipeline(project, "build", "--no-page-numbers", "--jobs", "2", env=ENV).exit_code == 0
    before = _outputs(project)
    cached = sorted((project / "output" / ".cache").rglob("*.*"))
    rendered = [path for path in cached if path.suffix in {".docx", ".pdf"}]
    assert len(rendered) == sum(name.endswith((".docx", ".pdf")) for name in before)
    # A new comment in one office's document.yaml: it is rebuilt, but every file comes from the cache.
    document = project / "sources" / "ospod-lhota" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8") + "# revize textu\n", encoding="utf-8")
    result = run_pipeline(project, "build", "--no-page-numbers", "--jobs", "2", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "kraj: aktuální, není co sestavit" in result.stdout.splitlines()
    assert "ospod-lhota: připraveno (DOCX, PDF)" in result.stdout.splitlines()
    after = _outputs(project)
    assert {name: data for name, data in after.items() if not name.endswith("manifest.json")} == {
        name: data for name, data in before.items() if not name.endswith("manifest.json")
    }
    assert sorted((project / "output" / ".cache").rglob("*.*")) == cached


def test_the_cycle_collector_is_on_again_after_a_build_in_this_process(tmp_path: Path) -> None:
    import gc

    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    assert run_pipeline(project, "build", "--no-page-numbers", "--jobs", "1", env=ENV).exit_code == 0
    assert gc.isenabled()
    (project / "sources" / "ospod-lhota" / "document.yaml").write_text("kind: [", encoding="utf-8")
    assert run_pipeline(project, "build", "--no-page-numbers", "--jobs", "1", env=ENV).exit_code != 0
    assert gc.isenabled()  # paused while each document is made, also one that fails


def test_worker_processes_hand_their_parsed_parts_to_the_cache(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    annex = project / "sources" / "ospod-lhota" / "prilohy" / "13-pravidla-stiznosti.md"
    sentence = "Stížnost přijme kterýkoli pracovník úřadu a předá ji vedoucí oddělení téhož dne.\n"
    annex.write_text(annex.read_text(encoding="utf-8") + "\n" + sentence * 300, encoding="utf-8")  # long enough to cache
    assert run_pipeline(project, "build", "--no-page-numbers", "--jobs", "2", env=ENV).exit_code == 0
    parsed = list((project / "output" / ".cache").rglob("*.part.json"))
    assert len(parsed) == 1
    blocks = json.loads(parsed[0].read_bytes()[32:])  # an entry is its digest, then the data
    assert sentence.strip() in stringify(blocks)
