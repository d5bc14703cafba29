"""``pipeline diff``: build each document at two revisions and write its redline DOCX and PDF.

Like a normal build, everything is gathered and checked first (both revisions
of every document prepared and compared, redlines rendered in memory) and only
then written, atomically, into ``output/<document>/`` beside the normal
outputs, which are never overwritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cache import FOLDER, StepCache
from pipeline.errors import Diagnostic, Diagnostics, PipelineError
from pipeline.prepare import SharedSources, load_shared, prepare
from pipeline.project import DOCUMENT_FILE, Project
from pipeline.redline import images
from pipeline.redline.compare import Comparison, Edit
from pipeline.revisions import WORKING_TREE, Contribution, Repository, Revision, Stamp, attribute

FORMATS = ("docx", "pdf")
#: the note of a document whose text did not change
UNCHANGED = "beze změn"


@dataclass
class DocumentChanges:
    """The changes of one output document (an edition) between the revisions."""

    document: str
    edits: list[Edit] = field(default_factory=list)
    #: a note instead of edits: the document is new, removed or unchanged
    note: str = ""


@dataclass
class RedlineResult:
    """What ``pipeline diff`` found and wrote."""

    old: Revision
    new: Revision
    documents: list[DocumentChanges] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def redline(project: Project, old_name: str, new_name: str | None, paths: tuple[Path, ...],
            formats: tuple[str, ...] = FORMATS) -> RedlineResult:
    """Compare the documents under ``paths`` at ``old_name`` and ``new_name`` (None: working tree).

    Raises :class:`PipelineError` with a Czech message for an unknown revision,
    a folder outside Git, or a document missing at a revision; writes nothing then.
    """
    repository = Repository(project)
    old, new = repository.resolve(old_name), repository.resolve(new_name)
    if file_label(old) == file_label(new) and old != new:
        raise PipelineError(
            f"revize '{old.shown}' a '{new.shown}' by v názvu souboru měly stejné jméno '{file_label(old)}'"
            " (zadejte jednu z nich jinak, např. číslem commitu)"
        )
    result = RedlineResult(old, new)
    files: dict[Path, bytes] = {}
    with contextlib.ExitStack() as stack:
        old_project = stack.enter_context(repository.checkout(old))
        new_project = stack.enter_context(repository.checkout(new))
        folders = _documents(project, old_project, new_project, paths, old, new, result)
        documents = _document_folders(new_project)
        sides = _Side.load(old_project, old), _Side.load(new_project, new)
        steps = StepCache(project.output / FOLDER)  # read only, as for a check: a redline keeps only its files
        changed = repository.changed_paths(old, new)
        contributions = repository.contributions(old, new)
        fallback = contributions[-1].stamp if contributions else repository.last_stamp(new)
        epoch = repository.epoch(new, sorted(new_project.sources.rglob("*")))
        for relative in folders:
            if not _affected(relative, changed, documents):
                result.documents.append(DocumentChanges(Path(relative).name, note=UNCHANGED))
                continue
            found = _compare(relative, *sides, steps, contributions, fallback, epoch, formats)
            for changes, outputs in found:
                result.documents.append(changes)
                for name, data in outputs.items():
                    files[project.output / Path(relative).name / name] = data
    _write(project, files, result)
    return result


def _documents(project: Project, old_project: Project, new_project: Project, paths: tuple[Path, ...],
               old: Revision, new: Revision, result: RedlineResult) -> list[str]:
    """Return the document folders (relative to the project) to compare; note added and removed ones."""
    at_old, at_new = _document_folders(old_project), _document_folders(new_project)
    if not paths:
        for name in sorted(at_new - at_old):
            result.documents.append(DocumentChanges(Path(name).name, note=f"nový dokument (ve verzi {old.shown} není)"))
        for name in sorted(at_old - at_new):
            result.documents.append(DocumentChanges(Path(name).name, note=f"odstraněný dokument (ve verzi {new.shown} není)"))
        return sorted(at_old & at_new)
    chosen: set[str] = set()
    for path in paths:
        relative = _relative(path.absolute(), project)
        for revision, present in ((old, at_old), (new, at_new)):
            below = {name for name in present if name == relative or name.startswith(relative.rstrip("/") + "/")}
            if not below:
                raise PipelineError(f"dokument {relative} ve verzi {revision.shown} neexistuje (zkontrolujte cestu a revizi)")
            chosen |= below
    return sorted(chosen & at_old & at_new)


def _document_folders(project: Project) -> set[str]:
    """Return the project-relative folders that hold a document (none is fine at an early revision)."""
    return {_relative(path.parent, project) for path in project.sources.rglob(DOCUMENT_FILE)}


def _relative(path: Path, project: Project) -> str:
    try:
        return Path(path).resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        raise PipelineError(f"cesta {path} neleží ve složce projektu {project.root}") from None


def _affected(relative: str, changed: list[str], documents: set[str]) -> bool:
    """Return True if a changed path can change the document: its own folder, shared sources, templates."""
    others = documents - {relative}
    for path in changed:
        inside_other = any(path == o or path.startswith(o + "/") for o in others)
        if not inside_other:
            return True
    return False


@dataclass(frozen=True)
class _Side:
    """One revision's checkout, with the sources all its documents share loaded once (and their problems)."""

    project: Project
    revision: Revision
    shared: SharedSources
    problems: list[Diagnostic]

    @classmethod
    def load(cls, project: Project, revision: Revision) -> _Side:
        diagnostics = Diagnostics()
        return cls(project, revision, load_shared(project, diagnostics), diagnostics.items)


