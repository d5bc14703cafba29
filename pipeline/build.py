"""Orchestrate the stages for one or many documents: gather and check, render, write.

Like mkdocs' ``build()``, everything is gathered and checked before anything is
written: a run with a problem in any document writes nothing at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import collector
from pipeline.errors import Diagnostic, Diagnostics, Location, PipelineError, Severity, nearest_or_listed
from pipeline.inputs import BuildInputs, document_inputs, source_tree, tool_versions
from pipeline.project import DOCUMENT_FILE, Project
from pipeline.tools import naming

if TYPE_CHECKING:
    from pipeline.output import Staged
    from pipeline.prepare import PreparedDocument
    from pipeline.progress import Progress

Report = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did, for the command line to report."""

    built: list[Path] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def check(project: Project, paths: tuple[Path, ...], strict: bool) -> BuildResult:
    """Load and check the documents under ``paths``; write nothing."""
    from pipeline.cache import FOLDER, StepCache
    from pipeline.prepare import load_shared, prepare, warn_uncited_shared

    diagnostics = Diagnostics()
    folders = project.documents(paths)
    shared = load_shared(project, diagnostics)
    cache = StepCache(project.output / FOLDER)  # read only: what it learns is dropped, a check writes nothing
    for folder in folders:
        with naming(folder):
            prepare(project, folder, shared, diagnostics, cache=cache, threads=os.cpu_count() or 1)
    if not diagnostics.errors:
        warn_uncited_shared(project, diagnostics)
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
    jobs: int | None = None,
    report: Report = lambda message: None,
    period: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the documents under ``paths`` in ``formats``; skip those already up to date.

    ``jobs`` worker processes build documents side by side (default: one per
    core); output names, order and bytes do not depend on it. ``period``
    builds only that reporting period's report of a report folder.
    ``progress`` shows each document's progress (default: ``report``'s lines).
    """
    from pipeline.progress import Progress

    progress = progress or Progress(report)
    try:
        return _build(
            project, paths, formats, force=force, strict=strict, kind=kind, pdf_engine=pdf_engine,
            page_numbers=page_numbers, jobs=jobs, period=period, progress=progress,
        )
    finally:
        progress.close()


def _build(
    project: Project, paths: tuple[Path, ...], formats: tuple[str, ...], *, force: bool, strict: bool,
    kind: str | None, pdf_engine: str, page_numbers: bool, jobs: int | None, period: int | None, progress: Progress,
) -> BuildResult:
    """Do :func:`build`, reporting to ``progress``."""
    from pipeline import output

    result = BuildResult()
    folders = project.documents(paths)
    if kind:
        folders = _of_kind(folders, kind, progress)
    output.recover(project.output)  # a build killed while swapping a document's folder left it half done
    page_numbers = page_numbers and can_number_pages()
    options = build_options(formats, strict, pdf_engine, page_numbers, period)
    pending: list[tuple[Path, BuildInputs]] = []
    progress.begin(len(folders))
    tree = source_tree(project)
    damaged = []
    for folder in folders:
        inputs = document_inputs(project, folder, options, tree)
        if not force and output.is_up_to_date(project.output_dir(folder), inputs.key):
            result.up_to_date.append(folder.name)
            progress.skipped(folder.name)
        else:
            pending.append((folder, inputs))
            if output.manifest_damaged(project.output_dir(folder)):
                damaged.append(Diagnostic(
                    Location(project.output_dir(folder) / output.MANIFEST), "manifest výstupů je poškozený",
                    "dokument se sestaví znovu a manifest se přepíše", Severity.WARNING,
                ))
    if not pending:
        return result
    output.require_folders([project.output, *(project.output_dir(folder) for folder, _ in pending)])
    from pipeline.prepare import forget_shared

    forget_shared()  # sources may have changed since an earlier build in this process

    # Phases 1 and 2, per document (in worker processes if jobs > 1): gather and
    # check, then render in memory. Nothing is written until every document is done.
    jobs = jobs or os.cpu_count() or 1
    workers = max(1, min(jobs, len(pending)))
    # What the processes leave of the allowed concurrency renders formats side by side.
    settings = Settings(
        formats, pdf_engine, page_numbers, strict, threads=max(1, jobs // workers), period=period, force=force
    )
    tasks = [(project.root, folder, inputs, settings) for folder, inputs in pending]
    diagnostics = Diagnostics()
    finished = []
    for made in _run_tasks(tasks, workers, progress):
        diagnostics.extend(made.diagnostics)
        if made.document is not None:
            finished.append(made)
            progress.finished(made.folder.name, formats)
    if not diagnostics.errors:
        from pipeline.prepare import warn_uncited_shared

        warn_uncited_shared(project, diagnostics)
    diagnostics.raise_if_errors(strict)
    result.warnings = diagnostics.warnings + damaged  # about outputs, not sources: never fatal under --strict

    # Phase 3: write, one build at a time. Every document's new set is written in full beside its folder first,
    # then each folder is swapped for its new set in one step (pipeline.output): a failure or a kill leaves each
    # folder all old or all new. Then the new renders are kept for later builds.
    from pipeline.cache import FOLDER, RenderCache

    cache = RenderCache(project.output / FOLDER)
    with output.write_lock(project.output, lambda: progress.line("jiné sestavení právě zapisuje výstupy, čekám…")):
        staged: list[Staged] = []
        committed = 0
        try:
            for made in finished:
                progress.doing(made.folder.name, "zapisuji")
                # --period builds one report of a folder: the manifest keeps listing the other reports on disk.
                staged.append(_stage(project, made.document, made.inputs, made.files, partial=period is not None))
            for ready in staged:
                result.built.extend(ready.commit())
                committed += 1
        finally:
            for left in staged[committed:]:  # a failure above, or Ctrl+C: these folders keep their old sets
                left.discard()
        for made in finished:
            for name, path in made.to_cache.items():
                cache.store(path, made.files[name])
        # Documents share many steps (an office's parts, the same chapter in two editions): each is kept once.
        for path, data in {path: data for made in finished for path, data in made.steps.items()}.items():
            cache.store(path, data)
    return result


def can_number_pages() -> bool:
    """Return True if page numbers can be filled in the DOCX: that needs a layout engine, LibreOffice."""
    from pipeline.render.libreoffice import soffice

    return soffice() is not None


def build_options(
    formats: tuple[str, ...], strict: bool, pdf_engine: str, page_numbers: bool, period: int | None
) -> dict[str, str]:
    """Return the build's options as they enter every document's input key (:func:`pipeline.inputs.document_inputs`)."""
    return {"formats": ",".join(formats), "strict": str(strict), "pdf_engine": pdf_engine,
            "page_numbers": str(page_numbers), "period": str(period or "")}


@dataclass(frozen=True)
class Settings:
    """The options that shape every document of a build."""

    formats: tuple[str, ...]
    pdf_engine: str
    page_numbers: bool
    strict: bool
    #: formats of one document rendered at once (threads: pandoc and Typst work outside the interpreter)
    threads: int = 1
    #: the reporting period a report is built for (None: all of them and the final report)
    period: int | None = None
    #: render every file afresh (the render cache is still filled)
    force: bool = False


@dataclass(frozen=True)
class Made:
    """One document after phases 1 and 2: its files, or the problems that stopped it."""

    folder: Path
    inputs: BuildInputs
    document: PreparedDocument | None
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    #: where the render cache keeps the files rendered afresh, by output name (stored when all is written)
    to_cache: dict[str, Path] = field(default_factory=dict)
    #: results of preparing steps made afresh (parsed parts, citeproc), by where the cache keeps them
    steps: dict[Path, bytes] = field(default_factory=dict)


def _run_tasks(tasks: list[tuple[Path, Path, BuildInputs, Settings]], workers: int, progress: Progress) -> Iterator[Made]:
    """Make every document, in this process or in ``workers`` processes; results keep the task order.

    Workers end with this process, however it ends (see :mod:`pipeline.workers`); if the build stops
    early (a problem, Ctrl+C), they are ended at once instead of finishing documents nobody will write.
    """
    if workers == 1:
        for task in tasks:
            name = task[1].name
            progress.doing(name, "kontroluji zdroje")
            with naming(task[1]):
                made = make_document(*task, step=lambda what, name=name: progress.doing(name, what))
            yield made
        return
    from concurrent.futures.process import BrokenProcessPool

    from pipeline import workers as processes

    with processes.pool(workers) as pool:
        try:
            futures = [pool.submit(make_document, *task) for task in tasks]
            for task, future in zip(tasks, futures, strict=True):
                progress.doing(task[1].name, "sestavuji")
                with naming(task[1]):
                    made = future.result()
                yield made
        except BrokenProcessPool:
            processes.stop(pool)
            raise PipelineError(
                "sestavení skončilo, protože jeden z jeho procesů nečekaně zanikl (nejspíš mu systém odebral "
                "paměť; zkuste sestavit s --jobs 1 nebo méně dokumentů najednou); nic nebylo zapsáno"
            ) from None
        except BaseException:
            processes.stop(pool)
            raise


@collector.paused()  # the document's bodies hold no cycles: collecting them as they grow only costs time
def make_document(
    root: Path, folder: Path, inputs: BuildInputs, settings: Settings, step: Report | None = None
) -> Made:
    """Check and render one document (phases 1 and 2); never write. Runs in worker processes too.

    ``step`` hears what is being done (only in this process: it is not sent to workers).
    """
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.cache import FOLDER, RenderCache, StepCache, job_digest
    from pipeline.prepare import load_shared_cached, prepare
    from pipeline.render import RenderJob, renderers

    project = Project(root)
    diagnostics = Diagnostics()
    shared = load_shared_cached(project, diagnostics)
    steps = StepCache(project.output / FOLDER, read=not settings.force)
    document = prepare(project, folder, shared, diagnostics, settings.period, cache=steps, threads=settings.threads)
    failed = bool(diagnostics.errors) or (settings.strict and bool(diagnostics.warnings))
    if document is None or failed:
        return Made(folder, inputs, None, {}, diagnostics.items)
    # Formats render side by side; what they leave of the threads goes to the steps a renderer splits.
    available = renderers(settings.pdf_engine, steps, max(1, settings.threads - len(settings.formats) + 1))
    # Files made before from the same job are taken as they are (see pipeline.cache).
    cache = RenderCache(project.output / FOLDER, read=not settings.force)
    if step:
        step("vykresluji " + ", ".join(fmt.upper() for fmt in settings.formats))
    pending = {}
    with ThreadPoolExecutor(max_workers=settings.threads) as pool:
        for suffix, fields in document.editions:
            job = RenderJob(epoch=inputs.epoch, page_numbers=settings.page_numbers, **fields)
            digest = job_digest(job, project.sources)
            for fmt in settings.formats:
                pending[f"{folder.name}{suffix}.{fmt}"] = pool.submit(cache.render, available[fmt], job, digest)
        rendered = {name: future.result() for name, future in pending.items()}
    files = {name: data for name, (data, _) in rendered.items()}
    files.update({f"{folder.name}{suffix}": data for suffix, data in document.attachments.items()})
    to_cache = {name: path for name, (_, path) in rendered.items() if path is not None}
    # The bodies are rendered: writing needs only the document's particulars, and a worker need not send them back.
    written = replace(document, editions=[])
    return Made(folder, inputs, written, files, diagnostics.items, to_cache, steps.made)


def _stage(
    project: Project, document: PreparedDocument, inputs: BuildInputs, files: dict[str, bytes], partial: bool = False
) -> Staged:
    """Write one document's files and its manifest (which marks them up to date) beside its output folder.

    A ``partial`` build made only some of the document's editions: the manifest
    keeps the earlier outputs that are still on disk.
    """
    from pipeline import output

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
    folder = project.output_dir(document.folder)
    earlier = (output.read_manifest(folder) or {}).get("outputs", {}) if partial else {}
    return output.stage(folder, files, manifest, keep=set(earlier))


def _of_kind(folders: list[Path], kind: str, progress: Progress) -> list[Path]:
    """Return the document folders of ``kind``; refuse a kind the pipeline does not know.

    A known kind that no document has is said, not met with silence (issue 14).
    """
    from pipeline.kinds import kinds

    known = sorted(kinds())
    if kind not in known:
        raise UnknownKind(f"neznámý druh dokumentu '{kind}' ({nearest_or_listed(kind, known, 'známé druhy')})")
    found = {folder: _kind_of(folder) for folder in folders}
    chosen = [folder for folder, declared in found.items() if declared == kind]
    if not chosen:
        present = sorted({str(declared) for declared in found.values() if declared})
        progress.line(f"žádný dokument není druhu '{kind}', není co sestavit"
                      + (f" (dokumenty jsou druhů: {', '.join(present)})" if present else ""))
    return chosen


class UnknownKind(PipelineError):
    """``--kind`` names no kind of document; a wrong option, as for any option click checks."""

    exit_code = 2


def _kind_of(folder: Path) -> str | None:
    """Return the ``kind`` declared in a document's ``document.yaml``, without validating it."""
    kind = declared(folder).get("kind")
    return kind if isinstance(kind, str) else None


def declared(folder: Path) -> dict[Any, Any]:
    """Return the fields of a document's ``document.yaml`` as written, without validating them ({} if unreadable)."""
    from pipeline.sources import load_yaml

    source = load_yaml(folder / DOCUMENT_FILE, Diagnostics())
    data = source.data if source else None
    return data if isinstance(data, dict) else {}
