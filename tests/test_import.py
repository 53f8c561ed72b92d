"""`rectrack import`: office ledgers in every layout and format, the round trip, every bad input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from conftest import ROOT, SHIPPED
from ledgers import OFFICE_MERGES, csv_bytes, ods_bytes, office_rows, xls_bytes, xlsx_bytes

from rectrack.io.cells import Unreadable, read_date, read_deadline, read_status, split_measures
from rectrack.io.ledger import ImportOptions, ImportRefused, import_ledger, read_map
from rectrack.vocabulary import Status

GOLDEN = ROOT / "tests" / "golden" / "import"
DAY = dt.date(2024, 7, 20)


@pytest.fixture
def run(cli, tmp_path, monkeypatch):
    """The CLI with today pinned and the data location in tmp_path."""
    monkeypatch.setattr("rectrack.cli.importer.today", lambda: DAY)
    monkeypatch.chdir(tmp_path)  # the report names files as typed, relative to here

    def invoke(*args, **kwargs):
        env = {"RECTRACK_DATA": str(tmp_path / "data"), **kwargs.pop("env", {})}
        return cli("import", *args, env=env, **kwargs)

    return invoke


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _body(text: str) -> str:
    """The YAML without the lines that name the file and the schema."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(("# yaml-language-server", "# Imported by")))


# -- the realistic office ledger ------------------------------------------------------------

def test_office_ledger_matches_the_golden_round(run, tmp_path):
    ledger = _write(tmp_path, "市场监管局整改台账.xlsx", xlsx_bytes(office_rows(), OFFICE_MERGES))
    target = tmp_path / "data" / "2024-scjg.yaml"
    r = run(ledger, "--id", "2024-scjg", "-o", target)
    assert r.exit_code == 0, r.output
    text = target.read_text(encoding="utf-8")
    assert text == (GOLDEN / "office.yaml").read_text(encoding="utf-8").replace(
        "{schema}", text.splitlines()[0].split("$schema=", 1)[1])
    assert "wrote" in r.stderr and "round 2024-scjg, 6 issues in 3 aspects" in r.stderr


def test_office_ledger_report_names_every_cell(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes(office_rows(), OFFICE_MERGES))
    r = run(ledger, "--id", "2024-scjg", "--dry-run")
    assert r.exit_code == 0, r.output
    report = r.stderr.splitlines()
    assert report[0] == "read 台账.xlsx (xlsx, sheet 整改台账, header in row 4): 14 rows → 6 issues in 3 aspects"
    for line in [
        "台账.xlsx:整改台账!F8: guess: '2024年6月底' read as the month's last day, 2024-06-30",
        "台账.xlsx:整改台账!C10: guess: split at ';' into 3 measures",
        "台账.xlsx:整改台账!G10: guess: '长期坚持' read as in_progress with long_term: true",
        "台账.xlsx:整改台账!F15: guess: the number 45473 read as the Excel date 2024-06-30",
        "台账.xlsx:整改台账!A11: skip: row 11: blank",
        "台账.xlsx:整改台账!A17: skip: row 17: a total row ('合计')",
        "台账.xlsx:整改台账!F14: info: '立行立改': rectify at once; the ledger gives no date, "
        "so no deadline is written",
        "台账.xlsx:整改台账!A2: info: unit read from the title rows: XX区市场监督管理局",
        "台账.xlsx:整改台账!H15: info: completed, with no completion date: written as completed_by: "
        "2024-07-05, completed no later than the ledger's fill-in date (整改台账!A2)",
        "台账.xlsx:整改台账!A2: info: feedback read from the title rows: 2024-03-15",
    ]:
        assert line in report, line
    assert any(line.startswith("台账.xlsx:整改台账!A18: skip: row 18: a note below the table") for line in report)
    assert r.stdout.startswith("# yaml-language-server:")
    assert "dry run: " in r.stderr and not (tmp_path / "data").exists()


@pytest.mark.parametrize("kind", ["xls", "ods", "csv-gbk", "csv-utf8-bom", "csv-utf8"])
def test_every_format_gives_the_same_round(run, tmp_path, kind):
    rows = office_rows()
    data = {"xls": lambda: xls_bytes(rows, OFFICE_MERGES), "ods": lambda: ods_bytes(rows, OFFICE_MERGES),
            "csv-gbk": lambda: csv_bytes(rows, "gbk"), "csv-utf8-bom": lambda: csv_bytes(rows, "utf-8-sig"),
            "csv-utf8": lambda: csv_bytes(rows, "utf-8")}[kind]()
    suffix = kind.split("-")[0]
    ledger = _write(tmp_path, f"台账.{suffix}", data)
    r = run(ledger, "--id", "2024-scjg", "--dry-run")
    assert r.exit_code == 0, r.output
    golden = (GOLDEN / "office.yaml").read_text(encoding="utf-8")
    assert _body(r.stdout) == _body(golden)
    if kind.startswith("csv"):
        encoding = {"csv-gbk": "GB18030 (GBK)", "csv-utf8-bom": "UTF-8 (with BOM)", "csv-utf8": "UTF-8"}[kind]
        assert f"台账.csv: info: text read as {encoding}" in r.stderr
        assert "台账.csv:F8: guess: '2024年6月底'" in r.stderr  # a CSV cell has no sheet name


