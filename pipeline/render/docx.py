"""DOCX: pandoc writes the body with the frame's styles; the rendered frame goes in front."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import shortened
from pipeline.model.document import AUTHOR_SEPARATOR, KEYWORD_SEPARATOR
from pipeline.model.types import PROPERTY_LIMIT
from pipeline.pandoc import ast_to
from pipeline.render import RenderJob
from pipeline.render.frame_docx import render_frame
from pipeline.render.reproducible import normalise_zip

if TYPE_CHECKING:
    from pipeline.cache import StepCache


class DocxRenderer:
    """Renders the Word document."""

    format = "docx"

    def __init__(self, cache: StepCache | None = None) -> None:
        #: where the LibreOffice layout pass keeps its profile between builds
        self.cache = cache

    def render(self, job: RenderJob) -> bytes:
        """Return the finished DOCX of ``job``."""
        from docx import Document

        from pipeline.render.docx_compose import fill_contents, prepend_frame
        from pipeline.render.docx_fields import apply_heading_marks
        from pipeline.render.docx_pages import add_page_numbers, lay_out
        from pipeline.render.libreoffice import layout, to_pdf

        frame = render_frame(job.frame_dir / "frame.docx", job.context)
        with tempfile.TemporaryDirectory(prefix="pipeline-docx-") as folder:
            reference = Path(folder) / "frame.docx"
            frame.save(str(reference))
            body_bytes = ast_to("docx", prepared_body(job), ["--reference-doc", str(reference)])
        document = Document(io.BytesIO(body_bytes))
        apply_heading_marks(document)
        prepend_frame(document, frame)
        describe_pictures(document)  # the frame's pictures (the EU emblem) too
        fill_contents(document)
        self._set_properties(document, job)
        if job.page_numbers:
            add_page_numbers(document, lay_out(document, lambda laid: layout(to_pdf(_saved(laid), self.cache))))
        return normalise_zip(_saved(document), job.epoch)

    @staticmethod
    def _set_properties(document, job: RenderJob) -> None:
        """Fill the file properties screen readers and catalogues use; dates from the build epoch."""
        moment = dt.datetime.fromtimestamp(job.epoch, dt.UTC).replace(tzinfo=None)
        properties = document.core_properties
        properties.title = _fitting(job.title)
        properties.author = _fitting(AUTHOR_SEPARATOR.join(job.authors))
        properties.subject = _fitting(job.subject)
        properties.keywords = _fitting(KEYWORD_SEPARATOR.join(job.keywords))
        properties.language = "cs-CZ"
        properties.created = properties.modified = moment
        properties.last_modified_by = _fitting(job.authors[0] if job.authors else "")
        properties.revision = 1


def _fitting(value: str) -> str:
    """Return ``value`` cut to what a file property holds.

    The sources' own values are checked against the limit; a title a kind
    derives from them (``… – zveřejňovaná část``) may still run over, and the
    cover shows it whole anyway.
    """
    return shortened(value, PROPERTY_LIMIT)


def describe_pictures(document) -> None:
    """Give every picture its alt text as description, in place of the image source pandoc puts there.

    Pandoc writes the image's source into ``pic:cNvPr/@descr``; ours is a data
    URI (see :func:`_data_uris`), so a base64 copy of every image doubled the
    document part (issue 16). The drawing's ``wp:docPr/@descr`` holds the alt text.
    """
    from docx.oxml.ns import qn

    for drawing in document.element.body.iter(qn("wp:inline"), qn("wp:anchor")):
        alt = drawing.find(qn("wp:docPr"))
        for picture in drawing.iter(qn("pic:cNvPr")):
            text = alt.get("descr") if alt is not None else None
            if text:
                picture.set("descr", text)
            else:
                picture.attrib.pop("descr", None)


def _saved(document) -> bytes:
    """Return the bytes of a python-docx document."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prepared_body(job: RenderJob) -> dict:
    """Return a copy of the body with its images embedded and its number spans made Word fields, in one walk."""
    from pipeline.ast import iter_nodes
    from pipeline.render.docx_fields import FieldWriter

    body = job.body()
    images = _data_uris(job)
    fields = FieldWriter(footnotes_per_chapter=bool(job.context["dokument"].get("poznamky_po_kapitolach")))
    for node in iter_nodes(body["blocks"]):
        kind = node["t"]
        if kind == "Image":
            target = node["c"][2]
            target[0] = images.get(target[0], target[0])
        elif kind in FieldWriter.KINDS:  # a set lookup is cheaper than a call for each of 100k nodes
            fields.visit(node)
    fields.finish()
    return body


def _data_uris(job: RenderJob) -> dict[str, str]:
    """Return the checked images as data URIs by path: a sandboxed pandoc reads no files itself."""
    import base64

    types = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
    return {
        str(image.path): f"data:{types[image.path.suffix.lower()]};base64,"
        + base64.b64encode(image.read()).decode("ascii")
        for image in job.images
    }
