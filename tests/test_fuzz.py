"""Property tests: whatever a user writes ends in output or in a clean error, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ast import stringify
from pipeline.ast.typography import apply_typography
from pipeline.compose import render_source
from pipeline.errors import Diagnostics
from pipeline.kinds.methodology import MethodologyDocument
from pipeline.model.validate import validate
from pipeline.sources import load_yaml

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_ALPHABET = st.sampled_from(list("abc:- \n\t\"'[]{},#&*!|>%@`0123456789čřžé.\\"))
JINJA_ALPHABET = st.sampled_from(list("ab {}%#()[]'\".|_-:=!<>+*/\nčř") + ["{{", "}}", "{%", "%}", "projekt", "nazev"])


def load(raw: bytes) -> tuple[object, Diagnostics]:
    diagnostics = Diagnostics()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.yaml"
        path.write_bytes(raw)
        return load_yaml(path, diagnostics), diagnostics


@FAST
@given(st.binary(max_size=200))
def test_yaml_loader_survives_any_bytes(raw: bytes) -> None:
    result, diagnostics = load(raw)
    assert (result is None) == bool(diagnostics.errors)


@FAST
@given(st.lists(YAML_ALPHABET, max_size=120).map("".join))
def test_yaml_loader_and_models_survive_yaml_like_text(text: str) -> None:
    result, diagnostics = load(text.encode("utf-8"))
    if result is None:
        assert all(str(d).count(":") >= 3 for d in diagnostics.errors)  # path:line:col: chyba: …
        return
    document = validate(MethodologyDocument, result, diagnostics)
    assert (document is None) == bool(diagnostics.errors)


@FAST
@given(st.lists(JINJA_ALPHABET, max_size=60).map("".join))
def test_composition_survives_any_template_text(text: str) -> None:
    diagnostics = Diagnostics()
    context = {"projekt": {"nazev": "Projekt"}, "organizace": {"nazev": "Obec"}, "dokument": {"nazev": "D"}}
    rendered = render_source(Path("kapitola.md"), text, context, diagnostics)
    assert (rendered is None) == bool(diagnostics.errors)
    for problem in diagnostics.errors:
        assert str(problem).startswith("kapitola.md:")


WORDS = st.sampled_from(["v", "a", "k", "obci", "50", "%", "§", "92", "č.", "1.", "2.", "2024", "Mgr.", "Jana",
                         "–", "1", "000", "Kč", "s.", "\"", "kód", "ORP", "(v", "i)"])


def inlines(words: list[str]) -> list[dict]:
    nodes: list[dict] = []
    for index, word in enumerate(words):
        if index:
            nodes.append({"t": "Space"})
        nodes.append({"t": "Str", "c": word})
    return nodes


INLINE = st.lists(WORDS, min_size=1, max_size=12).map(inlines)
BLOCK = st.one_of(
    INLINE.map(lambda c: {"t": "Para", "c": c}),
    INLINE.map(lambda c: {"t": "Para", "c": [{"t": "Emph", "c": c}, {"t": "Space"}, *c]}),
    INLINE.map(lambda c: {"t": "Para", "c": [{"t": "Quoted", "c": [{"t": "DoubleQuote"}, c]}]}),
    INLINE.map(lambda c: {"t": "Header", "c": [2, ["", [], []], c]}),
    INLINE.map(lambda c: {"t": "Para", "c": [{"t": "Code", "c": [["", [], []], "v a"]}, {"t": "Space"}, *c]}),
)


@FAST
@given(st.lists(BLOCK, min_size=1, max_size=6))
def test_typography_keeps_the_words_and_is_idempotent(blocks: list[dict]) -> None:
    ast = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}
    before = stringify(blocks).replace('"', "").split()
    apply_typography(ast)
    once = stringify(ast["blocks"])
    apply_typography(ast)
    assert stringify(ast["blocks"]) == once
    # Only spaces change (some become non-breaking) and quotes become Czech ones.
    after = once.replace("\u00a0", " ").replace("„", "").replace("“", "").replace('"', "").split()
    assert after == before
