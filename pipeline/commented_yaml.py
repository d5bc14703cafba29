"""Write a source YAML file with every key of its model explained in Czech (``pipeline new``, issue 15).

The comments are the models' own ``Field`` descriptions, so a new key, or a
changed meaning, shows in the next starter file without anyone touching this
module. Keys given a value are written; every other key is written commented
out with its default, so that a user sees all there is and uncomments what she
needs.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

INDENT = "  "


@dataclass(frozen=True)
class _Line:
    """One line of the file: its indentation, its text and whether it is a comment (``# `` after the indentation)."""

    indent: str
    text: str
    comment: bool
    #: a key's description, not a (possibly commented-out) key
    description: bool = False


def commented_yaml(model: type[BaseModel], values: dict[str, Any], heading: str = "") -> str:
    """Return ``values`` as YAML for ``model``: every field preceded by its description, absent ones commented out.

    ``heading`` (Czech, may span lines) opens the file as a comment. A commented-out
    key keeps its indentation after the ``# ``, so deleting the ``# `` makes it a key.
    """
    lines = [f"# {line}".rstrip() for line in heading.splitlines()]
    lines += [f"{line.indent}# {line.text}" if line.comment else f"{line.indent}{line.text}"
              for line in _mapping(model, values, "", commented=False)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _mapping(model: type[BaseModel], values: dict[str, Any], indent: str, commented: bool) -> list[_Line]:
    """Return the lines of a mapping validated by ``model``; ``commented``: its keys are commented out."""
    lines: list[_Line] = []
    for name, field in model.model_fields.items():
        absent = name not in values
        description = _description(model, name)
        if description:
            lines.append(_Line(indent, description, comment=True, description=True))
        value = _default(field) if absent else values[name]
        lines += _entry(name, value, field.annotation, indent, commented or absent)
    return lines


def _entry(name: str, value: Any, annotation: Any, indent: str, commented: bool) -> list[_Line]:
    """Return the lines of one key and its value (a nested mapping, a list or a scalar)."""
    inner = model_inside(annotation)
    deeper = indent + INDENT
    if inner is not None and value is None:  # an optional section not used: its keys, commented out
        return [_Line(indent, f"{name}:", commented), *_mapping(inner, {}, deeper, commented=True)]
    if isinstance(value, dict) and value and inner is not None:
        if not _is_mapping_of_models(annotation):
            return [_Line(indent, f"{name}:", commented), *_mapping(inner, value, deeper, commented)]
        lines = [_Line(indent, f"{name}:", commented)]
        for number, (key, item) in enumerate(value.items()):
            lines.append(_Line(deeper, f"{_scalar(key)}:", commented))
            lines += _explained_once(_mapping(inner, item, deeper + INDENT, commented), number)
        return lines
    if isinstance(value, list) and value and inner is not None:
        lines = [_Line(indent, f"{name}:", commented)]
        for number, item in enumerate(value):
            lines += _list_item(_explained_once(_mapping(inner, item, deeper + INDENT, commented), number))
        return lines
    if isinstance(value, dict) and value:
        return [_Line(indent, f"{name}:", commented),
                *(_Line(deeper, f"{_scalar(key)}: {_scalar(item)}", commented) for key, item in value.items())]
    if isinstance(value, list) and value and sum(len(_scalar(item)) for item in value) > 60:
        return [_Line(indent, f"{name}:", commented), *(_Line(deeper, f"- {_scalar(item)}", commented) for item in value)]
    return [_Line(indent, f"{name}: {_scalar(value)}", commented)]


def _explained_once(lines: list[_Line], number: int) -> list[_Line]:
    """Return an item's lines; the keys of a list or mapping are explained at its first item only."""
    return lines if number == 0 else [line for line in lines if not line.description]


def _list_item(lines: list[_Line]) -> list[_Line]:
    """Return a mapping's lines as one list item: ``- `` before its first key (descriptions stay above it)."""
    result, placed = [], False
    for line in lines:
        if not placed:  # the item's first key and the description above it stand at the dash
            text = line.text if line.description else f"- {line.text}"
            line = _Line(line.indent[: -len(INDENT)], text, line.comment, line.description)
            placed = not line.description
        result.append(line)
    return result


def _description(model: type[BaseModel], name: str) -> str | None:
    """Return the description of field ``name``, inherited where a kind narrows a common field (``kind``)."""
    for base in model.__mro__:
        fields = getattr(base, "model_fields", {}) if isinstance(base, type) and issubclass(base, BaseModel) else {}
        if name in fields and fields[name].description:
            return fields[name].description
    return None


def _default(field: Any) -> Any:
    """Return what a field holds when the key is left out."""
    if field.default_factory is not None:
        return field.default_factory()
    return None if field.default is PydanticUndefined else field.default


def _scalar(value: Any, in_flow: bool = False) -> str:
    """Return a scalar as YAML: plain where YAML reads it back as the same text, else in double quotes.

    ``in_flow``: the value stands in ``[…]`` or ``{…}``, where a comma or a bracket ends it.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item, in_flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k, True)}: {_scalar(v, True)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if _reads_back(text, in_flow) else json.dumps(text, ensure_ascii=False)


def _reads_back(text: str, in_flow: bool) -> bool:
    """Return True if ``text`` written plain (in a flow collection if ``in_flow``) reads back as the same string."""
    from ruamel.yaml import YAML

    if not text or text != text.strip() or " #" in text or (in_flow and any(sign in text for sign in ",[]{}")):
        return False
    try:
        return YAML(typ="safe").load(f"key: {text}") == {"key": text}
    except Exception:  # noqa: BLE001 - anything YAML cannot read plain is written quoted
        return False


def model_inside(annotation: Any) -> type[BaseModel] | None:
    """Return the model inside ``X``, ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            inner = model_inside(argument)
            if inner is not None:
                return inner
    return None


def _is_mapping_of_models(annotation: Any) -> bool:
    """Return True for ``dict[str, X]`` (also optional), whose keys are the user's codes."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping_of_models(argument) for argument in typing.get_args(annotation))
