"""A cache of rendered files under ``output/.cache/``, keyed by everything a renderer reads.

A document whose key (:mod:`pipeline.inputs`) changed is prepared again, but
many of its files often come out the same: the public extract of an office's
standards when only a non-public criterion changed, the DOCX after an option
that only shapes the PDF, a document whose edit was undone. A renderer is a
function of its :class:`~pipeline.render.RenderJob`, the frame files, the
pipeline's code and the tools, so those, hashed, are the key: an entry can
never be stale, only unused. Entries carry their own digest, so a torn write
is a miss, not a wrong file. The folder may be deleted at any time; the
oldest entries go when it grows past :data:`LIMIT`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.ast.images import ImageRef
from pipeline.render import Renderer, RenderJob

FOLDER = ".cache"  # below output/
FORMAT_VERSION = b"pipeline-render-cache-1\n"
LIMIT = 512 * 1024 * 1024  # bytes kept before the oldest entries are removed
STEP_FROM = 4 * 1024  # bytes of input from which a step's result is cached


@functools.cache
def _code_digest() -> str:
    """Return one digest of the pipeline's code and the tools' versions (fixed for a process)."""
    from pipeline.inputs import PIPELINE_CODE, tool_versions

    digest = hashlib.sha256(json.dumps(tool_versions(), sort_keys=True).encode())
    for path in sorted(PIPELINE_CODE.rglob("*.py")):
        digest.update(f"{path.relative_to(PIPELINE_CODE).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _folder_digest(folder: Path) -> str:
    """Return a digest of the names and contents of the files below ``folder`` (a frame's templates)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    """Turn what JSON cannot hold (dates, paths, bytes, images) into text for the key."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        if hasattr(value, "read"):  # an image: its bytes count, wherever they come from
            fields["content"] = hashlib.sha256(value.read()).hexdigest()
        return fields
    # Anything else by its type and repr: a repr that shows an address only makes a miss, never a stale hit.
    return f"{type(value).__qualname__}:{value!r}"


def job_digest(job: RenderJob, sources: Path) -> str:
    """Return the digest of everything in ``job``, including the frame files it names.

    Images count by their path inside ``sources`` and their bytes, not by
    their absolute path (a renderer only looks them up by it), so a moved or
    freshly cloned project still finds what it rendered before.
    """
    digest = hashlib.sha256(FORMAT_VERSION)
    digest.update(_code_digest().encode())
    portable = {str(image.path): _image_key(image, sources) for image in job.images}
    for field in dataclasses.fields(job):
        value = getattr(job, field.name)
        digest.update(f"\n{field.name}=".encode())
        if field.name == "ast":
            digest.update(_portable_json(job.ast_json, portable).encode())
            continue
        if field.name == "images":
            value = [[portable[str(image.path)], image.alt, image.media_name] for image in value]
        if field.name in {"frame_dir", "common_dir"}:
            value = _folder_digest(Path(value))
        digest.update(json.dumps(value, default=_encode, ensure_ascii=False).encode())
    return digest.hexdigest()


def _image_key(image: ImageRef, sources: Path) -> str:
    """Return ``path/inside/sources#digest-of-bytes`` of an image (its file name for one outside)."""
    try:
        name = image.path.resolve().relative_to(sources.resolve()).as_posix()
    except ValueError:
        name = image.path.name  # the digest still tells the bytes apart; the suffix tells the type
    return f"{name}#{hashlib.sha256(image.read()).hexdigest()}"


def _portable_json(ast_json: str, portable: dict[str, str]) -> str:
    """Return the AST's JSON with each image's absolute path (a whole JSON string) put as its key."""
    for path, key in portable.items():
        ast_json = ast_json.replace(json.dumps(path), json.dumps(key))
    return ast_json


class RenderCache:
    """Rendered files by key in ``folder``; ``read`` False renders afresh (the result may still be kept).

    Rendering only reads the cache; :meth:`store` is called by the build's
    writing phase, so a build that stops on a problem writes nothing, not
    even here.
    """

    def __init__(self, folder: Path, read: bool = True) -> None:
        self.folder = folder
        self.read = read
        self._pruned = False

    def render(self, renderer: Renderer, job: RenderJob, digest: str) -> tuple[bytes, Path | None]:
        """Return the file ``renderer`` makes of ``job`` and where to keep it (None: it came from here).

        ``digest`` is :func:`job_digest` of ``job`` (one per edition, shared by its formats).
        """
        key = hashlib.sha256(f"{digest}\0{type(renderer).__qualname__}\0{renderer.format}".encode())
        path = self.folder / key.hexdigest()[:2] / f"{key.hexdigest()}.{renderer.format}"
        if self.read:
            cached = self._load(path)
            if cached is not None:
                return cached, None
        return renderer.render(job), path

    @staticmethod
    def _load(path: Path) -> bytes | None:
        try:
            stored = path.read_bytes()
        except OSError:
            return None
        check, data = stored[:32], stored[32:]
        if hashlib.sha256(data).digest() != check:
            return None  # torn or tampered: render again
        with contextlib.suppress(OSError):  # another user's entry, a read-only folder: only pruning order suffers
            os.utime(path)  # recently used: pruned last
        return data

    def store(self, path: Path, data: bytes) -> None:
        """Keep ``data`` at ``path`` (given by :meth:`render`); a failure only costs a later render."""
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(data).digest() + data)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)  # a folder where an entry belongs (a damaged cache): the entry wins
            os.replace(temporary, path)
            if not self._pruned:  # once per build: a scan of the folder per file would add up
                self._pruned = True
                self._prune()
        except OSError:
            # A cache that cannot be written (full disk, a file where a folder belongs) only slows the next build.
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def _prune(self) -> None:
        """Remove the least recently used entries (and leftovers of killed builds) beyond :data:`LIMIT`."""
        entries = []
        stale = time.time() - 3600  # a temporary file this old belongs to no running build
        for path in self.folder.glob("*/*"):
            try:
                status = path.stat()
            except OSError:
                continue
            if path.name.endswith(".tmp") and status.st_mtime < stale:
                path.unlink(missing_ok=True)
            else:
                entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= LIMIT:
                break
            path.unlink(missing_ok=True)
            total -= size