def _compare(relative: str, older_side: _Side, newer_side: _Side, steps: StepCache,
             contributions: list[Contribution], fallback: Stamp, epoch: int,
             formats: tuple[str, ...]) -> list[tuple[DocumentChanges, dict[str, bytes]]]:
    """Prepare the document at both revisions; compare and render each edition present in both."""
    old, new = older_side.revision, newer_side.revision
    old_project, new_project = older_side.project, newer_side.project
    before = dict(_prepare(older_side, relative, steps))
    after = _prepare(newer_side, relative, steps)
    name = Path(relative).name
    found = []
    for suffix, fields in after:
        if suffix not in before:
            found.append((DocumentChanges(f"{name}{suffix}", note=f"nové vydání (ve verzi {old.shown} není)"), {}))
            continue
        older, older_images = images.portable(before[suffix]["ast"], before[suffix]["images"], old_project.root)
        newer, newer_images = images.portable(fields["ast"], fields["images"], new_project.root)
        comparison = Comparison(lambda change, text: attribute(contributions, fallback, text, change == "insertion"))
        ast = {**newer, "blocks": comparison.body(older["blocks"], newer["blocks"])}
        used = images.restore(ast, newer_images, older_images)
        changes = DocumentChanges(f"{name}{suffix}", comparison.edits, "" if comparison.edits else UNCHANGED)
        outputs = {}
        if comparison.edits:
            job = {**fields, "ast": ast, "images": used}
            outputs = _render(job, comparison, epoch, old, new, formats, f"{name}{suffix}")
        found.append((changes, outputs))
    return found


def _prepare(side: _Side, relative: str, steps: StepCache) -> list[tuple[str, dict[str, Any]]]:
    """Return the editions of the document at ``relative`` at one revision; raise if it has errors."""
    diagnostics = Diagnostics()
    diagnostics.extend(side.problems)
    project, revision = side.project, side.revision
    threads = os.cpu_count() or 1
    prepared = prepare(project, project.root / relative, side.shared, diagnostics, cache=steps, threads=threads)
    if prepared is None or diagnostics.errors:
        first = diagnostics.errors[0] if diagnostics.errors else None
        where = f": {first.message}" if first else ""
        raise PipelineError(
            f"dokument {relative} ve verzi {revision.shown} nelze sestavit{where} "
            f"(spusťte pipeline check v té verzi, nebo zvolte jinou revizi)"
        )
    return prepared.editions


def _render(fields: dict[str, Any], comparison: Comparison, epoch: int, old: Revision, new: Revision,
            formats: tuple[str, ...], name: str) -> dict[str, bytes]:
    """Render the redline body in the document's frame: DOCX with tracked changes, PDF in colour."""
    from pipeline.redline import docx, pdf
    from pipeline.render import RenderJob
    from pipeline.render.docx import DocxRenderer
    from pipeline.render.pdf import TypstPdfRenderer

    job = RenderJob(epoch=epoch, page_numbers=False, **fields)
    stem = f"{name}-zmeny-{file_label(old)}-{file_label(new)}"
    outputs = {}
    if "docx" in formats:
        outputs[f"{stem}.docx"] = docx.finish(DocxRenderer().render(job), comparison.marks.stamps, epoch)
    if "pdf" in formats:
        coloured = dataclasses.replace(job, ast=pdf.coloured(job.ast, old.shown, new.shown))
        outputs[f"{stem}.pdf"] = TypstPdfRenderer().render(coloured)
    return outputs


#: a revision name whose label says what it was: safe characters, then steps back (``HEAD~1``, ``HEAD^^``)
_FAITHFUL = re.compile(r"[A-Za-z0-9._-]+(?:[~^]\d*)*")


def file_label(revision: Revision) -> str:
    """Return the revision's name in redline file names, never the same for two different names.

    :attr:`Revision.label` replaces unsafe characters by ``-``, so ``a/b`` and
    ``a-b`` would both be ``a-b`` and one redline would silently overwrite the
    other (issue 14). A name the label does not keep as written gets the short
    commit too: ``a/b`` → ``a-b-1a2b3c4``.
    """
    if revision.commit is None or (_FAITHFUL.fullmatch(revision.name) and revision.label != WORKING_TREE):
        return revision.label
    return f"{revision.label}-{revision.commit[:7]}"


def _write(project: Project, files: dict[Path, bytes], result: RedlineResult) -> None:
    """Write the redlines atomically, one writer at a time, beside (never over) the normal outputs."""
    from pipeline import output

    if not files:
        return
    output.require_folders(sorted({project.output, *(path.parent for path in files)}))
    with output.write_lock(project.output, lambda: None):
        for path, data in files.items():
            try:
                output.atomic_write(path, data)
            except OSError as exc:  # a file where the document's folder belongs, a full disk, …
                raise output.write_failure(exc, path.parent) from None
            result.written.append(path)


def redline_arguments(project: Project, arguments: tuple[str, ...], formats: tuple[str, ...] = FORMATS) -> RedlineResult:
    """Run :func:`redline` on ``REV1 [REV2] [PATH…]``: the second word is REV2 if it names a commit, not a path."""
    old, rest = arguments[0], list(arguments[1:])
    new = None
    if rest and not Path(rest[0]).exists() and Repository(project).is_revision(rest[0]):
        new = rest.pop(0)
    return redline(project, old, new, tuple(Path(path) for path in rest), formats)
