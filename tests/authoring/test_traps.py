"""Nothing silently wrong (issue 15, item 4): mistakes a new author makes are said, located, in Czech.

Each section is one trap: a chapter that does not open with a level-1 heading,
a Markdown file no list names, an HTML comment, a misused template filter.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx import Document

from conftest import (
    ENV, PROJECTS, build_valid_with_chapter_text, copy_project, pdf_text, requires_poppler, run_pipeline,
)

# The hardening harness (assert_refused, valid_project) is shared with these tests; a conftest.py here
# would shadow the one of tests/ that it imports.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from harness import LOCATED, assert_refused, valid_project  # noqa: E402


def _write(project: Path, relative: str, text: str) -> Path:
    path = project / "sources" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _errors_about(lines: list[str], file: str) -> list[str]:
    """Return the located errors of ``lines`` about ``file`` (a path below sources/)."""
    return [line for line in lines if line.startswith(f"sources/{file}:") and ": chyba: " in line]


# -- 1. A written part opens with a level-1 heading ------------------------------------------------------------


def _refused(tmp_path: Path, file: str, text: str, base: str = "valid", command: str = "check") -> list[str]:
    """Write ``text`` to ``file`` (below sources/) of a copy of ``base``; return the run's errors about the file."""
    project = valid_project(tmp_path / "project", base=base)
    _write(project, file, text)
    return _errors_about(assert_refused(project, command), file)


def test_methodology_chapter_opening_with_level_two_heading_is_an_error(tmp_path: Path) -> None:
    errors = _refused(tmp_path, "metodika/02-postup.md", "\n## Postup\n\nPrvní krok.\n", command="build")
    assert errors == [
        "sources/metodika/02-postup.md:2:1: chyba: kapitola začíná nadpisem úrovně 2 'Postup', připojila by se "
        "k předchozí části dokumentu a čísla dalších kapitol by se posunula "
        "(první nadpis souboru musí mít úroveň 1: # Postup)"
    ]


def test_chapter_without_any_heading_is_an_error(tmp_path: Path) -> None:
    assert _refused(tmp_path, "metodika/02-postup.md", "\n\nJen text bez nadpisu.\n") == [
        "sources/metodika/02-postup.md:3:1: chyba: kapitola nemá žádný nadpis, její text by se připojil "
        "k předchozí části dokumentu (začněte soubor nadpisem úrovně 1, např. # Název)"
    ]


def test_annex_with_text_before_its_heading_is_an_error(tmp_path: Path) -> None:
    text = "Úvodní věta.\n\n# Formulář záznamu {#pril:formular}\n\nJméno:\n"
    assert _refused(tmp_path, "metodika/priloha-formular.md", text) == [
        "sources/metodika/priloha-formular.md:1:1: chyba: text před nadpisem 'Formulář záznamu' by se připojil "
        "k předchozí části dokumentu (soubor musí začínat nadpisem; přesuňte # Formulář záznamu na začátek)"
    ]


@pytest.mark.parametrize(("base", "file", "text", "expected"), [
    pytest.param("valid", "metodika/predmluva.md", "## Předmluva\n\nText.\n",
                 "1:1: chyba: úvodní část začíná nadpisem úrovně 2 'Předmluva'", id="methodology front matter"),
    pytest.param("report", "zpravy/zaverecna.md", "## Shrnutí projektu\n\nProjekt skončil.\n",
                 "1:1: chyba: kapitola začíná nadpisem úrovně 2 'Shrnutí projektu'", id="report chapter"),
    pytest.param("minimum-standard", "podklad/uvod.md", "## Úvod\n\n{{ katalog.pocet_cinnosti }} činnosti.\n",
                 "1:1: chyba: kapitola začíná nadpisem úrovně 2 'Úvod'", id="minimum standard introduction"),
    pytest.param("standards", "ospod-lhota/prilohy/13-pravidla-stiznosti.md", "## Pravidla\n\nStížnost.\n",
                 "1:1: chyba: příloha začíná nadpisem úrovně 2 'Pravidla'", id="standards annex"),
])
def test_part_of_every_kind_opening_with_level_two_heading_is_an_error(
    tmp_path: Path, base: str, file: str, text: str, expected: str
) -> None:
    errors = _refused(tmp_path, file, text, base)
    assert len(errors) == 1 and errors[0].startswith(f"sources/{file}:{expected}"), errors


