"""A list of people in square brackets, split by the comma before a degree (issue 15, item 4).

``[PhDr. Alena Malá, Ph.D., Mgr. Petr Král]`` is three items to YAML, one of
them only "Ph.D."; in ``{name: PhDr. Alena Malá, Ph.D.}`` the degree becomes a
key. Either is refused where the degree stands, in every people field of every
kind, with a hint to write one person per line; names with degrees written as
a block list, and flow lists without such commas, still build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import PROJECTS, copy_project, run_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import assert_refused  # noqa: E402

HINT = "čárka před titulem za jménem rozdělila jméno na dvě položky"


def _errors(problems: list[str]) -> list[str]:
    """Return the errors among ``problems`` (the valid project also warns about an entry it does not cite)."""
    return [problem for problem in problems if ": chyba: " in problem]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_degree_split_off_a_reviewer_is_refused_at_the_degree(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    document = project / "sources" / "metodika" / "document.yaml"
    _replace(document, "  reviewers:\n    - doc. PhDr. Marie Veselá, Ph.D.\n    - Mgr. Petr Král\n",
             "  reviewers: [doc. PhDr. Marie Veselá, Ph.D., Mgr. Petr Král]\n")

    problems = _errors(assert_refused(project, "check"))

    line = document.read_text(encoding="utf-8").splitlines().index(
        "  reviewers: [doc. PhDr. Marie Veselá, Ph.D., Mgr. Petr Král]") + 1
    column = len("  reviewers: [doc. PhDr. Marie Veselá, ") + 1
    assert problems == [
        f"sources/metodika/document.yaml:{line}:{column}: chyba: 'Ph.D.' je jen titul, ne jméno osoby ({HINT};"
        " pište každou osobu na vlastní řádek začínající '- ' (- PhDr. Jana Malá, Ph.D.), nebo jméno dejte do uvozovek)"
    ]


def test_every_degree_of_a_split_name_is_named(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    document = project / "sources" / "metodika" / "document.yaml"
    _replace(document, "  editor: Mgr. Eva Malá\n", "  editor: Ph. D.\n")
    _replace(document, "    - Mgr. Petr Král\n", "    - Mgr. Petr Král, CSc., MBA\n    - DiS.\n")

    problems = _errors(assert_refused(project, "check"))

    assert [problem.split(": chyba: ")[1].split(" (")[0] for problem in problems] == [
        "'DiS.' je jen titul, ne jméno osoby", "'Ph. D.' je jen titul, ne jméno osoby",
    ]


def test_a_degree_split_off_an_author_in_braces_is_a_degree_not_a_key(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    document = project / "sources" / "metodika" / "document.yaml"
    _replace(document, "  - name: Mgr. Jana Nováková\n    affiliation: Obecní úřad Horní Lhota\n",
             "  - {name: PhDr. Jana Nováková, Ph.D., affiliation: Obecní úřad Horní Lhota}\n")

    problems = _errors(assert_refused(project, "check"))

    assert len(problems) == 1
    assert problems[0].startswith("sources/metodika/document.yaml:5:")
    assert f": chyba: 'Ph.D.' je titul, ne klíč ({HINT};" in problems[0]


def test_staff_of_an_office_is_checked_too(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    office = project / "sources" / "ospod-lhota" / "office.yaml"
    _replace(office, "  - {name: Mgr. Petr Král, role: vedoucí oddělení}\n",
             "  - {name: Mgr. Petr Král, Ph.D., role: vedoucí oddělení}\n")
    _replace(office, "head: Mgr. Petr Král\n", "head: MBA\n")

    problems = assert_refused(project, "check")

    assert any(p.startswith("sources/ospod-lhota/office.yaml:") and "'Ph.D.' je titul, ne klíč" in p for p in problems)
    assert any(p.startswith("sources/ospod-lhota/office.yaml:") and "'MBA' je jen titul, ne jméno osoby" in p
               for p in problems)


def test_names_with_degrees_in_a_block_list_and_plain_flow_lists_build(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    document = project / "sources" / "metodika" / "document.yaml"
    # README's example: a flow list is fine as long as no name carries a comma.
    _replace(document, "  reviewers:\n    - doc. PhDr. Marie Veselá, Ph.D.\n    - Mgr. Petr Král\n",
             "  reviewers: [Mgr. Petr Král, Bc. Ivana Malá]\n")
    _replace(document, "  editor: Mgr. Eva Malá\n", "  editor: PhDr. Eva Malá, Ph.D., MBA\n")

    result = run_pipeline(project, "check")

    assert result.exit_code == 0, result.stderr