def test_the_ods_reader_keeps_merges_and_ignores_the_repeated_empty_grid():
    from rectrack.io.grid import read_workbook

    book = read_workbook(ods_bytes(office_rows(), OFFICE_MERGES), "x.ods")
    sheet = book.sheets[0]
    assert len(sheet.rows) == 18  # not the million empty rows the file repeats
    assert (2, 3, 2, 4) in sheet.merges  # 责任主体 over 牵头领导 | 责任单位
    assert sheet.rows[6][5] == dt.date(2024, 6, 30)
    assert sheet.rows[6][8] == "《包保督导工作规范》\n第二季度抽查通报"


# -- round trip -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_then_import_gives_back_the_shipped_round(cli, run, tmp_path, lang):
    from rectrack.loader import load_paths

    exported = tmp_path / "ledger.xlsx"
    # --keep-punctuation: the exact text, for an exact round trip (Chinese output normalises it by default).
    r = cli("export", SHIPPED, "-o", exported, "--lang", lang, "--keep-punctuation")
    assert r.exit_code == 0, r.output
    target = tmp_path / "data" / "back.yaml"
    r = run(exported, "--id", "hd-2023-r6-zgc", "--unit", "中共海淀区委中关村街道工作委员会",
            "--feedback", "2023-12-07", "-o", target)
    assert r.exit_code == 0, r.output
    r = cli("validate", target)
    assert r.exit_code == 0, r.output
    original = load_paths([SHIPPED]).rounds[0].model
    back = load_paths([target]).rounds[0].model
    assert back.round.title == original.round.title
    assert [(a.id, a.title, a.category) for a in back.aspects] == \
        [(a.id, a.title, a.category) for a in original.aspects]
    pairs = list(zip(original.issues(), back.issues(), strict=True))
    assert len(pairs) == 31
    for (_, before), (_, after) in pairs:
        for name in ("id", "title", "summary", "status", "measures", "owner", "leader", "deadline",
                     "completed_on", "completed_by", "evidence"):
            assert getattr(after, name) == getattr(before, name), (before.id, name)
    statuses = [issue.status for _, issue in back.issues()]
    assert statuses.count(Status.COMPLETED) == 29 and statuses.count(Status.SUBSTANTIALLY_COMPLETED) == 2


def test_an_imported_round_exports_and_imports_back_with_its_no_later_than(cli, run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes(office_rows(), OFFICE_MERGES))
    first = tmp_path / "data" / "a.yaml"
    assert run(ledger, "--id", "2024-scjg", "-o", first).exit_code == 0
    exported = tmp_path / "again.xlsx"
    r = cli("export", first, "-o", exported, "--lang", "zh")
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    sheet = load_workbook(exported)["整改台账"]
    assert [sheet.cell(row, 11).value for row in (2, 6)] == [dt.datetime(2024, 6, 20), "不晚于2024-07-05"]
    second = tmp_path / "b.yaml"
    r = run(exported, "--id", "2024-scjg-b", "--unit", "XX区市场监督管理局", "--feedback", "2024-03-15",
            "-o", second)
    assert r.exit_code == 0, r.output
    issue_lines = lambda path: path.read_text(encoding="utf-8").split("aspects:", 1)[1]  # noqa: E731
    assert issue_lines(second) == issue_lines(first).replace("      # 备注: 剩余2件正在立案调查\n", "")
    assert "        long_term: true\n" in issue_lines(second)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_extensions_and_long_term_work_survive_export_and_import(cli, run, tmp_path, lang):
    from rectrack.loader import load_paths

    source = ROOT / "tests" / "examples" / "time" / "followups.yaml"
    exported = tmp_path / "ledger.xlsx"
    r = cli("export", source, "-o", exported, "--lang", lang, "--keep-punctuation")
    assert r.exit_code == 0, r.output
    original = load_paths([source]).rounds[0].model
    target = tmp_path / "data" / "back.yaml"
    r = run(exported, "--id", "back", "--unit", "某单位", "--feedback", str(original.round.feedback), "-o", target)
    assert r.exit_code == 0, r.output
    assert "record extensions with" not in r.output  # the 延期情况 cells were read, not left for a person
    back = load_paths([target]).rounds[0].model
    pairs = list(zip(original.issues(), back.issues(), strict=True))
    assert any(before.extensions for (_, before), _ in pairs) and any(before.long_term for (_, before), _ in pairs)
    for (_, before), (_, after) in pairs:
        assert (after.deadline, after.long_term, after.extensions) == \
            (before.deadline, before.long_term, before.extensions), before.id


