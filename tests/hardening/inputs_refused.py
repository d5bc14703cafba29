"""Bad inputs that once crashed a build or passed ``check`` and failed ``build`` (issue 14, items 3 and 4).

Each :class:`BadInput` changes a copy of a fixture project and says where the
run must point and with which decisive words. ``test_tracebacks`` asserts
each is refused cleanly; ``test_check_vs_build`` that ``check`` refuses it with
exactly the lines ``build`` does.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import REPOSITORY

DOCUMENT = "sources/metodika/document.yaml"
CHAPTER = "sources/metodika/01-uvod.md"
RECORDS = "sources/zpravy/zaznamy.csv"
FRAME_DOCX = "templates/methodology/frame.docx"
FRAME_TYP = "templates/methodology/frame.typ"
TOO_LONG = "vlastnosti souboru DOCX dovolují nejvýše 255"
UNWRITABLE = "(řídicí nebo neplatný znak Unicode), který nelze zapsat do DOCX ani PDF"
UNREADABLE_FRAME = "rámec není čitelný soubor Wordu (DOCX)"


@dataclass(frozen=True)
class BadInput:
    """One bad input: how to make it, in which fixture, and the start and words of the line it must produce."""

    name: str
    change: Callable[[Path], None]
    #: ``path:line:col: chyba: `` the error line starts with
    place: str
    #: words the error line must hold
    words: tuple[str, ...]
    base: str = "valid"

    def __str__(self) -> str:
        return self.name


def set_key(key: str, value: str) -> Callable[[Path], None]:
    """Return a change that writes ``key: value`` (one line) over the key and its indented lines in document.yaml."""

    def change(project: Path) -> None:
        path = project / DOCUMENT
        lines = path.read_text(encoding="utf-8").split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        end = index + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        lines[index:end] = [f"{key}: {value}"]
        path.write_text("\n".join(lines), encoding="utf-8")

    return change


def append(relative: str, text: str) -> Callable[[Path], None]:
    """Return a change that appends ``text`` to a file."""

    def change(project: Path) -> None:
        with (project / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """Return a change of one file: ``old`` (which it must hold) replaced by ``new`` once."""

    def change(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def own_templates(change: Callable[[Path], None]) -> Callable[[Path], None]:
    """Return ``change`` done on the project's own copy of the shipped templates."""

    def with_templates(project: Path) -> None:
        shutil.copytree(REPOSITORY / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py"))
        change(project)

    return with_templates


def frame_members(edit: Callable[[dict[str, bytes]], None]) -> Callable[[Path], None]:
    """Return a change of the Word frame's zip members by ``edit``."""

    def change(project: Path) -> None:
        path = project / FRAME_DOCX
        with zipfile.ZipFile(path) as frame:
            members = {name: frame.read(name) for name in frame.namelist()}
        edit(members)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as frame:
            for name, data in members.items():
                frame.writestr(name, data)

    return own_templates(change)


def line_of(template: str, text: str) -> int:
    """Return the number of the first line of the built-in ``template`` that holds ``text``."""
    lines = (REPOSITORY / template).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def frame_tag(old: str, new: str) -> Callable[[Path], None]:
    """Return a change of one docxtpl tag in the Word frame's body."""

    def edit(members: dict[str, bytes]) -> None:
        xml = members["word/document.xml"].decode("utf-8")
        assert old in xml
        members["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")

    return frame_members(edit)


def frame_bytes(make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Return a change of the Word frame's bytes by ``make``."""

    def change(project: Path) -> None:
        path = project / FRAME_DOCX
        path.write_bytes(make(path.read_bytes()))

    return own_templates(change)


def records_row(old: str, new: str) -> Callable[[Path], None]:
    """Return a change of the report's first record (``…;1,5;1;;``)."""
    return replace(RECORDS, old, new)


PROPERTIES = [
    BadInput("subject of 300 characters", set_key("subject", "p" * 300), f"{DOCUMENT}:10:10: chyba: ",
             ("předmět má 300 znaků", TOO_LONG)),
    BadInput("title of 10 000 characters", set_key("title", "N" * 10_000), f"{DOCUMENT}:2:8: chyba: ",
             ("název má 10000 znaků", TOO_LONG)),
    BadInput("keywords together over 255", set_key("keywords", "[" + ", ".join(f"slovo{i}" for i in range(40)) + "]"),
             f"{DOCUMENT}:11:11: chyba: ", ("seznam klíčových slov má 348 znaků", TOO_LONG)),
    BadInput("authors' names together over 255",
             set_key("authors", "[" + ", ".join(f"{{name: Mgr. Autorka Číslo {i:02d}}}" for i in range(13)) + "]"),
             f"{DOCUMENT}:4:10: chyba: ", ("seznam jmen autorů má 297 znaků", TOO_LONG)),
    BadInput("empty title", set_key("title", '""'), f"{DOCUMENT}:2:8: chyba: ", ("název dokumentu je prázdný",)),
]

CHARACTERS = [
    BadInput("vertical tab escape in the title", set_key("title", '"Metodika\\x0b práce"'), f"{DOCUMENT}:2:8: chyba: ",
             ("znak U+000B", UNWRITABLE)),
    BadInput("escape character in the place", set_key("place", '"Horní\\x1b Lhota"'), f"{DOCUMENT}:9:8: chyba: ",
             ("znak U+001B", UNWRITABLE)),
    BadInput("U+FFFF in a keyword", set_key("keywords", '[test, "a\\uffff"]'), f"{DOCUMENT}:11:18: chyba: ",
             ("znak U+FFFF", UNWRITABLE)),
    BadInput("lone surrogate in the subject", set_key("subject", '"x\\ud800"'), f"{DOCUMENT}:10:10: chyba: ",
             ("znak U+D800", UNWRITABLE)),
    BadInput("emoji in a chapter", append(CHAPTER, "\nVýborně \U0001F600 hotovo.\n"), f"{CHAPTER}:",
             ("znak '\U0001F600' (U+1F600) nelze v PDF zobrazit", "nemá jej žádné z písem dokumentu")),
    BadInput("emoji in an office's name",
             replace("sources/ospod-lhota/office.yaml", "name: Městský úřad Horní Lhota", "name: Úřad Horní Lhota \U0001F41D"),
             "sources/ospod-lhota/office.yaml:1:24: chyba: ", ("znak '\U0001F41D' (U+1F41D) nelze v PDF zobrazit",),
             base="standards"),
    BadInput("escape character in a chapter", append(CHAPTER, "\nŘídicí \x1b znak.\n"), f"{CHAPTER}:",
             ("znak U+001B nelze v PDF zobrazit",)),
    BadInput("escape character in a cited reference's title",
             replace("sources/references.yaml", "title: Sociální práce v obci", 'title: "Sociální\\x1b práce v obci"'),
             "sources/references.yaml:6:21: chyba: ", ("znak U+001B nelze v PDF zobrazit",)),
]

MATH = [
    BadInput("inline math without alt text", append(CHAPTER, "\nVzorec $x^2 + 1$ v textu.\n"), f"{CHAPTER}:",
             ("vzorec $x^2 + 1$ nemá alternativní text", '[$x^2 + 1$]{alt="…"}')),
    BadInput("display math without alt text", append(CHAPTER, "\n$$\\frac{a}{b}$$\n"), f"{CHAPTER}:",
             ("vzorec $$\\frac{a}{b}$$ nemá alternativní text",)),
]

FRAMES = [
    BadInput("frame.docx truncated", frame_bytes(lambda data: data[: len(data) // 3]), f"{FRAME_DOCX}:1:1: chyba: ",
             (UNREADABLE_FRAME,)),
    BadInput("frame.docx is a text file", frame_bytes(lambda data: b"Toto je text, ne Word.\n"),
             f"{FRAME_DOCX}:1:1: chyba: ", (UNREADABLE_FRAME,)),
    BadInput("frame.docx without word/document.xml", frame_members(lambda members: members.pop("word/document.xml")),
             f"{FRAME_DOCX}:1:1: chyba: ", (UNREADABLE_FRAME,)),
    BadInput("frame tag opens a block it never closes",
             frame_tag("{{ dokument.nazev }}", "{% if dokument.nazev %}{{ dokument.nazev }}"),
             f"{FRAME_DOCX}:1:1: chyba: ", ("neukončený blok šablony v těle rámce",)),
    # A tag's problem lies at its paragraph: the title is the frame's 7th (issue 15).
    BadInput("frame tag names an unknown variable", frame_tag("{{ dokument.nazev }}", "{{ nikde }}"),
             f"{FRAME_DOCX}:7:1: chyba: ", ("značka rámce používá neznámý název 'nikde'", "„{{ nikde }}")),
    BadInput("frame tag names an unknown item", frame_tag("{{ dokument.nazev }}", "{{ dokument.nazevv }}"),
             f"{FRAME_DOCX}:7:1: chyba: ", ("neznámou položku 'nazevv'", "možná jste mysleli 'dokument.nazev'")),
    BadInput("frame.typ with an unclosed bracket", own_templates(append(FRAME_TYP, "\n#let broken = (\n")),
             f"{FRAME_TYP}:", ("neuzavřená závorka", "opravte rámec frame.typ")),
    BadInput("frame.typ reads a key the data lacks",
             own_templates(replace(FRAME_TYP, "title: data.metadata.title", "title: data.dokumentx.title")),
             f"{FRAME_TYP}:{line_of(FRAME_TYP, 'title: data.metadata.title')}:", ("data dokumentu nemají položku 'dokumentx'",)),
]

RECORDS_CELLS = [
    BadInput("hours 1e400", records_row(";1,5;1;", ";1e400;1;"), f"{RECORDS}:2:45: chyba: ", ("'1e400' není počet hodin",),
             base="report"),
    BadInput("hours nan", records_row(";1,5;1;", ";nan;1;"), f"{RECORDS}:2:45: chyba: ", ("'nan' není počet hodin",),
             base="report"),
    BadInput("hours inf", records_row(";1,5;1;", ";inf;1;"), f"{RECORDS}:2:45: chyba: ", ("'inf' není počet hodin",),
             base="report"),
    BadInput("hours 10^23", records_row(";1,5;1;", ";99999999999999999999999;1;"), f"{RECORDS}:2:45: chyba: ",
             ("počet hodin '99999999999999999999…' je větší než 10\u00a0000 na záznam",), base="report"),
    BadInput("hours of 44 digits with a fraction", records_row(";1,5;1;", ";" + "9" * 43 + ",5;1;"),
             f"{RECORDS}:2:45: chyba: ", ("je větší než 10\u00a0000 na záznam",), base="report"),
    BadInput("participants 10^23", records_row(";1,5;1;", ";1,5;99999999999999999999999;"), f"{RECORDS}:2:49: chyba: ",
             ("počet účastníků '99999999999999999999…' je větší než 100\u00a0000 na záznam",), base="report"),
    BadInput("participants with 6 000 leading zeros", records_row(";1,5;1;", ";1,5;" + "0" * 6000 + "7000000;"),
             f"{RECORDS}:2:49: chyba: ", ("je větší než 100\u00a0000 na záznam",), base="report"),
]

ALL = PROPERTIES + CHARACTERS + MATH + FRAMES + RECORDS_CELLS
