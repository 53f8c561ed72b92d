"""The ledger in time: periods, reconstruction of status and deadline on any day, and the checks on dated data."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MINIMAL, SHIPPED, assert_problems, dedent

from rectrack.durations import Duration, parse_duration
from rectrack.loader import load_file, load_text
from rectrack.model import Status
from rectrack.queries import count_round, summarize
from rectrack.timeline import (
    completed_on_as_of,
    deadline_on,
    issue_as_of,
    original_deadline,
    round_as_of,
    rounds_as_of,
    status_on,
)

D = dt.date


def issue_from(yaml_issue: str, feedback: str = "2024-01-10"):
    """The one issue of a round whose single aspect holds `yaml_issue` (an indented mapping)."""
    text = dedent(f"""
        version: 1
        round: {{id: r1, title: t, unit: u, feedback: {feedback}}}
        aspects:
          - id: A1
            title: a
            issues:
        """) + "".join(("      - " if n == 0 else "        ") + line + "\n"
                       for n, line in enumerate(dedent(yaml_issue).splitlines()))
    model, problems = load_text(text)
    assert model is not None, "\n".join(map(str, problems))
    return model.aspects[0].issues[0]


# -- periods ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("6 months", Duration(6, "months")),
    ("1 month", Duration(1, "months")),
    ("every 3 months", Duration(3, "months")),
    ("90 days", Duration(90, "days")),
    ("2 weeks", Duration(2, "weeks")),
    ("1 year", Duration(1, "years")),
    ("3个月", Duration(3, "months")),
    ("每三个月", Duration(3, "months")),
    ("半年", Duration(6, "months")),
    ("十二个月", Duration(12, "months")),
    ("两周", Duration(2, "weeks")),
    ("每季度", Duration(3, "months")),
    ("30天", Duration(30, "days")),
    ("1年", Duration(1, "years")),
])
def test_periods_in_english_and_chinese(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["soon", "3月", "0 days", "months", "6", "3 fortnights", ""])
def test_bad_periods_are_refused_with_examples(text):
    with pytest.raises(ValueError, match="6 months"):
        parse_duration(text)


def test_adding_months_clamps_to_the_month_end():
    assert Duration(1, "months").after(D(2024, 1, 31)) == D(2024, 2, 29)
    assert Duration(1, "months").after(D(2023, 1, 31)) == D(2023, 2, 28)
    assert Duration(6, "months").after(D(2024, 3, 29)) == D(2024, 9, 29)
    assert Duration(1, "years").after(D(2024, 2, 29)) == D(2025, 2, 28)
    assert Duration(13, "months").after(D(2024, 12, 15)) == D(2026, 1, 15)
    assert Duration(2, "weeks").after(D(2024, 12, 25)) == D(2025, 1, 8)


def test_a_bad_period_in_a_file_is_located():
    text = MINIMAL.replace("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  review_after: soon\n")
    problems = assert_problems(text, [(7, 17, "invalid-duration")])
    assert "'soon' is not a period of time" in problems[0].message


# -- status on a day --------------------------------------------------------------------

def test_no_history_completed_counts_only_from_completed_on():
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-03-29
        """)
    assert status_on(issue, D(2024, 1, 10)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 3, 28)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 3, 29)) is Status.COMPLETED
    assert completed_on_as_of(issue, D(2024, 3, 28)) is None
    assert completed_on_as_of(issue, D(2024, 4, 1)) == D(2024, 3, 29)


def test_no_history_other_statuses_hold_since_feedback():
    issue = issue_from("""
        id: A1-1
        title: x
        status: substantially_completed
        """)
    assert status_on(issue, D(2024, 1, 10)) is Status.SUBSTANTIALLY_COMPLETED
    assert status_on(issue, D(2030, 1, 1)) is Status.SUBSTANTIALLY_COMPLETED


def test_hand_written_history_without_from_starts_not_started():
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-03-20
        history:
          - {date: 2024-01-15, status: in_progress, note: 制定方案}
          - {date: 2024-02-01, note: 召开调度会}
          - {date: 2024-03-20, status: completed, note: 完成}
        """)
    assert status_on(issue, D(2024, 1, 14)) is Status.NOT_STARTED
    assert status_on(issue, D(2024, 1, 15)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 3, 19)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 3, 20)) is Status.COMPLETED


def test_from_says_what_came_before_the_first_recorded_change():
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-07-01
        history:
          - {date: 2024-07-01, status: completed, from: substantially_completed, note: 最后一家驿站建成}
        """)
    assert status_on(issue, D(2024, 3, 29)) is Status.SUBSTANTIALLY_COMPLETED
    assert status_on(issue, D(2024, 7, 1)) is Status.COMPLETED


