"""Semantic checks on validated rounds, each a small generator of Findings.

Structure (keys, types, statuses) is pydantic's job in `model`; these checks
see rules that span fields or files.  They report *where in the data* a
problem is (`Finding.loc`); the loader turns that into a line and column.
"""

from __future__ import annotations

import re

from collections.abc import Iterator

from .model import RoundFile, Status
from .problems import Finding, Level
from . import queries


def duplicate_ids(round_file: RoundFile) -> Iterator[Finding]:
    """Aspect ids and issue ids must each be unique within the round."""
    seen_aspects: dict[str, int] = {}
    seen_issues: dict[str, tuple[int, int]] = {}
    for a_index, aspect in enumerate(round_file.aspects):
        if aspect.id in seen_aspects:
            yield Finding(("aspects", a_index, "id"), "duplicate-id",
                          f"aspect id '{aspect.id}' is used twice in this round")
        else:
            seen_aspects[aspect.id] = a_index
        for i_index, issue in enumerate(aspect.issues):
            if issue.id in seen_issues:
                yield Finding(("aspects", a_index, "issues", i_index, "id"), "duplicate-id",
                              f"issue id '{issue.id}' is used twice in this round")
            else:
                seen_issues[issue.id] = (a_index, i_index)


def completion_dates(round_file: RoundFile) -> Iterator[Finding]:
    """A completed issue says when; only a completed one does."""
    feedback = round_file.round.feedback
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index)
            if issue.status is Status.COMPLETED and issue.completion_day is None:
                yield Finding(loc + ("status",), "completed-on-missing",
                              f"issue '{issue.id}' is completed but has no completed_on date "
                              "(or completed_by, when only a day it was done by is known)")
            if issue.completed_on is not None and issue.completed_by is not None:
                yield Finding(loc + ("completed_by",), "completed-by-and-on",
                              f"issue '{issue.id}' has both completed_on and completed_by; keep "
                              "completed_on when the day is known, completed_by when only a day it "
                              "was done by is known", extra={"id": issue.id})
            for key in ("completed_on", "completed_by"):
                day = getattr(issue, key)
                if day is None:
                    continue
                if issue.status is not Status.COMPLETED:
                    yield Finding(loc + (key,), "completed-on-unexpected",
                                  f"issue '{issue.id}' has a {key} date but its status is "
                                  f"{issue.status.value}", Level.WARNING)
                if day < feedback:
                    yield Finding(loc + (key,), "date-before-feedback",
                                  f"{key} {day} is before the feedback date {feedback}", Level.WARNING)
            if issue.raised is not None and issue.raised < feedback:
                yield Finding(loc + ("raised",), "date-before-feedback",
                              f"raised {issue.raised} is before the feedback date {feedback}; "
                              "issues handed over at feedback need no raised date",
                              Level.WARNING)
            if (issue.raised is not None and issue.deadline is not None
                    and issue.deadline < issue.raised):
                yield Finding(loc + ("deadline",), "date-before-raised",
                              f"deadline {issue.deadline} is before the issue was raised "
                              f"({issue.raised}): it would be overdue from its first day",
                              Level.WARNING)
            if issue.deadline is not None and issue.deadline < feedback:
                yield Finding(loc + ("deadline",), "date-before-feedback",
                              f"deadline {issue.deadline} is before the feedback date {feedback}",
                              Level.WARNING)


def history_order(round_file: RoundFile) -> Iterator[Finding]:
    """History is a timeline: entries in date order, the last one agreeing with the status."""
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index, "history")
            for h_index in range(1, len(issue.history)):
                before, entry = issue.history[h_index - 1], issue.history[h_index]
                if entry.date < before.date:
                    yield Finding(loc + (h_index, "date"), "history-order",
                                  f"history entry dated {entry.date} comes after one dated "
                                  f"{before.date}; keep history in date order")
            start = issue.raised or round_file.round.feedback
            early = next((k for k, e in enumerate(issue.history) if e.date < start), None)
            if early is not None:
                what = "the issue was raised" if issue.raised else "the feedback date"
                yield Finding(loc + (early, "date"), "history-before-start",
                              f"history entry dated {issue.history[early].date} is before {what} "
                              f"({start})", Level.WARNING)
            for h_index, entry in enumerate(issue.history):
                if entry.status is None and not entry.note and entry.review is None:
                    yield Finding(loc + (h_index,), "history-empty",
                                  "history entry has neither a status nor a note")
            last = next((e.status for e in reversed(issue.history) if e.status is not None), None)
            if last is not None and last is not issue.status:
                yield Finding(("aspects", a_index, "issues", i_index, "status"), "history-status",
                              f"issue '{issue.id}' is {issue.status.value} but its last history "
                              f"entry says {last.value}", Level.WARNING)


