"""Every limit the pipeline puts on its inputs, each with the reason for its number.

Sources come from many hands and may be broken or hostile; without limits a
1 KB file can take gigabytes of memory or hours of time. Each limit is set far
above what a real methodology, standard or report ever needs (the largest
sample source is 18 KB, its longest line 1,031 characters), so that only a
mistake or an attack meets it, and then as a located Czech error, not a hang.

A flat list of constants: modules import the ones they enforce.
"""

from __future__ import annotations

# --- Source files (pipeline.sources.read_text: YAML, Markdown; CSV records) ---

#: Bytes of one source file. A 300-page methodology is about 1 MB of Markdown
#: in all its chapters together, and a year of activity records of a large
#: office is about 5 MB of CSV; 16 MiB leaves room and keeps pandoc's JSON AST
#: (about ten times the text) well inside memory.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

#: Characters of one line of a source file. A Markdown paragraph is one line and
#: the longest real one has about 1,000 characters; a line of 100,000 is no
#: longer text a person wrote but pasted data, and long lines make regular
#: expressions and error columns slow.
MAX_LINE_CHARS = 100_000

# --- YAML (pipeline.sources.load_yaml) ---

#: Aliases (``*name``) in one YAML file. Real sources use none or a handful; the
#: "billion laughs" bomb needs a few dozen nested ones, so the real guard is
#: :data:`MAX_YAML_NODES`; this one names the problem when aliases are the cause.
MAX_YAML_ALIASES = 1_000

#: Values (mappings, lists, scalars) of one YAML file after aliases are expanded.
#: The largest real file (an activity catalogue) has about 3,000; a 1 KB alias
#: bomb has billions. Counted on the parsed graph before anything is expanded.
MAX_YAML_NODES = 200_000

#: Nesting depth of YAML mappings and lists. Real sources nest at most 6 deep;
#: the parser is recursive and would overflow Python's stack at a few hundred.
MAX_YAML_DEPTH = 64

#: Digits of one integer in YAML. No count, year or amount in a source has more
#: than 15; Python refuses to convert integers of more than 4,300 digits anyway.
MAX_YAML_INT_DIGITS = 30

# --- Markdown (pipeline.parse and the AST walks) ---

#: Nesting depth of block quotes and lists in Markdown. Real chapters nest lists
#: 3 or 4 deep; pandoc and our recursive AST walks need a stack frame or more
#: per level and overflow at a few hundred (``>>>>…`` thousands deep).
MAX_MARKDOWN_DEPTH = 32

# --- Jinja templates (pipeline.compose) ---

#: Iterations of all loops of one rendered source together. A chapter loops over
#: the offices, activities or records of a document: a few thousand at most.
MAX_TEMPLATE_ITERATIONS = 100_000

#: Characters one source may produce after Jinja, and the longest string one
#: expression may build (``'x' * 10**9``, ``range(…)|join``). Bounded by
#: :data:`MAX_SOURCE_BYTES`: generated text is no longer than a source may be.
MAX_TEMPLATE_OUTPUT_CHARS = MAX_SOURCE_BYTES

#: Length of a range a template may make (``range(10**9)``). A loop over more
#: than :data:`MAX_TEMPLATE_ITERATIONS` items would be refused anyway; this
#: refuses it before the list is built.
MAX_TEMPLATE_RANGE = MAX_TEMPLATE_ITERATIONS

#: Nested macro calls (a macro calling itself) and recursive loops. Real
#: templates nest macros two or three deep; Python's stack ends near 300.
MAX_TEMPLATE_CALL_DEPTH = 50

#: Seconds of rendering one source. A real chapter renders in milliseconds; a
#: template busy for 10 s is stuck in a loop the other limits did not catch.
MAX_TEMPLATE_SECONDS = 10.0