def test_issue_as_of_keeps_only_what_was_written_by_then():
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-03-20
        history:
          - {date: 2024-01-15, status: in_progress, note: 制定方案}
          - {date: 2024-03-20, status: completed, note: 完成}
        """)
    then = issue_as_of(issue, D(2024, 2, 1))
    assert (then.status, then.completed_on, then.latest_note) == (Status.IN_PROGRESS, None, "制定方案")
    assert issue_as_of(issue, D(2024, 12, 31)) is issue  # nothing differs: no copy


def test_a_relapse_keeps_the_completed_stretch_in_the_past():
    issue = issue_from("""
        id: A1-1
        title: x
        status: in_progress
        history:
          - {date: 2024-03-29, status: completed, from: in_progress}
          - {date: 2024-09-30, status: in_progress, from: completed, review: relapsed, note: 问题反弹}
        """)
    assert status_on(issue, D(2024, 6, 1)) is Status.COMPLETED
    assert completed_on_as_of(issue, D(2024, 6, 1)) == D(2024, 3, 29)
    assert status_on(issue, D(2024, 10, 1)) is Status.IN_PROGRESS
    assert completed_on_as_of(issue, D(2024, 10, 1)) is None


# -- deadlines and extensions -------------------------------------------------------------

EXTENDED = """
    id: A1-2
    title: x
    status: in_progress
    deadline: 2024-09-30
    extensions:
      - {date: 2024-03-25, from: 2024-03-31, to: 2024-06-30, reason: 需协调市级部门, approved_by: 街道工委}
      - {date: 2024-06-20, from: 2024-06-30, to: 2024-09-30, reason: 施工延误, approved_by: 街道工委}
    """


def test_the_original_deadline_is_kept_and_the_one_in_force_is_used():
    issue = issue_from(EXTENDED)
    assert original_deadline(issue) == D(2024, 3, 31)
    assert deadline_on(issue, D(2024, 3, 24)) == D(2024, 3, 31)
    assert deadline_on(issue, D(2024, 3, 25)) == D(2024, 6, 30)
    assert deadline_on(issue, D(2024, 7, 1)) == D(2024, 9, 30)


def test_overdue_is_judged_against_the_deadline_in_force_that_day(write_round):
    text = MINIMAL.replace("""        status: in_progress
        deadline: 2024-03-01
""", "".join("        " + line + "\n" for line in dedent(EXTENDED).splitlines()[2:]))
    model, problems = load_text(text)
    assert problems == [], problems
    # 2024-04-10: the first extension (to 2024-06-30) holds: not overdue.
    assert summarize([("f", round_as_of(model, D(2024, 4, 10)))], D(2024, 4, 10)).totals.overdue == 0
    # Had it not been extended, 2024-04-10 was past the original 2024-03-31.
    assert summarize([("f", round_as_of(model, D(2024, 3, 24)))], D(2024, 4, 10)).totals.overdue == 1
    late = summarize([("f", round_as_of(model, D(2024, 10, 3)))], D(2024, 10, 3))
    assert [(o.issue.id, o.days_over) for o in late.overdue] == [("A1-2", 3)]


# -- whole rounds -------------------------------------------------------------------------

def test_shipped_round_on_its_notice_date_gives_the_published_figures():
    model, _ = load_file(SHIPPED)
    counts = count_round(round_as_of(model, D(2024, 3, 29)), as_of=None)
    assert (counts.aspects, counts.issues, counts.completed, counts.substantially_completed) == (10, 31, 29, 2)
    earlier = count_round(round_as_of(model, D(2024, 3, 28)), as_of=None)
    assert (earlier.completed, earlier.substantially_completed, earlier.in_progress) == (0, 2, 29)


def test_rounds_fed_back_after_the_day_are_left_out():
    model, _ = load_file(SHIPPED)
    kept, later = rounds_as_of([("a", model)], D(2023, 12, 6))
    assert kept == [] and [d for d, _ in later] == ["a"]
    kept, later = rounds_as_of([("a", model)], D(2023, 12, 7))
    assert [d for d, _ in kept] == ["a"] and later == []


def test_later_notices_are_not_in_an_earlier_view():
    model, _ = load_file(SHIPPED)
    assert [n.date for n in round_as_of(model, D(2024, 3, 28)).round.notices] == []
    assert [n.date for n in round_as_of(model, D(2024, 3, 29)).round.notices] == [D(2024, 3, 29)]


# -- checks on dated data -------------------------------------------------------------------

NOTICE_ROUND = MINIMAL.replace("  feedback: 2024-01-10\n", """\
  feedback: 2024-01-10
  notices:
    - {date: 2024-02-15, title: 第一次通报, issues: 2, completed: 1, in_progress: 1}
