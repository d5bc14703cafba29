"""The change summary of ``pipeline diff``: per document, per place, what changed; as text or JSON."""

from __future__ import annotations

import json

from pipeline.errors import display_path
from pipeline.redline.build import UNCHANGED, RedlineResult
from pipeline.redline.compare import Edit


def places(edits: list[Edit]) -> list[tuple[str, list[str]]]:
    """Return (place, descriptions) in document order, each description once per place."""
    grouped: dict[str, list[str]] = {}
    for edit in edits:
        descriptions = grouped.setdefault(edit.location, [])
        if edit.description not in descriptions:
            descriptions.append(edit.description)
    return list(grouped.items())


def as_text(result: RedlineResult) -> str:
    """Return the summary as Czech lines: ``document:`` then ``  place: change; change``."""
    lines = [f"Změny mezi verzemi {result.old.shown} a {result.new.shown}:"]
    unchanged = [document.document for document in result.documents if document.note == UNCHANGED]
    for document in result.documents:
        if document.note == UNCHANGED:
            continue
        if document.note:
            lines.append(f"{document.document}: {document.note}")
            continue
        lines.append(f"{document.document}:")
        lines += [f"  {place}: {'; '.join(descriptions)}" for place, descriptions in places(document.edits)]
    if unchanged:
        # One line for all of them: a shared source changes every document's inputs, rarely its text.
        lines.append(f"{UNCHANGED}: {', '.join(unchanged)}")
    lines += [f"zapsáno: {display_path(path)}" for path in result.written]
    return "\n".join(lines)


def as_json(result: RedlineResult) -> str:
    """Return the summary as JSON for tools (same content as :func:`as_text`)."""
    data = {
        "from": {"revision": result.old.name, "commit": result.old.commit},
        "to": {"revision": result.new.name if result.new.commit else None, "commit": result.new.commit},
        "documents": [
            {
                "document": document.document,
                "note": document.note or None,
                "changes": [{"place": place, "changes": descriptions} for place, descriptions in places(document.edits)],
            }
            for document in result.documents
        ],
        "written": [display_path(path) for path in result.written],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
