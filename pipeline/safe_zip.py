"""Open a DOCX that someone else wrote, within bounds.

A DOCX is a zip of XML parts. One we did not write (a file ``git diff`` hands
``pipeline textconv``, a user's ``frame.docx``) may be a zip bomb (a member of
a few KB that expands to gigabytes, or millions of members) or hold an XML
entity bomb ("billion laughs"). The bounds of :mod:`pipeline.limits` are
checked on the zip's directory before any member is expanded, and XML parts
are parsed without DTDs, entities or lxml's huge-tree mode.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from pipeline.errors import PipelineError
from pipeline.limits import (
    DOCX_RATIO_FROM,
    MAX_DOCX_BYTES,
    MAX_DOCX_MEMBERS,
    MAX_DOCX_PART_BYTES,
    MAX_DOCX_RATIO,
)

#: the zip's end-of-central-directory record: signature, then the member count at offset 10
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_LONGEST_COMMENT = 0xFFFF
_NOT_WORD = "soubor nepochází z Wordu nebo je poškozený"
#: the start of an XML document's root element (after its declaration, comments and DOCTYPE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


class UnsafePackage(PipelineError):
    """A DOCX that cannot or must not be read: what is wrong (Czech) and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} ({hint})")
        self.message = message
        self.hint = hint


def read_parts(source: Path | bytes, wanted: Callable[[str], bool] = lambda name: True) -> dict[str, bytes]:
    """Return the members of the DOCX ``source`` whose names ``wanted`` accepts, by name.

    Raises :class:`UnsafePackage` for a file that is not a zip, a zip bomb
    (too many members, too large or too compressed ones; refused from the
    directory, before expanding) or a member that cannot be expanded.
    """
    try:
        with io.BytesIO(source) if isinstance(source, bytes) else source.open("rb") as stream:
            _check_member_count(stream)
            with zipfile.ZipFile(stream) as archive:
                members = archive.infolist()
                _check_sizes(members)
                return {member.filename: _expand(archive, member) for member in members if wanted(member.filename)}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
        # not a file, a broken directory or member, an unknown compression, an encrypted member
        raise _not_a_docx() from None


def check_package(source: Path | bytes) -> dict[str, bytes]:
    """Return the XML parts of the DOCX ``source`` after checking the whole package and that each part parses safely.

    For a DOCX handed on to a library (python-docx, docxtpl, pandoc): they
    expand and parse it without our bounds. The bounds cover every member
    (read from the zip directory); only XML parts need expanding to be checked.
    Raises :class:`UnsafePackage`.
    """
    parts = read_parts(source, is_xml_part)
    for name, data in parts.items():
        parse_part(name, data)
    return parts


def is_xml_part(name: str) -> bool:
    """Return whether the package member ``name`` is XML (a part or its relationships)."""
    return name.endswith((".xml", ".rels"))


def parse_part(name: str, data: bytes) -> etree._Element:
    """Return the root of the XML part ``name``; raise :class:`UnsafePackage` if it is malformed or has a DTD.

    Word never writes a DTD; one in a part can only be an entity bomb or an
    attempt to read a local file, so it is refused before parsing (and, in
    an encoding the first look misses, after: the parser expands nothing).
    Comments and processing instructions are dropped: they carry nothing of
    the document.
    """
    doctype = data.find(b"<!DOCTYPE")
    element = _FIRST_ELEMENT.search(data)
    if doctype >= 0 and (element is None or doctype < element.start()):
        raise _doctype(name)
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise UnsafePackage(f"část {name} není platné XML (řádek {line}, sloupec {column})", _NOT_WORD) from None
    if root.getroottree().docinfo.doctype:
        raise _doctype(name)
    return root


def _check_member_count(stream: BinaryIO) -> None:
    """Refuse a zip with more than :data:`MAX_DOCX_MEMBERS` members, read from its end record.

    ``zipfile`` builds an object per member of the whole directory before
    anything can be checked; millions of members would take gigabytes.
    """
    size = stream.seek(0, io.SEEK_END)
    stream.seek(max(0, size - _END_RECORD_SIZE - _LONGEST_COMMENT))
    tail = stream.read()
    stream.seek(0)
    start = tail.rfind(_END_RECORD)
    if start < 0 or len(tail) - start < _END_RECORD_SIZE:
        raise zipfile.BadZipFile("no end record")
    # 0xFFFF: the count is in a ZIP64 record, written only for more members than any DOCX has.
    if struct.unpack_from("<H", tail, start + 10)[0] > MAX_DOCX_MEMBERS:
        raise _too_many_members()


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse members that would expand too far, by the sizes the zip's directory declares.

    ``zipfile`` never expands a member past its declared size (it stops there
    and the checksum fails), so the declared sizes bound the real ones.
    """
    if len(members) > MAX_DOCX_MEMBERS:
        raise _too_many_members()
    total = 0
    for member in members:
        total += member.file_size
        if is_xml_part(member.filename) and member.file_size > MAX_DOCX_PART_BYTES:
            raise _bomb(
                f"část {member.filename} by po rozbalení měla {_mib(member.file_size)}, "
                f"nejvýše lze {_mib(MAX_DOCX_PART_BYTES)}"
            )
        if member.file_size >= DOCX_RATIO_FROM and member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1):
            raise _bomb(
                f"část {member.filename} je zhuštěná {member.file_size // max(member.compress_size, 1)}krát, "
                f"nejvýše lze {MAX_DOCX_RATIO}krát"
            )
        if total > MAX_DOCX_BYTES:
            raise _bomb(f"soubor by po rozbalení měl víc než {_mib(MAX_DOCX_BYTES)}")


def _expand(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """Return the bytes of ``member``, never more than its declared size."""
    with archive.open(member) as stream:
        data = stream.read(member.file_size + 1)
    if len(data) != member.file_size:
        raise zipfile.BadZipFile(member.filename)
    return data


def _bomb(message: str) -> UnsafePackage:
    return UnsafePackage(message, f"takový soubor Word nevytvoří (zip bomba); {_NOT_WORD}")


def _doctype(name: str) -> UnsafePackage:
    return UnsafePackage(f"část {name} obsahuje deklaraci DOCTYPE", f"dokument Wordu ji nemá; {_NOT_WORD}")


def _too_many_members() -> UnsafePackage:
    return UnsafePackage(
        f"soubor má příliš mnoho částí (víc než {MAX_DOCX_MEMBERS})", f"dokument Wordu jich má desítky; {_NOT_WORD}"
    )


class NotADocx(UnsafePackage):
    """A file that is no zip at all, or a broken one: damaged, not hostile."""


def _not_a_docx() -> UnsafePackage:
    return NotADocx("soubor nelze přečíst jako dokument DOCX", "je poškozený, nebo to není DOCX")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"
