"""Markdown files in a document's folder that ``document.yaml`` never names: written, but never built.

A new chapter saved next to the others and not added to ``chapters`` is left
out of the document without a word, and the author finds out from a reader
(issue 15). Such a file is a warning that names it.

Whatever the kind, ``document.yaml`` names the Markdown files it builds from
as values (``chapters``, ``annexes``, ``front_matter``, a report's
``periods[].chapters``, ``final``, ``evaluation``); a kind that takes its texts
by folder (the criteria texts ``kriteria/`` and annexes ``prilohy/`` of quality
standards) looks at every file there itself. So the files looked at are the
Markdown files of the document folder and of the folders that hold a file it
names; not those of folders it names no file in (images, a nested document),
nor notes for the authors (``README.md``) and hidden files.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import Diagnostics, Location
from pipeline.sources import YamlFile

MARKDOWN_SUFFIX = ".md"
#: file names (without suffix, any case) of notes about a folder rather than parts of a document
NOTES = frozenset({"readme", "changelog", "license", "licence", "contributing"})


def warn_unlisted(folder: Path, source: YamlFile, diagnostics: Diagnostics) -> None:
    """Record a warning for each Markdown file in ``folder`` that ``document.yaml`` (``source``) does not name."""
    named: set[Path] = set()
    keys: list[str] = []
    for key_path, value in _strings(source):
        if value.strip().lower().endswith(MARKDOWN_SUFFIX) and "\0" not in value:
            named.add((folder / value.strip()).resolve())
            if key_path and isinstance(key_path[0], str) and key_path[0] not in keys:
                keys.append(key_path[0])
    looked_at = {folder.resolve(), *(path.parent for path in named)}
    missing = [path.name for path in named if not path.exists()]
    for place in sorted(looked_at):
        if not place.is_relative_to(folder.resolve()) or not place.is_dir():
            continue  # a path out of the folder is refused where the part is read
        for path in sorted(place.glob(f"*{MARKDOWN_SUFFIX}")):
            if path.resolve() in named or not path.is_file() or _is_note(path) or _misspelt(path, missing):
                continue
            shown = path.relative_to(folder.resolve()).as_posix()
            where = f"mezi ostatní soubory ({', '.join(keys)})" if keys else ""
            diagnostics.warning(
                Location(folder / shown),
                f"soubor '{shown}' neuvádí document.yaml, do dokumentu se nedostane",
                f"uveďte jej v document.yaml {where}".rstrip() + ", nebo jej přesuňte mimo složku dokumentu",
            )


def _misspelt(path: Path, missing: list[str]) -> bool:
    """Return True if ``path`` is likely what a named file that does not exist meant (``02-postupy.md``).

    Preparing the document reports the missing file with this one as its
    "did you mean"; a second message about the same slip would only confuse.
    """
    return bool(difflib.get_close_matches(path.name, missing, n=1, cutoff=0.6))


def _is_note(path: Path) -> bool:
    """Return True for a file that is a note about the folder (``README.md``) or hidden."""
    return path.name.startswith(".") or path.stem.lower() in NOTES


def _strings(source: YamlFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield every text value of ``source`` with the keys leading to it (the file's positions list them all)."""
    for key_path in source.value_positions:
        value = source.data
        try:
            for key in key_path:
                value = value[key]
        except (KeyError, IndexError, TypeError):
            continue  # a path of the YAML node tree that the plain data does not have (e.g. a merge key)
        if isinstance(value, str):
            yield key_path, value
