"""Each document its own publisher, project and bibliography (issue 15, item 1).

The acceptance case: the repository's sample methodology, then a second
methodology for another town and project (``tests/projects/second-town``:
its own project file, imprint and ``references.yaml``). The second builds with
its own cover, publisher, imprint and references in both formats; the first
is neither rebuilt nor changed by a byte; ``--strict`` passes on the two.
Smaller cases use the valid fixture: the organisation and project written in
``document.yaml`` itself, and what is refused about them.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from conftest import ENV, PROJECTS, REPOSITORY, Run, copy_project, pdf_text, requires_poppler, run_pipeline, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import assert_refused  # noqa: E402

FIRST = "metodika-socialni-prace"
SECOND = "metodika-bila-stran"
#: what of the sample's town and project must not reach the second document
FIRST_TOWN = ("Lipová", "Lipovsku", "CZ.03.02.02/00/22_004/0002187", "Šimková")


@dataclass(frozen=True)
class TwoTowns:
    """The sample methodology's outputs before the second document came, and the build after."""

    project: Path
    before: dict[str, bytes]
    build: Run


@pytest.fixture(scope="module")
def two_towns(tmp_path_factory: pytest.TempPathFactory) -> TwoTowns:
    project = tmp_path_factory.mktemp("towns") / "project"
    (project / "sources").mkdir(parents=True)
    shutil.copytree(REPOSITORY / "sources" / FIRST, project / "sources" / FIRST)
    for shared in ("project.yaml", "glossary.yaml", "references.yaml"):
        shutil.copyfile(REPOSITORY / "sources" / shared, project / "sources" / shared)
    first = run_pipeline(project, "build", env=ENV)
    assert first.exit_code == 0, first.stderr
    before = snapshot(project / "output" / FIRST)
    shutil.copytree(PROJECTS / "second-town" / "sources", project / "sources", dirs_exist_ok=True)
    return TwoTowns(project, before, run_pipeline(project, "build", env=ENV))


def _docx_text(path: Path) -> str:
    """Return the text of every paragraph of a DOCX, its headers and footers, with plain spaces."""
    document = Document(str(path))
    paragraphs = [*document.paragraphs]
    for section in document.sections:
        paragraphs += [*section.header.paragraphs, *section.footer.paragraphs]
    return "\n".join(paragraph.text for paragraph in paragraphs).replace("\xa0", " ")


def _source_inputs(manifest: bytes) -> dict[str, str]:
    """Return the files below ``sources/`` a manifest lists as its document's inputs, with their digests."""
    return {name: digest for name, digest in json.loads(manifest)["inputs"].items() if name.startswith("sources/")}


def test_the_second_document_builds(two_towns: TwoTowns) -> None:
    assert two_towns.build.exit_code == 0, two_towns.build.stderr
    assert two_towns.build.stderr == ""
    assert f"zapsáno: output/{SECOND}/{SECOND}.docx" in two_towns.build.stdout


def test_the_first_document_rebuilt_is_byte_identical_from_the_same_inputs(two_towns: TwoTowns) -> None:
    again = run_pipeline(two_towns.project, "build", "--force", f"sources/{FIRST}", env=ENV)
    assert again.exit_code == 0, again.stderr
    after = snapshot(two_towns.project / "output" / FIRST)
    for name in (f"{FIRST}.docx", f"{FIRST}.pdf"):
        assert after[name] == two_towns.before[name], f"{name} changed when a second town's document came"
    # Neither the other town's project file nor its document is an input: adding them does not make it stale.
    assert _source_inputs(after["manifest.json"]) == _source_inputs(two_towns.before["manifest.json"])


def test_the_second_docx_has_its_own_cover_imprint_and_references(two_towns: TwoTowns) -> None:
    docx = two_towns.project / "output" / SECOND / f"{SECOND}.docx"
    text = _docx_text(docx)

    cover = text.split("Obsah")[0]
    assert cover.splitlines()[0] == "Městys Bílá Stráň"
    assert "Projekt Podpora rodin na Bělostránsku" in cover
    assert "Registrační číslo projektu CZ.03.02.02/00/23_017/0004410" in cover
    assert "Vydal: Městys Bílá Stráň, Náměstí Míru 1, 569 91 Bílá Stráň" in cover
    assert "Recenzenti: PhDr. Oldřich Stránský, Ph.D., Mgr. Věra Horská, DiS." in cover
    assert "ISBN 978-80-270-0123-1" in cover
    assert "Metodiku vydává Městys Bílá Stráň v rámci projektu Podpora rodin na Bělostránsku." in text
    references = text.split("Seznam literatury a zdrojů")[-1]
    for entry in ("STRÁNSKÁ, Marie", "Komunitní plán sociálních služeb městyse Bílá Stráň", "108/2006 Sb."):
        assert entry in references
    assert "HORÁKOVÁ" not in references.upper()  # a shared entry only the first document cites
    assert not [word for word in FIRST_TOWN if word in text]
    assert Document(str(docx)).core_properties.title == "Metodika práce s rodinou v Bílé Stráni"


@requires_poppler
def test_the_second_pdf_has_its_own_cover_imprint_and_references(two_towns: TwoTowns) -> None:
    text = " ".join(pdf_text(two_towns.project / "output" / SECOND / f"{SECOND}.pdf").split())

    assert text.startswith("Městys Bílá Stráň Metodika práce s rodinou v Bílé Stráni")
    assert "Projekt Podpora rodin na Bělostránsku Registrační číslo projektu CZ.03.02.02/00/23_017/0004410" in text
    assert "Vydal: Městys Bílá Stráň, Náměstí Míru 1, 569 91 Bílá Stráň" in text
    assert "(STRÁNSKÁ, 2024, s. 12)" in text
    assert "Práce s rodinou v malé obci" in text.split("Seznam literatury a zdrojů")[-1]
    assert not [word for word in FIRST_TOWN if word in text]


