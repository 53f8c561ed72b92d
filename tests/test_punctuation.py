"""Full-width punctuation in Chinese output: the normaliser's cases and its use by report and export."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import SHIPPED

from rectrack.punctuation import fullwidth


@pytest.mark.parametrize("typed, published", [
    ("搭建服务平台,推动科研成果转化", "搭建服务平台，推动科研成果转化"),
    ("联系电话:62589744;邮编:100080", "联系电话：62589744；邮编：100080"),
    ("(一)提高站位", "（一）提高站位"),
    ("问题(A1-2)已完成", "问题（A1-2）已完成"),
    ('实施"挂账式管理"', "实施“挂账式管理”"),
    ("完成? 是!", "完成？是！"),
    ("完善制度.下一步", "完善制度。下一步"),
    ("已完成整改.", "已完成整改。"),
    ("错误 , 警告", "错误，警告"),
    ("截至2024-06-30,已完成", "截至2024-06-30，已完成"),  # the comma is Chinese, the date is not
    ("问题A1-2,已完成", "问题A1-2，已完成"),
    ("邮箱:zgcjd@mail.bjhd.gov.cn。", "邮箱：zgcjd@mail.bjhd.gov.cn。"),
])
def test_half_width_marks_between_chinese_become_full_width(typed, published):
    assert fullwidth(typed) == published


@pytest.mark.parametrize("text", [
    "2024-06-30", "A1-2", "1.5", "增长1.5倍", "1.搭建平台", "10:30开会", "共1,000元",
    "见https://example.org/a,b?c=1:2", "Hello, world (A1-2): done.", 'say "hi" 好', "",
    "中关村街道（一）“已有”全角，；：",
])
def test_numbers_dates_ids_urls_and_latin_keep_their_marks(text):
    assert fullwidth(text) == text


def test_the_normaliser_is_idempotent():
    once = fullwidth("问题(一),完成:是;备注\"无\".")
    assert once == "问题（一），完成：是；备注“无”。"
    assert fullwidth(once) == once


def test_report_normalises_the_data_and_keep_punctuation_opts_out(cli, tmp_path):
    before = SHIPPED.read_bytes()
    r = cli("report", SHIPPED, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "第三，增强改革攻坚意识，着力提升民生保障水平\n" in r.output
    assert "1.搭建服务平台，推动科研成果转化。" in r.output
    kept = cli("report", SHIPPED, "--lang", "zh", "--keep-punctuation")
    assert kept.exit_code == 0, kept.output
    # The data as typed; the words rectrack writes around it stay full-width.
    assert "第三，增强改革攻坚意识,着力提升民生保障水平\n" in kept.output
    assert "截至目前，巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项，" in kept.output
    assert SHIPPED.read_bytes() == before  # a report never changes the YAML


def test_export_csv_normalises_chinese_but_not_json(cli):
    r = cli("export", SHIPPED, "--lang", "zh")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert rows[1][4] == "搭建服务平台，推动科研成果转化"
    kept = cli("export", SHIPPED, "--lang", "zh", "--keep-punctuation")
    rows = list(csv.reader(io.StringIO(kept.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert rows[1][4] == "搭建服务平台,推动科研成果转化"
    data = cli("export", SHIPPED, "--format", "json")
    assert data.exit_code == 0, data.output
    assert "搭建服务平台,推动科研成果转化" in data.stdout_bytes.decode("utf-8")


def test_english_output_keeps_the_data_as_typed(cli):
    r = cli("report", SHIPPED, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "Aspect 3: 增强改革攻坚意识,着力提升民生保障水平" in r.output


def test_export_xlsx_normalises_both_sheets(cli, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "台账.xlsx"
    r = cli("export", SHIPPED, "-o", target, "--lang", "zh")
    assert r.exit_code == 0, r.output
    book = load_workbook(target)
    assert book["整改台账"]["E2"].value == "搭建服务平台，推动科研成果转化"
    assert book["分方面汇总"]["C2"].value == "强化为企服务，推动科研成果转化和企业发展"
