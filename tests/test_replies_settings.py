"""Settings, limits, lookups, `import` and the shared options: what they say, in Chinese and in English.

Each CLI test runs a command as a person would and asserts the exact line
and the exit code; `--lang en` (or no language) still gives the English the
other tests pin.  The last tests walk the source: every code a raise site
names is in the catalog, so a typo cannot turn into a KeyError at the moment
a user needs the message.
"""

from __future__ import annotations

import ast
import datetime as dt
import re

import pytest

from conftest import MINIMAL, ROOT
from ledgers import OFFICE_MERGES, csv_bytes, office_rows, xlsx_bytes

from rectrack.problems import RectrackError
from rectrack.replies import DONE, ERRORS, REASONS, error_text

DAY = dt.date(2024, 7, 20)
ZH = {"RECTRACK_LANG": "zh"}


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A repository in tmp_path (with .git, so no config above it applies) with one round in data/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r1.yaml").write_text(MINIMAL, encoding="utf-8")
    return tmp_path


@pytest.fixture
def cli(cli):
    """The CLI reading ./data (or the config's `data`), not the shipped ledger."""
    return lambda *args, env=None, **kwargs: cli(*args, env={"RECTRACK_DATA": "", **(env or {})}, **kwargs)


def stderr_line(r) -> str:
    return r.stderr.strip().splitlines()[-1]


# -- the config file ------------------------------------------------------------------------

@pytest.mark.parametrize("text, zh, en", [
    ('lnag = "zh"\n', "rectrack.toml：未知的键“lnag”，是否应为“lang”？",
     "rectrack.toml: unknown key 'lnag'; did you mean 'lang'?"),
    ('xyz = 1\n', "rectrack.toml：未知的键“xyz”；可用的键有 data、lang、overdue、limits、evidence_root、checks",
     "rectrack.toml: unknown key 'xyz'; known keys: data, lang, overdue, limits, evidence_root, checks"),
    ("[overdue]\ngrace_days = -1\n", "rectrack.toml：“overdue.grace_days”必须是不小于 0 的整数，而不是“-1”",
     "rectrack.toml: 'overdue.grace_days' must be a whole number of 0 or more, not -1"),
    ("[overdue]\nstatuses = ['已完成']\n",
     "rectrack.toml：“overdue.statuses”不能包括已完成（completed）：已完成的问题不会逾期",
     "rectrack.toml: 'overdue.statuses' cannot include completed: a completed issue is never overdue"),
    ("[limits]\nmax_depth = 1000\n", "rectrack.toml：“limits.max_depth”必须是 1 到 100 之间的整数，而不是 1000",
     "rectrack.toml: 'limits.max_depth' must be a whole number from 1 to 100, not 1000"),
    ('[limits]\nmax_nodes = "many"\n', "rectrack.toml：“limits.max_nodes”必须是整数，例如 100，而不是“many”",
     "rectrack.toml: 'limits.max_nodes' must be a whole number such as 100, not 'many'"),
    ("[checks]\nevidence = 'always'\n",
     "rectrack.toml：“checks.evidence”只能是 \"required\" 或 \"optional\"，不能是“always”",
     "rectrack.toml: 'checks.evidence' must be \"required\" or \"optional\", not 'always'"),
])
def test_config_mistakes_in_both_languages(cli, here, text, zh, en):
    (here / "rectrack.toml").write_text(text, encoding="utf-8")
    r = cli("validate", "--lang", "zh")
    assert r.exit_code == 1 and stderr_line(r) == f"rectrack: error: {zh}", r.output
    r = cli("validate", "--lang", "en", env=ZH)
    assert r.exit_code == 1 and stderr_line(r) == f"rectrack: error: {en}", r.output


def test_a_broken_config_file_is_said_in_the_language_of_the_environment(cli, here):
    (here / "rectrack.toml").write_text('lang = "fr"\n', encoding="utf-8")
    r = cli("status", env=ZH)
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == "rectrack: error: rectrack.toml：“lang”只能是 zh 或 en，不能是“fr”"
    (here / "rectrack.toml").write_text('lang = "zh\n', encoding="utf-8")
    r = cli("status", env=ZH)
    assert r.exit_code == 1 and stderr_line(r).startswith("rectrack: error: rectrack.toml：不是有效的 TOML："), r.output


def test_a_config_file_named_but_missing(cli, here):
    r = cli("status", env={**ZH, "RECTRACK_CONFIG": "ci/none.toml"})
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == "rectrack: error: ci/none.toml：没有这个配置文件（由 $RECTRACK_CONFIG 指定）"