def test_strict_passes_with_both_documents(two_towns: TwoTowns) -> None:
    result = run_pipeline(two_towns.project, "check", "--strict", env=ENV)
    assert (result.exit_code, result.stderr) == (0, "")


def _document(project: Path) -> Path:
    return project / "sources" / "metodika" / "document.yaml"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_organisation_and_project_in_document_yaml_replace_the_shared_ones(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    _append(_document(project), (
        "organisation:\n  name: Obec Dolní Lhota\n  address: Náves 2, 549 02 Dolní Lhota\n"
        "project:\n  name: Rodina v Dolní Lhotě\n  publicity: 2014-2020\n"
        "  registration_number: CZ.03.2.63/0.0/0.0/15_023/0000851\n"
        "  programme: Operační program Zaměstnanost\n  start: 2019-01-01\n  end: 2021-12-31\n"
    ))
    chapter = project / "sources" / "metodika" / "01-uvod.md"
    _append(chapter, "\nVydává {{ organizace.nazev }}, projekt {{ projekt.nazev }}.\n")

    result = run_pipeline(project, "build", "--format", "docx", env=ENV)

    assert result.exit_code == 0, result.stderr
    text = _docx_text(project / "output" / "metodika" / "metodika.docx")
    assert "Vydává Obec Dolní Lhota, projekt Rodina v Dolní Lhotě." in text
    assert "Vydal: Obec Dolní Lhota, Náves 2, 549 02 Dolní Lhota" in text
    assert "Evropský sociální fond" in text  # the 2014-2020 publicity variant of the document's own project
    assert "Obec Horní Lhota" not in text  # the organisation of sources/project.yaml


def test_a_missing_project_file_is_named_where_document_yaml_names_it(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources" / "projekt-dolni-lhota.yaml").write_text(
        (project / "sources" / "project.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _append(_document(project), "project_file: ../projekt-dolni-lhta.yaml\n")

    problems = assert_refused(project, "check")

    line = len(_document(project).read_text(encoding="utf-8").splitlines())
    assert f"sources/metodika/document.yaml:{line}:15: chyba: soubor s údaji o organizaci a projektu"\
        " '../projekt-dolni-lhta.yaml' neexistuje (možná jste mysleli '../projekt-dolni-lhota.yaml')" in problems


def test_a_project_file_with_an_error_is_reported_in_that_file(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    own = project / "sources" / "projekt-dolni-lhota.yaml"
    own.write_text("organisation:\n  name: Obec Dolní Lhota\n  adress: Náves 2\n", encoding="utf-8")
    _append(_document(project), "project_file: ../projekt-dolni-lhota.yaml\n")

    problems = assert_refused(project, "check")

    assert "sources/projekt-dolni-lhota.yaml:3:3: chyba: neznámý klíč 'adress' (možná jste mysleli 'address')" in problems


def test_without_project_yaml_a_document_with_its_own_organisation_and_project_passes(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    shared = project / "sources" / "project.yaml"
    _append(_document(project), shared.read_text(encoding="utf-8"))  # organisation: and project: move in
    shared.unlink()

    result = run_pipeline(project, "check", env=ENV)

    assert result.exit_code == 0, result.stderr


def test_a_key_at_the_wrong_level_says_where_it_belongs(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    _append(_document(project), "ico: \"00274046\"\n")
    _append(project / "sources" / "project.yaml", "title: Metodika\n")

    problems = assert_refused(project, "check")

    assert any(problem.endswith("chyba: neznámý klíč 'ico' (klíč 'ico' patří do oddílu 'organisation:')")
               and problem.startswith("sources/metodika/document.yaml:") for problem in problems)
    assert any(problem.endswith("chyba: neznámý klíč 'title' (klíč 'title' patří do document.yaml dokumentu)")
               and problem.startswith("sources/project.yaml:") for problem in problems)


def test_personal_data_in_the_document_s_own_project_file_is_found_there(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    (project / "sources" / "projekt-dolni-lhota.yaml").write_text(
        "organisation:\n  name: Obec Dolní Lhota\n  address: Náves 2, 549 02 Dolní Lhota, jana.mala@seznam.cz\n",
        encoding="utf-8",
    )
    _append(_document(project), "project_file: ../projekt-dolni-lhota.yaml\n")
    chapter = project / "sources" / "metodika" / "01-uvod.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("{{ projekt.nazev }}", "Dolní Lhota"), encoding="utf-8")

    result = run_pipeline(project, "check", env=ENV)

    assert result.exit_code == 0, result.stderr
    found = [line for line in result.stderr.splitlines() if line.startswith("sources/projekt-dolni-lhota.yaml:3:")]
    assert len(found) == 1 and ": varování: " in found[0] and "e-mail" in found[0]


def test_the_organisation_in_office_yaml_is_sent_to_document_yaml(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    _append(project / "sources" / "ospod-lhota" / "office.yaml", "organisation:\n  name: Obec Dolní Lhota\n")

    problems = assert_refused(project, "check")

    assert any(problem.startswith("sources/ospod-lhota/office.yaml:") and problem.endswith(
        "chyba: neznámý klíč 'organisation' (klíč 'organisation' patří do document.yaml dokumentu)") for problem in problems)
