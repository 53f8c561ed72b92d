"""Lines a reviewer read in Chinese and found wanting: each said here as a colleague would say it.

Each test runs the command (or raises the error) with `--lang zh` and holds
the exact Chinese, and holds the English as it was (or as it now is, where
the English itself was wrong).
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import MINIMAL
from ledgers import xlsx_bytes


def error_line(r) -> str:
    """The one `rectrack: error:` line a stopping command wrote (stderr)."""
    lines = [line for line in r.stderr.splitlines() if line.startswith("rectrack: error: ")]
    assert len(lines) == 1, r.output
    return lines[0].removeprefix("rectrack: error: ")


# -- fix: a file it cannot read is one more file with problems, not the end of the run --------------

GBK_ROUND = MINIMAL.replace("测试轮次", "整改").encode("gb18030")


def _folder_with_an_unreadable_file(tmp_path, monkeypatch):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a-gbk.yaml").write_bytes(GBK_ROUND)
    (folder / "b-slip.yaml").write_text(MINIMAL.replace("feedback: 2024-01-10", "feedback：2024-01-10"),
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_fix_reports_an_unreadable_file_in_chinese_and_fixes_the_others(cli, tmp_path, monkeypatch):
    folder = _folder_with_an_unreadable_file(tmp_path, monkeypatch)
    r = cli("fix", "bad", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.stdout == (
        "bad/b-slip.yaml:6:11: 已修正：键“feedback”后面是全角冒号“：”，YAML 要求半角冒号加一个空格，"
        "应写作“feedback: ” [fullwidth-colon]\n"
        "bad/a-gbk.yaml:4:10: error: 不是有效的 UTF-8（字节 0xD5）；看起来是 GBK/GB18030 编码（中文 Windows 的默认编码），"
        "请另存为 UTF-8 [encoding]\n")
    assert r.stderr == "已修正1处（1个文件），另有1个问题需要人工处理。\n"
    assert "feedback: 2024-01-10" in (folder / "b-slip.yaml").read_text(encoding="utf-8")
    assert (folder / "a-gbk.yaml").read_bytes() == GBK_ROUND  # left as it is


def test_fix_reports_an_unreadable_file_in_english_as_validate_does(cli, tmp_path, monkeypatch):
    _folder_with_an_unreadable_file(tmp_path, monkeypatch)
    r = cli("fix", "--dry-run", "bad", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert r.stdout.startswith("--- a/bad/b-slip.yaml\n")
    assert r.stderr.splitlines()[1:] == [
        "bad/a-gbk.yaml:4:10: error: not valid UTF-8 (byte 0xD5); it looks like GBK/GB18030 (the Chinese Windows "
        "default); save it as UTF-8 [encoding]",
        "would fix 1 slip(s) in 1 file(s); 1 problem(s) left for a person; nothing written"]
    assert "rectrack: error:" not in r.output
    r = cli("validate", "bad", "--lang", "en")
    assert "bad/a-gbk.yaml:4:10: error: not valid UTF-8 (byte 0xD5)" in r.stdout


def test_fix_of_one_unreadable_file_says_it_once_under_rectrack_lang(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gbk.yaml").write_bytes(GBK_ROUND)
    r = cli("fix", "gbk.yaml", env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 1, r.output
    assert r.stdout == ("gbk.yaml:4:10: error: 不是有效的 UTF-8（字节 0xD5）；看起来是 GBK/GB18030 编码"
                        "（中文 Windows 的默认编码），请另存为 UTF-8 [encoding]\n")
    assert r.stderr == "已修正0处（0个文件），另有1个问题需要人工处理。\n"
    assert (tmp_path / "gbk.yaml").read_bytes() == GBK_ROUND


# -- values in Chinese sentences are quoted “…”, bare; dates of import have Chinese names ---------

@pytest.fixture
def run(cli, tmp_path, monkeypatch):
    """`rectrack import` in tmp_path, with the data location there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("rectrack.cli.importer.today", lambda: dt.date(2024, 7, 20))
    return lambda *args, env=None, **kw: cli("import", *args, env={"RECTRACK_DATA": str(tmp_path / "data"),
                                                                   "COLUMNS": "300", **(env or {})}, **kw)


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_bytes([["某街道整改台账"], ["问题", "整改状态"], ["甲", "未启动"]]))
    return path.name


