"""Renderers: one transformed body plus a per-format frame, to the bytes of one file.

Every renderer has the same small life cycle (:class:`Renderer`), so the build
treats DOCX and PDF alike and a new format is one more module.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.ast.images import ImageRef

if TYPE_CHECKING:
    from pipeline.cache import StepCache


@dataclass(frozen=True)
class RenderJob:
    """Everything a renderer needs for one document; renderers must not read sources."""

    ast: dict[str, Any]
    frame_dir: Path
    common_dir: Path
    context: dict[str, Any]
    title: str
    authors: list[str]
    subject: str
    keywords: list[str]
    epoch: int
    images: list[ImageRef] = field(default_factory=list)
    #: lay the DOCX out with LibreOffice to fill in page numbers of contents and lists
    page_numbers: bool = False

    @functools.cached_property
    def ast_json(self) -> str:
        """Return the AST as JSON, made once for every renderer and the render cache's key."""
        return json.dumps(self.ast)

    def body(self) -> dict[str, Any]:
        """Return a private copy of the AST that a renderer may change.

        A JSON round trip is several times faster than ``copy.deepcopy`` on
        an AST of thousands of nodes, and the AST is JSON anyway.
        """
        return json.loads(self.ast_json)


class Renderer(Protocol):
    """Turns a :class:`RenderJob` into the bytes of one output file."""

    #: the file extension and the name users pass to ``--format``
    format: str

    def render(self, job: RenderJob) -> bytes:
        """Return the finished file; raise :class:`pipeline.errors.PipelineError` on failure."""
        ...


PDF_ENGINES = ("typst", "libreoffice")


def renderers(pdf_engine: str = "typst", cache: StepCache | None = None, threads: int = 1) -> dict[str, Renderer]:
    """Return the renderers by format name, the PDF one by ``pdf_engine``.

    ``cache`` and ``threads`` are for the steps a renderer caches or runs side by side.
    """
    from pipeline.render.docx import DocxRenderer
    from pipeline.render.pdf import LibreOfficePdfRenderer, TypstPdfRenderer

    pdf: Renderer = LibreOfficePdfRenderer() if pdf_engine == "libreoffice" else TypstPdfRenderer(cache, threads)
    return {renderer.format: renderer for renderer in (DocxRenderer(cache), pdf)}
