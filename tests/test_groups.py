"""Grouping a portfolio (status --by): figures checked against a portfolio computed by hand.

tests/portfolio holds four rounds: r1 (甲单位, 第一巡察组, 2022, inspection: 3 issues, A1 shared by
办公室 and 财务科), r2 (甲单位, 第二审计组, 2023, audit: 2 not started and overdue, 1 completed
without owner), r3 (乙单位, 第一巡察组, 2023: 1 completed, 1 in progress not yet due), r4 (丙单位,
no inspector, 2024, other: 1 completed).  On 2024-06-30 three issues are overdue.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

PORTFOLIO = ROOT / "tests" / "portfolio"
DAY = "2024-06-30"


def counts(rounds, aspects, issues, c, s, ip, ns, overdue, rate):
    return {"rounds": rounds, "aspects": aspects, "issues": issues, "completed": c, "substantially_completed": s,
            "in_progress": ip, "not_started": ns, "overdue": overdue, "completion_rate": rate}


def grouped(cli, *by):
    args = [a for b in by for a in ("--by", b)]
    r = cli("status", "--json", "--as-of", DAY, *args, PORTFOLIO)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


BY_UNIT = [
    {"by": "unit", "key": "甲单位", **counts(2, 3, 6, 2, 1, 1, 2, 3, 0.3333)},  # r1 A1 counted once
    {"by": "unit", "key": "乙单位", **counts(1, 2, 2, 1, 0, 1, 0, 0, 0.5)},
    {"by": "unit", "key": "丙单位", **counts(1, 1, 1, 1, 0, 0, 0, 0, 1.0)},
]
BY_OWNER = [
    {"by": "owner", "key": "办公室", **counts(2, 4, 4, 2, 1, 1, 0, 0, 0.5)},
    {"by": "owner", "key": "财务科", **counts(2, 2, 3, 0, 0, 1, 2, 3, 0.0)},
    {"by": "owner", "key": None, **counts(2, 2, 2, 2, 0, 0, 0, 0, 1.0)},  # no owner written: last
]


def test_by_unit_sorted_by_issues(cli):
    doc = grouped(cli, "unit")
    assert doc["groups"] == BY_UNIT
    # beside the existing keys, which are unchanged
    assert doc["totals"]["issues"] == 9 and doc["totals"]["overdue"] == 3 and len(doc["rounds"]) == 4


def test_by_owner_counts_an_aspect_per_owner(cli):
    assert grouped(cli, "owner")["groups"] == BY_OWNER


def test_by_year_ascending_and_by_kind_and_inspector(cli):
    assert grouped(cli, "year")["groups"] == [
        {"by": "year", "key": "2022", **counts(1, 2, 3, 1, 1, 1, 0, 1, 0.3333)},
        {"by": "year", "key": "2023", **counts(2, 3, 5, 2, 0, 1, 2, 2, 0.4)},
        {"by": "year", "key": "2024", **counts(1, 1, 1, 1, 0, 0, 0, 0, 1.0)},
    ]
    assert [(g["key"], g["issues"]) for g in grouped(cli, "kind")["groups"]] == [
        ("inspection", 5), ("audit", 3), ("other", 1)]
    assert [(g["key"], g["rounds"], g["issues"]) for g in grouped(cli, "inspector")["groups"]] == [
        ("第一巡察组", 2, 5), ("第二审计组", 1, 3), (None, 1, 1)]


def test_two_levels_nest(cli):
    groups = grouped(cli, "year", "unit")["groups"]
    assert [(g["key"], [(c["key"], c["issues"], c["overdue"]) for c in g["groups"]]) for g in groups] == [
        ("2022", [("甲单位", 3, 1)]), ("2023", [("甲单位", 3, 2), ("乙单位", 2, 0)]), ("2024", [("丙单位", 1, 0)])]
    assert all("groups" not in c for g in groups for c in g["groups"])
    nested = grouped(cli, "unit", "owner")["groups"][0]
    assert nested["key"] == "甲单位" and nested["aspects"] == 3
    assert [(c["key"], c["aspects"], c["issues"]) for c in nested["groups"]] == [
        ("财务科", 2, 3), ("办公室", 2, 2), (None, 1, 1)]


def test_table_has_one_row_per_group_and_a_total(cli):
    r = cli("status", "--as-of", DAY, "--by", "unit", PORTFOLIO, env={"COLUMNS": "140"})
    assert r.exit_code == 0, r.output
    table = r.output.split("Overdue issues")[0]
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines() if line.split()}
    assert rows["甲单位"][:9] == ["2", "3", "6", "2", "1", "1", "2", "3", "33.3%"]
    assert rows["丙单位"][:9] == ["1", "1", "1", "1", "0", "0", "0", "0", "100.0%"]
    assert rows["Total"][:9] == ["4", "6", "9", "4", "1", "2", "2", "3", "44.4%"]
    lines = r.output.splitlines()
    order = [next(i for i, line in enumerate(lines) if line.startswith(u)) for u in ("甲单位", "乙单位", "丙单位")]
    assert order == sorted(order)
    assert "r1" not in [line.split()[0] for line in lines if line.split()][:8]  # groups replace round rows


def test_overdue_list_names_the_unit(cli):
    doc = grouped(cli)
    assert [(o["round"], o["unit"], o["id"]) for o in doc["overdue"]] == [
        ("r1", "甲单位", "A1-2"), ("r2", "甲单位", "A1-1"), ("r2", "甲单位", "A1-2")]
    assert "groups" not in doc
    r = cli("status", "--as-of", DAY, PORTFOLIO, env={"COLUMNS": "140"})
    assert r.exit_code == 0, r.output
    row = next(line for line in r.output.splitlines() if "报销不规范" in line)
    assert row.split()[:3] == ["甲单位", "r2", "A1-1"]


def test_grouped_document_is_cached_and_checked(cli):
    first = grouped(cli, "year", "unit")
    assert grouped(cli, "year", "unit") == first  # the second run is drawn from the cache
    assert grouped(cli, "unit") == {**first, "groups": BY_UNIT}


def test_shape_check_refuses_a_damaged_groups_document():
    from rectrack.views import STATUS_SHAPE, _groups, fits

    good = {"by": "unit", "key": "甲", **counts(1, 1, 1, 1, 0, 0, 0, 0, 1.0)}
    assert fits([good], _groups(1))
    assert not fits([{**good, "by": "colour"}], _groups(1))
    assert not fits([{**good, "issues": "1"}], _groups(1))
    assert fits([{**good, "groups": [good]}], _groups(2))
    assert not fits([good], _groups(2))  # a first level without its second
    assert "groups" not in STATUS_SHAPE


@pytest.mark.parametrize("args, message", [
    (["--by", "unit", "--by", "unit"], "given twice"),
    (["--by", "year", "--by", "unit", "--by", "kind"], "at most two"),
    (["--by", "colour"], "colour"),
])
def test_bad_by_is_a_usage_error(cli, args, message):
    r = cli("status", *args, PORTFOLIO)
    assert r.exit_code == 2, r.output
    assert message in r.output


def test_chinese_labels(cli):
    r = cli("status", "--as-of", DAY, "--by", "kind", "--lang", "zh", PORTFOLIO, env={"COLUMNS": "140"})
    assert r.exit_code == 0, r.output
    assert "分组整改情况" in r.output and "巡察 " in r.output and "审计 " in r.output and "合计" in r.output


def test_list_by_sorts_and_subtotals(cli):
    r = cli("list", "--json", "--as-of", DAY, "--by", "owner", PORTFOLIO)
    assert r.exit_code == 0, r.output
    assert [(i["round"], i["id"], i["owner"]) for i in json.loads(r.output)] == [
        ("r1", "A1-1", "办公室"), ("r1", "A2-1", "办公室"), ("r3", "A1-1", "办公室"), ("r3", "A2-1", "办公室"),
        ("r1", "A1-2", "财务科"), ("r2", "A1-1", "财务科"), ("r2", "A1-2", "财务科"),
        ("r2", "A1-3", None), ("r4", "A1-1", None)]
    r = cli("list", "--as-of", DAY, "--by", "unit", "--overdue", PORTFOLIO, env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    assert "甲单位  Subtotal: 3 issue(s), 0 completed, 3 overdue" in r.output
    assert "乙单位" not in r.output  # the filter applies before grouping
    r = cli("list", "--as-of", DAY, "--by", "year", "--limit", "4", PORTFOLIO, env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    assert "2022  Subtotal: 3 issue(s), 1 completed, 1 overdue" in r.output
    assert "2023  Subtotal: 5 issue(s), 2 completed, 2 overdue" in r.output
    assert "2024" not in r.output.split("2023  Subtotal")[1].split("\n", 1)[0]
    assert "5 more not shown" in r.output


def test_export_xlsx_by_unit_has_a_summary_sheet(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "汇总.xlsx"
    r = cli("export", "--as-of", DAY, "--by", "unit", "--lang", "zh", "-o", out, PORTFOLIO)
    assert r.exit_code == 0, r.output
    book = load_workbook(out)
    assert book.sheetnames == ["整改台账", "分方面汇总", "汇总表"]
    rows = list(book["汇总表"].iter_rows(values_only=True))
    assert rows[0][:3] == ("被查单位", "轮次", "方面")
    assert [r[:10] for r in rows[1:]] == [
        ("甲单位", 2, 3, 6, 2, 1, 1, 2, 3, 2 / 6), ("乙单位", 1, 2, 2, 1, 0, 1, 0, 0, 0.5),
        ("丙单位", 1, 1, 1, 1, 0, 0, 0, 0, 1), ("合计", 4, 6, 9, 4, 1, 2, 2, 3, 4 / 9)]
    ledger = list(book["整改台账"].iter_rows(values_only=True))
    assert [row[0] for row in ledger[1:]] == list(range(1, 10))  # renumbered in group order
    assert [row[1] for row in ledger[1:]][-1] == "丙单位专项检查"
    plain = tmp_path / "plain.xlsx"
    r = cli("export", "--as-of", DAY, "-o", plain, PORTFOLIO)
    assert r.exit_code == 0, r.output
    assert "汇总表" not in load_workbook(plain).sheetnames and "Summary" not in load_workbook(plain).sheetnames


def test_export_csv_and_json_by(cli):
    r = cli("export", "--as-of", DAY, "--by", "owner", "-f", "csv", "--lang", "en", PORTFOLIO)
    assert r.exit_code == 0, r.output
    lines = r.output.lstrip("\ufeff").splitlines()[1:]
    assert [line.split(",")[7] for line in lines] == ["办公室"] * 4 + ["财务科"] * 3 + [""] * 2
    r = cli("export", "--as-of", DAY, "--by", "year", "-f", "json", PORTFOLIO)
    assert r.exit_code == 0, r.output
    assert [(g["key"], g["issues"]) for g in json.loads(r.output)["groups"]] == [
        ("2022", 3), ("2023", 5), ("2024", 1)]


def test_list_names_the_unit_across_units(cli):
    r = cli("list", "--as-of", DAY, "--status", "in_progress", PORTFOLIO, env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    rows = [line.split()[:3] for line in r.output.splitlines() if "问题二" in line]
    assert rows == [["甲单位", "r1", "A1-2"], ["乙单位", "r3", "A2-1"]]
    r = cli("list", "--json", "--as-of", DAY, "--round", "r2", PORTFOLIO)
    assert {i["unit"] for i in json.loads(r.output)} == {"甲单位"}