def period_order(round_file: RoundFile) -> Iterator[Finding]:
    """The inspection period runs forward and ends before feedback is given."""
    meta = round_file.round
    if meta.period is None:
        return
    if meta.period.end < meta.period.start:
        yield Finding(("round", "period", "end"), "period-order",
                      f"period ends ({meta.period.end}) before it starts ({meta.period.start})")
    if meta.feedback < meta.period.start:
        yield Finding(("round", "feedback"), "period-order",
                      f"feedback {meta.feedback} is before the inspection began ({meta.period.start})",
                      Level.WARNING)


def declared_figures(round_file: RoundFile) -> Iterator[Finding]:
    """Figures a notice states must match the ledger: both numbers are shown."""
    declared = round_file.round.declared
    if declared is None:
        return
    actual = queries.count_round(round_file, as_of=None).as_dict()
    for key, stated in declared.stated().items():
        if actual[key] != stated:
            yield Finding(("round", "declared", key), "declared-mismatch",
                          f"declared {key} is {stated}, but the ledger has {actual[key]}")


def category_grouping(round_file: RoundFile) -> Iterator[Finding]:
    """Aspects of one category sit together, or the category appears twice in reports."""
    closed: set[str] = set()
    current: str | None = None
    for a_index, aspect in enumerate(round_file.aspects):
        if aspect.category != current:
            if current is not None:
                closed.add(current)
            if aspect.category is not None and aspect.category in closed:
                yield Finding(("aspects", a_index, "category"), "category-split",
                              f"aspect '{aspect.id}' repeats category '{aspect.category}' after "
                              "another category; keep aspects of one category together",
                              Level.WARNING)
            current = aspect.category


def notice_figures(round_file: RoundFile) -> Iterator[Finding]:
    """Each dated notice matches the ledger as it stood on its date (later progress never counts)."""
    from .timeline import round_as_of

    meta = round_file.round
    for n_index, notice in enumerate(meta.notices):
        loc = ("round", "notices", n_index)
        if notice.date < meta.feedback:
            yield Finding(loc + ("date",), "date-before-feedback",
                          f"notice dated {notice.date} is before the feedback date {meta.feedback}",
                          Level.WARNING)
        if n_index and notice.date < meta.notices[n_index - 1].date:
            yield Finding(loc + ("date",), "notice-order",
                          f"notice dated {notice.date} comes after one dated "
                          f"{meta.notices[n_index - 1].date}; keep notices in date order", Level.WARNING)
        stated = notice.stated()
        if not stated:
            continue
        actual = queries.count_round(round_as_of(round_file, notice.date), as_of=None).as_dict()
        for key, value in stated.items():
            if actual[key] != value:
                yield Finding(loc + (key,), "notice-mismatch",
                              f"the notice of {notice.date} states {key} {value}, but on "
                              f"{notice.date} the ledger had {actual[key]}")


def extension_chain(round_file: RoundFile) -> Iterator[Finding]:
    """Extensions form one chain, oldest first, ending at the current deadline."""
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index)
            extensions = issue.extensions
            for e_index, ext in enumerate(extensions):
                here = loc + ("extensions", e_index)
                if ext.to <= ext.from_:
                    yield Finding(here + ("to",), "extension-chain",
                                  f"extension to {ext.to} does not move the deadline {ext.from_} later")
                if e_index:
                    previous = extensions[e_index - 1]
                    if ext.from_ != previous.to:
                        yield Finding(here + ("from",), "extension-chain",
                                      f"extension from {ext.from_} should start from the previous "
                                      f"extension's new deadline {previous.to}")
                    if ext.date < previous.date:
                        yield Finding(here + ("date",), "extension-order",
                                      f"extension dated {ext.date} comes after one dated {previous.date}; "
                                      "keep extensions in date order")
            if extensions and issue.deadline != extensions[-1].to:
                where = loc + ("deadline",) if issue.deadline is not None else loc + ("extensions",)
                yield Finding(where, "extension-chain",
                              f"issue '{issue.id}' has deadline {issue.deadline or 'none'}, but its last "
                              f"extension moved it to {extensions[-1].to}; deadline is always the "
                              "current deadline")


