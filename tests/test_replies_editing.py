"""What the editing commands (init, add, update, fix, and the lookups of show, list, log) say, in Chinese and English.

Each test runs a command as a clerk would, with `--lang zh` (or
RECTRACK_LANG=zh), and checks the exact Chinese line and the exit code;
`--lang en` still says the English the other tests hold.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
import test_cli_edit
from conftest import MINIMAL

from rectrack.durations import parse_date
from rectrack.problems import RectrackError
from rectrack.replies import ERRORS, english, error_text
from rectrack.vocabulary import parse_status

data = test_cli_edit.data  # the fixture: ./data holding a small round, as the editing commands' tests use it


@pytest.fixture
def zh(cli, data):
    """Run a command on ./data with --lang zh (g-2024: A1-1 in progress, A1-2 completed, A2-1 not started)."""
    return lambda *args, **kw: cli(*args, "--data", "data", "--lang", "zh", **kw)


def error_line(r) -> str:
    """The one `rectrack: error:` line a stopping command wrote (stderr)."""
    lines = [line for line in r.stderr.splitlines() if line.startswith("rectrack: error: ")]
    assert len(lines) == 1, r.output
    return lines[0].removeprefix("rectrack: error: ")


def usage_message(r) -> str:
    """click's usage error, out of its box, with the spaces it wraps at left out (Chinese needs none)."""
    assert r.exit_code == 2, r.output
    text = r.output.split("Error", 1)[1]
    return "".join(line.strip("│╭╮╰╯─ ") for line in text.splitlines()).replace(" ", "")


# -- the values of options: ValueErrors of durations and vocabulary carry their code ----------------

@pytest.mark.parametrize("parse, text", [(parse_date, "2024-02-30"), (parse_date, "next week"),
                                         (parse_status, "doing")])
def test_a_value_error_of_an_option_is_the_english_its_code_makes(parse, text):
    # vocabulary imports nothing of rectrack, so its English is written where it raises: the table must agree.
    with pytest.raises(ValueError) as caught:
        parse(text)
    error = caught.value
    assert error.code in ERRORS and english(error.code, error.message_args) == str(error)


def test_bad_option_values_are_usage_errors_said_in_chinese(zh):
    for args, line in [
        (("update", "A1-1", "--status", "finished"),
         "状态“finished”无法识别，是否应为“completed”？可用的状态：未启动、正在推进、基本完成、已完成"
         "（或 not_started、in_progress、substantially_completed、completed）"),
        (("update", "A1-1", "--status", "xyz"),
         "状态“xyz”无法识别；可用的状态：未启动、正在推进、基本完成、已完成"
         "（或 not_started、in_progress、substantially_completed、completed）"),
        (("update", "A1-1", "--note", "x", "--date", "2024-02-30", "--yes"), "日期“2024-02-30”不是真实存在的日期"),
        (("update", "A1-1", "--deadline", "next week"),
         "整改时限“next week”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"),
        (("update", "A1-1", "--extend-to", "下月", "--reason", "r", "--approved-by", "b"),
         "--extend-to 日期“下月”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"),
        (("list", "--status", "doing"),
         "状态“doing”无法识别，是否应为“in_progress”？可用的状态：未启动、正在推进、基本完成、已完成"
         "（或 not_started、in_progress、substantially_completed、completed）"),
        (("list", "--due-before", "明天"), "--due-before 日期“明天”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"),
        (("log", "--since", "2024-13-01"), "--since 日期“2024-13-01”不是真实存在的日期"),
        (("add", "--title", "t", "--deadline", "2024-02-30"), "整改时限“2024-02-30”不是真实存在的日期"),
    ]:
        r = zh(*args)
        assert r.exit_code == 2, r.output
        assert error_line(r) == line


