"""The editing commands end to end: init, add, update, show, list, log, and their completion."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import GOLDEN, ROOT, assert_golden

SHIPPED = ROOT / "data" / "issues.yaml"
EDIT_CASES = sorted(p.name for p in (GOLDEN / "edit").iterdir() if p.is_dir())
PROGRESS = GOLDEN / "edit" / "update-complete" / "before.yaml"
COMMANDS = ["init", "add", "update", "show", "list", "log"]


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder holding a copy of a small round with history, as the current folder's ./data."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PROGRESS, folder / "round.yaml")
    monkeypatch.chdir(tmp_path)
    return folder


def run_in(cli, folder):
    return lambda *args, **kw: cli(*args, "--data", os.path.relpath(folder), **kw)


@pytest.mark.parametrize("case", EDIT_CASES)
def test_each_edit_gives_the_golden_file(cli, tmp_path, monkeypatch, case):
    source = GOLDEN / "edit" / case
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    if (source / "before.yaml").exists():
        shutil.copy(source / "before.yaml", folder / "round.yaml")
    args = shlex.split((source / "args.txt").read_text(encoding="utf-8").replace("{data}", "data"))
    r = cli(*args, "--data", "data")
    assert r.exit_code == 0, r.output
    (written,) = sorted(folder.iterdir())
    assert_golden(f"edit/{case}/after.yaml", written.read_text(encoding="utf-8"))
    assert_golden(f"edit/{case}/output.txt", r.output)


# -- update ---------------------------------------------------------------------------------------

def test_update_refuses_bad_input_with_a_message_and_leaves_the_file_alone(cli, data):
    run = run_in(cli, data)
    before = (data / "round.yaml").read_bytes()
    for args, code, message in [
        (("update", "A9-9", "--note", "x"), 1, "no issue 'A9-9' in data; did you mean"),
        # a bad option value is a usage error (exit 2), with the word meant when there is one
        (("update", "A1-1", "--status", "finished"), 2, "unknown status 'finished'; did you mean 'completed'? use one of"),
        (("update", "A1-1", "--status", "xyz"), 2, "unknown status 'xyz'; use one of"),
        (("update", "A1-1", "--note", "x", "--date", "2024-02-30", "--yes"), 2, "date '2024-02-30' is not a real date"),
        (("update", "A1-1", "--deadline", "next week"), 2, "deadline 'next week' is not a date"),
        (("update", "A1-1", "--status", "completed", "--date", "2024-01-15", "--yes"), 1,
         "history entry dated 2024-01-15"),
        (("update", "A1-1"), 2, "nothing to update"),
        (("update", "A1-1", "--by", "张三"), 2, "nothing to update"),
    ]:
        r = run(*args)
        assert r.exit_code == code, r.output
        assert message in r.output
    assert (data / "round.yaml").read_bytes() == before


def test_update_accepts_chinese_statuses_and_reports_what_changed(cli, data):
    r = run_in(cli, data)("update", "A2-1", "--status", "正在推进", "--date", "2024-05-06", "--yes", "--by", "张三")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr == ("updated g-2024/A2-1 in data/round.yaml: status not_started → in_progress; "
                        "history + 1 entry\n")
    assert "            status: in_progress\n            from: not_started\n            by: 张三\n" in (
        data / "round.yaml").read_text(encoding="utf-8")


def test_what_an_edit_did_is_said_in_chinese_with_lang_zh(cli, data):
    run = run_in(cli, data)
    r = run("update", "A2-1", "--status", "已完成", "--date", "2024-05-06", "--yes", "--owner", "党建办",
            "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.stderr == ("已更新 g-2024/A2-1（data/round.yaml）：整改状态由“未启动”改为“已完成”；完成时间2024-05-06；"
                        "责任部门调整为党建办；新增进展记录1条\n")
    r = run("update", "A2-1", "--owner", "党建办", "--lang", "zh")
    assert r.exit_code == 0 and r.stderr == "g-2024/A2-1 无需修改，未写入 data/round.yaml\n", r.output


def test_update_dry_run_prints_the_diff_and_writes_nothing(cli, data):
    before = (data / "round.yaml").read_bytes()
    r = run_in(cli, data)("update", "A1-1", "--owner", "二处", "--dry-run", "--date", "2024-05-06", "--yes")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("--- a/data/round.yaml\n+++ b/data/round.yaml\n")
    assert "-        owner: 科技办\n+        owner: 二处\n" in r.stdout
    assert "dry run: data/round.yaml not written" in r.stderr
    assert (data / "round.yaml").read_bytes() == before


def test_a_note_and_a_later_issue_on_the_shipped_round_keep_its_notice_valid(cli, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SHIPPED, folder / "issues.yaml")
    monkeypatch.chdir(tmp_path)
    run = run_in(cli, folder)
    r = run("update", "hd-2023-r6-zgc/A1-1", "--note", "回头看: 专家库运行正常", "--date", "2024-05-06", "--yes")
    assert r.exit_code == 0, r.output
    assert cli("validate", "data").exit_code == 0
    # Raised after the notice of 2024-03-29, the new issue does not change its figures.
    r = run("add", "--aspect", "A2", "--title", "新问题", "--date", "2024-05-06")
    assert r.exit_code == 0, r.output
    assert "        raised: 2024-05-06\n" in (folder / "issues.yaml").read_text(encoding="utf-8")
    assert cli("validate", "data").exit_code == 0
    # Dated on the notice day itself, it would contradict the notice: refused, nothing written.
    before = (folder / "issues.yaml").read_bytes()
    r = run("add", "--aspect", "A2", "--title", "新问题", "--date", "2024-03-29")
    assert r.exit_code == 1, r.output
    assert "refused: the change would make data/issues.yaml invalid" in r.output
    assert "published notice" in r.output and "[notice-mismatch]" in r.output
    assert (folder / "issues.yaml").read_bytes() == before


# -- add and init -------------------------------------------------------------------------------------

def test_add_prints_only_the_new_id_on_stdout(cli, data):
    r = run_in(cli, data)("add", "--round", "g-2024", "--aspect", "A2", "--title", "问题", "--measure", "措施")
    assert r.exit_code == 0, r.output
    assert r.stdout == "A2-2\n"
    assert "added g-2024/A2-2 in data/round.yaml" in r.stderr


def test_add_needs_an_aspect_and_a_known_round(cli, data):
    run = run_in(cli, data)
    r = run("add", "--title", "问题")
    assert r.exit_code == 1 and "say which aspect with --aspect (aspects: A1, A2)" in r.output
    r = run("add", "--round", "nope", "--aspect", "A1", "--title", "问题")
    assert r.exit_code == 1 and "no round 'nope'" in r.output
    r = run("add", "--aspect", "A1")
    assert r.exit_code == 2 and "--title" in r.output
    r = run("add", "--aspect", "A1", "--title", "x", "--category", "c")
    assert r.exit_code == 2 and "--category goes with --new-aspect" in r.output


def test_init_asks_on_a_terminal_and_refuses_without_one(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("init", "new.yaml", "--title", "标题", "--data", ".")
    assert r.exit_code == 2 and "missing --id, --unit, --feedback" in r.output
    assert not (tmp_path / "new.yaml").exists()
    monkeypatch.setattr("rectrack.cli.edit._interactive", lambda: True)
    r = cli("init", "new.yaml", "--title", "标题", "--data", ".", input="\n某街道\n2024-13-01\n2024-03-01\n")
    assert r.exit_code == 0, r.output
    assert "is not a real date" in r.output
    text = (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert "  id: new\n  title: 标题\n  unit: 某街道\n  kind: inspection\n  feedback: 2024-03-01\n" in text
    r = cli("init", "new.yaml", "--id", "x", "--title", "t", "--unit", "u", "--feedback", "2024-01-01")
    assert r.exit_code == 1 and "already exists" in r.output


# -- show, list, log ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_gives_one_issue_in_full(cli, data, lang):
    run = run_in(cli, data)
    assert run("update", "A1-1", "--evidence", "专家库名单.xlsx", "--note", "专家库扩充\n第二批入库",
               "--date", "2024-04-02", "--yes").exit_code == 0
    r = run("show", "A1-1", "--as-of", "2024-06-20", "--lang", lang)
    assert r.exit_code == 0, r.output
    assert_golden(f"issues/show_{lang}.txt", r.output)


def test_show_counts_days_left_or_over_and_prints_history(cli, data):
    run = run_in(cli, data)
    r = run("show", "A1-1", "--as-of", "2024-06-20")
    assert r.exit_code == 0, r.output
    assert "2024-06-30 (10 days left)" in r.output
    assert "2024-02-01  in progress  已召开专题会议 (李四)" in r.output
    assert "data/round.yaml:12" in r.output
    r = run("show", "A1-1", "--as-of", "2024-07-03")
    assert "2024-06-30 (3 days overdue)" in r.output
    r = run("show", "A1-1", "--as-of", "2024-07-03", "--json")
    record = json.loads(r.stdout)
    assert (record["id"], record["overdue"], record["days_over"], record["line"]) == ("A1-1", True, 3, 12)
    assert record["issue"]["history"] == [{"date": "2024-02-01", "status": "in_progress",
                                           "note": "已召开专题会议", "by": "李四"}]
    assert run("show", "Z1").exit_code == 1


def test_list_filters_and_prints_json_objects(cli):
    r = cli("list", "--json", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    records = json.loads(r.stdout)
    assert len(records) == 31
    assert {"round", "id", "title", "status", "owner", "deadline"} <= set(records[0])
    r = cli("list", "--status", "基本完成", "--json")
    assert [(x["id"], x["status"]) for x in json.loads(r.stdout)] == [
        ("A3-2", "substantially_completed"), ("A5-1", "substantially_completed")]
    r = cli("list", "--aspect", "A1", "--open", "--json")
    assert json.loads(r.stdout) == []
    r = cli("list", "--aspect", "A1", "--json")
    assert [x["id"] for x in json.loads(r.stdout)] == ["A1-1", "A1-2", "A1-3"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_gives_a_table(cli, data, lang):
    r = run_in(cli, data)("list", "--as-of", "2024-07-03", "--lang", lang)
    assert r.exit_code == 0, r.output
    assert_golden(f"issues/list_{lang}.txt", r.output)


def test_list_draws_at_most_its_limit_and_says_how_many_more(cli, monkeypatch):
    from rectrack.cli import edit as edit_cli

    monkeypatch.setattr(edit_cli, "TABLE_LIMIT", 5)  # the default, 100, scaled down to the shipped 31 issues
    r = cli("list", "--as-of", "2024-06-30")
    lines = r.stdout.splitlines()
    assert r.exit_code == 0 and [line.split()[0] for line in lines[2:7]] == ["A1-1", "A1-2", "A1-3", "A2-1", "A2-2"]
    assert [line.rstrip() for line in lines[-2:]] == ["31 issue(s)", "26 more not shown (--limit 0 shows all)."]
    r = cli("list", "--as-of", "2024-06-30", "--limit", "0")
    assert "A10-" in r.stdout and "more not shown" not in r.stdout
    r = cli("list", "--as-of", "2024-06-30", "--limit", "2", "--lang", "zh")
    assert r.stdout.splitlines()[-1] == "另有29项未列出（--limit 0 列出全部）。"
    assert len(json.loads(cli("list", "--json").stdout)) == 31  # JSON: every issue unless asked
    assert [x["id"] for x in json.loads(cli("list", "--json", "--limit", "2").stdout)] == ["A1-1", "A1-2"]


def test_list_columns_follow_every_issue_not_only_those_shown(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SHIPPED, data / "a.yaml")
    (data / "b.yaml").write_text(SHIPPED.read_text(encoding="utf-8").replace("hd-2023-r6-zgc", "second-round"),
                                 encoding="utf-8")
    r = cli("list", str(data), "--limit", "3", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    header = r.stdout.splitlines()[0].split()
    assert header[0] == "Round" and "62 issue(s)" in r.stdout  # 3 rows of one round, the column kept


def test_list_refuses_unknown_filters(cli):
    r = cli("list", "--round", "nope")
    assert r.exit_code == 1 and "no round 'nope'; rounds: hd-2023-r6-zgc" in r.output
    # bad option values are usage errors (exit 2)
    r = cli("list", "--due-before", "soon")
    assert r.exit_code == 2 and "not a date" in r.output
    r = cli("list", "--status", "doing")
    assert r.exit_code == 2 and "unknown status 'doing'; did you mean 'in_progress'?" in r.output


def test_list_overdue_owner_and_due_before(cli, data):
    run = run_in(cli, data)
    r = run("list", "--overdue", "--as-of", "2024-07-01")
    assert r.exit_code == 0, r.output
    assert "A1-1" in r.output and "A2-1" not in r.output and "Days over" in r.output
    assert [x["id"] for x in json.loads(run("list", "--owner", "科技", "--json").stdout)] == ["A1-1"]
    assert [x["id"] for x in json.loads(run("list", "--due-before", "2024-07-01", "--json").stdout)] == ["A1-1"]
    assert json.loads(run("list", "--due-before", "2024-06-30", "--json").stdout) == []


def test_list_folds_long_titles_instead_of_cutting_them(cli):
    r = cli("list", "--aspect", "A6", env={"COLUMNS": "50"})
    assert r.exit_code == 0, r.output
    assert "…" not in r.output
    cells = "".join(line.split()[1] if len(line.split()) > 1 else "" for line in r.output.splitlines())
    assert "加强社区工作者队伍建设" in cells.replace(" ", "") or "…" not in r.output


def test_log_lists_history_newest_first(cli, data):
    run = run_in(cli, data)
    assert run("update", "A1-1", "--note", "五月进展", "--date", "2024-05-06", "--yes").exit_code == 0
    assert run("update", "A2-1", "--status", "in_progress", "--date", "2024-04-01", "--yes").exit_code == 0
    r = run("log", "--json")
    assert [(x["id"], x["date"]) for x in json.loads(r.stdout)] == [
        ("A1-1", "2024-05-06"), ("A2-1", "2024-04-01"), ("A1-1", "2024-02-01")]
    r = run("log", "A1-1", "--since", "2024-03-01", "--json")
    assert [x["note"] for x in json.loads(r.stdout)] == ["五月进展"]
    r = run("log", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output.index("2024-05-06") < r.output.index("2024-04-01") < r.output.index("2024-02-01")
    assert "未启动 → 正在推进" in r.output


def test_list_exits_quietly_when_the_reader_goes_away(tmp_path):
    env = {**os.environ, "RECTRACK_CONFIG": "", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "rectrack", "list", "--json", "--data", str(SHIPPED)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    proc.stdout.close()  # the reader is gone before the first byte is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err


# -- completion ---------------------------------------------------------------------------------------

def complete(cli, line: str, folder) -> list[str]:
    """The words bash is offered for the last word of `line`, the way typer's script asks."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = {"_RECTRACK_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword),
           "RECTRACK_DATA": str(folder), "RECTRACK_CONFIG": None}
    r = CliRunner().invoke(app, [], env=env, prog_name="rectrack")
    assert r.exit_code == 0, r.output
    return r.output.split()


