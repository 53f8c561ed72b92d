"""A ledger that cannot be bent quietly: completion against history, dates ahead of time, evidence, deadlines moved."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL
from rectrack.cli import _app, app
from rectrack.loader import load_text

runner = CliRunner()

HISTORY = MINIMAL.replace(
    "        completed_on: 2024-02-01\n",
    "        completed_on: 2024-02-05\n"
    "        history:\n"
    "          - {date: 2024-01-20, status: in_progress}\n"
    "          - {date: 2024-02-01, status: completed, note: 完成}\n")


def validate(path, *args):
    return runner.invoke(app, ["validate", "--no-cache", "--lang", "en", *args, str(path)])


def test_completed_on_disagreeing_with_history_is_a_warning_at_completed_on():
    _, problems = load_text(HISTORY, "t.yaml")
    assert [(p.line, p.column, p.code, p.level.value) for p in problems] == [
        (14, 23, "completed-on-history", "warning")]
    assert problems[0].message == ("completed_on 2024-02-05 is later than the history's entry of 2024-02-01 "
                                   "that completed issue 'A1-1'")
    _, problems = load_text(HISTORY.replace("completed_on: 2024-02-05", "completed_on: 2024-02-01"), "t.yaml")
    assert problems == []


def test_a_later_held_review_does_not_move_the_completion():
    text = HISTORY.replace("completed_on: 2024-02-05", "completed_on: 2024-02-01").replace(
        "note: 完成}\n", "note: 完成}\n          - {date: 2024-08-01, status: completed, review: held}\n")
    _, problems = load_text(text, "t.yaml")
    assert problems == []


def test_completion_in_the_future_is_an_error_and_a_history_entry_a_warning(write_round):
    path = write_round(HISTORY.replace("completed_on: 2024-02-05", "completed_on: 2099-02-01").replace(
        "{date: 2024-02-01, status: completed", "{date: 2099-02-01, status: completed"))
    r = validate(path)
    assert r.exit_code == 1, r.output
    assert f"{path}:14:23: error: completed_on 2099-02-01 of issue 'A1-1' is after {dt.date.today()}" in r.output
    assert f"{path}:17:20: warning: history entry dated 2099-02-01 is after {dt.date.today()}" in r.output
    # the day is --as-of when given: on 2100-01-01 nothing lies ahead
    r = validate(path, "--as-of", "2100-01-01")
    assert r.exit_code == 0, r.output


def test_as_of_before_a_completion_makes_it_an_error(write_round):
    path = write_round(MINIMAL)
    r = validate(path, "--as-of", "2024-01-31")
    assert r.exit_code == 1, r.output
    assert "completed_on 2024-02-01 of issue 'A1-1' is after 2024-01-31" in r.output


def test_a_cached_round_is_checked_against_the_day_too(write_round, monkeypatch, tmp_path):
    monkeypatch.setenv("RECTRACK_CACHE", str(tmp_path / "cache"))
    path = write_round(MINIMAL)
    for _ in range(2):  # the second run reads the cache
        r = runner.invoke(app, ["validate", "--lang", "en", "--as-of", "2024-01-31", str(path)])
        assert r.exit_code == 1 and "[completed-on-future]" in r.output, r.output


def test_missing_evidence_file_is_a_warning_with_its_line_urls_are_left_alone(write_round, tmp_path):
    (tmp_path / "minutes.pdf").write_text("x", encoding="utf-8")
    path = write_round(MINIMAL.replace(
        "        completed_on: 2024-02-01\n",
        "        completed_on: 2024-02-01\n        evidence:\n          - minutes.pdf\n"
        "          - https://example.org/scan\n          - scans/a.jpg\n"))
    r = validate(path)
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"{path}:18:13: warning: evidence 'scans/a.jpg' is not there "
                               f"(looked for {tmp_path / 'scans' / 'a.jpg'}) [evidence-not-found]\n"), r.output
    assert r.output.count("evidence-not-found") == 1


def test_evidence_described_in_words_names_no_file_to_look_for(write_round):
    # Most ledgers describe their 佐证材料 rather than name a file: nothing to look for on disk.
    path = write_round(MINIMAL.replace(
        "        completed_on: 2024-02-01\n",
        "        completed_on: 2024-02-01\n        evidence:\n          - 会议纪要\n"
        "          - 《中关村街道财务管理制度（试行）》\n          - 培训签到表 2024.3\n          - 纪要/第3次.docx\n"))
    r = validate(path)
    assert r.exit_code == 0, r.output
    assert r.output.count("evidence-not-found") == 1 and "'纪要/第3次.docx' is not there" in r.output


def test_evidence_root_and_required_evidence_from_the_config(write_round, tmp_path, monkeypatch):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.jpg").write_text("x", encoding="utf-8")
    (tmp_path / "rectrack.toml").write_text('evidence_root = "files"\n\n[checks]\nevidence = "required"\n',
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    path = write_round(MINIMAL.replace("      - id: A1-2\n", "        evidence: [a.jpg]\n      - id: A1-2\n")
                       .replace("status: in_progress", "status: completed\n        completed_on: 2024-02-02"))
    r = validate(path.name)
    assert r.exit_code == 0, r.output
    assert r.output == "round.yaml:18:17: warning: issue 'A1-2' is completed but has no evidence (佐证材料) " \
                       "[evidence-required]\n1 file(s): 0 error(s), 1 warning(s)\n"
    (tmp_path / "rectrack.toml").write_text('[checks]\nevidence = "always"\n', encoding="utf-8")
    r = validate(path.name)
    assert r.exit_code == 1 and "'checks.evidence' must be \"required\" or \"optional\"" in r.output


def test_update_with_a_date_more_than_a_year_away_needs_yes(tmp_path, monkeypatch):
    monkeypatch.setattr(_app, "today", lambda: dt.date(2024, 6, 1))
    from rectrack.cli import edit as edit_cli

    monkeypatch.setattr(edit_cli, "today", lambda: dt.date(2024, 6, 1))
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    before = path.read_bytes()
    r = runner.invoke(app, ["update", "A1-2", "--note", "x", "--date", "2025年6月2日", "--data", str(tmp_path / "data")])
    assert r.exit_code == 1, r.output
    assert "--date 2025-06-02 is more than a year from today (2024-06-01)" in r.output
    assert path.read_bytes() == before
    r = runner.invoke(app, ["update", "A1-2", "--note", "x", "--date", "2025-05-30", "--data", str(tmp_path / "data")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["update", "A1-2", "--note", "y", "--date", "2025-06-02", "--yes",
                            "--data", str(tmp_path / "data")])
    assert r.exit_code == 0, r.output


# -- deadlines moved since a git revision --------------------------------------------------

def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def committed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "ledger")
    return path


def test_a_deadline_moved_by_hand_is_an_error_naming_both_dates(committed):
    committed.write_text(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-06-30"), encoding="utf-8")
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "HEAD", "--lang", "en", "--format", "json"])
    assert r.exit_code == 1, r.output
    (record,) = json.loads(r.stdout)
    assert (record["file"], record["line"], record["column"], record["code"], record["severity"]) == \
        (os.path.join("data", "r.yaml"), 18, 19, "deadline-moved", "error")
    assert "the deadline 2024-03-01 of issue 'A1-2' moved to 2024-06-30 since HEAD" in record["message"]
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "HEAD", "--lang", "zh"])
    assert "问题“A1-2”的整改时限自 HEAD 以来由 2024-03-01 改为 2024-06-30，但没有延期记录" in r.output


def test_a_deadline_moved_with_an_extension_record_passes(committed):
    r = runner.invoke(app, ["update", "A1-2", "--extend-to", "2024-06-30", "--reason", "需协调",
                            "--approved-by", "街道工委", "--date", "2024-02-20", "--yes"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "HEAD", "--lang", "en"])
    assert r.exit_code == 0, r.output


def test_a_deadline_moved_earlier_or_removed(committed):
    committed.write_text(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-02-15"), encoding="utf-8")
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "HEAD", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "warning: the deadline 2024-03-01 of issue 'A1-2' moved earlier to 2024-02-15" in r.output
    committed.write_text(MINIMAL.replace("        deadline: 2024-03-01\n", ""), encoding="utf-8")
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "HEAD", "--lang", "en"])
    assert r.exit_code == 1, r.output
    assert "error: the deadline 2024-03-01 of issue 'A1-2' was removed since HEAD" in r.output


def test_against_an_unknown_revision_stops(committed):
    r = runner.invoke(app, ["validate", "--no-cache", "--against", "v9.9", "--lang", "en"])
    assert r.exit_code == 1
    assert "unknown revision 'v9.9'" in r.output


def test_against_head_outside_a_repository_says_so_instead_of_passing(cli, tmp_path, monkeypatch):
    from conftest import MINIMAL

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # not inside any repository above
    r = cli("validate", "data", "--against", "HEAD", env={"RECTRACK_DATA": None})
    assert r.exit_code == 1, r.output
    assert "data: not inside a git repository, so there is no history to compare with" in r.output


def test_diff_lists_deadline_changes_and_marks_the_unapproved(committed):
    committed.write_text(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-06-30"), encoding="utf-8")
    r = runner.invoke(app, ["diff", "HEAD", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["deadlines"] == [{"round": "r1", "issue": "A1-2", "title": "问题二",
                                                  "from": "2024-03-01", "to": "2024-06-30", "approved": False}]
    r = runner.invoke(app, ["diff", "HEAD", "--lang", "zh"], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert "整改时限变化（1）" in r.output and "⚠ 无延期记录" in r.output
    committed.write_text(MINIMAL, encoding="utf-8")
    r = runner.invoke(app, ["update", "A1-2", "--extend-to", "2024-06-30", "--reason", "需协调",
                            "--approved-by", "街道工委", "--date", "2024-02-20", "--yes"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["diff", "HEAD", "--lang", "en"], env={"COLUMNS": "100"})
    assert "Deadlines changed (1)" in r.output and "extension recorded" in r.output and "⚠" not in r.output


def test_update_says_its_warnings_in_the_chosen_language(committed):
    r = runner.invoke(app, ["update", "A1-2", "--status", "completed", "--date", "2024-01-05", "--yes", "--lang", "zh"])
    assert r.exit_code == 0, r.output
    assert "data/r.yaml:19:23: warning: 完成时间 2024-01-05 早于反馈日期 2024-01-10 [date-before-feedback]" \
        in r.output.replace("\\", "/")


def test_refusals_and_lookups_speak_the_chosen_language(committed):
    r = runner.invoke(app, ["update", "A9-9", "--note", "x", "--lang", "zh"])
    assert r.exit_code == 1
    assert "rectrack: error: 在 data 中没有找到问题“A9-9”" in r.output, r.output
    r = runner.invoke(app, ["update", "A1-1", "--note", "x", "--lang", "zh"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["update", "A1-2", "--note", "x", "--date", "2030-01-01", "--lang", "zh"])
    assert r.exit_code == 1
    assert "--date 2030-01-01 距今天" in r.output and "超过一年；如果确实是这一天，请加上 --yes 再运行一次" in r.output
    committed.write_text(MINIMAL.replace("status: in_progress", "status: doing"), encoding="utf-8")
    r = runner.invoke(app, ["update", "A1-1", "--note", "y", "--lang", "zh"])
    assert r.exit_code == 1
    assert "rectrack: error: data/r.yaml 已经有错误，rectrack 不会修改它；请先改正" in r.output.replace("\\", "/"), r.output
    assert "状态“doing”无法识别，是否应为“in_progress”？" in r.output


def test_stopping_errors_of_lookups_and_paths_come_in_chinese(cli, tmp_path):
    from conftest import MINIMAL

    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    env = {"RECTRACK_LANG": "zh"}
    r = cli("status", str(tmp_path / "nowhere"), env=env)
    assert r.exit_code == 1 and f"rectrack: error: {tmp_path / 'nowhere'}：没有这个文件或文件夹" in r.output, r.output
    r = cli("show", "A1-1!", "--data", str(tmp_path), "--lang", "zh")
    assert r.exit_code == 1 and "“A1-1!”不是问题编号；请写成 A2-3 或“轮次编号/A2-3”" in r.output, r.output
    r = cli("show", "r9/A1-1", "--data", str(tmp_path), "--lang", "zh")
    assert r.exit_code == 1 and "中没有找到轮次“r9”，是否应为 r1？" in r.output, r.output