# -- layouts --------------------------------------------------------------------------------

def _import(data: bytes, name: str = "t.xlsx", **options):
    options.setdefault("round_id", "r1")
    options.setdefault("unit", "某单位")
    options.setdefault("feedback", dt.date(2024, 3, 1))
    options.setdefault("title", "某单位巡察整改")
    return import_ledger(data, name, ImportOptions(**options))


def _messages(result):
    return [f"{n.where}: {n.kind}: {n.message}" for n in result.notes]


def test_category_and_aspect_as_merged_cells():
    rows = [["问题类别", "方面", "问题", "整改状态"],
            ["一、党的建设", "（一）组织建设", "问题甲", "已完成（已销号）"],
            [None, None, "问题乙", "正在推进"],
            [None, "（二）作风建设", "问题丙", "未开始"],
            ["二、业务工作", "服务企业", "问题丁", "基本整改"]]
    result = _import(xlsx_bytes(rows, ["A2:A4", "B2:B3"]), as_of=dt.date(2024, 5, 1))
    assert not result.errors, _messages(result)
    aspects = result.data["aspects"]
    assert [(a["id"], a.get("category"), a["title"], [i["title"] for i in a["issues"]]) for a in aspects] == [
        ("A1", "党的建设", "组织建设", ["问题甲", "问题乙"]),
        ("A2", "党的建设", "作风建设", ["问题丙"]),
        ("A3", "业务工作", "服务企业", ["问题丁"]),
    ]
    assert [i["status"] for a in aspects for i in a["issues"]] == [
        "completed", "in_progress", "not_started", "substantially_completed"]
    messages = _messages(result)
    assert "整改台账!D2: guess: '已完成（已销号）' read as completed" in messages
    # Merged cells are what the sheet shows: no guess about them.
    assert not any("as if merged" in m for m in messages)


def test_category_repeated_on_every_row_and_blank_cells_filled_from_above():
    rows = [["问题类别", "方面", "问题", "整改状态"],
            ["党的建设", "组织建设", "问题甲", "已完成"],
            ["党的建设", None, "问题乙", "已完成"],
            ["党的建设", None, "问题丙", "已完成"],
            ["业务工作", "服务企业", "问题丁", "已完成"]]
    result = _import(csv_bytes(rows, "utf-8"), "t.csv", as_of=dt.date(2024, 5, 1))
    assert not result.errors, _messages(result)
    assert [len(a["issues"]) for a in result.data["aspects"]] == [3, 1]
    assert "B3:B4: guess: blank, taken as the aspect of the row above (as if merged)" in _messages(result)


def test_no_category_at_all_gives_one_aspect_named_from_the_sheet_or_the_option():
    rows = [["序号", "问题描述", "整改措施", "责任单位", "完成时限", "整改进展"],
            [1, "问题甲", "措施", "办公室", "2024-06-30", "推进中"],
            [2, "问题乙", None, "财务科", "2024/6/30", "整改中"]]
    result = _import(xlsx_bytes(rows, sheet="巡察反馈问题"))
    assert [(a["id"], a["title"], len(a["issues"])) for a in result.data["aspects"]] == [("A1", "巡察反馈问题", 2)]
    result = _import(xlsx_bytes(rows), aspect_title="反馈问题")
    assert result.data["aspects"][0]["title"] == "反馈问题"
    assert [i["id"] for i in result.data["aspects"][0]["issues"]] == ["A1-1", "A1-2"]


def test_english_headers_and_an_id_column():
    rows = [["ID", "Aspect", "Issue", "Measures", "Owner", "Deadline", "Status"],
            ["F-1", "Procurement", "Tenders split", "1. Review tenders\n2. Train staff", "Finance",
             dt.date(2024, 6, 30), "in progress"]]
    result = _import(xlsx_bytes(rows))
    issue = result.data["aspects"][0]["issues"][0]
    assert issue == {"id": "F-1", "title": "Tenders split", "status": "in_progress",
                     "measures": ["Review tenders", "Train staff"], "owner": "Finance",
                     "deadline": dt.date(2024, 6, 30)}


def test_issue_cell_merged_over_several_measure_rows():
    rows = [["问题", "整改措施", "整改状态"],
            ["问题甲", "措施一", "正在推进"],
            [None, "措施二", None],
            ["问题乙", "措施三", "未启动"]]
    result = _import(xlsx_bytes(rows, ["A2:A3", "C2:C3"]))
    issues = result.data["aspects"][0]["issues"]
    assert [(i["title"], i["measures"]) for i in issues] == [("问题甲", ["措施一", "措施二"]),
                                                              ("问题乙", ["措施三"])]