""")


def test_a_notice_is_checked_as_of_its_date_and_later_progress_never_breaks_it():
    assert assert_problems(NOTICE_ROUND, []) == []
    moved_on = NOTICE_ROUND.replace("""        status: in_progress
        deadline: 2024-03-01
""", """        status: completed
        completed_on: 2024-05-01
        deadline: 2024-03-01
        history:
          - {date: 2024-05-01, status: completed, from: in_progress, note: 完成}
""")
    assert assert_problems(moved_on, []) == []


def test_a_notice_that_disagrees_shows_both_numbers_and_the_date():
    text = NOTICE_ROUND.replace("completed: 1, in_progress: 1", "completed: 2, in_progress: 0")
    problems = assert_problems(text, [(8, 62, "notice-mismatch"), (8, 78, "notice-mismatch")])
    assert problems[0].message == ("the notice of 2024-02-15 states completed 2, but on 2024-02-15 "
                                   "the ledger had 1")


def test_a_notice_before_the_completion_date_does_not_count_it():
    text = NOTICE_ROUND.replace("2024-02-15", "2024-01-31")  # A1-1 completed on 2024-02-01
    problems = assert_problems(text, [(8, 62, "notice-mismatch"), (8, 78, "notice-mismatch")])
    assert "states completed 1, but on 2024-01-31 the ledger had 0" in problems[0].message


def test_notices_out_of_order_or_before_feedback_are_warnings():
    text = NOTICE_ROUND.replace(
        "    - {date: 2024-02-15, title: 第一次通报, issues: 2, completed: 1, in_progress: 1}\n",
        "    - {date: 2024-02-15, issues: 2}\n    - {date: 2024-01-05, issues: 2}\n")
    problems = assert_problems(text, [(9, 14, "date-before-feedback"), (9, 14, "notice-order")])
    assert all(not p.is_error for p in problems)


def test_the_old_undated_declared_block_is_still_checked_against_today():
    text = MINIMAL.replace("  feedback: 2024-01-10\n",
                           "  feedback: 2024-01-10\n  declared: {issues: 2, completed: 2}\n")
    problems = assert_problems(text, [(7, 36, "declared-mismatch")])
    assert problems[0].message == "declared completed is 2, but the ledger has 1"
    assert assert_problems(text.replace("completed: 2}", "completed: 1}"), []) == []


def extended(block: str) -> str:
    return MINIMAL.replace("        deadline: 2024-03-01\n", block)


def test_an_extension_chain_is_consistent():
    good = extended("""\
        deadline: 2024-06-30
        extensions:
          - {date: 2024-02-20, from: 2024-03-01, to: 2024-06-30, reason: 需协调, approved_by: 街道工委}
""")
    assert assert_problems(good, []) == []
    stale_deadline = good.replace("deadline: 2024-06-30", "deadline: 2024-03-01")
    problems = assert_problems(stale_deadline, [(18, 19, "extension-chain")])
    assert "has deadline 2024-03-01, but its last extension moved it to 2024-06-30" in problems[0].message
    broken = extended("""\
        deadline: 2024-09-30
        extensions:
          - {date: 2024-05-20, from: 2024-03-01, to: 2024-06-30, reason: 需协调, approved_by: 街道工委}
          - {date: 2024-02-20, from: 2024-07-01, to: 2024-06-30, reason: 再延, approved_by: 街道工委}
""")
    problems = assert_problems(broken, [(18, 19, "extension-chain"), (21, 20, "extension-order"),
                                        (21, 38, "extension-chain"), (21, 54, "extension-chain")])
    assert "does not move the deadline 2024-07-01 later" in problems[3].message
    assert "should start from the previous extension's new deadline 2024-06-30" in problems[2].message


def test_an_extension_needs_its_reason_and_approver():
    text = extended("""\
        deadline: 2024-06-30
        extensions:
          - {date: 2024-02-20, from: 2024-03-01, to: 2024-06-30}