# -- limits ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, zh", [
    ("deep", "$RECTRACK_MAX_DEPTH：限值 max_depth 必须是整数，例如 100，而不是“deep”"),
    ("101", "$RECTRACK_MAX_DEPTH：限值 max_depth 必须是 1 到 100 之间的整数，而不是 101"),
])
def test_a_malformed_limit_in_the_environment(cli, here, value, zh):
    r = cli("validate", env={**ZH, "RECTRACK_MAX_DEPTH": value})
    assert r.exit_code == 1 and stderr_line(r) == f"rectrack: error: {zh}", r.output


def test_limit_errors_raised_in_the_core_carry_their_values():
    from rectrack.read.limits import DEFAULT_LIMITS, limits_from_env

    with pytest.raises(RectrackError) as caught:
        DEFAULT_LIMITS.checked(max_lines=0)
    assert str(caught.value) == "limit max_lines must be a whole number of 1 or more, not 0"
    assert error_text(caught.value, "zh") == "限值 max_lines 必须是不小于 1 的整数，而不是 0"
    with pytest.raises(RectrackError) as caught:
        limits_from_env(environ={"RECTRACK_MAX_BYTES": "4Q"})
    assert str(caught.value) == "$RECTRACK_MAX_BYTES: limit max_bytes must be a whole number such as 4194304 or 4M, not '4Q'"
    assert error_text(caught.value, "zh") == "$RECTRACK_MAX_BYTES：限值 max_bytes 必须是整数，例如 4194304 或 4M，而不是“4Q”"


# -- lookups and loading --------------------------------------------------------------------

def test_rounds_that_share_an_id(cli, here):
    (here / "data" / "r1-copy.yaml").write_text(MINIMAL, encoding="utf-8")
    r = cli("show", "r1/A1-1", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == ("rectrack: error: 问题“A1-1”出现在2个文件中，而这些文件的轮次编号相同："
                              "r1/A1-1 (data/r1-copy.yaml), r1/A1-1 (data/r1.yaml)；请给每个轮次另取编号"
                              "（rectrack validate 会报告重复的编号），或用 --data 指明文件")
    r = cli("add", "--round", "r1", "--aspect", "A1", "--title", "新问题", env=ZH)
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == ("rectrack: error: 轮次编号“r1”被2个文件使用：data/r1-copy.yaml, data/r1.yaml；"
                              "请运行 rectrack validate")
    r = cli("add", "--round", "r1", "--aspect", "A1", "--title", "新问题", "--lang", "en")
    assert stderr_line(r) == ("rectrack: error: round id 'r1' is used by 2 files: data/r1-copy.yaml, "
                              "data/r1.yaml; run rectrack validate")


def test_a_round_id_that_cannot_be_one(cli, here):
    r = cli("add", "--round", "第一轮", "--aspect", "A1", "--title", "新问题", "--lang", "zh")
    assert r.exit_code == 1 and stderr_line(r) == "rectrack: error: “第一轮”不是轮次编号", r.output


def test_a_file_changed_while_read():
    error = RectrackError(code="changed-while-read", file="data/r1.yaml")
    assert str(error) == ("data/r1.yaml: the file or its cache entry changed while it was being read; "
                          "run the command again")
    assert error_text(error, "zh") == "data/r1.yaml：读取过程中文件或其缓存发生了变化；请再运行一次"


# -- import ---------------------------------------------------------------------------------

@pytest.fixture
def run(cli, tmp_path, monkeypatch):
    """`rectrack import` with today pinned and the data location in tmp_path."""
    monkeypatch.setattr("rectrack.cli.importer.today", lambda: DAY)
    monkeypatch.chdir(tmp_path)

    def invoke(*args, **kwargs):
        env = {"RECTRACK_DATA": str(tmp_path / "data"), **kwargs.pop("env", {})}
        return cli("import", *args, env=env, **kwargs)

    return invoke


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_bytes(office_rows(), OFFICE_MERGES))
    return path.name


