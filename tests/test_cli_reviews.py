"""`rectrack reviews`, and the follow-up sections of `status` (reviews, relapses, checks, extensions)."""

from __future__ import annotations

import json

from conftest import MINIMAL, ROOT, SHIPPED

EXAMPLE = ROOT / "tests" / "examples" / "time" / "followups.yaml"


def test_reviews_due_today(cli):
    r = cli("reviews", EXAMPLE, "--as-of", "2024-09-30")
    assert r.exit_code == 0, r.output
    assert "Look-back reviews due (2)" in r.output
    lines = r.output.splitlines()
    a14 = next(line for line in lines if line.startswith("A1-4"))
    a11 = next(line for line in lines if line.startswith("A1-1"))
    assert lines.index(a14) < lines.index(a11)  # earliest due first
    assert a14.split() == ["A1-4", "问题四", "2024-04-01", "2024-07-01", "-", "91"]
    assert a11.split() == ["A1-1", "问题一", "办公室", "2024-02-01", "2024-08-01", "-", "60"]
    assert "A1-2" not in r.output and "A1-3" not in r.output


def test_reviews_due_before_looks_ahead(cli):
    r = cli("reviews", EXAMPLE, "--as-of", "2024-07-15", "--due-before", "2024-08-31", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "回头看到期（3）" in r.output
    assert "17天后" in r.output and "31天后" in r.output and "上次回头看" in r.output


def test_reviews_json(cli):
    r = cli("reviews", EXAMPLE, "--as-of", "2024-09-30", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert (data["as_of"], data["due_before"]) == ("2024-09-30", "2024-09-30")
    assert data["reviews"][1] == {"round": "r-time", "id": "A1-1", "title": "问题一", "owner": "办公室",
                                  "completed_on": "2024-02-01", "due": "2024-08-01", "rule": "6 months",
                                  "last_review": None, "days_over": 60}


def test_no_reviews_due_says_so(cli):
    r = cli("reviews", SHIPPED, "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "No look-back reviews due by 2024-06-30."


def test_reviews_of_a_broken_file_exit_1(cli, write_round):
    path = write_round(MINIMAL.replace("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  review_after: often\n"))
    r = cli("reviews", path, "--as-of", "2024-06-30")
    assert r.exit_code == 1, r.output
    assert "round.yaml:7:17: error: 'often' is not a period of time" in r.output
    assert "1 file(s) with errors left out" in r.output


def test_reviews_limit_and_bad_date(cli):
    r = cli("reviews", EXAMPLE, "--as-of", "2024-09-30", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert "A1-4" in r.output and "A1-1" not in r.output and "1 more not shown" in r.output
    r = cli("reviews", EXAMPLE, "--due-before", "2024-02-30")
    assert r.exit_code == 2, r.output


def test_status_shows_the_follow_up_sections(cli):
    r = cli("status", EXAMPLE, "--as-of", "2024-09-30", env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    out = r.output
    assert out.index("No overdue issues.") < out.index("Look-back reviews due (2)") < out.index("Relapses (1)")
    assert out.index("Relapses (1)") < out.index("Long-term checks due (1)") < out.index("Extensions:")
    relapse = next(line for line in out.splitlines() if line.startswith("A1-3"))
    assert "2024-08-20" in relapse and "台账再次缺失" in relapse and "Ongoing" in relapse
    check = next(line for line in out.splitlines() if line.startswith("A1-5"))
    assert "3 months" in check and "2024-05-10" in check and check.rstrip().endswith("51")
    assert ("Extensions: 1 issue(s) had their deadline extended, 214 days in total, longest 214 days (A2-1)."
            in out)


def test_status_narrow_keeps_the_essential_columns(cli):
    r = cli("status", EXAMPLE, "--as-of", "2024-09-30", "--lang", "zh", env={"COLUMNS": "60"})
    assert r.exit_code == 0, r.output
    review = next(line for line in r.output.splitlines() if line.startswith("A1-1"))
    assert review.split() == ["A1-1", "问题一", "2024-08-01", "60"]


def test_status_json_has_the_follow_up_keys(cli):
    r = cli("status", EXAMPLE, "--as-of", "2024-09-30", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [x["id"] for x in data["reviews_due"]] == ["A1-4", "A1-1"]
    assert [x["id"] for x in data["relapses"]] == ["A1-3"]
    assert data["long_term_checks_due"] == [{"round": "r-time", "id": "A1-5", "title": "问题五", "owner": None,
                                             "every": "3个月", "last_check": "2024-05-10", "due": "2024-08-10",
                                             "days_over": 51}]
    assert data["extensions"]["total_days"] == 214
    # The documented keys are still there.
    assert {"as_of", "totals", "rounds", "overdue"} <= set(data)


def test_status_without_follow_ups_prints_no_empty_sections(cli):
    r = cli("status", SHIPPED, "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    for heading in ("Look-back reviews", "Relapses", "Long-term checks", "Extensions:"):
        assert heading not in r.output
    data = json.loads(cli("status", SHIPPED, "--as-of", "2024-06-30", "--json").output)
    assert data["reviews_due"] == [] and data["extensions"] == {"issues": 0, "total_days": 0,
                                                                "longest_days": 0, "extended": []}
