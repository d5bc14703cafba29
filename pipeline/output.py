"""Write a document's outputs so that they change together; read manifests; tell what is up to date.

Users open ``output/<doc>/<doc>.docx`` directly, so a document's files stay
plain files in its folder; yet a build killed (or out of disk space) at any
moment must leave that folder holding one build's complete set, never a new
DOCX beside an old PDF (issue 14). So a build never writes into the folder:

1. :func:`stage` writes the new set (every file fsynced, the files the build
   does not replace hard-linked from the old folder, the manifest last) into a
   hidden sibling, ``output/.<doc>.new-<token>/``;
2. :meth:`Staged.commit` swaps the two folders in one step (Linux
   ``renameat2(RENAME_EXCHANGE)``) and deletes the old one, which now has the
   hidden name.

Killed before the swap, the folder is the old one; after it, the new one; the
only trace is a hidden sibling, which the next build deletes. Where the swap
is not available (other systems, some network file systems), the new folder
is marked ready (``.<doc>.ready-<token>``), the old one renamed aside
(``.<doc>.old-<token>``) and the new one into place; a kill between those
renames leaves no folder for a moment, and :func:`recover` (at the start of
every build, and in ``pipeline list``) finishes the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, display_path

MANIFEST = "manifest.json"
LOCK = ".lock"
#: a hidden sibling of a document folder: a new set being written, one ready to swap in, an old one swapped out
_SIBLING = re.compile(r"^\.(?P<name>.+)\.(?P<state>new|ready|old)-(?P<token>[a-z0-9_]{8})$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
#: manifest fields other stages read (the final report: title, version, issued): text, if there
_TEXT_FIELDS = ("document", "kind", "title", "version", "issued", "key")


class OutputError(PipelineError):
    """Outputs could not be written; every document folder keeps the set it held."""


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part.

    The file keeps the permissions it had, or gets those of any new file (the
    umask): a temporary file alone would be private to its owner, which hides
    outputs and rewritten sources from colleagues on a shared drive.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        _write_file(temporary, data, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _mode_for(path: Path | None, default: int = 0o666) -> int:
    """Return the permission bits ``path`` has, or those a new file (``default``) gets under the umask."""
    try:
        if path is not None:
            return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    return default & ~_umask()


@functools.cache
def _umask() -> int:
    """Return the process's umask (read once: setting it back and forth is not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


