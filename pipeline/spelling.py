"""Czech spelling check of the prose: Markdown texts and the prose values of YAML sources (issue 15).

``pipeline check --pravopis`` looks every word of the prose up in Debian's
Hunspell dictionary (``hunspell-cs``, read with spylls) and warns about the
unknown ones at ``path:line:col`` with suggestions. Words a dictionary cannot
know are known from the project itself: the glossary, ``project.yaml``, the
names of people, offices and places in the YAML sources, and the word list
``sources/slovnik.txt``. Code, addresses, citation keys, template tags,
numbers and abbreviations in capitals are not prose and are not checked.

Loading the dictionary takes a few seconds and a suggestion up to a second,
so a run loads it once, looks each distinct word up once and asks for
suggestions once per unknown word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.confinement import confined_files
from pipeline.errors import Diagnostics, PipelineError, SourceErrors
from pipeline.project import Project
from pipeline.sources import KeyPath, TextPositions, YamlFile, load_yaml, read_text, split_front_matter

if TYPE_CHECKING:
    from pipeline.build import BuildResult

#: Debian's cs_CZ dictionary (``.aff`` and ``.dic`` beside each other), as ``apt install hunspell-cs`` puts it
DICTIONARY = Path("/usr/share/hunspell/cs_CZ")
#: the repository's own words, one a line, ``#`` starts a comment
WORD_LIST = "slovnik.txt"
#: shared YAML files whose words are known, not checked: names, abbreviations, bibliographic entries
KNOWN_FILES = ("project.yaml", "glossary.yaml", "references.yaml")
#: suggestions shown per unknown word
SUGGESTIONS = 3
#: distinct unknown words of a run that get suggestions (each costs about a second); the rest are only reported
SUGGESTED_WORDS = 30

#: YAML keys whose values are codes, file names, dates or numbers, not prose
NOT_PROSE_KEYS = frozenset({
    "kind", "version", "issued", "front_matter", "chapters", "annexes", "records", "catalogue", "model_texts",
    "outputs", "final", "evaluation", "code", "id", "type", "subtype", "area", "activity", "applies_to", "isbn",
    "ico", "web", "email", "phone", "number", "start", "end", "date", "valid_from", "reviewed",
    "registration_number", "publicity", "measure", "chart_type", "allow_personal_data", "pages", "time",
    "performed", "section", "paragraph", "letter", "law", "expected",
})
#: YAML keys whose values name people, offices, places or licences: their words are known, not checked
NAME_KEYS = frozenset({
    "affiliation", "reviewers", "editor", "head", "prepared_by", "approved_by", "place", "address", "licence",
    "short_name",
})
#: a ``name`` under these keys (or at the top of a file: the office, the organisation) names someone
NAMED_BY_PARENT = frozenset({"authors", "people", "publisher", "organisation"})

# Parts of Markdown that are not prose, blanked before words are taken (offsets stay true).
_NOT_PROSE = re.compile(
    "|".join([
        r"<!--.*?-->",  # comments
        r"^[ \t]*(?P<fence>```+|~~~+)[^\n]*\n.*?^[ \t]*(?P=fence)[^\n]*$",  # fenced code and raw blocks
        r"`+[^`\n]*`+",  # inline code
        r"\{\{.*?\}\}|\{%.*?%\}|\{#[^{}]*?#\}",  # Jinja tags
        r"\]\([^)\n]*\)",  # link and image targets
        r"^[ \t]*\[[^\]\n]+\]:[^\n]*$",  # reference definitions
        r"\[\^[^\]\n]*\]",  # footnote labels
        r"\{[^{}\n]*\}",  # attributes: {#kap:uvod .unnumbered width=50%}
        r"<[^<>\n]+>",  # tags and automatic links
        r"(?:https?|mailto|ftp):[^\s<>)\]]+|www\.[^\s<>)\]]+",  # addresses
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
        r"-?@[\w:.#$%&+?<>~/-]*\w",  # citation keys and cross-references
        r"\$\$.*?\$\$|\$[^$\n]+\$",  # formulas
    ]),
    re.MULTILINE | re.DOTALL,
)
_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}")
_ALT_TEXT = re.compile(r'\balt="([^"]*)"')
#: a word: letters, possibly joined by dots (Ph.D.) or hyphens (sociálně-právní); not glued to digits
_WORD = re.compile(r"(?<![\w.@/\\-])[^\W\d_]+(?:[.-][^\W\d_]+)*(?![\w/])")


class MissingDictionary(PipelineError):
    """The Czech Hunspell dictionary is not installed."""


@functools.cache
def load_dictionary(path: Path) -> Any:
    """Return the Hunspell dictionary at ``path`` (without suffix), read once per process.

    Raises :class:`MissingDictionary` with the Czech way to install it.
    """
    if not path.with_suffix(".dic").is_file() or not path.with_suffix(".aff").is_file():
        raise MissingDictionary(
            f"český slovník pro kontrolu pravopisu není nainstalován ({path}.dic); "
            "nainstalujte jej příkazem: sudo apt install hunspell-cs"
        )
    from spylls.hunspell import Dictionary

    dictionary = Dictionary.from_files(str(path))
    _simple_edits_only(dictionary.suggester)
    return dictionary


def _simple_edits_only(suggester: Any) -> None:
    """Make ``suggester`` try only edits that give a simple word (Hunspell's first pass).

    The compound pass and the n-gram search over all 260,000 entries cost 5 to
    20 seconds per Czech word; the simple edits of one word about a second, and
    they find the usual typo (a missing, extra, swapped or wrong letter, a missing háček).
    """
    from spylls.hunspell.algo.suggest import Suggestion

    simple, edits = suggester.edit_suggestions, suggester.edits

    def edit_suggestions(word: str, handle_found: Any, *, compounds: bool, limit: int) -> Any:
        return iter(()) if compounds else simple(word, handle_found, compounds=compounds, limit=limit)

    def one_word_edits(word: str) -> Any:
        # A split into two words ("sociál ni") is never the Czech typo, and each costs two lookups.
        return (edit for edit in edits(word) if isinstance(edit, Suggestion) and " " not in edit.text)

    suggester.edit_suggestions = edit_suggestions
    suggester.edits = one_word_edits
    suggester.ngram_suggestions = lambda word, handled: iter(())
    suggester.phonet_suggestions = lambda word: iter(())


@dataclass
class Speller:
    """The dictionary plus the project's known words; each word is looked up and suggested for once."""

    dictionary: Any
    known: set[str]
    _verdicts: dict[str, bool] = field(default_factory=dict)
    _suggestions: dict[str, list[str]] = field(default_factory=dict)

    def is_known(self, word: str, abbreviated: bool = False) -> bool:
        """Return True if ``word`` is correct; ``abbreviated``: a full stop follows it (např., Mgr.)."""
        if word in self.known or (word[:1].isupper() and word[:1].lower() + word[1:] in self.known):
            return True
        if word not in self._verdicts:
            self._verdicts[word] = bool(self.dictionary.lookup(word))
        if self._verdicts[word] or not abbreviated:
            return self._verdicts[word]
        return self.is_known(word + ".")

    def suggestions(self, word: str) -> list[str] | None:
        """Return up to :data:`SUGGESTIONS` corrections of ``word`` (computed once per word).

        None once :data:`SUGGESTED_WORDS` words have had theirs: a text full of
        unknown words (a foreign quotation) must not keep the check busy for minutes.
        """
        if word not in self._suggestions and len(self._suggestions) >= SUGGESTED_WORDS:
            return None
        if word not in self._suggestions:
            found: list[str] = []
            for suggestion in self.dictionary.suggest(word):
                if suggestion not in found:
                    found.append(suggestion)
                if len(found) == SUGGESTIONS:
                    break
            self._suggestions[word] = found
        return self._suggestions[word]


def check_spelling(project: Project, folders: list[Path], diagnostics: Diagnostics) -> None:
    """Warn about every unknown word of the prose under ``folders`` (all of ``sources/`` if it is the list)."""
    speller = Speller(load_dictionary(DICTIONARY), known_words(project))
    files = sorted({path for folder in folders for path in _prose_files(project, folder)})
    yaml_files = [source for path in files if path.suffix == ".yaml" and (source := load_yaml(path, Diagnostics()))]
    for source in yaml_files:  # names in one file (an office's staff) may appear in any text
        speller.known.update(_name_words(source))
    for source in yaml_files:
        text = read_text(source.path, Diagnostics()) or ""
        _report(source.path, text, _yaml_words(source, text), speller, diagnostics)
    for path in files:
        if path.suffix == ".md":
            text = read_text(path, Diagnostics())
            if text is not None:
                _report(path, text, markdown_words(text), speller, diagnostics)


def check_sources(project: Project, paths: tuple[Path, ...], strict: bool) -> BuildResult:
    """Run ``pipeline check`` on ``paths`` and the spelling check of the same documents, reporting both."""
    from pipeline import build

    diagnostics = Diagnostics()
    try:
        diagnostics.extend(build.check(project, paths, strict).warnings)
    except SourceErrors as exc:
        diagnostics.extend(exc.diagnostics)
    folders = project.documents(paths) if paths else [project.sources]
    check_spelling(project, folders, diagnostics)
    diagnostics.raise_if_errors(strict)
    return build.BuildResult(warnings=diagnostics.warnings)


def known_words(project: Project) -> set[str]:
    """Return the words the project itself makes known: its word list, glossary, project data and bibliography."""
    known = set(read_word_list(project.sources / WORD_LIST))
    for name in KNOWN_FILES:
        path = project.sources / name
        source = load_yaml(path, Diagnostics()) if path.is_file() else None
        if source is not None:
            known.update(word for _, text, _ in _texts(source.data) for _, word in _words(text))
    return known


def read_word_list(path: Path) -> list[str]:
    """Return the words of a word list: one a line, ``#`` starts a comment, blank lines ignored."""
    text = read_text(path, Diagnostics()) if path.is_file() else None
    return [word for line in (text or "").splitlines() if (word := line.split("#", 1)[0].strip())]


def markdown_words(text: str) -> Iterator[tuple[int, str]]:
    """Yield the offset and text of every prose word of a Markdown chapter (front matter, code, tags left out)."""
    body = split_front_matter(text).body
    yield from _words(_NOT_PROSE.sub(lambda match: _blank(match.group()), body))
    # An image's alt text is read aloud to blind readers: prose, though it stands among the attributes.
    for attributes in _ATTRIBUTES.finditer(body):
        for text in _ALT_TEXT.finditer(attributes.group()):
            yield from ((attributes.start() + text.start(1) + offset, word) for offset, word in _words(text.group(1)))


def _prose_files(project: Project, folder: Path) -> list[Path]:
    """Return the Markdown and YAML files under ``folder`` whose prose is checked (not the known-word files).

    A file that is a link out of the project is left out unread, so its words never reach a message.
    """
    known = {project.sources / name for name in KNOWN_FILES}
    found = [
        path for path in folder.rglob("*")
        if path.suffix in (".md", ".yaml") and path.is_file() and path not in known
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return confined_files(project, found, Diagnostics())


def _report(
    path: Path, text: str, words: Iterable[tuple[int, str]], speller: Speller, diagnostics: Diagnostics
) -> None:
    """Warn once per file about each unknown word, at its first place in ``text``."""
    positions = TextPositions(path, text)
    warned: set[str] = set()
    for offset, word in words:
        if word in warned or _is_abbreviation(word):
            continue
        if speller.is_known(word, abbreviated=text.startswith(".", offset + len(word))):
            continue
        warned.add(word)
        suggestions = speller.suggestions(word)
        if suggestions:
            hint = f"návrhy: {', '.join(suggestions)}"
        elif suggestions is None:
            hint = f"návrhy se hledají jen u prvních {SUGGESTED_WORDS} neznámých slov běhu"
        else:
            hint = f"bez návrhů; je-li slovo správně, doplňte je do sources/{WORD_LIST}"
        diagnostics.warning(positions.location(offset), f"neznámé slovo „{word}“", hint)


def _is_abbreviation(word: str) -> bool:
    """Return True for what the check leaves alone: abbreviations in capitals (OSPOD, ČR) and single letters."""
    letters = word.replace(".", "").replace("-", "")
    return len(letters) < 2 or letters.isupper()


def _yaml_words(source: YamlFile, text: str) -> Iterator[tuple[int, str]]:
    """Yield the offset in ``text`` and the word of every prose value of ``source``."""
    positions = TextPositions(source.path, text)
    for key_path, value, role in _texts(source.data):
        if role != "prose":
            continue
        line, col = source.value_positions.get(key_path, (1, 1))
        cursor = positions.offset(line, col)
        for _, word in _words(value):
            found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text[cursor:])
            if found:  # written as it is read; else (escapes, folding) the value's start is the nearest place
                cursor += found.start()
                yield cursor, word
                cursor += len(word)
            else:
                yield positions.offset(line, col), word


def _name_words(source: YamlFile) -> Iterator[str]:
    """Yield the words of the values that name people, offices and places."""
    for _, value, role in _texts(source.data):
        if role == "name":
            yield from (word for _, word in _words(value))


def _role(key_path: KeyPath) -> str:
    """Return what a YAML text at ``key_path`` (not below a code's key) is: ``prose`` or ``name`` (words known)."""
    keys = [key for key in key_path if isinstance(key, str)]
    if not keys:
        return "prose"  # an item of a list at the top (keywords of a bare list)
    if keys[-1] in NAME_KEYS or any(key in NAME_KEYS for key in keys[:-1]):
        return "name"
    if keys[-1] == "name" and (len(keys) == 1 or keys[-2] in NAMED_BY_PARENT):
        return "name"
    return "prose"


def _texts(data: Any, key_path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, str]]:
    """Yield every text value below ``data`` with its key path and role; codes and file names are not entered."""
    if isinstance(data, str):
        yield key_path, data, _role(key_path)
        return
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if key not in NOT_PROSE_KEYS:
            yield from _texts(value, (*key_path, key))


def _words(text: str) -> Iterator[tuple[int, str]]:
    """Yield the offset and text of every word of ``text``."""
    for match in _WORD.finditer(text):
        yield match.start(), match.group()


def _blank(text: str) -> str:
    """Return ``text`` with every character but line breaks turned into a space (positions stay true)."""
    return re.sub(r"[^\n]", " ", text)
