"""``pipeline fmt``: canonical YAML sources (model key order, indentation, quoting), comments kept."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECTS, copy_project, run_pipeline

MESSY_DOCUMENT = """\
# Zkušební metodika pro testy
title: 'Zkušební metodika'   # název na obálce
kind: methodology
version: '0.9'
authors:
- affiliation: Obecní úřad Horní Lhota
  name: Mgr. Jana Nováková
issued: 2026-03-01
place: "Horní Lhota"
subtitle: Pro testy sestavení
subject: Testovací dokument
keywords: [test, metodika]
front_matter:
- predmluva.md
chapters:
    - 01-uvod.md
    # postup až po úvodu
    - 02-postup.md
annexes:
  - priloha-formular.md
imprint:
  editor: Mgr. Eva Malá
  # recenzenti podle smlouvy
  reviewers:
    - doc. PhDr. Marie Veselá, Ph.D.
    - Mgr. Petr Král
  edition: 1. vydání
  isbn: 978-80-7421-123-2
  licence: CC BY 4.0
"""

CANONICAL_HEAD = """\
# Zkušební metodika pro testy
kind: methodology
title: Zkušební metodika     # název na obálce
subtitle: Pro testy sestavení
authors:
  - name: Mgr. Jana Nováková
    affiliation: Obecní úřad Horní Lhota
version: "0.9"
issued: 2026-03-01
place: Horní Lhota
"""


def messy_project(tmp_path: Path) -> Path:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources/metodika/document.yaml").write_text(MESSY_DOCUMENT, encoding="utf-8")
    (project / "sources/poznamky.yaml").write_text("zeta: 1\nalfa: 'yes'\ncas: '8:00'\n", encoding="utf-8")
    return project


def test_fmt_orders_keys_by_the_model_and_keeps_comments(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    result = run_pipeline(project, "fmt", "sources/metodika", "sources/poznamky.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["upraveno: sources/metodika/document.yaml", "upraveno: sources/poznamky.yaml"]
    text = (project / "sources/metodika/document.yaml").read_text(encoding="utf-8")
    assert text.startswith(CANONICAL_HEAD)
    assert "\nchapters:\n  - 01-uvod.md\n" in text and "# postup až po úvodu\n  - 02-postup.md\n" in text
    # A comment on its own line moves with the key below it.
    assert "\nimprint:\n  # recenzenti podle smlouvy\n  reviewers:\n" in text
    # The imprint's keys follow its model too.
    assert text.index("  reviewers:") < text.index("  editor:") < text.index("  edition:")
    # No model for this file: its order stays; text a YAML 1.1 reader would misread stays quoted.
    assert (project / "sources/poznamky.yaml").read_text(encoding="utf-8") == 'zeta: 1\nalfa: "yes"\ncas: "8:00"\n'
    # The document still builds from the same data.
    assert run_pipeline(project, "check").exit_code == 0


def test_fmt_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    assert run_pipeline(project, "fmt").exit_code == 0
    before = {path: path.read_bytes() for path in (project / "sources").rglob("*.yaml")}
    again = run_pipeline(project, "fmt")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert {path: path.read_bytes() for path in (project / "sources").rglob("*.yaml")} == before
    assert run_pipeline(project, "fmt", "--check").exit_code == 0


def test_the_sample_sources_of_the_fixtures_stay_canonical_after_one_pass(tmp_path: Path) -> None:
    for name in ("valid", "standards"):
        project = copy_project(PROJECTS / name, tmp_path / name)
        assert run_pipeline(project, "fmt").exit_code == 0
        assert run_pipeline(project, "fmt", "--check").exit_code == 0
        assert run_pipeline(project, "check").exit_code == 0


def test_check_lists_files_in_czech_and_changes_nothing(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    result = run_pipeline(project, "fmt", "--check", "sources/metodika", "sources/poznamky.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "není v ustálené podobě: sources/metodika/document.yaml",
        "není v ustálené podobě: sources/poznamky.yaml",
        "Spusťte pipeline fmt (nebo make fmt) a změny zapište.",
    ]
    assert (project / "sources/metodika/document.yaml").read_text(encoding="utf-8") == MESSY_DOCUMENT


def test_markdown_is_left_as_written(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    result = run_pipeline(project, "fmt", "sources/metodika/01-uvod.md")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "sources/metodika/01-uvod.md:1:1: chyba: není soubor YAML (pipeline fmt upravuje jen soubory .yaml; Markdown ponechává)"
    )


def test_broken_yaml_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    (project / "sources/glossary.yaml").write_text("terms:\n  - abbreviation: OSPOD\n    meaning: 'neukončené\n", encoding="utf-8")
    result = run_pipeline(project, "fmt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sources/glossary.yaml:3:14: chyba: chyba syntaxe YAML: neukončené uvozovky nebo závorka",
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.",
    ]
    assert (project / "sources/metodika/document.yaml").read_text(encoding="utf-8") == MESSY_DOCUMENT


def test_an_impossible_date_is_reported_in_czech(tmp_path: Path) -> None:
    project = messy_project(tmp_path)
    (project / "sources/metodika/document.yaml").write_text(MESSY_DOCUMENT.replace("2026-03-01", "2026-02-31"), encoding="utf-8")
    result = run_pipeline(project, "fmt", "sources/metodika")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sources/metodika/document.yaml:1:1: chyba: soubor nelze převést do ustálené podoby: obsahuje neplatnou hodnotu, "
        "např. neexistující datum (opravte chyby, které ukáže pipeline check)",
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.",
    ]
    assert "Traceback" not in result.stderr
