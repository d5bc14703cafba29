"""The minimum standard of social work in a municipality: chapters, matrix, legal index, gap reports.

Read as a user reads them: the DOCX through python-docx (field results
included, since activity numbers are Word fields), the PDF through pdftotext.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    PROJECTS,
    REPOSITORY,
    copy_project,
    libreoffice_pdf,
    pdf_text,
    requires_libreoffice,
    requires_poppler,
    run_pipeline,
)
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pipeline.activities.legal import LegalReference, legal_index
from pipeline.activities.staffing import Staffing, fte, staffing_text
from pipeline.model.activities import MunicipalityProfile, StaffingRatio

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the output folder of the fixture *Podklad* after one build."""
    project = copy_project(PROJECTS / "minimum-standard", tmp_path_factory.mktemp("minimum") / "project")
    result = run_pipeline(project, "build", "--no-page-numbers", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    return project / "output" / "podklad"


def text_of(element) -> str:
    """Return the text of a paragraph or cell with field results (python-docx's ``.text`` skips fldSimple)."""
    node = getattr(element, "_element", None)
    node = node if node is not None else element._tc
    return "".join(t.text or "" for t in node.iter(qn("w:t"))).replace("\u00a0", " ")


def rows(table) -> list[list[str]]:
    return [[text_of(cell) for cell in row.cells] for row in table.rows]


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """Return the style and text of each paragraph with text, the contents left out."""
    found = [(p.style.name, text_of(p)) for p in Document(str(path)).paragraphs if text_of(p).strip()]
    return [(style, text) for style, text in found if not style.startswith("toc")]


def table_starting(path: Path, head: str):
    return [t for t in Document(str(path)).tables if text_of(t.rows[0].cells[0]) == head]


def test_main_document_and_one_comparison_per_profile(built: Path) -> None:
    assert {p.name for p in built.iterdir()} == {
        "podklad.docx", "podklad.pdf",
        "podklad-obec-horni-lhota.docx", "podklad-obec-horni-lhota.pdf",
        "podklad-obec-zalesi.docx", "podklad-obec-zalesi.pdf",
        "manifest.json",
    }


def test_chapters_by_area_with_each_activity_and_its_details(built: Path) -> None:
    found = paragraphs(built / "podklad.docx")
    headings = [(style, text) for style, text in found if style in {"Heading 1", "Heading 2"}]
    assert headings[:8] == [
        ("Heading 1", "Úvod"),
        ("Heading 1", "Sociální poradenství"),
        ("Heading 2", "Základní sociální poradenství"),
        ("Heading 1", "Sociální šetření"),
        ("Heading 2", "Sociální šetření v domácnosti"),
        ("Heading 1", "Krizová intervence"),
        ("Heading 2", "Krizová intervence"),
        ("Heading 1", "Činnosti podle typu obce"),
    ]
    texts = [text for _, text in found]
    assert "Katalog popisuje 3 činnosti sociální práce v obcích." in texts  # {{ katalog.pocet_cinnosti }}
    start = texts.index("Sociální šetření v domácnosti")
    assert texts[start + 1 : start + 9] == [
        "Pracovník navštíví domácnost a posoudí životní situaci.",
        "Právní základ: § 7 zákona č. 111/2006 Sb.; § 92 písm. a) zákona č. 108/2006 Sb.",
        "Očekává se od obcí: obce s rozšířenou působností – povinná; obce s pověřeným obecním úřadem – doporučená;"
        " ostatní obce – neočekává se.",
        "Cílové skupiny: rodiny s dětmi; senioři.",
        "Ukazatele výkonu:",
        "počet sociálních šetření",
        "podíl šetření s navazující podporou",
        "Příklad z praxe: Po podnětu starosty pracovnice navštíví osamělou seniorku a domluví pečovatelskou službu.",
    ]


def test_matrix_is_a_table_with_a_header_row_and_numbered_activities(built: Path) -> None:
    (matrix,) = table_starting(built / "podklad.docx", "Činnost")
    assert rows(matrix) == [
        ["Činnost", "ORP", "POÚ", "Ostatní obce"],
        ["2.1 Základní sociální poradenství", "povinná", "povinná", "doporučená"],
        ["3.1 Sociální šetření v domácnosti", "povinná", "doporučená", "neočekává se"],
        ["4.1 Krizová intervence", "povinná", "neočekává se", "neočekává se"],
    ]
    header = matrix.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader"))
    assert header is not None  # repeated on every page, read as a header by screen readers
    # the activity number is a cross-reference field to the activity's heading
    assert "REF _Ref" in matrix.rows[1].cells[0]._tc.xml


def test_legal_index_is_sorted_by_law_and_section_numerically(built: Path) -> None:
    texts = [text for style, text in paragraphs(built / "podklad.docx") if style == "Heading 2"]
    assert texts[-2:] == ["Zákon č. 108/2006 Sb., o sociálních službách", "Zákon č. 111/2006 Sb., o pomoci v hmotné nouzi"]
    first, second = table_starting(built / "podklad.docx", "Ustanovení")
    assert rows(first) == [
        ["Ustanovení", "Činnosti"],
        ["§ 92 písm. a)", "3.1 Sociální šetření v domácnosti; 4.1 Krizová intervence"],
        ["§ 93", "4.1 Krizová intervence"],
        ["§ 93a odst. 1", "2.1 Základní sociální poradenství"],
    ]
    assert rows(second) == [
        ["Ustanovení", "Činnosti"],
        ["§ 7", "3.1 Sociální šetření v domácnosti"],
        ["§ 63", "2.1 Základní sociální poradenství"],
    ]


def test_staffing_ratio_is_printed_with_its_source(built: Path) -> None:
    (ratios,) = table_starting(built / "podklad.docx", "Typ obce")
    assert rows(ratios)[1] == [
        "obce s rozšířenou působností", "3 000",
        "Vnitřní doporučení odboru sociálních věcí Krajského úřadu Horního kraje č. 1/2026 (zkušební)",
    ]


def test_gap_report_lists_missing_activities_and_compares_staff_with_the_sourced_ratio(built: Path) -> None:
    path = built / "podklad-obec-horni-lhota.docx"
    texts = [text for _, text in paragraphs(path)]
    assert "Porovnání s minimálním standardem: Město Horní Lhota" in texts  # the cover title
    (facts,) = table_starting(path, "Údaj")
    assert rows(facts)[1:] == [
        ["Obec", "Město Horní Lhota"],
        ["Typ obce", "obec s rozšířenou působností"],
        ["Počet obyvatel", "12 000"],
        ["Úvazky sociálních pracovníků", "3,5"],
        ["Vykonávané činnosti z katalogu", "2 z 3"],
    ]
    start = texts.index("Povinné činnosti, které obec nevykonává")
    assert texts[start : start + 6] == [
        "Povinné činnosti, které obec nevykonává",
        "Krizová intervence (§ 93 zákona č. 108/2006 Sb.; § 92 písm. a) zákona č. 108/2006 Sb.)",
        "Doporučené činnosti, které obec nevykonává",
        "Katalog pro obce s rozšířenou působností žádnou takovou činnost neuvádí.",
        "Personální zajištění",
        "Obec má 3,5 úvazku sociálních pracovníků na 12 000 obyvatel, tj. 3 429 obyvatel na jeden úvazek."
        " Katalog uvádí pro obce s rozšířenou působností 3 000 obyvatel na jeden úvazek"
        " (zdroj: Vnitřní doporučení odboru sociálních věcí Krajského úřadu Horního kraje č. 1/2026 (zkušební));"
        " tomu odpovídají 4 úvazky. Do tohoto poměru obci chybí 0,5 úvazku.",
    ]


def test_gap_report_without_a_ratio_for_the_type_makes_no_comparison(built: Path) -> None:
    texts = [text for _, text in paragraphs(built / "podklad-obec-zalesi.docx")]
    assert "Obec nemá vlastního sociálního pracovníka, spolupracuje s pověřeným obecním úřadem." in texts
    assert "Základní sociální poradenství (§ 93a odst. 1 zákona č. 108/2006 Sb.; § 63 zákona č. 111/2006 Sb.)" in texts
    assert "Katalog pro ostatní obce žádnou takovou činnost neuvádí." in texts  # nothing obligatory for them
    assert (
        "Obec s 640 obyvateli nemá žádný úvazek sociálního pracovníka. Katalog pro ostatní obce neuvádí žádný poměr"
        " počtu obyvatel na úvazek sociálního pracovníka, úvazky se proto s poměrem neporovnávají."
    ) in texts


def test_no_ratio_is_built_in(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "minimum-standard", tmp_path / "project")
    catalogue = project / "sources" / "podklad" / "cinnosti.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(re.sub(r"staffing_ratios:\n(  .*\n|    .*\n)+", "", text), encoding="utf-8")
    result = run_pipeline(project, "build", "--format", "docx", "--no-page-numbers", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    output = project / "output" / "podklad"
    texts = [text for _, text in paragraphs(output / "podklad-obec-horni-lhota.docx")]
    assert any("Katalog pro obce s rozšířenou působností neuvádí žádný poměr" in t for t in texts)
    headings = [text for style, text in paragraphs(output / "podklad.docx") if style == "Heading 1"]
    assert "Personální zajištění" not in headings


@requires_poppler
def test_pdf_has_the_matrix_the_index_and_the_gap_lines(built: Path) -> None:
    # pdftotext drops the narrow non-breaking space after § in a table cell now and then
    text = re.sub(r"§ ?", "§ ", re.sub(r"[ \u00a0]+", " ", pdf_text(built / "podklad.pdf")))
    assert re.search(r"Činnost ORP POÚ Ostatní obce\n", text)
    assert re.search(r"3\.1 Sociální šetření v domácnosti povinná doporučená neočekává se", text)
    index = text[text.rindex("Rejstřík citovaných ustanovení") :]
    assert [index.index(p) for p in ("§ 92 písm. a)", "§ 93 ", "§ 93a odst. 1")] == sorted(
        index.index(p) for p in ("§ 92 písm. a)", "§ 93 ", "§ 93a odst. 1")
    )
    assert index.index("§ 63") > index.index("§ 7") > index.index("§ 93a")
    gap = re.sub(r"\s+", " ", pdf_text(built / "podklad-obec-horni-lhota.pdf"))
    assert "Krizová intervence (§ 93 zákona č. 108/2006 Sb.; § 92 písm. a) zákona č. 108/2006 Sb.)" in gap
    assert "Do tohoto poměru obci chybí 0,5 úvazku." in gap


@requires_libreoffice
@requires_poppler
def test_libreoffice_opens_the_docx(built: Path, tmp_path: Path) -> None:
    text = re.sub(r"\s+", " ", pdf_text(libreoffice_pdf(built / "podklad.docx", tmp_path)))
    assert "Rejstřík citovaných ustanovení" in text
    assert "Činnost ORP POÚ Ostatní obce" in text
    assert "4.1 Krizová intervence povinná neočekává se neočekává se" in text  # the field result, too


def test_same_sources_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "minimum-standard", tmp_path / "project")
    assert run_pipeline(project, "build", "--no-page-numbers", env=EPOCH).exit_code == 0
    again = project / "output" / "podklad"
    for name in ("podklad.docx", "podklad.pdf", "podklad-obec-zalesi.docx"):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the outputs of the repository's sample *Podklad* built as ``make minimum-standard`` does."""
    project = tmp_path_factory.mktemp("sample") / "project"
    shutil.copytree(REPOSITORY / "sources", project / "sources")
    result = run_pipeline(project, "build", "--kind", "minimum-standard", "--no-page-numbers", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    return project / "output" / "minimalni-standard"


def test_sample_has_the_catalogue_matrix_index_and_two_gap_reports(sample: Path) -> None:
    assert sorted(p.name for p in sample.glob("*.docx")) == [
        "minimalni-standard-obec-kamenny-ujezd.docx",
        "minimalni-standard-obec-lipova-nad-orlici.docx",
        "minimalni-standard.docx",
    ]
    document = sample / "minimalni-standard.docx"
    (matrix,) = table_starting(document, "Činnost")
    assert len(matrix.rows) >= 16  # header and at least 15 activities
    assert all(re.match(r"\d+\.\d+ \S", row[0]) for row in rows(matrix)[1:])
    assert {cell for row in rows(matrix)[1:] for cell in row[1:]} == {"povinná", "doporučená", "neočekává se"}
    indexes = table_starting(document, "Ustanovení")
    sections = [[row[0] for row in rows(table)[1:]] for table in indexes]
    for provisions in sections:
        numbers = [(int(m.group(1)), m.group(2)) for m in (re.match(r"§ (\d+)(\w?)", p) for p in provisions)]
        assert numbers == sorted(numbers)
    assert "§ 93a odst. 1" in sections[0] and "§ 7" in sections[1]
    lipova = [text for _, text in paragraphs(sample / "minimalni-standard-obec-lipova-nad-orlici.docx")]
    assert any(t.startswith("Prevence sociálního vyloučení (§ 92 písm. c) zákona č. 108/2006 Sb.") for t in lipova)
    assert any("Do tohoto poměru obci chybí 1,03 úvazku." in t for t in lipova)
    ujezd = [text for _, text in paragraphs(sample / "minimalni-standard-obec-kamenny-ujezd.docx")]
    assert any(t.startswith("Zprostředkování sociálních služeb (§ 92 písm. b)") for t in ujezd)
    assert any("úvazky se proto s poměrem neporovnávají" in t for t in ujezd)


def test_sample_target_groups_with_a_comma_stay_one_group(sample: Path) -> None:
    """A comma inside a YAML flow list would split "osoby, o jejichž …" into two groups."""
    groups = [
        text.removeprefix("Cílové skupiny: ").removesuffix(".").split("; ")
        for _, text in paragraphs(sample / "minimalni-standard.docx") if text.startswith("Cílové skupiny: ")
    ]
    assert len(groups) >= 15
    assert ["osoby, o jejichž nepříznivé situaci úřad obdrží podnět"] in groups
    assert ["osoby, které potřebují sociální službu", "pečující rodiny"] in groups
    relative = re.compile(r"^(\w{1,2} )?(kter|jejichž|nichž|jež|jenž)")  # "o jejichž …": a split-off clause
    assert not [group for found in groups for group in found if relative.match(group)]


@pytest.mark.parametrize(
    ("reference", "citation"),
    [
        ({"law": "108/2006", "section": 92, "letter": "a"}, "§ 92 písm. a) zákona č. 108/2006 Sb."),
        ({"law": "108/2006", "section": "93a", "paragraph": 1}, "§ 93a odst. 1 zákona č. 108/2006 Sb."),
        ({"law": "111/2006", "section": "64", "paragraph": "2", "letter": "b"}, "§ 64 odst. 2 písm. b) zákona č. 111/2006 Sb."),
    ],
)
def test_references_are_cited_in_czech_form(reference: dict, citation: str) -> None:
    assert LegalReference.model_validate(reference).cite() == citation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("section", "§ 93 a", "'§ 93 a' není platné označení paragrafu (možná jste mysleli '93a')"),
        ("section", "9x3", "'9x3' není platné označení paragrafu (např. 92 nebo 93a)"),
        ("law", "č. 108/2006 Sb.", "'č. 108/2006 Sb.' není platné označení zákona (možná jste mysleli '108/2006')"),
        ("letter", "písm. c)", "'písm. c)' není platné označení písmene (možná jste mysleli 'c')"),
        ("paragraph", "odst. 2", "'odst. 2' není platné označení odstavce (možná jste mysleli '2')"),
        ("section", "0", "'0' není platné označení paragrafu (paragrafy se číslují od 1)"),
        ("law", "108/3006", "'108/3006' není platné označení zákona (rok zákona musí být mezi 1918 a 2099)"),
        ("law", "108/1850", "'108/1850' není platné označení zákona (rok zákona musí být mezi 1918 a 2099)"),
        ("law", "0/2006", "'0/2006' není platné označení zákona (zákony se ve Sbírce zákonů číslují od 1)"),
    ],
)
def test_malformed_references_name_the_nearest_valid_value(field: str, value: str, message: str) -> None:
    reference = {"law": "108/2006", "section": "92", field: value}
    with pytest.raises(ValidationError) as caught:
        LegalReference.model_validate(reference)
    (error,) = caught.value.errors()
    assert f"{error['msg']} ({error['ctx']['hint']})" == message


