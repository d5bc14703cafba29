"""Orchestrate the stages for one or many documents: gather and check, render, write.

Like mkdocs' ``build()``, everything is gathered and checked before anything is
written: a run with a problem in any document writes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pipeline.errors import Diagnostic, Diagnostics, Location, did_you_mean
from pipeline.inputs import BuildInputs, document_inputs, tool_versions
from pipeline.project import DOCUMENT_FILE, Project

Report = Callable[[str], None]


@dataclass(frozen=True)
class SharedSources:
    """Sources every document of the project uses; ``valid`` is False if any had errors."""

    context: dict[str, Any]
    valid: bool
    terms: list[Any] = field(default_factory=list)
    bibliography: Any = None


@dataclass(frozen=True)
class PreparedDocument:
    """A document whose sources are loaded, checked and composed into one AST."""

    folder: Path
    kind: str
    title: str
    version: str
    issued: str
    job_fields: dict[str, Any]


@dataclass
class BuildResult:
    """What a build did, for the command line to report."""

    built: list[Path] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def load_shared(project: Project, diagnostics: Diagnostics) -> SharedSources:
    """Load ``sources/project.yaml`` (required) and ``sources/glossary.yaml`` (optional)."""
    from pipeline.ast.citations import read_bibliography
    from pipeline.compose import Unchecked
    from pipeline.model.glossary import Glossary
    from pipeline.model.project import ProjectFile
    from pipeline.model.validate import validate
    from pipeline.sources import load_yaml

    before = len(diagnostics.errors)
    project_path = project.sources / "project.yaml"
    project_file = None
    if project_path.is_file():
        source = load_yaml(project_path, diagnostics)
        project_file = validate(ProjectFile, source, diagnostics) if source else None
    else:
        diagnostics.error(Location(project_path), "chybí soubor s údaji o organizaci a projektu", "vytvořte jej podle README")
    glossary = None
    glossary_path = project.sources / "glossary.yaml"
    if glossary_path.is_file():
        glossary_source = load_yaml(glossary_path, diagnostics)
        glossary = validate(Glossary, glossary_source, diagnostics) if glossary_source else None
    bibliography = None
    if project.references.is_file():
        references_source = load_yaml(project.references, diagnostics)
        bibliography = read_bibliography(references_source, diagnostics) if references_source else None
    context = project_file.template_context() if project_file else {"organizace": Unchecked(), "projekt": Unchecked()}
    return SharedSources(
        context,
        valid=len(diagnostics.errors) == before,
        terms=list(glossary.terms) if glossary else [],
        bibliography=bibliography,
    )


def prepare(project: Project, folder: Path, shared: SharedSources, diagnostics: Diagnostics) -> PreparedDocument | None:
    """Load, validate and compose the document in ``folder``; None if it has errors (all recorded).

    When ``document.yaml`` has errors, its chapters are still composed (with
    the document's own fields left unchecked), so one run reports the problems
    of every file.
    """
    from pipeline.ast.accessibility import check_heading_levels
    from pipeline.ast.citations import (
        CITATION_STYLE,
        bibliography_blocks,
        check_citations,
        cited_keys,
        render_citations,
        warn_unused,
    )
    from pipeline.ast.glossary import abbreviation_blocks, expand_first_use, unknown_abbreviations, used_terms
    from pipeline.ast.images import resolve_images
    from pipeline.ast.lists import insert_before_annexes, list_blocks
    from pipeline.render.frame_docx import check_frame_styles
    from pipeline.ast.parts import label_annexes, parts_of, unwrap_parts
    from pipeline.ast.typography import apply_typography, typeset_values
    from pipeline.ast.xref import number_and_resolve
    from pipeline.compose import Unchecked, compose_body
    from pipeline.kinds import kinds
    from pipeline.model.validate import validate
    from pipeline.pandoc import markdown_to_ast
    from pipeline.sources import load_yaml, read_text

    before = len(diagnostics.errors)
    source = load_yaml(folder / DOCUMENT_FILE, diagnostics)
    if source is None:
        return None
    kind_name = source.data.get("kind") if isinstance(source.data, dict) else None
    kind = kinds().get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        if kind_name is None:
            diagnostics.error(source.locate(()), "chybí klíč 'kind'", "druhy dokumentů: " + ", ".join(kinds()))
        else:
            hint = did_you_mean(str(kind_name), kinds()) or "druhy dokumentů: " + ", ".join(kinds())
            diagnostics.error(source.locate(("kind",)), f"neznámý druh dokumentu '{kind_name}'", hint)
        return None
    document = validate(kind.model, source, diagnostics)
    try:
        parts = kind.parts(document or kind.model.model_construct(**source.data), folder, source)
    except (AttributeError, TypeError):  # the part lists themselves are malformed: reported above
        parts = []
    for part in parts:
        if not part.path.resolve().is_relative_to(folder.resolve()):
            diagnostics.error(part.declared_at, f"soubor '{part.path.name}' leží mimo složku dokumentu", None)
        elif not part.path.is_file():
            candidates = [p.name for p in folder.glob("*.md")]
            hint = did_you_mean(part.path.name, candidates) or "zkontrolujte název souboru"
            diagnostics.error(part.declared_at, f"soubor '{part.path.name}' neexistuje", hint)
    declared = len(parts)
    parts = [part for part in parts if part.path.is_file() and part.path.resolve().is_relative_to(folder.resolve())]

    context = {**shared.context, "dokument": document.template_context() if document else Unchecked()}
    texts: dict[Path, str] = {}

    def read(path: Path, sink: Diagnostics) -> str | None:
        text = read_text(path, sink)
        if text is not None:
            texts[path] = text
        return text

    ast = markdown_to_ast(compose_body(parts, context, diagnostics, read))
    images = resolve_images(ast, project.sources, texts, diagnostics)
    check_heading_levels(ast, texts, diagnostics)
    check_frame_styles(project.templates / kind.name / "frame.docx", diagnostics)
    # A label in a part that failed to load is not unknown: don't report its references.
    complete = len(parts_of(ast)) == declared
    targets = number_and_resolve(
        ast, texts, diagnostics, getattr(document, "annexes_own_numbering", False), report_unknown=complete
    )
    check_citations(ast, shared.bibliography, texts, diagnostics)
    unknown_abbreviations(ast, shared.terms, texts, diagnostics)
    if len(diagnostics.errors) > before or document is None or not shared.valid:
        return None

    # Generated parts: abbreviations up front; bibliography and lists before the annexes.
    label_annexes(ast)
    terms = used_terms(ast, shared.terms)
    if getattr(document, "expand_abbreviations", False):
        expand_first_use(ast, terms)
    cites = bool(cited_keys(ast))
    insert_before_annexes(ast, (bibliography_blocks() if cites else []) + list_blocks(targets))
    if cites:
        warn_unused(ast, shared.bibliography, diagnostics)
        ast = render_citations(ast, project.references, project.templates / "common" / CITATION_STYLE)
    ast["blocks"][0:0] = abbreviation_blocks(terms)
    apply_typography(ast)
    unwrap_parts(ast)
    ast["meta"] = {"lang": {"t": "MetaString", "c": "cs-CZ"}}
    authors = [author.name for author in document.authors]
    return PreparedDocument(
        folder=folder,
        kind=kind.name,
        title=document.title,
        version=document.version,
        issued=document.issued.isoformat(),
        job_fields={
            "ast": ast,
            "frame_dir": project.templates / kind.name,
            "common_dir": project.templates / "common",
            # The frames print these on the cover: same typography as the body.
            "context": typeset_values(context),
            "title": document.title,
            "authors": authors,
            "subject": document.subject or document.title,
            "keywords": list(document.keywords),
            "images": images,
        },
    )


def check(project: Project, paths: tuple[Path, ...], strict: bool) -> BuildResult:
    """Load and check the documents under ``paths``; write nothing."""
    diagnostics = Diagnostics()
    folders = project.documents(paths)
    shared = load_shared(project, diagnostics)
    for folder in folders:
        prepare(project, folder, shared, diagnostics)
    diagnostics.raise_if_errors(strict)
    return BuildResult(warnings=diagnostics.warnings)


def build(
    project: Project,
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    *,
    force: bool = False,
    strict: bool = False,
    kind: str | None = None,
    pdf_engine: str = "typst",
    page_numbers: bool = True,
    report: Report = lambda message: None,
) -> BuildResult:
    """Build the documents under ``paths`` in ``formats``; skip those already up to date."""
    from pipeline import output

    result = BuildResult()
    folders = project.documents(paths)
    if kind:
        folders = [folder for folder in folders if _kind_of(folder) == kind]
    from pipeline.render.libreoffice import soffice

    # Page numbers in the DOCX need a layout engine: LibreOffice, where installed.
    page_numbers = page_numbers and soffice() is not None
    options = {"formats": ",".join(formats), "strict": str(strict), "pdf_engine": pdf_engine,
               "page_numbers": str(page_numbers)}
    pending: list[tuple[Path, BuildInputs]] = []
    for folder in folders:
        inputs = document_inputs(project, folder, options)
        if not force and output.is_up_to_date(project.output_dir(folder), inputs.key):
            result.up_to_date.append(folder.name)
            report(f"{folder.name}: aktuální, není co sestavit")
        else:
            pending.append((folder, inputs))
    if not pending:
        return result

    # Phase 1: gather and check everything; nothing is written yet.
    diagnostics = Diagnostics()
    shared = load_shared(project, diagnostics)
    prepared = []
    for folder, inputs in pending:
        report(f"{folder.name}: načítám a kontroluji zdroje")
        prepared.append((prepare(project, folder, shared, diagnostics), inputs))
    diagnostics.raise_if_errors(strict)
    result.warnings = diagnostics.warnings

    # Phase 2: render every document in memory, so a failure still writes nothing.
    from pipeline.render import RenderJob, renderers

    # Formats render side by side: most of their time is spent in pandoc and
    # Typst outside the interpreter, and each result is independent of order.
    from concurrent.futures import ThreadPoolExecutor

    available = renderers(pdf_engine)
    finished = []
    with ThreadPoolExecutor(max_workers=len(formats)) as pool:
        for document, inputs in prepared:
            assert document is not None
            job = RenderJob(epoch=inputs.epoch, page_numbers=page_numbers, **document.job_fields)
            report(f"{document.folder.name}: sestavuji {', '.join(name.upper() for name in formats)}")
            futures = {f"{document.folder.name}.{name}": pool.submit(available[name].render, job) for name in formats}
            finished.append((document, inputs, {name: future.result() for name, future in futures.items()}))

    # Phase 3: write atomically, manifest last.
    for document, inputs, files in finished:
        manifest = {
            "document": document.folder.name,
            "kind": document.kind,
            "title": document.title,
            "version": document.version,
            "issued": document.issued,
            "key": inputs.key,
            "source_date_epoch": inputs.epoch,
            "tools": tool_versions(),
            "inputs": inputs.files,
        }
        written = output.write_outputs(project.output_dir(document.folder), files, manifest)
        result.built.extend(written)
    return result


def _kind_of(folder: Path) -> str | None:
    """Return the ``kind`` declared in a document's ``document.yaml``, without validating it."""
    from pipeline.sources import load_yaml

    source = load_yaml(folder / DOCUMENT_FILE, Diagnostics())
    data = source.data if source else None
    return data.get("kind") if isinstance(data, dict) else None


def list_documents(project: Project) -> list[tuple[Path, str | None, list[Path]]]:
    """Return each document folder with its kind and the output files it has now."""
    from pipeline import output

    listing = []
    for folder in project.documents():
        manifest = output.read_manifest(project.output_dir(folder)) or {}
        files = [project.output_dir(folder) / name for name in sorted(manifest.get("outputs", {}))]
        listing.append((folder, _kind_of(folder), files))
    return listing
