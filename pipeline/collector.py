"""Python's cycle collector while a document is made: paused, because the document's data holds no cycles.

A document's body is some hundred thousand dicts and lists parsed from
pandoc's JSON and copied for each format. Each batch of new containers sets
off a collection, and each later collection walks all of them again while
they live: about a sixth of a long document's preparation and of its DOCX
render in Python (issue 8). Nothing the body holds refers back to itself, so
nothing is lost by collecting once the document is made instead.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Keep the cycle collector from running inside the block; switch it back on only if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