def usage_message(r) -> str:
    """click's usage error, out of its box, with the spaces it wraps at left out (Chinese needs none)."""
    assert r.exit_code == 2, r.output
    text = r.output.split("Error", 1)[1]
    return "".join(line.strip("│╭╮╰╯─ ") for line in text.splitlines())


@pytest.mark.parametrize("args, zh, en", [
    (("--status", "foo"), "Invalid value for --status: 状态“foo”无法识别；可用的状态：未启动、正在推进、基本完成、已完成"
                          "（或 not_started、in_progress、substantially_completed、completed）",
     "Invalid value for --status: unknown status 'foo'; use one of not_started, in_progress, substantially_completed, "
     "completed (or 未启动, 正在推进, 基本完成, 已完成)"),
    (("--kind", "督查"), "Invalid value for --kind: “督查”不是轮次类型；请用 inspection（巡察）、audit（审计）或 other（其他）",
     "Invalid value for --kind: '督查' is not a round kind; use inspection (巡察), audit (审计) or other (其他)"),
    (("--feedback", "2024/2/30"), "Invalid value for --feedback: 反馈日期“2024/2/30”不是真实存在的日期",
     "Invalid value for --feedback: --feedback '2024/2/30' is not a real date"),
    (("--as-of", "soon"), "Invalid value for --as-of: 填报日期“soon”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30",
     "Invalid value for --as-of: --as-of 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30"),
])
def test_import_option_values_said_as_update_says_them(run, ledger, args, zh, en):
    assert usage_message(run(ledger, "--id", "x", *args, "--lang", "zh")) == zh
    assert usage_message(run(ledger, "--id", "x", *args, "--lang", "en")) == en


def test_import_output_that_is_not_yaml_says_what_init_says(run, ledger):
    r = run(ledger, "--id", "x", "-o", "r.txt", "--lang", "zh")
    assert r.exit_code == 1 and error_line(r) == "r.txt：轮次文件名应以 .yaml 或 .yml 结尾", r.output
    r = run(ledger, "--id", "x", "-o", "r.txt", "--lang", "en")
    assert r.exit_code == 1 and error_line(r) == "r.txt: a round file name ends in .yaml or .yml", r.output


def test_the_feedback_date_asked_for_on_a_terminal_is_named_in_chinese(run, ledger, tmp_path, monkeypatch):
    monkeypatch.setattr("rectrack.cli.importer._interactive", lambda: True)
    r = run(ledger, "-o", "data/r9.yaml", "--lang", "zh", input="\n某街道\n2024/2/30\n2024-02-01\n")
    assert r.exit_code == 0, r.output
    assert "反馈日期“2024/2/30”不是真实存在的日期\n" in r.stderr
    monkeypatch.setattr("rectrack.cli.importer._interactive", lambda: True)
    r = run(ledger, "-o", "data/r8.yaml", "--lang", "en", input="\n某街道\n2024/2/30\n2024-02-01\n")
    assert r.exit_code == 0 and "feedback date '2024/2/30' is not a real date\n" in r.stderr, r.output


