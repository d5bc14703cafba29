"""Make outputs byte-reproducible: DOCX member times, LibreOffice PDF dates and ids."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile


def normalise_zip(data: bytes, epoch: int) -> bytes:
    """Return ``data`` repacked with every member dated ``epoch`` and fixed permissions.

    ZIP members otherwise carry the wall clock of the moment they were written.
    """
    moment = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC)  # ZIP cannot go before 1980
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def pin_pdf(data: bytes, epoch: int) -> bytes:
    """Return a PDF with its dates set to ``epoch`` and its file id derived from its content.

    LibreOffice writes the wall clock into the info dictionary and the XMP
    packet, and a random document id; all three would change every build.
    Its PDF/UA tags are mended too (:func:`pipeline.render.pdf_tags.mend_tags`).
    """
    import hashlib

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    from pipeline.render.pdf_tags import mend_tags

    when = dt.datetime.fromtimestamp(epoch, dt.UTC)
    moment = when.strftime("D:%Y%m%d%H%M%SZ")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    # The PDF is open here anyway: its accessibility tags are mended in the same pass.
    mend_tags(writer)
    writer.add_metadata({"/CreationDate": moment, "/ModDate": moment})
    # PDF/UA needs the XMP packet, so its dates and ids are rewritten rather than dropped.
    xmp = writer.root_object.get(NameObject("/Metadata"))
    if xmp is not None:
        stream = xmp.get_object()
        packet = stream.get_data().decode("utf-8")
        packet = re.sub(r"(<xmp:\w*Date>)[^<]*(</xmp:\w*Date>)", rf"\g<1>{when:%Y-%m-%dT%H:%M:%SZ}\g<2>", packet)
        packet = re.sub(r"(<xmpMM:\w*ID>)[^<]*(</xmpMM:\w*ID>)", r"\g<1>\g<2>", packet)
        stream.set_data(packet.encode("utf-8"))
    # The id is the hash of the file written with a blank id: same content, same id.
    writer._ID = ArrayObject([ByteStringObject(bytes(16)), ByteStringObject(bytes(16))])
    blank = io.BytesIO()
    writer.write(blank)
    digest = hashlib.md5(blank.getvalue()).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
