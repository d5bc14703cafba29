"""``pipeline new KIND FOLDER``: a document folder that builds at once, every key explained (issue 15, item 6)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import ENV, PROJECTS, REPOSITORY, copy_project, pdf_text, requires_poppler, run_pipeline, snapshot
from pipeline import spelling
from pipeline.commented_yaml import model_inside
from pipeline.errors import Diagnostics
from pipeline.kinds import kinds
from pipeline.project import Project

KINDS = sorted(kinds())
#: a sentence of each kind's starter text, as it reads in the built document
FIRST_TEXT = {
    "methodology": ("novy-methodology.docx", "Text kapitoly pište jednu větu na řádek"),
    "quality-standards": ("novy-quality-standards.docx", "Tento text úřadu nahrazuje vzorový text kritéria 1a."),
    "minimum-standard": ("novy-minimum-standard.docx", "Tento podklad popisuje činnosti sociální práce"),
    "report": ("novy-report-zprava-1.docx", "proběhlo 2 události v rozsahu 5 hodin"),
}


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the repository's sources with a new document of every kind in ``sources/novy-<kind>``."""
    project = tmp_path_factory.mktemp("new") / "project"
    shutil.copytree(REPOSITORY / "sources", project / "sources")
    for kind in KINDS:
        result = run_pipeline(project, "new", kind, f"sources/novy-{kind}")
        assert result.exit_code == 0, result.stderr
        assert f"vytvořeno: sources/novy-{kind}/document.yaml" in result.stdout
    return project


@pytest.fixture(scope="module")
def built(created: Path) -> Path:
    """Return the project after building the new documents: DOCX of each, the PDF of the methodology too."""
    others = [f"sources/novy-{kind}" for kind in KINDS if kind != "methodology"]
    for arguments in (["--format", "docx", *others], ["sources/novy-methodology"]):
        result = run_pipeline(created, "build", *arguments, env=ENV)
        assert result.exit_code == 0, result.stderr
        assert "chyba" not in result.stderr
    return created


def docx_text(path: Path) -> str:
    """Return the text of every paragraph of a DOCX, as python-docx reads it (no-break spaces as spaces)."""
    return "\n".join(paragraph.text for paragraph in Document(str(path)).paragraphs).replace("\u00a0", " ")


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_document_of_every_kind_builds_at_once(built: Path, kind: str) -> None:
    name, sentence = FIRST_TEXT[kind]

    text = docx_text(built / "output" / f"novy-{kind}" / name)

    assert sentence in text


@requires_poppler
def test_the_new_methodology_builds_as_pdf_with_its_first_chapter(built: Path) -> None:
    text = pdf_text(built / "output" / "novy-methodology" / "novy-methodology.pdf").replace("\u00a0", " ")

    assert "Nová metodika" in text
    assert "Cíl metodiky" in text


@pytest.mark.parametrize("kind", KINDS)
def test_document_yaml_explains_every_key_in_czech(created: Path, kind: str) -> None:
    text = (created / "sources" / f"novy-{kind}" / "document.yaml").read_text(encoding="utf-8")
    comments = {line.strip().removeprefix("# ") for line in text.splitlines() if line.strip().startswith("#")}
    model = kinds()[kind].model

    missing = []
    for fields in [model.model_fields, *(model_inside(f.annotation).model_fields
                                         for f in model.model_fields.values() if model_inside(f.annotation))]:
        for name, field in fields.items():
            if not re.search(rf"^\s*(# )?(- )?{name}:", text, re.MULTILINE):
                missing.append(name)
            if field.description and field.description not in comments:
                missing.append(field.description)

    assert missing == []


@pytest.mark.skipif(not spelling.DICTIONARY.with_suffix(".dic").is_file(), reason="slovník hunspell-cs chybí")
def test_new_documents_pass_the_spelling_check(created: Path) -> None:
    project = Project(created)
    diagnostics = Diagnostics()

    spelling.check_spelling(project, [project.sources / f"novy-{kind}" for kind in KINDS], diagnostics)

    assert [str(item) for item in diagnostics.items] == []


@pytest.mark.parametrize(
    ("kind", "folder", "message"),
    [
        ("methodology", "sources/metodika", "složka sources/metodika už existuje a není prázdná"),
        ("methodology", "jinde/metodika", "složka jinde/metodika neleží ve sources/"),
        ("methodology", "sources", "vlastní složku uvnitř sources/"),
        ("report", "sources/metodika/zpravy", "leží uvnitř dokumentu sources/metodika"),
        ("metodika", "sources/nova", "neznámý druh dokumentu 'metodika'"),
    ],
)
def test_a_folder_that_cannot_hold_a_new_document_is_refused(
    tmp_path: Path, kind: str, folder: str, message: str
) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    before = snapshot(project)

    result = run_pipeline(project, "new", kind, folder)

    assert result.exit_code == 1
    assert result.stderr.startswith("chyba: ") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_an_empty_folder_is_used_and_a_missing_project_yaml_is_written(tmp_path: Path) -> None:
    (tmp_path / "sources" / "nova").mkdir(parents=True)

    created = run_pipeline(tmp_path, "new", "methodology", "sources/nova")
    checked = run_pipeline(tmp_path, "check", "sources/nova")

    assert created.exit_code == 0, created.stderr
    assert "vytvořeno: sources/project.yaml" in created.stdout
    assert checked.exit_code == 0, checked.stderr
