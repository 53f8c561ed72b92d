"""Spreadsheet files (.xlsx, .xls, .ods, .csv) read into plain grids of cell values.

A `Sheet` is what every format comes down to: rows of values (text,
numbers, dates, booleans, None), the merged ranges, and the cells that hold
a formula.  Formulas are never evaluated: a cell's value is the one the
spreadsheet program saved with the file.

Readers, and why:
- .xlsx: python-calamine (Rust's calamine): values, dates and merged ranges
  of a 100,000-row sheet in about a second, where openpyxl takes eight even
  in read-only mode (which also loses the merged ranges).  Which cells hold
  a formula is read from the sheet's XML (one regular expression).
- .xls: xlrd, the reader of Excel 97-2003 files that pandas and others rely
  on; the BIFF format is far too intricate to read by hand.
- .ods: a small streaming reader over the zip's content.xml (ElementTree's
  iterparse).  The cell model of ODF is simple (values in office:* attributes,
  text in text:p), and odfpy would build a whole DOM for a 100,000-row sheet.
- .csv: the standard library; UTF-8 (with or without BOM) is tried first,
  then GB18030 (a superset of GBK, what Excel on Chinese Windows saves), and
  the encoding used is reported.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..problems import RectrackError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
FORMATS = ("xlsx", "xls", "ods", "csv")


class GridError(RectrackError):
    """The file cannot be read as a spreadsheet at all (not one, encrypted, damaged); raised with a code."""


@dataclass
class Sheet:
    """One sheet: rows of values, 0-based merged ranges and formula cells."""

    name: str
    rows: list[list[Any]]
    # (first_row, first_col, last_row, last_col), 0-based and inclusive.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row, col) → formula text, for cells whose value is a saved formula result.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # A CSV file has one unnamed sheet: its cells are named C7, not name!C7.
    named: bool = True

    def ref(self, row: int, col: int, last: tuple[int, int] | None = None) -> str:
        """How the report names a cell (整改台账!C7) or a range of one column (整改台账!C7:C9)."""
        name = cell_name(row, col) + (f":{cell_name(*last)}" if last and last != (row, col) else "")
        return f"{self.name}!{name}" if self.named else name

    @property
    def where(self) -> str:
        """How the report names the sheet itself."""
        return self.name if self.named else ""

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass
class Workbook:
    """The sheets of one file, in file order, and how it was read."""

    format: str
    sheets: list[Sheet]
    encoding: str | None = None  # for CSV: which encoding the text was in


def column_letter(col: int) -> str:
    """Excel's name of the 0-based column `col`: 0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """Excel's name of a 0-based cell: (6, 2) → C7."""
    return f"{column_letter(col)}{row + 1}"


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def parse_cell_name(name: str) -> tuple[int, int]:
    """The 0-based (row, col) of a cell name such as C7; ValueError for anything else."""
    match = _CELL_REF.fullmatch(name.strip().upper())
    if not match:
        raise ValueError(f"'{name}' is not a cell name like C7")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, col - 1


def sniff_format(data: bytes, name: str) -> str:
    """The format of `data` from its first bytes (the name's extension only breaks ties).

    Raises GridError for an encrypted workbook and for bytes no reader takes.
    """
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or b"EncryptedPackage" in data[:1 << 20]:
            raise GridError(code="sheet-encrypted", what="workbook")
        return "xls"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except zipfile.BadZipFile:
            raise GridError(code="sheet-bad-zip") from None
        raise GridError(code="sheet-zip")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in ("xlsx", "xlsm", "xls", "et", "ods") and head.startswith((b"<html", b"<!doctype", b"<table",
                                                                           b"<?xml", b"<meta")):
        # Many systems' "export to Excel" writes a web page or an XML spreadsheet with an .xls name.
        raise GridError(code="sheet-web-page", suffix=suffix)
    if suffix in ("xlsx", "xlsm", "xls", "et", "ods") or _looks_binary(data):
        if suffix:
            raise GridError(code="sheet-unknown-named", suffix=suffix)
        raise GridError(code="sheet-unknown")
    return "csv"


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text (Excel's "Unicode text")
    return b"\x00" in head


def read_workbook(data: bytes, name: str) -> Workbook:
    """Every sheet of the spreadsheet file whose bytes are `data`; GridError if none can be read."""
    kind = sniff_format(data, name)
    reader = {"xlsx": _read_xlsx, "xls": _read_xls, "ods": _read_ods, "csv": _read_csv}[kind]
    return reader(data, name)


# -- xlsx ---------------------------------------------------------------------------------

_FORMULA = re.compile(rb'<c\s[^>]*?r="([A-Z]+\d+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)')
_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\s[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|'
                  rb'<Relationship\s[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


def _xml_unescape(raw: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(raw.decode("utf-8"), {"&quot;": '"', "&apos;": "'"})


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML in the zip, from the workbook and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for match in _REL.finditer(rels):
        rid, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        target = target.decode("utf-8")
        targets[rid.decode("utf-8")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {_xml_unescape(sheet): targets.get(rid.decode("utf-8"), "")
            for sheet, rid in _SHEET_ENTRY.findall(workbook)}


def _read_xlsx(data: bytes, name: str) -> Workbook:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise GridError(code="sheet-unreadable", kind="xlsx", reason=str(exc)) from None
    sheets: list[Sheet] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                paths = _sheet_paths(archive)
            except KeyError:
                paths = {}
            for sheet_name in book.sheet_names:
                try:
                    worksheet = book.get_sheet_by_name(sheet_name)
                    rows = [[None if v == "" else v for v in row]
                            for row in worksheet.to_python(skip_empty_area=False)]
                except (CalamineError, ValueError) as exc:
                    raise GridError(code="sheet-one-unreadable", sheet=sheet_name, reason=str(exc)) from None
                _trim(rows)
                sheet = Sheet(sheet_name, rows)
                sheet.merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in worksheet.merged_cell_ranges or ()]
                path = paths.get(sheet_name)
                if path and path in archive.namelist():
                    xml = archive.read(path)
                    if b"<f" in xml:
                        for ref, text in _FORMULA.findall(xml):
                            sheet.formulas[parse_cell_name(ref.decode())] = "=" + _xml_unescape(text)
                sheets.append(sheet)
    finally:
        book.close()
    return Workbook("xlsx", sheets)


def _trim(rows: list[list[Any]]) -> None:
    """Drop trailing empty cells and rows in place (files often declare a larger range)."""
    for row in rows:
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
    while rows and not rows[-1]:
        rows.pop()


# -- xls ----------------------------------------------------------------------------------

def _read_xls(data: bytes, name: str) -> Workbook:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        message = str(exc)
        if "encrypt" in message.lower():
            raise GridError(code="sheet-encrypted", what="workbook") from None
        raise GridError(code="sheet-unreadable", kind="xls", reason=message) from None
    except (AssertionError, KeyError, IndexError, ValueError, OSError) as exc:
        raise GridError(code="sheet-damaged", kind="xls", reason=type(exc).__name__) from None
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            worksheet = book.sheet_by_index(index)
            rows = [[_xls_value(book, cell) for cell in worksheet.row(r)] for r in range(worksheet.nrows)]
            _trim(rows)
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in worksheet.merged_cells]
            sheets.append(Sheet(worksheet.name, rows, merges))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return Workbook("xls", sheets)


def _xls_value(book, cell) -> Any:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
    if kind == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    return cell.value


@dataclass(frozen=True)
class CellError:
    """A cell holding a spreadsheet error such as #REF! or #DIV/0!."""

    text: str

    def __str__(self) -> str:
        return self.text


# -- ods ----------------------------------------------------------------------------------

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T = "{%s}" % _NS["table"]
_O = "{%s}" % _NS["office"]
_X = "{%s}" % _NS["text"]
# A sheet that repeats an empty row a million times to fill the grid is not a million rows.
_MAX_REPEAT = 10_000


def _read_ods(data: bytes, name: str) -> Workbook:
    import xml.etree.ElementTree as ET

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
        if b"encryption-data" in manifest:
            raise GridError(code="sheet-encrypted", what="spreadsheet")
        content = archive.open("content.xml")
    except (KeyError, zipfile.BadZipFile) as exc:
        raise GridError(code="sheet-unreadable", kind="ods", reason=str(exc)) from None
    sheets: list[Sheet] = []
    try:
        sheet: Sheet | None = None
        row: list[Any] = []
        pending_blank_rows = 0
        for event, element in ET.iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _T + "table":
                    sheet = Sheet(element.get(_T + "name", f"Sheet{len(sheets) + 1}"), [])
                    pending_blank_rows = 0
                elif tag == _T + "table-row":
                    row = []
                continue
            if tag in (_T + "table-cell", _T + "covered-table-cell") and sheet is not None:
                value = _ods_value(element)
                repeat = min(int(element.get(_T + "number-columns-repeated", "1")), _MAX_REPEAT)
                r_index = len(sheet.rows) + pending_blank_rows
                formula = element.get(_T + "formula")
                if formula is not None:
                    sheet.formulas[(r_index, len(row))] = formula.split(":", 1)[-1]
                rows_spanned = int(element.get(_T + "number-rows-spanned", "1"))
                cols_spanned = int(element.get(_T + "number-columns-spanned", "1"))
                if rows_spanned > 1 or cols_spanned > 1:
                    sheet.merges.append((r_index, len(row), r_index + rows_spanned - 1,
                                         len(row) + cols_spanned - 1))
                if value is None and repeat > 1:
                    row.extend([None] * repeat)
                else:
                    row.extend([value] * repeat)
                element.clear()
            elif tag == _T + "table-row" and sheet is not None:
                while row and row[-1] is None:
                    row.pop()
                repeat = min(int(element.get(_T + "number-rows-repeated", "1")), _MAX_REPEAT)
                if not row:
                    pending_blank_rows += repeat
                else:
                    sheet.rows.extend([] for _ in range(pending_blank_rows))
                    pending_blank_rows = 0
                    sheet.rows.extend(list(row) for _ in range(repeat))
                element.clear()
            elif tag == _T + "table" and sheet is not None:
                sheets.append(sheet)
                sheet = None
                element.clear()
    except ET.ParseError as exc:
        raise GridError(code="sheet-ods-xml", reason=str(exc)) from None
    finally:
        archive.close()
    return Workbook("ods", sheets)


def _ods_text(element) -> str:
    """The text of a cell: its text:p paragraphs joined by newlines, text:s as spaces."""
    paragraphs = []
    for paragraph in element.iter(_X + "p"):
        paragraphs.append(_inline_text(paragraph))
    return "\n".join(paragraphs)


def _inline_text(node) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == _X + "s":
            parts.append(" " * int(child.get(_X + "c", "1")))
        elif child.tag == _X + "tab":
            parts.append("\t")
        elif child.tag == _X + "line-break":
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_value(element) -> Any:
    kind = element.get(_O + "value-type")
    if kind in ("float", "percentage", "currency"):
        raw = element.get(_O + "value", "")
        try:
            number = float(raw)
        except ValueError:
            return _ods_text(element) or None
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = element.get(_O + "date-value", "")
        try:
            if "T" in raw:
                return dt.datetime.fromisoformat(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            return _ods_text(element) or raw
    if kind == "boolean":
        return element.get(_O + "boolean-value") == "true"
    text = _ods_text(element)
    return text if text != "" else None


# -- csv ----------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (BOM or not), UTF-16 with a BOM,
    else GB18030 (which reads GBK).  GridError when none of them decodes every byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise GridError(code="csv-encoding", byte=exc.start + 1) from None


def _read_csv(data: bytes, name: str) -> Workbook:
    import csv

    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise GridError(code="csv-undecodable", reason=exc.reason) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    if first and first.count(delimiter) == 0:
        delimiter = ","
    try:
        rows = [[cell if cell != "" else None for cell in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error as exc:
        raise GridError(code="csv-unreadable", reason=str(exc)) from None
    _trim(rows)
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Sheet1"
    return Workbook("csv", [Sheet(stem, rows, named=False)], encoding=encoding)
