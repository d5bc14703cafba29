"""Pictures are in the DOCX once, as media parts; their description is the alt text (issue 16).

Pandoc writes an image's source into ``pic:cNvPr/@descr``; the renderer hands
pandoc data URIs, so every image used to travel a second time, base64, inside
``document.xml`` (45 % of the sample methodology's).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from validity.conftest import KINDS

NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{200,}={0,2}")


def xml_parts(docx: Path) -> dict[str, bytes]:
    """Return the XML parts of ``docx`` by name."""
    with zipfile.ZipFile(docx) as package:
        return {name: package.read(name) for name in package.namelist() if name.endswith((".xml", ".rels"))}


@pytest.mark.parametrize("kind", KINDS)
def test_no_part_holds_a_copy_of_an_image(builds, kind: str) -> None:
    for docx in builds(kind).files(".docx"):
        for name, data in xml_parts(docx).items():
            assert b"data:" not in data, f"{docx.name}:{name}"
            assert not BASE64_RUN.search(data), f"{docx.name}:{name}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_picture_is_described_by_its_alt_text(builds, kind: str) -> None:
    pictures = 0
    for docx in builds(kind).files(".docx"):
        body = etree.fromstring(xml_parts(docx)["word/document.xml"])
        for drawing in body.iterfind(".//wp:inline", NS):
            alt = drawing.find("wp:docPr", NS).get("descr")
            assert alt and not alt.startswith("data:")
            assert [p.get("descr") for p in drawing.iterfind(".//pic:cNvPr", NS)] == [alt]
            pictures += 1
    # The EU emblem at least, and the kind's own figures or charts; an OSPOD office's standards have neither.
    assert pictures or kind == "quality-standards"
