"""Ledger exports: rows in office column order, CSV for Excel, XLSX opened back with openpyxl, JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import MINIMAL, SHIPPED, dedent

from rectrack.export import (
    COLUMNS,
    headers,
    ledger_rows,
    neutralise,
    to_csv,
    to_json,
    to_xlsx,
)
from rectrack.loader import load_file, load_text
from rectrack.model import RoundFile, Status

HEADERS_ZH = ["序号", "轮次", "问题类别", "方面", "问题", "整改措施", "责任领导", "责任部门",
              "整改时限", "整改状态", "完成时间", "佐证材料", "最新进展", "延期情况"]


def shipped() -> RoundFile:
    model, problems = load_file(SHIPPED)
    assert model is not None, problems
    return model


# Every kind of text a spreadsheet could run, in every text column that takes data.
HOSTILE = dedent("""\
    version: 1
    round:
      id: r1
      title: "=cmd|' /C calc'!A0"
      unit: 测试单位
      feedback: 2024-01-10
    aspects:
      - id: A1
        title: "+SUM(1,2)"
        category: "-2+3"
        issues:
          - id: A1-1
            title: '=HYPERLINK("http://evil.example","点我")'
            status: in_progress
            owner: "@SUM(A1)"
            leader: "\\t=1+1"
            deadline: 2024-03-01
            measures: ["\\r=2+2", 正常措施]
            evidence: ["=1"]
            history:
              - {date: 2024-02-01, note: "-5 件已整改", status: in_progress}
          - id: A1-2
            title: "控制字符\\x07与\\u202e方向符"
            status: not_started
    """)


def hostile() -> RoundFile:
    model, problems = load_text(HOSTILE)
    assert model is not None, "\n".join(map(str, problems))
    return model


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("正常", "正常"), ("a=1", "a=1"), ("", ""),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_rows_follow_the_ledger_columns():
    rows = ledger_rows([shipped()])
    assert len(rows) == 31 and [r.no for r in rows] == list(range(1, 32))
    assert headers("zh") == HEADERS_ZH
    assert headers("en")[:5] == ["No.", "Round", "Category", "Aspect", "Issue"]
    a3_2 = next(r for r in rows if r.issue == "聚焦核心需求,健全完善养老服务体系")
    assert a3_2.status is Status.SUBSTANTIALLY_COMPLETED and a3_2.completed_on is None
    assert a3_2.aspect == "增强改革攻坚意识,着力提升民生保障水平"
    assert a3_2.measures.splitlines()[0].startswith("从养老服务提升")  # the summary comes first
    assert a3_2.measures.splitlines()[1].startswith("1. 提升居家老年人家庭照护能力")
    # The notice gives no completion days: completed no later than its date.
    assert rows[0].completed_on is None and rows[0].completed_by == dt.date(2024, 3, 29)
    assert rows[0].values("zh")[COLUMNS.index("completed_on")] == "不晚于2024-03-29"
    assert len(rows[0].values("zh")) == len(COLUMNS)


def test_csv_has_a_bom_and_opens_as_the_ledger():
    data = to_csv(ledger_rows([shipped()]), "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert records[0] == HEADERS_ZH
    assert len(records) == 32
    first = records[1]
    assert first[0] == "1" and first[9] == "已完成" and first[10] == "不晚于2024-03-29"
    assert first[4] == "搭建服务平台,推动科研成果转化"
    assert "\r\n" in data.decode("utf-8")


def test_csv_neutralises_formulas_in_every_text_column():
    records = list(csv.reader(io.StringIO(to_csv(ledger_rows([hostile()]), "en").decode("utf-8-sig"),
                                          newline="")))
    row = dict(zip(records[0], records[1]))
    assert row["Round"] == "'=cmd|' /C calc'!A0"
    assert row["Aspect"] == "'+SUM(1,2)"
    assert row["Category"] == "'-2+3"
    assert row["Issue"] == "'=HYPERLINK(\"http://evil.example\",\"点我\")"
    assert row["Responsible department"] == "'@SUM(A1)"
    assert row["Responsible leader"] == "'\t=1+1"
    assert row["Measures"] == "1. =2+2\n2. 正常措施"  # numbered lines: the cell starts with "1."
    assert row["Evidence"] == "'=1"
    assert row["Latest progress"] == "'-5 件已整改"
    assert row["Status"] == "in progress"
    for record in records[1:]:
        for cell in record:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def open_xlsx(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_ledger_sheet():
    book = open_xlsx(to_xlsx([shipped()], "zh"))
    assert book.sheetnames == ["整改台账", "分方面汇总"]
    sheet = book["整改台账"]
    assert [c.value for c in sheet[1]] == HEADERS_ZH
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N32"
    assert sheet.max_row == 32
    first = [c.value for c in sheet[2]]
    assert first[0] == 1 and first[9] == "已完成"
    assert first[10] == "不晚于2024-03-29"  # completed no later than: all the notice says
    assert sheet["I2"].value is None  # no deadline
    assert sheet["F2"].alignment.wrap_text
    # Chinese needs room: the measures column is wide, the number column narrow.
    assert sheet.column_dimensions["F"].width >= 50 and sheet.column_dimensions["A"].width <= 8
    assert sheet.row_dimensions[2].height > 15  # wrapped rows are given their height


def test_xlsx_rows_are_coloured_by_status():
    sheet = open_xlsx(to_xlsx([shipped()], "en"))["Ledger"]
    fills = {}
    for row in sheet.iter_rows(min_row=2):
        fills.setdefault(row[9].value, set()).add(row[0].fill.fgColor.rgb[-6:])
        assert len({c.fill.fgColor.rgb for c in row}) == 1  # the whole row, one colour
    assert fills == {"completed": {"E2F0D9"}, "substantially completed": {"FFF2CC"}}


def test_xlsx_summary_sheet():
    sheet = open_xlsx(to_xlsx([shipped()], "zh"))["分方面汇总"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["轮次", "问题类别", "方面", "问题数", "已完成", "基本完成", "正在推进", "未启动", "完成率"]
    assert len(rows) == 12
    assert rows[3][2:9] == ["增强改革攻坚意识,着力提升民生保障水平", 2, 1, 1, 0, 0, 0.5]
    assert rows[-1][2:8] == ["合计", 31, 29, 2, 0, 0]
    assert sheet.cell(row=12, column=9).number_format == "0.0%"
    assert sheet.cell(row=12, column=3).font.bold


def test_xlsx_neutralises_formulas_and_strips_illegal_characters():
    sheet = open_xlsx(to_xlsx([hostile()], "zh"))["整改台账"]
    issue = sheet["E2"]
    assert issue.value == "'=HYPERLINK(\"http://evil.example\",\"点我\")"
    assert issue.data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                assert cell.data_type == "s"
    assert sheet["E3"].value == "控制字符\\x07与\u202e方向符"
    assert sheet["I2"].value == dt.datetime(2024, 3, 1)


def test_xlsx_several_rounds_have_a_grand_total():
    first, _ = load_text(dedent(MINIMAL))
    second, _ = load_text(dedent(MINIMAL.replace("id: r1", "id: r2").replace("测试轮次", "第二轮")))
    book = open_xlsx(to_xlsx([first, second], "zh"))
    assert book["整改台账"].max_row == 5
    assert [c.value for c in book["整改台账"]["A"]][1:] == [1, 2, 3, 4]
    summary = [[c.value for c in row] for row in book["分方面汇总"].iter_rows()]
    assert summary[-1][0] == "合计" and summary[-1][3:6] == [4, 2, 0]


def test_json_is_the_validated_data_in_a_stable_order():
    model = shipped()
    data = json.loads(to_json([("data/issues.yaml", model)]))
    (entry,) = data["rounds"]
    assert list(entry) == ["path", "version", "round", "aspects"]
    assert entry["path"] == "data/issues.yaml"
    assert entry["round"]["feedback"] == "2023-12-07"
    assert entry["aspects"][0]["issues"][0]["completed_by"] == "2024-03-29"
    assert entry["aspects"][2]["issues"][1]["status"] == "substantially_completed"
    assert entry["aspects"][0]["issues"][0]["outcomes"]["projects"] == 60
    entry.pop("path")
    assert RoundFile.model_validate(entry) == model  # nothing lost
    assert to_json([("data/issues.yaml", model)]) == to_json([("data/issues.yaml", model)])


def test_json_names_keys_as_the_yaml_does():
    text = MINIMAL.replace(
        "        deadline: 2024-03-01\n",
        "        deadline: 2024-03-01\n        history:\n"
        "          - {date: 2024-02-01, from: not_started, status: in_progress, note: 已启动}\n")
    model, problems = load_text(dedent(text))
    assert model is not None, problems
    entry = json.loads(to_json([("r.yaml", model)]))["rounds"][0]
    (history,) = entry["aspects"][0]["issues"][1]["history"]
    assert history["from"] == "not_started" and "from_" not in history
