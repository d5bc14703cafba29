"""``pipeline diff``: a redline between two Git revisions, read as Word and LibreOffice read it.

The history: a commit of the test methodology, then a commit that changes a
sentence, deletes a paragraph, adds a table row and renames a heading. The
redline must show exactly those changes; accepting all of them must give the
newer build's text, rejecting all of them the older one's.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECTS, copy_project, pdf_text, run_pipeline
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REDLINE = "output/metodika/metodika-zmeny-HEAD-1-HEAD"
DELETED_PARAGRAPH = "Podnět může podat kdokoli, i anonymně.\nPracovník jej zapíše do spisu.\n"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def git(repo: Path, *args: str, author: str = "Jana Nováková", date: str = "2026-05-04T10:00:00+02:00") -> str:
    """Run git in ``repo`` as ``author`` at ``date``; return its output."""
    env = {
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "autor@example.cz", "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "autor@example.cz", "GIT_COMMITTER_DATE": date,
        "PATH": os.environ.get("PATH", ""), "HOME": str(repo),
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_history(source: Path, target: Path) -> Path:
    """Return a repository with the older methodology (HEAD~1) and the newer one (HEAD)."""
    repo = copy_project(source, target)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Eva Malá")
    chapter = repo / "sources/metodika/02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + DELETED_PARAGRAPH, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "older")
    edit(repo / "sources/metodika/01-uvod.md", "Vydává ji {{ organizace.nazev }}.", "Metodiku vydává {{ organizace.nazev }}.")
    edit(repo / "sources/metodika/01-uvod.md", "## Komu je určena", "## Pro koho je určena")
    edit(chapter, "\n" + DELETED_PARAGRAPH, "")
    edit(chapter, "| Šetření | 14 dnů |", "| Šetření | 14 dnů |\n| Plán | 30 dnů |")
    git(repo, "commit", "-qam", "newer", author="Petr Král", date="2026-06-01T09:30:00+02:00")
    return repo


def clone(history: Path, tmp_path: Path) -> Path:
    """Return a fresh clone of the history, whose working tree a test may change."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(history), str(repo)], check=True, capture_output=True)
    return repo


