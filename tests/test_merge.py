"""Merging round files issue by issue: real git repositories, real branches, `git merge` with the driver."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import dedent

from rectrack.cli import app
from rectrack.edit import IssueChange, NewIssue, add_issue, update_issue
from rectrack.gitmerge import install, run_driver, uninstall
from rectrack.loader import load_text
from rectrack.merge import find_conflicts, keep_side, locate_conflicts, merge_sources, resolve_conflicts
from rectrack.model import Status
from rectrack.read import Source
from rectrack.replies import error_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

BASE = dedent("""
    # A ledger two clerks keep on branches.
    version: 1
    round:
      id: r1
      title: 测试轮次
      unit: 测试单位
      inspector: 第一巡察组
      period: {start: 2023-11-01, end: 2023-12-20}
      feedback: 2024-01-10
    aspects:
      - id: A1
        title: 第一方面
        issues:
          - id: A1-1
            title: 问题一
            status: completed  # checked on site
            completed_on: 2024-02-01
          - id: A1-2
            title: 问题二
            status: in_progress
            owner: 办公室
            deadline: 2024-06-30
            evidence:
              - 会议纪要
            history:
              - date: 2024-02-01
                status: in_progress
                note: 开始整改
          - id: A1-3
            title: 问题三
            status: not_started
      - id: A2
        title: 第二方面
        issues:
          - id: A2-1
            title: 问题四
            status: in_progress
            deadline: 2024-05-31
""")
DAY = dt.date(2024, 4, 1)
COMMAND = f'"{Path(sys.executable).as_posix()}" -m rectrack merge-driver %O %A %B %P'


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8")
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {result.stdout}{result.stderr}")
    return result


@pytest.fixture
def git_env(tmp_path, monkeypatch):
    """git with no user or system config of the machine running the tests."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in (("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                        ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(name, value)
    for name in ("RECTRACK_DATA", "RECTRACK_CONFIG", "RECTRACK_LANG"):
        monkeypatch.delenv(name, raising=False)
    return home


class Repo:
    """A repository with one round file on `main`, the driver installed, and helpers for branches."""

    def __init__(self, root: Path, data: bytes) -> None:
        self.root = root
        self.file = root / "data" / "round.yaml"
        self.file.parent.mkdir(parents=True)
        git(root, "init", "-q", "-b", "main")
        self.file.write_bytes(data)
        install(root / "data", command=COMMAND, cwd=root)
        git(root, "add", "-A")
        git(root, "commit", "-qm", "base")

    def branch(self, name: str, *edits) -> None:
        """Apply `edits` (functions of the file's path) on a new branch `name` from main, and commit."""
        git(self.root, "checkout", "-q", "-b", name, "main")
        for edit in edits:
            edit(self.file)
        git(self.root, "commit", "-qam", name)
        git(self.root, "checkout", "-q", "main")

    def on_main(self, *edits) -> None:
        for edit in edits:
            edit(self.file)
        git(self.root, "commit", "-qam", "ours")

    def merge(self, name: str) -> subprocess.CompletedProcess:
        return git(self.root, "merge", "--no-edit", name, check=False)

    def text(self) -> str:
        return self.file.read_bytes().decode("utf-8")