""")
    problems = assert_problems(text, [(20, 13, "missing-key"), (20, 13, "missing-key")])
    assert {p.message for p in problems} == {"extension is missing required key 'reason'",
                                            "extension is missing required key 'approved_by'"}


def test_review_entries_are_checked():
    text = MINIMAL.replace("        completed_on: 2024-02-01\n", """\
        completed_on: 2024-02-01
        history:
          - {date: 2024-08-01, review: held}
          - {date: 2024-09-01, review: relapsed, note: 反弹}
""")
    problems = assert_problems(text, [(17, 40, "review-relapse")])
    assert problems[0].message.startswith("a relapse reopens the issue")
    early = MINIMAL.replace("        deadline: 2024-03-01\n", """\
        deadline: 2024-03-01
        history:
          - {date: 2024-02-01, review: held, note: 提前回头看}
""")
    problems = assert_problems(early, [(20, 40, "review-not-completed")])
    assert "the issue was in_progress then" in problems[0].message and not problems[0].is_error


def test_review_words_and_a_review_only_entry():
    text = MINIMAL.replace("        completed_on: 2024-02-01\n", """\
        completed_on: 2024-02-01
        history:
          - {date: 2024-08-01, review: 巩固}
""")
    model, problems = load_text(text)
    assert problems == [] and model.aspects[0].issues[0].history[0].review == "held"
    problems = assert_problems(text.replace("巩固", "maybe"), [(16, 40, "unknown-review")])
    assert "use held (巩固) or relapsed (反弹)" in problems[0].message


def test_from_that_contradicts_the_history_is_a_warning():
    text = MINIMAL.replace("        deadline: 2024-03-01\n", """\
        deadline: 2024-03-01
        history:
          - {date: 2024-01-20, status: in_progress, from: not_started}
          - {date: 2024-02-20, status: in_progress, from: substantially_completed, note: x}
""")
    problems = assert_problems(text, [(21, 59, "history-from")])
    assert problems[0].message == ("entry of 2024-02-20 says the status was substantially_completed, "
                                   "but the entry before it set in_progress")


def test_check_every_without_long_term_is_a_warning():
    text = MINIMAL.replace("        deadline: 2024-03-01\n", "        deadline: 2024-03-01\n        check_every: 3个月\n")
    problems = assert_problems(text, [(19, 22, "check-every-not-long-term")])
    assert not problems[0].is_error
    assert assert_problems(text.replace("check_every: 3个月", "check_every: 3个月\n        long_term: true"), []) == []


def test_a_later_entry_restating_completed_does_not_move_the_completion_back():
    # `rectrack update A1-1 --note ...` on a completed issue records {status: completed, from: completed}.
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-03-29
        history:
          - {date: 2024-05-01, status: completed, from: completed, note: 持续跟进}
        """)
    assert status_on(issue, D(2024, 1, 15)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 4, 1)) is Status.COMPLETED
    assert completed_on_as_of(issue, D(2024, 4, 1)) == D(2024, 3, 29)


def test_entries_that_restate_the_status_are_not_changes():
    # A note written with --date before the completion restates today's status: not evidence.
    issue = issue_from("""
        id: A1-1
        title: x
        status: completed
        completed_on: 2024-03-29
        history:
          - {date: 2024-01-05, status: completed, from: completed, note: 明确整改时限}
          - {date: 2024-09-29, status: completed, from: completed, review: held}
        """)
    assert status_on(issue, D(2024, 2, 1)) is Status.IN_PROGRESS
    assert status_on(issue, D(2024, 7, 1)) is Status.COMPLETED
    assert completed_on_as_of(issue, D(2024, 7, 1)) == D(2024, 3, 29)


def test_a_mistyped_from_is_suggested_as_written_in_the_file():
    text = MINIMAL.replace("        deadline: 2024-03-01\n", """\
        deadline: 2024-06-30
        extensions:
          - {date: 2024-02-20, form: 2024-03-01, to: 2024-06-30, reason: 需协调, approved_by: 街道工委}
""")
    problems = assert_problems(text, [(20, 13, "missing-key"), (20, 32, "unknown-key")])
    assert problems[1].message == "unknown key 'form'; did you mean 'from'?"
