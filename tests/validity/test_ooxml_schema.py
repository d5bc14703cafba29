"""Every DOCX the pipeline writes is valid against the Office Open XML schemas (issue 16).

Word reports an invalid file as damaged ("unreadable content") or repairs it
silently; the check is openxml-audit, a Python port of the Open XML SDK's
validator (schema order, undefined styles and numbering, broken relationships).
"""

from __future__ import annotations

import functools
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator, ValidationError, ValidationErrorType

from validity.conftest import KINDS


@dataclass(frozen=True)
class FalsePositive:
    """A finding of the validator that the standard itself allows, with the clause that says so."""

    error_id: str
    description: re.Pattern[str]
    why: str


KNOWN_FALSE_POSITIVES = (
    FalsePositive(
        "Sem_ReferencedElementMissing",
        re.compile(r"Numbering definition '0' referenced but not found"),
        # Unnumbered headings (annexes, front matter, the contents' own heading)
        # switch the heading styles' numbering off with numId 0. ISO/IEC 29500-1
        # §17.9.19 (numId): the value 0 never points to a numbering definition
        # instance and only removes numbering properties inherited from the
        # style hierarchy. Word itself writes it; the validator treats it as a
        # reference to a w:num with numId 0, which must not exist.
        "numId 0 removes inherited numbering (ISO/IEC 29500-1 §17.9.19)",
    ),
)


def known_false_positive(error: ValidationError) -> FalsePositive | None:
    """Return the known false positive ``error`` is, if it is one."""
    for known in KNOWN_FALSE_POSITIVES:
        if error.id == known.error_id and known.description.fullmatch(error.description):
            return known
    return None


@functools.cache
def validator() -> OpenXmlValidator:
    """Return the validator (its schemas load once), collecting every finding (``max_errors`` 0)."""
    return OpenXmlValidator(max_errors=0)


def schema_problems(docx: Path) -> list[str]:
    """Return what the validator finds in ``docx``, known false positives left out."""
    result = validator().validate(docx)
    return [str(error) for error in result.errors if known_false_positive(error) is None]


@pytest.mark.parametrize("kind", KINDS)
def test_every_docx_of_a_kind_is_valid(builds, kind: str) -> None:
    documents = builds(kind).files(".docx")
    assert documents, f"the {kind} build wrote no DOCX"
    problems = {document.name: schema_problems(document) for document in documents}
    assert problems == {document.name: [] for document in documents}


def test_every_docx_of_the_sample_is_valid(built_sample: Path) -> None:
    """The repository's sample: a real methodology, three offices' standards and extracts, a region's, the reports."""
    documents = sorted((built_sample / "output").glob("*/*.docx"))
    assert len(documents) > 10
    assert {docx.name: schema_problems(docx) for docx in documents} == {docx.name: [] for docx in documents}


def test_the_redline_is_valid(redline_docx: Path) -> None:
    assert schema_problems(redline_docx) == []


def test_the_false_positive_is_only_numbering_switched_off(builds) -> None:
    """The filter leaves out numId 0 and nothing else: a reference to a missing list still counts."""
    document = builds("methodology").files(".docx")[0]
    found = validator().validate(document).errors
    assert all(known_false_positive(error) for error in found)
    broken = ValidationError(
        ValidationErrorType.SEMANTIC, "Numbering definition '7' referenced but not found", id="Sem_ReferencedElementMissing"
    )
    assert known_false_positive(broken) is None


def misordered(docx: Path, target: Path) -> Path:
    """Return a copy of ``docx`` whose first paragraph style comes after its justification, against CT_PPrBase's order."""
    shutil.copyfile(docx, target)
    with zipfile.ZipFile(docx) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    changed = re.sub(r'<w:pPr>(<w:pStyle w:val="[^"]*"\s*/>)', r'<w:pPr><w:jc w:val="left"/>\1', xml, count=1)
    assert changed != xml
    parts["word/document.xml"] = changed.encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name, data in parts.items():
            copy.writestr(name, data)
    return target


def test_a_misordered_paragraph_is_reported(builds, tmp_path: Path) -> None:
    """The check can fail: ``w:jc`` before ``w:pStyle`` in a ``w:pPr`` is a schema violation."""
    document = builds("methodology").files(".docx")[0]
    assert schema_problems(document) == []
    problems = schema_problems(misordered(document, tmp_path / "misordered.docx"))
    assert any("/word/document.xml" in problem and "pStyle" in problem for problem in problems), problems
