"""Check and render the Word frame (cover, publicity block, contents, headers) with docxtpl.

The frame is a file a designer edits in Word: it may be damaged, lack a style
or carry a broken tag. :func:`check_frame` finds all of that in ``check``;
:func:`render_frame` renders only a frame that passes it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

# The body's Jinja messages and line finding, so frame tags and chapters speak alike.
from pipeline.compose import _SYNTAX_PROBLEMS as SYNTAX_PROBLEMS
from pipeline.compose import _traceback_line as template_line
from pipeline.errors import Diagnostics, Location, did_you_mean, nearest_or_listed, translate
from pipeline.render.frame_limits import FrameNote, frame_notes
from pipeline.render.frame_resaved import repair

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# The styles pandoc writes and the frame must define, with the names Czech Word
# gives the built-in ones; pandoc looks styles up by their English names only.
REQUIRED_STYLES = {
    "Normal": "Normální",
    "Body Text": "Základní text",
    "First Paragraph": None,
    "Compact": None,
    "Title": "Název",
    "Subtitle": "Podtitul",
    "Heading 1": "Nadpis 1",
    "Heading 2": "Nadpis 2",
    "Heading 3": "Nadpis 3",
    "Footnote Text": "Text poznámky pod čarou",
    "Table Caption": None,
    "Image Caption": None,
    "Hyperlink": "Hypertextový odkaz",
    "TOC Heading": "Nadpis obsahu",
    "toc 1": "Obsah 1",
    "toc 2": "Obsah 2",
    "toc 3": "Obsah 3",
    "table of figures": "Seznam obrázků",
}


def check_frame(frame: Path, context: dict[str, Any], diagnostics: Diagnostics) -> None:
    """Record every problem the Word frame would cause when rendered with ``context``.

    A frame that is missing or not a Word file, a required style it lacks (see
    :func:`_missing_styles`), a tag that does not parse or names something
    ``context`` lacks, and tags whose output breaks the document's XML: all
    fail :func:`render_frame` in a build, so ``check`` reports them first, at
    the frame (line 1, column 1: a Word file has no lines a designer sees; the
    message quotes the paragraph instead).
    """
    if not frame.is_file():
        diagnostics.error(Location(frame), "rámec dokumentu chybí", "obnovte jej ze šablon projektu")
        return
    read = _read_frame(str(frame), frame.stat().st_mtime_ns)
    if isinstance(read, FrameProblem):
        diagnostics.error(Location(frame), read.message, read.hint)
        return
    for english, czech in _missing_styles(read.styles):
        shown = f"'{english}' ({czech})" if czech else f"'{english}'"
        diagnostics.error(
            Location(frame), f"v rámci chybí styl {shown}", "vytvořte jej ve Wordu nebo obnovte rámec ze šablon"
        )
    for part in read.parts:
        problem = part.problem(context)
        if problem is not None:
            diagnostics.error(Location(frame, problem.paragraph), problem.message, problem.hint)
    # What the PDF's cover (made from this frame) cannot carry, at its paragraph.
    for note in read.notes:
        report = diagnostics.error if note.error else diagnostics.warning
        report(Location(frame, note.paragraph), note.message, note.hint)


def _missing_styles(names: frozenset[str]) -> list[tuple[str, str | None]]:
    """Return the required styles (English, Czech name) a frame with style ``names`` lacks.

    Without them pandoc silently falls back to its own default style and the
    document loses the designer's look without anyone noticing.
    """
    return [
        (english, czech) for english, czech in REQUIRED_STYLES.items()
        if english.lower() not in names and (czech is None or czech.lower() not in names)
    ]


@dataclass(frozen=True)
class FrameProblem:
    """Why a frame cannot be rendered, in Czech."""

    message: str
    hint: str | None = None
    #: the number of the paragraph in its part (body, header, footer) as Word shows it, used as the line
    paragraph: int = 1


@dataclass(frozen=True)
class _FramePart:
    """One part of the frame (body, a header, a footer) as docxtpl renders it: tags compiled."""

    name: str
    source: str
    template: Template
    #: the text of every paragraph of the part as Word shows it, tags kept, to number a paragraph
    texts: tuple[str, ...] = ()

    def problem(self, context: dict[str, Any]) -> FrameProblem | None:
        """Return what rendering this part with ``context`` would fail on, or None."""
        try:
            rendered = self.template.render(context)
        except (TemplateError, SecurityError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
            return _render_problem(self, exc, context)
        try:
            etree.fromstring(rendered.encode("utf-8"))
        except etree.XMLSyntaxError:
            return FrameProblem(
                f"značky v {self.name} rámce dávají neplatný dokument Wordu",
                "blok {% … %} musí začít i skončit ve stejném odstavci nebo buňce; zkontrolujte značky ve Wordu",
            )
        return None

    def paragraph(self, line: int) -> str:
        """Return the text a designer sees in Word at ``line`` of the compiled source (tags kept)."""
        lines = self.source.split("\n")
        return _shown(lines[line - 1]) if 0 < line <= len(lines) else ""

    def number(self, text: str) -> int:
        """Return the number (from 1) of the part's paragraph that shows ``text`` (or begins it), or 1 if none does.

        docxtpl drops the paragraphs of ``{%p … %}`` tags before compiling, so
        the compiled source's lines do not count Word's paragraphs.
        """
        exact = (number for number, shown in enumerate(self.texts, start=1) if shown == text)
        # A {%p … %} paragraph after it is joined to its line: the paragraph's own text begins the line.
        begins = (number for number, shown in enumerate(self.texts, start=1) if shown and text.startswith(shown))
        return next(exact, None) or next(begins, 1)


@dataclass(frozen=True)
class _Frame:
    """A readable frame: its style names and its parts, read once per file version."""

    styles: frozenset[str]
    parts: tuple[_FramePart, ...]
    notes: tuple[FrameNote, ...] = ()


def _environment() -> SandboxedEnvironment:
    """Return the environment frames render in: sandboxed, undefined names are errors, values XML-escaped."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


