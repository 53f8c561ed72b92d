"""Office files written twice from the same ledger are the same bytes: no clock inside."""

from __future__ import annotations

import io
import zipfile

from conftest import SHIPPED

from rectrack import worddoc
from rectrack.export import to_xlsx
from rectrack.io.zipped import ZIP_EPOCH, settled
from rectrack.loader import load_file
from rectrack.report import build_notice


def _package(when: tuple, core: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in (("[Content_Types].xml", b"<Types/>"), ("docProps/core.xml", core)):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        stored = zipfile.ZipInfo("media/image1.png", date_time=when)
        stored.compress_type = zipfile.ZIP_STORED
        z.writestr(stored, b"\x89PNG")
    return out.getvalue()


CORE = (b'<cp:coreProperties><dc:title>T</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">%s'
        b'</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
        b'<dcterms:modified/></cp:coreProperties>')


def test_two_saves_at_different_moments_settle_to_the_same_bytes():
    first = _package((2024, 1, 2, 3, 4, 6), CORE % (b"2024-01-02T03:04:05Z", b"2024-01-02T03:04:05Z"))
    second = _package((2026, 12, 3, 13, 0, 0), CORE % (b"2026-12-03T13:00:00Z", b"2026-12-03T13:00:01Z"))
    assert first != second
    assert settled(first) == settled(second)
    with zipfile.ZipFile(io.BytesIO(settled(first))) as z:
        assert [i.filename for i in z.infolist()] == ["[Content_Types].xml", "docProps/core.xml", "media/image1.png"]
        assert {i.date_time for i in z.infolist()} == {ZIP_EPOCH}
        assert [i.compress_type for i in z.infolist()] == [zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED,
                                                           zipfile.ZIP_STORED]
        assert z.read("docProps/core.xml") == b"<cp:coreProperties><dc:title>T</dc:title></cp:coreProperties>"
        assert z.read("media/image1.png") == b"\x89PNG"


def _times(package: bytes) -> tuple[set, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {i.date_time for i in z.infolist()}, z.read("docProps/core.xml")


def test_the_xlsx_export_and_the_word_documents_carry_no_clock():
    model, problems = load_file(SHIPPED)
    assert model is not None, problems
    ledger = worddoc.ledger_for([model], "zh", True)
    for package in (to_xlsx([model], "zh"), worddoc.notice_docx(build_notice(model, "zh"), ledger),
                    worddoc.ledger_docx(ledger)):
        dates, core = _times(package)
        assert dates == {ZIP_EPOCH}
        assert b"dcterms:created" not in core and b"dcterms:modified" not in core
        assert b"rectrack" in core  # the other properties stay