def test_completed_without_a_date_is_completed_by_the_fill_in_date():
    rows = [["某局整改台账"], ["填报单位：某局    填报日期：2024年7月5日"],
            ["问题", "整改状态", "完成时间"], ["问题甲", "已完成", None]]
    result = _import(xlsx_bytes(rows), unit=None)
    assert result.data["round"]["unit"] == "某局"
    issue = result.data["aspects"][0]["issues"][0]
    assert issue["completed_by"] == dt.date(2024, 7, 5) and "completed_on" not in issue
    assert ("整改台账!C4: info: completed, with no completion date: written as completed_by: 2024-07-05, "
            "completed no later than the ledger's fill-in date (整改台账!A2)") in _messages(result)


def test_a_completion_month_is_completed_by_its_last_day():
    rows = [["问题", "整改状态", "完成时间"], ["问题甲", "已完成", "2024年5月"], ["问题乙", "已完成", "2024年5月8日"]]
    result = _import(xlsx_bytes(rows))
    first, second = result.data["aspects"][0]["issues"]
    assert (first["completed_by"], "completed_on" in first) == (dt.date(2024, 5, 31), False)
    assert second["completed_on"] == dt.date(2024, 5, 8)
    assert ("整改台账!C2: guess: '2024年5月' read as the month's last day, 2024-05-31; written as "
            "completed_by (completed no later than that day), as the ledger names no day") in _messages(result)


def test_completed_without_any_date_is_an_error_naming_the_flag():
    rows = [["问题", "整改状态"], ["问题甲", "已完成"]]
    result = _import(xlsx_bytes(rows))
    assert result.data is None
    assert [(n.where, n.kind) for n in result.errors] == [("整改台账!B2", "error")]
    assert "--as-of" in result.errors[0].message


def test_rows_without_status_use_the_status_option_and_otherwise_are_errors():
    rows = [["问题", "整改措施", "整改状态"], ["问题甲", "措施", None]]
    result = _import(xlsx_bytes(rows))
    assert _messages(result)[-1].startswith("整改台账!C2: error: no status")
    result = _import(xlsx_bytes(rows), status=Status.NOT_STARTED)
    assert result.data["aspects"][0]["issues"][0]["status"] == "not_started"


def test_latest_progress_becomes_a_dated_note_and_remarks_a_comment(tmp_path):
    from rectrack.io.roundfile import round_text

    rows = [["问题", "整改状态", "最新进展", "备注"], ["问题甲", "正在推进", "已起草制度", "需区里协调\n第二行"]]
    result = _import(xlsx_bytes(rows), as_of=dt.date(2024, 7, 1))
    issue = result.data["aspects"][0]["issues"][0]
    assert issue["history"] == [{"date": dt.date(2024, 7, 1), "note": "已起草制度"}]
    text = round_text(result.data, ["head"], result.comments)
    assert "      # 备注: 需区里协调\n      #   第二行\n      - id: A1-1\n" in text


def test_heading_rows_in_the_issue_column_by_their_chinese_ordinals():
    rows = [["序号", "问题", "整改状态"],
            [None, "一、党的建设方面", None], [1, "问题甲", "未启动"],
            [None, "（一）组织建设", None], [2, "问题乙", "未启动"]]
    result = _import(xlsx_bytes(rows))
    assert [(a.get("category"), a["title"], [i["title"] for i in a["issues"]])
            for a in result.data["aspects"]] == [(None, "党的建设方面", ["问题甲"]),
                                                 ("党的建设方面", "组织建设", ["问题乙"])]


def test_progress_is_reported_every_2000_rows():
    rows = [["问题", "整改状态"]] + [[f"问题{i}", "未启动"] for i in range(4500)]
    calls = []
    import_ledger(xlsx_bytes(rows), "t.xlsx", ImportOptions(round_id="r", title="t", unit="u",
                                                             feedback=dt.date(2024, 1, 1)),
                  lambda done, total: calls.append((done, total)))
    assert calls == [(2000, 4500), (4000, 4500)]


