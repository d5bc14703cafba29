"""Citations ``[@key]`` and the list *Seznam literatury a zdrojů* (ČSN ISO 690, our CSL style).

Keys are checked against ``sources/references.yaml`` and the document's own
``references.yaml`` (beside its ``document.yaml``) before pandoc's citeproc
renders them, so an unknown key is an error at the place it is cited and an
entry nobody cites is a warning at the place it is defined: a shared entry
when no document of the project cites it, an entry of a document's own file
when that document does not (issue 15).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ast import Node, find_nodes, text_inlines
from pipeline.ast.parts import parts_of
from pipeline.cache import StepCache
from pipeline.errors import Diagnostics, did_you_mean
from pipeline.pandoc import run_pandoc
from pipeline.sources import YamlFile, find_location

BIBLIOGRAPHY_TITLE = "Seznam literatury a zdrojů"
CITATION_STYLE = "iso690-cs.csl"  # in templates/common/


@dataclass(frozen=True)
class Bibliography:
    """The project's references (CSL YAML) with where each entry's ``id`` stands."""

    source: YamlFile
    ids: dict[str, int]  # id → index in the list


def read_bibliography(source: YamlFile, diagnostics: Diagnostics) -> Bibliography | None:
    """Check the shape CSL YAML needs (a ``references`` list of entries with ``id`` and ``type``)."""
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("references"), list):
        diagnostics.error(source.locate(()), "soubor musí obsahovat seznam 'references:'", "viz formát CSL YAML")
        return None
    ids: dict[str, int] = {}
    for index, entry in enumerate(data["references"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            diagnostics.error(source.locate(("references", index)), "položka literatury nemá 'id'", "doplňte id: klic2024")
            continue
        if "type" not in entry:
            diagnostics.error(source.locate(("references", index, "id")), f"položka '{entry['id']}' nemá 'type'",
                              "např. type: book, article-journal, webpage, legislation")
        if entry["id"] in ids:
            diagnostics.error(
                source.locate(("references", index, "id")),
                f"id '{entry['id']}' je v seznamu dvakrát",
                "každá položka potřebuje vlastní id",
            )
        ids[entry["id"]] = index
        check_dates(source, index, entry, diagnostics)
    return Bibliography(source, ids)


#: the CSL variables that hold dates
DATE_FIELDS = ("issued", "accessed", "available-date", "event-date", "original-date", "submitted")
#: a date as CSL YAML writes it in text: 2021, 2021-05, 2021-05-03, a range 2019/2020; ? or ~ for uncertain
_TEXT_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?[?~]?")
_DATE_HINT = "zapište 2021, 2021-05 nebo 2021-05-03; slovní údaj jako {literal: jaro 2020}"
#: CSL's seasons as months 21-24 (jaro, léto, podzim, zima)
_SEASONS = range(21, 25)


def check_dates(source: YamlFile, index: int, entry: dict[str, Any], diagnostics: Diagnostics) -> None:
    """Record an error for each date of ``entry`` that citeproc cannot read.

    Citeproc does not complain: ``2021-13-45`` becomes 2021, ``jaro 2020``
    becomes *b. r.* (no date), a month written as a word vanishes. The
    published list would silently say something else than the source.
    """
    for name in DATE_FIELDS:
        if name not in entry:
            continue
        place = ("references", index, name)
        problem = _date_problem(entry[name])
        if problem:
            where, what = problem
            diagnostics.error(source.locate((*place, *where)), f"položka literatury '{entry['id']}': {name} {what}", _DATE_HINT)


def _date_problem(value: Any) -> tuple[tuple[str | int, ...], str] | None:
    """Return where below the date ``value`` a problem is and what it is, or None for a readable date."""
    if isinstance(value, bool) or value is None:
        return (), "není datum"
    if isinstance(value, int):
        return None
    if isinstance(value, str):
        return None if all(_text_date_ok(part) for part in value.strip().split("/")) else ((), f"'{value}' nelze přečíst jako datum")
    if not isinstance(value, dict):
        return (), "není datum"
    unknown = sorted(set(value) - {"date-parts", "literal", "raw", "season", "circa"})
    if unknown:
        return (unknown[0],), f"má neznámý klíč '{unknown[0]}'"
    if "raw" in value and not (isinstance(value["raw"], str) and all(_text_date_ok(p) for p in value["raw"].split("/"))):
        return ("raw",), f"'{value['raw']}' nelze přečíst jako datum"
    parts = value.get("date-parts")
    if parts is None:
        return None if "literal" in value or "raw" in value else ((), "neobsahuje date-parts ani literal")
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        return ("date-parts",), "má mít date-parts: [[rok, měsíc, den]] (u rozsahu dvě takové trojice)"
    for number, part in enumerate(parts):
        problem = _parts_problem(part)
        if problem:
            return ("date-parts", number), problem
    return None


def _parts_problem(part: Any) -> str | None:
    """Return what is wrong with one ``[year, month, day]`` of date-parts, or None."""
    if not isinstance(part, list) or not 1 <= len(part) <= 3:
        return "má mít tvar [rok, měsíc, den]"
    numbers = [int(item) if isinstance(item, str) and item.strip().isdecimal() else item for item in part]
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in numbers):
        text = next(item for item in numbers if not isinstance(item, int) or isinstance(item, bool))
        return f"obsahuje '{text}', což není číslo"
    return None if _numbers_ok(*numbers) else f"{part} není platné datum"


def _text_date_ok(text: str) -> bool:
    """Return True for a date in text that citeproc reads as written (one side of a range)."""
    match = _TEXT_DATE.fullmatch(text.strip())
    return bool(match) and _numbers_ok(*(int(group) for group in match.groups() if group))


def _numbers_ok(year: int, month: int | None = None, day: int | None = None) -> bool:
    """Return True if year, month (or CSL season) and day make a real date."""
    if month is None:
        return True
    if month in _SEASONS:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def merge_bibliographies(
    shared: Bibliography | None, own: Bibliography | None, diagnostics: Diagnostics
) -> list[Bibliography]:
    """Return the bibliographies a document cites from: the shared one, then its own.

    An id in both would make a citation ambiguous: an error at the document's entry, naming the shared one.
    """
    if shared and own:
        for key, index in own.ids.items():
            if key in shared.ids:
                first = shared.source.locate(("references", shared.ids[key], "id"))
                diagnostics.error(
                    own.source.locate(("references", index, "id")),
                    f"id '{key}' je už ve společném seznamu literatury ({first})",
                    "přejmenujte jedno z id, nebo položku ponechte jen v jednom seznamu",
                )
    return [bibliography for bibliography in (shared, own) if bibliography]


#: a citation key as pandoc reads it after ``@`` (letters, digits, ``_`` and inner punctuation)
_CITATION_KEY = re.compile(r"(?<![\w@.])@\{?(\w[\w:.#$%&+?<>~/-]*)")


def keys_in_text(text: str) -> set[str]:
    """Return every word that a ``@key`` in ``text`` may cite; read without parsing, so a guess.

    An e-mail address is not taken (its ``@`` follows a letter); a key's trailing punctuation
    is dropped, as pandoc does.
    """
    return {match.rstrip(":.#$%&+?<>~/-") for match in _CITATION_KEY.findall(text)}


def warn_uncited(
    bibliography: Bibliography, cited: Iterable[str], diagnostics: Diagnostics, document: str | None = None
) -> None:
    """Record a warning for each entry of ``bibliography`` whose key is not in ``cited``.

    ``document`` names the document whose own list it is; None for the shared list, which only
    an entry no document of the project cites makes a warning for.
    """
    cited = set(cited)
    where = f"v dokumentu '{document}'" if document else "v žádném dokumentu projektu"
    for key, index in bibliography.ids.items():
        if key not in cited:
            diagnostics.warning(
                bibliography.source.locate(("references", index, "id")),
                f"položka literatury '{key}' není citována {where}",
                "citujte ji [@" + key + "] nebo ji odstraňte",
            )


def cited_keys(ast: dict[str, Any]) -> list[str]:
    """Return the keys cited in the body, in order of first citation."""
    keys: dict[str, None] = {}
    for node in find_nodes(ast["blocks"], ("Cite",)):
        for citation in node["c"][0]:
            keys.setdefault(citation["citationId"], None)
    return list(keys)


def check_citations(
    ast: dict[str, Any], bibliographies: list[Bibliography], texts: dict[Path, str], diagnostics: Diagnostics
) -> None:
    """Record an error for each cited key missing from the bibliographies (at the citation)."""
    known = {key: index for bibliography in bibliographies for key, index in bibliography.ids.items()}
    for part in parts_of(ast):
        seen: set[str] = set()
        for node in find_nodes(part.blocks, ("Cite",)):
            for citation in node["c"][0]:
                key = citation["citationId"]
                if key in known or key in seen:
                    continue
                seen.add(key)
                hint = did_you_mean(key, known) or "doplňte položku do sources/references.yaml"
                location = find_location(part.path, texts.get(part.path, ""), f"@{key}")
                diagnostics.error(location, f"citace '{key}' není v seznamu literatury", hint)


def bibliography_blocks() -> list[Node]:
    """Return the heading of the list and the div citeproc fills with the entries."""
    return [
        {"t": "Header", "c": [1, ["seznam-literatury", ["unnumbered"], []], text_inlines(BIBLIOGRAPHY_TITLE)]},
        {"t": "Div", "c": [["refs", [], []], []]},
    ]


class Citeproc:
    """Pandoc's citeproc in our CSL style for one document; a run may start early, on a guess of its input.

    A body is checked for about half a second before its citations are
    rendered, yet citeproc (a pandoc process) needs only the citations: so
    :func:`guess_citations` starts it in the background on the citations as
    parsed. :meth:`run` takes that result only if its real input is byte for
    byte the guessed one, else runs citeproc again: a wrong guess costs time,
    never a wrong list. ``cache`` gives back results of earlier builds.
    """

    def __init__(self, references: Path | Sequence[Path], style: Path, cache: StepCache | None = None) -> None:
        #: the shared bibliography and the document's own, in this order
        self.references = (references,) if isinstance(references, Path) else tuple(references)
        self.style = style
        self.cache = cache or StepCache(None)
        #: only the citations and the list go through pandoc (else the whole body)
        self.in_text = 'class="in-text"' in style.read_text(encoding="utf-8")
        self._guessed: tuple[bytes, Future[bytes]] | None = None

    def start(self, ast: dict[str, Any]) -> None:
        """Run citeproc on ``ast`` in the background, for a later :meth:`run` on the same input."""
        body = json.dumps(ast).encode("utf-8")
        pool = ThreadPoolExecutor(max_workers=1)  # pandoc works outside the interpreter
        self._guessed = (body, pool.submit(self._output, body))
        pool.shutdown(wait=False)

    def run(self, ast: dict[str, Any]) -> dict[str, Any]:
        """Return ``ast`` after citeproc: the early run's result if it had this input, else a new run's."""
        body = json.dumps(ast).encode("utf-8")
        if self._guessed and self._guessed[0] == body:
            return json.loads(self._guessed[1].result())
        return json.loads(self._output(body))

    def _output(self, body: bytes) -> bytes:
        """Return citeproc's JSON for the JSON ``body``, from the cache if it ran on the same input before."""
        material = b"\0".join([body, *(path.read_bytes() for path in self.references), self.style.read_bytes()])
        stored, place = self.cache.recall("citeproc.json", material)
        if stored is None:
            stored = run_pandoc(
                ["--from", "json", "--to", "json", "--citeproc", *(f"--bibliography={path}" for path in self.references),
                 f"--csl={self.style}", "--metadata", "lang=cs-CZ", "--metadata", "link-citations=true"],
                body,
            )
            self.cache.keep(place, stored)
        return stored