def test_the_import_report_in_chinese(run, ledger):
    r = run(ledger, "--id", "2024-scjg", "--dry-run", "--lang", "zh")
    assert r.exit_code == 0, r.output
    report = r.stderr.splitlines()
    assert report[0] == "已读取 台账.xlsx（xlsx，工作表 整改台账，表头在第4行）：14行 → 3个方面6项问题"
    for line in [
        "台账.xlsx:整改台账!F8：推断：“2024年6月底”读作当月最后一天 2024-06-30",
        "台账.xlsx:整改台账!C10：推断：按分号拆分为3条整改措施",
        "台账.xlsx:整改台账!G10：推断：“长期坚持”读作正在推进，并作为长期事项（long_term: true）",
        "台账.xlsx:整改台账!F15：推断：数字 45473 按 Excel 日期读作 2024-06-30",
        "台账.xlsx:整改台账!A11：略过：第11行：空行",
        "台账.xlsx:整改台账!A17：略过：第17行：合计行（“合计”）",
        "台账.xlsx:整改台账!F14：说明：“立行立改”：要求立即整改；台账没有给出日期，因此不写整改时限",
        "台账.xlsx:整改台账!A2：说明：从标题行读取的被巡察单位：XX区市场监督管理局",
        "台账.xlsx:整改台账!H15：说明：已完成但没有完成时间：写作 completed_by: 2024-07-05，"
        "即不晚于台账的填报日期（整改台账!A2）完成",
    ]:
        assert line in report, line
    assert report[-1] == "试运行：未写入 data/2024-scjg.yaml"