def test_bad_option_values_stay_english_with_lang_en(cli, data):
    r = cli("update", "A1-1", "--deadline", "next week", "--data", "data", "--lang", "en", env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 2 and error_line(r) == "deadline 'next week' is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30"
    r = cli("list", "--status", "doing", "--data", "data")
    assert r.exit_code == 2 and error_line(r) == (
        "unknown status 'doing'; did you mean 'in_progress'? use one of not_started, in_progress, "
        "substantially_completed, completed (or 未启动, 正在推进, 基本完成, 已完成)")


def test_options_that_do_not_go_together_are_said_in_chinese_in_clicks_frame(zh, cli):
    for args, message in [
        (("update", "A1-1"), "没有要修改的内容：请给出 --status、--note、--owner、--leader、--deadline、"
                             "--evidence、--extend-to 或 --review"),
        (("update", "A1-1", "--reason", "x"), "--reason 和 --approved-by 只能与 --extend-to 一起使用"),
        (("update", "A1-1", "--extend-to", "2024-09-30"),
         "--extend-to 需要同时给出 --reason 和 --approved-by（延期须说明理由和批准人）"),
        (("update", "A1-1", "--extend-to", "2024-09-30", "--reason", "r", "--approved-by", "b", "--deadline",
          "2024-08-01"), "--deadline（更正时限）和 --extend-to（经批准的延期）只能给出其中一个，不能同时给出"),
        (("update", "A1-1", "--review", "maybe"), "--review 只能是 held（巩固）或 relapsed（反弹），不能是“maybe”"),
        (("update", "A1-2", "--review", "relapsed"), "--review relapsed 需要用 --note 说明反弹的情况"),
        (("add", "--title", "t", "--category", "c"), "Invalidvaluefor'--category':--category 只能与 --new-aspect 一起使用"),
        (("init", "data/n.yaml", "--title", "t"), "缺少 --id、--unit、--feedback（只有在终端上运行时才会逐项询问）"),
        # --kind is read in the command, so --lang counts wherever it stands.
        (("init", "data/n.yaml", "--id", "n", "--title", "t", "--unit", "u", "--feedback", "2024-03-01",
          "--kind", "foo"), "Invalidvaluefor'--kind':“foo”不是轮次类型；请用 inspection（巡察）、audit（审计）或 other（其他）"),
    ]:
        assert usage_message(zh(*args)) == message.replace(" ", "")
    r = cli("update", "A1-1", "--reason", "x", "--data", "data", "--lang", "en")
    assert usage_message(r) == "--reasonand--approved-bygowith--extend-to"


# -- update: what the core refuses, and what it did ---------------------------------------------------

def test_update_refusals_in_chinese(zh, data):
    before = (data / "round.yaml").read_bytes()
    for args, line in [
        (("update", "A1-1", "--note", "x", "--date", "2020-01-01"), None),  # date-far, checked below
        (("update", "A1-1", "--review", "held"), "问题“A1-1”的状态是“正在推进”，尚未完成；回头看只记录在已完成的问题上"),
        (("update", "A1-2", "--review", "held", "--status", "in_progress"),
         "--review held 表示问题保持已完成；如要重新打开，请用 --review relapsed"),
        (("update", "A1-2", "--review", "relapsed", "--note", "n", "--status", "completed"),
         "--review relapsed 会重新打开这个问题，--status 不能是已完成（completed）"),
        (("update", "A2-1", "--extend-to", "2024-09-01", "--reason", "r", "--approved-by", "b"),
         "问题“A2-1”还没有整改时限，无法延期；请先用 --deadline 设定"),
        (("update", "A1-1", "--extend-to", "2024-05-01", "--reason", "r", "--approved-by", "b"),
         "--extend-to 2024-05-01 不晚于现在的整改时限 2024-06-30；延期只能把时限往后推"),
        (("update", "A1-1", "--note", "a\x07b"), "--note 中有字符 U+0007（控制字符或无法解码的字节）；请用普通文字重新输入"),
    ]:
        r = zh(*args)
        assert r.exit_code == 1, r.output
        if line is not None:
            assert error_line(r) == line
    assert error_line(zh("update", "A1-1", "--note", "x", "--date", "2020-01-01")).startswith(
        "--date 2020-01-01 距今天（")
    assert (data / "round.yaml").read_bytes() == before


def test_a_deadline_with_extensions_is_moved_only_by_another_extension(zh, data):
    r = zh("update", "A1-1", "--extend-to", "2024-09-30", "--reason", "需协调", "--approved-by", "街道工委",
           "--date", "2024-06-01", "--yes")
    assert r.exit_code == 0, r.output
    r = zh("update", "A1-1", "--deadline", "2024-10-31")
    assert r.exit_code == 1 and error_line(r) == (
        "问题“A1-1”已有经批准的延期；调整整改时限请用 --extend-to DATE --reason ... --approved-by ...")


def test_update_dry_run_and_nothing_to_change_in_chinese(zh, data):
    r = zh("update", "A1-1", "--note", "x", "--dry-run", "--date", "2024-05-06", "--yes")
    assert r.exit_code == 0 and r.stderr == "试运行：未写入 data/round.yaml\n", r.output
    r = zh("update", "A1-1", "--owner", "科技办", "--dry-run")
    assert r.exit_code == 0 and r.stderr == "g-2024/A1-1 无需修改\n", r.output


def test_the_language_comes_from_rectrack_lang_too(cli, data):
    r = cli("update", "A1-1", "--note", "x", "--dry-run", "--date", "2024-05-06", "--yes", "--data", "data",
            env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 0 and r.stderr == "试运行：未写入 data/round.yaml\n", r.output
    r = cli("update", "A1-1", "--review", "held", "--data", "data", env={"RECTRACK_LANG": "zh_CN"})
    assert r.exit_code == 1 and error_line(r).startswith("问题“A1-1”的状态是“正在推进”"), r.output
    r = cli("update", "A1-1", "--note", "x", "--dry-run", "--date", "2024-05-06", "--yes", "--data", "data")
    assert r.exit_code == 0 and r.stderr == "dry run: data/round.yaml not written\n", r.output


# -- add ---------------------------------------------------------------------------------------------

def test_add_in_chinese(zh, cli, data):
    for args, line in [
        (("add", "--title", "t"), "请用 --aspect 指定方面（现有方面：A1、A2），或用 --new-aspect TITLE 新建一个方面"),
        (("add", "--title", "t", "--aspect", "A9"), "轮次“g-2024”中没有方面“A9”（现有方面：A1、A2）"),
        (("add", "--title", "t", "--new-aspect", "新", "--aspect", "A1"),
         "轮次“g-2024”中已有方面“A1”；要在其中新增问题，请用 --aspect A1，不要加 --new-aspect"),
        (("add", "--title", "t", "--aspect", "A1", "--id", "A1-1"), "问题编号“A1-1”在轮次“g-2024”中已被使用"),
        (("add", "--title", " ", "--aspect", "A1"), "问题需要标题（--title）"),
        (("add", "--title", "t", "--round", "g-2025", "--aspect", "A1"), None),  # the lookup's, in its table
    ]:
        r = zh(*args)
        assert r.exit_code == 1, r.output
        if line is not None:
            assert error_line(r) == line
    r = zh("add", "--title", "新问题", "--aspect", "A2")
    assert r.exit_code == 0 and r.stdout == "A2-2\n", r.output
    assert r.stderr == "已新增 g-2024/A2-2（data/round.yaml）：在方面A2中新增问题A2-2\n"
    r = cli("add", "--title", "又一个", "--aspect", "A2", "--data", "data", "--lang", "en")
    assert r.stderr == "added g-2024/A2-3 in data/round.yaml: issue A2-3 added to aspect A2\n", r.output


def test_an_issue_the_round_lacks_is_said_as_the_lookup_says_it(data):
    from rectrack.edit import IssueChange, update_issue

    with pytest.raises(RectrackError) as caught:
        update_issue(data / "round.yaml", "A1-3", IssueChange(note="x"), today=dt.date(2024, 5, 6))
    assert str(caught.value) == "no issue 'A1-3' in round 'g-2024'; did you mean A1-2, A1-1, A2-1?"
    assert error_text(caught.value, "zh") == "在轮次“g-2024”中没有找到问题“A1-3”，是否应为 A1-2、A1-1、A2-1？"


# -- init --------------------------------------------------------------------------------------------

def test_init_in_chinese(zh, data):
    base = ("--title", "第二轮", "--unit", "某单位", "--feedback", "2024-03-01")
    for args, line in [
        (("init", "data/x.txt", "--id", "x", *base), "data/x.txt：轮次文件名应以 .yaml 或 .yml 结尾"),
        (("init", "data/round.yaml", "--id", "x", *base), "data/round.yaml 已存在；rectrack init 不会覆盖已有的文件"),
        (("init", "data/n.yaml", "--id", "g-2024", *base), "轮次编号“g-2024”已被 data/round.yaml 使用"),
    ]:
        r = zh(*args)
        assert r.exit_code == 1 and error_line(r) == line, r.output
    r = zh("init", "data/n.yaml", "--id", "n", *base[:-1], "2024/13/01")
    assert r.exit_code == 2 and error_line(r) == "反馈日期“2024/13/01”不是真实存在的日期", r.output
    r = zh("init", "data/n.yaml", "--id", "n2", *base)
    assert r.exit_code == 0, r.output
    assert r.stderr == ("已新建 data/n.yaml（轮次 n2）。其中还没有方面，在添加第一个问题之前，rectrack validate "
                        "会一直报告它：\n  rectrack add --round n2 --new-aspect \"方面标题\" --title \"具体问题\"\n")


def test_init_with_an_invalid_value_is_refused_in_chinese(zh, data):
    r = zh("init", "data/n.yaml", "--id", "a b", "--title", "t", "--unit", "u", "--feedback", "2024-03-01")
    assert r.exit_code == 1 and error_line(r) == "已拒绝：这样写出的 data/n.yaml 不是有效的轮次文件", r.output
    assert "data/n.yaml:8:7: error: 编号“a b”只能包含字母、数字" in r.stderr and not (data / "n.yaml").exists()


def test_a_new_file_that_cannot_be_written_is_said_in_chinese(tmp_path):
    from rectrack.atomic import WriteError

    target = tmp_path / "data" / "r2.yaml"
    error = WriteError(target, OSError(errno.ENOSPC, "No space left on device"), existed=False)
    assert str(error) == f"cannot write {target}: No space left on device; nothing was written"
    assert error_text(error, "zh") == f"无法写入 {target}：No space left on device；没有写入任何内容"


def test_a_failed_write_of_an_existing_file_says_it_is_unchanged(tmp_path, monkeypatch):
    from rectrack import atomic

    path = tmp_path / "f.yaml"
    path.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(atomic.WriteError) as caught:
        atomic.write_atomic(path, b"new")
    assert str(caught.value) == f"cannot write {path}: No space left on device; the file is unchanged"
    assert error_text(caught.value, "zh") == f"无法写入 {path}：No space left on device；文件保持原样"
    assert caught.value.strerror == "No space left on device" and path.read_bytes() == b"old"


# -- show, list, log: what their lookups say -----------------------------------------------------------

def test_show_list_and_log_in_chinese(zh, cli, data):
    r = zh("show", "A1-1", "--as-of", "2023-01-01")
    assert r.exit_code == 1 and error_line(r) == "轮次 g-2024 的反馈日期是 2024-01-10，晚于 2023-01-01：那时还没有问题 A1-1"
    r = zh("list", "--round", "nope", "--round", "nah")
    assert r.exit_code == 1 and error_line(r) == "没有轮次“nope”、“nah”；现有轮次：g-2024"
    r = zh("list", "--aspect", "A7")
    assert r.exit_code == 1 and error_line(r) == "没有方面“A7”；现有方面：A1、A2"
    (data / "broken.yaml").write_text(MINIMAL.replace("id: r1", "id: r2").replace("status: completed", "status: 完成了"),
                                      encoding="utf-8")
    for command in ("list", "log"):
        r = zh(command)
        assert r.exit_code == 1 and error_line(r) == "1个文件有错误，已略去（运行 rectrack validate 查看）", r.output
    r = zh("show", "r2/A1-1")
    assert r.exit_code == 1 and error_line(r) == "data/broken.yaml 有错误；请先改正（rectrack validate data/broken.yaml）"
    r = cli("list", "--data", "data", "--lang", "en")
    assert error_line(r) == "1 file(s) with errors left out (see rectrack validate)"


# -- fix ---------------------------------------------------------------------------------------------

def test_fix_says_each_slip_and_the_summary_in_chinese(cli, write_round):
    path = write_round(MINIMAL.replace("feedback: 2024-01-10", "feedback：2024-01-10"))
    r = cli("fix", "--dry-run", path, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith(f"{path}:6:11: 将修正：键“feedback”后面是全角冒号“：”，YAML 要求半角冒号加一个空格，"
                               "应写作“feedback: ” [fullwidth-colon]\n"), r.stderr
    assert r.stderr.endswith("将修正1处（1个文件），没有需要人工处理的问题；未写入任何文件。\n")
    r = cli("fix", path, "--lang", "zh")
    assert r.exit_code == 0 and r.stdout.startswith(f"{path}:6:11: 已修正：键“feedback”"), r.output
    assert r.stderr == "已修正1处（1个文件），没有需要人工处理的问题。\n"
    r = cli("fix", path, "--lang", "en")
    assert r.stderr == "fixed 0 slip(s) in 0 file(s); nothing left for a person\n", r.output


def test_fix_of_a_file_changed_meanwhile_says_so_in_both_languages():
    error = RectrackError(code="changed-while-fixing", file="data/r.yaml")
    assert str(error) == ("data/r.yaml was changed by another program while rectrack was fixing it; nothing was "
                          "written, run the command again")
    assert error_text(error, "zh") == "rectrack 修正 data/r.yaml 期间，另一个程序改动了这个文件；没有写入任何内容，请重新运行命令"


# -- yamledit and lock: files that cannot be edited, locks that cannot be taken ----------------------

def _doc(text: str):
    from rectrack.read import Source
    from rectrack.yamledit import TextDoc

    return TextDoc(Source(Path("t.yaml"), "t.yaml", text, newline="\n"))


@pytest.mark.parametrize("text, en, zh", [
    ("a: 1\rb: 2\r", "t.yaml: has line breaks made of a lone CR; rectrack edits files with LF or CRLF line endings only",
     "t.yaml：有单独用 CR 表示的换行；rectrack 只修改以 LF 或 CRLF 换行的文件"),
    ("- 1\n", "t.yaml: is not a round file (a mapping with version, round and aspects)",
     "t.yaml：不是轮次文件（轮次文件是包含 version、round 和 aspects 的映射）"),
    ("a: &x 1\nb: *x\n",
     "t.yaml: cannot be edited until it is fixed: t.yaml:1:4: error: anchors (&x) are not allowed; they can make a "
     "small file expand enormously [anchor] (and 1 more); run `rectrack validate t.yaml`",
     "t.yaml：有错误，改正之前不能修改：t.yaml:1:4: error: 不允许使用锚点（&x），它会让一个小文件膨胀得极大 [anchor]"
     "（另有1处）；请运行 rectrack validate t.yaml"),
])
def test_a_file_that_cannot_be_edited_is_said_in_both_languages(text, en, zh):
    with pytest.raises(RectrackError) as caught:
        _doc(text)
    assert str(caught.value) == en and error_text(caught.value, "zh") == zh


def test_a_lock_held_too_long_is_said_in_chinese(tmp_path):
    from rectrack.lock import locked

    path = tmp_path / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    with locked(path):
        with pytest.raises(RectrackError) as caught:
            with locked(path, timeout=0.1):
                pass
    assert str(caught.value) == (f"{path}: another rectrack command has been editing this file for 0.1s; try again "
                                 "when it has finished")
    assert error_text(caught.value, "zh") == f"{path}：另一个 rectrack 命令正在修改这个文件，已等了 0.1 秒；请等它结束后再试"


def test_a_lock_that_cannot_be_taken_is_said_in_chinese(zh, data, tmp_path, monkeypatch):
    from rectrack.lock import lock_path

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    where = lock_path(data / "round.yaml")
    where.mkdir(parents=True)
    r = zh("update", "A1-1", "--note", "x", "--date", "2024-05-06", "--yes")
    assert r.exit_code == 1, r.output
    line = error_line(r)
    assert line.startswith(f"{os.path.realpath(data / 'round.yaml')}：无法加锁（{where}）：") and line.endswith(
        "；没有写入任何内容"), line
