"""``check`` promises what ``build`` does (issue 14, item 4).

Every input here once passed ``check`` and then failed the build, or crashed
it: DOCX property limits, characters a DOCX or the PDF's fonts cannot hold,
formulas without alt text, broken frames (Word and Typst), runaway numbers in
records. Now ``check`` refuses each with exactly the lines ``build`` prints,
located at the offending value, and neither writes anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import assert_refused, valid_project
from inputs_refused import ALL, BadInput


@pytest.mark.parametrize("bad", ALL, ids=str)
def test_check_refuses_with_the_lines_build_refuses_with(tmp_path: Path, bad: BadInput) -> None:
    project = valid_project(tmp_path / "p", bad.base)
    bad.change(project)

    checked = assert_refused(project, "check")
    built = assert_refused(project, "build")

    errors = [line for line in checked if ": chyba: " in line]
    assert checked == built
    assert any(line.startswith(bad.place) and all(word in line for word in bad.words) for line in errors), errors


def test_a_frame_that_fails_on_one_documents_data_only_fails_check_of_all(tmp_path: Path) -> None:
    # The PDF frame is checked with each document's data, as the build compiles it, not with the first one's only.
    import shutil

    from conftest import REPOSITORY

    project = valid_project(tmp_path / "p", "standards")
    shutil.copytree(REPOSITORY / "templates", project / "templates")
    frame = project / "templates" / "quality-standards" / "frame.typ"
    text = frame.read_text(encoding="utf-8")
    anchor = "#cover\n"
    panic = '#if data.urad.nazev.contains("Lhota") { panic("jen Lhota") }'
    frame.write_text(text.replace(anchor, f"{anchor}{panic}\n"), encoding="utf-8")
    line = frame.read_text(encoding="utf-8").splitlines().index(panic) + 1

    checked = assert_refused(project, "check")
    built = assert_refused(project, "build", "--format", "pdf")

    assert checked == built
    assert any(message.startswith(f"templates/quality-standards/frame.typ:{line}:") for message in checked), checked
