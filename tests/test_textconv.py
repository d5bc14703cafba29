"""``pipeline textconv``: a DOCX as canonical text, and ``git diff`` of a Word frame as readable text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECTS, REPOSITORY, copy_project, run_pipeline
from docx import Document
from docx.shared import Pt

FRAME = REPOSITORY / "templates/methodology/frame.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(PROJECTS / "valid", tmp_path_factory.mktemp("textconv") / "project")
    result = run_pipeline(project, "build", "--format", "docx", "--no-page-numbers")
    assert result.exit_code == 0, result.stderr
    return project / "output/metodika/metodika.docx"


def textconv(path: Path) -> str:
    result = run_pipeline(path.parent, "textconv", str(path))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_paragraphs_tables_headers_and_footnotes(built: Path) -> None:
    lines = textconv(built).splitlines()
    assert "[Title] Zkušební metodika" in lines
    assert "[heading 1] Postup" in lines
    assert lines[lines.index("[Table Caption] Tabulka 1: Lhůty postupu") + 1 :][:4] == [
        "[Tabulka]", "| Krok | Lhůta |", "| Podnět | 3\u00a0dny |", "| Šetření | 14\u00a0dnů |",
    ]
    assert any(line.startswith("=== Zápatí (default, oddíl") for line in lines)
    assert any(line.startswith("[First Paragraph] Metodika vznikla") and "Obec Horní Lhota.[^1] Lhůty" in line for line in lines)
    notes = lines[lines.index("=== Poznámky pod čarou ===") + 1 :]
    assert notes[0] == "[^1] Zákon č.\u00a0108/2006\u00a0Sb., o\u00a0sociálních službách."


def test_text_is_stable_across_a_resave(built: Path, tmp_path: Path) -> None:
    document = Document(str(built))
    document.save(str(tmp_path / "resaved.docx"))
    assert textconv(tmp_path / "resaved.docx") == textconv(built)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_text_is_stable_across_a_libreoffice_resave(tmp_path: Path) -> None:
    shutil.copyfile(FRAME, tmp_path / "frame.docx")
    (tmp_path / "out").mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "docx:MS Word 2007 XML",
         "--outdir", str(tmp_path / "out"), str(tmp_path / "frame.docx")],
        check=True, capture_output=True, timeout=180,
    )
    def paragraphs(path: Path) -> list[str]:
        return [line for line in textconv(path).split("\n=== ")[0].splitlines() if "] " in line]

    # LibreOffice keeps every text and style name; it may only drop empty paragraphs.
    assert paragraphs(tmp_path / "out/frame.docx") == paragraphs(tmp_path / "frame.docx")


def test_tracked_changes_are_marked(tmp_path: Path) -> None:
    from test_redline import make_history

    repo = make_history(PROJECTS / "valid", tmp_path / "repo")
    assert run_pipeline(repo, "diff", "HEAD~1", "HEAD", "--outputs", "docx").exit_code == 0
    lines = textconv(repo / "output/metodika/metodika-zmeny-HEAD-1-HEAD.docx").splitlines()
    assert "[heading 2] [-Komu-]{+Pro koho+} je určena" in lines
    assert "| {+Plán+} | {+30\u00a0dnů+} |" in lines


def test_not_a_docx(tmp_path: Path) -> None:
    (tmp_path / "dopis.docx").write_text("nejde o Word", encoding="utf-8")
    result = run_pipeline(tmp_path, "textconv", "dopis.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        "dopis.docx:1:1: chyba: soubor nelze přečíst jako dokument DOCX (je poškozený, nebo to není DOCX)\n"
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.\n"
    )


def test_a_zip_without_a_word_document(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "archiv.docx", "w") as archive:
        archive.writestr("obsah.xml", "<obsah/>")
    result = run_pipeline(tmp_path, "textconv", "archiv.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        "archiv.docx:1:1: chyba: v souboru chybí word/document.xml (není to dokument Wordu)\n"
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.\n"
    )


def test_git_diff_of_a_changed_frame_is_readable(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "templates/methodology").mkdir(parents=True)
    shutil.copyfile(REPOSITORY / ".gitattributes", repo / ".gitattributes")
    shutil.copyfile(FRAME, repo / "templates/methodology/frame.docx")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.cz", *args],
            cwd=repo, capture_output=True, text=True, check=True,
        ).stdout

    git("init", "-q")
    # The line the README asks for, with this interpreter instead of .venv/bin/pipeline.
    git("config", "diff.docx.textconv", f"{sys.executable} -m pipeline textconv")
    git("add", ".")
    git("commit", "-qm", "frame")
    frame = Document(str(repo / "templates/methodology/frame.docx"))
    for paragraph in frame.paragraphs:
        if paragraph.text == "Verze {{ dokument.verze }}":
            paragraph.runs[0].text, *_ = ("Vydání {{ dokument.verze }}",)
            for run in paragraph.runs[1:]:
                run.text = ""
    frame.styles["Title"].font.size = Pt(30)  # a designer's change: the title's size
    frame.save(str(repo / "templates/methodology/frame.docx"))
    diff = git("diff", "--", "templates/methodology/frame.docx")
    assert "Binary files" not in diff
    assert "-[Cover Details] Verze {{ dokument.verze }}" in diff.splitlines()
    assert "+[Cover Details] Vydání {{ dokument.verze }}" in diff.splitlines()
    title = [line for line in diff.splitlines() if line.startswith(("-[Title]", "+[Title]"))]
    assert len(title) == 2 and "sz(val=56)" in title[0] and "sz(val=60)" in title[1]
