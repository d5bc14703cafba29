"""Activity records as Czech users have them: Excel exports in windows-1250 or UTF-8, ``;`` or ``,``, Czech dates."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import Diagnostics, Location
from pipeline.reporting.records import ActivityRecord, column_name, read_records


def read(path: Path) -> tuple[list[ActivityRecord], list[str]]:
    diagnostics = Diagnostics()
    records = read_records([(path, Location(path.parent / "document.yaml", 3, 5))], diagnostics)
    return records, [str(item).replace(str(path.parent) + "/", "") for item in diagnostics.items]


def test_semicolon_windows_1250_export_with_czech_dates_reads_correctly(tmp_path: Path) -> None:
    text = (
        "Id;Datum;Klíčová aktivita;Typ;Podtyp;Hodiny;Účastníci;Osoby;Poznámka\r\n"
        "A1;17. 2. 2017;KA1;supervize;týmová;1,5;6;P01 P02;Supervize týmu OSPOD – Žďárská\r\n"
        "A2;3.3.2017;KA2;kurz;;8;12;;\"kurz \"\"Práce s rodinou\"\"; 2. běh\"\r\n"
        ";;;;;;;;\r\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1250"))

    records, problems = read(path)

    assert problems == []
    first, second = records
    assert (first.id, first.date, first.activity, first.type, first.subtype) == (
        "A1", dt.date(2017, 2, 17), "KA1", "supervize", "týmová"
    )
    assert first.hours == Decimal("1.5") and first.participants == 6 and first.persons == ("P01", "P02")
    assert first.note == "Supervize týmu OSPOD – Žďárská"
    assert second.date == dt.date(2017, 3, 3) and second.hours == Decimal(8)
    assert second.note == 'kurz "Práce s rodinou"; 2. běh'
    assert second.cells["hodiny"] == Location(path, 3, 23)


def test_comma_separated_utf8_with_bom_and_iso_dates(tmp_path: Path) -> None:
    text = (
        "id,datum,klicova_aktivita,typ,podtyp,hodiny,ucastnici,osoby,poznamka\n"
        'B1,2024-05-06,KA3,rozhovor,klient,"0,5",1,K007,"poznámka, s čárkou"\n'
        "B2,2024-05-07,KA3,rozhovor,klient,1.5,,K008|K009,\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    records, problems = read(path)

    assert problems == []
    assert [(r.id, r.date, r.hours, r.participants, r.persons) for r in records] == [
        ("B1", dt.date(2024, 5, 6), Decimal("0.5"), 1, ("K007",)),
        ("B2", dt.date(2024, 5, 7), Decimal("1.5"), 0, ("K008", "K009")),
    ]
    assert records[0].note == "poznámka, s čárkou"


def test_every_unreadable_cell_is_reported_at_its_row_and_column(tmp_path: Path) -> None:
    text = (
        "id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka\n"
        "C1;03/05/2024;KA1;kurz;;1.234,5;x;;\n"
        "C2;2024-02-30;KA1;kurz;;-1;2;;\n"
        "C3;1. 1. 2024;;kurz;;2;2;;\n"
        "C3;1. 1. 2024;KA1;kurz;;2;2;;\n"
        "C3;2. 1. 2024;KA1;kurz;;2;2;;\n"
        "C4;3. 1. 2024;KA1;kurz;;1.250;2;;\n"
    )
    path = tmp_path / "zaznamy.csv"
    path.write_text(text, encoding="utf-8")

    records, problems = read(path)

    assert [record.id for record in records] == ["C3"]
    assert problems == [
        "zaznamy.csv:2:4: chyba: '03/05/2024' není datum ve sloupci 'datum' (zápis s lomítky nelze přečíst"
        " jednoznačně, den a měsíc se pletou; zapište datum jako 17. 2. 2024 nebo 2024-02-17)",
        "zaznamy.csv:2:25: chyba: '1.234,5' není počet hodin (zapište číslo, desetinnou čárkou: 1,5)",
        "zaznamy.csv:2:33: chyba: 'x' není počet účastníků (zapište celé nezáporné číslo)",
        "zaznamy.csv:3:4: chyba: datum '2024-02-30' neexistuje ve sloupci 'datum'"
        " (zapište datum jako 17. 2. 2024 nebo 2024-02-17)",
        "zaznamy.csv:3:25: chyba: záporný počet hodin '-1' (počet hodin je nula nebo kladné číslo)",
        "zaznamy.csv:4:15: chyba: chybí hodnota ve sloupci 'klicova_aktivita'",
        "zaznamy.csv:7:25: chyba: počet hodin '1.250' nelze přečíst jednoznačně"
        " (tečka může oddělovat tisíce; desetinná místa pište za čárku: 1,25)",
        # Duplicates are found once the whole file is read (the command line sorts by position).
        "zaznamy.csv:6:1: chyba: záznam 'C3' je uveden dvakrát"
        " (poprvé na řádku 5 souboru zaznamy.csv; každý záznam potřebuje vlastní id)",
    ]


def test_counts_and_hours_take_only_plain_digits(tmp_path: Path) -> None:
    text = (
        "id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka\n"
        "E1;1. 1. 2024;KA1;kurz;;1e3;²;;\n"
        "E2;2. 1. 2024;KA1;kurz;;NaN;٣;;\n"
        "E3;3. 1. 2024;KA1;kurz;;2,5;12;;\n"
    )
    path = tmp_path / "zaznamy.csv"
    path.write_text(text, encoding="utf-8")

    records, problems = read(path)

    assert [(record.id, record.hours, record.participants) for record in records] == [("E3", Decimal("2.5"), 12)]
    assert problems == [
        "zaznamy.csv:2:25: chyba: '1e3' není počet hodin (zapište číslo, desetinnou čárkou: 1,5)",
        "zaznamy.csv:2:29: chyba: '²' není počet účastníků (zapište celé nezáporné číslo)",
        "zaznamy.csv:3:25: chyba: 'NaN' není počet hodin (zapište číslo, desetinnou čárkou: 1,5)",
        "zaznamy.csv:3:29: chyba: '٣' není počet účastníků (zapište celé nezáporné číslo)",
    ]


def test_unknown_and_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "zaznamy.csv"
    path.write_text("id;datum;klicova_aktivita;typ;hodinny\nD1;1. 1. 2024;KA1;kurz;2\n", encoding="utf-8")

    records, problems = read(path)

    assert records == []
    assert problems == [
        "zaznamy.csv:1:31: chyba: neznámý sloupec 'hodinny' (možná jste mysleli 'hodiny')",
        "zaznamy.csv:1:1: chyba: chybí sloupec 'hodiny' (doplňte jej do záhlaví na prvním řádku)",
    ]


def test_duplicate_column_is_an_error_at_its_header_cell(tmp_path: Path) -> None:
    path = tmp_path / "zaznamy.csv"
    path.write_text("id;datum;klicova_aktivita;typ;hodiny;Hodiny\nD1;1. 1. 2024;KA1;kurz;2;3\n", encoding="utf-8")

    records, problems = read(path)

    assert records == []
    assert problems == [
        "zaznamy.csv:1:38: chyba: sloupec 'hodiny' je v záhlaví dvakrát"
        " (poprvé jako 5. sloupec; každý sloupec uveďte jen jednou)",
    ]


def test_trailing_empty_cells_as_excel_writes_them_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "zaznamy.csv"
    path.write_text(
        "id;datum;klicova_aktivita;typ;hodiny;;\n"
        "D1;1. 1. 2024;KA1;kurz;2;;;\n"
        "D2;2. 1. 2024;KA1;kurz;3;;navíc;\n",
        encoding="utf-8",
    )

    records, problems = read(path)

    assert [(record.id, record.hours) for record in records] == [("D1", Decimal(2))]
    assert problems == [
        "zaznamy.csv:3:27: chyba: řádek má 7 buněk, záhlaví jen 5 (text s oddělovačem dejte do uvozovek)",
    ]


def test_utf16_file_is_an_error_with_how_to_save_it(tmp_path: Path) -> None:
    text = "id\tdatum\tklicova_aktivita\ttyp\thodiny\nF1\t1. 1. 2024\tKA1\tkurz\t2\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        path.write_bytes(bom + text.encode(encoding))

        assert read(path) == ([], [
            f"{encoding}.csv:1:1: chyba: soubor záznamů je uložen v kódování UTF-16 (Unicode text)"
            " (uložte jej v Excelu jako „CSV UTF-8 (s oddělovači)“ nebo „CSV (oddělený středníkem)“"
            " v kódování windows-1250)"
        ])


def test_missing_file_is_reported_where_document_yaml_names_it(tmp_path: Path) -> None:
    records, problems = read(tmp_path / "chybi.csv")

    assert records == []
    assert problems == [
        "document.yaml:3:5: chyba: soubor záznamů 'chybi.csv' neexistuje (cesta se zadává od složky dokumentu)"
    ]


def test_column_names_from_excel_headers() -> None:
    assert column_name("Klíčová aktivita") == "klicova_aktivita"
    assert column_name(" Účastníci ") == "ucastnici"
    assert column_name("POZNÁMKA") == "poznamka"


def test_quote_left_open_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "zaznamy.csv"
    path.write_text('id;datum;klicova_aktivita;typ;hodiny\nE1;1. 1. 2024;KA1;"kurz;1\nE2;2. 1. 2024;KA1;kurz;1\n',
                    encoding="utf-8")

    records, problems = read(path)

    assert records == []
    assert problems[0] == (
        'zaznamy.csv:2:19: chyba: uvozovky otevřené v této buňce se do konce souboru neuzavřou'
        ' (doplňte uzavírací uvozovky; uvozovky uvnitř textu se zdvojují: "")'
    )


def test_header_without_names_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "zaznamy.csv"
    path.write_text(";;;\n", encoding="utf-8")

    assert read(path) == ([], [
        "zaznamy.csv:1:1: chyba: první řádek nenese názvy sloupců"
        " (začněte jej: id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka)"
    ])


HEADER = "id;datum;klicova_aktivita;typ;podtyp;hodiny;ucastnici;osoby;poznamka\n"
CELLS = st.sampled_from(["", "A1", "A2", "1. 2. 2024", "2024-13-01", "31.12.2024", "1,5", "-2", "1.5", "x", '"', '""',
                         '"a;b"', ";", ",", "\n", "\r\n", "KA1", "kurz", "Žďár", " ", "\t", "03/05/2024",
                         "1e3", "NaN"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELLS, max_size=40).map("".join), st.sampled_from(["utf-8", "cp1250", "utf-8-sig"]))
def test_any_rows_end_in_records_or_located_errors(body: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zaznamy.csv"
        path.write_bytes((HEADER + body).encode(encoding))
        diagnostics = Diagnostics()

        records = read_records([(path, Location(path))], diagnostics)

        lines = (HEADER + body).count("\n") + 2
        for problem in diagnostics.items:
            assert problem.location.path == path and 1 <= problem.location.line <= lines and problem.location.col >= 1
        assert len({record.id for record in records}) == len(records)
        assert all(record.hours >= 0 for record in records)
