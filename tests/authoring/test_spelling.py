"""``pipeline check --pravopis``: unknown words of the prose, located, with suggestions (issue 15, item 6)."""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

import pytest

from pipeline import spelling
from pipeline.errors import Diagnostics
from pipeline.project import Project
from conftest import PROJECTS, REPOSITORY, copy_project, run_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import LOCATED  # noqa: E402

pytestmark = pytest.mark.skipif(
    not spelling.DICTIONARY.with_suffix(".dic").is_file(), reason="slovník hunspell-cs není nainstalován"
)

UNKNOWN = re.compile(r"^(?P<where>\S+:\d+:\d+): varování: neznámé slovo „(?P<word>[^“]+)“ \((?P<hint>.+)\)$")


def unknown_words(stderr: str) -> dict[str, tuple[str, str]]:
    """Return each reported unknown word with where it was reported and the hint."""
    found = {}
    for line in stderr.splitlines():
        match = UNKNOWN.match(line)
        if match:
            found[match["word"]] = (match["where"], match["hint"])
    return found


def spelling_findings(project: Path) -> list[str]:
    """Return the spelling check's warnings on all of ``project``'s sources, as a user reads them."""
    diagnostics = Diagnostics()
    sources = Project(project)
    spelling.check_spelling(sources, [sources.sources], diagnostics)
    with contextlib.chdir(project):  # paths are shown relative to where the user stands
        return [str(diagnostic) for diagnostic in diagnostics.items]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(PROJECTS / "valid", tmp_path / "project")


def test_a_misspelt_word_in_a_chapter_is_reported_at_its_place_with_a_suggestion(project: Path) -> None:
    chapter = project / "sources" / "metodika" / "01-uvod.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "Každý sociálni pracovnik zná postup.")
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run_pipeline(project, "check", "--pravopis")

    found = unknown_words(result.stderr)
    assert found["sociálni"] == ("sources/metodika/01-uvod.md:3:7", found["sociálni"][1])
    assert found["pracovnik"][0] == "sources/metodika/01-uvod.md:3:16"
    assert "sociální" in found["sociálni"][1].removeprefix("návrhy: ").split(", ")
    assert "pracovník" in found["pracovnik"][1].removeprefix("návrhy: ").split(", ")
    assert all(LOCATED.match(line) for line in result.stderr.splitlines() if "neznámé slovo" in line)
    assert result.exit_code == 0, result.stderr  # a warning; only --strict makes it fail


def test_strict_makes_an_unknown_word_fail_the_check(project: Path) -> None:
    (project / "sources" / "metodika" / "02-postup.md").write_text("# Postup\n\nPostupujte pečlivňe.\n", encoding="utf-8")

    result = run_pipeline(project, "check", "--pravopis", "--strict")

    assert result.exit_code == 1
    assert "sources/metodika/02-postup.md:3:12: varování: neznámé slovo „pečlivňe“" in result.stderr


def test_prose_of_yaml_is_checked_where_the_value_stands(project: Path) -> None:
    document = project / "sources" / "metodika" / "document.yaml"
    text = document.read_text(encoding="utf-8").replace("subject: Testovací dokument", "subject: Testovací dokumnet")
    document.write_text(text, encoding="utf-8")
    line = text.splitlines().index("subject: Testovací dokumnet") + 1

    findings = spelling_findings(project)

    assert any(finding.startswith(f"sources/metodika/document.yaml:{line}:20: varování: neznámé slovo „dokumnet“")
               for finding in findings), findings