def review_entries(round_file: RoundFile) -> Iterator[Finding]:
    """Reviews concern completed issues; a relapse reopens the issue; `from` agrees with the history."""
    import datetime as dt

    from .timeline import status_on

    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index)
            previous: Status | None = None
            for h_index, entry in enumerate(issue.history):
                here = loc + ("history", h_index)
                if entry.from_ is not None and previous is not None and entry.from_ is not previous:
                    yield Finding(here + ("from",), "history-from",
                                  f"entry of {entry.date} says the status was {entry.from_.value}, but the "
                                  f"entry before it set {previous.value}", Level.WARNING)
                if entry.review == "relapsed" and entry.status in (None, Status.COMPLETED):
                    yield Finding(here + ("review",), "review-relapse",
                                  "a relapse reopens the issue: give this entry a status such as in_progress")
                if entry.review is not None:
                    if entry.from_ is not None:
                        before = entry.from_
                    elif entry.status is not None and entry.date > dt.date.min:
                        before = status_on(issue, entry.date - dt.timedelta(days=1))
                    else:
                        before = status_on(issue, entry.date)
                    if before is not Status.COMPLETED:
                        yield Finding(here + ("review",), "review-not-completed",
                                      f"look-back review on {entry.date}, but the issue was "
                                      f"{before.value} then, not completed", Level.WARNING)
                if entry.status is not None:
                    previous = entry.status
            if issue.check_every is not None and not issue.long_term:
                yield Finding(loc + ("check_every",), "check-every-not-long-term",
                              f"issue '{issue.id}' has check_every but is not long_term: true",
                              Level.WARNING)


def derived_dates(round_file: RoundFile) -> Iterator[Finding]:
    """A date whose look-back review or next check would fall after 9999-12-31 is refused at its line.

    Python's dates end there; without this check `status --as-of` and
    `reviews` would fail on a file `validate` had accepted.  A review is
    counted from a completion (`completed_on`, or a history entry that
    completes the issue, as of an earlier day); a check from the latest of
    the feedback date, the history and the completion.
    """
    from .durations import parse_duration

    def overflows(period: str, day) -> bool:
        try:
            parse_duration(period).after(day)
        except OverflowError:
            return True
        except ValueError:  # not a period at all: the model reports that
            return False
        return False

    review_after = round_file.round.review_after
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index)
            dated = [(loc + ("history", h_index, "date"), entry.date, entry.status is Status.COMPLETED)
                     for h_index, entry in enumerate(issue.history)]
            if issue.completed_on is not None:
                dated.append((loc + ("completed_on",), issue.completed_on, True))
            counted_from = []
            if review_after is not None:
                counted_from += [(where, day, review_after, "look-back review")
                                 for where, day, completes in dated if completes]
            check_every = issue.check_every or (round_file.round.check_every if issue.long_term else None)
            if check_every is not None:
                where, day, _ = max([(("round", "feedback"), round_file.round.feedback, False), *dated],
                                    key=lambda item: item[1])
                counted_from.append((where, day, check_every, "next check"))
            for where, day, period, what in counted_from:
                if overflows(period, day):
                    yield Finding(where, "date-out-of-range",
                                  f"issue '{issue.id}': {day} plus its {what} period ({period}) falls after "
                                  "9999-12-31, the last date rectrack can count to; check this date",
                                  extra={"id": issue.id, "day": str(day), "what": what, "period": str(period),
                                         "what_zh": {"look-back review": "回头看"}.get(what, "定期检查")})


ROUND_CHECKS = (
    duplicate_ids,
    completion_dates,
    history_order,
    period_order,
    declared_figures,
    category_grouping,
    notice_figures,
    extension_chain,
    review_entries,
    derived_dates,
)


def check_round(round_file: RoundFile) -> list[Finding]:
    """Every semantic finding for one round."""
    return [finding for check in ROUND_CHECKS for finding in check(round_file)]


def overdue_deadlines(round_file: RoundFile, as_of, rule=queries.DEFAULT_OVERDUE) -> Iterator[Finding]:
    """Issues past their deadline on `as_of`, placed on the deadline (for `validate --fail-on overdue`).

    Not in ROUND_CHECKS: being overdue is not a fault in the file, and it
    depends on the day; CI asks for it on purpose.
    """
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            if queries.is_overdue(issue, as_of, rule):
                days = (as_of - issue.deadline).days
                yield Finding(("aspects", a_index, "issues", i_index, "deadline"), "overdue",
                              f"issue '{issue.id}' is {days} day(s) past its deadline {issue.deadline} "
                              f"on {as_of} and is {issue.status.value}",
                              extra={"id": issue.id, "days": days, "deadline": str(issue.deadline),
                                     "as_of": str(as_of), "status": issue.status.value})


