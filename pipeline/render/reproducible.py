"""Make ZIP-based files (DOCX) byte-reproducible: fixed member times and attributes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def normalise_zip(data: bytes, epoch: int) -> bytes:
    """Return ``data`` repacked with every member dated ``epoch`` and fixed permissions.

    ZIP members otherwise carry the wall clock of the moment they were written.
    """
    moment = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc)  # ZIP cannot go before 1980
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
