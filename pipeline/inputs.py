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
from pipeline.sources import read_regular

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
    """Return the files below ``folder`` in sorted order, following links to folders inside it.

    A folder linked from inside (``obrazky`` -> ``../spolecne/obrazky``) is read
    by the build under the link's name, so its files are listed there too; a
    link back to a folder above it is not followed again, nor one leading out.
    """
    root = folder.resolve()
    found: list[Path] = []
    stack = [(folder, frozenset({root}))]
    while stack:
        current, above = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir():
                real = path.resolve()
                if entry.name != "__pycache__" and real not in above and real.is_relative_to(root):
                    stack.append((path, above | {real}))
            elif entry.is_file():
                found.append(path)
    return sorted(found)


def _hidden_parts(path: Path, folder: Path) -> frozenset[str]:
    """Return the names of ``path`` below ``folder`` that start with a dot (hidden files and folders)."""
    if "/." not in path.as_posix():
        return frozenset()
    return frozenset(part for part in path.relative_to(folder).parts if part.startswith("."))


#: files whose text may name other files: document.yaml, catalogues, chapters (images)
TEXT_SUFFIXES = frozenset({".md", ".yaml", ".yml"})
_WORD = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class SourceFile:
    """A file below ``sources/``: the document it belongs to and its hidden names."""

    path: Path
    #: the innermost document folder the file lies in; None for a shared file (catalogue, glossary, …)
    owner: Path | None
    hidden: frozenset[str]

    def names_for(self, folder: Path, enclosing: frozenset[Path]) -> frozenset[str] | None:
        """Return the words one of whose presence in ``folder``'s texts may mean it reads this file.

        None: the document reads it anyway (its own or a shared, visible file).
        ``..`` stands for a path up into a document that ``folder`` lies in (one of ``enclosing``).
        """
        if self.owner in (None, folder) and not self.hidden:
            return None
        names = set(self.hidden)
        if self.owner not in (None, folder):
            names.add(self.owner.name)
            if self.owner in enclosing:
                names.add("..")
        return frozenset(names)


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
    #: files below ``sources/``, sorted
    sources: list[SourceFile]
    #: templates and the pipeline's code, which every document reads
    shared: list[Path]
    digests: dict[Path, str] = field(default_factory=dict)
    #: words that may name a file of another document or a hidden one (see :meth:`names_in`)
    markers: frozenset[str] = frozenset()
    #: each document's own project file (``project_file:`` in its ``document.yaml``), if it names one
    project_files: dict[Path, Path] = field(default_factory=dict)
    names: dict[Path, frozenset[str]] = field(default_factory=dict)

    def digest(self, path: Path) -> str:
        """Return the SHA-256 of ``path``'s bytes (read once per build)."""
        if path not in self.digests:
            try:
                with path.open("rb") as stream:  # in chunks: a huge file is refused later, not loaded here
                    self.digests[path] = hashlib.file_digest(stream, "sha256").hexdigest()
            except OSError as exc:
                # Unreadable now: the key still changes, and preparing the document says why in Czech.
                self.digests[path] = f"nečitelný: {exc.__class__.__name__}"
        return self.digests[path]

    def names_in(self, path: Path) -> frozenset[str]:
        """Return the :attr:`markers` (document folder names, hidden names) that ``path``'s text holds as words."""
        if path not in self.names:
            found: frozenset[str] = frozenset()
            if path.suffix in TEXT_SUFFIXES and self.markers:
                try:
                    # Never a blocking read: a pipe named document.yaml must not stop the up-to-date check.
                    text = read_regular(path).decode("utf-8", errors="replace")
                except OSError:
                    text = ""  # preparing the document reports what the path is
                found = frozenset(_WORD.findall(text)) & self.markers
            self.names[path] = found
        return self.names[path]


