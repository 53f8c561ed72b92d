"""Look-back reviews, relapses, long-term checks and extension tallies, as of a day."""

from __future__ import annotations

import datetime as dt

from conftest import MINIMAL, ROOT

from rectrack.followups import checks_due, extended_issues, follow_ups, relapses, reviews_due
from rectrack.loader import load_file, load_text
from rectrack.timeline import rounds_as_of

D = dt.date
EXAMPLE = ROOT / "tests" / "examples" / "time" / "followups.yaml"


def pairs_on(day: dt.date, path=EXAMPLE):
    model, problems = load_file(path)
    assert model is not None, problems
    kept, _ = rounds_as_of([("f", model)], day)
    return kept


def test_the_example_round_is_valid():
    _, problems = load_file(EXAMPLE)
    assert [str(p) for p in problems] == []


def test_reviews_due_by_rule_and_by_date_and_not_once_held():
    found = reviews_due(pairs_on(D(2024, 9, 30)), D(2024, 9, 30))
    # A1-4 by its review_on, A1-1 six months after completion; A1-2 was reviewed (held)
    # after completion; A1-3 relapsed and is open again.
    assert [(r.issue.id, r.due, r.rule, r.days_over) for r in found] == [
        ("A1-4", D(2024, 7, 1), "review_on", 91),
        ("A1-1", D(2024, 8, 1), "6 months", 60),
    ]


def test_reviews_as_of_an_earlier_day_see_the_issue_that_later_relapsed():
    day = D(2024, 7, 15)
    assert [r.issue.id for r in reviews_due(pairs_on(day), day)] == ["A1-4"]
    ahead = reviews_due(pairs_on(day), day, due_before=D(2024, 8, 31))
    assert [(r.issue.id, r.days_over) for r in ahead] == [("A1-4", 14), ("A1-1", -17), ("A1-3", -31)]


def test_a_review_before_the_latest_completion_does_not_count():
    text = MINIMAL.replace("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  review_after: 1 month\n").replace(
        "        completed_on: 2024-02-01\n", """\
        completed_on: 2024-06-01
        history:
          - {date: 2024-02-01, status: completed, from: in_progress}
          - {date: 2024-03-05, status: in_progress, from: completed, review: relapsed, note: 反弹}
          - {date: 2024-06-01, status: completed, from: in_progress, note: 再次完成}
""")
    model, problems = load_text(text)
    assert problems == [], problems
    day = D(2024, 7, 2)
    (review,) = reviews_due([("f", model)], day)
    assert (review.issue.id, review.due) == ("A1-1", D(2024, 7, 1))
    assert [r.entry.date for r in relapses([("f", model)])] == [D(2024, 3, 5)]


def test_long_term_checks_use_the_newest_date_the_issue_was_touched():
    assert [(c.issue.id, c.last_check, c.due) for c in checks_due(pairs_on(D(2024, 9, 30)), D(2024, 9, 30))] == [
        ("A1-5", D(2024, 5, 10), D(2024, 8, 10))]
    # Due on its day, not before.
    assert checks_due(pairs_on(D(2024, 8, 9)), D(2024, 8, 9)) == []
    assert [c.days_over for c in checks_due(pairs_on(D(2024, 8, 10)), D(2024, 8, 10))] == [0]
    # Before the 2024-05-10 entry existed, the last check was the feedback date.
    (early,) = checks_due(pairs_on(D(2024, 5, 1)), D(2024, 5, 1))
    assert (early.last_check, early.due) == (D(2024, 1, 10), D(2024, 4, 10))


def test_an_issue_period_overrides_the_round_period():
    text = MINIMAL.replace("        deadline: 2024-03-01\n",
                           "        deadline: 2024-03-01\n        long_term: true\n        check_every: 2 weeks\n")
    model, _ = load_text(text)
    (check,) = checks_due([("f", model)], D(2024, 1, 24))
    assert (check.issue.id, check.every, check.due) == ("A1-2", "2 weeks", D(2024, 1, 24))
    # Without its own period and without a round period, a long-term issue has no checks.
    plain, _ = load_text(MINIMAL.replace("        deadline: 2024-03-01\n",
                                         "        deadline: 2024-03-01\n        long_term: true\n"))
    assert checks_due([("f", plain)], D(2030, 1, 1)) == []


def test_extensions_are_tallied_as_of_the_day():
    (late,) = extended_issues(pairs_on(D(2024, 9, 30)))
    assert (late.issue.id, late.original, late.current, late.times, late.days) == (
        "A2-1", D(2024, 3, 31), D(2024, 10, 31), 2, 214)
    (early,) = extended_issues(pairs_on(D(2024, 4, 1)))
    assert (early.current, early.times, early.days) == (D(2024, 6, 30), 1, 91)
    assert extended_issues(pairs_on(D(2024, 3, 19))) == []


def test_follow_ups_json_keys():
    data = follow_ups(pairs_on(D(2024, 9, 30)), D(2024, 9, 30)).as_json()
    assert list(data) == ["reviews_due", "relapses", "long_term_checks_due", "extensions"]
    assert data["relapses"] == [{"round": "r-time", "id": "A1-3", "title": "问题三", "date": "2024-08-20",
                                 "note": "台账再次缺失", "status": "in_progress"}]
    assert data["extensions"]["issues"] == 1 and data["extensions"]["longest_days"] == 214
    assert data["extensions"]["extended"][0]["original_deadline"] == "2024-03-31"