@pytest.mark.parametrize("text, zh, en", [
    ('lang = "fr"\n', "rectrack.toml：“lang”只能是 zh 或 en，不能是“fr”",
     "rectrack.toml: 'lang' must be one of zh, en, not 'fr'"),
    ("[checks]\nevidence = 'yes'\n", "rectrack.toml：“checks.evidence”只能是 \"required\" 或 \"optional\"，不能是“yes”",
     "rectrack.toml: 'checks.evidence' must be \"required\" or \"optional\", not 'yes'"),
    ("[overdue]\nstatuses = ['foo']\n",
     "rectrack.toml：“overdue.statuses”中的状态“foo”无法识别；请用未启动、正在推进、基本完成、已完成（或 not_started、"
     "in_progress、substantially_completed、completed）",
     "rectrack.toml: 'overdue.statuses' unknown status 'foo'; use one of not_started, in_progress, "
     "substantially_completed, completed (or 未启动, 正在推进, 基本完成, 已完成)"),
    ("[overdue]\ngrace_days = true\n", "rectrack.toml：“overdue.grace_days”必须是不小于 0 的整数，而不是“true”",
     "rectrack.toml: 'overdue.grace_days' must be a whole number of 0 or more, not True"),
    ("[limits]\nmax_depth = 1.5\n", "rectrack.toml：“limits.max_depth”必须是整数，而不是“1.5”",
     "rectrack.toml: 'limits.max_depth' must be a whole number, not 1.5"),
])
def test_config_values_are_quoted_as_chinese_quotes_them(cli, tmp_path, monkeypatch, text, zh, en):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "rectrack.toml").write_text(text, encoding="utf-8")
    r = cli("validate", "--lang", "zh", env={"RECTRACK_DATA": ""})
    assert r.exit_code == 1 and error_line(r) == zh, r.output
    r = cli("validate", "--lang", "en", env={"RECTRACK_DATA": ""})
    assert r.exit_code == 1 and error_line(r) == en, r.output


# -- resolve: the side kept is said as the conflict's own message names it ------------------------