@contextlib.contextmanager
def write_lock(output: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the project's write lock: two builds never write the same outputs at once.

    ``on_wait`` is called once if another build holds the lock, so the user
    learns why nothing happens. Raises :class:`OutputError` if ``output`` is
    not a folder that can be written.
    """
    try:
        output.mkdir(parents=True, exist_ok=True)  # a file in the way raises EEXIST, said as such by write_failure
        handle = open(output / LOCK, "a+b")  # noqa: SIM115 - closed by _held
    except OSError as exc:
        raise write_failure(exc, output) from None
    with _held(handle) as held:
        if not held:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def _held(handle: Any) -> Iterator[bool]:
    """Try to lock ``handle`` without blocking and yield whether it worked; closing it after releases the lock.

    The caller may then block for the lock itself (after telling the user why) or go without.
    """
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True


# Manifests ------------------------------------------------------------------------------------------------------


def _parse_manifest(folder: Path) -> tuple[dict[str, Any] | None, bool]:
    """Return the manifest in ``folder`` (None if absent or damaged) and whether a damaged one is there."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None, False
    except NotADirectoryError:
        return None, False  # the folder itself is a file: reported when outputs are written
    except (OSError, ValueError):
        return None, path.exists()
    return (manifest, False) if _well_formed(manifest) else (None, True)


def _well_formed(manifest: Any) -> bool:
    """Return True if ``manifest`` has the shape :func:`stage` writes (what readers rely on)."""
    if not isinstance(manifest, dict):
        return False
    if any(not isinstance(manifest[name], str | None) for name in _TEXT_FIELDS if name in manifest):
        return False
    outputs = manifest.get("outputs", {})
    return isinstance(outputs, dict) and all(
        _plain_name(name) and isinstance(digest, str) and _DIGEST.match(digest) for name, digest in outputs.items()
    )


def _plain_name(name: Any) -> bool:
    """Return True if ``name`` names a file in a document folder, not a path (a manifest must not lead elsewhere)."""
    return isinstance(name, str) and name not in {"", ".", "..", MANIFEST} and not re.search(r"[/\\\0]", name)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """Return the manifest in ``folder``, or None if there is none or it is not one the pipeline wrote."""
    return _parse_manifest(folder)[0]


def manifest_damaged(folder: Path) -> bool:
    """Return True if ``folder`` has a manifest that cannot be read or is not shaped as the pipeline writes it."""
    return _parse_manifest(folder)[1]


def is_up_to_date(folder: Path, key: str) -> bool:
    """Return True if ``folder`` holds outputs built from inputs with ``key``, unchanged since."""
    manifest = read_manifest(folder)
    if not manifest or manifest.get("key") != key:
        return False
    for name, digest in manifest.get("outputs", {}).items():
        try:
            if sha256((folder / name).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


# Writing a document's set -------------------------------------------------------------------------------------


@dataclass
class Staged:
    """A document's new set, complete in a hidden sibling of its folder, waiting for :meth:`commit`."""

    #: the document's folder as the build names it (``output/<doc>``)
    folder: Path
    #: the folder the set replaces (``folder``, or where it links to)
    target: Path
    #: the hidden sibling holding the new set
    staging: Path
    #: the files the build wrote, by name
    names: list[str]

    def commit(self) -> list[Path]:
        """Put the new set in place in one step; return the written files. Raises :class:`OutputError`."""
        try:
            if self.target.is_dir():
                retired = self.staging if _exchange(self.staging, self.target) else _swap_by_renames(self)
            else:
                os.rename(self.staging, self.target)
                retired = None
        except OSError as exc:
            self.discard()
            raise write_failure(exc, self.folder) from None
        with contextlib.suppress(OSError):  # the swap is done; should it not reach the disk, a crash undoes it whole
            _fsync_folder(self.target.parent)
        if retired is not None:
            _remove(retired)  # the old set; if it stays (a kill, no permission), the next build removes it
        return [self.folder / name for name in self.names]

    def discard(self) -> None:
        """Delete the new set: the document's folder keeps the old one."""
        _remove(self.staging)


def stage(folder: Path, files: dict[str, bytes], manifest: dict[str, Any], keep: Iterable[str] = ()) -> Staged:
    """Write ``files`` and the manifest with their hashes beside ``folder``, ready to replace it.

    Everything else in ``folder`` (outputs of an earlier build a partial build
    leaves in place, redlines) goes into the new set unchanged; the manifest
    also lists the files named in ``keep`` that are among them. Raises
    :class:`OutputError` and leaves nothing behind if the set cannot be written.
    """
    target = folder.resolve() if folder.is_symlink() else folder
    try:
        _require_folder(target.parent)
        _require_folder(target)
        repair(target.parent, only=target.name)
        earlier = target if target.is_dir() else None
        if earlier is not None and not os.access(earlier, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(earlier))
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise write_failure(exc, folder) from None
    try:
        for name, data in files.items():
            _write_file(staging / name, data, _mode_for(earlier / name if earlier else None))
        if earlier is not None:
            _carry(earlier, staging, skip=set(files) | {MANIFEST})
        kept = {name: sha256((staging / name).read_bytes()) for name in sorted(set(keep) - set(files))
                if _plain_name(name) and (staging / name).is_file()}
        manifest = {**manifest, "outputs": {**kept, **{name: sha256(data) for name, data in files.items()}}}
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        _write_file(staging / MANIFEST, text.encode("utf-8"), _mode_for(earlier / MANIFEST if earlier else None))
        os.chmod(staging, _mode_for(earlier, 0o777))  # mkdtemp's folder is private; the outputs are not
        _fsync_folder(staging)
    except BaseException as exc:
        _remove(staging)
        if isinstance(exc, OSError):
            raise write_failure(exc, folder) from None
        raise
    return Staged(folder, target, staging, list(files))


def _write_file(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``data`` and ``mode``, on disk before this returns (a crash cannot tear it)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(handle, "wb") as stream:
        os.fchmod(handle, mode)
        stream.write(data)
        stream.flush()
        os.fsync(handle)


def _carry(earlier: Path, staging: Path, skip: set[str]) -> None:
    """Put everything of ``earlier`` not in ``skip`` into ``staging`` unchanged (hard links: no copying)."""
    for entry in sorted(earlier.iterdir()):
        if entry.name in skip or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue  # replaced, or a temporary file of a killed writer
        if entry.is_symlink():
            os.symlink(os.readlink(entry), staging / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link)
        else:
            _link(entry, staging / entry.name)


def _link(source: str | Path, target: str | Path) -> None:
    """Hard-link ``source`` as ``target``, or copy it where the file system has no hard links."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in {errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP}:
            raise
        shutil.copy2(source, target, follow_symlinks=False)


def _fsync_folder(folder: Path) -> None:
    """Make ``folder``'s entries (new names, renames) durable."""
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    except OSError as exc:
        if exc.errno not in {errno.EINVAL, errno.EBADF}:  # some file systems cannot sync a folder
            raise
    finally:
        os.close(handle)


def _remove(path: Path) -> None:
    """Delete ``path`` (a leftover folder or file) as far as possible; what stays is removed later."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


# Swapping folders ------------------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Any:
    """Return libc's ``renameat2`` (Linux, glibc 2.28+), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; return False where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_by_renames(staged: Staged) -> Path:
    """Replace ``staged.target`` by the new set in three renames that :func:`repair` can finish; return the old set."""
    token = staged.staging.name.rsplit("-", 1)[1]
    parent, name = staged.target.parent, staged.target.name
    ready = parent / f".{name}.ready-{token}"
    retired = parent / f".{name}.old-{token}"
    os.rename(staged.staging, ready)  # from here on the new set wins: a kill is finished by repair()
    staged.staging = ready
    os.rename(staged.target, retired)
    try:
        os.rename(ready, staged.target)
    except OSError:
        os.rename(retired, staged.target)
        raise
    return retired


def repair(output: Path, only: str | None = None) -> None:
    """Finish or undo what killed builds left beside the document folders in ``output`` (hold the write lock).

    A folder swapped in only halfway is put in place (a new set marked ready),
    else the old one is put back; every other leftover is deleted. ``only``
    limits this to one document's folder.
    """
    siblings: dict[str, list[tuple[str, Path]]] = {}
    with contextlib.suppress(OSError):
        for entry in output.iterdir():
            match = _SIBLING.match(entry.name)
            if match and (only is None or match["name"] == only):
                siblings.setdefault(match["name"], []).append((match["state"], entry))
    for name, entries in sorted(siblings.items()):
        folder = output / name
        if not os.path.lexists(folder):
            ready = [path for state, path in entries if state == "ready"] or [p for s, p in entries if s == "old"]
            if ready:
                with contextlib.suppress(OSError):  # tried again by the next build
                    os.rename(ready[0], folder)
        for _, path in entries:
            if path.exists() or path.is_symlink():
                _remove(path)


def recover(output: Path) -> None:
    """Repair what killed builds left in ``output``, unless a running build holds the write lock."""
    try:
        if not any(_SIBLING.match(entry.name) for entry in output.iterdir()):
            return
        with _held(open(output / LOCK, "a+b")) as held:
            if held:  # else a build is writing: it repairs what it touches
                repair(output)
    except OSError:
        return  # no outputs, or none this user may change: nothing to repair here


# Failures --------------------------------------------------------------------------------------------------------


def require_folders(paths: Iterable[Path]) -> None:
    """Raise :class:`OutputError` if a file stands where a folder of outputs belongs (said before rendering)."""
    for path in paths:
        try:
            _require_folder(path)
        except OSError as exc:
            raise write_failure(exc, path) from None


def _require_folder(path: Path) -> None:
    """Raise NotADirectoryError if ``path`` exists and is not a folder (a file where outputs belong)."""
    if os.path.lexists(path) and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


_NO_SPACE = ("na disku není dost místa", "uvolněte místo a spusťte sestavení znovu")
_NO_RIGHT = ("chybí oprávnění k zápisu", "zkontrolujte oprávnění složky, nebo ji smažte; vytvoří se znovu")
_A_FILE = ("na místě složky je soubor", "přesuňte nebo smažte jej; složku výstupů vytvoří sestavení")
#: what a failed write means for the user, by errno: the problem and what to do
_FAILURES = {
    errno.ENOSPC: _NO_SPACE,
    errno.EDQUOT: ("je vyčerpána vaše kvóta na disku", _NO_SPACE[1]),
    errno.EACCES: _NO_RIGHT,
    errno.EPERM: _NO_RIGHT,
    errno.EROFS: ("disk je připojen jen pro čtení", "sestavujte v projektu na zapisovatelném disku"),
    errno.ENOTDIR: _A_FILE,
    errno.EEXIST: _A_FILE,
}


def write_failure(exc: OSError, folder: Path) -> OutputError:
    """Return the Czech error for ``exc``, raised while writing the outputs in ``folder``."""
    where = Path(exc.filename) if exc.filename and exc.errno in {errno.ENOTDIR, errno.EEXIST} else folder
    problem, hint = _FAILURES.get(
        exc.errno or 0, (f"systém zápis odmítl ({errno.errorcode.get(exc.errno or 0, exc.errno)})",
                         "zkontrolujte disk a spusťte sestavení znovu"),
    )
    return OutputError(
        f"výstupy nelze zapsat do {display_path(where)}: {problem} ({hint}); dosavadní výstupy zůstaly beze změny"
    )