_DAMAGED = FrameProblem(
    "rámec není čitelný soubor Wordu (DOCX): je poškozený, zkrácený nebo jde o jiný druh souboru",
    "uložte jej znovu ve Wordu jako dokument .docx nebo jej obnovte ze šablon projektu",
)


@functools.lru_cache(maxsize=16)
def _read_frame(frame: str, _mtime: int) -> _Frame | FrameProblem:
    """Return the styles and compiled parts of a frame, or why it cannot be read; cached per file version.

    Every document of a kind shares its frame, so it is opened and its tags
    compiled once per process.
    """
    from docxtpl import DocxTemplate

    from pipeline.safe_zip import NotADocx, UnsafePackage, check_package

    try:
        # docxtpl and python-docx expand and parse the package without bounds: a zip or entity bomb stops here.
        check_package(Path(frame))
    except NotADocx:
        return _DAMAGED
    except UnsafePackage as exc:
        return FrameProblem(exc.message, exc.hint)
    template = DocxTemplate(frame)
    try:
        template.init_docx()
        sources = [("těle", template.get_xml())]
        for uri, name in ((template.HEADER_URI, "záhlaví"), (template.FOOTER_URI, "zápatí")):
            sources += [(name, template.get_part_xml(part)) for _, part in template.get_headers_footers(uri)]
        styles = frozenset(style.name.lower() for style in template.docx.styles if style.name)
    except Exception:  # noqa: BLE001 - a damaged file fails in zipfile, zlib, lxml or python-docx, each its own way
        return _DAMAGED
    notes = tuple(frame_notes(template.docx))
    environment = _environment()
    parts = []
    for name, xml in sources:
        # docxtpl's own preparation of a part, so lines and tags are those it renders.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
        texts = tuple(_shown(paragraph) for paragraph in re.split(r"<w:p[ >]", xml)[1:])
        try:
            parts.append(_FramePart(name, source, environment.from_string(source), texts))
        except TemplateSyntaxError as exc:
            message, hint = translate(exc.message or "", SYNTAX_PROBLEMS, "chyba syntaxe značky")
            part = _FramePart(name, source, Template(""), texts)
            where = part.paragraph(exc.lineno or 0)
            return FrameProblem(f"{message} v {name} rámce, v odstavci „{where}“", hint or TAG_HINT, part.number(where))
    return _Frame(styles, tuple(parts), notes)


