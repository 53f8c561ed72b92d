"""What commands say when they stop or finish: every entry in both languages, and said in the one asked for."""

from __future__ import annotations

import re

import pytest

from rectrack import replies
from rectrack.problems import RectrackError
from rectrack.replies import DONE, ERRORS, error_text, placeholders, reply

# Marks of English punctuation that a Chinese sentence must not use between Chinese characters.
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:()][\u4e00-\u9fff]?")


@pytest.mark.parametrize("table", ["ERRORS", "DONE", "REASONS"])
def test_every_entry_has_both_languages_and_the_same_values(table):
    for code, texts in getattr(replies, table).items():
        assert set(texts) == {"en", "zh"} and texts["en"] != texts["zh"], code
        # The Chinese may say a value in Chinese ({x_zh}), but needs nothing the raise site does not give.
        # {x_zh} is x said in Chinese: the raise site gives x (for the English) and, when it needs to, x_zh.
        assert {name.removesuffix("_zh") for name in placeholders(texts["zh"])} <= placeholders(texts["en"]), code
        assert not HALF_WIDTH_IN_CHINESE.search(texts["zh"].replace("{", "").replace("}", "")), (code, texts["zh"])


def test_the_tables_by_part_share_no_code():
    tables = [value for name, value in vars(replies).items()
              if name.startswith("_") and isinstance(value, dict) and name[1:].isupper()]
    done = [t for name, t in vars(replies).items() if name.startswith("_") and name.endswith("_DONE")]
    assert len(tables) >= 8 and len(done) >= 3
    assert sum(len(t) for t in tables) == len(ERRORS) + len(DONE)  # REASONS is its own table


def test_an_error_raised_with_a_code_is_english_in_str_and_chinese_when_asked():
    error = RectrackError(code="no-path", path="data/x.yaml")
    assert str(error) == "data/x.yaml: no such file or folder"
    assert error_text(error, "zh") == "data/x.yaml：没有这个文件或文件夹"
    assert error_text(error, "en") == str(error)


def test_a_chinese_value_falls_back_to_the_value_and_a_status_to_its_chinese_word():
    error = RectrackError(code="files-with-errors", n=2, what="a report")
    assert str(error) == "2 file(s) with errors; fix them before making a report (see rectrack validate)"
    assert error_text(RectrackError(code="files-with-errors", n=2, what="a report", what_zh="报告"), "zh") == (
        "2个文件有错误；请先改正再生成报告（运行 rectrack validate 查看）")
    # Without what_zh the value itself is used: never a KeyError, never an invented word.
    assert "a report" in error_text(error, "zh")


def test_an_error_written_as_text_is_said_as_written():
    assert error_text(RectrackError("plain words"), "zh") == "plain words"


def test_an_unknown_code_is_a_bug_caught_where_it_is_raised():
    with pytest.raises(KeyError):
        RectrackError(code="no-such-code")


def test_a_reason_inside_a_sentence_is_said_in_the_sentences_language():
    from rectrack.replies import Said

    reason = Said.of("path-shared", path="/c", mode="777")
    error = RectrackError(code="lock-folder-unsafe", path="r.yaml", folder="/c", reason=reason)
    assert str(error).startswith("r.yaml: not locking in /c: /c can be written by other users (mode 777); ")
    assert error_text(error, "zh").startswith("r.yaml：没有在 /c 中加锁：其他用户可以写入 /c（权限 777）；")
    assert reply("cache-unsafe", "zh", reason=reason).startswith("没有使用缓存：其他用户可以写入 /c（权限 777）；")
    assert {reason, Said.of("path-shared", path="/c", mode="777")} == {reason}  # a warning is given once


def test_done_lines():
    assert reply("wrote", "en", path="r.docx", what="Word") == "rectrack: wrote r.docx (Word)"
    assert reply("wrote", "zh", path="r.docx", what="Word", what_zh="Word 文档") == "rectrack：已写入 r.docx（Word 文档）"
    assert set(DONE) and set(ERRORS)


def test_lang_option_reaches_errors_raised_while_loading(cli, tmp_path):
    # A read command: the missing path is found while loading, before the command reads --lang's value.
    r = cli("status", str(tmp_path / "nowhere"), "--lang", "zh")
    assert r.exit_code == 1 and f"{tmp_path / 'nowhere'}：没有这个文件或文件夹" in r.output, r.output
    r = cli("list", str(tmp_path / "nowhere"), "--lang", "en", env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 1 and "no such file or folder" in r.output, r.output
    # The next run in the same process does not inherit the language.
    r = cli("validate", str(tmp_path / "nowhere"))
    assert r.exit_code == 1 and "no such file or folder" in r.output, r.output


@pytest.mark.parametrize("args", [("status", "--as-of", "x", "--lang", "zh"), ("status", "--lang", "zh", "--as-of", "x"),
                                  ("report", "--as-of", "x", "--lang", "zh")])
def test_lang_is_read_before_the_options_around_it(cli, args):
    r = cli(*args, env={"COLUMNS": "300"})
    assert r.exit_code == 2 and ": “x”不是日期；请写成 YYYY-MM-DD" in r.output, r.output


@pytest.mark.parametrize("command", [("export", "-o", "x.csv"), ("list",), ("log",), ("reviews",), ("report",),
                                     ("show", "A1-1")])
def test_every_command_says_the_problems_of_a_broken_file_in_the_language_asked_for(cli, tmp_path, monkeypatch,
                                                                                     command):
    from conftest import MINIMAL

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.yaml").write_text(MINIMAL.replace("status: in_progress", "status: 完成了"),
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli(*command, "--data", "data", "--lang", "zh", env={"RECTRACK_DATA": None})
    assert r.exit_code == 1, r.output
    assert "error: 状态“完成了”无法识别，是否应为“已完成”？" in r.output.replace("\\", "/"), r.output
    assert "unknown status" not in r.output


def test_show_and_update_warn_of_an_unreadable_file_that_may_hold_the_issue(cli, tmp_path, monkeypatch):
    from conftest import MINIMAL

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "data" / "b.yaml").write_text("aspects:\n  - issues:\n      - id: A1-1\n        title: [\n",
                                              encoding="utf-8")
    (tmp_path / "data" / "c.yaml").write_text("version: [\n", encoding="utf-8")  # never mentions A1-1
    monkeypatch.chdir(tmp_path)
    r = cli("show", "A1-1", "--data", "data", "--lang", "zh", env={"RECTRACK_DATA": None})
    assert r.exit_code == 0 and "r1/A1-1" in r.stdout, r.output
    assert r.stderr.replace("\\", "/") == ("rectrack: warning: 有1个提到 A1-1 的文件无法读取，其中也可能有这个问题：data/b.yaml；"
                                           "请运行 rectrack validate\n")
    r = cli("update", "A1-1", "--note", "x", "--date", "2024-03-01", "--yes", "--data", "data", "--lang", "en",
            env={"RECTRACK_DATA": None})
    assert r.exit_code == 0, r.output
    assert "rectrack: warning: 1 file(s) that mention A1-1 could not be read, and may hold it too: " in r.stderr
