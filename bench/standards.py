"""Build the standards of many generated offices with --jobs 1 and --jobs 2 and report seconds per office.

Usage: ``.venv/bin/python bench/standards.py [--offices 200]``

The offices are made from the fixture project ``tests/projects/standards``
(its catalogue and model texts), each with its own name, type and an own
text, so every office is a real document of its own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
TEMPLATE = REPOSITORY / "tests" / "projects" / "standards"


def generate(project: Path, offices: int) -> None:
    """Write ``offices`` office folders into a copy of the fixture project."""
    shutil.copytree(TEMPLATE, project, ignore=shutil.ignore_patterns("output"))
    sources = project / "sources"
    document = (sources / "ospod-lhota" / "document.yaml").read_text(encoding="utf-8")
    office = (sources / "ospod-lhota" / "office.yaml").read_text(encoding="utf-8")
    for folder in ("ospod-lhota", "kraj"):
        shutil.rmtree(sources / folder)
    for number in range(1, offices + 1):
        folder = sources / f"ospod-{number:03d}"
        (folder / "kriteria").mkdir(parents=True)
        kind = "kraj" if number % 10 == 0 else "orp"
        (folder / "document.yaml").write_text(document.replace("Horní Lhota", f"Obec {number}"), encoding="utf-8")
        (folder / "office.yaml").write_text(
            office.replace("Městský úřad Horní Lhota", f"Městský úřad Obec {number}").replace("type: orp", f"type: {kind}"),
            encoding="utf-8",
        )
        (folder / "kriteria" / "2a.md").write_text(
            f"---\nreviewed: 2026-05-01\n---\nÚřad číslo {number} má vlastní konzultační místnost.\n", encoding="utf-8"
        )


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-standards-") as temporary:
        project = Path(temporary) / "project"
        generate(project, options.offices)
        base = [sys.executable, "-m", "pipeline", "build", "--force", "--no-page-numbers"]
        one = timed([*base, "--jobs", "1"], project)
        two = timed([*base, "--jobs", "2"], project)
    print(f"{'offices':10} {options.offices}")
    print(f"{'--jobs 1':10} {one:8.1f} s  {one / options.offices:6.3f} s/office")
    print(f"{'--jobs 2':10} {two:8.1f} s  {two / options.offices:6.3f} s/office")
    print(f"{'speed-up':10} {one / two:8.2f} ×")


if __name__ == "__main__":
    main()
