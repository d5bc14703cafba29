"""Measure the pipeline against raw pandoc and itself, side by side in one run; print one table.

Usage: ``.venv/bin/python bench/run.py [--runs 3] [--offices 200] [--office-runs 2]`` (``make bench``).

Every number is the median wall time of a whole process (interpreter start-up
included) over ``--runs`` runs, on the generated corpus of :mod:`corpus`. The
ratios compare measures taken in this same run, so a busy machine slows both
sides alike; the measures take turns, one run of each per round, so load
that comes and goes (other users of the machine) hits them alike. Full
builds start clean: no outputs and no render cache.

Memory is shown twice. "peak MiB" is the largest resident set of any one
process of the measured command (the pipeline, its workers, pandoc, Typst),
read from ``wait4``'s resource usage. "tree MiB" is what the machine needs: the
largest sum of the resident sets of the command and all its descendants at any
moment, sampled from ``/proc`` every 10 ms. Sampling can miss a peak shorter
than that, and pages shared between processes count once per process. The
sampler walks ``/proc`` (about 1 ms per sample) in this process, beside the
measured one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (a sibling script, not a package)

from pipeline.pandoc import pandoc_path  # noqa: E402

BENCH = Path(__file__).resolve().parent
PIPELINE = [sys.executable, "-m", "pipeline"]
BUILD = [*PIPELINE, "build", "--no-page-numbers"]  # like with like: raw pandoc has no LibreOffice layout pass
MIB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.01


@dataclass
class Measure:
    """The runs of one command: wall seconds, peak resident bytes of its largest process and of its whole tree."""

    seconds: list[float]
    peaks: list[int]
    tree_peaks: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peaks) / MIB

    @property
    def tree_mib(self) -> float:
        return max(self.tree_peaks) / MIB


def tree_rss(pid: int) -> int:
    """Return the resident bytes of ``pid`` and all its descendants, summed, from one walk of ``/proc``."""
    children: dict[int, list[int]] = {}
    resident: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:  # the process ended meanwhile
                continue
            fields = stat[stat.rindex(b")") + 2 :].split()  # the name in parentheses may hold spaces
            children.setdefault(int(fields[1]), []).append(int(name))
            resident[int(name)] = int(fields[21]) * PAGE
    tree = [pid]
    for member in tree:  # grows while it is walked: children, then theirs
        tree += children.get(member, [])
    return sum(resident.get(member, 0) for member in tree)


def sample_tree(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Keep the largest :func:`tree_rss` of ``pid`` in ``peak[0]``, every 10 ms until ``stop`` is set."""
    while True:
        peak[0] = max(peak[0], tree_rss(pid))
        if stop.wait(SAMPLE_SECONDS):
            return


def run_once(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Run ``command``; return its wall time, the peak RSS of its largest process and of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop, tree_peak = threading.Event(), [0]
    sampler = threading.Thread(target=sample_tree, args=(process.pid, stop, tree_peak))
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped: its pid stays ours
    stop.set()
    sampler.join()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode('utf-8', 'replace')}")
    return seconds, usage.ru_maxrss * 1024, tree_peak[0]  # Linux reports KiB


@dataclass
class Step:
    """One measured command and what to do (untimed) before each of its runs."""

    command: list[str]
    cwd: Path
    before: Callable[[int], None] | None = None


def measure_side_by_side(steps: list[Step], runs: int) -> list[Measure]:
    """Run every step once per round, ``runs`` rounds: load that comes and goes hits all steps alike."""
    results = [Measure([], [], []) for _ in steps]
    for index in range(runs):
        for step, result in zip(steps, results, strict=True):
            if step.before:
                step.before(index)
            seconds, peak, tree_peak = run_once(step.command, step.cwd)
            result.seconds.append(seconds)
            result.peaks.append(peak)
            result.tree_peaks.append(tree_peak)
    return results


