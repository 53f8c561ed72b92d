"""`rectrack export`: formats chosen by option or suffix, atomic files, refusal of bad data."""

from __future__ import annotations

import csv
import io
import json

from conftest import MINIMAL, SHIPPED


def test_csv_to_stdout_by_default(cli):
    r = cli("export", SHIPPED, env={"RECTRACK_LANG": ""})
    assert r.exit_code == 0, r.output
    records = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert records[0][:3] == ["序号", "轮次", "问题类别"]  # Chinese data, Chinese headers
    assert len(records) == 32


def test_english_headers_with_lang_en(cli):
    r = cli("export", SHIPPED, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes.decode("utf-8-sig").startswith(
        "No.,Round,Category,Aspect,Issue,Measures,Responsible leader,Responsible department,"
        "Deadline,Status,Completed on,Evidence,Latest progress,Extensions\r\n")


def test_xlsx_file_from_the_suffix(cli, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "台账.xlsx"
    r = cli("export", SHIPPED, "-o", target, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output == f"rectrack：已写入 {target}（xlsx，1个轮次，31项问题）\n"
    book = load_workbook(target)
    assert book.sheetnames == ["整改台账", "分方面汇总"]
    assert book["整改台账"].max_row == 32
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_json_export(cli, tmp_path):
    target = tmp_path / "ledger.json"
    r = cli("export", SHIPPED, "--format", "json", "-o", target)
    assert r.exit_code == 0, r.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["rounds"][0]["round"]["id"] == "hd-2023-r6-zgc"
    assert sum(len(a["issues"]) for a in data["rounds"][0]["aspects"]) == 31


def test_a_folder_exports_every_round(cli, write_round, tmp_path):
    write_round(MINIMAL, "a.yaml")
    write_round(MINIMAL.replace("id: r1", "id: r2"), "sub/b.yaml")
    r = cli("export", tmp_path, "--format", "csv", "--lang", "en")
    assert r.exit_code == 0, r.output
    records = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in records[1:]] == ["1", "2", "3", "4"]


def test_errors_refuse_the_export_and_write_nothing(cli, write_round, tmp_path):
    path = write_round(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-02-30"))
    target = tmp_path / "ledger.xlsx"
    r = cli("export", path, "-o", target)
    assert r.exit_code == 1, r.output
    assert "round.yaml:18:19: error: 2024-02-30 is not a real date" in r.output
    assert "fix them before making an export" in r.output
    assert not target.exists()


def test_existing_output_is_replaced_whole(cli, tmp_path):
    target = tmp_path / "ledger.csv"
    target.write_text("old content that is longer than nothing\n" * 1000, encoding="utf-8")
    r = cli("export", SHIPPED, "-o", target)
    assert r.exit_code == 0, r.output
    text = target.read_bytes().decode("utf-8-sig")
    assert "old content" not in text and text.count("\r\n") >= 32