def test_code_addresses_keys_tags_numbers_and_capitals_are_not_prose(project: Path) -> None:
    chapter = project / "sources" / "metodika" / "02-postup.md"
    chapter.write_text(
        "# Postup {#kap:postupxq .unnumbered}\n\n"
        "Spusťte `pipeline chekxq` a otevřete https://example.cz/strankaxq nebo <mailto:ukaxq@example.cz>.\n"
        "Viz [@knihaxq2020, s. 5], @tab:tabulkaxq a [text](obrazky/obrazekxq.png){width=50%}.\n"
        "Název je {{ dokument.nazev }}{% if dokument.verze %} ve verzi {{ dokument.verze }}{% endif %}.\n"
        "Zkratka ABCXQ a kritérium 15xq se nekontrolují.<!-- komentarxq -->\n\n"
        "```\nkodxq v bloku\n```\n",
        encoding="utf-8",
    )

    findings = spelling_findings(project)

    assert not [finding for finding in findings if "xq" in finding], findings


def test_word_list_glossary_and_names_of_people_are_known(project: Path) -> None:
    sources = project / "sources"
    (sources / "metodika" / "02-postup.md").write_text(
        "# Postup\n\nPostup schválila Nováková s Kvalitexem.\n"
        "Kvalitex je slovo ze slovníku projektu.\n",
        encoding="utf-8",
    )
    (sources / "metodika" / "document.yaml").write_text(
        (sources / "metodika" / "document.yaml").read_text(encoding="utf-8")
        .replace("Mgr. Jana Nováková", "Mgr. Jana Kvalitexová"),
        encoding="utf-8",
    )
    before = spelling_findings(project)
    (sources / "slovnik.txt").write_text("# slova projektu\nkvalitex   # obchodní název\nKvalitexem\n", encoding="utf-8")

    after = spelling_findings(project)

    assert any("„Kvalitex“" in finding for finding in before), before
    assert not [finding for finding in after if "Kvalitex" in finding], after
    assert not [finding for finding in before if "Kvalitexová" in finding]  # an author's name is known


def test_a_missing_dictionary_says_how_to_install_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spelling, "DICTIONARY", project / "chybi" / "cs_CZ")

    result = run_pipeline(project, "check", "--pravopis")

    assert result.exit_code == 1
    assert "apt install hunspell-cs" in result.stderr
    assert result.stderr.startswith("chyba: český slovník")
    assert "Traceback" not in result.stderr


def test_the_sample_documents_have_no_unknown_words() -> None:
    findings = spelling_findings(REPOSITORY)

    assert findings == []


def test_only_the_first_unknown_words_of_a_run_get_suggestions(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spelling, "SUGGESTED_WORDS", 1)
    (project / "sources" / "metodika" / "02-postup.md").write_text(
        "# Postup\n\nPracovnik zapíše dokumnet.\n", encoding="utf-8"
    )

    findings = [finding for finding in spelling_findings(project) if "02-postup.md" in finding]

    assert len(findings) == 2
    assert findings[0].startswith("sources/metodika/02-postup.md:3:1: varování: neznámé slovo „Pracovnik“ (návrhy: Pracovník")
    assert findings[1] == ("sources/metodika/02-postup.md:3:18: varování: neznámé slovo „dokumnet“ "
                           "(návrhy se hledají jen u prvních 1 neznámých slov běhu)")


def test_an_images_alt_text_is_prose_its_other_attributes_are_not() -> None:
    text = 'Viz obrázek.\n![Schéma](obrazky/schema.png){#obr:schema alt="Modrý obdélnik" width=50%}\n'

    words = {word: offset for offset, word in spelling.markdown_words(text)}

    assert text[words["obdélnik"]:].startswith("obdélnik\" width")
    assert {"Schéma", "Modrý", "obdélnik"} <= words.keys()
    assert not {"obr", "schema", "alt", "width", "obrazky", "png"} & words.keys()


def test_a_text_that_links_out_of_the_project_is_not_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "tajne.md"
    outside.write_text("Heslo je tajnexqslovo.\n", encoding="utf-8")
    (project / "sources" / "metodika" / "odkaz.md").symlink_to(outside)

    findings = spelling_findings(project)

    assert not [finding for finding in findings if "tajnexqslovo" in finding], findings