def test_completion_offers_ids_from_the_data(cli, data):
    shutil.copy(ROOT / "tests" / "examples" / "roundtrip" / "chinese-indentless.yaml", data / "zh.yaml")
    # Every id is in both rounds here: each is offered as ROUND/ID, once the round is typed.
    assert complete(cli, "rectrack update A2", data) == []
    assert complete(cli, "rectrack log zh", data) == ["zh-2024/A1-1", "zh-2024/A1-2", "zh-2024/A2-1"]
    assert complete(cli, "rectrack update g-2024/A1", data) == ["g-2024/A1-1", "g-2024/A1-2"]
    from rectrack.cli.complete import complete_issue

    class Context:
        params = {"data": str(data)}

    assert complete_issue(Context(), "")[:2] == [("g-2024/A1-1", "搭建服务平台,推动科研成果转化"),
                                                 ("g-2024/A1-2", "强化沟通交流,提升为企服务标准")]
    assert complete(cli, "rectrack add --round ", data) == ["g-2024", "zh-2024"]
    assert complete(cli, "rectrack add --round zh-2024 --aspect ", data) == ["A1", "A2"]
    assert complete(cli, "rectrack list --owner ", data) == ["科技办"]
    assert {"completed", "已完成", "正在推进"} <= set(complete(cli, "rectrack update A1-1 --status ", data))
    assert complete(cli, "rectrack update A1-1 --status 基本", data) == ["基本完成", "基本完成整改"]
    (data / "zh.yaml").unlink()
    assert complete_issue(Context(), "A2") == [("A2-1", "完善工作机制")]


# -- every command documented ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example_and_a_readme_entry(cli, command):
    r = cli(command, "--help")
    assert r.exit_code == 0, r.output
    assert "Example: rectrack " + command in r.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Editing"):]
    assert f"rectrack {command}" in section
