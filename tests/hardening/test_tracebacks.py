"""No traceback, ever (issue 14, item 3): each failure a user can cause has its own Czech message and exit code.

The classes: values too long for the DOCX file properties, characters no
DOCX or PDF can hold, broken frames, runaway numbers in records (all in
:mod:`inputs_refused`, located), odd ``SOURCE_DATE_EPOCH`` values (one line,
no place to point at), and the last line of defence: a bug of ours ends in
one Czech line and exit status 70, with the traceback only under ``-v``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import ENV, assert_refused, snapshot, valid_project
from inputs_refused import ALL, CHAPTER, BadInput, set_key

from conftest import run_pipeline

SDE_MESSAGE = (
    "chyba: SOURCE_DATE_EPOCH musí být celý počet sekund od 1. 1. 1970 mezi 315532800 (1. 1. 1980)"
    " a 4354819199 (31. 12. 2107), ne '{0}' (nastavte jej např. na čas posledního commitu:"
    " git log -1 --format=%ct, nebo jej zrušte)"
)


@pytest.mark.parametrize("bad", ALL, ids=str)
def test_a_bad_input_is_one_located_czech_line_in_a_build(tmp_path: Path, bad: BadInput) -> None:
    project = valid_project(tmp_path / "p", bad.base)
    bad.change(project)

    problems = assert_refused(project, "build", "--format", "docx")

    errors = [line for line in problems if ": chyba: " in line]
    assert any(line.startswith(bad.place) and all(word in line for word in bad.words) for line in errors), errors


@pytest.mark.parametrize(
    "value", ["-5", "1e9", "", " ", "99999999999999", "253402300800", "315532799", "²", "9" * 5000],
    ids=["negative", "float", "empty", "blank", "year 3170843", "year 10000", "1979", "superscript digit", "5000 digits"],
)
def test_an_odd_source_date_epoch_is_one_czech_line(tmp_path: Path, value: str) -> None:
    project = valid_project(tmp_path / "p")

    lines = assert_refused(project, "build", env={"SOURCE_DATE_EPOCH": value}, located=False)

    assert lines == [SDE_MESSAGE.format(value)]


@pytest.mark.parametrize("value", ["9" * 5000, "²", "-5"], ids=["5000 digits", "superscript digit", "negative"])
def test_an_odd_source_date_epoch_is_one_czech_line_in_a_redline_too(tmp_path: Path, value: str) -> None:
    # The redline dates uncommitted work by SOURCE_DATE_EPOCH: it must refuse the value as the build does.
    import subprocess

    project = valid_project(tmp_path / "p")
    (project / "output").rename(tmp_path / "earlier-output")
    for command in (["init", "-q"], ["add", "sources"], ["-c", "user.name=T", "-c", "user.email=t@example.cz",
                                                          "commit", "-qm", "first"]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDoplněná věta.\n", encoding="utf-8")

    lines = assert_refused(project, "diff", "HEAD", "--outputs", "docx", env={"SOURCE_DATE_EPOCH": value}, located=False)

    assert lines == [SDE_MESSAGE.format(value)]


@pytest.mark.parametrize("value", ["315532800", "4354819199"], ids=["1 January 1980", "31 December 2107"])
def test_the_first_and_last_moment_a_zip_holds_build(tmp_path: Path, value: str) -> None:
    project = valid_project(tmp_path / "p")

    run = run_pipeline(project, "build", "--format", "docx", env={"SOURCE_DATE_EPOCH": value})

    assert run.exit_code == 0, run.stderr
    assert (project / "output" / "metodika" / "metodika.docx").read_bytes().startswith(b"PK")


def test_properties_of_exactly_255_characters_pass_check(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    set_key("subject", "p" * 255)(project)
    set_key("title", "N" * 255)(project)

    run = run_pipeline(project, "check", env=ENV)

    assert run.exit_code == 0, run.stderr  # one character more is refused: see PROPERTIES in inputs_refused


def test_a_formula_with_alt_text_is_built_with_it(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    with (project / CHAPTER).open("a", encoding="utf-8") as chapter:
        chapter.write('\nVzorec [$x^2 + 1$]{alt="x na druhou plus jedna"} v textu.\n')

    run = run_pipeline(project, "build", "--format", "pdf", env=ENV)

    assert run.exit_code == 0, run.stderr
    pdf = (project / "output" / "metodika" / "metodika.pdf").read_bytes()
    assert "x na druhou plus jedna".encode("utf-16-be") in pdf or b"x na druhou plus jedna" in pdf


def _fail(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("planted bug")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_bug_of_ours_is_one_czech_line_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from pipeline import prepare

    monkeypatch.setattr(prepare, "check_heading_levels", _fail)
    project = valid_project(tmp_path / "p")
    before = snapshot(project / "output")

    run = run_pipeline(project, command, env=ENV)

    assert run.exit_code == 70
    assert run.stderr.splitlines()[-1] == (
        "chyba: vnitřní chyba programu (RuntimeError); spusťte příkaz znovu s -v a pošlete výpis správci pipeline"
    )
    assert "Traceback" not in run.stderr + run.stdout
    assert snapshot(project / "output") == before


def test_a_bug_of_ours_shows_its_traceback_under_verbose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import prepare

    monkeypatch.setattr(prepare, "check_heading_levels", _fail)
    project = valid_project(tmp_path / "p")

    run = run_pipeline(project, "check", "-v", env=ENV)

    assert run.exit_code == 70
    assert "Traceback" in run.stderr and "RuntimeError: planted bug" in run.stderr
    assert "vnitřní chyba programu (RuntimeError)" in run.stderr.splitlines()[-1]


def test_a_tool_message_of_several_lines_is_still_one_line_per_problem(tmp_path: Path) -> None:
    # ruamel's reader error spans lines; quoted in ours it must not break the path:line:col shape.
    project = valid_project(tmp_path / "p")
    (project / "sources" / "metodika" / "document.yaml").write_bytes(b"kind: methodology\ntitle: a\x0bb\n")

    problems = assert_refused(project, "check")

    assert len(problems) == 1 and problems[0].startswith("sources/metodika/document.yaml:"), problems
