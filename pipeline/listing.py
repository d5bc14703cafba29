"""``pipeline list``: each document's folder, title, kind, version and whether its outputs are up to date.

"Up to date" means what ``pipeline build`` (with its default options, as the
Makefile runs it) would decide: the document's input key, computed the way
the build computes it (:func:`pipeline.inputs.document_inputs`), matches the
manifest of its outputs and the outputs are unchanged
(:func:`pipeline.output.is_up_to_date`). So the list never disagrees with the
next build about what it would skip.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from pipeline import output
from pipeline.build import build_options, can_number_pages, declared
from pipeline.errors import display_path
from pipeline.inputs import document_inputs, source_tree
from pipeline.kinds import kinds
from pipeline.project import Project

#: the formats and PDF engine of a build without options
DEFAULT_FORMATS = ("docx", "pdf")
DEFAULT_PDF_ENGINE = "typst"
#: what the table shows for a field ``document.yaml`` lacks or gives in a wrong form
UNKNOWN = "?"

UP_TO_DATE = "aktuální"
OUT_OF_DATE = "zastaralý"
NOT_BUILT = "nesestavený"
HEADER = ("Složka", "Název", "Druh", "Verze", "Stav")


@dataclass(frozen=True)
class ListedDocument:
    """One row of ``pipeline list``."""

    folder: str
    title: str
    #: the ``kind:`` of ``document.yaml``, e.g. ``methodology``
    kind: str
    #: the kind in Czech, e.g. ``metodika``
    kind_label: str
    version: str
    up_to_date: bool
    #: ``aktuální``, ``zastaralý`` (built from other sources or options) or ``nesestavený``
    state: str
    #: the output files the document has now
    outputs: list[str]

    def row(self) -> tuple[str, ...]:
        """Return the table's cells for this document."""
        return (self.folder, self.title, self.kind_label, self.version, self.state)


def list_documents(project: Project) -> list[ListedDocument]:
    """Return every document of ``project`` with its particulars and state, in folder order."""
    output.recover(project.output)  # a build killed while swapping a document's folder: show what it holds
    options = build_options(DEFAULT_FORMATS, False, DEFAULT_PDF_ENGINE, can_number_pages(), None)
    tree = source_tree(project)
    known = kinds()
    listed = []
    for folder in project.documents():
        fields = declared(folder)
        kind = _text(fields.get("kind"))
        built = project.output_dir(folder)
        manifest = output.read_manifest(built)
        # The key (as the build computes it) only matters where there are outputs to compare it with.
        key = document_inputs(project, folder, options, tree).key if manifest is not None else None
        current = key is not None and output.is_up_to_date(built, key)
        listed.append(ListedDocument(
            folder=display_path(folder),
            title=_text(fields.get("title")),
            kind=kind,
            kind_label=known[kind].label if kind in known else kind,
            version=_text(fields.get("version")),
            up_to_date=current,
            state=UP_TO_DATE if current else OUT_OF_DATE if manifest is not None else NOT_BUILT,
            outputs=[display_path(built / name) for name in sorted((manifest or {}).get("outputs", {}))],
        ))
    return listed


def _text(value: Any) -> str:
    """Return a field of ``document.yaml`` as text (a number as written, a missing or structured one as ?)."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return UNKNOWN
    return " ".join(str(value).split()) or UNKNOWN


def as_table(documents: list[ListedDocument]) -> str:
    """Return ``documents`` as a table with a header, columns aligned by spaces."""
    rows = [HEADER, *(document.row() for document in documents)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def as_json(documents: list[ListedDocument]) -> str:
    """Return ``documents`` as a JSON list of objects, for tools."""
    return json.dumps([asdict(document) for document in documents], ensure_ascii=False, indent=2) + "\n"
