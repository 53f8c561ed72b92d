"""Issues raised after the feedback: not counted before their `raised` date, written by `add`."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from conftest import MINIMAL, SHIPPED, assert_problems

from rectrack.loader import load_text
from rectrack.timeline import round_as_of

LATER = MINIMAL + """\
  - id: A2
    title: 回头看发现
    issues:
      - id: A2-1
        title: 新问题
        status: in_progress
        raised: 2024-06-01
"""


def test_an_issue_is_left_out_before_it_was_raised():
    model, problems = load_text(LATER)
    assert problems == []
    before = round_as_of(model, dt.date(2024, 5, 31))
    assert [a.id for a in before.aspects] == ["A1"]
    assert [i.id for _, i in before.issues()] == ["A1-1", "A1-2"]
    on_the_day = round_as_of(model, dt.date(2024, 6, 1))
    assert [i.id for _, i in on_the_day.issues()] == ["A1-1", "A1-2", "A2-1"]


def test_a_notice_before_the_raised_date_does_not_count_it():
    text = LATER.replace("  feedback: 2024-01-10\n",
                         "  feedback: 2024-01-10\n  notices:\n    - {date: 2024-03-01, aspects: 1, issues: 2}\n")
    model, problems = load_text(text)
    assert problems == [] and model is not None


def test_raised_before_feedback_is_a_warning():
    problems = assert_problems(LATER.replace("raised: 2024-06-01", "raised: 2023-06-01"),
                               [(25, 17, "date-before-feedback")])
    assert "raised 2023-06-01 is before the feedback date 2024-01-10" in problems[0].message


def test_add_after_feedback_records_raised_and_keeps_the_notice_valid(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SHIPPED, data / "issues.yaml")
    r = cli("add", "--aspect", "A2", "--title", "回头看发现:便民网点管理不规范", "--date", "2024-09-01",
            env={"RECTRACK_DATA": str(data)})
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "A2-3"
    text = (data / "issues.yaml").read_text(encoding="utf-8")
    assert "      - id: A2-3\n        title: 回头看发现:便民网点管理不规范\n        status: not_started\n" \
           "        raised: 2024-09-01\n" in text
    r = cli("validate", env={"RECTRACK_DATA": str(data)})
    assert r.exit_code == 0, r.output
    then = json.loads(cli("status", "--json", "--as-of", "2024-03-29", env={"RECTRACK_DATA": str(data)}).output)
    now = json.loads(cli("status", "--json", "--as-of", "2024-09-01", env={"RECTRACK_DATA": str(data)}).output)
    assert (then["totals"]["issues"], now["totals"]["issues"]) == (31, 32)


def test_add_on_the_feedback_day_writes_no_raised(cli, write_round, tmp_path):
    path = write_round(MINIMAL)
    r = cli("add", "--aspect", "A1", "--title", "反馈当天登记", "--date", "2024-01-10",
            env={"RECTRACK_DATA": str(tmp_path)})
    assert r.exit_code == 0, r.output
    assert "raised" not in path.read_text(encoding="utf-8")


def test_add_without_a_date_records_today_only_once_figures_were_published(cli, write_round, tmp_path, monkeypatch):
    from rectrack.cli import _app

    monkeypatch.setattr(_app, "today", lambda: __import__("datetime").date(2025, 11, 25))
    # Typing in an old round after the fact: the issue belongs to the feedback, so no `raised`,
    # and its old deadline is no "deadline before raised" warning.
    path = write_round(MINIMAL)
    r = cli("add", "--aspect", "A1", "--title", "补录的问题", "--deadline", "2024-03-01",
            env={"RECTRACK_DATA": str(tmp_path)})
    assert r.exit_code == 0 and "warning" not in r.stderr, r.output
    assert "raised" not in path.read_text(encoding="utf-8")
    # Once a notice has published figures, a new issue must not count in it: today is recorded.
    published = MINIMAL.replace("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  notices:\n"
                                "    - date: 2024-02-15\n      aspects: 1\n      issues: 2\n"
                                "      completed: 1\n      in_progress: 1\n")
    # A notice date as the model reads it (2024-2-15 is a date too), or undated declared figures.
    for figures in (published, published.replace("date: 2024-02-15", "date: 2024-2-15"),
                    MINIMAL.replace("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  declared:\n"
                                    "    aspects: 1\n")):
        path = write_round(figures)
        assert cli("validate", str(path)).exit_code == 0
        r = cli("add", "--aspect", "A1", "--title", "通报后发现的问题", env={"RECTRACK_DATA": str(tmp_path)})
        assert r.exit_code == 0, r.output
        assert "        raised: 2025-11-25\n" in path.read_text(encoding="utf-8")


def test_deadline_before_raised_is_a_warning():
    problems = assert_problems(LATER.replace("raised: 2024-06-01", "raised: 2024-06-01\n        deadline: 2024-05-01"),
                               [(26, 19, "date-before-raised")])
    assert "overdue from its first day" in problems[0].message


def test_history_before_feedback_or_raised_is_a_warning():
    text = MINIMAL + "        history:\n          - {date: 2023-12-01, status: in_progress, note: 早}\n"
    assert [(p.line, p.code) for p in load_text(text)[1]] == [(20, "history-before-start")]
    text = LATER + "        history:\n          - {date: 2024-05-01, status: in_progress, note: 早}\n"
    problems = load_text(text)[1]
    assert [(p.line, p.code) for p in problems] == [(27, "history-before-start")]
    assert "before the issue was raised (2024-06-01)" in problems[0].message


def test_a_round_id_shared_by_two_files_gets_advice_that_can_be_followed(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SHIPPED, data / "a.yaml")
    shutil.copy(SHIPPED, data / "b.yaml")
    r = cli("show", "hd-2023-r6-zgc/A4-1", env={"RECTRACK_DATA": str(data)})
    assert r.exit_code == 1, r.output
    assert "2 files whose rounds share an id" in r.output and "give each round its own id" in r.output
