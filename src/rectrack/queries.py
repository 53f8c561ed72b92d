"""Pure summaries of loaded rounds: counts per round and aspect, overdue issues.

Nothing here reads files or prints; every function takes models and a date
and returns plain values, so `status`, `validate` and reports agree on every
figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .vocabulary import Status

if TYPE_CHECKING:
    from .model import Aspect, Issue, RoundFile

# Iterating an Enum costs some 20 µs; summarize counts every aspect of every round.
_STATUSES = tuple(Status)

COUNT_KEYS = (
    "aspects",
    "issues",
    "completed",
    "substantially_completed",
    "in_progress",
    "not_started",
    "overdue",
)


@dataclass(frozen=True)
class OverdueRule:
    """When an issue counts as overdue; a repository may set it in rectrack.toml ([overdue]).

    The default: any status but completed (substantially completed is still
    due), from the day after the deadline.
    """

    grace_days: int = 0
    statuses: frozenset[Status] = frozenset(s for s in Status if s is not Status.COMPLETED)


DEFAULT_OVERDUE = OverdueRule()


def is_overdue(issue: Issue, as_of: dt.date, rule: OverdueRule = DEFAULT_OVERDUE) -> bool:
    """Past its deadline by more than the rule's grace days on `as_of`, in a status that can be overdue."""
    return (
        issue.deadline is not None
        and (as_of - issue.deadline).days > rule.grace_days
        and issue.status in rule.statuses
    )


@dataclass(frozen=True)
class Counts:
    """How many issues stand where; `overdue` is 0 when no date was given."""

    aspects: int = 0
    issues: int = 0
    completed: int = 0
    substantially_completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0

    @property
    def completion_rate(self) -> float:
        """Completed over all issues, 0..1 (0 for no issues)."""
        return self.completed / self.issues if self.issues else 0.0

    def by_status(self, status: Status) -> int:
        return getattr(self, status.value)

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, k) + getattr(other, k) for k in COUNT_KEYS))

    def as_dict(self) -> dict[str, float | int]:
        data: dict[str, float | int] = {k: getattr(self, k) for k in COUNT_KEYS}
        data["completion_rate"] = round(self.completion_rate, 4)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Counts":
        """The counts in an `as_dict` mapping (one without `aspects` gives 0 there)."""
        return cls(*(data.get(k, 0) for k in COUNT_KEYS))


def count_issues(issues: Iterable[Issue], as_of: dt.date | None, aspects: int = 0,
                 rule: OverdueRule = DEFAULT_OVERDUE) -> Counts:
    """Counts of issues by status, and overdue on `as_of` when given."""
    tally = dict.fromkeys(_STATUSES, 0)
    total = overdue = 0
    for issue in issues:
        total += 1
        tally[issue.status] += 1
        if as_of is not None and is_overdue(issue, as_of, rule):
            overdue += 1
    return Counts(
        aspects=aspects,
        issues=total,
        completed=tally[Status.COMPLETED],
        substantially_completed=tally[Status.SUBSTANTIALLY_COMPLETED],
        in_progress=tally[Status.IN_PROGRESS],
        not_started=tally[Status.NOT_STARTED],
        overdue=overdue,
    )


def count_round(round_file: RoundFile, as_of: dt.date | None,
                rule: OverdueRule = DEFAULT_OVERDUE) -> Counts:
    """Counts for a whole round."""
    return count_issues((i for _, i in round_file.issues()), as_of, aspects=len(round_file.aspects),
                        rule=rule)


def sum_outcomes(issues: Iterable[Issue]) -> dict[str, float | int]:
    """Each quantified outcome summed over `issues`, in the model's key order; absent keys left out."""
    return add_outcomes(*(i.outcomes.stated() for i in issues if i.outcomes is not None))


def add_outcomes(*parts: dict[str, float | int]) -> dict[str, float | int]:
    """Outcome figures added key by key, in the model's key order.

    Money keeps at most 4 decimals so that 0.1 + 0.2 reads 0.3.
    """
    from .model import Outcomes

    totals: dict[str, float | int] = {}
    for part in parts:
        for key, value in part.items():
            totals[key] = totals.get(key, 0) + value
    return {k: (round(totals[k], 4) if isinstance(totals[k], float) else totals[k])
            for k in Outcomes.model_fields if k in totals}


