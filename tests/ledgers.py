"""Office ledgers (整改台账) built in the tests themselves, in the layouts offices use.

`office_rows()` is one realistic ledger as rows of cells; the builders write it
(or any rows) as .xlsx with merged cells, .xls, .ods or CSV bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

TITLE = "XX区市场监督管理局党组巡察反馈问题整改台账"
FILL_IN = "填报单位：XX区市场监督管理局（盖章）        反馈时间：2024年3月15日        填报日期：2024年7月5日"
HEADER_1 = ["序号", "反馈问题", "整改措施", "责任主体", None, "整改时限", "完成情况", "完成时间", "佐证材料", "备注"]
HEADER_2 = [None, None, None, "牵头领导", "责任单位", None, None, None, None, None]


def office_rows() -> list[list]:
    """Title, fill-in line, a two-row header, category and aspect heading rows, issues, a total, a footer."""
    return [
        [TITLE] + [None] * 9,
        [FILL_IN] + [None] * 9,
        HEADER_1,
        HEADER_2,
        ["一、贯彻落实党中央决策部署和上级要求方面"] + [None] * 9,
        ["（一）落实食品安全“两个责任”不到位"] + [None] * 9,
        [1, "包保干部督导检查流于形式，部分督导记录内容雷同",
         "1.制定《包保督导工作规范》，明确督导内容和频次；\n2.每季度抽查督导记录，通报问题。",
         "王副局长", "食品生产科", dt.date(2024, 6, 30), "已完成", dt.date(2024, 6, 20),
         "《包保督导工作规范》\n第二季度抽查通报", None],
        [2, "食品抽检不合格产品后处置不及时",
         "一是建立不合格产品核查处置台账；二是对超期未处置的逐件督办；三是纳入年度考核。",
         "王副局长", "食品抽检科", "2024年6月底", "基本完成", None, None, "剩余2件正在立案调查"],
        ["（二）优化营商环境举措落实不够有力"] + [None] * 9,
        [3, "“一件事”集成办理覆盖面不广", "梳理高频事项；推出10个“一件事”套餐；开展窗口人员培训",
         "李局长", "行政审批科", "长期坚持", "长期坚持", None, None, None],
        [None] * 10,
        ["二、全面从严治党方面"] + [None] * 9,
        ["（一）落实中央八项规定精神有差距"] + [None] * 9,
        [4, "公务接待审批手续不全", "立行立改，补齐审批单，修订《公务接待管理办法》",
         "张书记", "办公室", "立行立改", "已完成", "2024.4.10", "接待审批单", None],
        [5, "个别执法车辆未按规定停放", "完善车辆管理制度，落实节假日封存", "张书记",
         "办公室、执法大队", 45473, "已整改", None, None, None],
        [6, "干部教育培训计划执行不严", "按计划补训，建立培训档案", "刘副局长", "人事科",
         "2024/9/30", "未启动", None, None, None],
        ["合计", "共6项", None, None, None, None, None, None, None, None],
        ["填报人：赵某某        审核人：钱某某        联系电话：12345678"] + [None] * 9,
    ]


OFFICE_MERGES = ["A1:J1", "A2:J2", "D3:E3", "A3:A4", "B3:B4", "C3:C4", "F3:F4", "G3:G4", "H3:H4",
                 "I3:I4", "J3:J4", "A5:J5", "A6:J6", "A9:J9", "A12:J12", "A13:J13", "A19:J19"]


def xlsx_bytes(rows: list[list], merges=(), sheet="整改台账", extra_sheets: dict | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for name, sheet_rows in {**(extra_sheets or {})}.items():
        other = book.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    first = book.worksheets[0]
    first.title = sheet
    for row in rows:
        first.append(row)
    for ref in merges:
        first.merge_cells(ref)
    if extra_sheets:
        book.move_sheet(first, offset=0)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows: list[list], merges=(), sheet="整改台账") -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    merged_cells = set()
    spans = []
    for ref in merges:
        a, b = ref.split(":")
        from rectrack.io.grid import parse_cell_name

        (r0, c0), (r1, c1) = parse_cell_name(a), parse_cell_name(b)
        spans.append((r0, r1, c0, c1))
        merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r0, r1, c0, c1 in spans:
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        page.write_merge(r0, r1, c0, c1, value)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in merged_cells or value is None:
                continue
            if isinstance(value, dt.date):
                page.write(r, c, dt.datetime(value.year, value.month, value.day), date_style)
            else:
                page.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows: list[list], merges=(), sheet="整改台账") -> bytes:
    """A minimal but real .ods: mimetype first and stored, manifest, content.xml."""
    from rectrack.io.grid import parse_cell_name

    spans, covered = {}, set()
    for ref in merges:
        a, b = ref.split(":")
        (r0, c0), (r1, c1) = parse_cell_name(a), parse_cell_name(b)
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            attrs = ""
            if (r, c) in spans:
                rs, cs = spans[(r, c)]
                attrs = f' table:number-rows-spanned="{rs}" table:number-columns-spanned="{cs}"'
            tag = "table:covered-table-cell" if (r, c) in covered else "table:table-cell"
            if value is None:
                cells.append(f"<{tag}{attrs}/>")
            elif isinstance(value, dt.date):
                cells.append(f'<{tag}{attrs} office:value-type="date" office:date-value="{value.isoformat()}">'
                             f"<text:p>{value.isoformat()}</text:p></{tag}>")
            elif isinstance(value, (int, float)):
                cells.append(f'<{tag}{attrs} office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></{tag}>")
            else:
                paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
                cells.append(f'<{tag}{attrs} office:value-type="string">{paragraphs}</{tag}>')
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    body.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                'table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        + "".join(body) + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return buffer.getvalue().encode(encoding)
