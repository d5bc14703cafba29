"""Source paths stay inside the project: a document reads only files below ``sources/`` or ``templates/``.

``document.yaml`` names files (a catalogue, model texts, records), folders
hold files a kind reads by pattern (``kriteria/*.md``), and any of them may be
a symbolic link. Sources are untrusted input: a path that leads out of the
project (``../../``, an absolute path, a link) would make a build read a file
the author never meant to publish and repeat pieces of it in its messages.
So such a path is refused before anything is read, and the message names the
path as written, never anything of the file it leads to.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Diagnostics, Location
from pipeline.project import Project

OUTSIDE_HINT = "zdroje dokumentu musí ležet ve složce sources/ projektu; soubor do ní zkopírujte"
LINK_HINT = "nahraďte odkaz (symbolický link) kopií souboru ve složce sources/"


def roots(project: Project) -> tuple[Path, ...]:
    """Return the folders a build may read from: the project's ``sources/`` and ``templates/``, resolved."""
    return (project.sources.resolve(), project.templates.resolve())


def is_inside(project: Project, path: Path) -> bool:
    """Return True if ``path`` lies in ``sources/`` or ``templates/`` after resolving links and ``..``."""
    real = path.resolve()
    return any(real.is_relative_to(root) for root in roots(project))


def confine(project: Project, path: Path, written: str, named_at: Location, diagnostics: Diagnostics) -> Path | None:
    """Return ``path`` if it lies inside the project (:func:`is_inside`); else record an error where it is named.

    ``written`` is the path as the source gives it; the file is not touched.
    """
    if is_inside(project, path):
        return path
    diagnostics.error(named_at, f"cesta '{written}' vede mimo složky sources/ a templates/ projektu", OUTSIDE_HINT)
    return None


def confined_files(project: Project, paths: list[Path], diagnostics: Diagnostics) -> list[Path]:
    """Return the files of ``paths`` (found in a folder by pattern) that lie inside the project; report the rest.

    Such a file can only lead out by being a link: it is reported as one, at its own name.
    """
    kept = []
    for path in paths:
        if is_inside(project, path):
            kept.append(path)
        else:
            diagnostics.error(
                Location(path), f"soubor '{path.name}' je odkaz, který vede mimo složky sources/ a templates/", LINK_HINT
            )
    return kept


def frames_inside(project: Project, frame_dir: Path, diagnostics: Diagnostics) -> bool:
    """Return True if every file of the kind's frames (``frame_dir``) and of ``templates/common`` lies inside.

    A frame is compiled (Typst reads every file it imports): one that links
    out is reported and must not be opened at all.
    """
    files = [path for folder in (frame_dir, project.templates / "common") if folder.is_dir()
             for path in sorted(folder.rglob("*")) if path.is_file()]
    return len(confined_files(project, files, diagnostics)) == len(files)