def with_message_args(round_file: RoundFile, finding: Finding) -> Finding:
    """`finding` with the values its message states, by name (`Finding.extra`), for the message catalog.

    Read from the round at the finding's place, so the checks above stay as
    they are; a finding this does not know is returned unchanged.
    """
    from dataclasses import replace

    args = _message_args(round_file, finding)
    return replace(finding, extra={**args, **finding.extra}) if args else finding


def _message_args(round_file: RoundFile, finding: Finding) -> dict:
    loc, code = finding.loc, finding.code
    meta = round_file.round
    issue = _issue_at(round_file, loc)
    field = loc[-1] if loc else None
    if code == "duplicate-id":
        is_issue = "issues" in loc
        return {"_variant": "issue" if is_issue else "aspect",
                "id": issue.id if is_issue else round_file.aspects[loc[1]].id}
    if code in ("completed-on-missing", "completed-on-unexpected", "check-every-not-long-term", "history-status"):
        args = {"id": issue.id, "status": issue.status.value}
        last = next((e.status for e in reversed(issue.history) if e.status is not None), None)
        return {**args, "last": last.value} if last is not None else args
    if code == "date-before-feedback":
        if loc[:2] == ("round", "notices"):
            return {"_variant": "notice", "value": str(meta.notices[loc[2]].date), "feedback": str(meta.feedback)}
        return {"_variant": field, "value": str(getattr(issue, field)), "feedback": str(meta.feedback)}
    if code == "date-before-raised":
        return {"value": str(issue.deadline), "raised": str(issue.raised)}
    if code in ("history-order", "history-before-start", "history-empty", "history-from",
                "review-relapse", "review-not-completed"):
        index = loc[loc.index("history") + 1]
        entry = issue.history[index]
        args = {"value": str(entry.date), "date": str(entry.date),
                "before": str(issue.history[index - 1].date) if index else ""}
        if code == "history-before-start":
            args.update(_variant="raised" if issue.raised else "feedback", start=str(issue.raised or meta.feedback))
        if code == "history-from":
            previous = next(e.status for e in reversed(issue.history[:index]) if e.status is not None)
            args.update(from_=entry.from_.value, previous=previous.value)
        if code == "review-not-completed":
            import datetime as dt

            from .timeline import status_on

            day = entry.date - dt.timedelta(days=1) if entry.from_ is None and entry.status is not None else entry.date
            args["before"] = (entry.from_ or status_on(issue, day)).value
        return args
    if code == "period-order":
        return {"_variant": field, "value": str(meta.period.end if field == "end" else meta.feedback),
                "start": str(meta.period.start)}
    if code in ("declared-mismatch", "notice-mismatch"):
        on = meta.notices[loc[2]].date if code == "notice-mismatch" else None
        stated = (meta.notices[loc[2]] if on else meta.declared).stated()[field]
        actual = queries.count_round(_as_of(round_file, on), as_of=None).as_dict()[field]
        return {"key": field, "stated": stated, "actual": actual, "date": str(on)}
    if code == "category-split":
        aspect = round_file.aspects[loc[1]]
        return {"id": aspect.id, "category": aspect.category}
    if code == "notice-order":
        return {"value": str(meta.notices[loc[2]].date), "before": str(meta.notices[loc[2] - 1].date)}
    if code in ("extension-chain", "extension-order"):
        if "extensions" in loc and isinstance(loc[-1], str) and loc[-2] != "issues" and len(loc) > 6:
            index = loc[loc.index("extensions") + 1]
            ext = issue.extensions[index]
            previous = issue.extensions[index - 1] if index else None
            return {"_variant": field, "value": str(getattr(ext, "from_" if field == "from" else field)),
                    "from_": str(ext.from_), "previous": str(previous.to) if previous else "",
                    "before": str(previous.date) if previous else ""}
        return {"_variant": "deadline", "id": issue.id, "value": str(issue.deadline or "none"),
                "to": str(issue.extensions[-1].to)}
    return {}


def _issue_at(round_file: RoundFile, loc: tuple):
    if len(loc) >= 4 and loc[0] == "aspects" and loc[2] == "issues":
        return round_file.aspects[loc[1]].issues[loc[3]]
    return None


def _as_of(round_file: RoundFile, day):
    from .timeline import round_as_of

    return round_as_of(round_file, day) if day is not None else round_file


# -- a ledger that cannot be bent quietly --------------------------------------------------

