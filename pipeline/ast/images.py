"""Find, check and resolve the images of a body.

Image paths are written relative to the chapter that uses them; after this
transform every image points to a checked file inside ``sources/``, carries
alt text, and has a stable name under which renderers may copy it.

Every image is decoded here, in ``check`` as in ``build``, so that corrupt
data is found before a renderer trips on it; its size is read from the header
first, so that a decompression bomb is refused before it is decoded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes, stringify
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics, Location
from pipeline.limits import MAX_IMAGE_PIXELS
from pipeline.sources import find_location

# Magic bytes of the formats every renderer (Word, Typst, LibreOffice) reads.
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


@dataclass(frozen=True)
class ImageRef:
    """An image of the body: its file, its alt text and its name inside the output."""

    path: Path
    alt: str
    media_name: str
    #: the bytes of a generated image (a report's chart); None: read them from ``path``
    data: bytes | None = None

    def read(self) -> bytes:
        """Return the image's bytes."""
        return self.data if self.data is not None else self.path.read_bytes()


def resolve_images(
    ast: dict[str, Any],
    sources_root: Path,
    texts: dict[Path, str],
    diagnostics: Diagnostics,
    generated: dict[Path, bytes] | None = None,
) -> list[ImageRef]:
    """Check every image of the body and point it at its absolute path; return them in order.

    Records an error for an image that is missing, unreadable, not PNG/JPEG,
    outside ``sources/`` or without alt text (zákon č. 99/2019 Sb. requires it).
    ``generated`` images (by resolved path) need no file: a kind made their bytes.
    """
    generated = {path.resolve(): data for path, data in (generated or {}).items()}
    images: list[ImageRef] = []
    known: dict[Path, ImageRef] = {}
    root = sources_root.resolve()
    for part in parts_of(ast):
        for node in find_nodes(part.blocks, ("Image",)):
            attr, description, (src, _title) = node["c"]
            location = find_location(part.path, texts.get(part.path, ""), src)
            made = (part.path.parent / src).resolve()
            target = made if made in generated else _check_file(src, part.path.parent, root, location, diagnostics)
            alt = dict(attr[2]).get("alt") or stringify(description).strip()
            if not alt:
                # The same file may also be used with alt text elsewhere: point at the bare use.
                bare = f"![]({src}"
                text = texts.get(part.path, "")
                diagnostics.error(
                    find_location(part.path, text, bare) if bare in text else location,
                    f"obrázek '{src}' nemá alternativní text",
                    'doplňte popis pro nevidomé: ![Titulek](obrazek.png){alt="co je na obrázku"}',
                )
            if target is None or not alt:
                continue
            node["c"][2][0] = str(target)
            attr[2] = [pair for pair in attr[2] if pair[0] != "alt"] + [["alt", alt]]
            if target not in known:
                media_name = f"media/image{len(known) + 1}{target.suffix.lower()}"
                known[target] = ImageRef(target, alt, media_name, generated.get(target))
                images.append(known[target])
    return images


def _check_file(src: str, base: Path, root: Path, location: Location, diagnostics: Diagnostics) -> Path | None:
    """Return the resolved image file, or None after recording why it cannot be used."""
    if "://" in src or src.startswith("data:"):
        diagnostics.error(location, f"obrázek '{src}' není soubor ve zdrojích", "uložte obrázek do složky dokumentu")
        return None
    target = (base / src).resolve()
    if not target.is_relative_to(root):
        diagnostics.error(location, f"obrázek '{src}' leží mimo složku sources/", "přesuňte jej do složky dokumentu")
        return None
    if not target.is_file():
        diagnostics.error(location, f"obrázek '{src}' neexistuje", "zkontrolujte název souboru a cestu vůči kapitole")
        return None
    signatures = IMAGE_SIGNATURES.get(target.suffix.lower())
    if signatures is None:
        diagnostics.error(location, f"obrázek '{src}' má nepodporovaný formát", "použijte PNG nebo JPEG")
        return None
    with target.open("rb") as handle:
        head = handle.read(8)
    if not head.startswith(signatures):
        diagnostics.error(location, f"obrázek '{src}' je poškozený nebo není ve formátu {target.suffix[1:].upper()}")
        return None
    stat = target.stat()
    problem = _decoding_problem(str(target), stat.st_mtime_ns, stat.st_size, MAX_IMAGE_PIXELS)
    if problem is not None:
        diagnostics.error(location, f"obrázek '{src}' {problem[0]}", problem[1])
        return None
    return target


@functools.lru_cache(maxsize=256)
def _decoding_problem(path: str, _mtime: int, _size: int, most_pixels: int) -> tuple[str, str] | None:
    """Return what keeps the PNG or JPEG at ``path`` from being decoded (message, hint), or None.

    The header is read first and an image of more than ``most_pixels``
    (:data:`MAX_IMAGE_PIXELS`) is refused undecoded; the rest is decoded in
    full (and a PNG's checksums verified), as Word, Typst and LibreOffice
    will. Cached by modification time and size: the documents of one run
    share their images.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    # The format's own class reads the header only, without Pillow's global bomb check (ours is stricter).
    opener = PngImagePlugin.PngImageFile if path.lower().endswith(".png") else JpegImagePlugin.JpegImageFile
    try:
        with opener(path) as image:
            width, height = image.size
            if width * height > most_pixels:
                return (
                    f"má {width} × {height} pixelů, víc než {_grouped(most_pixels)} pixelů",
                    "zmenšete jej; pro tisk stačí 300 dpi v rozměru, v jakém bude na stránce",
                )
            if isinstance(image, PngImagePlugin.PngImageFile):
                image.verify()
        with opener(path) as image:
            image.load()
    except Exception:  # a decoder meets hostile data with any exception; each means the same to the user
        return "má poškozená data a nelze jej přečíst", "uložte obrázek znovu z programu, ve kterém vznikl"
    return None


def _grouped(number: int) -> str:
    """Return ``number`` with its thousands set apart by spaces, as Czech writes them (50 000 000)."""
    return f"{number:,}".replace(",", " ")