@dataclass(frozen=True)
class AspectSummary:
    aspect: Aspect
    counts: Counts


@dataclass(frozen=True)
class RoundSummary:
    round_file: RoundFile
    path: str
    counts: Counts
    aspects: list[AspectSummary]
    outcomes: dict[str, float | int] = field(default_factory=dict)
    # Completions dated only "no later than" a day (completed_by): counted from that day, and
    # those whose day is still to come (maybe already done, not yet counted).
    completed_by: int = 0
    completed_by_later: int = 0


@dataclass(frozen=True)
class OverdueIssue:
    round_id: str
    aspect: Aspect
    issue: Issue
    days_over: int
    unit: str = ""  # the round's unit, so a portfolio's overdue list says whose issue it is


@dataclass(frozen=True)
class Summary:
    """Everything `status` shows: totals, one summary per round, overdue issues."""

    as_of: dt.date
    rounds: list[RoundSummary]
    overdue: list[OverdueIssue] = field(default_factory=list)

    @property
    def totals(self) -> Counts:
        total = Counts()
        for summary in self.rounds:
            total = total + summary.counts
        return total

    def as_json(self) -> dict:
        """The documented `status --json` contract."""
        totals = {"rounds": len(self.rounds), **self.totals.as_dict(),
                  "outcomes": add_outcomes(*(r.outcomes for r in self.rounds))}
        return {
            "as_of": self.as_of.isoformat(),
            "totals": totals,
            "rounds": [
                {
                    "id": r.round_file.round.id,
                    "title": r.round_file.round.title,
                    "unit": r.round_file.round.unit,
                    "kind": r.round_file.round.kind,
                    "inspector": r.round_file.round.inspector,
                    "feedback": r.round_file.round.feedback.isoformat(),
                    "path": r.path,
                    **r.counts.as_dict(),
                    "outcomes": r.outcomes,
                    "completed_by": r.completed_by,
                    "completed_by_later": r.completed_by_later,
                    "by_aspect": [
                        {
                            "id": a.aspect.id,
                            "title": a.aspect.title,
                            "category": a.aspect.category,
                            **{k: v for k, v in a.counts.as_dict().items() if k != "aspects"},
                        }
                        for a in r.aspects
                    ],
                }
                for r in self.rounds
            ],
            "overdue": [
                {
                    "round": o.round_id,
                    "id": o.issue.id,
                    "title": o.issue.title,
                    "unit": o.unit,
                    "status": o.issue.status.value,
                    "owner": o.issue.owner,
                    "deadline": o.issue.deadline.isoformat() if o.issue.deadline else None,
                    "days_over": o.days_over,
                }
                for o in self.overdue
            ],
        }


def summarize(rounds: Iterable[tuple[str, RoundFile]], as_of: dt.date,
              rule: OverdueRule = DEFAULT_OVERDUE) -> Summary:
    """Counts per round and aspect on `as_of`, and the overdue issues (by `rule`), most overdue first."""
    summaries: list[RoundSummary] = []
    overdue: list[OverdueIssue] = []
    for path, round_file in rounds:
        aspect_summaries = [
            AspectSummary(aspect, count_issues(aspect.issues, as_of, aspects=1, rule=rule))
            for aspect in round_file.aspects
        ]
        bounded = [i.status is Status.COMPLETED for _, i in round_file.issues()
                   if i.completed_on is None and i.completed_by is not None]
        summaries.append(RoundSummary(round_file, path, count_round(round_file, as_of, rule), aspect_summaries,
                                      sum_outcomes(i for _, i in round_file.issues()),
                                      bounded.count(True), bounded.count(False)))
        for aspect, issue in round_file.issues():
            if is_overdue(issue, as_of, rule):
                overdue.append(OverdueIssue(round_file.round.id, aspect, issue,
                                            (as_of - issue.deadline).days, round_file.round.unit))
    overdue.sort(key=lambda o: (-o.days_over, o.round_id, o.issue.id))
    return Summary(as_of, summaries, overdue)