def test_ods_formula_cells_are_found():
    from rectrack.io.grid import read_workbook

    source = zipfile.ZipFile(io.BytesIO(ods_bytes([["问题", "整改时限"], ["甲", dt.date(2024, 6, 30)]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "content.xml":
                content = content.replace(b'office:value-type="date"',
                                          b'table:formula="of:=DATE(2024;6;30)" office:value-type="date"')
            target.writestr(item, content)
    data = out.getvalue()
    sheet = read_workbook(data, "t.ods").sheets[0]
    assert sheet.formulas == {(1, 1): "=DATE(2024;6;30)"} and sheet.rows[1][1] == dt.date(2024, 6, 30)


def test_a_summary_column_and_headers_broken_over_lines():
    rows = [["审计发现\n问题", "整改思路", "整改\n措施", "整改状态"],
            ["问题甲", "从制度入手", "总的要求\n1. 修订办法\n2. 培训", "未启动"]]
    result = _import(xlsx_bytes(rows))
    issue = result.data["aspects"][0]["issues"][0]
    assert (issue["summary"], issue["measures"]) == ("从制度入手", ["总的要求", "修订办法", "培训"])
    assert ("整改台账!A1: info: columns: A 审计发现问题 → issue, B 整改思路 → summary, C 整改措施 → measures, "
            "D 整改状态 → status") in _messages(result)


def test_hostile_text_is_written_so_that_it_reads_back_exactly(tmp_path):
    from rectrack.io.roundfile import round_text
    from rectrack.loader import load_text

    title, measure = "标题\x07响铃\u202e反转", "@x\n  缩进行"
    rows = [["问题", "整改措施", "整改状态", "备注"],
            [title, "=SUM(A1)", "未启动", "x\x1b[31m\u2028y"], ["- 横线: 冒号 #号", measure, "未启动", None]]
    result = _import(csv_bytes(rows, "utf-8"), "t.csv")
    text = round_text(result.data, ["head"], result.comments)
    assert "      # 备注: x\\x1b[31m\\u2028y\n" in text
    model, problems = load_text(text, "t.yaml")
    assert problems == []
    assert [(i.title, i.measures) for _, i in model.issues()] == [
        (title, ["=SUM(A1)"]), ("- 横线: 冒号 #号", [measure])]


def test_a_repeated_header_row_is_skipped():
    rows = [["问题", "整改状态"], ["问题甲", "未启动"], ["问题", "整改状态"], ["问题乙", "未启动"]]
    result = _import(xlsx_bytes(rows))
    assert result.issues == 2
    assert "整改台账!A3: skip: row 3: the header repeated" in _messages(result)


def test_title_with_audit_makes_an_audit_round():
    rows = [["2024年度经济责任审计发现问题整改台账"], ["问题", "整改状态"], ["问题甲", "未启动"]]
    result = _import(xlsx_bytes(rows), title=None)
    assert result.data["round"]["title"] == "2024年度经济责任审计发现问题整改台账"
    assert result.data["round"]["kind"] == "audit"


def test_map_file_names_unusual_columns_and_status_words():
    mapping = read_map('header_row = 2\n[columns]\nissue = "反馈问题清单"\nowner = "C"\n'
                       '[statuses]\n"已销号" = "completed"\n', "map.toml")
    rows = [["台账"], ["反馈问题清单", "办理情况", "承接处室", "整改状态"],
            ["问题甲", "x", "综合处", "已销号"]]
    result = _import(xlsx_bytes(rows), mapping=mapping, as_of=dt.date(2024, 5, 1))
    assert not result.errors, _messages(result)
    issue = result.data["aspects"][0]["issues"][0]
    assert (issue["title"], issue["owner"], issue["status"]) == ("问题甲", "综合处", "completed")
    assert "整改台账!B2: warning: column '办理情况' is not imported (no rectrack field of that name; " \
           "name it in a --map file if it is one)" in _messages(result)


def test_a_mapped_column_wins_over_a_column_with_the_usual_name():
    mapping = read_map('[columns]\nissue = "具体表现"\nstatus = "D"\n', "map.toml")
    rows = [["问题", "具体表现", "整改措施", "进度"], ["大类", "问题甲", "措施", "已完成"]]
    result = _import(xlsx_bytes(rows), mapping=mapping, as_of=dt.date(2024, 5, 1))
    assert not result.errors, _messages(result)
    issue = result.data["aspects"][0]["issues"][0]
    assert (issue["title"], issue["status"]) == ("问题甲", "completed")
    assert ("整改台账!A1: warning: column '问题' is not imported (the --map file takes issue from another "
            "column)") in _messages(result)


@pytest.mark.parametrize("text, message", [
    ("[columns]\nproblem = 'A'", "map.toml: [columns] 'problem' is not a field"),
    ("[statuses]\n'办结' = 'finished'", "map.toml: [statuses] '办结': unknown status 'finished'"),
    ("header_row = 0", "map.toml: header_row must be a row number"),
    ("colums = 1", "map.toml: unknown key 'colums'"),
    ("[columns", "map.toml: not valid TOML"),
])
def test_bad_map_files_are_refused_by_name(text, message):
    with pytest.raises(ImportRefused) as caught:
        read_map(text, "map.toml")
    assert str(caught.value).startswith(message)


# -- cells ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected, guessed", [
    (dt.date(2024, 6, 30), dt.date(2024, 6, 30), False),
    (dt.datetime(2024, 6, 30, 0, 0), dt.date(2024, 6, 30), False),
    ("2024-06-30", dt.date(2024, 6, 30), False),
    ("2024/6/30", dt.date(2024, 6, 30), False),
    ("2024.6.30", dt.date(2024, 6, 30), False),
    ("2024年6月30日", dt.date(2024, 6, 30), False),
    ("2024年6月30日前", dt.date(2024, 6, 30), False),
    ("2024年6月底", dt.date(2024, 6, 30), True),
    ("2024年底", dt.date(2024, 12, 31), True),
    ("2024年上半年", dt.date(2024, 6, 30), True),
    ("2024年下半年", dt.date(2024, 12, 31), True),
    ("2024年6月", dt.date(2024, 6, 30), True),
    ("6月30日", dt.date(2024, 6, 30), True),
    ("1月10日", dt.date(2025, 1, 10), True),
    ("6月底", dt.date(2024, 6, 30), True),  # the feedback's year
    ("2月底", dt.date(2025, 2, 28), True),  # the feedback's own February would be before it
    (45473, dt.date(2024, 6, 30), True),
    ("45473", dt.date(2024, 6, 30), True),
    (20240630, dt.date(2024, 6, 30), True),
])
def test_dates_in_the_shapes_offices_write(value, expected, guessed):
    reading = read_date(value, dt.date(2024, 3, 15))
    assert reading.value == expected
    assert (reading.guess is not None) is guessed


@pytest.mark.parametrize("value, message", [
    ("2024-02-30", "is not a real date"),
    ("尽快", "is not a date rectrack can read"),
    ("13月底", "is not a real date"),
    (3.5, "is not a date"),
])
def test_unreadable_dates_say_why(value, message):
    with pytest.raises(Unreadable) as caught:
        read_date(value, dt.date(2024, 3, 15))
    assert message in str(caught.value)


def test_month_end_without_a_feedback_date_is_refused():
    with pytest.raises(Unreadable, match="names no year"):
        read_date("6月底")


def test_deadline_words():
    assert read_deadline("长期坚持")[0].long_term and read_deadline("长期坚持")[0].date is None
    assert read_deadline("长期")[0].long_term
    assert read_deadline("立行立改")[0].immediate and read_deadline("立行立改")[0].date is None
    deadline, _ = read_deadline("2024年6月30日前完成并长期坚持")
    assert (deadline.date, deadline.long_term) == (dt.date(2024, 6, 30), True)


@pytest.mark.parametrize("word, status, long_term", [
    ("已完成", Status.COMPLETED, False), ("已整改", Status.COMPLETED, False), ("完成", Status.COMPLETED, False),
    ("已完成。", Status.COMPLETED, False), ("completed", Status.COMPLETED, False),
    ("基本完成", Status.SUBSTANTIALLY_COMPLETED, False), ("基本整改", Status.SUBSTANTIALLY_COMPLETED, False),
    ("正在推进", Status.IN_PROGRESS, False), ("整改中", Status.IN_PROGRESS, False),
    ("推进中", Status.IN_PROGRESS, False), ("正在整改", Status.IN_PROGRESS, False),
    ("未启动", Status.NOT_STARTED, False), ("未开始", Status.NOT_STARTED, False),
    ("长期坚持", Status.IN_PROGRESS, True), ("In Progress", Status.IN_PROGRESS, False),
])
def test_status_words(word, status, long_term):
    assert read_status(word)[:2] == (status, long_term)


def test_unknown_status_words_are_refused_not_guessed():
    for word in ("未完成", "已完成大部分", "待定"):
        with pytest.raises(Unreadable):
            read_status(word)


@pytest.mark.parametrize("cell, summary, measures", [
    ("1.甲；\n2.乙。", None, ["甲；", "乙。"]),
    ("1、甲\n2、乙", None, ["甲", "乙"]),
    ("（1）甲\n（2）乙", None, ["甲", "乙"]),
    ("①甲\n②乙", None, ["甲", "乙"]),
    ("总体思路。\n1. 甲\n2. 乙", "总体思路。", ["甲", "乙"]),
    ("一是建台账；二是督办；三是考核。", None, ["建台账；", "督办；", "考核。"]),
    ("坚持问题导向：一是建台账，二是督办。", "坚持问题导向：", ["建台账，", "督办。"]),
    ("甲；乙；丙", None, ["甲", "乙", "丙"]),
    ("只有一条措施，含逗号。", None, ["只有一条措施，含逗号。"]),
    ("两行文字\n没有编号", None, ["两行文字\n没有编号"]),
    ("2023年12月召开会议", None, ["2023年12月召开会议"]),  # a year is not a number "2023."
    ("提高3.5个百分点", None, ["提高3.5个百分点"]),
])
def test_measures_split_with_text_kept(cell, summary, measures):
    got_summary, got, _ = split_measures(cell)
    assert (got_summary, got) == (summary, measures)


# -- bad input ------------------------------------------------------------------------------

def test_not_a_spreadsheet(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", b"this is not a workbook at all")
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert "rectrack: error: 台账.xlsx: the file is not a spreadsheet rectrack can read" in r.stderr
    assert not (tmp_path / "data").exists()


def test_a_web_page_saved_as_xls(run, tmp_path):
    ledger = _write(tmp_path, "台账.xls", "<html><table><tr><td>问题</td></tr></table></html>".encode())
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert ("台账.xls: the file is a web page or XML text with an .xls name, not a workbook; open it in "
            "Excel or WPS and save it as .xlsx, then import that") in r.stderr


def test_a_binary_file_named_csv(run, tmp_path):
    ledger = _write(tmp_path, "台账.csv", bytes(range(256)) * 4)
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert "not a spreadsheet" in r.stderr


def test_encrypted_workbook(run, tmp_path):
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500
    ledger = _write(tmp_path, "台账.xlsx", fake)
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert "the workbook is encrypted (password-protected)" in r.stderr


def test_csv_in_no_known_encoding(run, tmp_path):
    ledger = _write(tmp_path, "台账.csv", "问题,整改状态\n".encode("utf-8") + b"\x81\x20\xff\xfe\x80,x\n")
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert "neither UTF-8 nor GBK/GB18030" in r.stderr


def test_no_recognisable_header(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["姓名", "电话"], ["张三", "123"]], sheet="通讯录"))
    r = run(ledger, "--id", "x")
    assert r.exit_code == 1, r.output
    assert "no sheet has a recognisable header" in r.stderr and "通讯录" in r.stderr


def test_sheet_option_picks_a_sheet_and_names_the_ones_there(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]], sheet="台账",
                                                   extra_sheets={"说明": [["填表说明"]]}))
    r = run(ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01",
            "--sheet", "说明", "--dry-run")
    assert r.exit_code == 1, r.output
    assert "说明: no header row found" in r.stderr
    r = run(ledger, "--id", "x", "--sheet", "不存在")
    assert r.exit_code == 1 and "the sheets are: 台账, 说明" in r.stderr, r.output


