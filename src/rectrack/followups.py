"""What a ledger asks of its keepers after the figures: look-back reviews, long-term checks, extensions.

Completed issues are reviewed again later (回头看) to catch problems that
came back; long-term issues (长期坚持) are checked periodically; extended
deadlines (延期) are tallied.  Every function takes rounds *as they stood*
on the day in question (`timeline.rounds_as_of`) and returns plain values,
so `status`, `reviews` and their JSON agree.

Rules (docs/format.md states them for users):

- A completed issue is due for review on its `review_on` date, else
  `round.review_after` after its `completed_on`.  The review is pending
  until a history entry with `review:` is recorded on or after the
  completion date.
- A long-term issue (or any issue with its own `check_every`) is checked
  every `check_every` (the issue's, else the round's for long-term issues).
  Its last check is the newest of its history dates, `completed_on` and the
  feedback date; the next check is due that period later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .durations import parse_duration
from .model import Aspect, HistoryEntry, Issue, RoundFile, Status
from .timeline import extension_days, original_deadline

Pairs = Iterable[tuple[str, RoundFile]]


@dataclass(frozen=True)
class ReviewDue:
    """A look-back review not yet recorded; `days_over` is negative while it is still ahead."""

    round_id: str
    aspect: Aspect
    issue: Issue
    due: dt.date
    rule: str  # "review_on" or the round's period, e.g. "6 months"
    days_over: int


@dataclass(frozen=True)
class Relapse:
    """A review that found the problem back: the issue was reopened."""

    round_id: str
    aspect: Aspect
    issue: Issue
    entry: HistoryEntry


@dataclass(frozen=True)
class CheckDue:
    """A long-term issue whose periodic check is due."""

    round_id: str
    aspect: Aspect
    issue: Issue
    every: str
    last_check: dt.date
    due: dt.date
    days_over: int


@dataclass(frozen=True)
class Extended:
    """An issue whose deadline was extended: the original, the current, and by how long."""

    round_id: str
    aspect: Aspect
    issue: Issue
    original: dt.date
    current: dt.date
    times: int

    @property
    def days(self) -> int:
        return extension_days(self.issue.extensions)


@dataclass(frozen=True)
class FollowUps:
    """Everything `status` lists after the figures, as of one day."""

    as_of: dt.date
    reviews_due: list[ReviewDue] = field(default_factory=list)
    relapses: list[Relapse] = field(default_factory=list)
    checks_due: list[CheckDue] = field(default_factory=list)
    extended: list[Extended] = field(default_factory=list)

    @property
    def extension_total_days(self) -> int:
        return sum(e.days for e in self.extended)

    @property
    def longest_extension(self) -> Extended | None:
        return max(self.extended, key=lambda e: e.days, default=None)

    def as_json(self) -> dict:
        """The keys `status --json` adds: reviews_due, relapses, long_term_checks_due, extensions."""
        longest = self.longest_extension
        return {
            "reviews_due": [review_json(r) for r in self.reviews_due],
            "relapses": [
                {"round": r.round_id, "id": r.issue.id, "title": r.issue.title,
                 "date": r.entry.date.isoformat(), "note": r.entry.note,
                 "status": r.issue.status.value}
                for r in self.relapses
            ],
            "long_term_checks_due": [
                {"round": c.round_id, "id": c.issue.id, "title": c.issue.title, "owner": c.issue.owner,
                 "every": c.every, "last_check": c.last_check.isoformat(), "due": c.due.isoformat(),
                 "days_over": c.days_over}
                for c in self.checks_due
            ],
            "extensions": {
                "issues": len(self.extended),
                "total_days": self.extension_total_days,
                "longest_days": longest.days if longest else 0,
                "extended": [
                    {"round": e.round_id, "id": e.issue.id, "title": e.issue.title,
                     "original_deadline": e.original.isoformat(), "deadline": e.current.isoformat(),
                     "times": e.times, "days": e.days}
                    for e in self.extended
                ],
            },
        }


def review_json(review: ReviewDue) -> dict:
    """One pending review as `status --json` and `reviews --json` print it."""
    issue = review.issue
    return {
        "round": review.round_id,
        "id": issue.id,
        "title": issue.title,
        "owner": issue.owner,
        "completed_on": issue.completion_day.isoformat() if issue.completion_day else None,
        "due": review.due.isoformat(),
        "rule": review.rule,
        "last_review": last_review(issue).isoformat() if last_review(issue) else None,
        "days_over": review.days_over,
    }


def last_review(issue: Issue) -> dt.date | None:
    """The date of the newest history entry that records a review."""
    for entry in reversed(issue.history):
        if entry.review is not None:
            return entry.date
    return None


def review_due_date(issue: Issue, round_file: RoundFile) -> tuple[dt.date, str] | None:
    """(due date, rule) of a completed issue's look-back review; None when none is scheduled."""
    if issue.status is not Status.COMPLETED:
        return None
    if issue.review_on is not None:
        return issue.review_on, "review_on"
    period = round_file.round.review_after
    if period is None or issue.completion_day is None:
        return None
    return parse_duration(period).after(issue.completion_day), period


