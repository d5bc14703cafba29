"""Limits at the tool level: image pixels, DOCX packages we did not write, and the tools' wall clock.

Each limit is tried just below (accepted) and just above (refused with a
Czech message, nothing written). Limits too costly to reach in a test are
lowered by patching the constant where it is enforced, or, for the tools' time,
by ``PIPELINE_TOOL_SECONDS``; the real limits meet the real bombs.
"""

from __future__ import annotations

import io
import pickle
import shutil
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from harness import assert_refused, valid_project

from conftest import REPOSITORY, run_pipeline
from pipeline import limits, pandoc, safe_zip
from pipeline.ast import images
from pipeline.render import libreoffice, pdf
from pipeline.safe_zip import UnsafePackage, check_package
from pipeline.tools import ToolTimeout, run_tool

CHAPTER = Path("sources/metodika/02-postup.md")
IMAGE = Path("sources/metodika/obrazky/schema.png")
#: where the chapter names the image: line 13, column of its path inside ``![…](…)``
IMAGE_AT = f"{CHAPTER}:13:19"


def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """Return a black-and-white PNG of ``width`` × ``height`` white pixels (or ``rows``, compressed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if rows is None:
        row = b"\x00" + b"\xff" * ((width + 7) // 8)
        packer = zlib.compressobj(9)
        rows = b"".join(packer.compress(row * 1000) for _ in range(height // 1000))
        rows += packer.compress(row * (height % 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


# --- Images: pixels counted before decoding ---


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_image_at_the_pixel_limit_passes_and_one_pixel_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    project = valid_project(tmp_path / "p")  # its schema.png has 60 × 40 = 2,400 pixels
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 2400)
    assert run_pipeline(project, "check").exit_code == 0
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 2399)
    problems = assert_refused(project, command)
    assert problems == [
        f"{IMAGE_AT}: chyba: obrázek 'obrazky/schema.png' má 60 × 40 pixelů, víc než 2 399 pixelů "
        "(zmenšete jej; pro tisk stačí 300 dpi v rozměru, v jakém bude na stránce)"
    ]


def test_the_real_pixel_limit_takes_50_megapixels_and_not_one_row_more(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    assert limits.MAX_IMAGE_PIXELS == 10_000 * 5_000
    (project / IMAGE).write_bytes(png(10_000, 5_000))
    assert run_pipeline(project, "check").exit_code == 0
    (project / IMAGE).write_bytes(png(10_000, 5_001))
    problems = assert_refused(project, "check")
    assert problems[0].startswith(f"{IMAGE_AT}: chyba: obrázek 'obrazky/schema.png' má 10000 × 5001 pixelů, víc než 50 000 000")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_decompression_bomb_is_refused_from_its_header(tmp_path: Path, command: str) -> None:
    project = valid_project(tmp_path / "p")
    # 10 billion pixels, 1.25 GB decoded as bits (Pillow: 10 GB as bytes), a few bytes on disk.
    bomb = png(100_000, 100_000, rows=zlib.compress(b"\x00" * 12_501 * 100))
    assert len(bomb) < 4096
    (project / IMAGE).write_bytes(bomb)
    problems = assert_refused(project, command, child=True, timeout=120, memory_mib=1024)
    assert problems[0].startswith(
        f"{IMAGE_AT}: chyba: obrázek 'obrazky/schema.png' má 100000 × 100000 pixelů, víc než 50 000 000 pixelů"
    ), problems


# --- Images: every image decoded, in check as in build ---


def _corrupt(kind: str, data: bytes) -> bytes:
    """Return ``data`` (a PNG, or a JPEG for kinds ending in ``jpg``) broken in the way ``kind`` names."""
    if kind.startswith("truncated"):
        return data[: len(data) // 2]
    if kind == "flipped-pixels-png":
        start = data.index(b"IDAT") + 8
        return data[:start] + bytes(b ^ 0xFF for b in data[start : start + 16]) + data[start + 16 :]
    if kind == "bad-checksum-png":
        at = data.index(b"IEND") - 5  # the last byte of the IDAT chunk's checksum
        return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]
    if kind == "no-end-png":
        return data[:-12]
    raise AssertionError(kind)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("kind", ["truncated-png", "flipped-pixels-png", "bad-checksum-png", "no-end-png", "truncated-jpg"])
def test_corrupt_image_data_is_found_by_check_and_build(tmp_path: Path, command: str, kind: str) -> None:
    from PIL import Image

    project = valid_project(tmp_path / "p")
    photo = io.BytesIO()
    Image.new("RGB", (200, 150), "steelblue").save(photo, "JPEG" if kind.endswith("jpg") else "PNG")
    name = IMAGE.with_suffix(".jpg") if kind.endswith("jpg") else IMAGE
    (project / name).write_bytes(_corrupt(kind, photo.getvalue()))
    chapter = project / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("schema.png", name.name), encoding="utf-8")
    problems = assert_refused(project, command)
    assert problems == [
        f"{IMAGE_AT}: chyba: obrázek 'obrazky/{name.name}' má poškozená data a nelze jej přečíst "
        "(uložte obrázek znovu z programu, ve kterém vznikl)"
    ]


# --- DOCX packages we did not write: textconv and the shared bounds ---

DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Dobr\xc3\xbd den</w:t></w:r></w:p></w:body></w:document>"
)


def docx(path: Path, members: dict[str, bytes], stored: bool = False) -> Path:
    """Write a zip of ``members`` at ``path`` (deflated unless ``stored``) and return the path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def textconv_refused(project: Path, file: Path, child: bool = False) -> str:
    """Return the one problem line of ``pipeline textconv FILE``, after asserting the refusal was clean."""
    problems = assert_refused(project, "textconv", file.name, child=child, timeout=60, memory_mib=1024)
    assert len(problems) == 1, problems
    return problems[0]


