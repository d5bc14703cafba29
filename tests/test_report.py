"""Project reports: monitoring reports per period, final and evaluation report, all figures from the records."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import (
    PROJECTS,
    copy_project,
    libreoffice_pdf,
    pdf_text,
    requires_libreoffice,
    requires_poppler,
    run_pipeline,
)
from docx import Document
from docx.oxml.ns import qn

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
REPORTS = ("zpravy-zprava-1", "zpravy-zprava-2", "zpravy-zaverecna-zprava", "zpravy-evaluacni-zprava")


def build(project: Path, *args: str) -> None:
    result = run_pipeline(project, "build", "--no-page-numbers", *args, env=EPOCH)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(PROJECTS / "report", tmp_path_factory.mktemp("report") / "project")
    build(project)
    return project


def docx_path(project: Path, name: str) -> Path:
    return project / "output" / "zpravy" / f"{name}.docx"


def paragraphs(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in Document(str(path)).paragraphs if p.text.strip()]


def tables(path: Path) -> dict[str, list[list[str]]]:
    """Return each table of the body by its caption (without the number), as rows of cell texts."""
    found: dict[str, list[list[str]]] = {}
    caption = ""
    document = Document(str(path))
    for element in document.element.body:
        if element.tag == qn("w:p"):
            text = "".join(node.text or "" for node in element.iter(qn("w:t"))).replace("\u00a0", " ")
            if text.startswith("Tabulka "):
                caption = text.split(": ", 1)[1]
        elif element.tag == qn("w:tbl") and caption:
            rows = []
            for row in element.iter(qn("w:tr")):
                cells = row.findall(qn("w:tc"))
                rows.append(["".join(n.text or "" for n in c.iter(qn("w:t"))).replace("\u00a0", " ") for c in cells])
            found[caption] = rows
            caption = ""
    return found


def charts(path: Path) -> dict[str, bytes]:
    """Return the PNG bytes of every image of the body by its alt text."""
    document = Document(str(path))
    found = {}
    for drawing in document.element.body.iter(qn("w:drawing")):
        alt = next(drawing.iter(qn("wp:docPr"))).get("descr").replace("\u00a0", " ")
        blip = next(drawing.iter(qn("a:blip")))
        found[alt] = document.part.related_parts[blip.get(qn("r:embed"))].blob
    return found


def number(text: str) -> Decimal:
    return Decimal(text.replace("*", "").replace(" ", "").replace(",", ".") or "0")


def assert_totals_add_up(rows: list[list[str]], periods: int) -> None:
    """Check a table of types and subtypes: subtypes sum to their type, types to the total, periods to Celkem."""
    header, body = rows[0], rows[1:]
    total_row = body[-1]
    assert total_row[0] == "Celkem"
    types = [row for row in body[:-1] if not row[0].startswith("– ")]
    for column in range(1, len(header)):
        assert number(total_row[column]) == sum(number(row[column]) for row in types)
    for index, row in enumerate(body[:-1]):
        subtypes = []
        for following in body[index + 1:-1]:
            if not following[0].startswith("– "):
                break
            subtypes.append(following)
        if not row[0].startswith("– ") and subtypes:
            for column in range(1, len(header)):
                assert number(row[column]) == sum(number(sub[column]) for sub in subtypes), row
    if header[-1] == "Celkem":
        for row in body:
            assert number(row[-1]) == sum(number(cell) for cell in row[1 : 1 + periods]), row


def test_one_folder_gives_monitoring_reports_final_and_evaluation(built: Path) -> None:
    names = {p.name for p in (built / "output" / "zpravy").iterdir()}
    assert names == {f"{name}.{fmt}" for name in REPORTS for fmt in ("docx", "pdf")} | {"manifest.json"}
    cover = paragraphs(docx_path(built, "zpravy-zprava-2"))
    assert "Zpráva o realizaci projektu č. 2" in cover
    assert "Sledované období: 2. monitorovací období, 1. ledna 2025 – 31. prosince 2025" in cover
    assert "Závěrečná zpráva o realizaci projektu" in paragraphs(docx_path(built, "zpravy-zaverecna-zprava"))
    evaluation = " ".join(paragraphs(docx_path(built, "zpravy-evaluacni-zprava")))
    assert "Hodnotitelka vedla rozhovory s pracovníky a klienty." in evaluation
    assert "Projekt podpořil 3 různé osoby." in evaluation
    # A sum in a template (9,5 h of supervision + 14 h of courses) prints the Czech way too.
    assert "Supervize a kurzy trvaly dohromady 23,5 h." in evaluation


def test_narrative_cites_figures_computed_from_records(built: Path) -> None:
    text = paragraphs(docx_path(built, "zpravy-zprava-1"))
    # Period 1: Z001–Z005, 1,5 + 3 + 8 + 1 + 1,5 hours; persons K01 and K02 of target 10.
    assert text[text.index("Průběh realizace v období") + 1].startswith(
        "V 1. období projekt uskutečnil 5 událostí v rozsahu 15 hodin."
    )
    sentences = " ".join(text)
    assert "Supervize proběhla 2krát, z toho týmová 1krát." in sentences
    assert "Dosud projekt podpořil 2 osoby, tj. 20 % cílové hodnoty." in sentences
    # Indicators of a monitoring report count from the project start: K01, K02 in period 1, K02, K03 in period 2.
    second = " ".join(paragraphs(docx_path(built, "zpravy-zprava-2")))
    assert "Dosud projekt podpořil 3 osoby, tj. 30 % cílové hodnoty." in second
    final = " ".join(paragraphs(docx_path(built, "zpravy-zaverecna-zprava")))
    assert "Za celou dobu realizace projekt uskutečnil 10 událostí v rozsahu 27,5 hodiny." in final
    assert "Supervize trvaly celkem 9,5 hodiny, tj. 47,5 % cílové hodnoty." in final


def test_tables_are_computed_and_totals_add_up(built: Path) -> None:
    final = tables(docx_path(built, "zpravy-zaverecna-zprava"))
    hours = final["Hodiny podle typu události"]
    assert hours[0] == ["Typ události", "1. období", "2. období", "Celkem"]
    assert hours[1:3] == [["Supervize", "4,5", "5", "9,5"], ["– individuální", "1,5", "2", "3,5"]]
    assert hours[-1] == ["Celkem", "15", "12,5", "27,5"]
    assert_totals_add_up(hours, periods=2)
    assert_totals_add_up(final["Počet událostí podle typu"], periods=2)
    monitoring = tables(docx_path(built, "zpravy-zprava-2"))
    assert monitoring["Počet událostí podle typu"][0] == ["Typ události", "2. období", "Od zahájení"]
    assert_totals_add_up(monitoring["Hodiny podle typu události"], periods=1)
    indicators = final["Indikátory projektu"]
    assert indicators[1] == ["600000", "Celkový počet účastníků", "osoby", "0", "10", "3", "3", "30"]
    assert indicators[2] == ["SUP01", "Hodiny supervize", "hodiny", "0", "20", "9,5", "9,5", "47,5"]
    activities = monitoring["Události a hodiny podle klíčových aktivit"]
    assert activities[1:] == [
        ["KA1 Supervize a vzdělávání", "události", "3", "6"], ["", "hodiny", "11", "23,5"],
        ["KA2 Práce s klienty", "události", "2", "4"], ["", "hodiny", "1,5", "4"],
    ]


def test_charts_carry_alt_text_from_the_data(built: Path) -> None:
    images = charts(docx_path(built, "zpravy-zaverecna-zprava"))
    alts = [alt for alt in images if alt.startswith("Sloupcový graf hodin typu supervize")]
    assert len(alts) == 1
    assert alts[0].startswith(
        "Sloupcový graf hodin typu supervize po měsících od ledna 2024 do prosince 2025: celkem 9,5 h,"
        " nejvíce 3 h za měsíc 2/2024. Hodnoty po měsících: 1/2024 1,5; 2/2024 3; 3/2024 0;"
    )
    assert "Pruhový graf počtu událostí podle typu, celkem 10: Supervize 4; Kurz 2; Rozhovor s klientem 4." in images
    assert all(data.startswith(b"\x89PNG") for data in images.values())


@requires_poppler
def test_pdf_has_charts_tables_and_sentences(built: Path) -> None:
    text = " ".join(pdf_text(built / "output" / "zpravy" / "zpravy-zaverecna-zprava.pdf").split())
    assert "Obrázek 1: Supervize: hodiny po měsících" in text
    assert "Tabulka 4: Hodiny podle typu události" in text
    assert "Za celou dobu realizace projekt uskutečnil 10 událostí v rozsahu 27,5 hodiny." in text


@requires_libreoffice
@requires_poppler
def test_libreoffice_opens_the_docx_with_its_charts(built: Path, tmp_path: Path) -> None:
    docx = docx_path(built, "zpravy-zaverecna-zprava")
    pdf = libreoffice_pdf(docx, tmp_path)
    text = " ".join(pdf_text(pdf).split())
    assert "Za celou dobu realizace projekt uskutečnil 10 událostí v rozsahu 27,5 hodiny." in text
    assert "Obrázek 1: Supervize: hodiny po měsících" in text
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    drawn = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    body_images = charts(docx)
    assert len(body_images) >= 3
    assert len(drawn) >= len(body_images)  # every chart is drawn (the EU emblem of the frame comes on top)


def test_rebuild_gives_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = copy_project(PROJECTS / "report", tmp_path / "again")
    build(again)
    for name in REPORTS:
        for fmt in ("docx", "pdf"):
            first = (built / "output" / "zpravy" / f"{name}.{fmt}").read_bytes()
            assert (again / "output" / "zpravy" / f"{name}.{fmt}").read_bytes() == first, name


def test_edited_record_changes_table_sentence_and_chart(built: Path, tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    build(project)
    before = docx_path(project, "zpravy-zprava-2")
    charts_before = charts(before)
    records = project / "sources" / "zpravy" / "zaznamy.csv"
    # A late correction: the team supervision of 3 March 2025 took 5 hours, not 3.
    text = records.read_text(encoding="utf-8")
    edited = text.replace("Z007;2025-03-03;KA1;supervize;tymova;3;", "Z007;2025-03-03;KA1;supervize;tymova;5;")
    assert edited != text
    records.write_text(edited, encoding="utf-8")

    build(project)

    after = docx_path(project, "zpravy-zprava-2")
    hours = tables(after)["Hodiny podle typu události"]
    assert hours[1] == ["Supervize", "7", "11,5"] and hours[3] == ["– týmová", "5", "8"]
    assert hours[-1] == ["Celkem", "14,5", "29,5"]
    assert_totals_add_up(hours, periods=1)
    assert "Ve druhém období projekt uskutečnil 5 událostí v rozsahu 14,5 hodiny." in " ".join(paragraphs(after))
    charts_after = charts(after)
    old_alt = next(alt for alt in charts_before if alt.startswith("Sloupcový graf"))
    new_alt = next(alt for alt in charts_after if alt.startswith("Sloupcový graf"))
    assert "3/2025 3;" in old_alt and "3/2025 5;" in new_alt
    assert charts_before[old_alt] != charts_after[new_alt]
    final = tables(docx_path(project, "zpravy-zaverecna-zprava"))
    assert_totals_add_up(final["Hodiny podle typu události"], periods=2)
    assert final["Indikátory projektu"][2][-2:] == ["11,5", "57,5"]


def test_period_option_builds_one_monitoring_report(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")

    result = run_pipeline(project, "build", "--no-page-numbers", "--format", "docx", "--period", "2", env=EPOCH)

    assert result.exit_code == 0, result.stderr
    assert {p.name for p in (project / "output" / "zpravy").iterdir()} == {"zpravy-zprava-2.docx", "manifest.json"}
    again = run_pipeline(project, "build", "--no-page-numbers", "--format", "docx", "--period", "2", env=EPOCH)
    assert "zpravy: aktuální, není co sestavit" in again.stdout
    # --period is one of the build options in the up-to-date key: all reports are another build.
    other = run_pipeline(project, "build", "--no-page-numbers", "--format", "docx", env=EPOCH)
    assert "aktuální" not in other.stdout
    assert (project / "output" / "zpravy" / "zpravy-zaverecna-zprava.docx").is_file()


def test_unknown_period_is_an_error(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")

    result = run_pipeline(project, "build", "--period", "7", env=EPOCH)

    assert result.exit_code == 1
    assert result.stderr == (
        "sources/zpravy/document.yaml:19:1: chyba: monitorovací období 7 není zadáno (zadaná období: 1, 2)\n"
        "Nalezeno: 1 chyba. Nic nebylo zapsáno.\n"
    )


def test_final_report_lists_outputs_from_manifests_and_follows_them(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    copy_project(PROJECTS / "valid" / "sources" / "metodika", project / "sources" / "metodika")
    for shared in ("glossary.yaml", "references.yaml"):
        (project / "sources" / shared).write_bytes((PROJECTS / "valid" / "sources" / shared).read_bytes())
    document = project / "sources" / "zpravy" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8") + "outputs: [metodika]\n", encoding="utf-8")
    build(project, "--format", "docx", "sources/metodika")
    build(project, "--format", "docx", "sources/zpravy")
    listed = tables(docx_path(project, "zpravy-zaverecna-zprava"))["Výstupy vytvořené v projektu"]
    manifest = json.loads((project / "output" / "metodika" / "manifest.json").read_text(encoding="utf-8"))
    assert listed[1][:3] == [manifest["title"], manifest["version"], "1. března 2026"]
    assert manifest["issued"] == "2026-03-01" and listed[1][3] == "DOCX"

    # A newer version of the methodology makes the report out of date; the report shows it.
    manifest["version"] = "2.0"
    (project / "output" / "metodika" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_pipeline(project, "build", "--no-page-numbers", "--format", "docx", "sources/zpravy", env=EPOCH)
    assert result.exit_code == 0 and "zpravy: připraveno" in result.stdout, result.stderr
    assert tables(docx_path(project, "zpravy-zaverecna-zprava"))["Výstupy vytvořené v projektu"][1][1] == "2.0"


def test_chart_bytes_depend_only_on_the_data() -> None:
    import datetime as dt

    from pipeline.reporting.charts import monthly_hours

    months = [(dt.date(2025, month, 1), float(month % 4)) for month in range(1, 7)]
    first, second = monthly_hours("hodiny", "Supervize", months), monthly_hours("hodiny", "Supervize", months)
    changed = monthly_hours("hodiny", "Supervize", [*months[:-1], (dt.date(2025, 6, 1), 9.0)])

    assert first.png == second.png and first.png.startswith(b"\x89PNG")
    assert b"matplotlib" not in first.png.lower() and b"tIME" not in first.png  # no software name, no clock
    assert changed.png != first.png and "6/2025 9" in changed.alt and "6/2025 2" in first.alt


def test_windows_1250_semicolon_export_gives_the_same_report(built: Path, tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    records = project / "sources" / "zpravy" / "zaznamy.csv"
    text = records.read_text(encoding="utf-8")
    # As Excel saves "CSV (oddělený středníkem)" on a Czech Windows: cp1250, CRLF, Czech dates only.
    text = text.replace("2024-02-20", "20. 2. 2024").replace("2025-03-03", "3. 3. 2025").replace("\n", "\r\n")
    records.write_bytes(text.encode("cp1250"))
    assert "Práce s rodinou".encode("cp1250") in records.read_bytes()

    build(project, "--format", "docx")

    for name in REPORTS:
        assert tables(docx_path(project, name)) == tables(docx_path(built, name)), name
        assert paragraphs(docx_path(project, name)) == paragraphs(docx_path(built, name)), name


def test_periods_listed_newest_first_give_the_same_final_report(built: Path, tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    document = project / "sources" / "zpravy" / "document.yaml"
    text = document.read_text(encoding="utf-8")
    first = "  - number: 1\n    start: 1. 1. 2024\n    end: 31. 12. 2024\n    chapters: [obdobi-1.md]\n"
    second = "  - number: 2\n    start: 2025-01-01\n    end: 2025-12-31\n    chapters: [obdobi-2.md]\n"
    assert first + second in text
    document.write_text(text.replace(first + second, second + first), encoding="utf-8")

    build(project, "--format", "docx")

    final = docx_path(project, "zpravy-zaverecna-zprava")
    assert tables(final) == tables(docx_path(built, "zpravy-zaverecna-zprava"))
    assert paragraphs(final) == paragraphs(docx_path(built, "zpravy-zaverecna-zprava"))
    assert any("1. ledna 2024 – 31. prosince 2025" in p for p in paragraphs(final))
    assert charts(final) == charts(docx_path(built, "zpravy-zaverecna-zprava"))


def test_period_build_keeps_the_other_reports_in_the_manifest(tmp_path: Path) -> None:
    project = copy_project(PROJECTS / "report", tmp_path / "project")
    build(project, "--format", "docx")
    folder = project / "output" / "zpravy"
    final = (folder / "zpravy-zaverecna-zprava.docx").read_bytes()
    (project / "sources" / "zpravy" / "obdobi-2.md").write_text("# Průběh období\n\nUpraveno.\n", encoding="utf-8")

    build(project, "--format", "docx", "--period", "2")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == sorted(f"{name}.docx" for name in REPORTS)
    assert (folder / "zpravy-zaverecna-zprava.docx").read_bytes() == final
    assert "Upraveno." in paragraphs(docx_path(project, "zpravy-zprava-2"))
    listed = run_pipeline(project, "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert "output/zpravy/zpravy-zaverecna-zprava.docx" in json.loads(listed.stdout)[0]["outputs"], listed.stdout
    # A kept report that is gone from the disk is no longer listed.
    (folder / "zpravy-evaluacni-zprava.docx").unlink()
    build(project, "--format", "docx", "--period", "1")
    assert "zpravy-evaluacni-zprava.docx" not in json.loads((folder / "manifest.json").read_text())["outputs"]
