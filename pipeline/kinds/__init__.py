"""Document kinds: each module here defines ``KIND``, its model and how its sources make a body.

Kinds are discovered, so adding one never touches the others.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.compose import Part
from pipeline.errors import Diagnostics
from pipeline.model.document import DocumentBase
from pipeline.model.project import ProjectFile
from pipeline.project import Project
from pipeline.sources import YamlFile


@dataclass(frozen=True)
class Edition:
    """One output document made from a source folder (the full text, a public extract, …)."""

    #: appended to the output name: "" for the main document, e.g. "-zverejneni"
    suffix: str
    parts: list[Part]
    #: replaces the document title on the cover and in the file properties, if set
    title: str | None = None
    #: names for this edition's templates and frames only (e.g. the figures of one reporting period)
    context: dict[str, Any] = field(default_factory=dict)
    #: generated images (charts) by the path the body cites them at; no file exists there
    images: dict[Path, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """What a kind makes of one source folder."""

    editions: list[Edition]
    #: more names for templates and frames, e.g. ``urad`` (the office)
    context: dict[str, Any] = field(default_factory=dict)
    #: further output files by name suffix, e.g. ``-pokryti.csv``
    attachments: dict[str, bytes] = field(default_factory=dict)
    #: YAML files besides ``document.yaml`` whose values reach the body (a catalogue, ``office.yaml``):
    #: checked for personal data, and searched for the place of a link they bring in
    data: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class PlanInputs:
    """What every planner gets besides its own document: the project, its ``project.yaml``, the build's choices."""

    project: Project
    #: ``project.yaml`` as validated, loaded once for all documents (None if it has errors, reported where loaded)
    project_file: ProjectFile | None = None
    #: the reporting period ``pipeline build --period N`` asks for (None: all); kinds without periods ignore it
    period: int | None = None


#: plan(document, folder, document.yaml, inputs, diagnostics) -> Plan
Planner = Callable[[DocumentBase, Path, YamlFile, PlanInputs, Diagnostics], Plan]


@dataclass(frozen=True)
class Kind:
    """A kind of document: how its ``document.yaml`` is validated and what its sources make."""

    name: str
    #: Czech name shown by ``pipeline list``
    label: str
    model: type[DocumentBase]
    plan: Planner
    #: Jinja filters the kind's sources may use besides the built-in ones (name -> function)
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)


@functools.cache
def kinds() -> dict[str, Kind]:
    """Return every kind by its ``kind:`` name."""
    found: dict[str, Kind] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, Kind):
            found[kind.name] = kind
    return found
