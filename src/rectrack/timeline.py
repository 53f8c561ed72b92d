"""The ledger as it stood on any day, reconstructed from each issue's history and extensions.

A round file records the current state (`status`, `deadline`,
`completed_on`) and the dated steps that led to it (`history`,
`extensions`).  This module rebuilds the state on an earlier day, so that a
notice published then can be checked against it and `status`, `list`,
`show`, `report` and `export` can show the past.  It is pure: models in,
models out; the views it returns are ordinary `RoundFile`s, so every query
and renderer works on them unchanged.

The rules (docs/format.md, "Dates and time", states them for users):

- Status on day D: the status of the last history entry dated on or before
  D that has a status (entries whose `from` equals their `status` restate
  it and are skipped).  When no such entry exists, the status before the
  first status entry: that entry's `from`, else `not_started` (a `from` of
  completed holds only from `completed_on`, when the issue has one).
  A `completed_by` day (completed no later than it) counts as `completed_on`
  does: the issue is completed from that day.  The view keeps `completed_by`,
  also before that day (when the issue is not yet counted as completed but may
  already have been), so that what is shown can say "no later than".
- On or after the last status entry (or with no status history at all) the
  issue's own `status` holds, except that a completed issue is completed
  only from its `completed_on`; before that day it was in progress (or what
  its last earlier entry says).
- Deadline on day D: the `to` of the last extension granted on or before D;
  before any extension, the first extension's `from` (the original
  deadline); without extensions, `deadline`.
- An issue with a `raised` date later than D did not exist yet on D: the
  view leaves it out (and an aspect left with no issues), so a notice is
  checked against the issues that were on the ledger when it was published.
- The view keeps only history entries, extensions and notices dated on or
  before D, so "latest progress" and follow-ups are those of that day too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Extension, HistoryEntry, Issue, RoundFile, Status


def _status_entries(issue: Issue) -> list[HistoryEntry]:
    """The entries that change (or, by hand, state) the status.

    An entry whose `from` equals its `status` restates it (`rectrack update`
    writes one for a note alone, at whatever date it is given): it says
    nothing about when the status was reached, so it is left out.
    """
    return [e for e in issue.history if e.status is not None and e.from_ is not e.status]


def status_on(issue: Issue, day: dt.date) -> Status:
    """The issue's status on `day`, by the rules in this module's docstring."""
    changes = _status_entries(issue)
    if not changes:
        before: list[HistoryEntry] = []
        later: list[HistoryEntry] = []
    else:
        before = [e for e in changes if e.date <= day]
        later = [e for e in changes if e.date > day]
    if later:
        if before:
            return before[-1].status
        earlier = later[0].from_ or Status.NOT_STARTED
        # An entry that restates "completed" says nothing of when it was reached:
        # completed_on does.
        if (earlier is Status.COMPLETED and issue.completion_day is not None
                and day < issue.completion_day):
            return Status.IN_PROGRESS
        return earlier
    if (issue.status is Status.COMPLETED and issue.completion_day is not None
            and day < issue.completion_day
            and not (before and before[-1].status is Status.COMPLETED)):
        return before[-1].status if before else Status.IN_PROGRESS
    return issue.status


def completed_on_as_of(issue: Issue, day: dt.date) -> dt.date | None:
    """When the issue was completed, as known on `day`; None when it was not completed then.

    In the file's final stretch `completed_on` is the answer; for a completion
    that was later undone (a relapse), the first day of the run of
    `completed` entries that covers `day`.
    """
    if status_on(issue, day) is not Status.COMPLETED:
        return None
    changes = _status_entries(issue)
    final_stretch = not any(e.date > day for e in changes)
    done = issue.completion_day
    if final_stretch and done is not None and done <= day:
        return done
    started: dt.date | None = None
    for entry in changes:
        if entry.date > day:
            break
        if entry.status is Status.COMPLETED:
            started = started or entry.date
        else:
            started = None
    if started is not None:
        return started
    return done if done is not None and done <= day else None


def original_deadline(issue: Issue) -> dt.date | None:
    """The deadline first set: the first extension's `from`, else `deadline`."""
    return issue.extensions[0].from_ if issue.extensions else issue.deadline


def deadline_on(issue: Issue, day: dt.date) -> dt.date | None:
    """The deadline in force on `day`: extensions granted after `day` do not count yet."""
    if not issue.extensions:
        return issue.deadline
    granted = [e for e in issue.extensions if e.date <= day]
    return granted[-1].to if granted else issue.extensions[0].from_


def extension_days(extensions: Iterable[Extension]) -> int:
    """Days between the first extension's `from` and the last one's `to` (0 for none)."""
    items = list(extensions)
    return (items[-1].to - items[0].from_).days if items else 0


def issue_as_of(issue: Issue, day: dt.date) -> Issue:
    """The issue as it stood on `day` (the same object when nothing differs)."""
    history = [e for e in issue.history if e.date <= day]
    extensions = [e for e in issue.extensions if e.date <= day]
    done = completed_on_as_of(issue, day)
    # A completion known only as "no later than" stays one in the view; one bounded by a
    # later day is kept too, so that the view can say the issue may have been done already.
    bound = issue.completed_on is None and issue.completed_by is not None and (
        done == issue.completed_by or (done is None and issue.status is Status.COMPLETED
                                       and day < issue.completed_by))
    update = {
        "status": status_on(issue, day),
        "deadline": deadline_on(issue, day),
        "completed_on": None if bound else done,
        "completed_by": issue.completed_by if bound else None,
        "history": history,
        "extensions": extensions,
    }
    if (update["status"] is issue.status and update["deadline"] == issue.deadline
            and update["completed_on"] == issue.completed_on
            and update["completed_by"] == issue.completed_by
            and len(history) == len(issue.history) and len(extensions) == len(issue.extensions)):
        return issue
    return issue.model_copy(update=update)


def round_as_of(round_file: RoundFile, day: dt.date) -> RoundFile:
    """The round as it stood on `day`: every issue reconstructed, later notices left out.

    A day before the feedback date gives the state the rules imply (no
    history yet); `rounds_as_of` leaves such rounds out instead.
    """
    aspects = []
    changed = False
    for aspect in round_file.aspects:
        raised = [issue for issue in aspect.issues if issue.raised is None or issue.raised <= day]
        if not raised:
            changed = True
            continue
        issues = [issue_as_of(issue, day) for issue in raised]
        if len(raised) != len(aspect.issues) or any(new is not old for new, old in zip(issues, raised)):
            changed = True
            aspects.append(aspect.model_copy(update={"issues": issues}))
        else:
            aspects.append(aspect)
    notices = [n for n in round_file.round.notices if n.date <= day]
    if len(notices) != len(round_file.round.notices):
        changed = True
    if not changed:
        return round_file
    meta = round_file.round.model_copy(update={"notices": notices})
    return round_file.model_copy(update={"round": meta, "aspects": aspects})


def rounds_as_of(pairs: Iterable[tuple[str, RoundFile]], day: dt.date
                 ) -> tuple[list[tuple[str, RoundFile]], list[tuple[str, RoundFile]]]:
    """(rounds as they stood on `day`, rounds left out because their feedback came after `day`).

    Before its feedback date a round's findings did not exist yet, so it has
    no figures to show for that day.
    """
    kept: list[tuple[str, RoundFile]] = []
    later: list[tuple[str, RoundFile]] = []
    for display, round_file in pairs:
        if round_file.round.feedback > day:
            later.append((display, round_file))
        else:
            kept.append((display, round_as_of(round_file, day)))
    return kept, later
