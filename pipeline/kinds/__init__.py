"""Document kinds: each module here defines ``KIND``, its model and its parts.

Kinds are discovered, so adding one never touches the others.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from pipeline.compose import Part
from pipeline.model.document import DocumentBase
from pipeline.sources import YamlFile


@dataclass(frozen=True)
class Kind:
    """A kind of document: how its ``document.yaml`` is validated and which sources make its body."""

    name: str
    #: Czech name shown by ``pipeline list``
    label: str
    model: type[DocumentBase]
    #: returns the Markdown sources of the body in order
    parts: Callable[[DocumentBase, Path, YamlFile], list[Part]]


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