def guess_citations(ast: dict[str, Any], citeproc: Citeproc, is_reference: Callable[[str], bool]) -> None:
    """Start citeproc early on the citations of the parsed ``ast`` (see :class:`Citeproc`).

    The guess is the input :func:`render_citations` will give it if the
    checks change no citation: every citation except the cross-references
    (``is_reference`` tells their keys), and an empty list of entries.
    """
    if not citeproc.in_text:
        return
    _, _, skeleton = _citations(ast, lambda cite: not any(is_reference(c["citationId"]) for c in cite["c"][0]))
    if skeleton:
        citeproc.start({**ast, "blocks": [*skeleton, *bibliography_blocks()[1:]]})


def render_citations(ast: dict[str, Any], citeproc: Citeproc) -> dict[str, Any]:
    """Return ``ast`` with citations and the list rendered by pandoc's citeproc in our CSL style.

    With an in-text style, citeproc reads and changes only the citations and
    the ``refs`` list, so only those go through pandoc (issue 8: the whole
    body's JSON round trip cost more than the citations); they are put back
    in place. Anything else (a note style, no ``refs`` list) takes the whole body.
    """
    has_refs = any(node["c"][0][0] == "refs" for node in find_nodes(ast["blocks"], ("Div",)))
    if has_refs and citeproc.in_text:
        # A private copy, as pandoc's round trip gave: afterwards no node stands in two places.
        ast = json.loads(json.dumps(ast))
        cites, refs, skeleton = _citations(ast, lambda cite: True)
        done = citeproc.run({**ast, "blocks": skeleton + refs})["blocks"]
        done_cites = find_nodes(done, ("Cite",))
        if len(done_cites) == len(cites) and len(done) == len(skeleton) + len(refs):
            for cite, rendered_cite in zip(cites, done_cites, strict=True):
                cite["t"], cite["c"] = "Span", [["", ["citation"], []], rendered_cite["c"][1]]
            for div, rendered_div in zip(refs, done[len(cites):], strict=True):
                div["c"] = rendered_div["c"]
            return ast
    rendered = citeproc.run(ast)
    # Citations are rendered text now; writers such as Typst's would otherwise
    # turn a remaining Cite into a native citation of a label that does not exist.
    for node in find_nodes(rendered["blocks"], ("Cite",)):
        node["t"], node["c"] = "Span", [["", ["citation"], []], node["c"][1]]
    return rendered


def _citations(ast: dict[str, Any], wanted: Callable[[Node], bool]) -> tuple[list[Node], list[Node], list[Node]]:
    """Return the ``wanted`` citations, the lists of entries, and citeproc's input: each citation alone."""
    cites, refs, notes = [], [], []
    for node in find_nodes(ast["blocks"], ("Cite", "Div", "Note")):  # one walk for all three
        if node["t"] == "Cite" and wanted(node):
            cites.append(node)
        elif node["t"] == "Div" and node["c"][0][0] == "refs":
            refs.append(node)
        elif node["t"] == "Note":
            notes.append(node)
    noted = {id(cite) for note in notes for cite in find_nodes(note["c"], ("Cite",))}
    return cites, refs, [_alone(cite, id(cite) in noted) for cite in cites]


def _alone(cite: Node, in_note: bool) -> Node:
    """Return a paragraph holding only ``cite`` (in a footnote if it stood in one), for citeproc."""
    paragraph = {"t": "Para", "c": [cite]}
    return {"t": "Para", "c": [{"t": "Note", "c": [paragraph]}]} if in_note else paragraph
