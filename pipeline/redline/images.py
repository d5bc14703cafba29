"""Make the images of two revisions comparable, and give the redline every image it shows.

Each revision is prepared in its own temporary folder, so the same image has
a different absolute path in each body. Before comparing, every image points to
a key made of its path inside the project and a digest of its bytes (a
changed picture then reads as a replaced one); after comparing, keys point
back to files, and images only the older revision has are added to the job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline.ast import iter_nodes
from pipeline.ast.images import ImageRef


def portable(ast: dict[str, Any], images: list[ImageRef], root: Path) -> tuple[dict[str, Any], dict[str, ImageRef]]:
    """Return a copy of ``ast`` whose images point to keys, and the images by key."""
    copy = json.loads(json.dumps(ast))
    by_path = {str(image.path): image for image in images}
    by_key: dict[str, ImageRef] = {}
    for node in iter_nodes(copy["blocks"]):
        if node["t"] == "Image" and node["c"][2][0] in by_path:
            image = by_path[node["c"][2][0]]
            key = f"{_relative(image.path, root)}#{hashlib.sha256(image.read()).hexdigest()[:16]}"
            by_key[key] = image
            node["c"][2][0] = key
    return copy, by_key


def restore(ast: dict[str, Any], newer: dict[str, ImageRef], older: dict[str, ImageRef]) -> list[ImageRef]:
    """Point the redline's images back to files; return the images it uses, newer ones first."""
    used = dict(newer)
    for key, image in older.items():
        if key not in used:
            used[key] = dataclasses.replace(image, media_name=f"media/image{len(used) + 1}{image.path.suffix.lower()}")
    for node in iter_nodes(ast["blocks"]):
        if node["t"] == "Image" and node["c"][2][0] in used:
            node["c"][2][0] = str(used[node["c"][2][0]].path)
    return list(used.values())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
