"""Input-method slips: each at its own line:col, by name, with its fix; `rectrack fix`; messages in zh and en."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL, ROOT, SHIPPED, dedent
from rectrack.cli import app
from rectrack.durations import parse_date
from rectrack.loader import load_text
from rectrack.messages import CATALOG, localized
from rectrack.read import Source
from rectrack.read.slips import CODES, find_slips
from rectrack.repair import apply_fixes

GOLDEN = Path(__file__).parent / "golden" / "fix"
runner = CliRunner()


def slips_of(text: str):
    return find_slips(Source(Path("t.yaml"), "t.yaml", dedent(text)))


def places(text: str):
    return [(p.line, p.column, p.code) for p in slips_of(text)]


def fixed(text: str) -> str:
    text = dedent(text)
    found = find_slips(Source(Path("t.yaml"), "t.yaml", text))
    return apply_fixes(text, [p.fix for p in found if p.fix is not None and p.fix.safe])


@pytest.mark.parametrize(("text", "expected", "after"), [
    ("deadline：2024-12-31\n", [(1, 9, "fullwidth-colon")], "deadline: 2024-12-31\n"),
    ("round：\n  id: r1\n", [(1, 6, "fullwidth-colon")], "round:\n  id: r1\n"),
    ("a:\n  - status:\u3000completed\n", [(2, 12, "fullwidth-space")], "a:\n  - status: completed\n"),
    ("a:\n  b: 1\n\u3000c: 2\n", [(3, 1, "fullwidth-indent")], "a:\n  b: 1\n  c: 2\n"),
    ("x: [a.pdf，b.pdf]\n", [(1, 10, "fullwidth-comma")], "x: [a.pdf, b.pdf]\n"),
    ("p: {start: 2023-05-25，end: 2023-08-18}\n", [(1, 22, "fullwidth-comma")],
     "p: {start: 2023-05-25, end: 2023-08-18}\n"),
    ("p: {start：2023-05-25, end: 2023-08-18}\n", [(1, 10, "fullwidth-colon")],
     "p: {start: 2023-05-25, end: 2023-08-18}\n"),
    ("id: “A1-1”\n", [(1, 5, "chinese-quotes")], 'id: "A1-1"\n'),
    ("status: ‘已完成’\n", [(1, 9, "chinese-quotes")], 'status: "已完成"\n'),
    ("deadline: “2024/6/30”\n", [(1, 11, "chinese-quotes")], "deadline: 2024-06-30\n"),
    ("deadline: 2024/6/30\n", [(1, 11, "date-format")], "deadline: 2024-06-30\n"),
    ("deadline: 2024.6.30  # 原定\n", [(1, 11, "date-format")], "deadline: 2024-06-30  # 原定\n"),
    ("completed_on: 2024年6月30日\n", [(1, 15, "date-format")], "completed_on: 2024-06-30\n"),
    ("completed_on: '2024/06/30'\n", [(1, 15, "date-format")], "completed_on: 2024-06-30\n"),
    ("date: ２０２４－１２－３１\n", [(1, 7, "fullwidth-date")], "date: 2024-12-31\n"),
    ("p: {start: 2023/5/25, end: 2023-08-18}\n", [(1, 12, "date-format")],
     "p: {start: 2023-05-25, end: 2023-08-18}\n"),
    ("to: 2024/2/30\n", [(1, 5, "impossible-date")], "to: 2024/2/30\n"),
])
def test_each_slip_at_its_own_place_with_its_fix(text, expected, after):
    assert places(text) == expected
    assert fixed(text) == after


def test_crlf_lines_keep_their_endings_and_get_no_trailing_space():
    assert fixed("round：\r\n  feedback：2024/1/10\r\n") == "round:\r\n  feedback: 2024-01-10\r\n"
    assert places("round：\r\n  feedback：2024/1/10\r\n") == [
        (1, 6, "fullwidth-colon"), (2, 11, "fullwidth-colon"), (2, 12, "date-format")]


def test_a_slip_and_its_value_are_both_found_and_fixed_in_one_go():
    assert places("deadline：2024/6/30\n") == [(1, 9, "fullwidth-colon"), (1, 10, "date-format")]
    assert fixed("deadline：2024/6/30\n") == "deadline: 2024-06-30\n"


@pytest.mark.parametrize("text", [
    "title: 问题：说明，不改\n",                       # '：' and '，' inside a value are the text's own
    "note: |\n  deadline：2024/6/30\n  \u3000\u3000段首空格\n",  # a block scalar is never looked into
    "text: >-\n    x: [a，b]\n",
    "title: “一岗双责”落实不到位\n",                 # Chinese quotes in text are text
    "title: “一岗双责”\n",                            # …even around the whole value of a text key
    "p: {text: 内容，更多内容}\n",                    # a comma in the Chinese text of a flow value
    "h: [{date: 2024-02-01, note: 完成3项，2项推进中}]\n",  # …even before a digit: no key follows
    'h: [{date: 2024-02-02, note: "见附件，note：x"}]\n',  # a quoted value of a { } entry is text
    "e: [{reason: '甲，2024', approved_by: 工委}]\n",
    "text: 第一段\n  \u3000\u3000第二段\n",          # U+3000 opening a continued paragraph
    "raised: 2024-6-3\n",                             # one-digit month and day are a date already
    "title: 见附件[1，2]\n",                          # a bracket inside text opens no list
    "# deadline：2024/6/30\n",
])
def test_no_slip_where_the_characters_are_right(text):
    assert places(text) == []


def test_the_shipped_ledger_has_no_slips():
    text = SHIPPED.read_text(encoding="utf-8")
    assert find_slips(Source(SHIPPED, "data/issues.yaml", text)) == []


def test_fix_never_cuts_the_text_of_a_flow_value(tmp_path):
    # A clerk's note in a one-line history entry: `fix` must leave it whole, and validate must not flag it.
    text = ("h:\n  - {date: 2024-02-01, note: 完成3项，2项推进中}\n"
            '  - {date: 2024-02-02, note: "见附件，note：x"}\n')
    assert places(text) == [] and fixed(text) == text


def test_a_comma_beside_chinese_in_a_list_is_only_a_suggestion():
    # [完成3项，2项推进中] may be one item: only a person can say.
    (problem,) = slips_of("m: [完成3项，2项推进中]\n")
    assert (problem.code, problem.level.value, problem.fix.safe) == ("fullwidth-comma-text", "warning", False)


def test_comma_between_chinese_items_is_a_warning_whose_fix_is_only_a_suggestion():
    (problem,) = slips_of("m: [完善制度，加强管理]\n")
    assert (problem.line, problem.column, problem.code, problem.level.value) == (1, 9, "fullwidth-comma-text", "warning")
    assert problem.fix is not None and not problem.fix.safe
    assert fixed("m: [完善制度，加强管理]\n") == "m: [完善制度，加强管理]\n"


def test_indent_fix_is_safe_only_when_it_lines_up():
    (lined,) = slips_of("a:\n  - b: 1\n  \u3000c: 2\n")
    assert lined.fix.safe and lined.fix.replacement == "    "
    (odd,) = slips_of("a:\n  b: 1\n   \u3000\u3000c: 2\n")
    assert not odd.fix.safe


def test_full_width_colon_is_reported_on_its_own_line_not_the_next():
    text = MINIMAL.replace("        deadline: 2024-03-01", "        deadline：2024-03-01")
    _, problems = load_text(text, "t.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(18, 17, "fullwidth-colon")]


def test_a_value_slip_lets_the_rest_of_the_file_be_validated():
    text = MINIMAL.replace("completed_on: 2024-02-01", "completed_on: 2024/2/1").replace(
        "status: in_progress", "status: doing")
    _, problems = load_text(text, "t.yaml")
    # validation's own "expected a date" at the same place is not said twice
    assert [(p.line, p.column, p.code) for p in problems] == [(14, 23, "date-format"), (17, 17, "unknown-status")]


# -- rectrack fix ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["lf", "crlf", "bom"])
def test_fix_golden(kind, tmp_path):
    path = tmp_path / f"{kind}.yaml"
    shutil.copyfile(GOLDEN / f"{kind}.before.yaml", path)
    r = runner.invoke(app, ["fix", "--lang", "en", str(path)])
    # 2024.2.30 is no day: left for a person, so the command fails
    assert r.exit_code == 1, r.output
    assert path.read_bytes() == (GOLDEN / f"{kind}.after.yaml").read_bytes()
    assert f"{path}:7:11: fixed: full-width colon '：' after the key 'feedback'" in r.output
    assert f"{path}:24:19: error: '2024.2.30' is not a real date: there is no 2024-02-30 [impossible-date]" in r.output
    assert "fixed 9 slip(s) in 1 file(s); 2 problem(s) left for a person" in r.output


def test_golden_files_differ_only_in_line_endings_and_bom():
    lf = (GOLDEN / "lf.after.yaml").read_bytes()
    assert (GOLDEN / "crlf.after.yaml").read_bytes() == lf.replace(b"\n", b"\r\n")
    assert (GOLDEN / "bom.after.yaml").read_bytes() == b"\xef\xbb\xbf" + lf


def test_fix_dry_run_prints_the_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "r.yaml"
    shutil.copyfile(GOLDEN / "crlf.before.yaml", path)
    before = path.read_bytes()
    r = runner.invoke(app, ["fix", "--dry-run", "--lang", "zh", str(path)])
    assert r.exit_code == 1, r.output
    assert path.read_bytes() == before
    assert "-  feedback：2024-01-10" in r.output and "+  feedback: 2024-01-10" in r.output
    assert "将修正9处（1个文件），另有2个问题需要人工处理；未写入任何文件。" in r.output


def test_fix_of_a_clean_file_changes_nothing_and_succeeds(write_round):
    path = write_round(MINIMAL)
    before = path.read_bytes()
    r = runner.invoke(app, ["fix", "--lang", "en", str(path)])
    assert r.exit_code == 0, r.output
    assert path.read_bytes() == before
    assert "fixed 0 slip(s) in 0 file(s); nothing left for a person" in r.output


def test_fix_then_validate_is_clean(write_round):
    path = write_round(MINIMAL.replace("feedback: 2024-01-10", "feedback：2024年1月10日"))
    r = runner.invoke(app, ["fix", str(path)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["validate", "--no-cache", str(path)])
    assert r.exit_code == 0, r.output


# -- messages in both languages -------------------------------------------------------------

def test_every_slip_code_has_a_message_in_both_languages():
    for code in CODES:
        assert set(CATALOG[code]) == {"zh", "en"}, code


def test_chinese_messages_use_full_width_punctuation():
    for code, texts in CATALOG.items():
        # What is quoted (“…”) is file content, which may rightly hold ASCII ',' or ':'.
        prose = re.sub("“[^”]*”|\"[^\"]*\"|\\{[^}]*\\}", "", texts["zh"])
        assert not re.search(r"[,;:()]", prose), (code, prose)


def test_validate_speaks_the_clerks_language(write_round, monkeypatch):
    path = write_round(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024/3/1"))
    for option in (["--lang", "cn"], ["--lang", "zh-Hans"]):
        r = runner.invoke(app, ["validate", "--no-cache", *option, str(path)])
        assert r.exit_code == 1, r.output
        assert "18:19: error: 日期“2024/3/1”不是“年-月-日”格式，应写作 2024-03-01（可用 rectrack fix 自动修正） [date-format]" \
            in r.output
    monkeypatch.setenv("RECTRACK_LANG", "zh_CN")
    r = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert r.exit_code == 1, r.output
    (record,) = json.loads(r.stdout)
    assert record["code"] == "date-format" and record["message"].startswith("日期“2024/3/1”")
    r = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(path)])  # from the cache now
    (record,) = json.loads(r.stdout)
    assert record["message"].startswith("date '2024/3/1' is not written as YYYY-MM-DD")


def test_a_cached_problem_keeps_its_arguments(write_round, monkeypatch, tmp_path):
    monkeypatch.setenv("RECTRACK_CACHE", str(tmp_path / "cache"))
    path = write_round(MINIMAL.replace("deadline: 2024-03-01", "deadline：2024-03-01"))
    first = runner.invoke(app, ["validate", "--lang", "zh", str(path)])
    second = runner.invoke(app, ["validate", "--lang", "zh", str(path)])
    assert first.exit_code == second.exit_code == 1
    assert "全角冒号" in first.output and first.output == second.output


def test_a_message_without_arguments_stays_as_written():
    from rectrack.problems import Problem

    problem = Problem("t.yaml", 1, 1, "date-format", "as written")
    assert localized(problem, "zh") == "as written"


def test_bad_lang_is_a_usage_error():
    r = runner.invoke(app, ["validate", "--lang", "fr", str(SHIPPED)])
    assert r.exit_code == 2, r.output
    assert "not a language rectrack speaks" in r.output


# -- dates typed on the command line -------------------------------------------------------

@pytest.mark.parametrize("typed", ["2024-06-30", "2024-6-30", "2024/6/30", "2024.6.30", "2024年6月30日",
                                   "２０２４－０６－３０"])
def test_command_line_dates_take_the_chinese_forms(typed):
    assert parse_date(typed).isoformat() == "2024-06-30"


def test_status_as_of_accepts_a_chinese_date():
    r = runner.invoke(app, ["status", "--lang", "en", "--as-of", "2024年3月29日", str(SHIPPED)])
    assert r.exit_code == 0, r.output
    r2 = runner.invoke(app, ["status", "--lang", "en", "--as-of", "2024-03-29", str(SHIPPED)])
    assert r.output == r2.output


def test_impossible_command_line_date_is_refused():
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("2024/2/30")


# -- every problem code, in both languages ---------------------------------------------------

SRC = Path(__file__).resolve().parent.parent / "src" / "rectrack"
# Where each way of making a problem takes its code.
_CODE_ARGUMENT = {"Finding": 1, "Problem": 3, "add": 1, "problem": 1, "_problem": 2}


def _codes_in_source() -> set[str]:
    import ast

    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            index = _CODE_ARGUMENT.get(name)
            if index is not None and len(node.args) > index:
                code = node.args[index]
                if isinstance(code, ast.Constant) and isinstance(code.value, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", code.value):
                    found.add(code.value)
    from rectrack.loader import _CUSTOM_CODES

    return found | set(_CUSTOM_CODES.values())


def test_every_problem_code_has_its_message_in_both_languages():
    from rectrack.messages import codes

    in_source = _codes_in_source()
    assert len(in_source) > 50  # the walk finds the codes at all
    assert in_source - codes() == set()
    for key, texts in CATALOG.items():
        assert set(texts) == {"zh", "en"} and texts["zh"] != texts["en"], key


BAD_FILES = [
    MINIMAL.replace("status: completed", "status: 完成了"),
    MINIMAL.replace("status: completed", "status: 已完成。"),
    MINIMAL.replace("status: completed", "status: complted"),
    MINIMAL.replace("status: completed", "status: 12"),
    MINIMAL.replace("deadline: 2024-03-01", "dedline: 2024-03-01"),
    MINIMAL.replace("deadline: 2024-03-01", "截止: 2024-03-01"),
    MINIMAL.replace("  title: 测试轮次\n", ""),
    MINIMAL.replace("deadline: 2024-03-01", "deadline: soon"),
    MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-02-30"),
    MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-03-01 10:00:00"),
    MINIMAL.replace("title: 问题一", "title: 2024"),
    MINIMAL.replace("title: 问题一", "title: ''"),
    MINIMAL.replace("id: A1-1", "id: A1-2"),
    MINIMAL.replace("      - id: A1-2\n", "      - id: A1-2\n        completed_on: 2024-03-01\n"),
    MINIMAL.replace("completed_on: 2024-02-01", "completed_on: 2023-02-01"),
    MINIMAL.replace("  feedback: 2024-01-10", "  feedback: 2024-01-10\n  kind: spot"),
    MINIMAL.replace("  feedback: 2024-01-10", "  feedback: 2024-01-10\n  review_after: often"),
    MINIMAL.replace("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        history:\n"
                    "          - {date: 2024-02-01, status: in_progress}\n          - {date: 2024-01-20, note: x}\n"
                    "          - {date: 2024-02-02}"),
    MINIMAL.replace("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        extensions:\n"
                    "          - {date: 2024-02-01, from: 2024-03-01, to: 2024-02-15, reason: r, approved_by: b}"),
    MINIMAL.replace("version: 1", "version: 2"),
    MINIMAL.replace("    title: 第一方面", "    title: 第一方面\n    title: again"),
    MINIMAL.replace("    title: 第一方面", "    title: &a 第一方面"),
    MINIMAL.replace("    title: 第一方面", "    title: !!python/object x"),
    MINIMAL.replace("    title: 第一方面", "    title: [unclosed"),
    MINIMAL.replace("    title: 第一方面", "\ttitle: 第一方面"),
    MINIMAL.replace("aspects:\n", "aspects: 3\nx:\n"),
    MINIMAL.replace("  feedback: 2024-01-10", "  feedback: 2024-01-10\n  period: {start: 2023-05-25, end: 2023-05-01}"),
    MINIMAL.replace("    title: 第一方面", "    title: 第一方面\n    category: 甲").replace(
        "        deadline: 2024-03-01", "        deadline: 2024-03-01\n  - id: A2\n    title: 二\n    category: 乙\n"
        "    issues: [{id: A2-1, title: t, status: not_started}]\n  - id: A3\n    title: 三\n    category: 甲\n"
        "    issues: [{id: A3-1, title: t, status: not_started}]"),
    MINIMAL.replace("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        check_every: 3个月"),
    MINIMAL.replace("status: in_progress", "status: in_progress\n        history: [{date: 2024-02-01, status: completed}]"),
    MINIMAL.replace("aspects:\n", "aspects: []\nx: 1\n"),
    "- just\n- a list\n",
    "",
]


def test_english_templates_say_what_the_checks_say_and_chinese_is_full():
    from rectrack.messages import say

    seen = set()
    for text in BAD_FILES:
        _, problems = load_text(text, "t.yaml")
        assert problems, text
        for problem in problems:
            args = dict(problem.args)
            assert args, (problem.code, problem.message)  # made with its arguments
            fixable = args.pop("_fixable", False)
            assert say(problem.code, "en", fixable, **dict(args)) == problem.message, problem
            chinese = say(problem.code, "zh", fixable, **dict(args))
            assert re.search("[\u4e00-\u9fff]", chinese) and "{" not in chinese, chinese
            seen.add(problem.code)
    assert len(seen) >= 25, seen


def test_unknown_status_suggests_what_the_clerk_meant():
    for written, meant in (("完成了", "已完成"), ("已完成。", "已完成"), ("整改完成", "已完成"), ("complted", "completed")):
        _, problems = load_text(MINIMAL.replace("status: completed", f"status: {written}"), "t.yaml")
        (problem,) = [p for p in problems if p.code == "unknown-status"]
        assert f"did you mean '{meant}'?" in problem.message
        assert localized(problem, "zh").startswith(f"状态“{written}”无法识别，是否应为“{meant}”？")


@pytest.mark.parametrize(("written", "meant"), [("dedline", "deadline"), ("截止日期", "deadline"),
                                                 ("完成日期", "completed_on"), ("责任单位", "owner")])
def test_unknown_key_suggests_the_key_meant(written, meant):
    _, problems = load_text(MINIMAL.replace("deadline: 2024-03-01", f"{written}: 2024-03-01"), "t.yaml")
    (problem,) = [p for p in problems if p.code == "unknown-key"]
    assert (problem.line, problem.column) == (18, 9)
    assert problem.message == f"unknown key '{written}'; did you mean '{meant}'?"
    assert localized(problem, "zh") == f"键“{written}”无法识别，是否应为“{meant}”？"


def test_the_slips_know_the_format_s_date_and_typed_keys():
    import datetime as dt

    from pydantic import BaseModel

    from rectrack import model
    from rectrack.read.slips import DATE_KEYS, TYPED_KEYS

    dates, keys = set(), set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            for name, info in value.model_fields.items():
                keys.add(info.alias or name)
                if "datetime.date" in str(info.annotation) or info.annotation is dt.date:
                    dates.add(info.alias or name)
    assert DATE_KEYS == dates
    assert TYPED_KEYS <= keys


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="needs symbolic links")
def test_a_refused_link_is_said_in_both_languages(tmp_path):
    import os

    from rectrack.loader import load_paths
    from rectrack.messages import say

    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "data").mkdir()
    try:
        os.symlink(outside, tmp_path / "data" / "link.yaml")
    except OSError:
        pytest.skip("cannot make a symbolic link here")
    (problem,) = load_paths([tmp_path / "data"], use_cache=False).problems
    args = dict(problem.args)
    fixable = args.pop("_fixable")
    assert say(problem.code, "en", fixable, **dict(args)) == problem.message
    assert localized(problem, "zh").startswith("未读取：这是指向 ")


def test_update_records_a_note_with_a_full_width_comma_in_one_line_history(cli, tmp_path, monkeypatch):
    # The history of this round is written as { } lines: a note's '，2024' must not read as a slip.
    (tmp_path / "data").mkdir()
    source = ROOT / "tests" / "examples" / "time" / "followups.yaml"
    (tmp_path / "data" / "r.yaml").write_bytes(source.read_bytes())
    monkeypatch.chdir(tmp_path)
    r = cli("update", "A1-3", "--date", "2024-09-03", "--note", "已协调，2024年底前完成", "--yes", "--data", "data",
            env={"RECTRACK_DATA": None})
    assert r.exit_code == 0, r.output
    assert "note: 已协调，2024年底前完成}" in (tmp_path / "data" / "r.yaml").read_text(encoding="utf-8")
