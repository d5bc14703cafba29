"""Worker processes that end with the build that started them, and take their tools with them.

A build killed with ``kill -9`` runs no clean-up of its own: its workers used
to live on, three of 330 MB each, rendering documents nobody would write
(issue 14). So each worker

- asks Linux to send it SIGTERM when its parent dies (``PR_SET_PDEATHSIG``);
- watches its parent from a thread as well: the portable fallback, and a
  second chance while the main thread is busy in a long call;

and on either kills the tools it runs (pandoc, the Typst child, LibreOffice:
each leads a process group of its own, see :mod:`pipeline.tools`) and itself.
A build that stops early (a problem, Ctrl+C) ends its workers the same way
with :func:`stop`, instead of waiting for documents nobody will write.

Linux sends the signal when the *thread* that started a worker ends; the pool
starts its workers in the thread that submits the work and lives within one
call of the build, so that thread outlives them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: how often a worker looks whether its parent is still there (seconds)
WATCH_INTERVAL = 0.25
_PR_SET_PDEATHSIG = 1


def pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of ``workers`` processes that end when this process ends, however it ends."""
    # "spawn": forking a process that has run threads (renderers, a test runner) can deadlock.
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker, initargs=(os.getpid(),),
    )


def stop(executor: ProcessPoolExecutor) -> None:
    """End every worker of ``executor`` and the tools they run, at once."""
    executor.shutdown(wait=False, cancel_futures=True)
    # The pool keeps its processes privately; there is no public way to end them before Python 3.14.
    for pid in list((getattr(executor, "_processes", None) or {}).keys()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGSTOP)  # it starts no tool while its tools are listed
        kill_tree(pid)


def kill_tree(pid: int) -> None:
    """Kill process ``pid``, the processes it started, theirs, and the process groups they lead."""
    for process in [*_descendants(pid), pid]:
        for kill in (os.killpg, os.kill):  # a tool leads a group (what it started); a worker does not
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(process, signal.SIGKILL)


def _descendants(pid: int) -> list[int]:
    """Return the processes below ``pid``, children first (read from /proc; none where there is no /proc)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # "pid (command) state ppid …": the command may hold spaces and parentheses
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        children.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _start_worker(parent: int) -> None:
    """Make this worker end with ``parent`` (runs first in every worker)."""
    signal.signal(signal.SIGTERM, _end)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request above took effect
        _end()
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    """End this worker once ``parent`` is gone (a dead parent's children get another parent)."""
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    _end()


def _end(*_signal: object) -> None:
    """Kill the tools this worker runs, then the worker."""
    kill_tree(os.getpid())
