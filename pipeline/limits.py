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

# --- Images (pipeline.ast.images) ---

#: Pixels of one image, read from its header before it is decoded. A full-page
#: A4 scan at 600 dpi has 35 million, a 48-megapixel phone photo 48 million; a
#: decompression bomb (a PNG of a few KB declaring 100,000 × 100,000 pixels)
#: would need up to 30 GB to decode. Pillow holds 50 million RGB pixels in 200 MB.
MAX_IMAGE_PIXELS = 50_000_000

# --- DOCX packages we did not write (pipeline.safe_zip: textconv, frames) ---

#: Members of one DOCX. Word writes 10 to 20 parts plus one per image; a
#: methodology with a thousand pictures is no longer a methodology.
MAX_DOCX_MEMBERS = 5_000

#: Bytes of one XML part when expanded. The sample methodology's document.xml
#: has 0.4 MB, so 32 MiB is some eighty such methodologies in one file; lxml
#: holds a part in several times its size, and without huge_tree refuses text
#: nodes over 10 MB anyway.
MAX_DOCX_PART_BYTES = 32 * 1024 * 1024

#: Bytes of all members of one DOCX expanded together (images included). The
#: sample methodology expands to 0.7 MB; one full of photographs to tens of MB;
#: a zip bomb to gigabytes.
MAX_DOCX_BYTES = 256 * 1024 * 1024

#: How many times a member may expand, once it expands to more than
#: :data:`DOCX_RATIO_FROM` bytes. The parts of the sample methodology's DOCX
#: expand 1 to 18 times; deflate reaches 1,000 on repeated bytes, as zip bombs do.
MAX_DOCX_RATIO = 200

#: Expanded size from which :data:`MAX_DOCX_RATIO` applies: below it a part is
#: harmless however well it compresses.
DOCX_RATIO_FROM = 1024 * 1024

# --- External tools (pipeline.tools: pandoc, Typst, LibreOffice) ---

#: Seconds one pandoc run may take. Pandoc reads 1.5 MB of Markdown (the sample
#: methodology twenty times over) in 3.6 s and writes it as Typst in 3 s; a run
#: 30 times longer is stuck on a pathological input.
MAX_PANDOC_SECONDS = 120.0

#: Seconds Typst may take to lay out one PDF (and to check a frame). A long
#: methodology takes seconds; a frame caught in an endless loop never ends.
MAX_TYPST_SECONDS = 300.0

#: Seconds LibreOffice may take to lay out one DOCX. Starting it and laying out
#: the sample methodology takes 3 s; it was given 600 s before there was a limit.
MAX_LIBREOFFICE_SECONDS = 600.0

#: Environment variable that sets all three tool limits at once, in seconds
#: (for a slow machine or a test); unset, the limits above hold.
TOOL_SECONDS_VARIABLE = "PIPELINE_TOOL_SECONDS"