def test_index_orders_laws_by_year_and_sections_by_number() -> None:
    cited = [
        ({"law": "89/2012", "section": "62"}, "opatrovnictví"),
        ({"law": "108/2006", "section": "93a"}, "a"),
        ({"law": "111/2006", "section": "63"}, "b"),
        ({"law": "108/2006", "section": "93"}, "c"),
        ({"law": "111/2006", "section": "7"}, "d"),
        ({"law": "108/2006", "section": "92", "letter": "b"}, "e"),
        ({"law": "108/2006", "section": "92", "letter": "a"}, "f"),
        ({"law": "108/2006", "section": "93"}, "c"),  # the same provision again: listed once
    ]
    index = legal_index((LegalReference.model_validate(ref), item) for ref, item in cited)
    assert list(index) == ["108/2006", "111/2006", "89/2012"]
    assert [(e.reference.provision(), e.cited_by) for e in index["108/2006"]] == [
        ("§ 92 písm. a)", ["f"]), ("§ 92 písm. b)", ["e"]), ("§ 93", ["c"]), ("§ 93a", ["a"]),
    ]
    assert [e.reference.provision() for e in index["111/2006"]] == ["§ 7", "§ 63"]


@pytest.mark.parametrize(
    ("value", "text"), [(1, "1 úvazek"), (3, "3 úvazky"), (4.5, "4,5 úvazku"), (6, "6 úvazků"), (0.25, "0,25 úvazku")]
)
def test_full_time_equivalents_take_the_czech_plural(value: float, text: str) -> None:
    assert fte(value) == text


