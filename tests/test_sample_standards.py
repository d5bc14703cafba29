"""The sample standards of three fictional offices, as `make standards` builds them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPOSITORY, run_pipeline
from docx import Document

from pipeline.errors import Diagnostics
from pipeline.model.standards import Catalogue
from pipeline.model.validate import validate
from pipeline.sources import load_yaml

OFFICES = ("standardy-ospod-lipova", "standardy-ospod-kamenny-ujezd", "standardy-kraj-podorlicko")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("sample-standards") / "project"
    shutil.copytree(REPOSITORY / "sources", project / "sources")
    result = run_pipeline(project, "build", "--kind", "quality-standards", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    diagnostics = Diagnostics()
    source = load_yaml(REPOSITORY / "sources" / "katalogy" / "spod-473-2012.yaml", diagnostics)
    return validate(Catalogue, source, diagnostics)


def criteria(path: Path) -> list[str]:
    return [
        p.text.removeprefix("Kritérium ")
        for p in Document(str(path)).paragraphs
        if p.style.name == "Heading 2" and p.text.startswith("Kritérium ")
    ]


def test_catalogue_has_the_fourteen_standards(catalogue: Catalogue) -> None:
    assert [standard.number for standard in catalogue.standards] == list(range(1, 15))


def test_each_office_gets_its_applicable_criteria(output: Path, catalogue: Catalogue) -> None:
    for office, kind in zip(OFFICES, ("orp", "orp", "kraj"), strict=True):
        expected = [c.id for s in catalogue.standards for c in s.criteria if kind in c.applies_to]
        assert criteria(output / office / f"{office}.docx") == expected
        public = [c.id for s in catalogue.standards for c in s.criteria if kind in c.applies_to and c.public]
        assert criteria(output / office / f"{office}-zverejneni.docx") == public
        rows = (output / office / f"{office}-pokryti.csv").read_text(encoding="utf-8-sig").splitlines()
        assert len(rows) == len(expected) + 1


def test_regional_office_leaves_out_what_does_not_apply_to_it(output: Path) -> None:
    found = set(criteria(output / "standardy-kraj-podorlicko" / "standardy-kraj-podorlicko.docx"))
    assert not found & {"1a", "1b", "4b", "8d", "9c", "9d", "14b"}


def test_office_texts_replace_the_model(output: Path) -> None:
    csv = (output / "standardy-ospod-lipova" / "standardy-ospod-lipova-pokryti.csv").read_text(encoding="utf-8-sig")
    own = [line.split(";")[2] for line in csv.splitlines()[1:] if line.split(";")[3] == "úřad"]
    assert own == ["2b", "4b", "8a"]
