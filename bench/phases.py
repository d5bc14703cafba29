"""Where a methodology build spends its time: wall seconds of each step, in one process, without a profiler.

Usage: ``.venv/bin/python bench/phases.py [--runs 3]``

Builds the generated 150-page methodology (:mod:`corpus`) in memory the way
``pipeline build`` does (prepare, then DOCX and PDF one after another) and
prints the median wall time of the steps that matter, including the pandoc
processes (``pandoc.run_pandoc`` adds up processes that run side by side,
such as the parse of a body's parts in two threads) and, where LibreOffice
is installed, the DOCX's layout pass (``libreoffice.to_pdf`` and
``libreoffice.layout``: the pages of the contents, lists and page
references), whose LibreOffice profile is kept between runs as a build
keeps it in ``output/.cache``. A profiler would
inflate the Python walks several times over; this times the real functions
by wrapping them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from pipeline import collector, pandoc, parse, prepare  # noqa: E402
from pipeline.ast import citations  # noqa: E402
from pipeline.errors import Diagnostics  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.cache import RenderCache, StepCache  # noqa: E402
from pipeline.render import RenderJob, docx, libreoffice, pdf, renderers, typst_body  # noqa: E402

#: (module, function name) timed by wrapping; nested calls count in both
TIMED = [
    (pandoc, "run_pandoc"),
    (prepare, "parse_body"),
    (prepare, "compose_body"),
    (prepare, "resolve_images"),
    (prepare, "check_heading_levels"),
    (prepare, "check_raw"),
    (prepare, "number_and_resolve"),
    (prepare, "check_citations"),
    (prepare, "unknown_abbreviations"),
    (prepare, "used_terms"),
    (prepare, "render_citations"),
    (prepare, "apply_typography"),
    (docx, "render_frame"),
    (docx, "ast_to"),
    (pdf, "typst_body"),
    (pdf, "compile_pdf"),
    (libreoffice, "to_pdf"),
    (libreoffice, "layout"),
]


def wrap(seconds: dict[str, list[float]], module: Any, name: str) -> None:
    """Replace ``module.name`` by a wrapper that adds its wall time to ``seconds``."""
    function: Callable[..., Any] = getattr(module, name)
    label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label][-1] += time.perf_counter() - start

    seconds[label]  # listed even if never called
    setattr(module, name, timed)
    if module is pandoc:  # the parse, citeproc and Typst body modules imported it by name
        for user in (citations, parse, typst_body):
            if hasattr(user, name):
                setattr(user, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    seconds: dict[str, list[float]] = defaultdict(list)
    for module, name in TIMED:
        wrap(seconds, module, name)
    for label in ("prepare (all)", "DOCX render (all)", "PDF render (all)"):
        seconds[label]
    threads = os.cpu_count() or 1  # as a build of one document: its pandoc steps side by side, no cache
    with tempfile.TemporaryDirectory(prefix="bench-phases-") as temporary:
        folder = corpus.write_methodology(Path(temporary))
        project = Project(Path(temporary))
        for _ in range(options.runs):
            for values in seconds.values():
                values.append(0.0)
            start = time.perf_counter()
            diagnostics = Diagnostics()
            shared = prepare.load_shared(project, diagnostics)
            with collector.paused():  # as pipeline.build.make_document does
                document = prepare.prepare(project, folder, shared, diagnostics, threads=threads)
            seconds["prepare (all)"][-1] = time.perf_counter() - start
            assert document is not None, diagnostics.errors
            # The layout pass where a build makes one; its profile comes from the second run on.
            job = RenderJob(epoch=0, page_numbers=libreoffice.soffice() is not None, **document.editions[0][1])
            kept = StepCache(Path(temporary) / "cache")  # the profile only: Typst writes every chapter afresh
            for fmt, renderer in {**renderers(threads=threads), "docx": docx.DocxRenderer(kept)}.items():
                start = time.perf_counter()
                renderer.render(job)
                seconds[f"{fmt.upper()} render (all)"][-1] = time.perf_counter() - start
            for path, data in kept.made.items():  # as a build's writing phase keeps them
                RenderCache(kept.folder).store(path, data)
    print(f"{'step':32} {'median s':>9}   ({options.runs} runs)")
    for label, values in sorted(seconds.items(), key=lambda item: -statistics.median(item[1])):
        print(f"{label:32} {statistics.median(values):9.3f}")


if __name__ == "__main__":
    main()