def _profile(population: int, workers: float) -> MunicipalityProfile:
    return MunicipalityProfile(name="Obec Zkušebná", type="pou", population=population, social_workers_fte=workers)


def test_staffing_meeting_the_ratio_says_so_and_names_the_source() -> None:
    ratio = StaffingRatio(type="pou", inhabitants_per_fte=2000, source="Doporučení rady obce č. 5/2026")
    staffing = Staffing(ratio, fte=2.0, needed=2.0)
    assert staffing_text(_profile(4000, 2), staffing).replace("\u00a0", " ") == (
        "Obec má 2 úvazky sociálních pracovníků na 4 000 obyvatel, tj. 2 000 obyvatel na jeden úvazek."
        " Katalog uvádí pro obce s pověřeným obecním úřadem 2 000 obyvatel na jeden úvazek"
        " (zdroj: Doporučení rady obce č. 5/2026); tomu odpovídají 2 úvazky. Obec tento poměr splňuje."
    )


@pytest.mark.parametrize(
    ("workers", "text"),
    [
        (1, "Obec má 1 úvazek sociálního pracovníka na 1 500 obyvatel, tj. 1 500 obyvatel na jeden úvazek."),
        (0.5, "Obec má 0,5 úvazku sociálního pracovníka na 1 500 obyvatel, tj. 3 000 obyvatel na jeden úvazek."),
        (1.5, "Obec má 1,5 úvazku sociálních pracovníků na 1 500 obyvatel, tj. 1 000 obyvatel na jeden úvazek."),
    ],
)
def test_own_staffing_agrees_with_the_number_of_workers(workers: float, text: str) -> None:
    assert staffing_text(_profile(1500, workers), None).replace("\u00a0", " ").startswith(text + " Katalog")