def test_resolve_names_the_side_kept_in_chinese(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = MINIMAL.replace("  title: 测试轮次\n", "<<<<<<< ours\n  title: 测试轮次\n=======\n  title: 第二轮\n>>>>>>> theirs\n")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("<<<<<<< ours") + 1
    r = cli("validate", "r.yaml", "--lang", "zh")
    assert "======= 以上是本方（ours），以下是对方（theirs）" in r.stdout, r.output
    r = cli("resolve", "round.title", "--ours", "r.yaml", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.stdout == f"r.yaml:{line}：round.title 字段已保留本方（ours）的内容\n"
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    r = cli("resolve", "round.title", "--theirs", "r.yaml", "--lang", "en")
    assert r.exit_code == 0 and r.stdout == f"r.yaml:{line}: kept theirs in field round.title\n", r.output


# -- the import report reads as a sentence in each language ---------------------------------------

def test_the_import_report_of_a_csv_names_it_once_and_lists_columns_in_chinese(run, tmp_path):
    (tmp_path / "ok.csv").write_text("序号,问题,整改状态\n1,甲,未启动\n", encoding="utf-8")
    args = ("ok.csv", "--id", "x", "--title", "t", "--unit", "u", "--feedback", "2024-01-01", "--dry-run")
    r = run(*args, "--lang", "zh")
    assert r.exit_code == 0, r.output
    report = r.stderr.splitlines()
    assert report[0] == "已读取 ok.csv（CSV，UTF-8 编码，表头在第1行）：1行 → 1个方面1项问题"
    assert "ok.csv:A1：说明：各列：A 序号 → no，B 问题 → issue，C 整改状态 → status" in report, r.stderr
    r = run(*args, "--lang", "en")
    report = r.stderr.splitlines()
    assert report[0] == "read ok.csv (CSV, UTF-8, header in row 1): 1 rows → 1 issues in 1 aspects"
    assert "ok.csv:A1: info: columns: A 序号 → no, B 问题 → issue, C 整改状态 → status" in report, r.stderr


def test_a_map_naming_no_field_lists_the_fields_with_chinese_commas(run, ledger, tmp_path):
    from rectrack.io.ledger import FIELDS

    (tmp_path / "map.toml").write_text("[columns]\nproblem = 'A'\n", encoding="utf-8")
    r = run(ledger, "--map", "map.toml", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert error_line(r) == f"map.toml：[columns] 中的“problem”不是字段名；请用 {'、'.join(FIELDS)} 之一"
    assert "、issue、" in error_line(r)
    r = run(ledger, "--map", "map.toml", "--lang", "en")
    assert error_line(r) == f"map.toml: [columns] 'problem' is not a field; use one of {', '.join(FIELDS)}"


# -- a sentence finished, an English line in English alone ------------------------------------------

def test_an_unsafe_cache_is_named_to_the_end_in_chinese():
    from rectrack.replies import reply

    assert reply("cache-unsafe", "zh", reason="其他用户可以写入 /c（权限 777）") == (
        "没有使用缓存：其他用户可以写入 /c（权限 777）；请把它设为仅本人可写（chmod 700），或删除它，"
        "rectrack 会另建一个私有的缓存文件夹")
    assert reply("cache-unsafe", "en", reason="/c can be written by other users (mode 777)") == (
        "not using the cache: /c can be written by other users (mode 777); make it private (chmod 700), or remove "
        "it and rectrack makes a private one")


def test_an_extension_without_its_approval_is_said_in_english_alone(cli, tmp_path, monkeypatch):
    import shutil

    import test_cli_edit

    (tmp_path / "data").mkdir()
    shutil.copy(test_cli_edit.PROGRESS, tmp_path / "data" / "round.yaml")
    monkeypatch.chdir(tmp_path)
    for lang, said in [("en", "--extend-to needs --reason and --approved-by"),
                       ("zh", "--extend-to 需要同时给出 --reason 和 --approved-by（延期须说明理由和批准人）")]:
        r = cli("update", "A1-1", "--extend-to", "2024-12-31", "--data", "data", "--lang", lang)
        assert usage_message(r) == said, r.output


# -- schema: its lines are rectrack's replies, escaped as every line naming a path is ----------------

def test_schema_lines_in_both_languages_with_an_escape_in_the_path(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "s\x1b[31m.json"
    r = cli("schema", "-o", name, "--check", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.stderr == "s\\x1b[31m.json：不存在；请运行 rectrack schema -o s\\x1b[31m.json\n"
    r = cli("schema", "-o", name, "--lang", "zh")
    assert r.exit_code == 0 and r.stderr == "s\\x1b[31m.json：已写入\n", r.output
    r = cli("schema", "-o", name, "--check", env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 0 and r.stderr == "s\\x1b[31m.json：已是最新\n", r.output
    (tmp_path / name).write_text("{}", encoding="utf-8")
    r = cli("schema", "-o", name, "--check", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert r.stderr == "s\\x1b[31m.json: out of date; run rectrack schema -o s\\x1b[31m.json\n"
    assert "\x1b" not in r.output
    r = cli("schema", "-o", name, "--lang", "en")
    assert r.exit_code == 0 and r.stderr == "s\\x1b[31m.json: written\n", r.output


# -- one situation, one code: a --round naming no round of the ledger -----------------------------

def test_report_and_list_say_a_missing_round_alike(cli):
    from conftest import ROOT

    portfolio = ROOT / "tests" / "portfolio"
    for command in ("report", "list"):
        r = cli(command, "--round", "r9", "--data", portfolio, "--lang", "zh")
        assert r.exit_code == 1 and error_line(r) == "没有轮次“r9”；现有轮次：r1、r2、r3、r4", r.output
        r = cli(command, "--round", "r9", "--data", portfolio, "--lang", "en")
        assert r.exit_code == 1 and error_line(r) == "no round 'r9'; rounds: r1, r2, r3, r4", r.output


# -- one did-you-mean for every lookup, and Unmergeable is a RectrackError -------------------------

def test_a_missing_issue_names_close_ids_alike_wherever_it_is_looked_up(cli, tmp_path, monkeypatch):
    from pathlib import Path

    from rectrack.problems import RectrackError, did_you_mean
    from rectrack.read import Source
    from rectrack.replies import error_text
    from rectrack.yamledit import TextDoc, outline

    assert did_you_mean("A1-3", ["A1-1", "A1-2", "", "B9"]) == {
        "suggestion": "; did you mean A1-2, A1-1?", "suggestion_zh": "，是否应为 A1-2、A1-1？"}
    assert did_you_mean("zzz", ["A1-1"]) == {"suggestion": "", "suggestion_zh": ""}
    with pytest.raises(RectrackError) as caught:
        outline(TextDoc(Source(Path("r.yaml"), "r.yaml", MINIMAL, newline="\n"))).issue("A1-3")
    assert str(caught.value) == "no issue 'A1-3' in round 'r1'; did you mean A1-2, A1-1?"
    assert error_text(caught.value, "zh") == "在轮次“r1”中没有找到问题“A1-3”，是否应为 A1-2、A1-1？"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r1.yaml").write_text(MINIMAL, encoding="utf-8")
    r = cli("show", "r1/A1-3", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1 and error_line(r) == "在轮次“r1”中没有找到问题“A1-3”，是否应为 A1-2、A1-1？", r.output
    r = cli("show", "r2/A1-1", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1 and error_line(r) == "在 data 中没有找到轮次“r2”，是否应为 r1？", r.output
    r = cli("show", "r2/A1-1", "--data", "data", "--lang", "en")
    assert r.exit_code == 1 and error_line(r) == "no round 'r2' in data; did you mean r1?", r.output


def test_unmergeable_is_a_rectrack_error_said_from_its_code():
    from rectrack.merge import Unmergeable
    from rectrack.problems import RectrackError
    from rectrack.replies import error_text

    why = Unmergeable(code="unmergeable-empty-list", path="aspects.A1.issues")
    assert isinstance(why, RectrackError) and why.code == "unmergeable-empty-list"
    assert str(why) == "aspects.A1.issues: the merged list would be empty"
    assert error_text(why, "zh") == "aspects.A1.issues：合并后的列表会是空的"


# -- only a value named as a status is said as a Chinese status word ------------------------------

def test_a_value_spelt_like_a_status_is_said_as_it_is_unless_it_names_a_status():
    from rectrack.problems import RectrackError
    from rectrack.replies import error_text, reply

    # A key that happens to be called `completed` stays the key.
    error = RectrackError(code="config-unknown-key-close", file="rectrack.toml", key="completed", close="complete")
    assert error_text(error, "zh") == "rectrack.toml：未知的键“completed”，是否应为“complete”？"
    assert error_text(RectrackError(code="no-aspect", aspect="x", round="r1", known="completed"), "zh") == \
        "轮次“r1”中没有方面“x”（现有方面：completed）"
    # A status is said as its word.
    assert error_text(RectrackError(code="review-not-completed", id="A1-1", status="in_progress"), "zh") == \
        "问题“A1-1”的状态是“正在推进”，尚未完成；回头看只记录在已完成的问题上"
    assert reply("guess-status", "zh", text="推进中", status="in_progress") == "“推进中”读作“正在推进”"


def test_a_status_typo_of_update_is_a_usage_error_with_its_suggestion(cli, tmp_path, monkeypatch):
    import shutil

    import test_cli_edit

    (tmp_path / "data").mkdir()
    shutil.copy(test_cli_edit.PROGRESS, tmp_path / "data" / "round.yaml")
    monkeypatch.chdir(tmp_path)
    r = cli("update", "A1-1", "--status", "complete", "--data", "data", "--lang", "zh")
    assert r.exit_code == 2, r.output
    assert error_line(r) == ("状态“complete”无法识别，是否应为“completed”？可用的状态：未启动、正在推进、基本完成、"
                             "已完成（或 not_started、in_progress、substantially_completed、completed）")
    r = cli("update", "A1-1", "--status", "complete", "--data", "data", "--lang", "en")
    assert r.exit_code == 2, r.output
    assert error_line(r) == ("unknown status 'complete'; did you mean 'completed'? use one of not_started, "
                             "in_progress, substantially_completed, completed (or 未启动, 正在推进, 基本完成, 已完成)")
