"""The inputs of a document's build and their key: what can change an output.

The key hashes every source, template and pipeline module the build may read,
the tool versions and the options, so an unchanged key means unchanged bytes.
Computing it reads files but parses nothing, so a build with nothing to do
stays cheap.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.output import MANIFEST
from pipeline.project import DOCUMENT_FILE, Project

PIPELINE_CODE = Path(__file__).resolve().parent
TOOLS = ("pypandoc-binary", "typst", "docxtpl", "python-docx", "jinja2", "babel", "pypdf")


@dataclass(frozen=True)
class BuildInputs:
    """The files a document's build depends on, their digests and the resulting key."""

    files: dict[str, str]
    epoch: int
    key: str


@functools.cache
def tool_versions() -> dict[str, str]:
    """Return the versions of the tools that shape the output bytes."""
    from pipeline.render.libreoffice import version as libreoffice_version

    versions = {"pipeline": __version__, "libreoffice": libreoffice_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "?"
    return versions


def _files_below(folder: Path) -> list[Path]:
    """Return the visible files below ``folder`` in sorted order."""
    found = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or "__pycache__" in path.parts:
            continue
        if path.is_file():
            found.append(path)
    return found


@dataclass
class SourceTree:
    """The files any document of a build may read, listed once and each hashed at most once.

    Two hundred offices share the catalogue, the templates and the pipeline's
    code: listing and hashing them per document made the up-to-date check of
    a big project take longer than building it (issue 8).
    """

    project: Project
    #: the document folders of the project
    documents: frozenset[Path]
    #: visible files below ``sources/``, sorted, each with the document folders it lies in
    sources: list[tuple[Path, frozenset[Path]]]
    #: templates and the pipeline's code, which every document reads
    shared: list[Path]
    digests: dict[Path, str] = field(default_factory=dict)

    def digest(self, path: Path) -> str:
        """Return the SHA-256 of ``path``'s bytes (read once per build)."""
        if path not in self.digests:
            self.digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.digests[path]


def source_tree(project: Project) -> SourceTree:
    """List the files of ``project`` that documents read; sources change only between builds."""
    documents = frozenset(p.parent for p in project.sources.rglob(DOCUMENT_FILE))
    sources = [(path, documents.intersection(path.parents)) for path in _files_below(project.sources)]
    return SourceTree(project, documents, sources, [*_files_below(project.templates), *_files_below(PIPELINE_CODE)])


def document_inputs(
    project: Project, folder: Path, options: dict[str, str], tree: SourceTree | None = None
) -> BuildInputs:
    """Return the inputs of the document in ``folder`` built with ``options``.

    ``tree`` is :func:`source_tree` of ``project``, listed once for all documents of a build.
    """
    tree = tree or source_tree(project)
    other_documents = set(tree.documents - {folder})
    # A file of another document (even one nested in this folder) is not this document's input.
    sources = [path for path, inside in tree.sources if inside <= {folder}]
    paths = [*sources, *tree.shared, *_manifests_named(project, folder, other_documents)]
    digest = hashlib.sha256()
    files: dict[str, str] = {}
    for path in paths:
        file_digest = tree.digest(path)
        name = _display(path, project.root)
        files[name] = file_digest
        digest.update(f"{name}\0{file_digest}\n".encode())
    epoch = source_date_epoch(project.root, sources)
    for name, value in sorted({**options, **tool_versions(), "epoch": str(epoch)}.items()):
        digest.update(f"{name}={value}\n".encode())
    return BuildInputs(files, epoch, digest.hexdigest())


def _manifests_named(project: Project, folder: Path, others: set[Path]) -> list[Path]:
    """Return the manifests of the other documents that ``folder``'s ``document.yaml`` names.

    A final report lists the version and date of the project's outputs from
    their manifests, so a rebuilt output makes the report out of date. Names are
    matched as words, without parsing: a name mentioned elsewhere in the file
    costs at most a rebuild.
    """
    words = set(re.findall(r"[\w.-]+", (folder / DOCUMENT_FILE).read_text(encoding="utf-8", errors="replace")))
    manifests = [project.output_dir(other) / MANIFEST for other in sorted(others) if other.name in words]
    return [manifest for manifest in manifests if manifest.is_file()]


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return "<pipeline>/" + path.relative_to(PIPELINE_CODE.parent).as_posix()


#: the moments a DOCX can carry: a ZIP member's date runs from 1980 to 2107
EPOCH_RANGE = (315_532_800, 4_354_819_199)


def source_date_epoch(root: Path, sources: list[Path]) -> int:
    """Return the build moment: ``SOURCE_DATE_EPOCH``, else the last commit of ``sources``.

    Never the clock, so that the same sources give the same bytes. Without Git
    (a copy outside a repository) it is the newest modification time of the
    sources, which is when they last changed.

    Raises :class:`PipelineError` for a ``SOURCE_DATE_EPOCH`` that is not a
    whole number of seconds within :data:`EPOCH_RANGE`: the reproducible-builds
    convention asks a build to stop on a malformed value, not to guess.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        # ASCII digits only (isdigit() also takes '²'), and few of them: int() refuses 4 300 digits with an exception.
        text = value.strip()
        epoch = int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None
        if epoch is None or not EPOCH_RANGE[0] <= epoch <= EPOCH_RANGE[1]:
            raise PipelineError(
                f"SOURCE_DATE_EPOCH musí být celý počet sekund od 1. 1. 1970 mezi {EPOCH_RANGE[0]} (1. 1. 1980) "
                f"a {EPOCH_RANGE[1]} (31. 12. 2107), ne '{value}' (nastavte jej např. na čas posledního commitu: "
                "git log -1 --format=%ct, nebo jej zrušte)"
            )
        return epoch
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *[str(p) for p in sources]],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        result = None
    if result and result.returncode == 0 and result.stdout.strip().isdigit():
        moment = int(result.stdout.strip())
    else:
        moment = max((int(p.stat().st_mtime) for p in sources), default=0)
    # A file dated 1970 (as some package stores date them) or in the far future still builds.
    return min(max(moment, EPOCH_RANGE[0]), EPOCH_RANGE[1])
