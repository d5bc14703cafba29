"""Write outputs atomically with a manifest; tell whether outputs are up to date.

A failed or interrupted build never leaves a half-written file: each file is
written beside its target and renamed over it, and the manifest (which says
what is up to date) is written last.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
LOCK = ".lock"


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
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Return the permission bits ``path`` has, or those a new file gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


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
    learns why nothing happens.
    """
    output.mkdir(parents=True, exist_ok=True)
    with open(output / LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed build left behind (they were never renamed into place)."""
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """Return the manifest in ``folder``, or None if there is none or it is unreadable."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


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


def write_outputs(
    folder: Path, files: dict[str, bytes], manifest: dict[str, Any], keep: Iterable[str] = ()
) -> list[Path]:
    """Write ``files`` into ``folder`` atomically, then the manifest with their hashes.

    The manifest also lists the files named in ``keep`` that are still in
    ``folder`` (outputs of an earlier build a partial build leaves in place).
    """
    written = []
    for name, data in files.items():
        atomic_write(folder / name, data)
        written.append(folder / name)
    kept = {name: sha256((folder / name).read_bytes()) for name in sorted(set(keep) - set(files))
            if (folder / name).is_file()}
    manifest = {**manifest, "outputs": {**kept, **{name: sha256(data) for name, data in files.items()}}}
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(folder / MANIFEST, text.encode("utf-8"))
    return written
