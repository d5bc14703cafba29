"""Edit a project's Word frame at the XML level, as Word saves it, and read what the outputs show."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from conftest import PROJECTS, REPOSITORY, copy_project

FRAME = Path("templates") / "methodology" / "frame.docx"


def project_with_templates(target: Path, case: str = "valid") -> Path:
    """Return a copy of the fixture project ``case`` with its own copy of the built-in templates."""
    project = copy_project(PROJECTS / case, target)
    shutil.copytree(REPOSITORY / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py"))
    return project


def edit_members(docx: Path, edit: Callable[[dict[str, bytes]], None]) -> None:
    """Rewrite the package ``docx`` with its members changed in place by ``edit`` (name → bytes)."""
    with zipfile.ZipFile(docx) as package:
        members = {name: package.read(name) for name in package.namelist()}
    edit(members)
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


def replace_in(members: dict[str, bytes], name: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in the member ``name`` by ``new``."""
    text = members[name].decode("utf-8")
    assert text.count(old) == 1, (name, old)
    members[name] = text.replace(old, new).encode("utf-8")


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """Return a PNG of one colour."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_pages_text(pdf: Path, first: int, last: int) -> str:
    """Return the text of pages ``first``–``last`` as pdftotext reads it, white space made single spaces."""
    text = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u00a0", " ").split())


def page_pixels(pdf: Path, page: int, folder: Path) -> Image.Image:
    """Return page ``page`` of ``pdf`` as pdftoppm renders it (50 dpi)."""
    stem = folder / f"page-{page}"
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def pixels_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    """Return how many pixels of ``image`` are within ``tolerance`` of ``colour`` in every channel."""
    data = image.tobytes()  # RGB, three bytes a pixel
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for pixel in pixels if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True)))


def pdf_images(pdf: Path) -> list[tuple[int, int]]:
    """Return (width, height) in pixels of every image pdfimages lists."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(int(row.split()[3]), int(row.split()[4])) for row in listing.splitlines()[2:] if row.split()[2] == "image"]


def alt_texts(pdf: Path) -> list[str]:
    """Return the alt text of every element of the PDF's structure tree (the tags screen readers read)."""
    reader = PdfReader(pdf)
    found: list[str] = []
    seen: set[int] = set()

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def paragraph_texts_before_contents(document) -> list[str]:
    """Return the non-empty paragraph texts of a DOCX before its contents heading, white space made single."""
    texts = []
    for paragraph in document.paragraphs:
        if paragraph.style.name.lower() in ("toc heading", "contents heading"):
            break
        text = " ".join(paragraph.text.replace("\u00a0", " ").split())
        if text:
            texts.append(text)
    return texts
