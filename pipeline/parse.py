"""Parse a composed body into one Pandoc AST part by part: cached parts are reused, the rest parsed side by side.

Each part (a chapter, an annex, a generated section) is parsed by itself, as
if it were the only text: its footnote labels, reference links and heading
identifiers are its own. So a part's blocks are a function of its text alone
and are cached by it (issue 8: after editing one chapter, only that chapter
goes through pandoc), and a note ``[^1]`` in chapter 3 can no longer resolve
to chapter 1's definition, as it did in one body parsed as a whole.

HTML comments are dropped as each part is parsed (:func:`pipeline.ast.raw.drop_comments`).
Every part becomes a div of the body that remembers its role and source
(:mod:`pipeline.ast.parts`), so AST transforms know where a node came from.
Parts not in the cache go to pandoc with ``--file-scope``, which parses each
input file alone in one process; with more than one thread and enough text,
in one process per thread.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from pipeline.ast import Node, find_nodes
from pipeline.ast.raw import drop_comments
from pipeline.cache import StepCache
from pipeline.compose import ComposedPart
from pipeline.pandoc import READ_MARKDOWN, markdown_to_ast, run_pandoc, side_by_side

#: the cache's name for this step (and the suffix of its entries)
STEP = "part.json"
#: characters of text to parse before a second pandoc process pays for itself
PARALLEL_FROM = 64 * 1024
#: a part's file for ``--file-scope``, and the prefix that gives its identifiers and internal links
PART_FILE = "pipeline-part-{:04d}.md"
_FILE_PREFIX = re.compile(rb'"(#?)pipeline-part-\d{4}\.md__')
# A fence longer than any a user writes, so user divs nest inside ours.
FENCE = ":" * 24


def parse_body(parts: list[ComposedPart], cache: StepCache, threads: int = 1) -> dict[str, Any]:
    """Return the AST of the body made of ``parts`` (in order), each parsed alone, each as one div."""
    parsed: list[list[Node] | None] = []
    places: list[Path | None] = []
    for part in parts:
        stored, place = cache.recall(STEP, part.text.encode("utf-8"))
        parsed.append(json.loads(stored) if stored is not None else None)
        places.append(place)
    missing = [index for index, blocks in enumerate(parsed) if blocks is None]
    for index, blocks in zip(missing, _parse_alone([parts[index].text for index in missing], threads), strict=True):
        drop_comments(blocks)  # a note to fellow authors, not content (kept so in the cache)
        parsed[index] = blocks
        if places[index] is not None:
            cache.keep(places[index], json.dumps(blocks).encode("utf-8"))
    contents = [blocks or [] for blocks in parsed]
    _unique_heading_ids(contents)
    blocks = [
        {"t": "Div", "c": [["", [part.role], [list(pair) for pair in part.attributes]], own]}
        for part, own in zip(parts, contents, strict=True)
    ]
    return {"pandoc-api-version": _api_version(), "meta": {}, "blocks": blocks}


@functools.cache
def _api_version() -> tuple[int, ...]:
    """Return the version of the AST's JSON that this pandoc reads and writes (asked once per process)."""
    return tuple(markdown_to_ast("")["pandoc-api-version"])


def _parse_alone(texts: list[str], threads: int) -> list[list[Node]]:
    """Return the blocks of each of ``texts`` parsed alone, in up to ``threads`` pandoc processes."""
    total = sum(len(text) for text in texts)
    return side_by_side(texts, min(threads, 1 + total // PARALLEL_FROM), _parse_group, len)


def _parse_group(texts: list[str]) -> list[list[Node]]:
    """Parse each of ``texts`` alone in one pandoc process (``--file-scope``); return the blocks of each.

    Each text goes in a fenced div of its own, so its blocks can be told
    apart in the combined result. ``--file-scope`` prefixes identifiers and
    internal links with the file's name; the prefixes are taken off again, so
    the blocks are what parsing the text alone gives. A text that closes our
    fence itself (a line of as many colons) is parsed in a process of its own.
    """
    if len(texts) == 1:
        return [markdown_to_ast(texts[0])["blocks"]]
    with tempfile.TemporaryDirectory(prefix="pipeline-parts-") as folder:
        names = [PART_FILE.format(index) for index in range(len(texts))]
        for name, text in zip(names, texts, strict=True):
            (Path(folder) / name).write_text(f"{FENCE} {{.part}}\n\n{text.rstrip()}\n\n{FENCE}\n", encoding="utf-8")
        output = run_pandoc(["--file-scope", *READ_MARKDOWN, "--to", "json", *names], cwd=Path(folder))
    wrapped = json.loads(_FILE_PREFIX.sub(rb'"\1', output))["blocks"]
    if len(wrapped) != len(texts) or any(block["t"] != "Div" for block in wrapped):
        return [markdown_to_ast(text)["blocks"] for text in texts]
    return [block["c"][1] for block in wrapped]


def _unique_heading_ids(parts: list[list[Node]]) -> None:
    """Rename a heading whose identifier an earlier part already used to the next free ``id-N``, as pandoc does.

    The part's own links to the old identifier follow it. Labels with a
    prefix (``kap:…``) are left alone: a repeated label is an error that
    :mod:`pipeline.ast.xref` reports.
    """
    headings = [find_nodes(blocks, ("Header",)) for blocks in parts]
    taken = {heading["c"][1][0] for own in headings for heading in own}
    used: set[str] = set()
    for blocks, own in zip(parts, headings, strict=True):
        renamed: dict[str, str] = {}
        for heading in own:
            identifier = heading["c"][1][0]
            if identifier in used and identifier and ":" not in identifier:
                number = 1
                while f"{identifier}-{number}" in taken:
                    number += 1
                renamed[identifier] = heading["c"][1][0] = f"{identifier}-{number}"
                taken.add(renamed[identifier])
        used.update(heading["c"][1][0] for heading in own)
        if renamed:
            _follow_links(blocks, renamed)


def _follow_links(blocks: list[Node], renamed: dict[str, str]) -> None:
    """Point the internal links among ``blocks`` at the new names of renamed headings."""
    for node in find_nodes(blocks, ("Link",)):
        if node["c"][2][0].startswith("#") and node["c"][2][0][1:] in renamed:
            node["c"][2][0] = "#" + renamed[node["c"][2][0][1:]]