def commit(project: Path) -> None:
    """Put ``project`` under Git as users keep it: build dates then come from the last commit."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-15T12:00:00", "GIT_COMMITTER_DATE": "2026-10-15T12:00:00"}
    for command in (["init", "-q"], ["add", "sources"], ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                                                       "commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True, capture_output=True)


def methodology_rows(root: Path, runs: int) -> list[tuple[str, Measure, float | None, str]]:
    """Measure the methodology builds; return rows of (label, measure, ratio, target)."""
    project = root / "methodology"
    folder = corpus.write_methodology(project)
    commit(project)
    chapters = sorted(folder.glob("*-kapitola.md"))
    combined = root / "raw" / "combined.md"
    combined.parent.mkdir()
    shutil.copytree(folder / "obrazky", combined.parent / "obrazky")
    combined.write_text("\n\n".join(path.read_text(encoding="utf-8") for path in chapters), encoding="utf-8")

    def clean(_run: int) -> None:
        shutil.rmtree(project / "output", ignore_errors=True)

    def edit(run: int) -> None:
        chapter = chapters[(7 * run + 3) % len(chapters)]
        with chapter.open("a", encoding="utf-8") as stream:
            stream.write(f"\nOprava po poradě týmu číslo {run + 1} doplnila tuto větu.\n")

    raw_docx, docx, raw_pdf, pdf, both, nothing, edited, paged = measure_side_by_side(
        [
            Step([pandoc_path(), str(combined), "-f", "markdown-citations", "-o", str(combined.with_suffix(".docx"))],
                 combined.parent),
            Step([*BUILD, "--format", "docx"], project, clean),
            Step([sys.executable, str(BENCH / "raw_pdf.py"), str(combined)], combined.parent),
            Step([*BUILD, "--format", "pdf"], project, clean),
            Step(BUILD, project, clean),
            Step(BUILD, project),  # right after the full build with the same options: nothing to do
            Step(BUILD, project, edit),
            # With LibreOffice's layout pass (page numbers of the contents, lists and page references), as
            # `pipeline build --force` makes it: every file afresh, the LibreOffice profile kept in output/.cache.
            Step([*PIPELINE, "build", "--force"], project),
        ],
        runs,
    )
    return [
        ("raw pandoc md → DOCX", raw_docx, None, ""),
        ("full methodology DOCX", docx, docx.median / raw_docx.median, "≤ 1.3 × raw"),
        ("raw pandoc → Typst → PDF", raw_pdf, None, ""),
        ("full methodology PDF", pdf, pdf.median / raw_pdf.median, "≤ 1.2 × raw"),
        ("full methodology DOCX+PDF", both, None, "≤ 400 MiB"),
        ("nothing changed (DOCX+PDF)", nothing, nothing.median / docx.median, "≤ 0.3 s, ≤ 0.1 × full DOCX"),
        ("one chapter edited (DOCX+PDF)", edited, edited.median / both.median, "≤ 0.7 × full DOCX+PDF"),
        ("full DOCX+PDF, page numbers", paged, paged.median / both.median, "layout pass beside the PDF: ≤ 1.5 ×"),
    ]


def offices_rows(root: Path, offices: int, runs: int) -> list[tuple[str, Measure, float | None, str]]:
    """Build ``offices`` offices' standards (DOCX+PDF, two editions each) with --jobs 1 and 2, alternately."""
    project = root / "offices"
    corpus.write_offices(project, offices)
    commit(project)

    def clean(_run: int) -> None:  # a clean build each time: no render cache, no outputs
        shutil.rmtree(project / "output", ignore_errors=True)

    one, two = measure_side_by_side(
        [Step([*BUILD, "--jobs", "1"], project, clean), Step([*BUILD, "--jobs", "2"], project, clean)], runs
    )
    return [
        (f"{offices} offices --jobs 1", one, None, ""),
        (f"{offices} offices --jobs 2", two, one.median / two.median, "speed-up ≥ 1.7"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per methodology measure (median)")
    parser.add_argument("--offices", type=int, default=200, help="generated offices (0: skip)")
    parser.add_argument("--office-runs", type=int, default=2, help="runs of each offices build (median)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        root = Path(temporary)
        rows = methodology_rows(root, options.runs)
        if options.offices:
            rows += offices_rows(root, options.offices, options.office_runs)
    runs = f"{options.runs} runs, offices {options.office_runs}"
    print(f"{'measure':32} {'median s':>9} {'peak MiB':>9} {'tree MiB':>9} {'ratio':>6}   target"
          f"   ({runs}; {os.cpu_count()} cores)")
    for label, result, ratio, target in rows:
        shown = "" if ratio is None else f"{ratio:6.2f}"
        print(f"{label:32} {result.median:9.3f} {result.peak_mib:9.0f} {result.tree_mib:9.0f} {shown:>6}   {target}")


if __name__ == "__main__":
    main()