def test_criterion_text_heading_that_would_end_its_criterion_is_an_error(tmp_path: Path) -> None:
    # A criterion text stands under the generated "## Kritérium 2a": its headings must be ### or deeper.
    text = "---\nreviewed: 2025-11-01\n---\nÚřad má dvě místnosti.\n\n## Vybavení\n\nStůl a židle.\n"
    assert _refused(tmp_path, "ospod-lhota/kriteria/2a.md", text, "standards") == [
        "sources/ospod-lhota/kriteria/2a.md:6:1: chyba: nadpis 'Vybavení' má úroveň 2, ale text stojí pod nadpisem "
        "úrovně 2, který vytváří pipeline; takový nadpis by jej ukončil (použijte úroveň 3 nebo nižší: ### Vybavení)"
    ]


def test_criterion_text_without_heading_or_with_a_deeper_one_is_fine(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    _write(project, "ospod-lhota/kriteria/2a.md",
           "---\nreviewed: 2025-11-01\n---\nÚřad má dvě místnosti.\n\n### Vybavení\n\nStůl a židle.\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "chyba" not in result.stderr


# -- 2. A Markdown file that no list names ---------------------------------------------------------------------


def _warnings_about(stderr: str, file: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"sources/{file}:") and ": varování: " in line]


def test_unlisted_chapter_file_is_a_warning_naming_it(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    _write(project, "metodika/03-zaver.md", "# Závěr\n\nNa tuto kapitolu autor zapomněl.\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert _warnings_about(result.stderr, "metodika/03-zaver.md") == [
        "sources/metodika/03-zaver.md:1:1: varování: soubor '03-zaver.md' neuvádí document.yaml, do dokumentu se "
        "nedostane (uveďte jej v document.yaml mezi ostatní soubory (front_matter, chapters, annexes), nebo jej "
        "přesuňte mimo složku dokumentu)"
    ]
    strict = run_pipeline(project, "check", "--strict", env=ENV)
    assert strict.exit_code != 0 and "03-zaver.md" in strict.stderr


def test_unlisted_file_beside_listed_chapters_in_a_subfolder_is_a_warning(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    yaml = project / "sources" / "metodika" / "document.yaml"
    listed = yaml.read_text(encoding="utf-8").replace("  - 02-postup.md\n", "  - 02-postup.md\n  - kapitoly/03-a.md\n")
    yaml.write_text(listed, encoding="utf-8")
    _write(project, "metodika/kapitoly/03-a.md", "# Třetí\n\nText.\n")
    _write(project, "metodika/kapitoly/03-b.md", "# Čtvrtá\n\nText.\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert len(_warnings_about(result.stderr, "metodika/kapitoly/03-b.md")) == 1, result.stderr
    assert "03-a.md" not in result.stderr


def test_readme_and_files_in_other_folders_are_not_warned_about(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "valid", tmp_path / "project")
    _write(project, "metodika/README.md", "Poznámky pro autory.\n")
    _write(project, "metodika/obrazky/popis.md", "Odkud jsou obrázky.\n")
    _write(project, "metodika/.koncept.md", "# Rozepsaný text\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    for name in ("README.md", "popis.md", "koncept.md"):
        assert name not in result.stderr, result.stderr


def test_unlisted_report_chapter_is_a_warning_also_when_one_period_is_built(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    _write(project, "zpravy/obdobi-3.md", "# Třetí období\n\nText.\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "varování" in line and ".md" in line]
    # Chapters named anywhere in document.yaml (periods, final, evaluation) are not warned about.
    assert warnings == [
        "sources/zpravy/obdobi-3.md:1:1: varování: soubor 'obdobi-3.md' neuvádí document.yaml, do dokumentu se "
        "nedostane (uveďte jej v document.yaml mezi ostatní soubory (periods, final, evaluation), nebo jej "
        "přesuňte mimo složku dokumentu)"
    ]


def test_markdown_file_at_the_top_of_a_standards_folder_is_a_warning(tmp_path: Path) -> None:
    # Criterion texts (kriteria/) and annexes (prilohy/) are taken by folder; a text beside document.yaml is not.
    project = copy_project(PROJECTS / "standards", tmp_path / "project")
    _write(project, "ospod-lhota/13-pravidla.md", "# Pravidla\n\nText.\n")
    result = run_pipeline(project, "check", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert len(_warnings_about(result.stderr, "ospod-lhota/13-pravidla.md")) == 1, result.stderr
    assert "kriteria/2a.md:1:1: varování: soubor" not in result.stderr


# -- 3. An HTML comment is a comment ---------------------------------------------------------------------------

COMMENTED = (
    "\nPřed poznámkou <!-- TAJNAPOZNAMKA jedna --> za poznámkou.\n\n"
    "<!--\nTAJNAPOZNAMKA dva\nna více řádcích\n-->\n\n"
    "- Položka seznamu <!-- TAJNAPOZNAMKA tři -->\n"
    "- Druhá položka\n\n"
    "<!-- TAJNAPOZNAMKA čtyři -->\n"
)


@pytest.fixture(scope="module")
def built_with_comments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the valid project with HTML comments in a chapter, built to DOCX and PDF."""
    return build_valid_with_chapter_text(tmp_path_factory.mktemp("comments") / "project", COMMENTED)


def test_html_comments_are_dropped_from_the_docx(built_with_comments: Path) -> None:
    document = Document(str(built_with_comments / "output" / "metodika" / "metodika.docx"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert not [text for text in texts if "TAJNAPOZNAMKA" in text or "více řádcích" in text]
    assert "Před poznámkou za poznámkou." in texts
    assert "Položka seznamu" in texts


@requires_poppler
def test_html_comments_are_dropped_from_the_pdf(built_with_comments: Path) -> None:
    text = pdf_text(built_with_comments / "output" / "metodika" / "metodika.pdf")
    assert "TAJNAPOZNAMKA" not in text and "více řádcích" not in text
    assert "Před poznámkou za poznámkou." in " ".join(text.split())


def test_other_raw_html_beside_a_comment_is_still_refused(tmp_path: Path) -> None:
    text = "# Postup\n\n<!-- poznámka -->\n\nText s <b>tučným</b> písmem.\n"
    errors = _refused(tmp_path, "metodika/02-postup.md", text)
    assert [line.split(": chyba: ")[0] for line in errors] == [
        "sources/metodika/02-postup.md:5:8", "sources/metodika/02-postup.md:5:17",
    ]
    assert all("surový kód formátu html není dovolen" in line for line in errors)


# -- 4. A misused template filter says how it is written --------------------------------------------------------

POCET_HINT = '(zápis: číslo|pocet("osoba", "osoby", "osob"); u desetinných čísel lze přidat čtvrtý tvar'


@pytest.fixture(scope="module")
def misused_filters(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Return the problem lines of checking the report project with a different misuse in each chapter."""
    project = valid_project(tmp_path_factory.mktemp("filters") / "project", base="report")
    _write(project, "zpravy/obdobi-1.md", '# Období\n\nPodpořeno {{ celkem|pocet("osoba", "osoby", "osob") }}.\n')
    _write(project, "zpravy/obdobi-2.md", '# Období\n\nKonalo se {{ celkem.pocet|pocet("událost") }}.\n')
    _write(project, "zpravy/zaverecna.md", "# Závěr\n\nPodpořeno {{ celkem.osoby|pocet(1, 2, 3) }}.\n")
    _write(project, "zpravy/evaluace.md", '# Evaluace\n\nSplněno na {{ obdobi.text|round(1) }} %.\n')
    return assert_refused(project, "check")


def test_filter_given_a_group_instead_of_a_number_names_the_filter_and_its_usage(misused_filters: list[str]) -> None:
    assert _errors_about(misused_filters, "zpravy/obdobi-1.md") == [
        "sources/zpravy/obdobi-1.md:3:21: chyba: filtr 'pocet' nelze použít na skupinu údajů (pocet, hodiny, "
        f"ucastnici, osoby), ne jeden z nich {POCET_HINT}, např. pocet(\"den\", \"dny\", \"dní\", \"dne\"))"
    ]


def test_filter_given_too_few_arguments_says_how_many_it_needs(misused_filters: list[str]) -> None:
    errors = _errors_about(misused_filters, "zpravy/obdobi-2.md")
    assert len(errors) == 1, misused_filters
    assert errors[0].startswith(
        "sources/zpravy/obdobi-2.md:3:27: chyba: filtr 'pocet' potřebuje v závorce 3 až 4 argumenty, dostal 1 "
    )
    assert POCET_HINT in errors[0]


def test_filter_given_numbers_for_words_names_the_argument(misused_filters: list[str]) -> None:
    errors = _errors_about(misused_filters, "zpravy/zaverecna.md")
    assert len(errors) == 1, misused_filters
    assert "chyba: filtr 'pocet' nepřijme jako argument číslo 1, čeká text v uvozovkách" in errors[0]


def test_jinja_filter_misuse_is_explained_too(misused_filters: list[str]) -> None:
    errors = _errors_about(misused_filters, "zpravy/evaluace.md")
    assert len(errors) == 1, misused_filters
    assert errors[0].startswith("sources/zpravy/evaluace.md:3:27: chyba: filtr 'round' nelze použít na text '")
    assert errors[0].endswith("(zápis: číslo|round(počet desetinných míst); např. hodnota|round(1))")
    assert all(LOCATED.match(line) for line in misused_filters)