@pytest.fixture
def repo(tmp_path, git_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "repo"
    root.mkdir()
    return Repo(root, BASE.encode("utf-8"))


def note(issue: str, text: str, day: dt.date = DAY, by: str | None = None):
    return lambda path: update_issue(path, issue, IssueChange(note=text, by=by), today=day)


def status(issue: str, new: Status, day: dt.date = DAY):
    return lambda path: update_issue(path, issue, IssueChange(status=new), today=day)


def replace_text(old: str, new: str):
    def edit(path: Path) -> None:
        data = path.read_bytes().decode("utf-8")
        assert old in data, old
        path.write_bytes(data.replace(old, new, 1).encode("utf-8"))
    return edit


def model(text: str):
    round_file, problems = load_text(text, "merged.yaml")
    assert round_file is not None, [str(p) for p in problems]
    return round_file


def issue(text: str, issue_id: str):
    return next(i for _, i in model(text).issues() if i.id == issue_id)


# -- clean merges ---------------------------------------------------------------------------------

def test_concurrent_notes_on_one_issue_are_both_kept_in_date_order(repo):
    repo.branch("theirs", note("A1-2", "乙：补充台账", dt.date(2024, 3, 5), by="李四"))
    repo.on_main(note("A1-2", "甲：召开专题会", dt.date(2024, 3, 20), by="张三"))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "merged issue by issue" in result.stderr
    text = repo.text()
    assert "<<<<<<<" not in text
    notes = [(h.date.isoformat(), h.note) for h in issue(text, "A1-2").history]
    assert notes == [("2024-02-01", "开始整改"), ("2024-03-05", "乙：补充台账"), ("2024-03-20", "甲：召开专题会")]
    # Untouched lines stay as they were, the comment too.
    assert text.startswith("# A ledger two clerks keep on branches.\n")
    assert "    status: completed  # checked on site\n" in text


def test_identical_entries_added_on_both_sides_appear_once(repo):
    same = note("A1-2", "双方都记下的进展", dt.date(2024, 3, 5))
    repo.branch("theirs", same)
    repo.on_main(same, note("A1-3", "甲的另一条"))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    assert repo.text().count("双方都记下的进展") == 1
    assert [h.note for h in issue(repo.text(), "A1-3").history] == ["甲的另一条"]


def test_status_changes_on_different_issues(repo):
    repo.branch("theirs", status("A2-1", Status.COMPLETED))
    repo.on_main(status("A1-3", Status.IN_PROGRESS))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    text = repo.text()
    assert issue(text, "A2-1").status is Status.COMPLETED
    assert issue(text, "A2-1").completed_on == DAY
    assert issue(text, "A1-3").status is Status.IN_PROGRESS
    assert issue(text, "A1-2").status is Status.IN_PROGRESS
    assert load_text(text, "m.yaml")[1] == []


def test_an_added_issue_and_an_added_aspect_on_each_side(repo):
    repo.branch("theirs",
                lambda p: add_issue(p, NewIssue(title="乙加的问题", aspect_id="A1", owner="乙部门")),
                lambda p: add_issue(p, NewIssue(title="乙的新问题", new_aspect="乙的新方面")))
    repo.on_main(lambda p: add_issue(p, NewIssue(title="甲加的问题", aspect_id="A2")),
                 lambda p: add_issue(p, NewIssue(title="甲的新问题", new_aspect="甲的新方面", issue_id="J-1",
                                                 aspect_id="J")))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    merged = model(repo.text())
    layout = [(a.id, [(i.id, i.title) for i in a.issues]) for a in merged.aspects]
    assert layout == [
        ("A1", [("A1-1", "问题一"), ("A1-2", "问题二"), ("A1-3", "问题三"), ("A1-4", "乙加的问题")]),
        ("A2", [("A2-1", "问题四"), ("A2-2", "甲加的问题")]),
        ("J", [("J-1", "甲的新问题")]),
        ("A3", [("A3-1", "乙的新问题")]),
    ]


def test_edits_to_round_metadata(repo):
    repo.branch("theirs", replace_text("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n"),
                replace_text("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  authority: 区委\n"))
    repo.on_main(replace_text("  title: 测试轮次\n", "  title: 测试轮次（修订）\n"),
                 replace_text("{start: 2023-11-01, end: 2023-12-20}", "{start: 2023-11-01, end: 2023-12-22}"))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    merged = model(repo.text()).round
    assert (merged.title, merged.inspector, merged.authority) == ("测试轮次（修订）", "第二巡察组", "区委")
    assert merged.period.end == dt.date(2023, 12, 22)
    assert "  period: {start: 2023-11-01, end: 2023-12-22}\n" in repo.text()


def test_crlf_file_stays_crlf(tmp_path, git_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "crlf"
    root.mkdir()
    repo = Repo(root, BASE.replace("\n", "\r\n").encode("utf-8"))
    repo.branch("theirs", note("A1-2", "乙的进展"), lambda p: add_issue(p, NewIssue(title="新问题", aspect_id="A2")))
    repo.on_main(note("A1-2", "甲的进展"), status("A1-3", Status.IN_PROGRESS))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    data = repo.file.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > BASE.count("\n")
    text = data.decode("utf-8")
    assert [h.note for h in issue(text, "A1-2").history][1:] == ["甲的进展", "乙的进展"]
    assert issue(text, "A2-2").title == "新问题"


def test_bom_file_keeps_its_bom(tmp_path, git_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "bom"
    root.mkdir()
    repo = Repo(root, b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    repo.branch("theirs", note("A2-1", "乙的进展"))
    repo.on_main(note("A1-1", "甲的进展"))
    result = repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    data = repo.file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# A ledger") and data.count(b"\xef\xbb\xbf") == 1
    text = data[3:].decode("utf-8")
    assert issue(text, "A2-1").latest_note == "乙的进展" and issue(text, "A1-1").latest_note == "甲的进展"


# -- conflicts -------------------------------------------------------------------------------------

def test_a_true_conflict_leaves_markers_around_that_field_only(repo):
    repo.branch("theirs", status("A1-2", Status.NOT_STARTED), note("A2-1", "乙的进展"))
    repo.on_main(status("A1-2", Status.SUBSTANTIALLY_COMPLETED), note("A1-1", "甲的进展"))
    result = repo.merge("theirs")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "conflict in issue A1-2, field status" in result.stderr
    assert ("settle it with `rectrack resolve A1-2 --ours` or `--theirs` (add `--field status` to settle "
            "this field alone), then git add data/round.yaml") in result.stderr
    text = repo.text()
    blocks = find_conflicts(text)
    assert len(blocks) == 1
    assert (blocks[0].ours, blocks[0].theirs) == ("        status: substantially_completed\n",
                                                    "        status: not_started\n")
    lines = text.splitlines()
    start = lines.index("<<<<<<< ours")
    assert lines[start - 1] == "        title: 问题二" and lines[start + 4] == ">>>>>>> theirs"
    assert lines[start + 5] == "        owner: 办公室"
    # Everything else merged: both notes, both history entries of A1-2.
    ours_side = model(resolve_conflicts(text, "A1-2", "ours")[0])
    notes = {i.id: [h.note for h in i.history] for _, i in ours_side.issues()}
    assert notes["A1-1"] == ["甲的进展"] and notes["A2-1"] == ["乙的进展"]
    assert len(notes["A1-2"]) == 3


def test_validate_names_each_conflict_with_line_issue_and_field(repo):
    repo.branch("theirs", status("A1-2", Status.NOT_STARTED),
                replace_text("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n"))
    repo.on_main(status("A1-2", Status.COMPLETED),
                 replace_text("  inspector: 第一巡察组\n", "  inspector: 第三巡察组\n"))
    assert repo.merge("theirs").returncode == 1
    lines = repo.text().splitlines()
    first = lines.index("<<<<<<< ours") + 1
    second = lines.index("<<<<<<< ours", first) + 1
    r = CliRunner().invoke(app, ["validate", str(repo.file)])
    assert r.exit_code == 1, r.output
    assert (f"round.yaml:{first}:1: error: unresolved git merge conflict marker '<<<<<<<': conflict in "
            f"field round.inspector (lines {first}-{first + 4}), ours above =======, theirs below; keep one "
            "side with `rectrack resolve round.inspector --ours` or `--theirs`") in r.output
    assert (f"round.yaml:{second}:1: error: unresolved git merge conflict marker '<<<<<<<': conflict in "
            f"issue A1-2, field status (lines {second}-{second + 4})") in r.output
    assert "keep one side with `rectrack resolve A1-2 --ours` or `--theirs`" in r.output
    assert (f"round.yaml:{second + 2}:1: error: unresolved git merge conflict marker '=======' of the conflict "
            f"in issue A1-2, field status that starts on line {second}") in r.output
    r = CliRunner().invoke(app, ["validate", str(repo.file), "--lang", "zh"])
    assert r.exit_code == 1, r.output
    assert (f"round.yaml:{second}:1: error: 有未解决的 git 合并冲突标记“<<<<<<<”：问题 A1-2 的 status 字段有冲突"
            f"（第 {second}-{second + 4} 行），======= 以上是本方（ours），以下是对方（theirs）；可用 "
            "`rectrack resolve A1-2 --ours` 或 `--theirs` 保留一方，或手工改好这几行并删除标记行") in r.output
    assert (f"round.yaml:{second + 2}:1: error: 有未解决的 git 合并冲突标记“=======”，属于从第 {second} 行开始的冲突"
            "（问题 A1-2 的 status 字段）") in r.output


@pytest.mark.parametrize("command", ["status", "list", "export"])
def test_every_command_names_the_conflict_as_validate_does(repo, command):
    repo.branch("theirs", status("A1-2", Status.NOT_STARTED))
    repo.on_main(status("A1-2", Status.COMPLETED))
    assert repo.merge("theirs").returncode == 1
    line = repo.text().splitlines().index("<<<<<<< ours") + 1
    r = CliRunner().invoke(app, [command, str(repo.file), "--lang", "en"])
    assert r.exit_code == 1, r.output
    assert (f"round.yaml:{line}:1: error: unresolved git merge conflict marker '<<<<<<<': conflict in "
            f"issue A1-2, field status (lines {line}-{line + 4})") in r.output, r.output


def test_resolve_settles_one_conflict_at_a_time(repo):
    repo.branch("theirs", status("A1-2", Status.NOT_STARTED),
                replace_text("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n"))
    repo.on_main(status("A1-2", Status.COMPLETED),
                 replace_text("  inspector: 第一巡察组\n", "  inspector: 第三巡察组\n"))
    assert repo.merge("theirs").returncode == 1
    runner = CliRunner()
    r = runner.invoke(app, ["resolve", "A1-2", "--theirs", "--data", str(repo.file)])
    assert r.exit_code == 0, r.output
    assert "kept theirs in issue A1-2, field status" in r.output
    assert "1 conflict(s) left" in r.output and "field round.inspector" in r.output
    r = runner.invoke(app, ["resolve", "A1-2", "--ours", "--data", str(repo.file)])
    assert r.exit_code == 1, r.output
    assert "no merge conflict in 'A1-2'; the conflicts are: " in r.output and "field round.inspector" in r.output
    r = runner.invoke(app, ["resolve", "round.inspector", "--ours", "--data", str(repo.file)])
    assert r.exit_code == 0, r.output
    assert "no conflicts left" in r.output
    merged = model(repo.text())
    assert merged.round.inspector == "第三巡察组"
    assert issue(repo.text(), "A1-2").status is Status.NOT_STARTED
    r = runner.invoke(app, ["resolve", "A1-2", "--ours", "--theirs", "--data", str(repo.file)])
    assert r.exit_code == 2, r.output


def test_removed_on_one_side_and_changed_on_the_other(repo):
    start = BASE.index("      - id: A1-3\n")
    end = BASE.index("  - id: A2\n")
    repo.branch("theirs", replace_text(BASE[start:end], ""))
    repo.on_main(note("A1-3", "甲还在整改"))
    result = repo.merge("theirs")
    assert result.returncode == 1, result.stderr
    blocks = locate_conflicts(repo.text())
    assert [(b.issue, b.field, b.theirs) for b in blocks] == [("A1-3", "", "")]
    assert blocks[0].ours.startswith("      - id: A1-3\n") and "甲还在整改" in blocks[0].ours
    r = CliRunner().invoke(app, ["validate", str(repo.file)])
    assert r.exit_code == 1, r.output
    assert "conflict in issue A1-3 (the whole issue)" in r.output
    r = CliRunner().invoke(app, ["resolve", "A1-3", "--theirs", "--data", str(repo.file)])
    assert r.exit_code == 0, r.output
    assert [i.id for _, i in model(repo.text()).issues()] == ["A1-1", "A1-2", "A2-1"]


def test_a_broken_side_falls_back_to_the_textual_merge(repo):
    repo.branch("theirs", replace_text("      - id: A2-1\n        title: 问题四\n",
                                       "      - id: A2-1\n        title: 问题四\n       bad: indent\n"))
    repo.on_main(replace_text("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n"))
    result = repo.merge("theirs")
    line = BASE.splitlines().index("        title: 问题四") + 2
    assert (f"rectrack: data/round.yaml: not merged issue by issue: the theirs version does not read (line {line}, "
            "column 8: YAML syntax error") in result.stderr
    assert "used git's line-by-line merge instead" in result.stderr
    assert result.returncode == 0, result.stderr
    text = repo.text()
    assert "       bad: indent\n" in text and "  inspector: 第二巡察组\n" in text


def test_a_broken_side_with_overlapping_lines_keeps_both_texts(tmp_path):
    files = {}
    for name, text in (("base", BASE), ("ours", BASE.replace("title: 问题四", "title: 问题四甲")),
                       ("theirs", BASE.replace("title: 问题四", "title: [问题四乙"))):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    outcome = run_driver(files["base"], files["ours"], files["theirs"], "data/round.yaml")
    assert str(outcome.fallback).startswith("the theirs version does not read (line 37, column 15: YAML syntax error")
    assert error_text(outcome.fallback, "zh").startswith("对方（theirs）版本无法读取（第 37 行第 15 列：")
    assert outcome.textual_conflicts == 1 and not outcome.clean
    merged = outcome.data.decode("utf-8")
    assert "title: 问题四甲\n=======\n" in merged and "title: [问题四乙\n>>>>>>> theirs" in merged


# -- installing ------------------------------------------------------------------------------------

def test_install_is_idempotent_and_uninstall_removes_it(tmp_path, git_env, monkeypatch):
    root = tmp_path / "clone"
    (root / "data").mkdir(parents=True)
    git(root, "init", "-q")
    (root / ".gitattributes").write_text("*.png binary\n", encoding="utf-8")
    monkeypatch.chdir(root)
    runner = CliRunner()
    r = runner.invoke(app, ["merge-driver", "install"])
    assert r.exit_code == 0, r.output
    assert "added /data/**/*.yaml merge=rectrack" in r.output
    attributes = (root / ".gitattributes").read_text(encoding="utf-8")
    assert attributes == ("*.png binary\n# rectrack: merge round files issue by issue (rectrack merge-driver "
                          "install)\n/data/**/*.yaml merge=rectrack\n/data/**/*.yml merge=rectrack\n")
    assert git(root, "config", "--local", "merge.rectrack.driver").stdout.strip().endswith(
        "merge-driver %O %A %B %P")
    assert git(root, "check-attr", "merge", "data/sub/x.yaml").stdout.strip() == "data/sub/x.yaml: merge: rectrack"
    r = runner.invoke(app, ["merge-driver", "install"])
    assert r.exit_code == 0, r.output
    assert "nothing to do: the merge driver is already set up here" in r.output
    assert (root / ".gitattributes").read_text(encoding="utf-8") == attributes
    r = runner.invoke(app, ["merge-driver", "uninstall"])
    assert r.exit_code == 0, r.output
    assert (root / ".gitattributes").read_text(encoding="utf-8") == "*.png binary\n"
    assert git(root, "config", "--local", "merge.rectrack.driver", check=False).returncode == 1


def test_install_global_writes_the_users_git_config(tmp_path, git_env, monkeypatch):
    root = tmp_path / "clone"
    (root / "data").mkdir(parents=True)
    git(root, "init", "-q")
    monkeypatch.chdir(root)
    r = CliRunner().invoke(app, ["merge-driver", "install", "--global"])
    assert r.exit_code == 0, r.output
    assert "merge-driver %O %A %B %P" in (git_env / ".gitconfig").read_text(encoding="utf-8")
    assert git(root, "config", "--local", "merge.rectrack.driver", check=False).returncode == 1
    assert (root / ".gitattributes").exists()
    uninstall(root / "data", global_scope=True, cwd=root)
    assert "rectrack" not in (git_env / ".gitconfig").read_text(encoding="utf-8")
    assert not (root / ".gitattributes").exists()


def test_install_outside_a_repository_is_refused(tmp_path, git_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    r = CliRunner().invoke(app, ["merge-driver", "install"])
    assert r.exit_code == 1, r.output
    assert "is not inside a git repository" in r.output
    assert not (tmp_path / ".gitattributes").exists()


def test_merge_driver_needs_four_files_or_a_word():
    r = CliRunner().invoke(app, ["merge-driver", "a", "b"])
    assert r.exit_code == 2, r.output
    assert "BASE OURS THEIRS PATH" in r.output


# -- the property: merging two edit sequences equals applying both ---------------------------------

ISSUES = ("A1-1", "A1-2", "A1-3", "A2-1")
FIELDS = ("status", "owner", "leader", "deadline", "note", "evidence")


def _change(field: str, value: int) -> IssueChange:
    if field == "status":
        return IssueChange(status=list(Status)[value % 4], note=f"状态调整{value}")
    if field == "owner":
        return IssueChange(owner=f"部门{value}")
    if field == "leader":
        return IssueChange(leader=f"领导{value}")
    if field == "deadline":
        return IssueChange(deadline=dt.date(2024, 7, 1) + dt.timedelta(days=value))
    if field == "note":
        return IssueChange(note=f"进展{value}", by=f"记录人{value}")
    return IssueChange(evidence=(f"材料{value}",))


edits = st.lists(st.tuples(st.sampled_from(ISSUES), st.sampled_from(FIELDS), st.integers(0, 50)),
                 max_size=6)


def _apply(path: Path, sequence) -> None:
    for issue_id, field, value in sequence:
        update_issue(path, issue_id, _change(field, value), today=DAY)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ours=edits, theirs=edits)
def test_merging_edits_to_different_fields_equals_applying_both(tmp_path, ours, theirs):
    # Each history entry records the status of its day, so a status change and any
    # other change of the same issue touch one field (the status the entry states).
    taken = {(i, f) for i, f, _ in ours}
    moved = {i for i, f, _ in ours if f == "status"}
    theirs = [(i, f, v) for i, f, v in theirs
              if (i, f) not in taken and i not in moved and (f != "status" or all(i != o for o, _, _ in ours))]
    files = {name: tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs", "both")}
    for path in files.values():
        path.write_text(BASE, encoding="utf-8")
    _apply(files["ours"], ours)
    _apply(files["theirs"], theirs)
    _apply(files["both"], list(ours) + theirs)
    sources = {name: Source(path=p, display=name, text=p.read_text(encoding="utf-8")) for name, p in files.items()}
    result = merge_sources(sources["base"], sources["ours"], sources["theirs"])
    assert result.clean
    assert model(result.text) == model(sources["both"].text)
    # Keys both sides added to one issue may come in another order; nothing else differs.
    assert sorted(result.text.splitlines()) == sorted(sources["both"].text.splitlines())
    assert load_text(result.text, "m.yaml")[1] == load_text(sources["both"].text, "m.yaml")[1]


# -- shapes, in process ----------------------------------------------------------------------------

def _merge(base: str | None, ours: str, theirs: str):
    source = lambda text, name: Source(path=Path(name), display=name, text=text,  # noqa: E731
                                       newline="\r\n" if "\r\n" in text else "\n")
    return merge_sources(source(base, "base") if base is not None else None, source(ours, "ours"),
                         source(theirs, "theirs"))


def test_a_removed_key_goes_and_a_key_removed_by_ours_but_changed_by_theirs_conflicts():
    ours = BASE.replace("        owner: 办公室\n", "").replace("        deadline: 2024-05-31\n", "")
    theirs = BASE.replace("        deadline: 2024-06-30\n", "").replace("deadline: 2024-05-31", "deadline: 2024-06-15")
    result = _merge(BASE, ours, theirs)
    assert [(b.issue, b.field, b.ours, b.theirs) for b in result.conflicts] == [
        ("A2-1", "deadline", "", "        deadline: 2024-06-15\n")]
    merged = model(keep := resolve_conflicts(result.text, "A2-1", "ours")[0])
    a12 = next(i for _, i in merged.issues() if i.id == "A1-2")
    assert (a12.owner, a12.deadline) == (None, None)
    assert "owner" not in keep.split("id: A1-3")[0].split("id: A1-2")[1]


def test_the_same_new_issue_on_both_sides_merges_field_by_field():
    new = "      - id: A2-2\n        title: {title}\n        status: not_started\n        owner: {owner}\n"
    ours = BASE + new.format(title="新问题", owner="甲部门")
    theirs = BASE + new.format(title="新问题", owner="乙部门")
    result = _merge(BASE, ours, theirs)
    assert [(b.issue, b.field) for b in result.conflicts] == [("A2-2", "owner")]
    assert result.text.count("title: 新问题") == 1


def test_a_file_new_on_both_sides_merges_without_a_base():
    ours = BASE.replace("        status: not_started\n", "        status: in_progress\n")
    theirs = BASE.replace("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n")
    result = _merge(None, ours, theirs)
    # Without a base every difference is a change made on both sides.
    assert [b.subject() for b in result.conflicts] == ["field round.inspector", "issue A1-3, field status"]


def test_theirs_indented_differently_is_copied_in_ours_indentation():
    ours = BASE.replace("title: 问题三\n", "title: 问题三改\n")
    theirs = BASE.replace("            note: 开始整改\n", "            note: 开始整改\n          - date: 2024-03-01\n"
                          "            note: |-\n              第一行\n              第二行\n")
    lines = theirs.splitlines()
    top = lines.index("aspects:")
    theirs = "\n".join(lines[: top + 1] + [line[2:] for line in lines[top + 1:]]) + "\n"
    result = _merge(BASE, ours, theirs)
    assert result.clean
    assert result.text == ours.replace("            note: 开始整改\n", "            note: 开始整改\n"
                                       "          - date: 2024-03-01\n            note: |-\n"
                                       "              第一行\n              第二行\n")


def test_a_file_without_a_final_newline():
    base = BASE.rstrip("\n")
    ours = base.replace("title: 问题一", "title: 问题一改")
    theirs = base + "\n      - id: A2-2\n        title: 新\n        status: not_started"
    result = _merge(base, ours, theirs)
    assert result.clean and result.text == ours + "\n      - id: A2-2\n        title: 新\n        status: not_started"


def test_validate_places_a_block_git_wrote_itself(write_round):
    text = BASE.replace("        status: in_progress\n        owner: 办公室\n",
                        "<<<<<<< HEAD\n        status: in_progress\n        owner: 办公室\n=======\n"
                        "        status: substantially_completed\n        owner: 财务科\n>>>>>>> feature\n")
    path = write_round(text, raw=True)
    r = CliRunner().invoke(app, ["validate", str(path)])
    assert r.exit_code == 1, r.output
    line = text.splitlines().index("<<<<<<< HEAD") + 1
    assert (f"round.yaml:{line}:1: error: unresolved git merge conflict marker '<<<<<<<': conflict in issue "
            f"A1-2, fields status and owner (lines {line}-{line + 6})") in r.output
    assert "rectrack resolve A1-2 --ours" in r.output
    r = CliRunner().invoke(app, ["resolve", "A1-2", "--theirs", str(path)])
    assert r.exit_code == 0, r.output
    assert issue(path.read_text(encoding="utf-8"), "A1-2").owner == "财务科"


def test_a_completion_date_conflicts_with_the_status_it_belongs_to():
    ours = BASE.replace("        status: in_progress\n        owner: 办公室\n",
                        "        status: not_started\n        owner: 办公室\n")
    theirs = BASE.replace("        status: in_progress\n        owner: 办公室\n",
                          "        status: completed\n        completed_on: 2024-05-20\n        owner: 办公室\n")
    result = _merge(BASE, ours, theirs)
    # One block: the two fields are settled together.
    assert [(b.subject(), b.ours, b.theirs) for b in result.conflicts] == [
        ("issue A1-2, fields status and completed_on", "        status: not_started\n",
         "        status: completed\n        completed_on: 2024-05-20\n")]
    for side, status in (("ours", Status.NOT_STARTED), ("theirs", Status.COMPLETED)):
        settled = resolve_conflicts(result.text, "A1-2", side)[0]
        assert issue(settled, "A1-2").status is status
        assert [p.code for p in load_text(settled, "m.yaml")[1] if p.code.startswith("completed-on")] == []


FLOW = dedent("""
    version: 1
    round:
      id: r1
      title: t
      unit: u
      feedback: 2024-01-10
    aspects:
    - id: A1
      title: a
      issues:
      - id: A1-1
        title: x
        status: in_progress
        measures: 第一条
        evidence: [甲, 乙]

    - id: A2
      title: b
      issues:
      - {id: A2-1, title: y, status: not_started}
""")


def test_flow_lists_and_items_and_the_files_own_gaps():
    ours = FLOW.replace("evidence: [甲, 乙]", "evidence: [甲, 乙, 丙]").replace("title: b\n", "title: b改\n")
    theirs = FLOW.replace("evidence: [甲, 乙]", "evidence: [甲, \"a, b\"]").replace(
        "measures: 第一条", "measures:\n    - 第一条\n    - 第二条").replace(
        "status: not_started}", "status: in_progress}") + "\n- id: A3\n  title: c\n  issues:\n  - id: A3-1\n" \
        "    title: z\n    status: not_started\n"
    result = _merge(FLOW, ours, theirs)
    assert result.clean
    assert result.text == ours.replace("evidence: [甲, 乙, 丙]", "evidence: [甲, 丙, \"a, b\"]").replace(
        "measures: 第一条", "measures:\n    - 第一条\n    - 第二条").replace(
        "status: not_started}", "status: in_progress}") + "\n- id: A3\n  title: c\n  issues:\n  - id: A3-1\n" \
        "    title: z\n    status: not_started\n"


def test_a_flow_issue_changed_on_both_sides_conflicts_as_a_whole():
    ours = FLOW.replace("status: not_started}", "status: completed, completed_on: 2024-03-01}")
    theirs = FLOW.replace("status: not_started}", "status: in_progress}")
    result = _merge(FLOW, ours, theirs)
    assert [(b.subject(), b.ours, b.theirs) for b in result.conflicts] == [
        ("issue A2-1 (the whole issue)", "  - {id: A2-1, title: y, status: completed, completed_on: 2024-03-01}\n",
         "  - {id: A2-1, title: y, status: in_progress}\n")]


def test_the_shipped_ledger_merges_byte_for_byte_like_the_edits_made_one_after_the_other(tmp_path):
    from conftest import SHIPPED

    paths = {name: tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs", "both")}
    for path in paths.values():
        shutil.copyfile(SHIPPED, path)
    ours = [("A1-1", IssueChange(note="甲：复查专家库运行情况", by="张三")),
            ("A3-2", IssueChange(status=Status.COMPLETED, note="第7家驿站建成"))]
    theirs = [("A5-1", IssueChange(owner="组织部", note="乙：调整责任部门")),
              ("A1-1", IssueChange(evidence=("专家库名单.pdf",)))]
    for name, edits in (("ours", ours), ("theirs", theirs), ("both", ours + theirs)):
        for issue_id, change in edits:
            update_issue(paths[name], issue_id, change, today=dt.date(2024, 5, 6))
    text = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    result = merge_sources(*(Source(path=paths[n], display=n, text=text[n]) for n in ("base", "ours", "theirs")))
    assert result.clean
    assert result.text == text["both"]


# -- random edits against a reference merge of the plain data -----------------------------------

def _line_edit(text: str, rng) -> str:
    """One random hand edit: change a value, drop a key line, add a key, add a history entry, drop an issue."""
    lines = text.split("\n")
    i = rng.randrange(len(lines) - 1)
    line, indent = lines[i], len(lines[i]) - len(lines[i].lstrip())
    op = rng.randrange(5)
    if op == 0 and ": " in line:
        lines[i] = f"{line}改{rng.randrange(9)}" if not line.rstrip().endswith(":") else line
    elif op == 1 and line.strip() and not line.lstrip().startswith("- ") and not line.rstrip().endswith(":"):
        del lines[i]
    elif op == 2 and line.strip().startswith("- id:"):
        j = i + 1
        while j < len(lines) and (len(lines[j]) - len(lines[j].lstrip()) > indent or not lines[j].strip()):
            j += 1
        if j < len(lines) and lines[j].strip():
            del lines[i:j]
    elif op == 3 and ": " in line and not line.lstrip().startswith("- "):
        lines.insert(i + 1, " " * indent + f"leader: 领导{rng.randrange(9)}")
    elif op == 4 and line.strip().startswith("- date:"):
        lines[i:i] = [" " * indent + f"- date: 2024-0{rng.randrange(1, 9)}-01",
                      " " * (indent + 2) + f"note: 新{rng.randrange(9)}"]
    return "\n".join(lines)


def _api_edit(path: Path, rng) -> None:
    from rectrack.problems import RectrackError

    issue_id = rng.choice(ISSUES)
    try:
        choice = rng.randrange(4)
        if choice == 0:
            update_issue(path, issue_id, IssueChange(note=f"进展{rng.randrange(99)}"),
                         today=dt.date(2024, rng.randrange(2, 8), 1))
        elif choice == 1:
            update_issue(path, issue_id, IssueChange(status=rng.choice(list(Status))), today=DAY)
        elif choice == 2:
            add_issue(path, NewIssue(title=f"新问题{rng.randrange(9)}", aspect_id=rng.choice(["A1", "A2"])))
        else:
            update_issue(path, issue_id, IssueChange(evidence=(f"材料{rng.randrange(5)}",)), today=DAY)
    except RectrackError:
        pass  # an edit rectrack refuses (a completed issue reviewed, say) is simply not made


_CONFLICT = object()


def _plain_key(value) -> str:
    import json

    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _reference(o, a, b, path=()):
    """The three-way merge of the plain data: what the text merge must mean; _CONFLICT for a true conflict."""
    absent = "<absent>"
    if _plain_key(a) == _plain_key(b) or _plain_key(b) == _plain_key(o):
        return a
    if _plain_key(a) == _plain_key(o):
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        o = o if isinstance(o, dict) else {}
        merged = {}
        for k in list(a) + [k for k in b if k not in a]:
            value = _reference(o.get(k, absent), a.get(k, absent), b.get(k, absent), path + (k,))
            if value is _CONFLICT:
                return _CONFLICT
            if value != absent:
                merged[k] = value
        return merged
    if isinstance(a, list) and isinstance(b, list):
        o = o if isinstance(o, list) else ([o] if o not in (None, absent) else [])
        if path and path[-1] in ("aspects", "issues"):
            by_id = [{item["id"]: item for item in side} for side in (o, a, b)]
            merged = []
            for item_id in list(by_id[1]) + [i for i in by_id[2] if i not in by_id[1]]:
                value = _reference(*(side.get(item_id, absent) for side in by_id), path + (item_id,))
                if value is _CONFLICT:
                    return _CONFLICT
                if value != absent:
                    merged.append(value)
            return merged
        counts = [Counter(map(_plain_key, side)) for side in (o, a, b)]
        items = {_plain_key(x): x for x in o + a + b}
        merged = []
        for k, item in items.items():
            z, x, y = (c[k] for c in counts)
            merged += [item] * (x if x == y else y if x == z else x if y == z else max(x, y))
        return merged
    return _CONFLICT


def _normal(value, path=()):
    """Plain data with list order left out (placement is the text merge's business, not the reference's)."""
    if isinstance(value, dict):
        return {k: _normal(v, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_normal(v, path) for v in value]
        return sorted(items, key=_plain_key)
    return value


def test_random_edits_merge_as_the_plain_data_merges(tmp_path):
    import random

    import yaml

    from rectrack.merge import Unmergeable
    from rectrack.problems import RectrackError

    outcomes = Counter()
    for seed in range(300):
        rng = random.Random(seed)
        texts = []
        for side in ("ours", "theirs"):
            path = tmp_path / f"{side}.yaml"
            path.write_text(BASE, encoding="utf-8")
            for _ in range(rng.randrange(1, 4)):
                if rng.random() < 0.5:
                    _api_edit(path, rng)
                else:
                    path.write_text(_line_edit(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
            texts.append(path.read_text(encoding="utf-8"))
        try:
            result = _merge(BASE, *texts)
        except (Unmergeable, RectrackError):
            outcomes["a side does not read"] += 1
            assert any(load_text(t, "side.yaml")[0] is None for t in texts), seed
            continue
        expected = _reference(*(yaml.safe_load(t) for t in (BASE, *texts)))
        if result.clean:
            outcomes["clean"] += 1
            assert expected is not _CONFLICT, seed
            assert _plain_key(_normal(yaml.safe_load(result.text))) == _plain_key(_normal(expected)), seed
        else:
            outcomes["conflict"] += 1
            assert expected is _CONFLICT, (seed, [b.subject() for b in result.conflicts])
            for side in ("ours", "theirs"):
                yaml.safe_load(keep_side(result.text, list(result.conflicts), side)[0])
    assert outcomes["clean"] >= 200 and outcomes["conflict"] >= 10 and outcomes["a side does not read"], outcomes
