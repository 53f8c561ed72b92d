"""`rectrack update` over time: extensions, look-back reviews, relapses, and the notice that still holds."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SHIPPED


@pytest.fixture
def ledger(tmp_path, cli):
    """A copy of the shipped round, and a runner whose data location is that copy."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "issues.yaml"
    shutil.copyfile(SHIPPED, path)

    def run(*args: str):
        return cli(*args, env={"RECTRACK_DATA": str(folder)})

    run.path = path
    return run


def issue_block(text: str, issue_id: str) -> str:
    start = text.index(f"- id: {issue_id}\n")
    end = text.find("- id: ", start + 1)
    return text[start:end]


def test_ordinary_updates_keep_the_shipped_round_valid_and_its_notice_true(ledger):
    steps = [
        ("update", "A3-2", "--status", "completed", "--note", "第7家驿站建成", "--date", "2024-07-01", "--yes"),
        ("update", "A5-1", "--note", "分批次推进干部配备", "--date", "2024-08-15", "--yes"),
        ("update", "A1-1", "--review", "held", "--note", "回头看: 专家库运行正常", "--date", "2024-09-29", "--yes"),
        ("update", "A1-1", "--review", "relapsed", "--note", "专家库长期未更新", "--date", "2025-03-01", "--yes"),
        ("update", "A2-1", "--status", "in_progress", "--note", "重新整改", "--date", "2025-03-02", "--yes"),
    ]
    assert ledger("validate").exit_code == 0
    for step in steps:
        r = ledger(*step)  # update validates the new text before writing it
        assert r.exit_code == 0, (step, r.output)
    v = ledger("validate")
    assert v.exit_code == 0, v.output
    then = json.loads(ledger("status", "--json", "--as-of", "2024-03-29").output)["totals"]
    assert (then["aspects"], then["issues"], then["completed"], then["substantially_completed"]) == (10, 31, 29, 2)
    now = json.loads(ledger("status", "--json", "--as-of", "2025-03-05").output)["totals"]
    assert (now["completed"], now["substantially_completed"], now["in_progress"]) == (28, 1, 2)
    r = ledger("report", "--as-of", "2024-03-29", "--lang", "zh")
    assert "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项，" in r.output


def test_extend_to_keeps_the_original_deadline_and_records_who_approved(ledger):
    assert ledger("update", "A4-1", "--deadline", "2024-06-30", "--date", "2024-01-05", "--yes").exit_code == 0
    r = ledger("update", "A4-1", "--extend-to", "2024-09-30", "--reason", "需协调市级部门",
               "--approved-by", "街道工委", "--date", "2024-06-20", "--yes")
    assert r.exit_code == 0, r.output
    assert "deadline 2024-06-30 → 2024-09-30 (extension approved by 街道工委)" in r.output
    block = issue_block(ledger.path.read_text(encoding="utf-8"), "A4-1")
    assert ("        deadline: 2024-09-30\n"
            "        extensions:\n"
            "          - date: 2024-06-20\n"
            "            from: 2024-06-30\n"
            "            to: 2024-09-30\n"
            "            reason: 需协调市级部门\n"
            "            approved_by: 街道工委\n") in block
    assert "note: 整改时限由2024-06-30延期至2024-09-30：需协调市级部门" in block
    assert ledger("validate").exit_code == 0
    shown = ledger("show", "A4-1", "--as-of", "2024-10-01", "--lang", "zh").output
    assert "1次，共92天（原整改时限2024-06-30）" in shown and "需协调市级部门（街道工委批准）" in shown
    status = json.loads(ledger("status", "--json", "--as-of", "2024-10-01").output)
    assert status["extensions"]["extended"] == [{"round": "hd-2023-r6-zgc", "id": "A4-1",
                                                 "title": "突出垃圾分类管理,坚决杜绝形式主义",
                                                 "original_deadline": "2024-06-30", "deadline": "2024-09-30",
                                                 "times": 1, "days": 92}]
    csv_text = ledger("export", "--format", "csv", "--lang", "zh").stdout_bytes.decode("utf-8-sig")
    assert "2024-06-20经街道工委批准，由2024-06-30延期至2024-09-30：需协调市级部门" in csv_text


def test_overdue_counts_against_the_extended_deadline(ledger):
    ledger("update", "A3-2", "--deadline", "2024-06-30", "--date", "2024-01-05", "--yes")
    r = ledger("update", "A3-2", "--extend-to", "2024-12-31", "--reason", "驿站选址调整",
               "--approved-by", "街道工委", "--date", "2024-06-25", "--yes")
    assert r.exit_code == 0, r.output
    overdue = lambda day: json.loads(ledger("status", "--json", "--as-of", day).output)["overdue"]  # noqa: E731
    assert [(o["id"], o["deadline"]) for o in overdue("2024-06-24")] == []
    assert overdue("2024-08-01") == []  # the extension holds
    assert [(o["id"], o["deadline"], o["days_over"]) for o in overdue("2025-01-02")] == [
        ("A3-2", "2024-12-31", 2)]