def redline_of_changes(history: Path, tmp_path: Path, changes: list[tuple[str, str, str]]):
    """Change a clone's working tree (file, old, new) and return the run and the body of its redline against HEAD."""
    repo = clone(history, tmp_path)
    for name, old, new in changes:
        edit(repo / name, old, new)
    result = run_pipeline(repo, "diff", "HEAD", "--outputs", "docx", env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert result.exit_code == 0, result.stderr
    return result, body_of(repo / "output/metodika/metodika-zmeny-HEAD-pracovni-kopie.docx")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history(PROJECTS / "valid", tmp_path_factory.mktemp("redline") / "repo")


@pytest.fixture(scope="module")
def redline(history: Path):
    return run_pipeline(history, "diff", "HEAD~1", "HEAD")


def body_of(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(w("body"))


def tracked_changes(body: etree._Element) -> list[tuple[str, str, str, str]]:
    """Return (what, text, author, date) of every tracked change, in document order."""
    found = []
    for change in body.iter(w("ins"), w("del")):
        kind = etree.QName(change).localname
        parent = etree.QName(change.getparent()).localname
        text = "".join(node.text or "" for node in change.iter(w("t"), w("delText")))
        what = {"rPr": f"paragraph-mark-{kind}", "trPr": f"row-{kind}"}.get(parent, kind)
        found.append((what, text, change.get(w("author")), change.get(w("date"))))
    return found


def test_redline_shows_exactly_the_changes_with_author_and_date(history: Path, redline) -> None:
    assert redline.exit_code == 0, redline.stderr
    changes = tracked_changes(body_of(history / f"{REDLINE}.docx"))
    assert [(what, text) for what, text, _, _ in changes] == [
        ("del", "Vydává ji"),
        ("ins", "Metodiku vydává"),
        ("del", "Komu"),
        ("ins", "Pro koho"),
        ("row-ins", ""),
        ("ins", "Plán"),
        ("ins", "30\u00a0dnů"),
        ("paragraph-mark-del", ""),
        ("del", "Podnět může podat kdokoli, i\u00a0anonymně. Pracovník jej zapíše do spisu."),
    ]
    assert {(author, date) for _, _, author, date in changes} == {("Petr Král", "2026-06-01T07:30:00Z")}
    ids = [change.get(w("id")) for change in body_of(history / f"{REDLINE}.docx").iter(w("ins"), w("del"))]
    assert len(ids) == len(set(ids)), "Word needs a unique id per change"
    with zipfile.ZipFile(history / f"{REDLINE}.docx") as archive:
        settings = [etree.QName(child).localname for child in etree.fromstring(archive.read("word/settings.xml"))]
    # Track Changes is on, so a reviewer's own edits are tracked too; the schema's order is kept.
    assert settings.index("trackRevisions") == settings.index("doNotTrackMoves") - 1


def test_the_normal_outputs_are_untouched(history: Path, redline) -> None:
    assert redline.exit_code == 0
    written = sorted(path.name for path in (history / "output/metodika").iterdir())
    assert written == ["metodika-zmeny-HEAD-1-HEAD.docx", "metodika-zmeny-HEAD-1-HEAD.pdf"]
    assert git(history, "status", "--porcelain", "--untracked-files=no") == ""


def paragraph_texts(body: etree._Element) -> list[str]:
    """Return the text of every body paragraph (table cells too) except the contents, in order."""
    texts = []
    for paragraph in body.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        if style is not None and style.get(w("val")).upper().startswith("TOC"):
            continue
        texts.append("".join(node.text or "" for node in paragraph.iter(w("t"))))
    return texts


def resolve_all(body: etree._Element, accept: bool) -> etree._Element:
    """Return a copy of ``body`` with every tracked change accepted (or rejected), as Word does it."""
    body = etree.fromstring(etree.tostring(body))
    drop, keep = (w("del"), w("ins")) if accept else (w("ins"), w("del"))
    for row in list(body.iter(w("tr"))):
        if row.find(f"{w('trPr')}/{drop}") is not None:
            row.getparent().remove(row)
    for paragraph in list(body.iter(w("p"))):
        mark = paragraph.find(f"{w('pPr')}/{w('rPr')}/{drop}")
        for change in list(paragraph.iter(drop)):
            if change.getparent().tag != w("rPr"):
                change.getparent().remove(change)
        if mark is not None:
            # The paragraph mark goes: what is left joins the next paragraph.
            following = paragraph.getnext()
            left = [child for child in paragraph if child.tag != w("pPr")]
            if following is not None and following.tag == w("p"):
                anchor = following.find(w("pPr"))
                for child in reversed(left):
                    (anchor.addnext(child) if anchor is not None else following.insert(0, child))
            paragraph.getparent().remove(paragraph)
    for change in list(body.iter(keep)):
        if change.getparent().tag in {w("rPr"), w("trPr")}:
            change.getparent().remove(change)
            continue
        for deleted in change.iter(w("delText")):
            deleted.tag = w("t")
        parent = change.getparent()
        index = parent.index(change)
        for child in reversed(list(change)):
            parent.insert(index, child)
        parent.remove(change)
    return body


def build_docx(repo: Path) -> etree._Element:
    result = run_pipeline(repo, "build", "--force", "--format", "docx", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    return body_of(repo / "output/metodika/metodika.docx")


@pytest.fixture(scope="module")
def older_checkout(history: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("older") / "repo"
    subprocess.run(["git", "clone", "-q", str(history), str(target)], check=True, capture_output=True)
    git(target, "checkout", "-q", "HEAD~1")
    return target


def test_accepting_all_changes_gives_the_newer_build(history: Path, redline, tmp_path: Path) -> None:
    assert redline.exit_code == 0
    newer = copy_project(history, tmp_path / "newer")
    accepted = resolve_all(body_of(history / f"{REDLINE}.docx"), accept=True)
    assert paragraph_texts(accepted) == paragraph_texts(build_docx(newer))


def test_rejecting_all_changes_gives_the_older_build(history: Path, redline, older_checkout: Path) -> None:
    assert redline.exit_code == 0
    rejected = resolve_all(body_of(history / f"{REDLINE}.docx"), accept=False)
    older = paragraph_texts(build_docx(older_checkout))
    assert paragraph_texts(rejected) == older
    assert "Podnět může podat kdokoli, i\u00a0anonymně. Pracovník jej zapíše do spisu." in older


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_redline_with_its_tracked_changes(history: Path, redline, tmp_path: Path) -> None:
    assert redline.exit_code == 0
    shutil.copyfile(history / f"{REDLINE}.docx", tmp_path / "redline.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path), str(tmp_path / "redline.docx")],
        check=True, capture_output=True, timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "redline.odt") as archive:
        content = etree.fromstring(archive.read("content.xml"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    regions = content.findall(f".//{{{text}}}tracked-changes/{{{text}}}changed-region")
    kinds = [etree.QName(region[0]).localname for region in regions]
    # The new row's two cells are LibreOffice's third and fourth insertion.
    assert kinds == ["deletion", "insertion", "deletion", "insertion", "insertion", "insertion", "deletion"]
    authors = {node.text for node in content.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert authors == {"Petr Král"}
    deleted = " ".join("".join(region.itertext()) for region in regions)
    assert "Vydává ji" in deleted and "Podnět může podat kdokoli" in deleted


def test_the_pdf_shows_both_texts_with_a_legend(history: Path, redline) -> None:
    assert redline.exit_code == 0
    text = " ".join(pdf_text(history / f"{REDLINE}.pdf").split())
    assert "Změny mezi verzemi HEAD~1 a HEAD: vložený text, odstraněný text." in text
    assert "Vydává ji Metodiku vydává Obec Horní Lhota" in text
    assert "Podnět může podat kdokoli, i anonymně." in text
    assert "Plán 30 dnů" in text


def test_summary_names_the_changes_in_the_documents_terms(redline) -> None:
    assert redline.exit_code == 0
    assert redline.stdout.splitlines() == [
        "Změny mezi verzemi HEAD~1 a HEAD:",
        "metodika:",
        "  kapitola 1 „Úvod“: změněn text",
        "  podkapitola 1.1 „Pro koho je určena“: nadpis přejmenován z „Komu je určena“ na „Pro koho je určena“",
        "  kapitola 2 „Postup“: tabulka: přidán řádek „Plán“; odstraněn odstavec",
        f"zapsáno: {REDLINE}.docx",
        f"zapsáno: {REDLINE}.pdf",
    ]


def test_summary_as_json(history: Path, redline) -> None:
    result = run_pipeline(history, "diff", "HEAD~1", "HEAD", "--format", "json", "--outputs", "docx")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"]["revision"] == "HEAD~1" and data["to"]["revision"] == "HEAD"
    assert data["documents"] == [{
        "document": "metodika",
        "note": None,
        "changes": [
            {"place": "kapitola 1 „Úvod“", "changes": ["změněn text"]},
            {"place": "podkapitola 1.1 „Pro koho je určena“",
             "changes": ["nadpis přejmenován z „Komu je určena“ na „Pro koho je určena“"]},
            {"place": "kapitola 2 „Postup“", "changes": ["tabulka: přidán řádek „Plán“", "odstraněn odstavec"]},
        ],
    }]
    assert data["written"] == [f"{REDLINE}.docx"]


def test_working_tree_is_the_default_newer_revision(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    git(repo, "config", "user.name", "Eva Malá")
    edit(repo / "sources/metodika/predmluva.md", "zkušenosti obce", "dlouholeté zkušenosti obce")
    result = run_pipeline(repo, "diff", "HEAD", "--outputs", "docx", env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert result.exit_code == 0, result.stderr
    assert "  „Předmluva“: změněn text" in result.stdout.splitlines()
    changes = tracked_changes(body_of(repo / "output/metodika/metodika-zmeny-HEAD-pracovni-kopie.docx"))
    assert changes == [("ins", "dlouholeté ", "Eva Malá", "2026-05-28T20:26:40Z")]


def test_unchanged_revisions_write_nothing(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    result = run_pipeline(repo, "diff", "HEAD", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["Změny mezi verzemi HEAD a HEAD:", "beze změn: metodika"]
    assert not (repo / "output").exists()


def test_quality_standards_changes_are_named_by_criterion(tmp_path: Path) -> None:
    repo = copy_project(PROJECTS / "standards", tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "older")
    edit(repo / "sources/ospod-lhota/kriteria/2a.md", "dvě konzultační místnosti", "tři konzultační místnosti")
    git(repo, "commit", "-qam", "newer")
    result = run_pipeline(repo, "diff", "HEAD~1", "HEAD", "sources/ospod-lhota", "--outputs", "docx")
    assert result.exit_code == 0, result.stderr
    assert "  kritérium 2a: změněn text" in result.stdout.splitlines()
    changes = tracked_changes(body_of(repo / "output/ospod-lhota/ospod-lhota-zmeny-HEAD-1-HEAD.docx"))
    assert [(what, text) for what, text, _, _ in changes] == [("del", "dvě"), ("ins", "tři")]


# --- bad input: one Czech line, exit 1, no traceback, nothing written ---------


def assert_refused(result, message: str, repo: Path) -> None:
    assert result.exit_code == 1
    assert result.stderr == f"chyba: {message}\n"
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(repo.glob("output/**/*-zmeny-*"))


def test_unknown_revision(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    result = run_pipeline(repo, "diff", "v9.9")
    assert_refused(result, "neznámá revize 'v9.9' (zadejte commit, větev nebo značku, např. HEAD~1)", repo)


def test_not_a_git_repository(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    result = run_pipeline(project, "diff", "HEAD~1")
    assert_refused(result, f"složka {project} není v repozitáři Git (porovnání verzí potřebuje Git)", project)


def test_document_missing_at_a_revision(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    shutil.copytree(repo / "sources/metodika", repo / "sources/metodika-nova")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "another document")
    result = run_pipeline(repo, "diff", "HEAD~1", "HEAD", "sources/metodika-nova")
    assert_refused(
        result, "dokument sources/metodika-nova ve verzi HEAD~1 neexistuje (zkontrolujte cestu a revizi)", repo
    )
    # Without a path, a new document is named and the others are compared.
    everything = run_pipeline(repo, "diff", "HEAD~1", "HEAD")
    assert everything.exit_code == 0, everything.stderr
    assert everything.stdout.splitlines() == [
        "Změny mezi verzemi HEAD~1 a HEAD:",
        "metodika-nova: nový dokument (ve verzi HEAD~1 není)",
        "beze změn: metodika",
    ]


def test_broken_sources_at_a_revision(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    edit(repo / "sources/metodika/01-uvod.md", "{{ organizace.nazev }}", "{{ organisace.nazev }}")
    result = run_pipeline(repo, "diff", "HEAD")
    assert_refused(
        result,
        "dokument sources/metodika ve verzi pracovní kopie nelze sestavit: nedefinovaná proměnná 'organisace' "
        "(spusťte pipeline check v té verzi, nebo zvolte jinou revizi)",
        repo,
    )


def test_docx_is_reproducible(history: Path, redline, tmp_path: Path) -> None:
    assert redline.exit_code == 0
    first = (history / f"{REDLINE}.docx").read_bytes()
    again = run_pipeline(history, "diff", "HEAD~1", "HEAD", "--outputs", "docx")
    assert again.exit_code == 0
    assert (history / f"{REDLINE}.docx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None


# --- the comparison itself, on small bodies ------------------------------------


def compare(old: str, new: str):
    """Return the marked text and the edits of comparing two Markdown bodies."""
    from pipeline.pandoc import markdown_to_ast
    from pipeline.redline.compare import Comparison
    from pipeline.revisions import Stamp

    comparison = Comparison(lambda change, text: Stamp("Jana Nováková", "2026-01-01T00:00:00Z"))
    blocks = comparison.body(markdown_to_ast(old)["blocks"], markdown_to_ast(new)["blocks"])
    return marked(blocks).strip(), [(edit.location, edit.description) for edit in comparison.edits]


def marked(value) -> str:
    """Return the text of AST nodes with changes as ``[-deleted-]`` and ``{+inserted+}``."""
    if isinstance(value, list):
        return "".join(marked(item) for item in value)
    if not isinstance(value, dict):
        return ""
    kind, content = value.get("t"), value.get("c")
    if kind == "Str":
        return content
    if kind in {"Space", "SoftBreak"}:
        return " "
    if kind == "Span" and "insertion" in content[0][1]:
        return "{+" + marked(content[1]) + "+}"
    if kind == "Span" and "deletion" in content[0][1]:
        return "[-" + marked(content[1]) + "-]"
    if kind == "Note":
        return "^(" + marked(content).strip() + ")"
    inner = "".join(marked(item) for item in (content if isinstance(content, list) else []))
    return inner + "\n" if kind in {"Para", "Plain", "Header"} else inner


def test_a_moved_paragraph_is_named_as_moved() -> None:
    old = "# Podnět\n\nPodnět lze podat ústně i písemně.\n\nZáznam pořídí pracovník.\n\n# Šetření\n\nŠetření probíhá v domácnosti.\n"
    new = "# Podnět\n\nZáznam pořídí pracovník.\n\n# Šetření\n\nŠetření probíhá v domácnosti.\n\nPodnět lze podat ústně i písemně.\n"
    text, edits = compare(old, new)
    assert "[-Podnět lze podat ústně i písemně.-]" in text and "{+Podnět lze podat ústně i písemně.+}" in text
    assert edits == [
        ("kapitola 1 „Podnět“", "přesunuto odsud (kapitola 2 „Šetření“)"),
        ("kapitola 2 „Šetření“", "přesunuto sem (kapitola 1 „Podnět“)"),
    ]


def test_a_changed_table_cell_is_marked_word_by_word() -> None:
    old = "| Krok | Lhůta |\n|---|---|\n| Podnět | 3 dny |\n| Šetření | 14 dnů |\n"
    new = "| Krok | Lhůta |\n|---|---|\n| Podnět | 5 dnů |\n| Šetření | 14 dnů |\n"
    text, edits = compare(old, new)
    assert text.split("\n") == ["Krok", "Lhůta", "Podnět", "[-3 dny-]{+5 dnů+}", "Šetření", "14 dnů"]
    assert edits == [("začátek dokumentu", "tabulka, řádek „Podnět“: změněn text")]


def test_a_new_list_item_and_a_changed_footnote() -> None:
    old = "Postup má kroky.[^1]\n\n- podnět\n- šetření\n\n[^1]: Podle metodiky kraje z roku 2020.\n"
    new = "Postup má kroky.[^1]\n\n- podnět\n- plán\n- šetření\n\n[^1]: Podle metodiky kraje z roku 2024.\n"
    text, edits = compare(old, new)
    assert "^(Podle metodiky kraje z roku [-2020.-]{+2024.+})" in text
    assert "{+plán+}" in text
    assert edits == [
        ("začátek dokumentu", "poznámka pod čarou: změněn text"),
        ("začátek dokumentu", "změněn text"),
        ("začátek dokumentu", "seznam: nová položka"),
    ]


def test_unrelated_paragraphs_are_replaced_not_mixed_word_by_word() -> None:
    text, edits = compare("Úřad sídlí v Lipové.\n", "Konzultace jsou zdarma a bez objednání.\n")
    assert text == "[-Úřad sídlí v Lipové.-]\n{+Konzultace jsou zdarma a bez objednání.+}"
    assert edits == [("začátek dokumentu", "odstraněn odstavec"), ("začátek dokumentu", "nový odstavec")]


def test_places_are_named_as_the_field_names_them() -> None:
    old = (
        "# Depistáž\n\n## Vyhledávání v terénu {#kap:cinnost-1}\n\nPracovník obchází lokality jednou týdně.\n\n"
        "# Standard 4: Prevence {.unnumbered}\n\n## Kritérium 4b {.unnumbered}\n\nÚřad pořádá besedy ve školách.\n"
    )
    new = old.replace("jednou týdně", "dvakrát týdně").replace("ve školách", "ve školách a klubech")
    _, edits = compare(old, new)
    assert edits == [("činnost 1.1 „Vyhledávání v terénu“", "změněn text"), ("kritérium 4b", "změněn text")]


def test_deleted_links_and_cross_references_keep_words_schema(history: Path, tmp_path: Path) -> None:
    _, body = redline_of_changes(history, tmp_path, [
        ("sources/metodika/02-postup.md", "Více na [webu ministerstva](https://www.mpsv.cz/).", ""),
        ("sources/metodika/01-uvod.md", "Lhůty shrnuje @tab:lhuty, postup", "Postup"),
    ])
    # Word wants w:hyperlink > w:del > w:r (and the same in fields), deleted text as w:delText.
    for change in body.iter(w("ins"), w("del")):
        assert not list(change.iter(w("hyperlink"), w("fldSimple")))
    for change in body.iter(w("del")):
        assert not list(change.iter(w("t"), w("instrText")))
    links = [link for link in body.iter(w("hyperlink")) if link.find(w("del")) is not None]
    assert ["".join(link.itertext()) for link in links] == ["webu ministerstva"]
    fields = [field for field in body.iter(w("fldSimple")) if field.find(w("del")) is not None]
    assert [(field.get(w("instr")).split()[0], "".join(field.itertext())) for field in fields] == [("REF", "1")]
    assert ("del", "Lhůty shrnuje tabulka\u00a0") in [(what, text) for what, text, _, _ in tracked_changes(body)]


def test_a_deleted_heading_leaves_the_contents(history: Path, tmp_path: Path) -> None:
    result, body = redline_of_changes(history, tmp_path, [
        ("sources/metodika/01-uvod.md", "## Pro koho je určena {#kap:komu}", ""),
        ("sources/metodika/01-uvod.md", "; cílové skupiny uvádí @kap:komu", ""),
    ])
    assert "  kapitola 1 „Úvod“: změněn text; odstraněn nadpis „Pro koho je určena“" in result.stdout.splitlines()
    contents = [text for text in (
        "".join(p.itertext()) for p in body.iter(w("p"))
        if (p.find(f"{w('pPr')}/{w('pStyle')}") is not None
            and p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")).upper().startswith("TOC"))
    )]
    assert "1 Úvod" in contents and "2 Postup" in contents
    assert not any("Pro koho" in text for text in contents) and "" not in contents
    assert ("paragraph-mark-del", "") in [(what, text) for what, text, _, _ in tracked_changes(body)]


def test_a_row_with_merged_cells_is_replaced_whole() -> None:
    from pipeline.pandoc import markdown_to_ast
    from pipeline.redline.compare import Comparison
    from pipeline.revisions import Stamp

    table = "| Krok | Lhůta |\n|---|---|\n| Podnět | 3 dny |\n"
    old, new = markdown_to_ast(table)["blocks"], markdown_to_ast(table)["blocks"]
    row = new[0]["c"][4][0][3][0]
    row[1][0][3] = 2  # the first cell spans both columns ...
    del row[1][1]  # ... and the second is gone
    comparison = Comparison(lambda change, text: Stamp("Jana Nováková", "2026-01-01T00:00:00Z"))
    blocks = comparison.body(old, new)
    rows = blocks[0]["c"][4][0][3]
    assert [len(cells) for _, cells in rows] == [2, 1]
    assert marked(blocks).split("\n")[2:4] == ["[-Podnět-]", "[-3 dny-]"]
    assert [edit.description for edit in comparison.edits] == ["tabulka: změněn řádek „Podnět“"]


def test_each_change_is_signed_by_the_commit_that_made_it(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    chapter = repo / "sources/metodika/02-postup.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSupervize probíhá jednou měsíčně.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "supervision", author="Eva Malá", date="2026-07-01T08:00:00+02:00")
    result = run_pipeline(repo, "diff", "HEAD~2", "HEAD", "--outputs", "docx")
    assert result.exit_code == 0, result.stderr
    changes = tracked_changes(body_of(repo / "output/metodika/metodika-zmeny-HEAD-2-HEAD.docx"))
    signed = {text: (author, date) for _, text, author, date in changes if text}
    assert signed["Metodiku vydává"] == ("Petr Král", "2026-06-01T07:30:00Z")
    assert signed["Plán"] == ("Petr Král", "2026-06-01T07:30:00Z")
    assert signed["Supervize probíhá jednou měsíčně."] == ("Eva Malá", "2026-07-01T06:00:00Z")


def test_a_link_out_of_the_project_at_a_revision_is_refused(history: Path, tmp_path: Path) -> None:
    repo = clone(history, tmp_path)
    (repo / "sources/metodika/odkaz.txt").symlink_to("/etc/hostname")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a link")
    result = run_pipeline(repo, "diff", "HEAD~1", "HEAD")
    assert_refused(
        result, "ve verzi HEAD je 'sources/metodika/odkaz.txt' odkaz mimo projekt; zdroje jej nesmějí obsahovat", repo
    )


def test_revisions_one_step_apart_get_different_output_names() -> None:
    from pipeline.revisions import Revision

    labels = [Revision(name, "0123456789abcdef").label for name in ("HEAD^", "HEAD^^", "HEAD~3", "main@{1}")]
    assert labels == ["HEAD-1", "HEAD-2", "HEAD-3", "main-1"]
    assert Revision("HEAD", None).label == "pracovni-kopie"


def test_czech_file_names_come_back_from_git_as_written(history: Path, tmp_path: Path) -> None:
    from pipeline.project import Project
    from pipeline.revisions import Repository, Revision

    repo = clone(history, tmp_path)
    (repo / "sources/metodika/doplněk.md").write_text("# Doplněk\n\nText.\n", encoding="utf-8")
    repository = Repository(Project(repo))
    head = Revision("HEAD", git(repo, "rev-parse", "HEAD").strip())
    assert repository.changed_paths(head, Revision("pracovní kopie", None)) == ["sources/metodika/doplněk.md"]


def test_a_deleted_row_and_an_edited_next_row_pair_by_content() -> None:
    old = (
        "| Situace | Znaky | Postup |\n|---|---|---|\n| zadlužení | exekuce | dluhová poradna |\n"
        "| ohrožení dítěte | zanedbání péče | oznámení OSPOD |\n"
        "| domácí násilí | zranění, strach z partnera | bezpečnostní plán |\n| bydlení | výpověď | azylový dům |\n"
    )
    new = old.replace("| ohrožení dítěte | zanedbání péče | oznámení OSPOD |\n", "").replace(
        "| bezpečnostní plán |", "| bezpečnostní plán a policie |")
    text, edits = compare(old, new)
    assert text.split("\n") == [
        "Situace", "Znaky", "Postup", "zadlužení", "exekuce", "dluhová poradna",
        "[-ohrožení dítěte-]", "[-zanedbání péče-]", "[-oznámení OSPOD-]",
        "domácí násilí", "zranění, strach z partnera", "bezpečnostní plán{+ a policie+}",
        "bydlení", "výpověď", "azylový dům",
    ]
    assert edits == [
        ("začátek dokumentu", "tabulka: odstraněn řádek „ohrožení dítěte“"),
        ("začátek dokumentu", "tabulka, řádek „domácí násilí“: změněn text"),
    ]


def test_a_deleted_list_item_and_an_edited_next_item_pair_by_content() -> None:
    old = ("- podnět přijme sociální pracovník\n- šetření proběhne v domácnosti klienta\n"
           "- plán vznikne do třiceti dnů od podnětu\n- vyhodnocení plánu\n")
    new = "- podnět přijme sociální pracovník\n- plán vznikne do šedesáti dnů od podnětu\n- vyhodnocení plánu\n"
    text, edits = compare(old, new)
    assert text.split("\n") == [
        "podnět přijme sociální pracovník", "[-šetření proběhne v domácnosti klienta-]",
        "plán vznikne do [-třiceti-]{+šedesáti+} dnů od podnětu", "vyhodnocení plánu",
    ]
    assert edits == [("začátek dokumentu", "seznam: odstraněna položka"), ("začátek dokumentu", "seznam: změněn text")]


def test_an_edited_row_and_a_new_row_after_it_pair_by_content() -> None:
    old = "| Krok | Lhůta |\n|---|---|\n| Podnět | 3 dny |\n"
    new = "| Krok | Lhůta |\n|---|---|\n| Šetření | 14 dnů |\n| Podnět | 5 dnů |\n"
    text, edits = compare(old, new)
    assert text.split("\n") == ["Krok", "Lhůta", "{+Šetření+}", "{+14 dnů+}", "Podnět", "[-3 dny-]{+5 dnů+}"]
    assert edits == [
        ("začátek dokumentu", "tabulka: přidán řádek „Šetření“"),
        ("začátek dokumentu", "tabulka, řádek „Podnět“: změněn text"),
    ]
