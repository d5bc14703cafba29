"""The organisation and funded project a document carries: its own, else the shared ``sources/project.yaml``.

A second town or project in the same repository names its own data in its
``document.yaml`` (``organisation:``, ``project:``) or in a project file of its
own (``project_file:``), so that its documents never make the others change
(issue 15). Whatever the document names replaces the shared value for that
document alone; the cover, the imprint, the publicity block, the templates'
``{{ organizace… }}`` and ``{{ projekt… }}`` and the privacy check all follow it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.compose import Unchecked
from pipeline.confinement import confine
from pipeline.errors import Diagnostics, Location, did_you_mean
from pipeline.model.document import DocumentBase
from pipeline.model.project import ProjectFile
from pipeline.model.validate import validate
from pipeline.project import Project
from pipeline.sources import YamlFile, load_yaml, not_a_file

#: the key of ``document.yaml`` that names the document's own project file
PROJECT_FILE_KEY = "project_file"


@dataclass(frozen=True)
class DocumentProject:
    """What one document carries of an organisation and a project, and where it comes from."""

    #: the organisation and project as the document uses them (None: unusable, the reason is reported)
    file: ProjectFile | None
    #: the project file whose values reach the document (the shared or its own), if any
    data: list[Path] = field(default_factory=list)

    def template_context(self) -> dict[str, Any]:
        """Return ``organizace`` and ``projekt`` for templates and frames (unchecked when unusable)."""
        if self.file is None:
            return {"organizace": Unchecked(), "projekt": Unchecked()}
        return self.file.template_context()


def load_project_file(path: Path, diagnostics: Diagnostics) -> ProjectFile | None:
    """Return the project file at ``path`` validated, or None after reporting its problems."""
    source = load_yaml(path, diagnostics)
    return validate(ProjectFile, source, diagnostics) if source else None


def document_project(
    project: Project, folder: Path, source: YamlFile, document: DocumentBase | None,
    shared: ProjectFile | None, diagnostics: Diagnostics,
) -> DocumentProject:
    """Return the organisation and project of the document in ``folder``.

    ``shared`` is ``sources/project.yaml`` as loaded for all documents (None if
    missing or invalid: its own problems are reported where it is loaded). A
    document whose ``document.yaml`` has errors still has its own project file
    read, so one run reports that file's problems too.
    """
    data = source.data if isinstance(source.data, dict) else {}
    written = document.project_file if document else data.get(PROJECT_FILE_KEY)
    if isinstance(written, str):
        own_path = _own_project_file(project, folder, written, source.locate((PROJECT_FILE_KEY,)), diagnostics)
        base = load_project_file(own_path, diagnostics) if own_path else None
        base_paths = [own_path] if own_path else []
        if base is None:
            return DocumentProject(None, base_paths)
    else:
        base, base_paths = shared, [project.sources / "project.yaml"]
        own_organisation = document.organisation if document else data.get("organisation")
        if own_organisation is None and not base_paths[0].exists():
            diagnostics.error(Location(base_paths[0]), "chybí soubor s údaji o organizaci a projektu",
                              "vytvořte jej podle README, nebo uveďte organisation v document.yaml")
    if document is None:
        return DocumentProject(None, base_paths)
    organisation = document.organisation or (base.organisation if base else None)
    if organisation is None:  # an invalid project.yaml is reported where it was loaded
        return DocumentProject(None, base_paths)
    funded = document.project or (base.project if base else None)
    # The base file reaches the document only for what the document does not name itself.
    uses_base = document.organisation is None or (document.project is None and base is not None and base.project)
    return DocumentProject(
        ProjectFile.model_construct(organisation=organisation, project=funded), base_paths if uses_base else []
    )


def _own_project_file(
    project: Project, folder: Path, written: str, named_at: Location, diagnostics: Diagnostics
) -> Path | None:
    """Return the project file ``written`` in ``document.yaml`` (relative to ``folder``) if it can be read."""
    path = folder / written
    if not confine(project, path, written, named_at, diagnostics):
        return None
    if what := not_a_file(path):
        diagnostics.error(named_at, f"'{written}' {what}", "uveďte soubor YAML s oddíly organisation a project")
        return None
    if not path.is_file():
        candidates = [os.path.relpath(p, folder) for place in (project.sources, folder)
                      for p in sorted(place.glob("*.yaml")) if p.name != "document.yaml"]
        hint = did_you_mean(written, candidates) or "cesta se píše od složky dokumentu, např. ../projekt-mesta.yaml"
        diagnostics.error(named_at, f"soubor s údaji o organizaci a projektu '{written}' neexistuje", hint)
        return None
    return path
