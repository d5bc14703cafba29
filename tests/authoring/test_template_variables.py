"""The README's list of template names is the code's (issue 15, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECTS, REPOSITORY, copy_project, run_pipeline
from pipeline import template_variables


@pytest.fixture(scope="module")
def by_kind() -> dict[str, list[str]]:
    return template_variables.kind_variables()


def test_the_readme_lists_exactly_what_the_code_offers() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")

    assert template_variables.current_section(readme) == template_variables.section(), (
        "README.md se liší od kódu: .venv/bin/python -m pipeline.template_variables --write"
    )


def test_every_kind_offers_the_common_names_and_its_own(by_kind: dict[str, list[str]]) -> None:
    assert all("dokument.nazev" in names and "organizace.nazev" in names for names in by_kind.values())
    assert "dokument.tiraz.isbn" in by_kind["methodology"]
    assert "urad.nazev" in by_kind["quality-standards"] and "urad.nazev" not in by_kind["methodology"]
    assert "katalog.pocet_cinnosti" in by_kind["minimum-standard"]
    assert {"cinnosti.<typ>.hodiny", "ukazatele.<kód>.procento", "zprava.obdobi"} <= set(by_kind["report"])


def test_a_name_without_a_meaning_or_a_meaning_without_a_name_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    without = {name: meaning for name, meaning in template_variables.MEANINGS.items() if name != "urad.vedouci"}
    monkeypatch.setattr(template_variables, "MEANINGS", without)
    with pytest.raises(LookupError, match="urad.vedouci"):
        template_variables.section()

    monkeypatch.setattr(template_variables, "MEANINGS", {**without, "urad.vedouci": "x", "urad.zastupce": "y"})
    with pytest.raises(LookupError, match="urad.zastupce"):
        template_variables.section()


def test_a_meaning_follows_the_model_field_description(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.model.standards import Office

    monkeypatch.setattr(Office.model_fields["head"], "description", "vedoucí oddělení SPOD")

    assert "- `urad.vedouci` – vedoucí oddělení SPOD" in template_variables.section()


def test_the_common_names_print_in_a_chapter_and_an_unlisted_one_is_an_error(
    tmp_path: Path, by_kind: dict[str, list[str]]
) -> None:
    common = [name for name in by_kind["methodology"] if all(name in names for names in by_kind.values())]
    printed = sorted({name.split("[]")[0] for name in common})
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    chapter = project / "sources" / "metodika" / "02-postup.md"
    text = chapter.read_text(encoding="utf-8")

    chapter.write_text(text + "".join(f"\nHodnota: {{{{ {name} }}}}.\n" for name in printed), encoding="utf-8")
    listed = run_pipeline(project, "check")
    chapter.write_text(text + "\nHodnota: {{ dokument.zkratka }}.\n", encoding="utf-8")
    unlisted = run_pipeline(project, "check")

    assert len(printed) > 15
    assert listed.exit_code == 0, listed.stderr
    assert unlisted.exit_code == 1
    assert "02-postup.md" in unlisted.stderr and "zkratka" in unlisted.stderr