@pytest.mark.parametrize("args, code, message", [
    (("--extend-to", "2024-09-30"), 2, "--extend-to needs --reason and --approved-by"),
    (("--reason", "x"), 2, "--reason and --approved-by go with --extend-to"),
    (("--extend-to", "2024-09-30", "--reason", "x", "--approved-by", "y", "--deadline", "2024-08-01"), 2,
     "either --deadline"),
    (("--extend-to", "2024-09-30", "--reason", "x", "--approved-by", "y"), 1, "has no deadline to extend"),
])
def test_extension_mistakes_are_refused(ledger, args, code, message):
    before = ledger.path.read_bytes()
    r = ledger("update", "A4-1", *args)
    assert r.exit_code == code, r.output
    assert message in r.output
    assert ledger.path.read_bytes() == before


def test_an_extension_must_move_the_deadline_later_and_deadline_cannot_bypass_it(ledger):
    ledger("update", "A4-1", "--deadline", "2024-06-30", "--date", "2024-01-05", "--yes")
    ledger("update", "A4-1", "--extend-to", "2024-09-30", "--reason", "x", "--approved-by", "y",
           "--date", "2024-06-20", "--yes")
    r = ledger("update", "A4-1", "--extend-to", "2024-08-30", "--reason", "x", "--approved-by", "y")
    assert r.exit_code == 1, r.output
    assert "--extend-to 2024-08-30 is not after the current deadline 2024-09-30" in r.output
    r = ledger("update", "A4-1", "--deadline", "2024-12-31")
    assert r.exit_code == 1, r.output
    assert "has approved extensions; move its deadline with --extend-to" in r.output


def test_a_held_review_is_recorded_and_the_review_is_no_longer_due(ledger):
    text = ledger.path.read_text(encoding="utf-8").replace("  feedback: 2023-12-07\n",
                                                           "  feedback: 2023-12-07\n  review_after: 6 months\n")
    ledger.path.write_text(text, encoding="utf-8")
    due = json.loads(ledger("reviews", "--json", "--as-of", "2024-10-01").output)["reviews"]
    assert len(due) == 29 and {r["due"] for r in due} == {"2024-09-29"}
    r = ledger("update", "A1-1", "--review", "巩固", "--note", "回头看: 运行正常", "--date", "2024-09-29", "--yes")
    assert r.exit_code == 0, r.output
    block = issue_block(ledger.path.read_text(encoding="utf-8"), "A1-1")
    assert "review: held\n" in block and "status: completed\n" in block
    due = json.loads(ledger("reviews", "--json", "--as-of", "2024-10-01").output)["reviews"]
    assert len(due) == 28 and "A1-1" not in {r["id"] for r in due}


def test_a_relapse_reopens_the_issue_and_keeps_the_completion_in_history(ledger):
    r = ledger("update", "A1-1", "--review", "relapsed", "--note", "专家库长期未更新", "--date", "2024-10-08", "--yes")
    assert r.exit_code == 0, r.output
    assert "status completed → in_progress" in r.output and "completed_by removed" in r.output
    block = issue_block(ledger.path.read_text(encoding="utf-8"), "A1-1")
    assert "completed_on" not in block and "completed_by" not in block and "        status: in_progress\n" in block
    assert ("        history:\n"
            "          - date: 2024-03-29\n"
            "            status: completed\n"
            "            from: in_progress\n"
            "          - date: 2024-10-08\n"
            "            status: in_progress\n"
            "            from: completed\n"
            "            review: relapsed\n"
            "            note: 专家库长期未更新\n") in block
    assert ledger("validate").exit_code == 0
    out = ledger("status", "--as-of", "2024-10-10").output
    assert "Relapses (1)" in out and "专家库长期未更新" in out
    shown = ledger("show", "A1-1", "--as-of", "2024-06-01").output
    assert "completed" in shown.split("Status", 1)[1].splitlines()[0]


def test_review_mistakes_are_refused(ledger):
    r = ledger("update", "A1-1", "--review", "relapsed")
    assert r.exit_code == 2, r.output
    assert "--review relapsed needs --note" in r.output
    r = ledger("update", "A1-1", "--review", "maybe")
    assert r.exit_code == 2, r.output
    assert "--review must be held (巩固) or relapsed (反弹)" in r.output
    r = ledger("update", "A3-2", "--review", "held")
    assert r.exit_code == 1, r.output
    assert "issue 'A3-2' is substantially_completed, not completed" in r.output
    r = ledger("update", "A1-1", "--review", "relapsed", "--note", "x", "--status", "completed")
    assert r.exit_code == 1, r.output
    assert "its --status cannot be completed" in r.output


def test_list_and_show_as_of_a_day(ledger):
    ledger("update", "A3-2", "--status", "completed", "--note", "第7家驿站建成", "--date", "2024-07-01", "--yes")
    before = json.loads(ledger("list", "--json", "--status", "substantially_completed",
                               "--as-of", "2024-06-30").output)
    assert sorted(r["id"] for r in before) == ["A3-2", "A5-1"]
    after = json.loads(ledger("list", "--json", "--status", "substantially_completed",
                              "--as-of", "2024-07-01").output)
    assert [r["id"] for r in after] == ["A5-1"]
    r = ledger("show", "A3-2", "--as-of", "2024-06-30", "--json")
    assert r.exit_code == 0, r.output
    shown = json.loads(r.output)
    assert shown["status"] == "substantially_completed" and "history" not in shown["issue"]
    r = ledger("show", "A3-2", "--as-of", "2023-06-30")
    assert r.exit_code == 1, r.output
    assert "fed back on 2023-12-07, after 2023-06-30" in r.output
