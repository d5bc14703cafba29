"""What a user without the pipeline would run for a PDF: pandoc to Typst, then the ``typst`` wheel.

Usage: ``.venv/bin/python bench/raw_pdf.py MARKDOWN``; writes ``raw.typ`` and
``raw.pdf`` beside it. A process of its own, so the benchmark compares whole
processes on both sides.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typst

from pipeline.pandoc import pandoc_path

# Raw pandoc cannot resolve our cross-references; it reads them as plain text, as a user without us would.
RAW_MARKDOWN = "markdown-citations"


def main() -> None:
    markdown = Path(sys.argv[1]).resolve()
    folder = markdown.parent
    body = subprocess.run(
        [pandoc_path(), str(markdown), "-f", RAW_MARKDOWN, "-s", "-t", "typst", f"--resource-path={folder}"],
        check=True, capture_output=True,
    ).stdout
    (folder / "raw.typ").write_bytes(body)
    # Like the pipeline: only the fonts Typst embeds, whatever the machine has installed.
    pdf = typst.compile(str(folder / "raw.typ"), root=str(folder), ignore_system_fonts=True)
    (folder / "raw.pdf").write_bytes(pdf)


if __name__ == "__main__":
    main()
