"""Link targets of a published document: web addresses, e-mail and places inside the document only.

A published PDF or DOCX is opened by readers who trust it: a ``javascript:``
link runs code in some viewers, ``file:`` and UNC paths (``\\\\server\\share``)
open files of the reader's computer or network, and a bare relative path
points nowhere once the file leaves the author's disk. So every link of the
body (Markdown links, autolinks, reference links, links in YAML texts that
reach the body) and every ``URL`` of the bibliography is checked here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.ast import find_nodes
from pipeline.ast.parts import parts_of
from pipeline.errors import Diagnostics, Location, shortened
from pipeline.sources import YamlFile, location_at

#: schemes a reader's viewer opens without harm
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_HINT = "dovoleny jsou odkazy https://…, http://…, mailto:… a odkazy na místo v dokumentu (@kap:štítek, #štítek)"
#: characters of a target a message repeats at most, "…" included (a data: link may be megabytes long)
SHOWN = 61


def link_problem(target: str, written: str | None = None) -> tuple[str, str] | None:
    """Return the Czech message and hint if ``target`` may not be a link of a published document, else None.

    The message repeats the target as ``written`` in the source, if given (Markdown unescapes ``\\\\``).
    """
    shown = written or target
    shown = re.sub(r"[\x00-\x1f\x7f]", lambda char: f"\\x{ord(char.group()):02x}", shown)
    shown = shortened(shown, SHOWN)
    if target.startswith("#"):
        return None
    # urlsplit drops tabs and line breaks inside a scheme as browsers do ("java\tscript:").
    parts = urlsplit(target.strip())
    scheme = parts.scheme.lower()
    if scheme in ALLOWED_SCHEMES:
        if scheme != "mailto" and not parts.netloc:
            return f"webová adresa '{shown}' nemá název serveru", "napište ji celou, např. https://www.mpsv.cz/"
        return None
    if target.startswith("//"):
        return f"webové adrese '{shown}' chybí na začátku https:", "napište ji celou, např. https://www.mpsv.cz/"
    if target.startswith("\\") or (not scheme and "\\" in target):
        return (
            f"odkaz '{shown}' vede na síťovou nebo místní cestu Windows",
            "čtenář zveřejněného dokumentu soubor neotevře; odkazujte na webovou adresu https://…",
        )
    if len(scheme) == 1:  # C:\… or C:/…: a drive letter, not a scheme
        return (
            f"odkaz '{shown}' vede na soubor v počítači",
            "čtenář zveřejněného dokumentu soubor neotevře; odkazujte na webovou adresu https://…",
        )
    if scheme:
        return f"odkaz '{shown}' má nedovolené schéma '{scheme}:'", ALLOWED_HINT
    return (
        f"odkaz '{shown}' je cesta k souboru, ne webová adresa",
        "webovou adresu napište celou i s https://; na kapitolu, tabulku či obrázek odkazujte štítkem, např. @kap:rizika",
    )


class TextLocator:
    """Find where a link target stands in the sources, each occurrence once, in reading order.

    A target written twice in one file is reported at both places. A part
    generated from YAML (a catalogue's description, an office's data) and text
    that Jinja brought in (``{{ urad.… }}``) are looked up in ``fallbacks``.
    """

    def __init__(self, texts: dict[Path, str], fallbacks: Sequence[Path], read: Callable[[Path], str | None]) -> None:
        self.texts = texts
        self.read_texts: dict[Path, str] = {}
        self.fallbacks = list(fallbacks)
        self.read = read
        self.cursors: dict[tuple[Path, str], int] = {}

    def locate(self, path: Path, target: str) -> tuple[Location, str | None]:
        """Return the place of the next occurrence of ``target`` in ``path`` (else in a fallback file) and how it is written there."""
        for candidate in [path, *[p for p in self.fallbacks if p != path]]:
            text = self._text(candidate)
            if text is None:
                continue
            start = self.cursors.get((candidate, target), 0)
            found = _find(text, target, start)
            if found is None and start:
                found = _find(text, target, 0)  # written once, used twice (e.g. by two editions)
            if found is not None:
                index, end = found
                self.cursors[(candidate, target)] = end
                return location_at(candidate, text, index), text[index:end]
        # Jinja made the rest of the target (``[x](file://{{ … }})``): point at its scheme, as written.
        text = self._text(path)
        scheme = target.split(":", 1)[0] + ":"
        if text is not None and ":" in target and scheme in text:
            return location_at(path, text, text.index(scheme)), None
        return Location(path), None

    def _text(self, path: Path) -> str | None:
        """Return the source text of ``path``: a part's as given, any other file's read once."""
        if path in self.texts:
            return self.texts[path]
        if path not in self.read_texts:
            text = self.read(path) if path.is_file() else None
            if text is None:
                return None
            self.read_texts[path] = text
        return self.read_texts[path]


def _find(text: str, target: str, start: int) -> tuple[int, int] | None:
    """Return the span of ``target`` in ``text`` from ``start`` as written there (escaped, percent-encoded)."""
    if "\\" not in target:
        for needle in dict.fromkeys((target, unquote(target))):
            index = text.find(needle, start)
            if index >= 0:
                return index, index + len(needle)
    # Markdown writes a backslash of a Windows path as one or two backslashes (the greedy match takes both).
    pattern = "".join(r"\\\\?" if char == "\\" else re.escape(char) for char in unquote(target))
    match = re.compile(pattern).search(text, start)
    return match.span() if match else None


def check_links(ast: dict[str, Any], locator: TextLocator, diagnostics: Diagnostics) -> None:
    """Record an error for every link of the body whose target :func:`link_problem` refuses."""
    for part in parts_of(ast):
        for node in find_nodes(part.blocks, ("Link",)):
            target = node["c"][2][0]
            if link_problem(target):
                location, written = locator.locate(part.path, target)
                diagnostics.error(location, *link_problem(target, written))


def check_bibliography_links(source: YamlFile, diagnostics: Diagnostics) -> None:
    """Record an error for every ``URL`` of a bibliography entry that :func:`link_problem` refuses.

    citeproc prints the URL of an entry as a link in *Seznam literatury a zdrojů*.
    """
    entries = source.data.get("references") if isinstance(source.data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        url = entry.get("URL") if isinstance(entry, dict) else None
        if url is None:
            continue
        problem = link_problem(str(url)) if str(url).strip() else ("pole URL je prázdné", "doplňte adresu nebo pole smažte")
        if problem:
            diagnostics.error(source.locate(("references", index, "URL")), *problem)
