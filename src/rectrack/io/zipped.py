"""Office files (.xlsx, .docx) made the same, byte for byte, from the same ledger.

openpyxl and python-docx stamp every zip member with the clock and write
the moment of saving into docProps/core.xml.  Two exports of an unchanged
ledger then differ, so a generated file committed beside the data shows a
change in every review, and a test cannot compare one with a golden file.
`settled` rewrites the package: each member dated 1980-01-01 00:00 (the
earliest time a zip can hold, read by unzip tools as "no date"), and the
creation and modification times left out of the core properties (Open
Packaging Conventions, ECMA-376 part 2, §11: every core property is
optional) rather than filled with a moment that is not the data's.
"""

from __future__ import annotations

import io
import re
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE_PROPERTIES = "docProps/core.xml"
# <dcterms:created xsi:type="dcterms:W3CDTF">2026-12-03T13:27:58Z</dcterms:created>, or empty (<…/>).
_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*?(?:/>|>[^<]*</dcterms:\1>)")


def settled(package: bytes) -> bytes:
    """`package` (a zip) with fixed member dates and no save times; members, order and contents otherwise kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == CORE_PROPERTIES:
                data = _TIMES.sub(b"", data)
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_EPOCH)
            info.compress_type = member.compress_type
            info.external_attr = member.external_attr
            info.create_system = 0  # as made on any system: the same bytes on Windows and Linux
            target.writestr(info, data)
    return out.getvalue()
