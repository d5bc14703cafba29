"""Where a project's sources, templates and outputs are, and which documents it has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Diagnostics, Location

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DOCUMENT_FILE = "document.yaml"
#: the bibliography (CSL YAML): shared in ``sources/``, a document's own beside its ``document.yaml``
REFERENCES_FILE = "references.yaml"


@dataclass(frozen=True)
class Project:
    """A project folder: ``sources/``, ``templates/`` and ``output/`` below ``root``."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def references(self) -> Path:
        """Return the project's bibliography in CSL YAML (it may not exist)."""
        return self.sources / REFERENCES_FILE

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def templates(self) -> Path:
        """Return the project's own templates, else the ones shipped with the pipeline."""
        own = self.root / "templates"
        return own if own.is_dir() else BUILTIN_TEMPLATES

    def output_dir(self, folder: Path) -> Path:
        """Return the output folder of the document whose sources are in ``folder``."""
        return self.output / folder.name

    def documents(self, paths: tuple[Path, ...] = ()) -> list[Path]:
        """Return the document folders under ``paths`` (default: all of ``sources/``), sorted.

        Raises :class:`SourceErrors` for a path that is not a document or holds none.
        """
        diagnostics = Diagnostics()
        found: set[Path] = set()
        for path in paths or (self.sources,):
            if not path.exists():
                diagnostics.error(Location(path), "cesta neexistuje", "zadejte složku dokumentu ve sources/")
                continue
            if (path / DOCUMENT_FILE).is_file():
                found.add(path.resolve())
                continue
            below = {p.parent.resolve() for p in path.rglob(DOCUMENT_FILE)} if path.is_dir() else set()
            if not below:
                diagnostics.error(
                    Location(path), "není zde žádný dokument", f"složka dokumentu obsahuje soubor {DOCUMENT_FILE}"
                )
            found |= below
        diagnostics.raise_if_errors()
        return sorted(found)