def _shown(xml: str) -> str:
    """Return the text of a paragraph's XML as Word shows it (tags kept), shortened for a message."""
    return re.sub(r"<[^>]+>", "", xml).strip()[:80]


TAG_HINT = "opravte značku {{ … }} v rámci ve Wordu"
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _render_problem(part: _FramePart, exc: Exception, context: dict[str, Any]) -> FrameProblem:
    """Return the Czech problem of a frame tag that failed to render, at its paragraph."""
    shown = part.paragraph(template_line(exc))
    where = f"v {part.name} rámce, v odstavci „{shown}“"
    number = part.number(shown)
    undefined = _UNDEFINED.search(str(exc)) if isinstance(exc, UndefinedError) else None
    if undefined:
        name, attribute = undefined.groups()
        if attribute is None:
            return FrameProblem(f"značka rámce používá neznámý název '{name}' {where}",
                                nearest_or_listed(name, sorted(context), "dostupné názvy"), number)
        return FrameProblem(f"značka rámce používá neznámou položku '{attribute}' {where}",
                            _item_hint(shown, attribute, context), number)
    return FrameProblem(f"značku rámce nelze vyhodnotit {where}: {exc}", TAG_HINT, number)


def _item_hint(shown: str, attribute: str, context: dict[str, Any]) -> str:
    """Return a "did you mean" for the unknown item ``attribute`` of the paragraph ``shown``.

    Jinja's message does not name the object, so the tag's own text is read
    for it (``dokument.verse`` → ``dokument``) and the suggestion is made
    from that object's items; failing that, from the items of every object.
    """
    for owner in re.findall(rf"([A-Za-z_][\w.]*)\.{re.escape(attribute)}\b", shown):
        value: Any = context
        for key in owner.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, dict):
            return nearest_or_listed(f"{owner}.{attribute}", [f"{owner}.{key}" for key in sorted(value)],
                                     f"položky '{owner}'")
    items = sorted({key for value in context.values() if isinstance(value, dict) for key in value})
    return did_you_mean(attribute, items) or "názvy položek uvádí README v části o údajích projektu"


def _english_style_names(document: Any) -> None:
    """Rename Czech-named built-in styles to the English names pandoc looks for."""
    english_for = {czech.lower(): english for english, czech in REQUIRED_STYLES.items() if czech}
    present = {style.name.lower() for style in document.styles}
    for style in document.styles:
        english = english_for.get(style.name.lower())
        if english and english.lower() not in present:
            style.name = english


def render_frame(frame: Path, context: dict[str, Any]) -> DocxDocument:
    """Return ``frame`` with its docxtpl tags filled from ``context``, as a python-docx document.

    The document itself rather than its bytes: the renderer both saves it (as
    pandoc's reference) and copies its content, and parsing it again would cost
    a second read of every part (issue 8).

    Raises :class:`SourceErrors` naming the frame for any problem
    :func:`check_frame` finds, because a designer edits the frame and must
    learn what broke it; ``check`` has reported the same before.
    """
    from docxtpl import DocxTemplate

    from pipeline.render.frame_typography import typeset_frame

    diagnostics = Diagnostics()
    check_frame(frame, context, diagnostics)
    diagnostics.raise_if_errors()
    template = DocxTemplate(str(frame))
    template.init_docx()
    repair(template.docx)  # a frame LibreOffice re-saved: Word's style ids and properties link (issue 15)
    template.render(context, jinja_env=_environment(), autoescape=True)
    _english_style_names(template.docx)
    typeset_frame(template.docx)  # the frame's own words too: "v rámci" (issue 16)
    return template.docx