def test_two_columns_that_both_look_like_the_issue(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改措施", "具体问题"], ["甲", "x", "乙"]]))
    r = run(ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01")
    assert r.exit_code == 1, r.output
    assert ("台账.xlsx:整改台账!A1 and 整改台账!C1: error: two columns both look like the 问题 (issue) column"
            in r.stderr)
    assert "nothing written" in r.stderr and not (tmp_path / "data").exists()


def _with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook with a saved result for the formula in `cell` (openpyxl never writes one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                start = text.index(f'r="{cell}"')
                close = text.index("</f>", start) + len("</f>")
                end = text.index("</c>", close)
                text = text[:close] + f"<v>{value}</v>" + text[end:]
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def test_formula_without_a_saved_value_is_an_error(run, tmp_path):
    rows = [["序号", "问题", "整改时限", "整改状态"], [1, "甲", "=DATE(2024,6,30)", "未启动"]]
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes(rows))
    r = run(ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01")
    assert r.exit_code == 1, r.output
    assert ("台账.xlsx:整改台账!C2: error: a formula (=DATE(2024,6,30)) with no saved value; open and save "
            "the file in Excel or WPS, or paste the values, first") in r.stderr


def test_formula_with_a_saved_value_is_read_as_that_value_with_a_warning(run, tmp_path):
    rows = [["序号", "问题", "整改时限", "整改状态"], [1, "甲", "=DATE(2024,6,30)", "未启动"]]
    ledger = _write(tmp_path, "台账.xlsx", _with_cached_value(xlsx_bytes(rows), "C2", "45473"))
    r = run(ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01", "--dry-run")
    assert r.exit_code == 0, r.output
    assert ("台账.xlsx:整改台账!C2: warning: a formula (=DATE(2024,6,30)): its saved value '45473' was read, "
            "not the formula") in r.stderr
    assert "deadline: 2024-06-30" in r.stdout


def test_an_unreadable_cell_stops_the_import_with_its_place(run, tmp_path):
    rows = [["问题", "整改时限", "整改状态"], ["甲", "尽快", "办理中吧"]]
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes(rows))
    r = run(ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01")
    assert r.exit_code == 1, r.output
    assert "台账.xlsx:整改台账!B2: error: deadline: '尽快' is not a date rectrack can read" in r.stderr
    assert "台账.xlsx:整改台账!C2: error: '办理中吧' is not a status rectrack knows" in r.stderr
    assert "2 cell(s) cannot be imported; nothing written" in r.stderr


def test_missing_facts_name_the_flags_off_a_terminal(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    r = run(ledger)
    assert r.exit_code == 1, r.output
    assert "missing --id, --title, --unit, --feedback: the ledger's title rows do not say" in r.stderr


def test_refuses_to_overwrite_without_force(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    target = tmp_path / "r.yaml"
    target.write_text("old\n", encoding="utf-8")
    args = (ledger, "--id", "x", "--unit", "u", "--title", "t", "--feedback", "2024-01-01", "-o", target)
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert "already exists; give --force to overwrite it" in r.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    r = run(*args, "--force")
    assert r.exit_code == 0, r.output
    assert "status: not_started" in target.read_text(encoding="utf-8")


def test_refuses_a_round_id_the_data_folder_already_uses(run, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "old.yaml").write_bytes(SHIPPED.read_bytes())
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    r = run(ledger, "--id", "hd-2023-r6-zgc", "--unit", "u", "--title", "t", "--feedback", "2024-01-01")
    assert r.exit_code == 1, r.output
    assert "round id 'hd-2023-r6-zgc' is already used by" in r.stderr
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["old.yaml"]


def test_default_output_is_the_round_id_in_the_data_location(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    r = run(ledger, "--id", "2024-r3", "--unit", "u", "--title", "t", "--feedback", "2024-01-01")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "data" / "2024-r3.yaml").exists()


def test_asks_for_missing_facts_on_a_terminal(run, tmp_path, monkeypatch):
    monkeypatch.setattr("rectrack.cli.importer._interactive", lambda: True)
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["某街道整改台账"], ["问题", "整改状态"], ["甲", "未启动"]]))
    target = tmp_path / "data" / "r9.yaml"
    r = run(ledger, "-o", target, input="\n某街道\n2024-02-30\n2024-02-01\n")
    assert r.exit_code == 0, r.output
    text = target.read_text(encoding="utf-8")
    assert "  id: r9\n  title: 某街道整改台账\n  unit: 某街道\n" in text and "feedback: 2024-02-01" in text


def test_output_must_be_yaml(run, tmp_path):
    ledger = _write(tmp_path, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    r = run(ledger, "--id", "x", "-o", tmp_path / "r.txt")
    assert r.exit_code == 1, r.output
    assert "a round file name ends in .yaml or .yml" in r.stderr


# -- size -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_sheet_of_100000_rows_imports_in_seconds():
    import time

    rows = [["问题类别", "方面", "问题", "整改措施", "责任部门", "整改时限", "整改状态"]]
    for i in range(100_000):
        rows.append([f"类别{i // 5000}", f"方面{i // 100}", f"问题{i}", f"1.甲{i}\n2.乙{i}", "办公室",
                     "2024-06-30", "正在推进"])
    data = csv_bytes(rows, "utf-8-sig")
    start = time.perf_counter()
    result = _import(data, "big.csv")
    elapsed = time.perf_counter() - start
    assert result.issues == 100_000 and result.aspects == 1000
    assert elapsed < 20, elapsed


def test_an_extensions_cell_is_read_only_in_the_form_rectrack_exports():
    from rectrack.export import extensions_text
    from rectrack.io.cells import read_extensions
    from rectrack.model import Extension

    made = [Extension.model_validate({"date": "2024-03-20", "from": "2024-03-31", "to": "2024-06-30",
                                      "reason": "需协调市级部门：待批复", "approved_by": "街道工委"}),
            Extension.model_validate({"date": "2024-06-25", "from": "2024-06-30", "to": "2024-10-31",
                                      "reason": "施工延误", "approved_by": "街道工委批准小组"})]
    for lang in ("zh", "en"):
        read = read_extensions(extensions_text(made, lang))
        assert [Extension.model_validate(e) for e in read] == made, lang
    assert read_extensions("2024-03-20经街道工委批准，由2024-03-31延期至2024-06-30：需协调") == [
        {"date": dt.date(2024, 3, 20), "from": dt.date(2024, 3, 31), "to": dt.date(2024, 6, 30), "reason": "需协调",
         "approved_by": "街道工委"}]
    # A clerk's own words, a half-read cell and an impossible day are not read: nothing is guessed.
    assert read_extensions("已申请延期至6月底") is None
    assert read_extensions("2024-03-20经街道工委批准，由2024-03-31延期至2024-06-30：需协调\n另行报批") is None
    assert read_extensions("2024-02-30经街道工委批准，由2024-03-31延期至2024-06-30：需协调") is None


def test_refuses_a_round_id_used_beside_the_new_file_outside_the_data_folder(run, tmp_path, monkeypatch):
    elsewhere = tmp_path / "ledgers"
    elsewhere.mkdir()
    (elsewhere / "old.yaml").write_bytes(SHIPPED.read_bytes())
    work = tmp_path / "work"
    work.mkdir()  # no data/ here: the data location does not exist
    monkeypatch.chdir(work)
    ledger = _write(work, "台账.xlsx", xlsx_bytes([["问题", "整改状态"], ["甲", "未启动"]]))
    r = run(ledger, "--id", "hd-2023-r6-zgc", "--unit", "u", "--title", "t", "--feedback", "2024-01-01",
            "-o", str(elsewhere / "new.yaml"))
    assert r.exit_code == 1, r.output
    assert "round id 'hd-2023-r6-zgc' is already used by" in r.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["old.yaml"]
