"""Every PDF the pipeline writes passes a PDF/UA-1 validator (issue 16: keep it so).

The validator is page-validation (import name ``page``), which checks the
Matterhorn protocol's machine-checkable conditions: tagged structure, language,
title shown, alt text, annotations inside their structure elements, fonts.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ENV, PROJECTS, copy_project, requires_libreoffice, run_pipeline
from page import ValidationProfile, validate_pdf, validate_pdf_bytes
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from validity.conftest import KINDS


def ua_failures(pdf: Path | bytes) -> list[str]:
    """Return the PDF/UA-1 rules ``pdf`` fails, as ``rule: message``."""
    if isinstance(pdf, bytes):
        report = validate_pdf_bytes(pdf, profile=ValidationProfile.PDF_UA_1)
    else:
        report = validate_pdf(pdf, profile=ValidationProfile.PDF_UA_1)
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_of_a_kind_is_pdf_ua(builds, kind: str) -> None:
    documents = builds(kind).files(".pdf")
    assert documents, f"the {kind} build wrote no PDF"
    assert {pdf.name: ua_failures(pdf) for pdf in documents} == {pdf.name: [] for pdf in documents}


def test_every_pdf_of_the_sample_is_pdf_ua(built_sample: Path) -> None:
    """The repository's sample: a real methodology, three offices' standards, a region's, the reports."""
    documents = sorted((built_sample / "output").glob("*/*.pdf"))
    assert len(documents) > 10
    assert {pdf.name: ua_failures(pdf) for pdf in documents} == {pdf.name: [] for pdf in documents}


def test_the_standards_cover_is_checked(builds) -> None:
    """The office's standards (with their own cover, not the methodology's) and the public extract are among them."""
    names = {pdf.name for pdf in builds("quality-standards").files(".pdf")}
    assert names == {"ospod-lhota.pdf", "ospod-lhota-zverejneni.pdf"}


@requires_libreoffice
def test_the_libreoffice_pdf_is_pdf_ua(tmp_path: Path) -> None:
    """``--pdf-engine libreoffice`` writes a PDF/UA-1 file too."""
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "build", "--format", "pdf", "--pdf-engine", "libreoffice", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert ua_failures(project / "output" / "metodika" / "metodika.pdf") == []


def test_an_untagged_pdf_fails(builds) -> None:
    """The check can fail: the same PDF without its structure tree is not PDF/UA."""
    pdf = builds("methodology").files(".pdf")[0]
    assert ua_failures(pdf) == []
    writer = PdfWriter(clone_from=PdfReader(pdf))
    del writer.root_object[NameObject("/StructTreeRoot")]
    stripped = io.BytesIO()
    writer.write(stripped)
    assert any("struct" in failure.lower() for failure in ua_failures(stripped.getvalue()))
