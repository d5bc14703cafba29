"""Several documents, one bibliography each besides the shared one, and ``--strict`` (issue 15, item 1).

An entry of ``sources/references.yaml`` is unused only when no document cites
it; an entry of a document's own ``references.yaml`` when that document does
not, and the warning names the document. So a repository with several
documents can pass ``--strict``, and a run that fails on warnings alone says
that ``--strict`` counts them as errors instead of "0 chyb".
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ENV, PROJECTS, copy_project, run_pipeline, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import LOCATED, assert_refused  # noqa: E402

STRICT_SUMMARY = "; s přepínačem --strict se varování počítají jako chyby. Nic nebylo zapsáno."
OWN_REFERENCES = """references:
  - id: vlastni2024
    type: book
    author:
      - {family: Malá, given: Eva}
    title: Práce s rodinou
    publisher: Nakladatelství Dolní Lhota
    issued: {date-parts: [[2024]]}
  - id: necitovana2023
    type: book
    author:
      - {family: Král, given: Petr}
    title: Sociální šetření
    publisher: Nakladatelství Dolní Lhota
    issued: {date-parts: [[2023]]}
"""


def _two_documents(target: Path, chapter: str = "Opírá se o zákon [@zakon108] a o praxi [@vlastni2024].") -> Path:
    """Return the valid project with a second methodology that cites ``chapter``'s keys and has its own list."""
    project = copy_project(PROJECTS / "valid", target)
    second = project / "sources" / "metodika-b"
    second.mkdir()
    (second / "document.yaml").write_text(
        "kind: methodology\ntitle: Druhá metodika\nauthors:\n  - name: Mgr. Eva Malá\n"
        "version: \"1.0\"\nissued: 2026-05-01\nplace: Dolní Lhota\nchapters:\n  - 01-uvod.md\n",
        encoding="utf-8",
    )
    (second / "01-uvod.md").write_text(f"# Úvod\n\n{chapter}\n", encoding="utf-8")
    (second / "references.yaml").write_text(OWN_REFERENCES, encoding="utf-8")
    return project


def test_only_entries_no_document_cites_are_warned_each_naming_its_document(tmp_path: Path) -> None:
    project = _two_documents(tmp_path / "project")

    result = run_pipeline(project, "check", env=ENV)

    # zakon108 of the shared list is cited by the second document, novak2020 by the first: no warning for either.
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "sources/metodika-b/references.yaml:9:9: varování: položka literatury 'necitovana2023' není citována"
        " v dokumentu 'metodika-b' (citujte ji [@necitovana2023] nebo ji odstraňte)"
    ]
    # Without --strict the run passes, but its last line does not call sources with a warning "v pořádku".
    assert result.stdout == "Zdroje jsou bez chyb; 1 varování výše.\n"


def test_strict_fails_on_warnings_alone_and_says_why(tmp_path: Path) -> None:
    project = _two_documents(tmp_path / "project")
    before = snapshot(project / "output")

    for command in ("check", "build"):
        result = run_pipeline(project, command, "--strict", env=ENV)
        lines = result.stderr.splitlines()
        assert result.exit_code == 1
        assert "0 chyb" not in result.stderr
        assert lines[-1] == "Nalezeno: 1 varování" + STRICT_SUMMARY
        assert all(LOCATED.match(line)["severity"] == "varování" for line in lines[:-1])
    assert snapshot(project / "output") == before


def test_strict_passes_when_every_entry_is_cited_somewhere(tmp_path: Path) -> None:
    project = _two_documents(tmp_path / "project", "Zákon [@zakon108], praxe [@vlastni2024] a šetření [@necitovana2023].")

    result = run_pipeline(project, "check", "--strict", env=ENV)

    assert (result.exit_code, result.stderr, result.stdout) == (0, "", "Zdroje jsou v pořádku.\n")


def test_an_id_in_both_lists_is_an_error_at_the_document_s_own_entry(tmp_path: Path) -> None:
    project = _two_documents(tmp_path / "project")
    own = project / "sources" / "metodika-b" / "references.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace("id: necitovana2023", "id: novak2020"), encoding="utf-8")

    problems = assert_refused(project, "check")

    assert problems == [
        "sources/metodika-b/references.yaml:9:9: chyba: id 'novak2020' je už ve společném seznamu literatury"
        " (sources/references.yaml:2:9) (přejmenujte jedno z id, nebo položku ponechte jen v jednom seznamu)"
    ]


def test_a_document_cannot_cite_another_document_s_own_entry(tmp_path: Path) -> None:
    project = _two_documents(tmp_path / "project")
    chapter = project / "sources" / "metodika" / "01-uvod.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nViz také [@vlastni2024].\n", encoding="utf-8")

    problems = assert_refused(project, "check")

    assert [problem for problem in problems if ": chyba: " in problem] == [
        f"sources/metodika/01-uvod.md:{len(chapter.read_text(encoding='utf-8').splitlines())}:11: chyba:"
        " citace 'vlastni2024' není v seznamu literatury (doplňte položku do sources/references.yaml)"
    ]
