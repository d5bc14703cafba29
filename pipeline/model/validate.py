"""Turn pydantic's validation errors into Czech diagnostics at YAML positions."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import Diagnostics, did_you_mean, nearest_or_listed, shortened
from pipeline.model.types import DEGREE_HINT, is_degree, unwritable_message, unwritable_texts
from pipeline.sources import KeyPath, YamlFile

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], source: YamlFile, diagnostics: Diagnostics) -> M | None:
    """Return ``source`` validated as ``model``, or None after recording every problem."""
    if not isinstance(source.data, dict):
        diagnostics.error(source.locate(()), "soubor musí obsahovat mapování klíčů (klíč: hodnota)")
        return None
    unwritable = list(unwritable_texts(source.data))
    for path, character in unwritable:
        diagnostics.error(source.locate(path), *unwritable_message(character))
    try:
        validated = model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors():
            _record(model, source, error, diagnostics)
        return None
    return None if unwritable else validated


def construct_unchecked(model: type[M], data: dict[str, Any]) -> M:
    """Return ``data`` as ``model`` without validation, leaving out list fields given as something else.

    Planners still read the chapters of a document whose other fields have
    errors, so one run reports the problems of every file; a chapter list
    written as text (``chapters: 01-uvod.md``) would otherwise be read letter
    by letter, one "missing file" per character (issue 14).
    """
    kept = {
        name: value for name, value in data.items()
        if name not in model.model_fields or isinstance(value, list)
        or typing.get_origin(model.model_fields[name].annotation) is not list
    }
    return model.model_construct(**kept)


def _record(model: type[BaseModel], source: YamlFile, error: Any, diagnostics: Diagnostics) -> None:
    """Record one pydantic error as a Czech diagnostic."""
    loc: KeyPath = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    value = error.get("input")
    if kind == "extra_forbidden" and is_degree(name):
        # {name: PhDr. Jana Malá, Ph.D.} in a flow mapping: the comma made the degree a key of its own
        diagnostics.error(source.locate(loc, at_key=True), f"'{name}' je titul, ne klíč", DEGREE_HINT)
    elif kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        hint = (_where_it_belongs(model, loc, name) or did_you_mean(name, known)
                or ("povolené klíče: " + ", ".join(known) if known else None))
        diagnostics.error(source.locate(loc, at_key=True), f"neznámý klíč '{name}'", hint)
    elif kind == "missing":
        description = _field_description(model, loc)
        hint = f"přidejte řádek '{name}: …' – {description}" if description else None
        diagnostics.error(source.locate(loc[:-1], at_key=True), f"chybí povinný klíč '{name}'", hint)
    else:
        message, hint = _message(kind, error["msg"], value, ctx)
        diagnostics.error(source.locate(loc), message, hint)


def _message(kind: str, english: str, value: Any, ctx: dict[str, Any]) -> tuple[str, str | None]:
    """Return the Czech message and hint for a pydantic error type."""
    if "hint" in ctx:  # our own PydanticCustomError: the message is Czech already
        return english, ctx["hint"]
    if kind == "string_type":
        hint = f'dejte hodnotu do uvozovek: "{value}"' if isinstance(value, (int, float)) else None
        return "hodnota musí být text", hint
    if kind in {"list_type", "tuple_type"}:
        if isinstance(value, str):
            shown = shortened(value, 60)
            return (f"hodnota musí být seznam, ne text '{shown}'",
                    f"i jedinou položku pište jako seznam, na další řádek: '  - {shown}'")
        return "hodnota musí být seznam", "položky seznamu pište na samostatné řádky začínající '- '"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "hodnota musí být mapování (klíč: hodnota)", None
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return "hodnota musí být celé číslo", None
    if kind in {"float_type", "float_parsing"}:
        return "hodnota musí být číslo", None
    if kind in {"bool_type", "bool_parsing"}:
        return "hodnota musí být true nebo false", None
    if kind == "literal_error":
        expected = [item.strip(" '") for item in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        expected = [item for item in expected if item]
        return f"neplatná hodnota '{value}'", nearest_or_listed(str(value), expected)
    if kind == "too_short":
        return "seznam je prázdný", "uveďte alespoň jednu položku"
    return f"neplatná hodnota '{value}': {english}", None


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """Return the model class that validates the mapping at ``loc``, if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Return the model inside ``list[X]``, ``X | None`` and similar wrappers."""
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _where_it_belongs(model: type[BaseModel], loc: KeyPath, name: str) -> str | None:
    """Return a hint saying where the key ``name``, unknown at ``loc`` of ``model``, is allowed.

    A key written at the wrong level (``isbn:`` beside ``title:`` instead of under ``imprint:``)
    or in the wrong file (``title:`` in ``project.yaml``) is not a typo: the user needs to hear
    where it goes, not a list of the keys allowed here.
    """
    from pipeline.model.document import DocumentBase
    from pipeline.model.project import ProjectFile
    from pipeline.model.standards import Office

    places: set[tuple[str, ...]] = set()
    stack: list[tuple[type[BaseModel], tuple[str, ...]]] = [(model, ())]
    while stack:
        current, path = stack.pop()
        for field, info in current.model_fields.items():
            if field == name:
                places.add(path)
            inner = _unwrap(info.annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel) and len(path) < 4:
                stack.append((inner, (*path, field)))
    places.discard(tuple(part for part in loc[:-1] if isinstance(part, str)))
    if not places:
        if model in (ProjectFile, Office) and name in DocumentBase.model_fields:  # files a document's data is split into
            return f"klíč '{name}' patří do document.yaml dokumentu"
        return None
    if () in places:
        return f"klíč '{name}' patří na nejvyšší úroveň souboru, bez odsazení"
    sections = sorted(".".join(path) for path in places)
    if len(sections) > 3:  # a common word (name, title): the nearest key here says more
        return None
    return f"klíč '{name}' patří do oddílu " + " nebo ".join(f"'{section}:'" for section in sections)


def _field_names(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """Return the keys allowed in the mapping at ``loc``."""
    target = _model_at(model, loc)
    return list(target.model_fields) if target else []


def _field_description(model: type[BaseModel], loc: KeyPath) -> str | None:
    """Return the Czech description of the field at ``loc``."""
    target = _model_at(model, loc[:-1])
    if target is None or not loc or str(loc[-1]) not in target.model_fields:
        return None
    return target.model_fields[str(loc[-1])].description


def repeated_values(values: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Return each value an earlier item already has: its index, the value and the index of its first use."""
    first: dict[str, int] = {}
    repeated = []
    for index, value in values:
        if value in first:
            repeated.append((index, value, first[value]))
        else:
            first[value] = index
    return repeated