def test_import_writes_and_says_so_in_the_language_of_the_environment(run, ledger, tmp_path):
    r = run(ledger, "--id", "2024-scjg", env=ZH)
    assert r.exit_code == 0, r.output
    assert stderr_line(r) == ("已写入 data/2024-scjg.yaml：轮次 2024-scjg，3个方面6项问题。"
                              "请用 rectrack validate data/2024-scjg.yaml 检查")
    r = run(ledger, "--id", "2024-scjg", env=ZH)
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == "rectrack: error: data/2024-scjg.yaml 已经存在；如要覆盖，请加上 --force"
    r = run(ledger, "--id", "2024-scjg", "-o", "data/other.yaml", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == "rectrack: error: 轮次编号“2024-scjg”已被 data/2024-scjg.yaml 使用；请用 --id 另取一个"
    r = run(ledger, "--id", "2024-scjg", "-o", "data/other.yaml", "--lang", "en", env=ZH)
    assert stderr_line(r) == ("rectrack: error: round id '2024-scjg' is already used by data/2024-scjg.yaml; "
                              "give another --id")


def test_a_csv_ledger_reports_its_encoding(run, tmp_path):
    (tmp_path / "台账.csv").write_bytes(csv_bytes(office_rows(), "gbk"))
    r = run("台账.csv", "--id", "2024-scjg", "--dry-run", "--lang", "zh")
    assert r.exit_code == 0, r.output
    report = r.stderr.splitlines()
    assert report[0] == "已读取 台账.csv（CSV，GB18030 (GBK) 编码，表头在第4行）：14行 → 3个方面6项问题"
    assert "台账.csv：说明：文本按 GB18030 (GBK) 编码读取" in report


@pytest.mark.parametrize("args, code, zh", [
    (("nowhere.xlsx",), 1, "rectrack: error: nowhere.xlsx：没有这个文件"),
    (("LEDGER", "--id", "x", "-o", "x.txt"), 1, "rectrack: error: x.txt：轮次文件名应以 .yaml 或 .yml 结尾"),
    (("LEDGER",), 1, "rectrack: error: 缺少 --id：台账的标题行中没有写明（只有在终端上运行时才会询问）"),
    (("LEDGER", "--id", "x", "--sheet", "汇总"), 1,
     "rectrack: error: 台账.xlsx：没有名为“汇总”的工作表；现有的工作表：整改台账"),
])
def test_import_refusals(run, ledger, args, code, zh):
    r = run(*(ledger if a == "LEDGER" else a for a in args), "--lang", "zh")
    assert r.exit_code == code and stderr_line(r) == zh, r.output


@pytest.mark.parametrize("data, zh", [
    (b"hello", "台账.xlsx：文件不是 rectrack 能读取的电子表格（.xlsx、.xls、.ods 或 .csv）；内容与文件名 .xlsx 不符"),
    (b"PK\x03\x04broken", "台账.xlsx：文件是损坏的 zip 压缩包，不是可以读取的电子表格"),
    (b"<html><body>export</body></html>",
     "台账.xlsx：文件名是 .xlsx，内容却是网页或 XML 文本，不是工作簿；请用 Excel 或 WPS 打开，另存为 .xlsx 后再导入"),
])
def test_files_that_are_not_spreadsheets(run, tmp_path, data, zh):
    (tmp_path / "台账.xlsx").write_bytes(data)
    r = run("台账.xlsx", "--id", "x", env=ZH)
    assert r.exit_code == 1 and stderr_line(r) == f"rectrack: error: {zh}", r.output


def test_cells_that_cannot_be_imported(run, tmp_path):
    rows = office_rows()
    rows[6][5] = "尽快"  # the first issue's deadline
    rows[6][6] = "待定"  # and its status
    (tmp_path / "台账.xlsx").write_bytes(xlsx_bytes(rows, OFFICE_MERGES))
    r = run("台账.xlsx", "--id", "x", "--lang", "zh")
    assert r.exit_code == 1, r.output
    lines = r.stderr.splitlines()
    assert ("台账.xlsx:整改台账!F7：错误：整改时限：“尽快”不是 rectrack 能识别的日期（请写成 2024-06-30、"
            "2024/6/30、2024.6.30 或 2024年6月30日）") in lines
    assert ("台账.xlsx:整改台账!G7：错误：“待定”不是 rectrack 认识的状态；请用已完成、基本完成、正在推进、"
            "未启动等词，或在 --map 文件的 [statuses] 表中说明") in lines
    assert lines[-1] == "rectrack: error: 台账.xlsx：2个单元格无法导入；没有写入任何内容"
    r = run("台账.xlsx", "--id", "x")
    assert "台账.xlsx:整改台账!F7: error: deadline: '尽快' is not a date rectrack can read" in r.stderr
    assert stderr_line(r) == "rectrack: error: 台账.xlsx: 2 cell(s) cannot be imported; nothing written"


def test_a_bad_map_file(run, ledger, tmp_path):
    (tmp_path / "map.toml").write_text("[statuses]\n'办结' = 'finished'\n", encoding="utf-8")
    r = run(ledger, "--map", "map.toml", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert stderr_line(r) == ("rectrack: error: map.toml：[statuses] 中“办结”对应的状态“finished”无法识别；"
                              "请用未启动、正在推进、基本完成、已完成（或 not_started、in_progress、"
                              "substantially_completed、completed）")
    (tmp_path / "map.toml").write_text("header_row = 0\n", encoding="utf-8")
    r = run(ledger, "--map", "map.toml", env=ZH)
    assert stderr_line(r) == "rectrack: error: map.toml：header_row 必须是行号（第一行为 1）", r.output


@pytest.mark.parametrize("args, zh", [
    (("--kind", "督查"), "“督查”不是轮次类型；请用 inspection（巡察）、audit（审计）或 other（其他）"),
    (("--feedback", "2024-02-30"), "反馈日期“2024-02-30”不是真实存在的日期"),
    (("--as-of", "soon"), "填报日期“soon”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"),
])
def test_import_usage_errors(run, ledger, args, zh):
    r = run(ledger, "--id", "x", *args, "--lang", "zh", env={"COLUMNS": "300"})
    assert r.exit_code == 2, r.output
    assert zh in r.output


# -- the shared options ---------------------------------------------------------------------

@pytest.mark.parametrize("args, zh, en", [
    (("status", "--as-of", "2024/2/30"), ": “2024/2/30”不是真实存在的日期", ": '2024/2/30' is not a real date"),
    (("validate", "--as-of", "soon"), ": “soon”不是日期；请写成 YYYY-MM-DD", ": 'soon' is not a date; write"),
    (("status", "--by", "unit", "--by", "unit"), "--by unit 给了两次", "--by unit is given twice"),
    (("status", "--by", "year", "--by", "unit", "--by", "kind"), "最多按两级分组，例如 --by year --by unit",
     "group by at most two keys"),
    (("validate", "-q", "-v"), "--quiet 和 --verbose 只能用其一", "use --quiet or --verbose, not both"),
])
def test_usage_errors_of_the_shared_options(cli, here, args, zh, en):
    r = cli(*args, env={**ZH, "COLUMNS": "300"})
    assert r.exit_code == 2 and zh in r.output, r.output
    r = cli(*args, env={"COLUMNS": "300"})
    assert r.exit_code == 2 and en in r.output, r.output


def test_validate_takes_the_dates_every_other_as_of_takes(cli, here):
    r = cli("validate", "--as-of", "2024年3月1日", "--fail-on", "overdue")
    assert r.exit_code == 0, r.output
    r = cli("validate", "--as-of", "2024/3/2", "--fail-on", "overdue")
    assert r.exit_code == 1 and "1 overdue on 2024-03-02" in r.stderr, r.output


def test_an_unknown_rectrack_lang_is_said_in_the_configured_language(cli, here):
    (here / "rectrack.toml").write_text('lang = "zh"\n', encoding="utf-8")
    r = cli("validate", env={"RECTRACK_LANG": "fr"})
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0] == "rectrack: warning: RECTRACK_LANG=fr 不是 rectrack 支持的语言（zh、en），已忽略"
    assert r.stderr.splitlines()[1] == "1个文件，未发现问题。"


def test_validate_verbose_lists_every_file_in_the_language_asked_for(cli, here):
    (here / "data" / "r2.yaml").write_text(MINIMAL.replace("id: r1", "id: r2").replace("id: A1-2", "id: A1-1"),
                                           encoding="utf-8")
    r = cli("validate", "-v", "--lang", "zh", "--fail-on", "overdue", "--as-of", "2024-03-02")
    assert r.exit_code == 1, r.output
    assert "data/r1.yaml：没有问题（轮次 r1，2项问题，其中1项逾期）" in r.stderr.splitlines()
    assert "data/r2.yaml：1个错误，0个警告" in r.stderr.splitlines()
    r = cli("validate", "-v", "--lang", "en")
    assert "data/r1.yaml: ok (round r1, 2 issues)" in r.stderr.splitlines()
    assert "data/r2.yaml: 1 error(s), 0 warning(s)" in r.stderr.splitlines()


def test_status_says_the_problems_of_the_files_it_left_out_in_chinese(cli, here):
    (here / "data" / "r1.yaml").write_text(MINIMAL.replace("status: completed", "status: 完成了"), encoding="utf-8")
    for _ in range(2):  # the second run's figures and errors come from the cache
        r = cli("status", "--lang", "zh")
        assert r.exit_code == 1, r.output
        assert "data/r1.yaml:13:17: error: 状态“完成了”无法识别，是否应为“已完成”？" in r.stderr, r.output


# -- the catalog covers every raise site ----------------------------------------------------

SRC = ROOT / "src" / "rectrack"
# Calls that name an entry of ERRORS (by code= or first argument) and of DONE (first argument).
_ERROR_CALLS = {"RectrackError", "EditRefused", "ImportRefused", "GridError"}
_ERROR_FIRST = {"refuse", "usage_error", "bad_option", "said"}
_DONE_FIRST = {"say_done", "reply", "of", "Unreadable"}


def _named(node: ast.Call) -> str | None:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def _constant(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _keys_in_source() -> tuple[set[str], set[str]]:
    errors, done = set(), set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _named(node)
            if name in _ERROR_CALLS:
                errors.update(_constant(k.value) for k in node.keywords if k.arg == "code")
            first = _constant(node.args[0]) if node.args else None
            if name in _ERROR_FIRST and first:
                errors.add(first)
            if name in _DONE_FIRST and first and re.fullmatch(r"[a-z]+(-[a-z]+)*", first):
                done.add(first)
    return errors - {None}, done


def test_every_code_a_raise_site_names_is_in_the_catalog():
    errors, done = _keys_in_source()
    assert len(errors) > 100 and len(done) > 25  # the walk finds them at all
    assert errors - set(ERRORS) == set()
    assert done - set(DONE) - set(REASONS) == set()
    # A limit's error is said again of its key in the config file: config-limit-range for limit-range.
    assert {f"config-{code}" for code in ERRORS if code.startswith("limit-") and code != "limit-env"} <= set(ERRORS)


@pytest.mark.parametrize("table, said", [
    ('lang = "zh"\nfoo = 1\n', "rectrack: error: rectrack.toml：未知的键“foo”"),
    ('lang = "cn"\n[overdue]\ngrace_days = -1\n', "rectrack: error: rectrack.toml："),
    ('lang = "fr"\nfoo = 1\n', "rectrack: error: rectrack.toml: unknown key 'foo'"),  # a lang rectrack lacks
])
def test_a_refused_config_file_is_reported_in_the_lang_it_writes(cli, here, table, said):
    (here / "rectrack.toml").write_text(table, encoding="utf-8")
    r = cli("status", env={"RECTRACK_LANG": None, "LANG": "C", "LC_ALL": None, "LC_MESSAGES": None})
    assert r.exit_code == 1 and said in r.output, r.output
    if "zh" in table or "cn" in table:
        assert not any(word in r.output for word in ("unknown key", "must be")), r.output