def test_staffing_shortfall_agrees_with_its_count() -> None:
    ratio = StaffingRatio(type="pou", inhabitants_per_fte=1000, source="Doporučení")
    text = staffing_text(_profile(6000, 3), Staffing(ratio, fte=3.0, needed=6.0)).replace("\u00a0", " ")
    assert text.endswith("tomu odpovídá 6 úvazků. Do tohoto poměru obci chybějí 3 úvazky.")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["law", "section", "paragraph", "letter"]),
        st.one_of(st.text(max_size=12), st.integers(-5, 2000), st.none(), st.booleans()),
    )
)
def test_any_reference_is_accepted_or_refused_in_czech(raw: dict) -> None:
    try:
        reference = LegalReference.model_validate(raw)
    except ValidationError as refused:
        for error in refused.errors():
            assert error["type"] == "missing" or (
                error["type"] == "legal_reference" and "není platné označení" in error["msg"] and error["ctx"]["hint"]
            ), error
        return
    assert reference.cite().endswith(f"zákona č. {reference.law} Sb.")
    assert reference.sort_key()  # a valid reference always has its place in the index


def test_typst_frame_is_the_methodology_frame_as_make_frames_writes_it() -> None:
    templates = REPOSITORY / "templates"
    ours = (templates / "minimum-standard" / "frame.typ").read_text(encoding="utf-8")
    note, _, rest = ours.partition("\n")
    assert note == "// Generated by make_frames.py from methodology/frame.typ; edit that one."
    assert rest == (templates / "methodology" / "frame.typ").read_text(encoding="utf-8"), (
        "rámec je zastaralý: spusťte .venv/bin/python templates/make_frames.py minimum-standard"
    )
