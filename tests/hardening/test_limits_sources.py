"""Limits on what sources may ask for (issue 14, items 2, 3 and 7): each refused where it stands, in Czech.

Every limit of :mod:`pipeline.limits` that sources can reach is tried just
below (accepted) and just above (refused with a located Czech message, nothing
written), and with the bomb that made it necessary, run in a child process
bounded in time and memory. Where building a value at the real limit would be
slow (a 16 MiB file) the boundary is tried with the limit lowered, and the
real limit only from above.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_pipeline
from harness import ENV, LOCATED, assert_refused, valid_project
from pipeline import errors, limits
from pipeline.compose import render_source
from pipeline.errors import Diagnostic, Diagnostics, Location, did_you_mean, nearest_or_listed
from pipeline.sources import load_yaml, read_text

CHAPTER = Path("sources/metodika/02-postup.md")
PROJECT_YAML = Path("sources/project.yaml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return valid_project(tmp_path / "p")


def append(project: Path, relative: Path, text: str) -> int:
    """Append ``text`` to a source after a blank line; return the line number where it starts."""
    path = project / relative
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def accepted(project: Path, *args: str) -> None:
    """Assert that ``pipeline ARGS`` succeeds in ``project``."""
    run = run_pipeline(project, *args, env=ENV)
    assert run.exit_code == 0, run.stderr + run.stdout


def only_problem(lines: list[str]) -> tuple[str, int, int, str]:
    """Return (path, line, column, text) of the single problem among ``lines``."""
    assert len(lines) == 1, lines
    match = LOCATED.match(lines[0])
    return match["path"], int(match["line"]), int(match["col"]), match["text"]


# --- size of a source file and of one line ------------------------------------------------------------------

@pytest.mark.parametrize("relative", [CHAPTER, PROJECT_YAML])
def test_source_file_at_the_size_limit_is_read_one_byte_more_is_refused(
    project: Path, relative: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project / relative
    largest = max(len(p.read_bytes()) for p in (project / "sources").rglob("*") if p.suffix in {".md", ".yaml"})
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", largest + 100)  # the file padded is the one largest
    padding = limits.MAX_SOURCE_BYTES - len(path.read_bytes())
    path.write_bytes(path.read_bytes() + b"#" * (padding - 1) + b"\n")  # a YAML comment, a Markdown paragraph
    assert len(path.read_bytes()) == limits.MAX_SOURCE_BYTES
    accepted(project, "check")
    path.write_bytes(path.read_bytes() + b"\n")
    where, line, col, text = only_problem(assert_refused(project, "check"))
    assert (where, line, col) == (str(relative), 1, 1)
    assert text.startswith("soubor je příliš velký (víc než")


@pytest.mark.parametrize("relative", [CHAPTER, PROJECT_YAML])
def test_source_file_beyond_the_real_size_limit_is_refused_without_being_loaded(project: Path, relative: Path) -> None:
    path = project / relative
    with path.open("ab") as stream:
        stream.write(b"\n" + (b"# " + b"x" * 1000 + b"\n") * (limits.MAX_SOURCE_BYTES // 1000))
    where, line, col, text = only_problem(assert_refused(project, "check", child=True, memory_mib=1024))
    assert (where, line, col) == (str(relative), 1, 1)
    assert "soubor je příliš velký (víc než 16 MB)" in text
    assert "rozdělte jej na více souborů" in text


@pytest.mark.parametrize(("relative", "mark"), [(CHAPTER, ""), (PROJECT_YAML, "# ")])
def test_line_at_the_length_limit_passes_one_character_more_is_refused(
    project: Path, relative: Path, mark: str
) -> None:
    original = (project / relative).read_text(encoding="utf-8")
    line = append(project, relative, mark + "x" * (limits.MAX_LINE_CHARS - len(mark)) + "\n")
    accepted(project, "check")
    (project / relative).write_text(original, encoding="utf-8")
    append(project, relative, mark + "x" * (limits.MAX_LINE_CHARS + 1 - len(mark)) + "\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(relative), line, limits.MAX_LINE_CHARS + 1)
    assert text.startswith("řádek je příliš dlouhý (víc než 100000 znaků)")


def test_read_text_accepts_exactly_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(("x" * limits.MAX_LINE_CHARS + "\n") * (limits.MAX_SOURCE_BYTES // (limits.MAX_LINE_CHARS + 1)))
    diagnostics = Diagnostics()
    assert read_text(path, diagnostics) is not None
    assert diagnostics.items == []


# --- YAML: aliases, expanded size, depth --------------------------------------------------------------------

BOMB = "\n".join(
    ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{level}: &{chr(98 + level)} [" + ", ".join([f"*{chr(97 + level)}"] * 9) + "]" for level in range(9)]
) + "\n"


def test_billion_laughs_is_refused_before_it_expands(project: Path) -> None:
    start = append(project, PROJECT_YAML, BOMB)
    where, line, col, text = only_problem(assert_refused(project, "check", child=True, memory_mib=1024, timeout=60))
    assert where == str(PROJECT_YAML)
    assert start + 1 <= line <= start + 9  # at an alias of the lines that multiply
    assert text.startswith(f"po rozvinutí odkazů (aliasů *…) by soubor měl víc než {limits.MAX_YAML_NODES} hodnot")


def _expanding_to(values: int) -> str:
    """Return YAML that expands (counting every mapping, list, key and scalar) to exactly ``values`` values."""
    items, copies = 999, 198
    pad = values - (7 + items + copies * (items + 1))
    assert pad >= 0
    return (
        "items: &a [" + ", ".join(["1"] * items) + "]\n"
        + "more: [" + ", ".join(["*a"] * copies) + "]\n"
        + "pad: [" + ", ".join(["1"] * pad) + "]\n"
    )


def test_yaml_expanding_to_the_limit_loads_one_value_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(_expanding_to(limits.MAX_YAML_NODES))
    diagnostics = Diagnostics()
    loaded = load_yaml(path, diagnostics)
    assert diagnostics.items == [] and loaded is not None
    assert len(loaded.data["more"]) == 198 and loaded.data["more"][197] == [1] * 999
    path.write_text(_expanding_to(limits.MAX_YAML_NODES + 1))
    assert load_yaml(path, diagnostics) is None
    [problem] = diagnostics.items
    assert problem.message.startswith("po rozvinutí odkazů")
    assert problem.location.line in {2, 3}


def test_yaml_with_as_many_aliases_as_allowed_loads_one_more_is_refused(tmp_path: Path, project: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("x: &x 1\nall: [" + ", ".join(["*x"] * limits.MAX_YAML_ALIASES) + "]\n")
    diagnostics = Diagnostics()
    assert load_yaml(path, diagnostics) is not None and diagnostics.items == []
    line = append(project, PROJECT_YAML, "x: &x 1\nall: [" + ", ".join(["*x"] * (limits.MAX_YAML_ALIASES + 1)) + "]\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at) == (str(PROJECT_YAML), line + 1)
    assert col == len("all: [") + 1 + 4 * limits.MAX_YAML_ALIASES  # the first alias beyond the limit
    assert text.startswith(f"příliš mnoho odkazů (aliasů *…) v jednom souboru (víc než {limits.MAX_YAML_ALIASES})")


def _nested(levels: int) -> str:
    """Return a YAML value ``levels`` deep counting the scalar at the bottom: lists in lists around ``1``."""
    return "[" * (levels - 1) + "1" + "]" * (levels - 1)


def test_yaml_nested_to_the_depth_limit_loads_one_level_more_is_refused(tmp_path: Path, project: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(f"deep: {_nested(limits.MAX_YAML_DEPTH - 1)}\n")  # the mapping is the first level
    diagnostics = Diagnostics()
    assert load_yaml(path, diagnostics) is not None and diagnostics.items == []
    line = append(project, PROJECT_YAML, f"deep: {_nested(limits.MAX_YAML_DEPTH)}\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(PROJECT_YAML), line, len("deep: ") + limits.MAX_YAML_DEPTH)
    assert text.startswith(f"hodnoty jsou vnořeny příliš hluboko (víc než {limits.MAX_YAML_DEPTH} úrovní)")


@pytest.mark.parametrize("levels", [5_000, 40_000])
def test_yaml_nested_thousands_deep_is_refused_without_a_stack_overflow(project: Path, levels: int) -> None:
    line = append(project, PROJECT_YAML, f"deep: {_nested(levels)}\n")
    where, at, _col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert (where, at) == (str(PROJECT_YAML), line)
    assert "vnořeny příliš hluboko" in text


def test_yaml_depth_reached_through_aliases_is_refused_at_the_alias(project: Path) -> None:
    half = limits.MAX_YAML_DEPTH // 2 + 1
    line = append(project, PROJECT_YAML, f"a: &a {_nested(half)}\nb: {'[' * half}*a{']' * half}\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(PROJECT_YAML), line + 1, len("b: ") + half + 1)
    assert "vnořeny příliš hluboko" in text


def test_yaml_alias_inside_its_own_anchor_is_refused(project: Path) -> None:
    line = append(project, PROJECT_YAML, "loop: &x [1, *x]\n")
    where, at, col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert (where, at, col) == (str(PROJECT_YAML), line, len("loop: &x [1, ") + 1)
    assert text.startswith("odkaz (alias) odkazuje sám na sebe")


# --- YAML: tags, merge keys, numbers ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system ['echo pwned']", "!!python/object/apply:os.system"),
        ("!!python/name:builtins.print", "!!python/name:builtins.print"),
        ("!foo Obec Horní Lhota", "!foo"),
        ("!!binary T2JlYw==", "!!binary"),
        ("!!set {a, b}", "!!set"),
    ],
)
def test_unknown_yaml_tags_are_refused_where_they_stand(project: Path, value: str, shown: str) -> None:
    path = project / PROJECT_YAML
    path.write_text(path.read_text(encoding="utf-8").replace("name: Obec Horní Lhota", f"name: {value}"))
    where, line, col, text = only_problem(assert_refused(project, "check"))
    assert (where, line, col) == (str(PROJECT_YAML), 3, len("  name: ") + 1)
    assert text.startswith(f"neznámá značka YAML '{shown}'")
    assert "značky (!…) zdroje nepoužívají" in text


def test_yaml_merge_key_is_refused_where_it_stands(project: Path) -> None:
    path = project / PROJECT_YAML
    text = path.read_text(encoding="utf-8").replace("organisation:\n", "organisation:\n  <<: {name: Obec}\n")
    path.write_text(text, encoding="utf-8")
    where, line, col, message = only_problem(assert_refused(project, "check"))
    assert (where, line, col) == (str(PROJECT_YAML), 3, 3)
    assert message.startswith("slučovací klíč '<<' zdroje nepodporují")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (".nan", "hodnota '.nan' není číslo s konečnou hodnotou"),
        (".inf", "hodnota '.inf' není číslo s konečnou hodnotou"),
        ("-.Inf", "hodnota '-.Inf' není číslo s konečnou hodnotou"),
        ("1e999", "číslo '1e999' je příliš velké"),
        ("1" * (limits.MAX_YAML_INT_DIGITS + 1), f"číslo má příliš mnoho číslic (víc než {limits.MAX_YAML_INT_DIGITS})"),
        ("9" * 5_000, "číslo má příliš mnoho číslic"),
    ],
)
def test_huge_or_non_finite_number_where_a_number_is_expected_is_refused(
    tmp_path: Path, value: str, words: str
) -> None:
    project = valid_project(tmp_path / "p", "report")
    path = project / "sources/zpravy/document.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: 10\n", f"target: {value}\n"), encoding="utf-8")
    where, line, col, text = only_problem(assert_refused(project, "check"))
    assert (where, line, col) == ("sources/zpravy/document.yaml", 42, len("    target: ") + 1)
    assert text.startswith(words)


def test_numbers_just_within_the_limits_load(tmp_path: Path) -> None:
    path = tmp_path / "numbers.yaml"
    digits = "9" * limits.MAX_YAML_INT_DIGITS
    path.write_text(f"big: {digits}\nfloat: 1.5e308\nsmall: -1e-300\nunder: 1_000\n")
    diagnostics = Diagnostics()
    loaded = load_yaml(path, diagnostics)
    assert diagnostics.items == [] and loaded is not None
    assert loaded.data == {"big": int(digits), "float": 1.5e308, "small": -1e-300, "under": 1000}


# --- Markdown nesting ---------------------------------------------------------------------------------------

def _quotes(levels: int) -> str:
    return ">" * levels + " citace\n"


def _lists(levels: int) -> str:
    return "".join("  " * level + "- bod\n" for level in range(levels))


@pytest.mark.parametrize(("nested", "last_line"), [(_quotes, lambda levels: 0), (_lists, lambda levels: levels - 1)])
def test_markdown_nested_to_the_limit_passes_one_level_more_is_refused(project: Path, nested, last_line) -> None:
    original = (project / CHAPTER).read_text(encoding="utf-8")
    append(project, CHAPTER, nested(limits.MAX_MARKDOWN_DEPTH))
    accepted(project, "check")
    (project / CHAPTER).write_text(original, encoding="utf-8")
    line = append(project, CHAPTER, nested(limits.MAX_MARKDOWN_DEPTH + 1))
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line + last_line(limits.MAX_MARKDOWN_DEPTH + 1), 1)
    assert text.startswith(f"text je vnořen příliš hluboko (víc než {limits.MAX_MARKDOWN_DEPTH} úrovní")


@pytest.mark.parametrize(
    "bomb",
    [
        _quotes(10_000),
        _lists(1_000),
        "".join("::: {.a}\n" for _ in range(2_000)) + "text\n" + ":::\n" * 2_000,
        "<span>" * 2_000 + "x" + "</span>" * 2_000 + "\n",
    ],
    ids=["quotes", "lists", "divs", "html"],
)
def test_markdown_nested_thousands_deep_is_refused_before_pandoc(project: Path, bomb: str) -> None:
    line = append(project, CHAPTER, bomb)
    where, at, _col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert where == str(CHAPTER) and line <= at <= line + 40
    assert "vnořen příliš hluboko" in text


def test_brackets_open_to_the_limit_pass_one_more_is_refused(project: Path) -> None:
    depth = limits.MAX_MARKDOWN_BRACKETS
    original = (project / CHAPTER).read_text(encoding="utf-8")
    append(project, CHAPTER, "[" * depth + "text" + "]{.a}" * depth + "\n")
    accepted(project, "check")
    (project / CHAPTER).write_text(original, encoding="utf-8")
    line = append(project, CHAPTER, "Viz " + "[" * (depth + 1) + "text" + "]{.a}" * (depth + 1) + "\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line, len("Viz ") + depth + 1)
    assert text.startswith(f"příliš mnoho hranatých závorek otevřených najednou (víc než {depth})")


@pytest.mark.parametrize(
    "bomb",
    ["[" * 12 + "x" + "]{.a}" * 12, "^[" * 40 + "x" + "]" * 40, "[" * 40 + " x", "[[[[[x\n" * 20],
    ids=["spans", "notes", "unclosed", "over-lines"],
)
def test_bracket_bombs_that_hang_pandoc_are_refused(project: Path, bomb: str) -> None:
    line = append(project, CHAPTER, bomb + "\n")
    where, at, _col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert where == str(CHAPTER) and at in {line, line + 1}
    assert "hranatých závorek" in text


def test_escaped_brackets_and_code_blocks_do_not_count(project: Path) -> None:
    append(project, CHAPTER, "\\[" * 50 + "\n\n```\n" + "[" * 50 + "\n" + ">" * 50 + "\n```\n")
    accepted(project, "check")


# --- Jinja templates ----------------------------------------------------------------------------------------

def test_range_at_the_limit_passes_one_more_is_refused(project: Path) -> None:
    original = (project / CHAPTER).read_text(encoding="utf-8")
    append(project, CHAPTER, f"{{% for i in range({limits.MAX_TEMPLATE_RANGE}) %}}{{% endfor %}}\n")
    accepted(project, "check")
    (project / CHAPTER).write_text(original, encoding="utf-8")
    line = append(project, CHAPTER, f"{{% for i in range({limits.MAX_TEMPLATE_RANGE + 1}) %}}{{% endfor %}}\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line, 1)
    assert text.startswith(f"rozsah range() je příliš velký (víc než {limits.MAX_TEMPLATE_RANGE} čísel)")


def test_loop_passes_up_to_the_limit_pass_one_more_is_refused(project: Path) -> None:
    # 100 outer passes and 100 × 999 inner ones: exactly the limit; with 1000 inner ones, 100 more
    loops = "{{% for i in range(100) %}}\n{{% for j in range({inner}) %}}{{% endfor %}}\n{{% endfor %}}\n"
    assert 100 + 100 * 999 == limits.MAX_TEMPLATE_ITERATIONS
    original = (project / CHAPTER).read_text(encoding="utf-8")
    append(project, CHAPTER, loops.format(inner=999))
    accepted(project, "check")
    (project / CHAPTER).write_text(original, encoding="utf-8")
    line = append(project, CHAPTER, loops.format(inner=1000))
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line + 1, 1)
    assert text.startswith(f"šablona opakuje příliš mnoho kroků (víc než {limits.MAX_TEMPLATE_ITERATIONS}")


@pytest.mark.parametrize(
    "bomb",
    [
        "{% for i in range(10**9) %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for c in 'x' * 4000000 %}{% endfor %}",
        "{% for x in [1] recursive %}{{ loop([1, 1]) }}{% endfor %}",
    ],
    ids=["range", "nested", "characters", "recursive-loop"],
)
def test_endless_loops_are_refused(project: Path, bomb: str) -> None:
    line = append(project, CHAPTER, bomb + "\n")
    where, at, col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert (where, at, col) == (str(CHAPTER), line, 1)
    assert any(text.startswith(message) for message in {
        f"rozsah range() je příliš velký (víc než {limits.MAX_TEMPLATE_RANGE} čísel)",
        f"šablona opakuje příliš mnoho kroků (víc než {limits.MAX_TEMPLATE_ITERATIONS} průchodů cyklů a volání maker)",
        f"makra nebo rekurzivní cyklus se volají příliš hluboko (víc než {limits.MAX_TEMPLATE_CALL_DEPTH} úrovní)",
    })


def _render(source: str) -> tuple[str | None, list[Diagnostic]]:
    diagnostics = Diagnostics()
    return render_source(Path("kapitola.md"), source, {}, diagnostics), diagnostics.items


@pytest.mark.parametrize(
    "expression",
    [
        "'x' * {n}",
        "(['x'] * {n}) | join",
        "'x' | center({n})",
        "'{{:>{n}}}'.format('x')",
        "'%{n}s' % 'x'",
    ],
)
def test_output_at_the_length_limit_renders_one_character_more_is_refused(expression: str) -> None:
    limit = limits.MAX_TEMPLATE_OUTPUT_CHARS
    below, above = (f"{{{{ {expression.format(n=n)} }}}}" for n in (limit, limit + 1))
    text, problems = _render(below)
    assert problems == [] and text is not None  # widths print as one space: the chapter's text is plain
    text, problems = _render("\n" + above)
    assert text is None
    [problem] = problems
    assert (problem.location.line, problem.location.col) == (2, 1)
    assert problem.message == f"šablona by vytvořila příliš dlouhý text (víc než {limits.MAX_TEMPLATE_OUTPUT_CHARS} znaků)"


@pytest.mark.parametrize(
    "bomb",
    [
        "{{ 'x' * 10**9 }}",
        "{{ range(100000) | join('x' * 1000) }}",
        "{{ (['x' * 1000000] * 1000) | join }}",
        "{{ ','.join(['x' * 1000000] * 100) }}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
        "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
        "{{ '%1000000000d' % 1 }}",
        "{{ '%(a(b)c)50000000d' % {'a(b)c': 1} }}",
        "{{ '{:>{w}}'.format(1, w=10**9) }}",
        "{{ ('a' * 1000000) | replace('a', 'b' * 100) }}",
        "{{ ('a\\n' * 1000000) | indent('x' * 100) }}",
        "{{ 10 ** (10 ** 9) }}",
        "{{ [1] | batch(10**9, 'x') | list }}",
    ],
)
def test_output_bombs_are_refused_before_they_are_built(project: Path, bomb: str) -> None:
    line = append(project, CHAPTER, bomb + "\n")
    where, at, col, text = only_problem(assert_refused(project, "check", child=True, timeout=60, memory_mib=1024))
    assert (where, at, col) == (str(CHAPTER), line, 1)
    assert any(text.startswith(message) for message in {
        f"šablona by vytvořila příliš dlouhý text (víc než {limits.MAX_TEMPLATE_OUTPUT_CHARS} znaků)",
        f"výsledek výpočtu v šabloně je příliš velké číslo (víc než {limits.MAX_TEMPLATE_NUMBER_DIGITS} číslic)",
        f"seznam nelze rozdělit na víc než {limits.MAX_TEMPLATE_RANGE} částí",
    })


MACRO = "{{% macro m(n) %}}{{% if n > 0 %}}{{{{ m(n - 1) }}}}{{% endif %}}{{% endmacro %}}\n{{{{ m({start}) }}}}\n"


def test_macro_recursion_to_the_depth_limit_passes_one_level_more_is_refused(project: Path) -> None:
    original = (project / CHAPTER).read_text(encoding="utf-8")
    append(project, CHAPTER, MACRO.format(start=limits.MAX_TEMPLATE_CALL_DEPTH - 1))  # calls m(49) … m(0)
    accepted(project, "check")
    (project / CHAPTER).write_text(original, encoding="utf-8")
    line = append(project, CHAPTER, MACRO.format(start=limits.MAX_TEMPLATE_CALL_DEPTH))
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line, 1)  # where the macro calls itself
    assert text.startswith(f"makra nebo rekurzivní cyklus se volají příliš hluboko (víc než {limits.MAX_TEMPLATE_CALL_DEPTH}")
    assert "podmínku, kdy skončit" in text


@pytest.mark.parametrize(
    "bomb",
    [
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}",
    ],
)
def test_endless_macro_recursion_is_refused(project: Path, bomb: str) -> None:
    line = append(project, CHAPTER, bomb + "\n")
    where, at, _col, text = only_problem(assert_refused(project, "check", child=True, timeout=60))
    assert (where, at) == (str(CHAPTER), line)
    assert "volají příliš hluboko" in text


def test_template_beyond_the_time_limit_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = append(project, CHAPTER, "Úvod.\n\n{% for i in range(3) %}{{ i }}{% endfor %}\n")
    accepted(project, "check")
    monkeypatch.setattr(limits, "MAX_TEMPLATE_SECONDS", -1.0)  # any work at all is over the limit
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(CHAPTER), line + 2, 1)
    assert text.startswith("vyhodnocení šablony trvá příliš dlouho (víc než -1 s)")


def test_ordinary_templates_still_render() -> None:
    text, problems = _render(
        "{% for i in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }}{{ ', ' if not loop.last }}{% endfor %}"
        " {{ 'a' ~ 1 }} {{ '%05d' | format(42) }} {{ '{:>4}'.format(7) }} {{ 12000000 }} {{ '{}'.format(50000000) }}"
        " {% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}x{% endcall %} {{ 2 ** 100 }}"
    )
    assert problems == []
    assert text == "1/3, 2/3, 3/3 a1 00042  7 12000000 50000000 [x] 1267650600228229401496703205376"


# --- collecting findings stays linear (item 7) ----------------------------------------------------------------

def test_collecting_findings_does_not_compare_each_with_all_before(monkeypatch: pytest.MonkeyPatch) -> None:
    comparisons = 0
    equal = Diagnostic.__eq__

    def counted(self: Diagnostic, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return equal(self, other)

    monkeypatch.setattr(Diagnostic, "__eq__", counted)
    diagnostics = Diagnostics()
    count = 3_000
    for number in range(count):
        diagnostics.error(Location(Path("a.md"), number + 1), "chyba", None)
        diagnostics.warning(Location(Path("a.md"), number + 1), "varování", None)
    diagnostics.error(Location(Path("a.md"), 1), "chyba", None)  # a repeated finding is kept once
    assert comparisons <= 4 * count  # the old membership test made 2 × 3,000² / 2 = 9 million
    assert len(diagnostics.items) == 2 * count
    assert [d.location.line for d in diagnostics.errors] == list(range(1, count + 1))
    assert len(diagnostics.warnings) == count
    assert diagnostics.items[:2] == [
        Diagnostic(Location(Path("a.md"), 1), "chyba"),
        Diagnostic(Location(Path("a.md"), 1), "varování", None, errors.Severity.WARNING),
    ]


def test_suggestions_are_not_searched_in_huge_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[int] = []
    close = errors.difflib.get_close_matches
    monkeypatch.setattr(errors.difflib, "get_close_matches", lambda word, choices, **kw: searched.append(len(choices)) or close(word, choices, **kw))
    names = [f"n{number}" for number in range(limits.MAX_SUGGESTION_CHOICES - 1)] + ["kapitola"]
    assert did_you_mean("kapitloa", names) == "možná jste mysleli 'kapitola'"
    assert did_you_mean("kapitloa", [*names, "priloha"]) is None
    assert searched == [limits.MAX_SUGGESTION_CHOICES]


def test_listed_choices_are_capped() -> None:
    hint = nearest_or_listed("qqq", [f"v{n}" for n in range(100)])
    assert hint == "povolené hodnoty: " + ", ".join(f"v{n}" for n in range(limits.MAX_LISTED_CHOICES)) + " a dalších 80"


def test_sixty_thousand_findings_are_all_reported(project: Path) -> None:
    count = 60_000
    line = append(project, CHAPTER, "".join(f"{{{{ neznama{n} }}}}\n" for n in range(count)))
    problems = assert_refused(project, "check", child=True, timeout=300)
    assert len(problems) == count
    assert problems[0].startswith(f"{CHAPTER}:{line}:4: chyba: nedefinovaná proměnná 'neznama0'")
    assert problems[-1].startswith(f"{CHAPTER}:{line + count - 1}:4: chyba: nedefinovaná proměnná 'neznama{count - 1}'")


# --- records (CSV) read through the same limits -------------------------------------------------------------

RECORDS = Path("sources/zpravy/zaznamy.csv")


def test_records_line_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p", "report")
    line = append(project, RECORDS, "x" * (limits.MAX_LINE_CHARS + 1) + "\n")
    where, at, col, text = only_problem(assert_refused(project, "check"))
    assert (where, at, col) == (str(RECORDS), line, limits.MAX_LINE_CHARS + 1)
    assert text.startswith("řádek je příliš dlouhý")


def test_records_file_at_the_size_limit_is_read_one_byte_less_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = valid_project(tmp_path / "p", "report")
    path = project / RECORDS
    path.write_text(path.read_text(encoding="utf-8") + "".join(
        f"Z{number};6. 6. 2025;KA2;rozhovor;;1;1;K02;\n" for number in range(100, 400)
    ), encoding="utf-8")
    size = len(path.read_bytes())
    assert size > max(len(p.read_bytes()) for p in (project / "sources").rglob("*.*") if p != path)
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", size)
    accepted(project, "check")
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", size - 1)
    where, line, col, text = only_problem(assert_refused(project, "check"))
    assert (where, line, col) == (str(RECORDS), 1, 1)
    assert text.startswith("soubor je příliš velký")
