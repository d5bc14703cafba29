"""The PDF frame (``frame.typ``) seen from the user's side: its errors located in it, and found by ``check``.

``frame.typ`` holds the body's styles; the cover, imprint, page set-up,
header and footer come from the Word frame as ``cover.typ``, written here
beside it (:func:`write_frame`), so a user edits them in Word only.

Typst reports each error with the file, line and column it arose at
(``┌─ frame.typ:3:9``). The renderer copies the frame into a private folder
before compiling, so those places are mapped back to the project's
``templates/<kind>/`` (or ``templates/common/``). ``check`` compiles the frame
once per version of its files, with the document's data and an empty body, so
a broken frame fails ``check`` as it would fail the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.compose import Unchecked
from pipeline.errors import Diagnostic, Diagnostics, Location, SourceErrors, ToolError, translate
from pipeline.render.frame_cover import CoverSource, cover_source
from pipeline.render.frame_docx import render_frame

#: one error of Typst's report: its message, then the place (a 0-based column), then an excerpt
_ERROR = re.compile(r"\berror: (?P<message>.*)\n\s*┌─ (?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$", re.MULTILINE)
_UNLOCATED = re.compile(r"\berror: (?P<message>.*)$", re.MULTILINE)
_MESSAGES = [
    (re.compile(r"unclosed delimiter"), "neuzavřená závorka", None),
    (re.compile(r"unclosed string"), "neuzavřený řetězec v uvozovkách", None),
    (re.compile(r"unknown variable: (\S+)"), "neznámá proměnná '{0}'", None),
    (re.compile(r'dictionary does not contain key "([^"]+)"'), "data dokumentu nemají položku '{0}'",
     "položky dat jsou tytéž jako ve značkách rámce Wordu, viz README"),
    (re.compile(r"the character `(.+?)` is not valid in code"), "znak '{0}' do kódu Typstu nepatří", None),
    (re.compile(r"file not found \(searched at (.+)\)"), "soubor nenalezen ({0})", None),
]
HINT = "opravte rámec frame.typ nebo jej obnovte ze šablon projektu"
#: a text the fonts cannot show is the text's problem, not the frame's (see :mod:`pipeline.render.typst_glyphs`)
_NOT_THE_FRAME = re.compile(r"could not be displayed with font")
#: files of Typst's root the pipeline writes: an error in them is no error of the frame a user edits
_NOT_WRITTEN_BY_HAND = (("body.typ",), ("data.json",), ("media",), ("cover.typ",), ("frame-media",))
#: the RenderJob fields the frame reads as ``data.metadata`` (the PDF's properties)
METADATA = ("title", "authors", "subject", "keywords")


@dataclass(frozen=True)
class TypstFailure:
    """One error of a Typst report: where (relative to Typst's root, if anywhere) and what."""

    message: str
    path: Path | None = None
    line: int = 1
    col: int = 1


def failures(report: str, root: Path) -> list[TypstFailure]:
    """Return the errors of Typst's ``report`` of compiling in ``root``, each with its place if it has one."""
    found = []
    located = set()
    for match in _ERROR.finditer(report):
        located.add(match.start())
        # Typst shows paths relative to the working directory; the column is counted from 0.
        shown = Path(match["path"])
        try:
            path = (shown if shown.is_absolute() else Path.cwd() / shown).resolve().relative_to(root.resolve())
        except ValueError:
            path = None
        found.append(TypstFailure(match["message"], path, int(match["line"]), int(match["col"]) + 1))
    found += [TypstFailure(m["message"]) for m in _UNLOCATED.finditer(report) if m.start() not in located]
    return found or [TypstFailure(report.strip())]


def frame_diagnostics(report: str, root: Path, frame_dir: Path, common_dir: Path) -> list[Diagnostic]:
    """Return the errors of ``report`` that lie in the frame's own files, at their place in the project."""
    diagnostics = Diagnostics()
    for failure in failures(report, root):
        if failure.path is None or failure.path.parts[:1] in _NOT_WRITTEN_BY_HAND:
            continue
        if _NOT_THE_FRAME.search(failure.message):
            continue
        parts = failure.path.parts
        source = common_dir.joinpath(*parts[1:]) if parts[0] == "common" else frame_dir.joinpath(*parts)
        message, hint = translate(failure.message, _MESSAGES, "chyba v rámci PDF")
        diagnostics.error(Location(source, failure.line, failure.col), message, hint or HINT)
    return diagnostics.items


def write_frame(root: Path, frame_dir: Path, common_dir: Path, context: dict[str, Any], metadata: dict[str, Any]) -> None:
    """Write the frame's files, the common files, ``data.json`` (the frame's data) and ``cover.typ`` into ``root``.

    ``cover.typ`` (cover, imprint, page set-up, header and footer) is made from
    the Word frame filled with ``context``, so the PDF follows what a user
    edits in Word. Raises :class:`SourceErrors` at the Word frame when its
    tags cannot be filled.
    """
    shutil.copytree(frame_dir, root, dirs_exist_ok=True)
    shutil.copytree(common_dir, root / "common")
    data = {**_jsonable(context), "metadata": metadata}
    (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cover = _cover(frame_dir / "frame.docx", json.dumps(_jsonable(context), ensure_ascii=False, sort_keys=True), context)
    (root / "cover.typ").write_text(cover.typst, encoding="utf-8")
    for name, blob in cover.media.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(blob)


def _cover(frame: Path, key: str, context: dict[str, Any]) -> CoverSource:
    """Return the cover made from the Word ``frame`` filled with ``context`` (``key`` is its JSON).

    Kept per frame version and context: ``check`` and the build of the same
    document make the same cover, and docxtpl takes a tenth of a second.
    """
    stat = frame.stat()
    cache_key = (str(frame), stat.st_mtime_ns, stat.st_size, key)
    if cache_key not in _COVERS:
        if len(_COVERS) >= 16:
            _COVERS.pop(next(iter(_COVERS)))
        _COVERS[cache_key] = cover_source(render_frame(frame, context))
    return _COVERS[cache_key]


_COVERS: dict[tuple[str, int, int, str], CoverSource] = {}


def _jsonable(value: object) -> object:
    """Return ``value`` with dates as ISO text, so the frame can read it as JSON."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _unchecked(value: object) -> bool:
    """Return True if the frame's data holds a stand-in for a source that failed validation."""
    if isinstance(value, dict):
        return any(_unchecked(item) for item in value.values())
    if isinstance(value, list):
        return any(_unchecked(item) for item in value)
    return isinstance(value, Unchecked)


#: frame problems by the digest of the frame's files and data: each frame and data compiled once in a process
_CHECKED: dict[str, list[Diagnostic]] = {}
#: a moment ZIP and PDF both hold; the frame check's PDF is thrown away
_CHECK_MOMENT = 315_532_800


def check_frame(fields: dict[str, Any], diagnostics: Diagnostics) -> None:
    """Record the errors of the PDF frame of a document with RenderJob ``fields``, by compiling it with an empty body.

    Each document's own data goes in, as the build compiles it (a frame may
    fail on one office's data only); a frame and data already compiled in
    this process are not compiled again (a Typst run after the first costs
    a few milliseconds).
    """
    from pipeline.render.typst_compile import compile_pdf

    if _unchecked(fields["context"]):  # a source failed validation: its data would be a false alarm here
        return
    frame_dir, common_dir = fields["frame_dir"], fields["common_dir"]
    with tempfile.TemporaryDirectory(prefix="pipeline-typst-frame-") as folder:
        root = Path(folder)
        try:
            write_frame(root, frame_dir, common_dir, fields["context"], {name: fields[name] for name in METADATA})
        except SourceErrors:  # the Word frame's own check has reported them
            return
        # Where the frame lies too: its problems are reported at its files' paths.
        digest = f"{frame_dir}\0{common_dir}\0{_files_digest(root)}"
        if digest not in _CHECKED:
            (root / "media").mkdir()
            (root / "body.typ").write_text("", encoding="utf-8")
            try:
                compile_pdf(root, _CHECK_MOMENT, child=False)
                _CHECKED[digest] = []
            except ToolError as exc:
                _CHECKED[digest] = frame_diagnostics(str(exc), root, frame_dir, common_dir)
    diagnostics.extend(_CHECKED[digest])


def _files_digest(root: Path) -> str:
    """Return one digest of the names (relative to ``root``) and bytes of every file below it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    return digest.hexdigest()
