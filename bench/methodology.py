"""Time the pipeline against raw pandoc on the same methodology, side by side in one run.

Usage: ``.venv/bin/python bench/methodology.py [SOURCES_FOLDER] [--runs N]``

Prints medians of whole-process wall times and the ratios that matter:
a full DOCX build against ``pandoc chapters.md -o out.docx``, a full PDF build
against pandoc → Typst → PDF with the ``typst`` wheel, and a build with
nothing to do.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typst
from ruamel.yaml import YAML

from pipeline.pandoc import pandoc_path

REPOSITORY = Path(__file__).resolve().parent.parent
PIPELINE = [sys.executable, "-m", "pipeline"]
# Raw pandoc cannot resolve our cross-references; read them as plain text, as a user without us would.
RAW_MARKDOWN = "markdown-citations"


def median_seconds(command: list[str], cwd: Path, runs: int) -> float:
    """Return the median wall time of ``command`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def raw_pdf(markdown: Path, folder: Path) -> None:
    """Do what a user without the pipeline would: pandoc to Typst, then the typst wheel."""
    body = subprocess.run(
        [pandoc_path(), str(markdown), "-f", RAW_MARKDOWN, "-s", "-t", "typst", f"--resource-path={folder}"],
        check=True, capture_output=True,
    ).stdout
    (folder / "raw.typ").write_bytes(body)
    typst.compile(str(folder / "raw.typ"), root=str(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", default=str(REPOSITORY / "sources" / "metodika-socialni-prace"))
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    document = Path(options.document).resolve()

    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        project = Path(temporary) / "project"
        shutil.copytree(document.parent, project / "sources")
        folder = project / "sources" / document.name
        spec = YAML(typ="safe").load((folder / "document.yaml").read_text(encoding="utf-8"))
        chapters = [*spec["chapters"], *spec.get("annexes", [])]
        combined = folder / "raw-combined.md"
        combined.write_text("\n\n".join((folder / c).read_text(encoding="utf-8") for c in chapters), encoding="utf-8")

        raw_docx = median_seconds(
            [pandoc_path(), str(combined), "-f", RAW_MARKDOWN, "-o", str(folder / "raw.docx")], folder, options.runs
        )
        raw_pdf_times = []
        for _ in range(options.runs):
            start = time.perf_counter()
            raw_pdf(combined, folder)
            raw_pdf_times.append(time.perf_counter() - start)
        combined.unlink()
        # Like with like: raw pandoc has no page numbers either (LibreOffice's layout pass is extra).
        target = f"sources/{document.name}"  # only this document, not the others in sources/
        env_free = [*PIPELINE, "build", target, "--force", "--no-page-numbers"]
        ours_docx = median_seconds([*env_free, "--format", "docx"], project, options.runs)
        ours_pdf = median_seconds([*env_free, "--format", "pdf"], project, options.runs)
        subprocess.run([*PIPELINE, "build", target, "--no-page-numbers"], cwd=project, check=True, capture_output=True)
        nothing = median_seconds([*PIPELINE, "build", target, "--no-page-numbers"], project, options.runs)
        with_pages = median_seconds([*PIPELINE, "build", target, "--force", "--format", "docx"], project, options.runs)

    rows = [
        ("raw pandoc → DOCX", raw_docx, None),
        ("pipeline build --format docx", ours_docx, ours_docx / raw_docx),
        ("raw pandoc → Typst → PDF (in-process typst)", statistics.median(raw_pdf_times), None),
        ("pipeline build --format pdf", ours_pdf, ours_pdf / statistics.median(raw_pdf_times)),
        ("pipeline build, nothing changed", nothing, nothing / ours_docx),
        ("pipeline build --format docx, page numbers (LO)", with_pages, with_pages / raw_docx),
    ]
    print(f"{'measure':48} {'median s':>9} {'ratio':>7}   ({options.runs} runs, {document.name})")
    for label, seconds, ratio in rows:
        print(f"{label:48} {seconds:9.3f} {'' if ratio is None else f'{ratio:7.2f}':>7}")


if __name__ == "__main__":
    main()
