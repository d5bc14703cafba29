"""Run the pandoc binary that ships inside the pypandoc-binary wheel."""

from __future__ import annotations

import functools
import importlib.util
import json
import shutil
from pathlib import Path
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pipeline.errors import ToolError
from pipeline.limits import MAX_PANDOC_SECONDS
from pipeline.tools import run_tool

Item = TypeVar("Item")
Result = TypeVar("Result")

# Pandoc Markdown as users write it. Raw HTML is parsed as raw (not as text)
# so that pipeline.ast.raw can refuse it with its location.
MARKDOWN = "markdown"
#: how pandoc reads it: a pipe table's widths come from the dashes of its separator line only when a
#: line is longer than ``--columns``; at 1 every table keeps the widths its author drew (issue 16)
READ_MARKDOWN = ["--from", MARKDOWN, "--columns=1"]


@functools.cache
def pandoc_path() -> str:
    """Return the path of the pandoc binary: the wheel's own, else one on PATH."""
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidate = Path(folder) / "files" / "pandoc"
            if candidate.exists():
                return str(candidate)
    found = shutil.which("pandoc")
    if not found:
        raise ToolError("pandoc nebyl nalezen (nainstalujte balíček pypandoc-binary: make methodology)")
    return found


def run_pandoc(args: list[str], stdin: bytes = b"", cwd: Path | None = None) -> bytes:
    """Run pandoc sandboxed with ``args`` on ``stdin`` (in ``cwd``) and return its standard output.

    ``--sandbox`` keeps pandoc from reading any file or URL a source names;
    whatever it needs (images, the frame, the bibliography) the pipeline hands
    it after its own checks. A run longer than :data:`MAX_PANDOC_SECONDS` is
    killed (:class:`pipeline.tools.ToolTimeout`).
    """
    result = run_tool([pandoc_path(), "--sandbox", *args], "pandoc", MAX_PANDOC_SECONDS, stdin=stdin, cwd=cwd)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ToolError(f"pandoc selhal: {message}")
    return result.stdout


def markdown_to_ast(markdown: str) -> dict[str, Any]:
    """Parse Pandoc Markdown into the Pandoc JSON AST."""
    return json.loads(run_pandoc([*READ_MARKDOWN, "--to", "json"], markdown.encode("utf-8")))


def ast_to(target: str, ast: dict[str, Any], args: list[str] | None = None) -> bytes:
    """Write the AST in pandoc's ``target`` format and return the bytes."""
    return run_pandoc(["--from", "json", "--to", target, *(args or [])], json.dumps(ast).encode("utf-8"))


def side_by_side(
    items: list[Item], processes: int, work: Callable[[list[Item]], list[Result]], size: Callable[[Item], int]
) -> list[Result]:
    """Return ``work``'s results for ``items`` (one per item, in order), in up to ``processes`` runs at once.

    The items are split in order into runs of about the same total ``size``,
    each given to ``work`` in a thread of its own: ``work`` runs a pandoc
    process, which works outside the interpreter.
    """
    count = max(1, min(processes, len(items)))
    if count == 1:
        return work(items) if items else []
    share = sum(size(item) for item in items) / count
    runs: list[list[Item]] = [[]]
    filled = 0
    for item in items:
        if runs[-1] and filled >= share * len(runs) and len(runs) < count:
            runs.append([])
        runs[-1].append(item)
        filled += size(item)
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        return [result for results in pool.map(work, runs) for result in results]
