"""`rectrack diff`: comparing two ledgers, and reading the old one from real commits in a temporary repository."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MINIMAL, dedent

from rectrack.gitdiff import compare_ledgers
from rectrack.loader import load_text
from rectrack.model import Status

# MINIMAL a week later: A1-2 done, a progress note on A1-1, a new issue A1-3.
LATER = MINIMAL.replace(
    "        status: in_progress\n        deadline: 2024-03-01\n",
    "        status: completed\n        completed_on: 2024-02-20\n        deadline: 2024-03-01\n"
    "      - id: A1-3\n        title: 问题三\n        status: not_started\n",
).replace(
    "        completed_on: 2024-02-01\n",
    "        completed_on: 2024-02-01\n        history:\n"
    "          - {date: 2024-02-15, note: 回头看已开展}\n",
)


def model(text: str):
    loaded, problems = load_text(dedent(text))
    assert loaded is not None, "\n".join(map(str, problems))
    return loaded


def test_compare_finds_changes_additions_and_notes():
    diff = compare_ledgers([model(MINIMAL)], [model(LATER)], "HEAD~1")
    assert [(c.round, c.issue, c.before, c.after, c.forward) for c in diff.changes] == [
        ("r1", "A1-2", Status.IN_PROGRESS, Status.COMPLETED, True)]
    assert [(a.issue, a.status) for a in diff.added] == [("A1-3", Status.NOT_STARTED)]
    assert diff.removed == []
    assert [(n.issue, n.entry.note) for n in diff.notes] == [("A1-1", "回头看已开展")]
    assert diff.totals_before["completed"] == 1 and diff.totals_after["completed"] == 2
    assert diff.totals_after["issues"] == 3 and "overdue" not in diff.totals_after


def test_compare_finds_removals_and_regressions():
    diff = compare_ledgers([model(LATER)], [model(MINIMAL)])
    assert [(c.issue, c.before, c.after, c.forward) for c in diff.changes] == [
        ("A1-2", Status.COMPLETED, Status.IN_PROGRESS, False)]
    assert [r.issue for r in diff.removed] == ["A1-3"]
    assert diff.notes == []


def test_identical_ledgers_have_no_differences():
    diff = compare_ledgers([model(MINIMAL)], [model(MINIMAL)])
    assert diff.empty and diff.totals_before == diff.totals_after


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class Repo:
    root: Path
    data: Path
    git: Callable[..., str]
    commit: Callable[[str, str, str], None]


@pytest.fixture
def repo(tmp_path):
    """A git repository with data/a.yaml committed twice (MINIMAL, then LATER) and tagged."""
    root = tmp_path / "repo"
    data = root / "data"
    data.mkdir(parents=True)

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                env={**os.environ, **GIT_ENV}, check=True)
        return result.stdout.strip()

    def commit(name: str, text: str, message: str) -> None:
        (data / name).write_text(dedent(text), encoding="utf-8")
        git("add", "-A")
        git("commit", "-q", "-m", message)

    git("init", "-q")
    commit("a.yaml", MINIMAL, "first week")
    git("tag", "week1")
    commit("a.yaml", LATER, "second week")
    return Repo(root, data, git, commit)


def run_diff(cli, *args, env=None):
    return cli("diff", *args, env={**GIT_ENV, **(env or {})})


def test_diff_json_between_commits(cli, repo):
    r = run_diff(cli, "HEAD~1", repo.data, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["rev"] == "HEAD~1"
    assert data["commit"] == repo.git("rev-parse", "HEAD~1")
    assert data["changes"] == [{"round": "r1", "issue": "A1-2", "title": "问题二",
                                "from": "in_progress", "to": "completed"}]
    assert data["added"] == [{"round": "r1", "issue": "A1-3", "title": "问题三", "status": "not_started"}]
    assert data["removed"] == []
    assert data["notes"] == [{"round": "r1", "issue": "A1-1", "title": "问题一", "date": "2024-02-15",
                              "status": None, "note": "回头看已开展", "by": None}]
    assert data["totals_before"] == {"rounds": 1, "aspects": 1, "issues": 2, "completed": 1,
                                     "substantially_completed": 0, "in_progress": 1, "not_started": 0,
                                     "completion_rate": 0.5}
    assert data["totals_after"]["issues"] == 3 and data["totals_after"]["completed"] == 2


def test_diff_since_a_tag_as_text(cli, repo):
    r = run_diff(cli, "week1", repo.data)
    assert r.exit_code == 0, r.output
    assert "Changes since week1 (" in r.output
    assert "Status changed (1)" in r.output
    line = next(l for l in r.output.splitlines() if "A1-2" in l)
    assert "in progress" in line and "↑" in line and "completed" in line
    assert "Issues added (1)" in r.output and "问题三" in r.output
    assert "New progress notes (1)" in r.output and "回头看已开展" in r.output
    totals = next(l for l in r.output.splitlines() if l.startswith("Completed "))
    assert totals.split() == ["Completed", "1", "2", "+1"]
    rate = next(l for l in r.output.splitlines() if l.startswith("Done %") or "rate" in l.lower())
    assert rate.rstrip().endswith(" pp"), rate  # percentage points, not per cent


def test_uncommitted_edits_and_new_files_count_as_now(cli, repo):
    (repo.data / "a.yaml").write_text(dedent(LATER.replace(
        "      - id: A1-3\n        title: 问题三\n        status: not_started\n", "")), encoding="utf-8")
    (repo.data / "b.yaml").write_text(dedent(MINIMAL.replace("id: r1", "id: r2")), encoding="utf-8")
    data = json.loads(run_diff(cli, "HEAD", repo.data, "--json").output)
    assert [r["issue"] for r in data["removed"]] == ["A1-3"]
    assert [(a["round"], a["issue"]) for a in data["added"]] == [("r2", "A1-1"), ("r2", "A1-2")]
    assert data["totals_before"]["rounds"] == 1 and data["totals_after"]["rounds"] == 2


def test_a_file_unknown_at_rev_counts_as_added(cli, repo):
    path = repo.data / "new.yaml"
    path.write_text(dedent(MINIMAL.replace("id: r1", "id: r9")), encoding="utf-8")
    data = json.loads(run_diff(cli, "HEAD", path, "--json").output)
    assert [(a["round"], a["issue"]) for a in data["added"]] == [("r9", "A1-1"), ("r9", "A1-2")]
    assert data["totals_before"]["issues"] == 0


def test_a_deleted_file_counts_as_removed(cli, repo):
    (repo.data / "a.yaml").unlink()
    (repo.data / "keep.yaml").write_text(dedent(MINIMAL.replace("id: r1", "id: r2")), encoding="utf-8")
    data = json.loads(run_diff(cli, "HEAD", repo.data, "--json").output)
    assert [(r["round"], r["issue"]) for r in data["removed"]] == [("r1", "A1-1"), ("r1", "A1-2"), ("r1", "A1-3")]


def test_no_changes(cli, repo):
    r = run_diff(cli, "HEAD", repo.data)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("No changes to the ledger since HEAD (")


def test_unknown_revision_is_an_error(cli, repo):
    r = run_diff(cli, "no-such-tag", repo.data)
    assert r.exit_code == 1, r.output
    assert "rectrack: error: unknown revision 'no-such-tag'" in r.output
    r = run_diff(cli, "--upload-pack=touch /tmp/x", repo.data)
    assert r.exit_code != 0


def test_a_revision_that_looks_like_an_option_is_refused(cli, repo):
    r = run_diff(cli, "--", "-x", repo.data)
    assert r.exit_code == 1, r.output
    assert "'-x' is not a revision" in r.output


def test_outside_a_repository_is_an_error(cli, write_round, tmp_path):
    path = write_round(MINIMAL)
    r = run_diff(cli, "HEAD", path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert r.exit_code == 1, r.output
    assert "not inside a git repository" in r.output


def test_an_invalid_old_file_is_reported_with_its_revision(cli, repo):
    repo.commit("a.yaml", MINIMAL.replace("status: completed", "status: finished"), "broken")
    repo.commit("a.yaml", MINIMAL, "fixed")
    r = run_diff(cli, "HEAD~1", repo.data)
    assert r.exit_code == 1, r.output
    assert "HEAD~1:" in r.output and "a.yaml:13:17: error: unknown status 'finished'" in r.output
    assert "cannot compare" in r.output


def test_zh_labels(cli, repo):
    r = run_diff(cli, "week1", repo.data, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "自 week1 (" in r.output and "整改状态变化（1）" in r.output and "新增问题（1）" in r.output