def source_tree(project: Project) -> SourceTree:
    """List the files of ``project`` that documents read; sources change only between builds."""
    documents = frozenset(p.parent for p in project.sources.rglob(DOCUMENT_FILE))
    sources = [
        SourceFile(path, max(documents.intersection(path.parents), key=lambda d: len(d.parts), default=None),
                   _hidden_parts(path, project.sources))
        for path in _files_below(project.sources)
    ]
    markers = frozenset({"..", *(folder.name for folder in documents)}).union(*(file.hidden for file in sources))
    shared = [
        path for folder in (project.templates, PIPELINE_CODE)
        for path in _files_below(folder) if not _hidden_parts(path, folder)
    ]
    project_files = {folder: named for folder in documents if (named := _named_project_file(folder))}
    return SourceTree(project, documents, sources, shared, markers=markers, project_files=project_files)


#: ``project_file: ../projekt.yaml`` on a line of its own, as ``document.yaml`` names a document's own project file
_PROJECT_FILE = re.compile(r"""^project_file:[ \t]*(["']?)([^"'#\n]+?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def _named_project_file(folder: Path) -> Path | None:
    """Return the project file ``folder``'s ``document.yaml`` names instead of ``sources/project.yaml``, if any.

    Read as text, not parsed: a form this does not recognise leaves the document depending on every
    shared file, which costs a rebuild, never a stale output.
    """
    try:
        text = read_regular(folder / DOCUMENT_FILE).decode("utf-8", errors="replace")
    except OSError:
        return None
    found = _PROJECT_FILE.search(text)
    return Path(os.path.normpath(folder / found.group(2).strip())) if found else None


def document_inputs(
    project: Project, folder: Path, options: dict[str, str], tree: SourceTree | None = None
) -> BuildInputs:
    """Return the inputs of the document in ``folder`` built with ``options``.

    ``tree`` is :func:`source_tree` of ``project``, listed once for all documents of a build.
    """
    tree = tree or source_tree(project)
    other_documents = set(tree.documents - {folder})
    sources = _document_sources(tree, folder)
    paths = [*sources, *tree.shared, *_manifests_named(project, folder, other_documents, tree)]
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


def _document_sources(tree: SourceTree, folder: Path) -> list[Path]:
    """Return the files below ``sources/`` that the document in ``folder`` may read.

    Its own files and the shared ones (the catalogue, model texts, glossary,
    references) always; a file of another document (even one nested in this
    folder) or a hidden one only when this document's texts hold a word that
    a path to it must hold (:meth:`SourceFile.names_for`), as in
    ``catalogue: ospod-lhota/katalog.yaml`` or ``![…](.obrazky/a.png)``.
    Names are matched without parsing: a word that only looks like one costs
    a rebuild, never a stale output.
    """
    own, others = [], []
    enclosing = tree.documents.intersection(folder.parents)
    # A town's project file is read only by the documents that name it; they do not read sources/project.yaml.
    own_project = tree.project_files.get(folder)
    shared_project = Path(os.path.normpath(tree.project.sources / "project.yaml"))
    foreign = set(tree.project_files.values()) - {own_project, shared_project}
    if own_project and own_project != shared_project:
        foreign.add(shared_project)
    for file in tree.sources:
        if Path(os.path.normpath(file.path)) in foreign:
            continue
        names = file.names_for(folder, enclosing)
        if names is None:
            own.append(file.path)
        else:
            others.append((file.path, names))
    named = frozenset().union(*(tree.names_in(path) for path in own))
    return sorted([*own, *(path for path, names in others if names & named)])


def _manifests_named(project: Project, folder: Path, others: set[Path], tree: SourceTree) -> list[Path]:
    """Return the manifests of the other documents that ``folder``'s ``document.yaml`` names.

    A final report lists the version and date of the project's outputs from
    their manifests, so a rebuilt output makes the report out of date. Names are
    matched as words, without parsing: a name mentioned elsewhere in the file
    costs at most a rebuild.
    """
    words = tree.names_in(folder / DOCUMENT_FILE)
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
