"""`rectrack report`: the whole notice as golden text, formats, output files, refusals."""

from __future__ import annotations

import pytest

from conftest import MINIMAL, SHIPPED, assert_golden


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_text_golden(cli, lang):
    r = cli("report", SHIPPED, "--lang", lang)
    assert r.exit_code == 0, r.output
    assert_golden(f"report/notice_{lang}.txt", r.output)


def test_report_markdown_golden(cli):
    r = cli("report", SHIPPED, "--format", "md", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert_golden("report/notice_zh.md", r.output)


def test_report_defaults_to_the_language_of_the_data(cli):
    # The fixture sets RECTRACK_LANG=en; without it a Chinese round gives a Chinese notice
    # whatever the locale of the machine.
    r = cli("report", SHIPPED, env={"RECTRACK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": ""})
    assert r.exit_code == 0, r.output
    assert r.output.startswith("中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报\n")
    assert "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项" in r.output


def test_output_file_format_follows_its_suffix(cli, tmp_path):
    target = tmp_path / "通报.html"
    r = cli("report", SHIPPED, "-o", target, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output == f"rectrack：已写入 {target}（轮次 hd-2023-r6-zgc 的 html 通报）\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<h1>中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报</h1>" in page
    md = tmp_path / "notice.md"
    assert cli("report", SHIPPED, "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# ")


def test_an_explicit_format_that_agrees_with_the_suffix_or_has_none(cli, tmp_path):
    # A contradicting suffix is refused (tests/test_docx.py); no suffix takes --format.
    target = tmp_path / "notice"
    r = cli("report", SHIPPED, "-o", target, "--format", "text", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert target.read_text(encoding="utf-8").startswith("中共海淀区委")
    r = cli("report", SHIPPED, "-o", tmp_path / "notice.htm", "--format", "html", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "notice.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_several_rounds_need_a_choice(cli, write_round, tmp_path):
    write_round(MINIMAL, "a.yaml")
    write_round(MINIMAL.replace("id: r1", "id: r2").replace("测试单位", "第二单位"), "b.yaml")
    r = cli("report", tmp_path)
    assert r.exit_code == 1, r.output
    assert "2 rounds found (r1, r2); choose one with --round ID" in r.output
    r = cli("report", tmp_path, "--round", "r2", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("第二单位关于巡察整改进展情况的通报")
    r = cli("report", tmp_path, "--round", "r9")
    assert r.exit_code == 1, r.output
    assert "no round 'r9'; rounds: r1, r2" in r.output


def test_a_file_with_errors_is_refused(cli, write_round, tmp_path):
    path = write_round(MINIMAL.replace("status: completed", "status: done-ish"))
    target = tmp_path / "notice.html"
    r = cli("report", path, "-o", target)
    assert r.exit_code == 1, r.output
    assert "round.yaml:13:17: error: unknown status 'done-ish'" in r.output
    assert "rectrack: error: 1 file(s) with errors; fix them before making a notice" in r.output
    assert not target.exists()


def test_unwritable_output_is_an_error(cli, tmp_path):
    r = cli("report", SHIPPED, "-o", tmp_path / "missing" / "notice.txt")
    assert r.exit_code == 1, r.output
    assert "rectrack: error: cannot write" in r.output


def test_bad_format_is_a_usage_error(cli):
    r = cli("report", SHIPPED, "--format", "pdf")
    assert r.exit_code == 2, r.output
    assert "pdf" in r.output