def reviews_due(pairs: Pairs, as_of: dt.date, due_before: dt.date | None = None) -> list[ReviewDue]:
    """Pending reviews due on or before `due_before` (default `as_of`), earliest first.

    A review is pending until one is recorded on or after the completion date.
    """
    limit = due_before or as_of
    found: list[ReviewDue] = []
    for _, round_file in pairs:
        for aspect, issue in round_file.issues():
            scheduled = review_due_date(issue, round_file)
            if scheduled is None:
                continue
            due, rule = scheduled
            reviewed = last_review(issue)
            if reviewed is not None and (issue.completion_day is None or reviewed >= issue.completion_day):
                continue
            if due <= limit:
                found.append(ReviewDue(round_file.round.id, aspect, issue, due, rule, (as_of - due).days))
    found.sort(key=lambda r: r.due)  # stable: ties stay in file order
    return found


def relapses(pairs: Pairs) -> list[Relapse]:
    """Every recorded relapse, newest first."""
    found = [
        Relapse(round_file.round.id, aspect, issue, entry)
        for _, round_file in pairs
        for aspect, issue in round_file.issues()
        for entry in issue.history
        if entry.review == "relapsed"
    ]
    found.sort(key=lambda r: -r.entry.date.toordinal())  # stable: ties stay in file order
    return found


def check_period(issue: Issue, round_file: RoundFile) -> str | None:
    """The issue's progress-check period: its own, else the round's for long-term issues."""
    if issue.check_every is not None:
        return issue.check_every
    if issue.long_term:
        return round_file.round.check_every
    return None


def last_check(issue: Issue, round_file: RoundFile) -> dt.date:
    """The newest of the issue's history dates, its completion date and the round's feedback date."""
    dates = [round_file.round.feedback, *(e.date for e in issue.history)]
    if issue.completion_day is not None:
        dates.append(issue.completion_day)
    return max(dates)


def checks_due(pairs: Pairs, as_of: dt.date) -> list[CheckDue]:
    """Long-term issues whose next check falls on or before `as_of`, most overdue first."""
    found: list[CheckDue] = []
    for _, round_file in pairs:
        for aspect, issue in round_file.issues():
            period = check_period(issue, round_file)
            if period is None:
                continue
            last = last_check(issue, round_file)
            due = parse_duration(period).after(last)
            if due <= as_of:
                found.append(CheckDue(round_file.round.id, aspect, issue, period, last, due,
                                      (as_of - due).days))
    found.sort(key=lambda c: c.due)  # stable: ties stay in file order
    return found


def extended_issues(pairs: Pairs) -> list[Extended]:
    """Issues with at least one extension, longest extension first."""
    found = [
        Extended(round_file.round.id, aspect, issue, original_deadline(issue), issue.deadline,
                 len(issue.extensions))
        for _, round_file in pairs
        for aspect, issue in round_file.issues()
        if issue.extensions and issue.deadline is not None
    ]
    found.sort(key=lambda e: -e.days)  # stable: ties stay in file order
    return found


def follow_ups(pairs: Pairs, as_of: dt.date) -> FollowUps:
    """Reviews due, relapses, long-term checks due and extensions, for rounds as they stood on `as_of`."""
    pairs = list(pairs)
    return FollowUps(
        as_of=as_of,
        reviews_due=reviews_due(pairs, as_of),
        relapses=relapses(pairs),
        checks_due=checks_due(pairs, as_of),
        extended=extended_issues(pairs),
    )
