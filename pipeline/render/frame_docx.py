"""Render the Word frame (cover, publicity block, contents, headers) with docxtpl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from pipeline.errors import Diagnostics, Location, SourceErrors


def render_frame(frame: Path, context: dict[str, Any]) -> bytes:
    """Return ``frame`` with its docxtpl tags filled from ``context``.

    Raises :class:`SourceErrors` naming the frame when a tag is wrong, because a
    designer edits the frame and must learn which tag broke it.
    """
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(frame))
    environment = SandboxedEnvironment(undefined=StrictUndefined)
    try:
        template.render(context, jinja_env=environment, autoescape=True)
    except TemplateError as exc:
        diagnostics = Diagnostics()
        diagnostics.error(Location(frame), f"chyba ve značce rámce: {exc}", "opravte značku {{ … }} v rámci ve Wordu")
        raise SourceErrors(diagnostics.items) from None
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
