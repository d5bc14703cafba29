"""Characters the PDF cannot show: no font Typst embeds has them (emoji, rare scripts, control characters).

PDF/UA forbids text without a glyph, so Typst refuses the whole PDF, naming
only the character. ``check`` asks Typst itself which of a document's
characters it can show (one compile of a page listing them, one line each,
so its report names each missing one by line) and reports each missing one
where it is written.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.ast import find_nodes
from pipeline.errors import Diagnostics, Location, ToolError
from pipeline.sources import find_location

#: whether each character probed so far can be shown, for the life of the process
_SHOWN: dict[str, bool] = {}
#: lines of the probe before the first character
_PROBE_HEAD = '#set document(title: "probe")\n#set text(lang: "cs")\n'
_TEXT_NODES = ("Str", "Code", "CodeBlock")


def missing_glyphs(characters: Iterable[str]) -> list[str]:
    """Return those of ``characters`` no embedded font can show, in code point order (probed once each)."""
    from pipeline.render.typst_compile import compile_pdf
    from pipeline.render.typst_frame import failures

    # Printable ASCII is in every font; surrogates cannot reach here (sources are decoded UTF-8).
    asked = {c for c in characters if not (" " <= c <= "~" or c in "\t\n\r") and not "\ud800" <= c <= "\udfff"}
    unknown = sorted(c for c in asked if c not in _SHOWN)
    if unknown:
        head = _PROBE_HEAD.count("\n")
        probe = _PROBE_HEAD + "".join(f'#"\\u{{{ord(c):x}}}"\n' for c in unknown)
        missing_lines: set[int] = set()
        with tempfile.TemporaryDirectory(prefix="pipeline-typst-glyphs-") as folder:
            root = Path(folder)
            (root / "frame.typ").write_text(probe, encoding="utf-8")
            try:
                compile_pdf(root, 315_532_800, child=False)
            except ToolError as exc:
                missing_lines = {failure.line for failure in failures(str(exc), root) if failure.path is not None}
        for index, character in enumerate(unknown, start=head + 1):
            _SHOWN[character] = index not in missing_lines
    return sorted(c for c in asked if not _SHOWN[c])


def check_glyphs(
    fields: dict[str, Any], texts: dict[Path, str], data_files: list[Path], diagnostics: Diagnostics
) -> None:
    """Record an error for each character of a document (body and cover) that the PDF cannot show.

    ``fields`` are the document's RenderJob fields; each character is looked
    for in the Markdown ``texts`` it was made from, then in ``data_files``
    (``document.yaml``, ``project.yaml``), the first of which stands for it if
    it is written in none of them (e.g. as an escape).
    """
    shown = [node["c"] if node["t"] == "Str" else node["c"][1] for node in find_nodes(fields["ast"]["blocks"], _TEXT_NODES)]
    shown += [fields["title"], fields["subject"], *fields["authors"], *fields["keywords"]]
    shown += list(_strings(fields["context"]))
    missing = missing_glyphs(set("".join(shown)))
    if not missing:
        return
    sources = [*texts.items(), *((path, path.read_text(encoding="utf-8", errors="replace")) for path in data_files)]
    for character in missing:
        where = _written_at(character, sources)
        diagnostics.error(
            where or Location(data_files[0]),
            f"znak {_named(character)} nelze v PDF zobrazit: nemá jej žádné z písem dokumentu",
            "nahraďte jej slovy nebo obrázkem s alternativním textem; přístupné PDF nesmí obsahovat text bez písma",
        )


def _strings(value: Any) -> Iterable[str]:
    """Yield every text in the frame's data (nested dicts and lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _written_at(character: str, sources: list[tuple[Path, str]]) -> Location | None:
    """Return where ``character`` is first written in ``sources``: as itself, or as a YAML escape (``\\x1b``)."""
    code = ord(character)
    escapes = rf"\\x{code:02x}|\\u{code:04x}|\\U{code:08x}" if code <= 0xFF else rf"\\u{code:04x}|\\U{code:08x}"
    pattern = re.compile(rf"{re.escape(character)}|(?i:{escapes})")
    for path, text in sources:
        found = pattern.search(text)
        if found:
            return find_location(path, text, found.group())
    return None


def _named(character: str) -> str:
    """Return a character as a message shows it: a control character by its code only (a terminal would obey it)."""
    code = f"U+{ord(character):04X}"
    return f"'{character}' ({code})" if character.isprintable() else code
