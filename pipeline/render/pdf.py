"""PDF through Typst: pandoc writes the body as Typst, the frame ``frame.typ`` wraps it.

The frame reads the document's data from ``data.json``, imports the cover,
imprint, page set-up, header and footer from ``cover.typ`` (made from the Word
frame, :mod:`pipeline.render.frame_cover`) and includes ``body.typ``; all are
written to a private folder that is Typst's root, so a body cannot reach
files outside it. Pandoc writes the body chapter by chapter
(:mod:`pipeline.render.typst_body`). A long body compiles in a child process
(:mod:`pipeline.render.typst_compile`), which keeps Typst's memory out of the build's.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from pipeline.ast import attributes, iter_nodes
from pipeline.ast.accessibility import math_alt
from pipeline.ast.lists import list_name
from pipeline.cache import StepCache
from pipeline.render import RenderJob
from pipeline.render.typst_body import typst_body
from pipeline.errors import SourceErrors, ToolError
from pipeline.render.typst_compile import compile_pdf
from pipeline.render.typst_frame import METADATA, failures, frame_diagnostics, write_frame

#: characters of Typst source from which the body compiles in a child process: Typst's memory
#: grows with the document, while a child's start costs more than a short document's compile
CHILD_FROM = 128 * 1024


class TypstPdfRenderer:
    """Renders the tagged PDF (PDF/UA-1) with the ``typst`` wheel."""

    format = "pdf"

    def __init__(self, cache: StepCache | None = None, threads: int = 1) -> None:
        #: chapters' Typst written before; ``threads`` pandoc processes write the others
        self.cache = cache or StepCache(None)
        self.threads = threads

    def render(self, job: RenderJob) -> bytes:
        """Return the finished PDF of ``job``.

        Raises :class:`SourceErrors` at the frame's lines for errors Typst
        finds in the frame, and :class:`ToolError` with Typst's first message
        for any other.
        """
        with tempfile.TemporaryDirectory(prefix="pipeline-typst-") as folder:
            root = Path(folder)
            size = self._write_root(root, job)
            try:
                return compile_pdf(root, job.epoch, child=size >= CHILD_FROM)
            except ToolError as exc:
                in_frame = frame_diagnostics(str(exc), root, job.frame_dir, job.common_dir)
                if in_frame:
                    raise SourceErrors(in_frame) from None
                first = failures(str(exc), root)[0]
                raise ToolError(f"Typst nedokázal sestavit PDF: {first.message}") from None

    def _write_root(self, root: Path, job: RenderJob) -> int:
        """Write Typst's root folder for ``job`` (frame, common files, media, ``body.typ``, ``data.json``).

        Returns the length of the body's source. A function of its own so that
        the body's AST and source are freed before Typst runs: the build's
        process then holds less while Typst holds most.
        """
        # File properties come untypeset: a non-breaking space has no place in a title field.
        write_frame(root, job.frame_dir, job.common_dir, job.context, {name: getattr(job, name) for name in METADATA})
        (root / "media").mkdir()
        for image in job.images:
            (root / image.media_name).write_bytes(image.read())
        source = _typst_body(job, self.cache, self.threads)
        (root / "body.typ").write_text(source, encoding="utf-8")
        return len(source)


def _typst_body(job: RenderJob, cache: StepCache, threads: int) -> str:
    """Return the body of ``job`` as Typst source: images by media name, lists as outlines, references as links."""
    body = job.body()
    media = {str(image.path): image for image in job.images}
    for node in iter_nodes(body["blocks"]):
        if node["t"] == "Image" and node["c"][2][0] in media:
            node["c"][2][0] = media[node["c"][2][0]].media_name
        elif list_name(node):
            kind = "table" if list_name(node) == "tables" else "image"
            node["c"][1] = [{"t": "RawBlock", "c": ["typst", f"#outline(title: none, target: figure.where(kind: {kind}))"]}]
        elif math_alt(node):
            # Pandoc's Typst writer drops a Span's attributes: the formulas in it get their alt text by a set rule.
            alt = json.dumps(math_alt(node), ensure_ascii=False)
            opening = {"t": "RawInline", "c": ["typst", f"#[#set math.equation(alt: {alt}); "]}
            node["c"][1] = [opening, *node["c"][1], {"t": "RawInline", "c": ["typst", "]"]}]
        elif node["t"] == "Span" and "xref" in node["c"][0][1]:
            # A reference becomes a link to its target; its text is already numbered.
            target = attributes(node["c"][0])["target"]
            node["t"], node["c"] = "Link", [["", [], []], node["c"][1], [f"#{target}", ""]]
        elif node["t"] == "Span" and "pageref" in node["c"][0][1]:
            node["t"], node["c"] = "RawInline", ["typst", page_reference(attributes(node["c"][0])["target"])]
    return _add_alt_text(typst_body(body, cache, threads), job)


def page_reference(label: str) -> str:
    """Return the Typst code that prints the page number (as the footer shows it) of the element labelled ``label``."""
    return f"#context counter(page).at(label({json.dumps(label)})).first()"


def _add_alt_text(source: str, job: RenderJob) -> str:
    """Give each image its alt text; pandoc's Typst writer drops it (PDF/UA requires it)."""
    for image in job.images:
        alt = json.dumps(image.alt, ensure_ascii=False)
        source = re.sub(rf'image\("{re.escape(image.media_name)}"', f'image("{image.media_name}", alt: {alt}', source)
    return source


class LibreOfficePdfRenderer:
    """Renders the PDF by laying out the finished DOCX in LibreOffice, so it matches Word's layout."""

    format = "pdf"

    def render(self, job: RenderJob) -> bytes:
        """Return the PDF of the DOCX of ``job``, with dates and ids pinned for reproducibility."""
        from pipeline.render.docx import DocxRenderer
        from pipeline.render.libreoffice import to_pdf
        from pipeline.render.reproducible import pin_pdf

        return pin_pdf(to_pdf(DocxRenderer().render(job)), job.epoch)
