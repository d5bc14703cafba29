"""Security and privacy: what a published document may link to, CSV cells that stay text, personal data in
every text that reaches a document, source paths that stay inside the project, and a build key that misses
no file the build reads (issue 14, item 1).
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import ENV, assert_refused, valid_project

from conftest import run_pipeline
from pipeline.coverage import spreadsheet_csv, text_cell
from pipeline.project import BUILTIN_TEMPLATES

COMMANDS = ["build", "check"]
#: what an outside file holds; no message may repeat it
SECRET = "TAJNE-HESLO-8841"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def place(project: Path, relative: str, needle: str, after: str = "") -> str:
    """Return ``sources/…:line:col`` of the first ``needle`` (after the first ``after``) in the file ``relative``."""
    text = (project / relative).read_text(encoding="utf-8")
    index = text.index(needle, text.index(after))
    return f"{relative}:{text.count(chr(10), 0, index) + 1}:{index - text.rfind(chr(10), 0, index)}"


def add_paragraph(project: Path, relative: str, paragraph: str) -> None:
    """Append ``paragraph`` to a chapter as a paragraph of its own."""
    chapter = project / relative
    chapter.write_text(chapter.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + paragraph + "\n", encoding="utf-8")


def outside_files(tmp_path: Path) -> Path:
    """Return a folder beside the project with files a document must never read."""
    outside = tmp_path / "venku"
    outside.mkdir()
    for name in ("tajne.yaml", "tajne.md", "tajne.csv"):
        (outside / name).write_text(f"{SECRET}: [neplatný YAML\nid;{SECRET}\n# {SECRET}\n", encoding="utf-8")
    (outside / "1a.md").write_text(f"---\nreviewed: 2026-01-01\n---\n{SECRET}\n", encoding="utf-8")
    return outside


# 1. Link targets ------------------------------------------------------------------------------------------------

CHAPTER = "sources/metodika/01-uvod.md"
BAD_LINKS = [
    ("[web](javascript:alert(1))", "javascript:alert(1)", "odkaz 'javascript:alert(1)' má nedovolené schéma 'javascript:'"),
    ("[heslo](file:///etc/passwd)", "file:///etc/passwd", "odkaz 'file:///etc/passwd' má nedovolené schéma 'file:'"),
    ("[stránka](data:text/html,x)", "data:text/html,x", "odkaz 'data:text/html,x' má nedovolené schéma 'data:'"),
    ("[skript](vbscript:msgbox)", "vbscript:msgbox", "odkaz 'vbscript:msgbox' má nedovolené schéma 'vbscript:'"),
    ("<javascript:alert(2)>", "javascript:alert(2)", "odkaz 'javascript:alert(2)' má nedovolené schéma 'javascript:'"),
    ("<file:///C:/tajne.doc>", "file:///C:/tajne.doc", "odkaz 'file:///C:/tajne.doc' má nedovolené schéma 'file:'"),
    ("[složka](\\\\server\\share)", "\\\\server\\share", "odkaz '\\\\server\\share' vede na síťovou nebo místní cestu Windows"),
    ("[disk](C:/Users/zprava.doc)", "C:/Users/zprava.doc", "odkaz 'C:/Users/zprava.doc' vede na soubor v počítači"),
    ("[zpráva](zprava.pdf)", "zprava.pdf", "odkaz 'zprava.pdf' je cesta k souboru, ne webová adresa"),
    ("[nahoru](../01-uvod.md)", "../01-uvod.md", "odkaz '../01-uvod.md' je cesta k souboru, ne webová adresa"),
    ("[web](//evil.example/x)", "//evil.example/x", "webové adrese '//evil.example/x' chybí na začátku https:"),
    ("[web](https:nikam)", "https:nikam", "webová adresa 'https:nikam' nemá název serveru"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("markdown", "written", "message"), BAD_LINKS, ids=[case[1] for case in BAD_LINKS])
def test_a_link_that_is_not_web_mail_or_inside_is_refused_where_written(
    tmp_path: Path, command: str, markdown: str, written: str, message: str
) -> None:
    project = valid_project(tmp_path / "p")
    add_paragraph(project, CHAPTER, f"Viz {markdown}.")
    problems = assert_refused(project, command)
    # Other checks may have their say too (a Windows path in text): the link's message stands once, where written.
    assert [line for line in problems if "odkaz" in line or "adres" in line] == [
        line for line in problems if line.startswith(f"{place(project, CHAPTER, written)}: chyba: {message} (")
    ]
    assert len([line for line in problems if "odkaz" in line or "adres" in line]) == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_reference_links_are_reported_at_their_definition_each_use_once(tmp_path: Path, command: str) -> None:
    project = valid_project(tmp_path / "p")
    add_paragraph(project, CHAPTER, "Viz [web][r] a [znovu][r] a [jiný](file:///x) a [jiný](file:///x).\n\n[r]: javascript:void(0)")
    problems = assert_refused(project, command)
    text = (project / CHAPTER).read_text(encoding="utf-8")
    second = text.index("file:///x", text.index("file:///x") + 1)
    line = text.count("\n", 0, second) + 1
    assert sorted(problem.split(" (")[0] for problem in problems) == sorted([
        f"{place(project, CHAPTER, 'javascript:void')}: chyba: odkaz 'javascript:void(0)' má nedovolené schéma 'javascript:'",
        f"{place(project, CHAPTER, 'file:///x')}: chyba: odkaz 'file:///x' má nedovolené schéma 'file:'",
        f"{CHAPTER}:{line}:{second - text.rfind(chr(10), 0, second)}: chyba: odkaz 'file:///x' má nedovolené schéma 'file:'",
    ])


def test_web_mail_and_inside_links_pass(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    add_paragraph(project, CHAPTER, "Viz [MPSV](https://www.mpsv.cz/), <http://example.cz>, <podatelna@example.cz>, "
                  "[napište](mailto:podatelna@example.cz), [výše](#kap:komu) a @kap:komu.")
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_links_in_yaml_texts_are_reported_in_the_yaml(tmp_path: Path, command: str) -> None:
    """A catalogue's description and an office's reason for revision reach the body as Markdown."""
    project = valid_project(tmp_path / "p", "standards")
    catalogue, office = "sources/katalogy/mini.yaml", "sources/ospod-lhota/office.yaml"
    edit(project / catalogue, "Úřad stanoví úřední hodiny", "Úřad stanoví [úřední hodiny](javascript:alert(3))")
    edit(project / office, "revision_reason: změna úředních hodin",
         "revision_reason: změna [úředních hodin](file:///srv/seznam.xlsx)")
    problems = assert_refused(project, command)
    assert sorted(problem.split(" (")[0] for problem in problems if ": chyba: " in problem) == sorted([
        f"{place(project, catalogue, 'javascript:')}: chyba: odkaz 'javascript:alert(3)' má nedovolené schéma 'javascript:'",
        f"{place(project, office, 'file:')}: chyba: odkaz 'file:///srv/seznam.xlsx' má nedovolené schéma 'file:'",
    ])


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("url", "message"), [
    ("javascript:alert(4)", "odkaz 'javascript:alert(4)' má nedovolené schéma 'javascript:'"),
    ("file:///C:/zpravy/zprava.pdf", "odkaz 'file:///C:/zpravy/zprava.pdf' má nedovolené schéma 'file:'"),
    ("\\\\\\\\server\\\\zpravy", "odkaz '\\\\server\\zpravy' vede na síťovou nebo místní cestu Windows"),
    ("www.mpsv.cz", "odkaz 'www.mpsv.cz' je cesta k souboru, ne webová adresa"),
])
def test_a_bibliography_url_must_be_a_web_address(tmp_path: Path, command: str, url: str, message: str) -> None:
    project = valid_project(tmp_path / "p")
    references = "sources/references.yaml"
    edit(project / references, "    issued: {date-parts: [[2020]]}\n", f'    issued: {{date-parts: [[2020]]}}\n    URL: "{url}"\n')
    problems = assert_refused(project, command)
    assert [problem.split(" (")[0] for problem in problems] == [f"{place(project, references, chr(34), 'URL')}: chyba: {message}"]


# 2. CSV cells stay text -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["=1+1", "+420 777 888 999", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
                                  '=HYPERLINK("http://example.cz";"klik")', "=cmd|' /C calc'!A0"])
def test_a_cell_a_spreadsheet_would_compute_is_written_as_text(cell: str) -> None:
    assert text_cell(cell) == "'" + cell
    rows = list(csv.reader(io.StringIO(spreadsheet_csv([["a", cell]]).decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "'" + cell]]


@pytest.mark.parametrize("cell", ["Městský úřad Horní Lhota", "2025-06-01", "–", "1a", "k revizi", "", "'=1"])
def test_ordinary_cells_are_left_alone(cell: str) -> None:
    assert text_cell(cell) == cell


def test_the_coverage_csv_of_an_office_named_like_a_formula_holds_text(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p", "standards")
    name = '=HYPERLINK("http://example.cz/?x="&A1;"Horní Lhota")'
    edit(project / "sources/ospod-lhota/office.yaml", "name: Městský úřad Horní Lhota", f"name: '{name}'")
    run = run_pipeline(project, "build", "sources/ospod-lhota", "--format", "docx", "--no-page-numbers", env=ENV)
    assert run.exit_code == 0, run.stderr
    text = (project / "output/ospod-lhota/ospod-lhota-pokryti.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows] == ["Úřad"] + ["'" + name] * 4
    assert rows[1][1:] == ["1", "1a", "vzor", "2025-06-01", "aktuální"]


# 3. Personal data in every text that reaches a document ---------------------------------------------------------

BIRTH_NUMBER = "736028/5163"
PHONE = "777 888 999"
METHODOLOGY = "sources/metodika/document.yaml"
PERSONAL_DATA = [
    # (project, file, old, new, the value found, message)
    ("valid", METHODOLOGY, "subject: Testovací dokument", f"subject: Případ klientky r. č. {BIRTH_NUMBER}",
     BIRTH_NUMBER, f"rodné číslo '{BIRTH_NUMBER}' v textu"),
    ("valid", METHODOLOGY, "keywords: [test, metodika]", "keywords: [test, jana.novakova@seznam.cz]",
     "jana.novakova@seznam.cz", "e-mailová adresa 'jana.novakova@seznam.cz' v textu"),
    ("valid", METHODOLOGY, "affiliation: Obecní úřad Horní Lhota", f"affiliation: Obecní úřad Horní Lhota, tel. {PHONE}",
     PHONE, f"telefonní číslo '{PHONE}' v textu"),
    ("valid", METHODOLOGY, "editor: Mgr. Eva Malá", "editor: Mgr. Eva Malá (eva.mala@seznam.cz)",
     "eva.mala@seznam.cz", "e-mailová adresa 'eva.mala@seznam.cz' v textu"),
    ("valid", METHODOLOGY, "title: Zkušební metodika", f"title: Zkušební metodika {PHONE}",
     PHONE, f"telefonní číslo '{PHONE}' v textu"),
    ("valid", "sources/glossary.yaml", "meaning: orgán sociálně-právní ochrany dětí",
     f"meaning: orgán sociálně-právní ochrany dětí, vedoucí tel. {PHONE}", PHONE, f"telefonní číslo '{PHONE}' v textu"),
    ("valid", "sources/references.yaml", "title: Sociální práce v obci", f"title: Sociální práce v obci, RČ {BIRTH_NUMBER}",
     BIRTH_NUMBER, f"rodné číslo '{BIRTH_NUMBER}' v textu"),
    ("valid", "sources/project.yaml", "name: Obec Horní Lhota", "name: Obec Horní Lhota, starosta@seznam.cz",
     "starosta@seznam.cz", "e-mailová adresa 'starosta@seznam.cz' v textu"),
    ("standards", "sources/ospod-lhota/office.yaml", "head: Mgr. Petr Král", f"head: Mgr. Petr Král, mobil {PHONE}",
     PHONE, f"telefonní číslo '{PHONE}' v textu"),
    ("standards", "sources/katalogy/mini.yaml", "description: Prostory umožňují jednat s klienty v soukromí.",
     f"description: Prostory umožňují jednat s klienty v soukromí, např. s dítětem r. č. {BIRTH_NUMBER}.",
     BIRTH_NUMBER, f"rodné číslo '{BIRTH_NUMBER}' v textu"),
]


def make_public(project: Path) -> None:
    """Mark every document of ``project`` ``public: true``: personal data are then errors."""
    for document in (project / "sources").rglob("document.yaml"):
        document.write_text(document.read_text(encoding="utf-8") + "public: true\n", encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("base", "relative", "old", "new", "value", "message"), PERSONAL_DATA,
                         ids=[f"{case[1].split('/')[-1]}-{case[4]}" for case in PERSONAL_DATA])
def test_personal_data_in_yaml_that_reaches_a_document_is_an_error_where_written(
    tmp_path: Path, command: str, base: str, relative: str, old: str, new: str, value: str, message: str
) -> None:
    project = valid_project(tmp_path / "p", base)
    make_public(project)
    edit(project / relative, old, new)
    problems = assert_refused(project, command)
    errors = [problem for problem in problems if ": chyba: " in problem]
    assert [error.split(" (")[0] for error in errors] == [f"{place(project, relative, value)}: chyba: {message}"]


def test_personal_data_in_an_unused_glossary_term_or_uncited_entry_reach_no_document(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    make_public(project)
    (project / "sources/glossary.yaml").write_text(
        (project / "sources/glossary.yaml").read_text(encoding="utf-8")
        + f"  - abbreviation: NEPOUŽITÁ\n    meaning: kontakt {PHONE}\n", encoding="utf-8")
    edit(project / "sources/references.yaml", "title: Zákon č. 108/2006 Sb., o sociálních službách",
         f"title: Zákon č. 108/2006 Sb., o sociálních službách, {PHONE}")
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr
    assert PHONE not in run.stderr


def test_personal_data_in_a_document_not_public_is_a_warning_and_the_allow_list_silences_it(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    edit(project / METHODOLOGY, "subject: Testovací dokument", f"subject: Testovací dokument, tel. {PHONE}")
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0, run.stderr
    assert f"{place(project, METHODOLOGY, PHONE)}: varování: telefonní číslo '{PHONE}' v textu" in run.stderr
    edit(project / METHODOLOGY, "kind: methodology", f"kind: methodology\nallow_personal_data: ['{PHONE}']")
    run = run_pipeline(project, "check", env=ENV)
    assert run.exit_code == 0 and PHONE not in run.stderr, run.stderr


# 4. Source paths stay inside the project ------------------------------------------------------------------------

OUTSIDE_PATHS = [
    # (project, document.yaml, what is named, written instead)
    ("standards", "sources/ospod-lhota/document.yaml", "catalogue: katalogy/mini.yaml", "../../venku/tajne.yaml"),
    ("standards", "sources/ospod-lhota/document.yaml", "model_texts: vzor", "../../venku"),
    ("standards", "sources/ospod-lhota/document.yaml", "catalogue: katalogy/mini.yaml", "{outside}/tajne.yaml"),
    ("minimum-standard", "sources/podklad/document.yaml", "catalogue: cinnosti.yaml", "../../../venku/tajne.yaml"),
    ("report", "sources/zpravy/document.yaml", "  - zaznamy.csv", "../../../venku/tajne.csv"),
    ("report", "sources/zpravy/document.yaml", "  - zaznamy.csv", "../../templates/../../venku/tajne.csv"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("base", "relative", "old", "written"), OUTSIDE_PATHS,
                         ids=[f"{case[0]}-{case[3]}" for case in OUTSIDE_PATHS])
def test_a_named_path_out_of_the_project_is_refused_unread(
    tmp_path: Path, command: str, base: str, relative: str, old: str, written: str
) -> None:
    project = valid_project(tmp_path / "p", base)
    written = written.format(outside=outside_files(tmp_path))
    key = old.split(":")[0] + ": " if ":" in old else "  - "
    edit(project / relative, old, key + written)
    problems = assert_refused(project, command)
    assert SECRET not in "\n".join(problems)
    assert [problem.split(" (")[0] for problem in problems if ": chyba: " in problem] == [
        f"{place(project, relative, written)}: chyba: cesta '{written}' vede mimo složky sources/ a templates/ projektu"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_chapter_out_of_the_document_folder_is_refused_unread(tmp_path: Path, command: str) -> None:
    project = valid_project(tmp_path / "p")
    outside_files(tmp_path)
    edit(project / METHODOLOGY, "  - 01-uvod.md", "  - ../../../venku/tajne.md")
    problems = assert_refused(project, command)
    assert SECRET not in "\n".join(problems)
    assert f"{place(project, METHODOLOGY, '../../../venku')}: chyba: soubor 'tajne.md' leží mimo složku dokumentu" in problems


LINKED_OUT = [
    # (project, the link, the outside file it leads to, where the error stands: a named path or the link itself)
    ("standards", "sources/katalogy/mini.yaml", "tajne.yaml", ("sources/ospod-lhota/document.yaml", "katalogy/mini.yaml")),
    ("standards", "sources/ospod-lhota/kriteria/2a.md", "1a.md", None),
    ("standards", "sources/vzor/1a.md", "1a.md", None),
    ("standards", "sources/ospod-lhota/office.yaml", "tajne.yaml", None),
    ("valid", "sources/glossary.yaml", "tajne.yaml", None),
    ("valid", "sources/references.yaml", "tajne.yaml", None),
    ("valid", "sources/project.yaml", "tajne.yaml", None),
    ("minimum-standard", "sources/podklad/municipalities/zalesi.yaml", "tajne.yaml", None),
    ("valid", "templates/methodology/frame.typ", "tajne.md", None),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("base", "link", "target", "named"), LINKED_OUT, ids=[case[1] for case in LINKED_OUT])
def test_a_source_that_links_out_of_the_project_is_refused_unread(
    tmp_path: Path, command: str, base: str, link: str, target: str, named: tuple[str, str] | None
) -> None:
    project = valid_project(tmp_path / "p", base)
    outside = outside_files(tmp_path)
    if link.startswith("templates/"):
        shutil.copytree(BUILTIN_TEMPLATES, project / "templates")
    (project / link).unlink()
    (project / link).symlink_to(outside / target)
    # The other office shares the catalogue: one document is enough to see the message once.
    problems = assert_refused(project, command, *(["sources/ospod-lhota"] if base == "standards" else []))
    assert SECRET not in "\n".join(problems)
    errors = [problem.split(" (")[0] for problem in problems if ": chyba: " in problem]
    if named:
        relative, written = named
        expected = f"{place(project, relative, written)}: chyba: cesta '{written}' vede mimo složky sources/ a templates/ projektu"
    else:
        expected = f"{project / link}:1:1: chyba: soubor '{link.split('/')[-1]}' je odkaz, který vede mimo složky sources/ a templates/"
    # What the refused file would have given is missing, and that may be said too (a criterion without a text).
    assert expected in errors, errors


# 4. Every file a build reads is part of its key -----------------------------------------------------------------

def build(project: Path, *args: str) -> str:
    """Build (DOCX only, fast) and return what the pipeline said."""
    run = run_pipeline(project, "build", *args, "--format", "docx", "--no-page-numbers", env=ENV)
    assert run.exit_code == 0, run.stderr
    return run.stdout + run.stderr


@dataclass(frozen=True)
class ReadFile:
    """A file a build reads that lies where a build key could miss it, and how to change it."""

    name: str
    base: str
    document: str
    #: the file the build reads, and a text in it to replace (none: a byte is appended)
    read: str
    old: str = ""
    new: str = ""
    #: folders made documents of their own, copies (from, to) and edits (file, old, new) that set the case up
    documents: tuple[str, ...] = ()
    copies: tuple[tuple[str, str], ...] = ()
    edits: tuple[tuple[str, str, str], ...] = ()

    def arrange(self, project: Path) -> None:
        """Lay the project out as the case needs."""
        for folder in self.documents:
            (project / folder).mkdir(parents=True)
            (project / folder / "document.yaml").write_text("kind: methodology\n", encoding="utf-8")
        for source, target in self.copies:
            copy = shutil.copytree if (project / source).is_dir() else shutil.copy
            copy(project / source, project / target)
        for relative, old, new in self.edits:
            edit(project / relative, old, new)


LHOTA = "sources/ospod-lhota/document.yaml"
IMAGE_USE = "sources/metodika/02-postup.md", "(obrazky/schema.png)"
READ_FILES = [
    ReadFile("catalogue in another document", "standards", "sources/ospod-lhota", "sources/kraj/katalog.yaml",
             "jednat s klienty v soukromí", "jednat s klienty o samotě",
             copies=(("sources/katalogy/mini.yaml", "sources/kraj/katalog.yaml"),),
             edits=((LHOTA, "catalogue: katalogy/mini.yaml", "catalogue: kraj/katalog.yaml"),)),
    ReadFile("model texts in another document", "standards", "sources/ospod-lhota", "sources/kraj/vzor/1a.md",
             "v celém správním obvodu", "v celém obvodu", copies=(("sources/vzor", "sources/kraj/vzor"),),
             edits=((LHOTA, "model_texts: vzor", "model_texts: kraj/vzor"),)),
    ReadFile("records in another document", "report", "sources/zpravy", "sources/evidence/zaznamy.csv",
             "Z002;2024-02-20;KA1;supervize;tymova;3;5;;", "Z002;2024-02-20;KA1;supervize;tymova;4;5;;",
             documents=("sources/evidence",), copies=(("sources/zpravy/zaznamy.csv", "sources/evidence/zaznamy.csv"),),
             edits=(("sources/zpravy/document.yaml", "  - zaznamy.csv", "  - ../evidence/zaznamy.csv"),)),
    ReadFile("image in another document", "valid", "sources/metodika", "sources/jiny/obrazky/schema.png",
             documents=("sources/jiny",), copies=(("sources/metodika/obrazky", "sources/jiny/obrazky"),),
             edits=((*IMAGE_USE, "(../jiny/obrazky/schema.png)"),)),
    ReadFile("image in a hidden folder", "valid", "sources/metodika", "sources/metodika/.obrazky/schema.png",
             copies=(("sources/metodika/obrazky", "sources/metodika/.obrazky"),),
             edits=((*IMAGE_USE, "(.obrazky/schema.png)"),)),
    ReadFile("chapter of a nested document", "valid", "sources/metodika/vnorena",
             "sources/metodika/vnorena/01-uvod.md", "# Úvod", "# Úvod do metodiky",
             copies=(("sources/metodika", "vnorena"), ("vnorena", "sources/metodika/vnorena"))),
    ReadFile("shared references", "valid", "sources/metodika", "sources/references.yaml",
             "Sociální práce v obci", "Sociální práce ve městě"),
    ReadFile("frame", "valid", "sources/metodika", "templates/methodology/frame.typ",
             copies=((str(BUILTIN_TEMPLATES), "templates"),)),
]


@pytest.mark.parametrize("case", READ_FILES, ids=[case.name for case in READ_FILES])
def test_editing_any_file_a_build_read_makes_the_next_build_rebuild(tmp_path: Path, case: ReadFile) -> None:
    project = valid_project(tmp_path / "p", case.base)
    shutil.rmtree(project / "output")
    case.arrange(project)
    assert "zapsáno" in build(project, case.document)
    assert "aktuální, není co sestavit" in build(project, case.document)
    read = project / case.read
    if case.old:
        edit(read, case.old, case.new)
    else:  # a binary or a frame: one more byte at the end changes it without breaking it
        read.write_bytes(read.read_bytes() + (b"\n// upraveno\n" if read.suffix == ".typ" else b"\0"))
    said = build(project, case.document)
    assert "aktuální" not in said and "zapsáno" in said, said
