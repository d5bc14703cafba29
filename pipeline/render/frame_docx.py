"""Render the Word frame (cover, publicity block, contents, headers) with docxtpl."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from pipeline.errors import Diagnostics, Location, SourceErrors

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# The styles pandoc writes and the frame must define, with the names Czech Word
# gives the built-in ones; pandoc looks styles up by their English names only.
REQUIRED_STYLES = {
    "Normal": "Normální",
    "Body Text": "Základní text",
    "First Paragraph": None,
    "Compact": None,
    "Title": "Název",
    "Subtitle": "Podtitul",
    "Heading 1": "Nadpis 1",
    "Heading 2": "Nadpis 2",
    "Heading 3": "Nadpis 3",
    "Footnote Text": "Text poznámky pod čarou",
    "Table Caption": None,
    "Image Caption": None,
    "Hyperlink": "Hypertextový odkaz",
    "TOC Heading": "Nadpis obsahu",
    "toc 1": "Obsah 1",
    "toc 2": "Obsah 2",
    "toc 3": "Obsah 3",
    "table of figures": "Seznam obrázků",
}


def check_frame_styles(frame: Path, diagnostics: Diagnostics) -> None:
    """Record an error for each required style the Word frame lacks (under its English or Czech name).

    Without the check pandoc silently falls back to its own default style and
    the document loses the designer's look without anyone noticing.
    """
    if not frame.is_file():
        diagnostics.error(Location(frame), "rámec dokumentu chybí", "obnovte jej ze šablon projektu")
        return
    names = _style_names(str(frame), frame.stat().st_mtime_ns)
    for english, czech in REQUIRED_STYLES.items():
        if english.lower() not in names and (czech is None or czech.lower() not in names):
            shown = f"'{english}' ({czech})" if czech else f"'{english}'"
            diagnostics.error(
                Location(frame), f"v rámci chybí styl {shown}", "vytvořte jej ve Wordu nebo obnovte rámec ze šablon"
            )


@functools.lru_cache(maxsize=16)
def _style_names(frame: str, _mtime: int) -> frozenset[str]:
    """Return the lower-case style names of a frame; cached, as every document of a kind shares it."""
    from docx import Document

    return frozenset(style.name.lower() for style in Document(frame).styles)


def _english_style_names(document: Any) -> None:
    """Rename Czech-named built-in styles to the English names pandoc looks for."""
    english_for = {czech.lower(): english for english, czech in REQUIRED_STYLES.items() if czech}
    present = {style.name.lower() for style in document.styles}
    for style in document.styles:
        english = english_for.get(style.name.lower())
        if english and english.lower() not in present:
            style.name = english


def render_frame(frame: Path, context: dict[str, Any]) -> DocxDocument:
    """Return ``frame`` with its docxtpl tags filled from ``context``, as a python-docx document.

    The document itself rather than its bytes: the renderer both saves it (as
    pandoc's reference) and copies its content, and parsing it again would cost
    a second read of every part (issue 8).

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
    _english_style_names(template.docx)
    return template.docx
