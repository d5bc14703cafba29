"""The command line as users meet it: check, options, messages (list: tests/authoring/test_list.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECTS, copy_project, run_pipeline


def test_check_valid_project_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "check")
    assert result.exit_code == 0
    # The fixture's bibliography keeps one entry no chapter cites: a warning, on stderr, counted on stdout.
    assert result.stdout == "Zdroje jsou bez chyb; 1 varování výše.\n"
    assert not (project / "output").exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "build", "--format", "odt")
    assert result.exit_code == 2
    assert "neznámý formát odt; možné: docx, pdf" in result.stderr


def test_path_without_documents_is_an_error(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "build", "templates-neexistuji")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "templates-neexistuji:1:1: chyba: cesta neexistuje (zadejte složku dokumentu ve sources/)"
    )


def test_kind_filter_skips_other_kinds(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "build", "--kind", "report")
    assert result.exit_code == 0
    assert not (project / "output").exists()


def test_verbose_shows_the_traceback_of_a_user_error(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources" / "metodika" / "document.yaml").write_text("kind: [\n", encoding="utf-8")
    quiet = run_pipeline(project, "check")
    verbose = run_pipeline(project, "check", "-v")
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in verbose.stderr


def test_warnings_pass_but_fail_under_strict(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSpolupráce s NNO.\n", encoding="utf-8")
    warning = (
        "sources/metodika/02-postup.md:17:14: varování: zkratka 'NNO' není v glosáři"
        " (doplňte ji do sources/glossary.yaml; je-li to jméno, do not_abbreviations tamtéž)"
    )
    unused = (
        "sources/references.yaml:10:9: varování: položka literatury 'zakon108' není citována v žádném dokumentu projektu"
        " (citujte ji [@zakon108] nebo ji odstraňte)"
    )
    relaxed = run_pipeline(project, "check")
    assert relaxed.exit_code == 0
    assert relaxed.stderr.splitlines() == [warning, unused]
    strict = run_pipeline(project, "check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [
        warning, unused,
        "Nalezeno: 2 varování; s přepínačem --strict se varování počítají jako chyby. Nic nebylo zapsáno.",
    ]


def test_click_s_own_messages_are_czech(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")

    unknown = run_pipeline(project, "build", "--bogus")
    assert unknown.exit_code == 2
    # The test runner calls the program "main"; a user's shell calls it "pipeline".
    assert unknown.stderr.replace("main ", "pipeline ").splitlines() == [
        "Použití: pipeline build [PŘEPÍNAČE] [CESTA]…",
        "Nápovědu vypíše 'pipeline build --help'.",
        "",
        "chyba: neznámý přepínač '--bogus'. (Možná jste mysleli některý z: '--jobs', '--verbose'?)",
    ]
    out_of_range = run_pipeline(project, "build", "--period", "0")
    assert out_of_range.stderr.splitlines()[-1] == "chyba: neplatná hodnota '--period': 0 není v rozsahu x>=1."
    assert run_pipeline(project, "nic").stderr.splitlines()[-1] == "chyba: neznámý příkaz 'nic'."
    assert run_pipeline(project, "textconv").stderr.splitlines()[-1] == "chyba: chybí argument 'SOUBOR.docx'."

    help_text = run_pipeline(project, "build", "--help").stdout
    assert help_text.replace("main ", "pipeline ").startswith("Použití: pipeline build [PŘEPÍNAČE] [CESTA]…\n")
    assert "Přepínače:" in help_text and "Vypíše tuto nápovědu a skončí." in help_text
    assert "Options" not in help_text and "Show this message" not in help_text