def test_textconv_reads_a_small_hand_made_docx(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    docx(project / "a.docx", {"word/document.xml": DOCUMENT})
    result = run_pipeline(project, "textconv", "a.docx")
    assert (result.exit_code, result.stdout) == (0, "[Normal] Dobrý den\n")


def test_members_up_to_the_limit_pass_and_one_more_is_refused(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    filler = {f"word/media/{number}.bin": b"" for number in range(limits.MAX_DOCX_MEMBERS - 1)}
    docx(project / "full.docx", {"word/document.xml": DOCUMENT, **filler})
    assert run_pipeline(project, "textconv", "full.docx").exit_code == 0
    docx(project / "over.docx", {"word/document.xml": DOCUMENT, **filler, "word/media/one-more.bin": b""})
    assert textconv_refused(project, project / "over.docx") == (
        "over.docx:1:1: chyba: soubor má příliš mnoho částí (víc než 5000) "
        "(dokument Wordu jich má desítky; soubor nepochází z Wordu nebo je poškozený)"
    )


def test_a_part_up_to_the_size_limit_passes_and_one_byte_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = valid_project(tmp_path / "p")
    docx(project / "a.docx", {"word/document.xml": DOCUMENT})
    monkeypatch.setattr(safe_zip, "MAX_DOCX_PART_BYTES", len(DOCUMENT))
    assert run_pipeline(project, "textconv", "a.docx").exit_code == 0
    monkeypatch.setattr(safe_zip, "MAX_DOCX_PART_BYTES", len(DOCUMENT) - 1)
    assert "chyba: část word/document.xml by po rozbalení měla" in textconv_refused(project, project / "a.docx")


def test_all_members_up_to_the_total_limit_pass_and_one_byte_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = valid_project(tmp_path / "p")
    docx(project / "a.docx", {"word/document.xml": DOCUMENT, "word/media/photo.jpg": b"x" * 5000})
    monkeypatch.setattr(safe_zip, "MAX_DOCX_BYTES", len(DOCUMENT) + 5000)
    assert run_pipeline(project, "textconv", "a.docx").exit_code == 0
    monkeypatch.setattr(safe_zip, "MAX_DOCX_BYTES", len(DOCUMENT) + 4999)
    assert "chyba: soubor by po rozbalení měl víc než" in textconv_refused(project, project / "a.docx")


def test_a_member_compressed_up_to_the_ratio_passes_and_beyond_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = valid_project(tmp_path / "p")
    file = docx(project / "a.docx", {"word/document.xml": DOCUMENT, "word/media/blank.bin": b"\0" * limits.DOCX_RATIO_FROM})
    member = zipfile.ZipFile(file).getinfo("word/media/blank.bin")
    ratio = -(-member.file_size // member.compress_size)  # rounded up: the member's own ratio passes
    assert ratio > limits.MAX_DOCX_RATIO  # a MiB of zeros is a bomb by the real limit
    monkeypatch.setattr(safe_zip, "MAX_DOCX_RATIO", ratio)
    assert run_pipeline(project, "textconv", "a.docx").exit_code == 0
    monkeypatch.setattr(safe_zip, "MAX_DOCX_RATIO", ratio - 1)
    assert f"chyba: část word/media/blank.bin je zhuštěná {member.file_size // member.compress_size}krát" in (
        textconv_refused(project, file)
    )
    # Below the size the ratio applies from, any ratio is harmless.
    docx(file, {"word/document.xml": DOCUMENT, "word/media/blank.bin": b"\0" * (limits.DOCX_RATIO_FROM - 1)})
    assert run_pipeline(project, "textconv", "a.docx").exit_code == 0


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    # word/document.xml of 1 GiB of spaces, 5 MB on disk; expanding it would take more than the child's 1 GiB.
    with zipfile.ZipFile(project / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (64 * 1024 * 1024)
            for _ in range(16):
                member.write(block)
    line = textconv_refused(project, project / "bomb.docx", child=True)
    assert line.startswith("bomb.docx:1:1: chyba: část word/document.xml by po rozbalení měla 1024 MiB, nejvýše lze 32 MiB")


def test_a_member_that_lies_about_its_size_is_not_expanded_past_it(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    file = docx(project / "a.docx", {"word/document.xml": DOCUMENT + b" " * (64 * 1024 * 1024)})
    data = bytearray(file.read_bytes())
    # Both headers say the member expands to 1,000 bytes; it expands to 64 MiB.
    struct.pack_into("<I", data, 22, 1000)  # the local header's uncompressed size
    struct.pack_into("<I", data, data.rindex(b"PK\x01\x02") + 24, 1000)  # the directory's
    file.write_bytes(bytes(data))
    # Expanded in full it would fail as XML; read up to its declared size, it fails its checksum.
    assert textconv_refused(project, file) == (
        "a.docx:1:1: chyba: soubor nelze přečíst jako dokument DOCX (je poškozený, nebo to není DOCX)"
    )


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        pytest.param(
            {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
             + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
             + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"},
            "část word/document.xml obsahuje deklaraci DOCTYPE",
            id="billion-laughs",
        ),
        pytest.param(
            {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
             b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b"<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"},
            "část word/document.xml obsahuje deklaraci DOCTYPE",
            id="external-entity",
        ),
        pytest.param({"word/document.xml": DOCUMENT[:-20]}, "část word/document.xml není platné XML (řádek 1, sloupec", id="cut-xml"),
        pytest.param(
            {"word/document.xml": DOCUMENT, "word/styles.xml": b"<w:styles><w:style></w:styles>"},
            "část word/styles.xml není platné XML (řádek 1, sloupec",
            id="malformed-styles",
        ),
        pytest.param(
            {"word/document.xml": DOCUMENT.replace(b"<w:body>", b"<w:body>" + b"<w:sdt>" * 10_000)},
            "část word/document.xml není platné XML",
            id="nested-too-deep",
        ),
        pytest.param(
            {"word/document.xml": DOCUMENT.replace(b"<w:body>", b"<w:x>").replace(b"</w:body>", b"</w:x>")},
            "v části word/document.xml chybí tělo dokumentu (w:body)",
            id="no-body",
        ),
        pytest.param({"word/styles.xml": b"<styles/>"}, "v souboru chybí word/document.xml", id="no-document"),
    ],
)
def test_textconv_refuses_hostile_or_broken_xml_in_one_czech_line(
    tmp_path: Path, members: dict[str, bytes], expected: str
) -> None:
    project = valid_project(tmp_path / "p")
    docx(project / "a.docx", members)
    line = textconv_refused(project, project / "a.docx", child=True)
    assert line.startswith(f"a.docx:1:1: chyba: {expected}"), line
    assert "root:" not in line  # nothing of /etc/passwd


@pytest.mark.parametrize(
    "content", [b"", b"PK\x05\x06" + b"\0" * 18, b"plain text, no zip", b"PK\x03\x04" + b"\0" * 100], ids=["empty", "empty-zip-record", "text", "broken-zip"]
)
def test_textconv_refuses_what_is_no_zip(tmp_path: Path, content: bytes) -> None:
    project = valid_project(tmp_path / "p")
    (project / "a.docx").write_bytes(content)
    line = textconv_refused(project, project / "a.docx")
    assert line in (
        "a.docx:1:1: chyba: soubor nelze přečíst jako dokument DOCX (je poškozený, nebo to není DOCX)",
        "a.docx:1:1: chyba: v souboru chybí word/document.xml (není to dokument Wordu)",
    )


def test_textconv_takes_nesting_below_the_parsers_depth(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    nested = b"<w:sdt><w:sdtContent>" * 100 + b"<w:p><w:r><w:t>hluboko</w:t></w:r></w:p>" + b"</w:sdtContent></w:sdt>" * 100
    docx(project / "a.docx", {"word/document.xml": DOCUMENT.replace(b"<w:body>", b"<w:body>" + nested)})
    result = run_pipeline(project, "textconv", "a.docx")
    assert (result.exit_code, result.stdout) == (0, "[Normal] hluboko\n[Normal] Dobrý den\n")


def test_the_shared_bounds_accept_every_shipped_frame_and_refuse_bombs(tmp_path: Path) -> None:
    for frame in sorted((REPOSITORY / "templates").glob("*/frame.docx")):
        assert "word/document.xml" in check_package(frame)
    bomb = docx(tmp_path / "frame.docx", {"word/document.xml": DOCUMENT, "word/media/x.bin": b"\0" * (4 * 1024 * 1024)})
    with pytest.raises(UnsafePackage, match="je zhuštěná"):
        check_package(bomb)
    laughs = docx(tmp_path / "laughs.docx", {"word/document.xml": b'<!DOCTYPE a [<!ENTITY a "a">]><a>&a;</a>'})
    with pytest.raises(UnsafePackage, match="DOCTYPE"):
        check_package(laughs)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    ("members", "expected"),
    [
        pytest.param({"word/document.xml": DOCUMENT, "word/media/x.bin": b"\0" * (4 * 1024 * 1024)},
                     "část word/media/x.bin je zhuštěná", id="zip-bomb"),
        pytest.param({"word/document.xml": b'<!DOCTYPE a [<!ENTITY a "a">]><a>&a;</a>'},
                     "část word/document.xml obsahuje deklaraci DOCTYPE", id="entity-bomb"),
    ],
)
def test_a_frame_docx_bomb_is_refused_before_docxtpl_opens_it(
    tmp_path: Path, command: str, members: dict[str, bytes], expected: str
) -> None:
    project = valid_project(tmp_path / "p")
    shutil.copytree(REPOSITORY / "templates", project / "templates")
    docx(project / "templates" / "methodology" / "frame.docx", members)
    problems = assert_refused(project, command, child=True, timeout=120, memory_mib=2048)
    assert [line for line in problems if "frame.docx" in line] == [
        line for line in problems if line.startswith(f"templates/methodology/frame.docx:1:1: chyba: {expected}")
    ] != []


# --- Wall-clock limits of pandoc, Typst and LibreOffice ---


def sleeper(folder: Path) -> tuple[Path, Path]:
    """Return a fake tool that starts a child and sleeps forever, and the file where it leaves the child's id."""
    pids = folder / "child.pid"
    script = folder / "fake-tool"
    script.write_text(f"#!/bin/sh\nsleep 600 &\necho $! > {pids}\nwait\n", encoding="utf-8")
    script.chmod(0o755)
    return script, pids


def assert_ended(pids: Path) -> None:
    """Assert that the process whose id is in ``pids`` has ended (killed with the tool that started it)."""
    pid = int(pids.read_text(encoding="utf-8"))
    for _ in range(100):  # the kill is sent; reaping the orphan may take a moment
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state in {"Z", "X"}:
            return
        time.sleep(0.1)
    raise AssertionError(f"the tool's child {pid} survived the time-out")


@pytest.mark.parametrize("command", ["check", "build"])
def test_pandoc_past_its_limit_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    project = valid_project(tmp_path / "p")
    script, pids = sleeper(tmp_path)
    monkeypatch.setattr(pandoc, "pandoc_path", lambda: str(script))
    lines = assert_refused(project, command, env={"PIPELINE_TOOL_SECONDS": "1"}, located=False)
    assert lines == [
        "chyba: dokument sources/metodika: pandoc neskončil do 1 s, a proto byl ukončen (zdroje jsou pro něj příliš "
        "složité nebo rozsáhlé; zjednodušte je, nebo limit zvyšte proměnnou prostředí PIPELINE_TOOL_SECONDS)"
    ]
    assert_ended(pids)


def test_pandoc_within_its_limit_finishes(tmp_path: Path) -> None:
    project = valid_project(tmp_path / "p")
    result = run_pipeline(project, "check", env={"PIPELINE_TOOL_SECONDS": "60"})
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf"])
def test_a_tool_limit_that_is_no_number_of_seconds_is_refused(tmp_path: Path, value: str) -> None:
    project = valid_project(tmp_path / "p")
    lines = assert_refused(project, "check", env={"PIPELINE_TOOL_SECONDS": value}, located=False)
    assert lines == [
        f"chyba: proměnná prostředí PIPELINE_TOOL_SECONDS='{value}' není kladné číslo sekund "
        "(zadejte např. PIPELINE_TOOL_SECONDS=600, nebo ji zrušte)"
    ]


def endless_frame(project: Path) -> None:
    """Give ``project`` its own templates whose Typst frame loops for hours before anything is laid out."""
    shutil.copytree(REPOSITORY / "templates", project / "templates")
    frame = project / "templates" / "methodology" / "frame.typ"
    loop = "#for i in range(100000) { for j in range(100000) { } }\n"
    frame.write_text(loop + frame.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.parametrize("command", [("check",), ("build", "--format", "pdf")])
def test_typst_in_the_build_process_past_its_limit_stops_the_run(tmp_path: Path, command: tuple[str, ...]) -> None:
    # The frame's check and a short body compile in the pipeline's process, in a thread that cannot be
    # killed: the run must still end (in a child process, so the stuck thread ends with it, not with pytest).
    project = valid_project(tmp_path / "p")
    endless_frame(project)
    lines = assert_refused(project, *command, env={"PIPELINE_TOOL_SECONDS": "3"}, child=True, located=False, timeout=120)
    assert lines == [
        "chyba: dokument sources/metodika: Typst neskončil do 3 s, a proto byl ukončen (zdroje jsou pro něj příliš "
        "složité nebo rozsáhlé; zjednodušte je, nebo limit zvyšte proměnnou prostředí PIPELINE_TOOL_SECONDS)"
    ]


def test_typst_in_a_child_process_past_its_limit_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = valid_project(tmp_path / "p")
    endless_frame(project)
    monkeypatch.setattr(pdf, "CHILD_FROM", 0)  # every body compiles in a child
    lines = assert_refused(project, "build", "--format", "pdf", env={"PIPELINE_TOOL_SECONDS": "3"}, located=False)
    assert lines[0].startswith("chyba: dokument sources/metodika: Typst neskončil do 3 s, a proto byl ukončen")


@pytest.mark.parametrize("child_from", [0, pdf.CHILD_FROM])
def test_typst_within_its_limit_writes_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_from: int) -> None:
    project = valid_project(tmp_path / "p")
    monkeypatch.setattr(pdf, "CHILD_FROM", child_from)
    result = run_pipeline(project, "build", "--format", "pdf", env={"PIPELINE_TOOL_SECONDS": "60", "SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.stderr
    assert (project / "output" / "metodika" / "metodika.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("arguments", [("--format", "docx"), ("--format", "pdf", "--pdf-engine", "libreoffice")])
def test_libreoffice_past_its_limit_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    project = valid_project(tmp_path / "p")
    script, pids = sleeper(tmp_path)
    monkeypatch.setattr(libreoffice, "soffice", lambda: str(script))
    lines = assert_refused(project, "build", *arguments, env={"PIPELINE_TOOL_SECONDS": "2"}, located=False)
    assert lines == [
        "chyba: dokument sources/metodika: LibreOffice neskončil do 2 s, a proto byl ukončen (zdroje jsou pro něj "
        "příliš složité nebo rozsáhlé; zjednodušte je, nebo limit zvyšte proměnnou prostředí PIPELINE_TOOL_SECONDS)"
    ]
    assert_ended(pids)


def test_a_tool_within_its_limit_gives_its_output_and_one_past_it_is_killed(tmp_path: Path) -> None:
    done = run_tool(["sh", "-c", "cat; echo hotovo"], "nástroj", 30, stdin=b"vstup ")
    assert (done.returncode, done.stdout) == (0, b"vstup hotovo\n")
    script, pids = sleeper(tmp_path)
    with pytest.raises(ToolTimeout) as raised:
        run_tool([str(script)], "nástroj", 0.5)
    assert (raised.value.tool, raised.value.seconds) == ("nástroj", 0.5)
    assert_ended(pids)
    # From a worker process it reaches the build pickled, and must arrive whole.
    arrived = pickle.loads(pickle.dumps(raised.value))
    assert (type(arrived), str(arrived)) == (ToolTimeout, str(raised.value))