class StepCache:
    """Results of the costly pure steps of preparing a body (parsing a part, citeproc), by digest of their input.

    A step's result is a function of the bytes it reads, the pipeline's code
    and the tools, all of which go into the key: an entry is never stale. New
    results are only collected in :attr:`made`; like rendered files they are
    kept by the build's writing phase (:meth:`RenderCache.store`), so a check
    or a failed build writes nothing. Without a folder nothing is looked up.
    """

    def __init__(self, folder: Path | None, read: bool = True) -> None:
        self.folder = folder
        self.read = read and folder is not None
        #: results computed in this run, by the path they belong at
        self.made: dict[Path, bytes] = {}

    def recall(self, step: str, material: bytes) -> tuple[bytes | None, Path | None]:
        """Return the stored result of ``step`` on ``material`` (None if absent) and where a new one belongs.

        Small inputs are not cached (both None): pandoc handles them in no
        time among the others, while keeping each entry costs the writing
        phase, which runs alone, a file (200 offices: thousands of files).
        """
        if self.folder is None or len(material) < STEP_FROM:
            return None, None
        key = hashlib.sha256(f"{_code_digest()}\0{step}\0".encode() + material).hexdigest()
        path = self.folder / key[:2] / f"{key}.{step}"
        return (RenderCache._load(path) if self.read else None), path

    def recall_tool_state(self, name: str) -> tuple[bytes | None, Path | None]:
        """Return a tool's kept start-up state ``name`` (a LibreOffice profile) and where a new one belongs.

        Read even when rendering afresh (``--force``): the state shapes no
        output, only how fast the tool starts. Kept like a step's result, by
        the writing phase of a build that succeeded.
        """
        if self.folder is None:
            return None, None
        key = hashlib.sha256(f"{_code_digest()}\0{name}".encode()).hexdigest()
        path = self.folder / key[:2] / f"{key}.{name}"
        return RenderCache._load(path), path

    def keep(self, path: Path | None, data: bytes) -> None:
        """Collect a new result for the writing phase (nothing when there is no folder)."""
        if path is not None:
            self.made[path] = data
