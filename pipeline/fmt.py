"""``pipeline fmt``: YAML sources in one canonical form, so that Git diffs show content, not style.

The canonical form: keys in the order the model declares its fields (the order
the README and the models document them), 2-space indentation with list items
indented under their key, quotes only where YAML needs them and then double
quotes, long lines never wrapped. Comments stay (a comment goes with the key
above it when keys move). Files without a known model keep their key order.
Markdown is never touched. Formatting twice changes nothing the second time.
"""

from __future__ import annotations

import fnmatch
import io
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.errors import Diagnostics, Location
from pipeline.project import DOCUMENT_FILE, Project

#: shared source files (glob below ``sources/``) and the model of each, as "module:Class"
KNOWN_FILES = {
    "project.yaml": "pipeline.model.project:ProjectFile",
    "glossary.yaml": "pipeline.model.glossary:Glossary",
    "katalogy/*.yaml": "pipeline.model.standards:Catalogue",
    "*/office.yaml": "pipeline.model.standards:Office",
    "*/cinnosti.yaml": "pipeline.model.activities:ActivityCatalogue",
    "*/municipalities/*.yaml": "pipeline.model.activities:MunicipalityProfile",
}
YAML_SUFFIXES = (".yaml", ".yml")


def format_sources(project: Project, paths: tuple[Path, ...], check: bool = False) -> list[Path]:
    """Rewrite the YAML files under ``paths`` (default: ``sources/``) canonically; return those changed.

    With ``check`` nothing is written: the returned files are those not yet
    canonical. A file with a YAML error is reported (all at once) and nothing
    is written.
    """
    from pipeline.output import atomic_write
    from pipeline.sources import load_yaml

    diagnostics = Diagnostics()
    planned: list[tuple[Path, str]] = []
    for path in _yaml_files(project, paths, diagnostics):
        source = load_yaml(path, diagnostics)
        if source is None:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            formatted = canonical(text, model_for(path, project.sources, source.data))
        except ValueError:  # a value ruamel cannot construct, e.g. the date 2024-02-31
            diagnostics.error(
                Location(path),
                "soubor nelze převést do ustálené podoby: obsahuje neplatnou hodnotu, např. neexistující datum",
                "opravte chyby, které ukáže pipeline check",
            )
            continue
        if formatted != text:
            planned.append((path, formatted))
    diagnostics.raise_if_errors()
    if not check:
        for path, formatted in planned:
            atomic_write(path, formatted.encode("utf-8"))
    return [path for path, _ in planned]


def _yaml_files(project: Project, paths: tuple[Path, ...], diagnostics: Diagnostics) -> list[Path]:
    found: set[Path] = set()
    for path in paths or (project.sources,):
        if path.is_file():
            if path.suffix in YAML_SUFFIXES:
                found.add(path)
            else:
                diagnostics.error(Location(path), "není soubor YAML", "pipeline fmt upravuje jen soubory .yaml; Markdown ponechává")
        elif path.is_dir():
            found |= {p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()}
        else:
            diagnostics.error(Location(path), "cesta neexistuje", "zadejte soubor nebo složku se zdroji")
    diagnostics.raise_if_errors()
    return sorted(found)


def model_for(path: Path, sources: Path, data: Any) -> type[BaseModel] | None:
    """Return the model that declares the key order of ``path``, or None if none is known."""
    import importlib

    from pipeline.kinds import kinds

    if path.name == DOCUMENT_FILE and isinstance(data, dict):
        kind = kinds().get(data.get("kind")) if isinstance(data.get("kind"), str) else None
        return kind.model if kind else None
    try:
        relative = path.resolve().relative_to(sources.resolve()).as_posix()
    except ValueError:
        relative = path.name
    for pattern, target in KNOWN_FILES.items():
        if fnmatch.fnmatch(relative, pattern):
            module, _, name = target.partition(":")
            return getattr(importlib.import_module(module), name)
    return None


def canonical(text: str, model: type[BaseModel] | None) -> str:
    """Return ``text`` (one YAML document) in canonical form, keys ordered by ``model``."""
    yaml = _yaml()
    data = yaml.load(text)
    if model is not None:
        _reorder(data, model)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().rstrip("\n") + "\n"  # a comment moved off the end may leave blank lines


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import Emitter
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    older, current = VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2))
    text_tag = "tag:yaml.org,2002:str"

    class DoubleQuotingEmitter(Emitter):
        """Quote with double quotes where quotes are needed: one quoting style in every file.

        Text that YAML 1.1 readers (many editors and tools) would take for a
        number or a yes/no, such as ``8:00`` or ``on``, stays quoted too.
        """

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            value = self.event.value
            if style == "" and isinstance(value, str) and current.resolve(ScalarNode, value, (True, False)) == text_tag:
                if older.resolve(ScalarNode, value, (True, False)) != text_tag:
                    return '"'
            return '"' if style == "'" else style

    yaml = YAML(typ="rt")
    yaml.Emitter = DoubleQuotingEmitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


def _reorder(data: Any, model: type[BaseModel]) -> None:
    """Order the keys of mapping ``data`` (and of nested models' mappings) as ``model`` declares them."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(data, CommentedMap):
        return
    declared = list(model.model_fields)
    rank = {name: index for index, name in enumerate(declared)}
    # Unknown keys (errors for pipeline check) keep their place after the known ones.
    order = sorted(data, key=lambda key: (rank.get(key, len(declared)), list(data).index(key)))
    if order != list(data):
        _comments_travel_with_their_keys(data)
        for key in order:
            data.move_to_end(key)
    for name, field in model.model_fields.items():
        if name in data:
            nested = _nested_model(field.annotation)
            if nested is not None:
                for value in _model_values(data[name], field.annotation):
                    _reorder(value, nested)


def _comments_travel_with_their_keys(data: Any) -> None:
    """Attach each full-line comment to the key below it, so it moves with that key.

    ruamel keeps the comment lines between two keys as the trailing comment of
    the key above (after its value's inline comment); reordering would carry
    them away from the key they describe.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    keys = list(data)
    for above, below in zip(keys, keys[1:]):
        slots = data.ca.items.get(above)
        token = slots[2] if slots and len(slots) > 2 else None
        if token is None or "\n" not in token.value:
            continue
        inline, _, lines = token.value.partition("\n")
        if not lines.strip():
            continue
        column = len(lines) - len(lines.lstrip(" "))
        token.value = inline + "\n"
        if not inline.strip():
            slots[2] = None  # only the line end was left: the value writes its own
        before = data.ca.items.setdefault(below, [None, None, None, None])
        moved = CommentToken(lines.lstrip(" ") if column == 0 else lines[column:], CommentMark(column), None)
        before[1] = [moved, *(before[1] or [])]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """Return the model inside an annotation such as ``Office``, ``list[Standard]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def _model_values(value: Any, annotation: Any) -> list[Any]:
    """Return the mappings a field holds: itself, the items of a list, the values of a dict."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            if _nested_model(argument) is not None:
                return _model_values(value, argument)
    if origin in (list, tuple, set) and isinstance(value, list):
        return list(value)
    if origin is dict and isinstance(value, dict):
        return list(value.values())
    return [value]
