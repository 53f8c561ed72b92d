"""Selecting issues and history entries for `list`, `show` and `log`, and their JSON records.

Pure functions over loaded rounds: the documented `--json` records, the
filters that a person combines on the command line (`IssueFilter`, applied
to those records, so the table and the JSON never disagree and a cached
list needs no model), and the deadline arithmetic `show` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .queries import DEFAULT_OVERDUE, OverdueRule, is_overdue
from .vocabulary import Status

if TYPE_CHECKING:
    from .model import Aspect, HistoryEntry, Issue, RoundFile


@dataclass(frozen=True)
class IssueRow:
    """One issue with the round and aspect it belongs to."""

    round_id: str
    path: str
    aspect: Aspect
    issue: Issue
    unit: str = ""  # the round's unit: across a portfolio, whose issue it is


@dataclass(frozen=True)
class IssueFilter:
    """What `list` keeps of the `list --json` records; every given criterion must hold (several statuses: any of them)."""

    statuses: frozenset[Status] = frozenset()
    owner: str | None = None
    rounds: frozenset[str] = frozenset()
    aspects: frozenset[str] = frozenset()
    overdue: bool = False
    open_only: bool = False
    due_before: dt.date | None = None

    def matches(self, record: dict) -> bool:
        """Whether an `issue_record` (made on the day and with the rule that decide overdue) passes."""
        if self.statuses and Status(record["status"]) not in self.statuses:
            return False
        # Owners are departments ("社区建设办"): a part of the name is enough, in any case.
        if self.owner is not None and self.owner.casefold() not in (record["owner"] or "").casefold():
            return False
        if self.rounds and record["round"] not in self.rounds:
            return False
        if self.aspects and record["aspect"] not in self.aspects:
            return False
        if self.overdue and not record["overdue"]:
            return False
        if self.open_only and record["status"] == Status.COMPLETED.value:
            return False
        if self.due_before is not None and (record["deadline"] is None
                                            or dt.date.fromisoformat(record["deadline"]) >= self.due_before):
            return False
        return True


def issue_rows(rounds: Iterable[tuple[str, RoundFile]]) -> list[IssueRow]:
    """Every issue of every round, in file order."""
    return [IssueRow(model.round.id, path, aspect, issue, model.round.unit)
            for path, model in rounds for aspect, issue in model.issues()]


def select_issues(records: Iterable[dict], where: IssueFilter) -> list[dict]:
    """The `issue_record`s `where` keeps, in their order."""
    return [record for record in records if where.matches(record)]


def days_to_deadline(issue: Issue, as_of: dt.date) -> int | None:
    """Days from `as_of` to the deadline: negative when past it; None without a deadline."""
    return None if issue.deadline is None else (issue.deadline - as_of).days


def issue_record(row: IssueRow, as_of: dt.date, rule: OverdueRule = DEFAULT_OVERDUE) -> dict:
    """The `list --json` object of one issue (statuses in canonical English)."""
    issue = row.issue
    days = days_to_deadline(issue, as_of)
    overdue = is_overdue(issue, as_of, rule)
    return {
        "round": row.round_id,
        "aspect": row.aspect.id,
        "id": issue.id,
        "title": issue.title,
        "status": issue.status.value,
        "owner": issue.owner,
        "leader": issue.leader,
        "deadline": issue.deadline.isoformat() if issue.deadline else None,
        "completed_on": issue.completed_on.isoformat() if issue.completed_on else None,
        "overdue": overdue,
        "days_over": -days if overdue and days is not None else 0,
        "latest_note": issue.latest_note,
        "unit": row.unit,
        "path": row.path,
    }


def issue_detail(row: IssueRow, as_of: dt.date, rule: OverdueRule = DEFAULT_OVERDUE,
                 line: int | None = None) -> dict:
    """The `show --json` object: the list record, the aspect, and the whole issue as written."""
    record = issue_record(row, as_of, rule)
    record["aspect"] = {"id": row.aspect.id, "title": row.aspect.title, "category": row.aspect.category}
    record["line"] = line
    record["issue"] = row.issue.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return record


@dataclass(frozen=True)
class LogEntry:
    """A history entry with the issue it belongs to; `order` keeps file order among equal dates."""

    round_id: str
    issue: Issue
    entry: HistoryEntry
    order: int = field(default=0, compare=False)


def history_log(rows: Iterable[IssueRow], since: dt.date | None = None) -> list[LogEntry]:
    """History entries of `rows` dated on or after `since`, newest first.

    Entries of one date keep the reverse of their file order, so the one
    written last is shown first.
    """
    pairs = ((row, entry) for row in rows for entry in row.issue.history)
    entries = [LogEntry(row.round_id, row.issue, entry, i) for i, (row, entry) in enumerate(pairs)]
    if since is not None:
        entries = [e for e in entries if e.entry.date >= since]
    return sorted(entries, key=lambda e: (e.entry.date, e.order), reverse=True)


def log_record(item: LogEntry) -> dict:
    """The `log --json` object of one history entry."""
    entry = item.entry.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {"round": item.round_id, "id": item.issue.id, "title": item.issue.title, **entry}