def completion_history(round_file: RoundFile) -> Iterator[Finding]:
    """`completed_on` agrees with the history entry that completed the issue, when the history has one."""
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            if issue.completed_on is None or issue.status is not Status.COMPLETED:
                continue
            completing = _completing_entry(issue)
            if completing is not None and completing.date != issue.completed_on:
                when = "later" if issue.completed_on > completing.date else "earlier"
                yield Finding(("aspects", a_index, "issues", i_index, "completed_on"), "completed-on-history",
                              f"completed_on {issue.completed_on} is {when} than the history's entry of "
                              f"{completing.date} that completed issue '{issue.id}'", Level.WARNING,
                              extra={"value": str(issue.completed_on), "entry": str(completing.date),
                                     "id": issue.id, "_variant": when})


def _completing_entry(issue):
    """The history entry from which the issue has stayed completed, or None."""
    found = None
    for entry in issue.history:
        if entry.status is Status.COMPLETED:
            found = found or entry  # a second "completed" (a held review, a note) keeps the first
        elif entry.status is not None:
            found = None
    return found


def latest_record(round_file: RoundFile):
    """The latest day the round records something as done (completed_on, history, extensions, notices), or None.

    What `future_records` looks at: stored with a cached file, so that a
    run need not decode a round whose records all lie before its day.
    """
    days = [notice.date for notice in round_file.round.notices]
    for _aspect, issue in round_file.issues():
        if issue.completed_on is not None:
            days.append(issue.completed_on)
        days.extend(entry.date for entry in issue.history)
        days.extend(ext.date for ext in issue.extensions)
    return max(days, default=None)


def future_records(round_file: RoundFile, day) -> Iterator[Finding]:
    """Records dated after `day` (today, or --as-of): a completion is an error, a history entry a warning.

    Not in ROUND_CHECKS: it depends on the day, like being overdue.
    """
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            loc = ("aspects", a_index, "issues", i_index)
            if issue.completed_on is not None and issue.completed_on > day:
                yield Finding(loc + ("completed_on",), "completed-on-future",
                              f"completed_on {issue.completed_on} of issue '{issue.id}' is after {day}: "
                              "a completion cannot be recorded ahead of time",
                              extra={"value": str(issue.completed_on), "id": issue.id, "day": str(day)})
            for h_index, entry in enumerate(issue.history):
                if entry.date > day:
                    yield Finding(loc + ("history", h_index, "date"), "history-future",
                                  f"history entry dated {entry.date} is after {day}; is the year right?",
                                  Level.WARNING, extra={"value": str(entry.date), "day": str(day)})


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|mailto:|urn:")
# A file is named by a path (a folder separator) or a file name with an extension (纪要.pdf);
# most ledgers describe their evidence instead (会议纪要, 培训签到表), which names no file to look for.
_FILE_NAME = re.compile(r"[^\s]*[/\\][^\s]*|[^\s/\\]+\.[A-Za-z][A-Za-z0-9]{0,4}")


def names_a_file(text: str) -> bool:
    """Whether an evidence entry names a file on disk: a path or a file name with an extension, not a URL."""
    return bool(text) and not _URL.match(text) and _FILE_NAME.fullmatch(text) is not None


def local_evidence(round_file: RoundFile) -> list[tuple[tuple, str]]:
    """(loc, path) of every evidence entry that names a file (`names_a_file`), in file order."""
    found = []
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            for e_index, item in enumerate(issue.evidence):
                text = item.strip()
                if names_a_file(text):
                    found.append((("aspects", a_index, "issues", i_index, "evidence", e_index), text))
    return found


def missing_evidence(round_file: RoundFile, base) -> Iterator[Finding]:
    """Evidence files that are not there, relative to `base` (the round file's folder or `evidence_root`)."""
    from pathlib import Path

    for loc, text in local_evidence(round_file):
        path = Path(text).expanduser()
        target = path if path.is_absolute() else Path(base) / path
        if not target.exists():
            yield Finding(loc, "evidence-not-found", f"evidence '{text}' is not there (looked for {target})",
                          Level.WARNING, extra={"value": text, "target": str(target)})


def evidence_required(round_file: RoundFile) -> Iterator[Finding]:
    """A completed issue without evidence, when the configuration asks for evidence (`[checks] evidence`)."""
    for a_index, aspect in enumerate(round_file.aspects):
        for i_index, issue in enumerate(aspect.issues):
            if issue.status is Status.COMPLETED and not issue.evidence:
                yield Finding(("aspects", a_index, "issues", i_index, "status"), "evidence-required",
                              f"issue '{issue.id}' is completed but has no evidence (佐证材料)", Level.WARNING,
                              extra={"id": issue.id})


ROUND_CHECKS = ROUND_CHECKS + (completion_history,)
