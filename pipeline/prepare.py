"""Gather and check one document: load, validate, compose, check, transform; write nothing.

This is the first phase of a build (and all of ``pipeline check``): every
problem of every source is recorded, and a document comes out as one
transformed Pandoc AST only if it has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import privacy
from pipeline.ast.accessibility import check_heading_levels, check_math_alt
from pipeline.ast.citations import (
    CITATION_STYLE,
    Bibliography,
    Citeproc,
    bibliography_blocks,
    check_citations,
    cited_keys,
    guess_citations,
    keys_in_text,
    merge_bibliographies,
    read_bibliography,
    render_citations,
    warn_uncited,
)
from pipeline.ast.expansion import check_case_marks, expand_first_use, unwrap_case_marks
from pipeline.ast.glossary import abbreviation_blocks, unknown_abbreviations, used_terms
from pipeline.ast.images import resolve_images
from pipeline.ast.links import TextLocator, check_bibliography_links, check_links
from pipeline.ast.lists import insert_before_annexes, list_blocks
from pipeline.ast.notes import check_notes
from pipeline.ast.part_headings import check_part_headings
from pipeline.ast.parts import label_annexes, parts_of, unwrap_parts
from pipeline.ast.raw import check_raw
from pipeline.ast.tables import layout_tables
from pipeline.ast.typography import apply_typography, typeset_values
from pipeline.ast.xref import Target, is_label, number_and_resolve
from pipeline.cache import StepCache
from pipeline.compose import Part, Unchecked, compose_body
from pipeline.confinement import confined_files, frames_inside, is_inside
from pipeline.document_project import document_project, load_project_file
from pipeline.errors import Diagnostics, Location, did_you_mean
from pipeline.kinds import Edition, Kind, Plan, PlanInputs, kinds
from pipeline.model.document import DocumentBase
from pipeline.model.glossary import Glossary, Term, check_not_abbreviations, check_repeated
from pipeline.model.project import ProjectFile
from pipeline.model.validate import construct_unchecked, validate
from pipeline.parse import parse_body
from pipeline.project import DOCUMENT_FILE, REFERENCES_FILE, Project
from pipeline.render.frame_docx import check_frame
from pipeline.render.typst_frame import check_frame as check_pdf_frame
from pipeline.render.typst_glyphs import check_glyphs
from pipeline.sources import YamlFile, load_yaml, not_a_file, read_text
from pipeline.unlisted import warn_unlisted


@dataclass(frozen=True)
class SharedSources:
    """Sources every document of the project uses; ``valid`` is False if any had errors."""

    valid: bool
    #: ``project.yaml`` as validated (None if missing or with errors)
    project_file: ProjectFile | None = None
    #: None when the glossary itself has errors: abbreviations are then not checked
    terms: list[Term] | None = field(default_factory=list)
    #: words in capitals that the glossary says are names, not abbreviations (not warned about)
    not_abbreviations: list[str] = field(default_factory=list)
    bibliography: Bibliography | None = None
    #: ``glossary.yaml`` if it loaded: its terms reach documents (checked for personal data)
    glossary_path: Path | None = None


@dataclass(frozen=True)
class PreparedDocument:
    """A document whose sources are loaded, checked and composed: one AST per edition."""

    folder: Path
    kind: str
    title: str
    version: str
    issued: str
    #: (output name suffix, fields of its RenderJob) per edition
    editions: list[tuple[str, dict[str, Any]]]
    #: further files by output name suffix (e.g. a coverage CSV)
    attachments: dict[str, bytes] = field(default_factory=dict)


def load_shared(project: Project, diagnostics: Diagnostics) -> SharedSources:
    """Load ``project.yaml`` (required), ``glossary.yaml`` and ``references.yaml`` (optional)."""
    before = len(diagnostics.errors)
    project_path = project.sources / "project.yaml"
    project_file = None
    glossary_path = project.sources / "glossary.yaml"
    # A shared file that is a link out of the project is not read at all.
    readable = set(confined_files(project, [project_path, glossary_path, project.references], diagnostics))
    # Missing, it is an error only for a document that has no organisation of its own (pipeline.document_project).
    if project_path.exists() and project_path in readable:  # a folder or pipe of that name: load_yaml says so
        project_file = load_project_file(project_path, diagnostics)
    terms: list[Term] | None = []
    not_abbreviations: list[str] = []
    if glossary_path.exists() and glossary_path in readable:
        glossary_source = load_yaml(glossary_path, diagnostics)
        if glossary_source:
            check_repeated(glossary_source, diagnostics)
        glossary = validate(Glossary, glossary_source, diagnostics) if glossary_source else None
        terms = list(glossary.terms) if glossary else None
        if glossary and glossary_source:
            check_not_abbreviations(glossary, glossary_source, diagnostics)
            not_abbreviations = list(glossary.not_abbreviations)
    bibliography = None
    if project.references.exists() and project.references in readable:
        bibliography = _load_bibliography(project.references, diagnostics)
    return SharedSources(
        valid=len(diagnostics.errors) == before,
        project_file=project_file,
        terms=terms,
        not_abbreviations=not_abbreviations,
        bibliography=bibliography,
        glossary_path=glossary_path if terms else None,
    )


def _load_bibliography(path: Path, diagnostics: Diagnostics) -> Bibliography | None:
    """Return the bibliography in ``path`` (CSL YAML) with its links checked, or None if it cannot be used."""
    source = load_yaml(path, diagnostics)
    if source is None:
        return None
    check_bibliography_links(source, diagnostics)
    return read_bibliography(source, diagnostics)


def _bibliographies(
    project: Project, folder: Path, shared: SharedSources, diagnostics: Diagnostics
) -> list[Bibliography]:
    """Return the bibliographies the document in ``folder`` cites from: the shared one and its own ``references.yaml``."""
    path = folder / REFERENCES_FILE
    own = None
    if path.exists() and confined_files(project, [path], diagnostics):
        own = _load_bibliography(path, diagnostics)
    return merge_bibliographies(shared.bibliography, own, diagnostics)


def warn_uncited_shared(project: Project, diagnostics: Diagnostics) -> None:
    """Record a warning for each entry of ``sources/references.yaml`` that no document of the project cites.

    Called once per run that found no error (the entries' own problems are reported where documents load
    them). Every document is read, also those a build skips as up to date, so the warning does not depend
    on which documents a run builds (issue 15).
    """
    if not project.references.is_file() or not confined_files(project, [project.references], Diagnostics()):
        return
    source = load_yaml(project.references, Diagnostics())
    bibliography = read_bibliography(source, Diagnostics()) if source else None
    if bibliography:
        warn_uncited(bibliography, _cited_anywhere(project), diagnostics)


def _cited_anywhere(project: Project) -> set[str]:
    """Return the keys that a text of any document of ``project`` may cite (Markdown and YAML, read as text)."""
    keys: set[str] = set()
    for path in sorted(project.sources.rglob("*")):
        if path.suffix in {".md", ".yaml", ".yml"} and path.name != REFERENCES_FILE and is_inside(project, path):
            keys |= keys_in_text(read_text(path, Diagnostics()) or "")
    return keys


_SHARED: dict[Path, tuple[SharedSources, list[Any]]] = {}


def load_shared_cached(project: Project, diagnostics: Diagnostics) -> SharedSources:
    """Return :func:`load_shared` of the project, loaded once per process (a build sees fixed sources)."""
    if project.root not in _SHARED:
        own = Diagnostics()
        _SHARED[project.root] = (load_shared(project, own), own.items)
    shared, problems = _SHARED[project.root]
    diagnostics.extend(problems)
    return shared


def forget_shared() -> None:
    """Drop the cached shared sources; a new build must read them afresh."""
    _SHARED.clear()


def prepare(
    project: Project, folder: Path, shared: SharedSources, diagnostics: Diagnostics, period: int | None = None,
    *, cache: StepCache | None = None, threads: int = 1,
) -> PreparedDocument | None:
    """Load, validate and compose the document in ``folder``; None if it has errors (all recorded).

    ``period`` narrows a kind with reporting periods (reports) to one of them; other kinds ignore it.
    ``cache`` holds results of earlier parses and citeproc runs (none: all is done afresh);
    ``threads`` pandoc processes may parse side by side.

    When ``document.yaml`` has errors, its chapters are still composed (with
    the document's own fields left unchecked), so one run reports the problems
    of every file.
    """
    before = len(diagnostics.errors)
    loaded = _load(folder, diagnostics)
    if loaded is None:
        return None
    source, kind, document = loaded
    if document is not None:  # a document.yaml with errors may list its files wrongly: those errors come first
        warn_unlisted(folder, source, diagnostics)
    own = document_project(project, folder, source, document, shared.project_file, diagnostics)
    try:
        inputs = PlanInputs(project, own.file, period)
        plan = kind.plan(document or construct_unchecked(kind.model, source.data), folder, source, inputs, diagnostics)
    except (AttributeError, TypeError, KeyError):  # malformed fields: reported by validation
        plan = Plan([])
    dokument = document.template_context() if document else Unchecked()
    context = {**own.template_context(), **plan.context, "dokument": dokument}
    texts: dict[Path, str] = {}
    bibliographies = _bibliographies(project, folder, shared, diagnostics)
    work = _Work(cache or StepCache(None), threads, [folder / DOCUMENT_FILE, *plan.data, *own.data], bibliographies)
    editions = []
    for edition in plan.editions:
        own_context = {**context, **edition.context}
        prepared = _prepare_edition(
            project, kind, document, edition, own_context, shared, texts, folder, work, diagnostics
        )
        if prepared is not None:
            editions.append((edition.suffix, prepared))
    # As the shared list's, the own list's unused entries are said once the document has no errors.
    for bibliography in bibliographies if len(diagnostics.errors) == before else []:
        if bibliography is not shared.bibliography:
            warn_uncited(bibliography, work.cited, diagnostics, folder.name)
    if len(diagnostics.errors) > before or document is None or not shared.valid:
        return None
    return PreparedDocument(
        folder=folder,
        kind=kind.name,
        title=document.title,
        version=document.version,
        issued=document.issued.isoformat(),
        editions=editions,
        attachments=plan.attachments,
    )


def _prepare_edition(
    project: Project,
    kind: Kind,
    document: DocumentBase | None,
    edition: Edition,
    context: dict[str, Any],
    shared: SharedSources,
    texts: dict[Path, str],
    folder: Path,
    work: _Work,
    diagnostics: Diagnostics,
) -> dict[str, Any] | None:
    """Compose, check and transform one edition; return the fields of its RenderJob (None on errors)."""
    before = len(diagnostics.errors)
    parts = _existing_parts(edition.parts, folder, diagnostics)
    texts.update({part.path: part.text for part in parts if part.text is not None and part.jinja})

    def read(path: Path, sink: Diagnostics) -> str | None:
        text = read_text(path, sink)
        if text is not None:
            texts[path] = text
        return text

    ast = parse_body(compose_body(parts, context, diagnostics, read, kind.filters), work.cache, work.threads)
    citeproc = None
    if work.bibliographies:
        references = [bibliography.source.path for bibliography in work.bibliographies]
        citeproc = Citeproc(references, project.templates / "common" / CITATION_STYLE, work.cache)
        guess_citations(ast, citeproc, is_label)

    # Checks that need the whole body; all of them run, whatever failed before.
    images = resolve_images(ast, project.sources, texts, diagnostics, edition.images)
    check_heading_levels(ast, texts, diagnostics)
    check_part_headings(ast, texts, diagnostics)
    check_math_alt(ast, texts, diagnostics)
    check_raw(ast, texts, diagnostics, allowed=bool(document and document.allow_raw))
    check_links(ast, TextLocator(texts, work.data, lambda path: read_text(path, Diagnostics())), diagnostics)
    check_notes(ast, texts, diagnostics)
    if frames_inside(project, project.templates / kind.name, diagnostics):
        check_frame(project.templates / kind.name / "frame.docx", context, diagnostics)
    # A label in a part that failed to load is not unknown: don't report its references.
    targets = number_and_resolve(
        ast,
        texts,
        diagnostics,
        getattr(document, "annexes_own_numbering", False),
        report_unknown=len(parts_of(ast)) == len(edition.parts),
    )
    check_citations(ast, work.bibliographies, texts, diagnostics)
    work.cited.update(cited_keys(ast))
    if shared.terms is not None:
        unknown_abbreviations(ast, shared.terms, texts, diagnostics, shared.not_abbreviations)
        check_case_marks(ast, shared.terms, texts, diagnostics,
                         expanding=bool(getattr(document, "expand_abbreviations", False)))
    _check_personal_data(ast, parts, texts, document, shared, work, diagnostics)
    if len(diagnostics.errors) > before or document is None or not shared.valid:
        return None

    ast = _generate(ast, document, shared, targets, citeproc, diagnostics)
    title = edition.title or document.title
    frame_context = {**context, "dokument": {**context["dokument"], "nazev": title}}
    fields = {
        "ast": ast,
        "frame_dir": project.templates / kind.name,
        "common_dir": project.templates / "common",
        # The frames print these on the cover: same typography as the body.
        "context": typeset_values(frame_context),
        "title": title,
        "authors": [author.name for author in document.authors],
        "subject": document.subject or document.title,
        "keywords": list(document.keywords),
        "images": images,
    }
    check_pdf_frame(fields, diagnostics)  # with the document's data, as the build compiles it
    # The same YAML files as the other checks of values (the kind's data included), and the bibliography.
    references = [bibliography.source.path for bibliography in work.bibliographies]
    check_glyphs(fields, texts, [path for path in [*work.data, *references] if path.is_file()], diagnostics)
    return None if len(diagnostics.errors) > before else fields


@dataclass(frozen=True)
class _Work:
    """What the editions of one document share: how costly steps run (which cache, how many pandoc
    processes) and which YAML files their checks look into."""

    cache: StepCache
    threads: int
    #: the document's YAML files whose values reach its body: ``document.yaml``, the kind's data, its project file
    data: list[Path]
    #: what its citations may cite: ``sources/references.yaml`` and its own ``references.yaml``
    bibliographies: list[Bibliography] = field(default_factory=list)
    #: the keys its editions cite, filled as they are checked
    cited: set[str] = field(default_factory=set)


def _check_personal_data(
    ast: dict[str, Any], parts: list[Part], texts: dict[Path, str], document: DocumentBase | None,
    shared: SharedSources, work: _Work, diagnostics: Diagnostics,
) -> None:
    """Report personal data in the texts and the YAML values that reach the body, the used glossary terms
    and the cited bibliography entries (:mod:`pipeline.privacy`)."""
    allowed = document.allow_personal_data if document else []
    findings = [
        finding for part in parts if part.jinja and part.path in texts
        for finding in privacy.scan(part.path, texts[part.path], allowed)
    ]
    findings += privacy.scan_yaml(work.data[0], allowed, skip=("allow_personal_data",))
    findings += [finding for path in work.data[1:] for finding in privacy.scan_yaml(path, allowed)]
    terms = shared.terms or []

    def used() -> set[int]:
        found = used_terms(ast, terms)
        return {index for index, term in enumerate(terms) if term in found}

    def cited(bibliography: Bibliography) -> Callable[[], set[int]]:
        return lambda: {bibliography.ids[key] for key in cited_keys(ast) if key in bibliography.ids}

    if shared.glossary_path and terms:
        findings += privacy.scan_entries(shared.glossary_path, "terms", used, allowed)
    for bibliography in work.bibliographies:
        findings += privacy.scan_entries(bibliography.source.path, "references", cited(bibliography), allowed)
    privacy.report(findings, bool(document and document.public), diagnostics)


def _load(folder: Path, diagnostics: Diagnostics) -> tuple[YamlFile, Kind, DocumentBase | None] | None:
    """Read ``document.yaml``, find its kind and validate it (the model is None if invalid)."""
    source = load_yaml(folder / DOCUMENT_FILE, diagnostics)
    if source is None:
        return None
    if not isinstance(source.data, dict):
        diagnostics.error(source.locate(()), "soubor musí obsahovat mapování klíčů (klíč: hodnota)", "viz README")
        return None
    kind_name = source.data.get("kind") if isinstance(source.data, dict) else None
    kind = kinds().get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        names = "druhy dokumentů: " + ", ".join(kinds())
        if kind_name is None:
            diagnostics.error(source.locate(()), "chybí klíč 'kind'", names)
        else:
            hint = did_you_mean(str(kind_name), kinds()) or names
            diagnostics.error(source.locate(("kind",)), f"neznámý druh dokumentu '{kind_name}'", hint)
        return None
    return source, kind, validate(kind.model, source, diagnostics)


def _existing_parts(parts: list[Part], folder: Path, diagnostics: Diagnostics) -> list[Part]:
    """Return the parts whose files exist inside the document folder, each once; report the others."""
    inside = folder.resolve()
    existing = []
    listed: dict[Path, Location] = {}
    for part in parts:
        if part.text is not None:
            existing.append(part)
        elif not part.path.resolve().is_relative_to(inside):
            diagnostics.error(part.declared_at, f"soubor '{part.path.name}' leží mimo složku dokumentu", None)
        elif part.path.resolve() in listed:
            diagnostics.error(part.declared_at, f"soubor '{part.path.name}' je v dokumentu uveden podruhé",
                              f"poprvé na řádku {listed[part.path.resolve()].line}; každou část uveďte jen jednou")
        elif what := not_a_file(part.path):
            diagnostics.error(part.declared_at, f"'{part.path.name}' {what}",
                              "uveďte soubor Markdownu s textem části")
        elif not part.path.is_file():
            candidates = [p.name for p in folder.glob("*.md")]
            hint = did_you_mean(part.path.name, candidates) or "zkontrolujte název souboru"
            diagnostics.error(part.declared_at, f"soubor '{part.path.name}' neexistuje", hint)
        else:
            listed[part.path.resolve()] = part.declared_at
            existing.append(part)
    return existing


def _generate(
    ast: dict[str, Any],
    document: DocumentBase,
    shared: SharedSources,
    targets: dict[str, Target],
    citeproc: Citeproc | None,
    diagnostics: Diagnostics,
) -> dict[str, Any]:
    """Add the generated parts and apply typography; return the finished AST.

    Abbreviations go up front; the bibliography and the lists of tables and
    figures go after the last chapter, before the annexes.
    """
    label_annexes(ast)
    cases = unwrap_case_marks(ast)  # [NNO]{pad=2}: the words stay, the mark goes, in every document
    terms = used_terms(ast, shared.terms or [])
    if getattr(document, "expand_abbreviations", False):
        expand_first_use(ast, terms, cases)
    cites = bool(cited_keys(ast))
    insert_before_annexes(ast, (bibliography_blocks() if cites else []) + list_blocks(targets))
    if cites and citeproc:
        ast = render_citations(ast, citeproc)
    ast["blocks"][0:0] = abbreviation_blocks(terms)
    apply_typography(ast)
    layout_tables(ast)  # after typography: a no-break space joins words a column must fit
    unwrap_parts(ast)
    ast["meta"] = {"lang": {"t": "MetaString", "c": "cs-CZ"}}
    return ast
