"""What `status` and `list` show, as documents: computed from the ledger, or read back from the cache.

`status` shows one document (its `--json`) in three forms: the tables, the
notice sentences (`-q`) and the JSON itself; `list` shows the issue records
of its `--json`, filtered, as a table or as JSON.  Drawing every form from
one document keeps them in agreement, and lets a repeated command skip the
models altogether: each document is cached per ledger and day
(`cache.Cache.get_view`), so an unchanged ledger is shown without importing
pydantic or decoding a single issue.

A document read back from the cache is checked against its shape (`fits`)
before it is used: every value a renderer looks up, parses or takes the
maximum of is there, of its type, and one the renderer knows (statuses,
kinds, outcome keys, dates that are parsed).  So a damaged or foreign entry
is recomputed, never drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Level, Problem
from .vocabulary import Status

if TYPE_CHECKING:
    from .loader import Ledger
    from .model import RoundFile
    from .queries import OverdueRule
    from .read import Limits

Pairs = list[tuple[str, "RoundFile"]]


@dataclass
class Result:
    """A document, the errors of the files left out of it, and how many rounds came later than the day."""

    document: Any
    errors: list[Problem] = field(default_factory=list)
    later: int = 0


def status_document(ledger: Ledger, kept: Pairs, day: dt.date, rule: OverdueRule,
                    by: tuple[str, ...] = ()) -> dict:
    """What `status --json` prints for the rounds in `kept` (as they stood on `day`): figures, overdue, follow-ups.

    With `by` (see `groups`), also the figures grouped by those keys, under "groups".
    """
    from .followups import follow_ups
    from .queries import summarize

    document = {**summarize(kept, day, rule).as_json(), **follow_ups(kept, day).as_json()}
    if by:
        from .groups import cells, group, model_items

        document["groups"] = [g.as_json() for g in group(cells(model_items(kept, day, rule)), by)]
    return document


def list_document(ledger: Ledger, kept: Pairs, day: dt.date, rule: OverdueRule) -> dict:
    """Every issue's `list --json` record on `day`, and the round and aspect ids that exist (for checking options)."""
    from .listing import issue_record, issue_rows

    from .groups import RoundFacts

    return {"issues": [issue_record(row, day, rule) for row in issue_rows(kept)],
            "known": {model.round.id: [aspect.id for aspect in model.aspects] for _, model in ledger.pairs()},
            "rounds": {model.round.id: RoundFacts.of(model).as_json() for _, model in kept}}


def portfolio_document(ledger: Ledger, kept: Pairs, day: dt.date, rule: OverdueRule) -> dict:
    """What the site shows: the status document, the groups by every key, and every issue's list record.

    Groups other than by unit hold their units as a second level (which units a year's figures come from).
    """
    from .groups import GROUP_KEYS, cells, group, model_items

    document = status_document(ledger, kept, day, rule)
    grouped = cells(model_items(kept, day, rule))
    document["groups_by"] = {by: [g.as_json() for g in group(grouped, (by,) if by == "unit" else (by, "unit"))]
                             for by in GROUP_KEYS}
    document["issues"] = list_document(ledger, kept, day, rule)["issues"]
    return document


def status(paths: list[Path], day: dt.date, rule: OverdueRule, limits: Limits | None = None,
           use_cache: bool | None = None, by: tuple[str, ...] = ()) -> Result:
    """The status document of the ledger under `paths` on `day`, grouped `by` those keys (see `compute`)."""
    if not by:
        return compute("status", status_document, STATUS_SHAPE, paths, day, rule, limits, use_cache)
    from functools import partial

    # Each grouping is its own cached document, so a plain `status` never pays for groups.
    return compute("status-by-" + "-".join(by), partial(status_document, by=tuple(by)),
                   {**STATUS_SHAPE, "groups": _groups(len(by))}, paths, day, rule, limits, use_cache)


def issues(paths: list[Path], day: dt.date, rule: OverdueRule, limits: Limits | None = None,
           use_cache: bool | None = None) -> Result:
    """The list document of the ledger under `paths` on `day` (see `compute`)."""
    return compute("list", list_document, LIST_SHAPE, paths, day, rule, limits, use_cache)


def compute(name: str, make: Callable[[Ledger, Pairs, dt.date, OverdueRule], Any], shape: Any,
            paths: list[Path], day: dt.date, rule: OverdueRule, limits: Limits | None = None,
            use_cache: bool | None = None) -> Result:
    """The document `make` builds from the ledger under `paths` as it stood on `day`; from the cache when it can be.

    A document depends on every file's bytes and place, the day, the
    overdue rule, the limits and rectrack's code; all of that is its cache
    key (`loader.ledger_key`, `cache.Cache.get_view`).  Raises RectrackError
    as `loader.load_paths` does.
    """
    from .cache import open_cache
    from .config import current_limits

    limits = limits or current_limits()
    cache = open_cache(use_cache)
    key = None
    if cache is not None:
        from .loader import ledger_key

        key = ledger_key(paths, limits)
        if key is not None:
            key.update(day=day.isoformat(), rule=rule_key(rule))
            found = _from_json(cache.get_view(name, key), shape)
            if found is not None:
                return found
    from .loader import gc_paused
    from .loader import load_paths
    from .timeline import rounds_as_of

    ledger = load_paths(paths, limits, use_cache)
    # Building a document allocates as much as loading, and frees as little: spare the collector the walk.
    with gc_paused():
        kept, later = rounds_as_of(ledger.pairs(), day)
        result = Result(make(ledger, kept, day, rule), ledger.errors, len(later))
    # Stored only under the bytes it was computed from: a file changed between the lookup and
    # the loading would otherwise have this document shown for bytes it does not describe.
    if key is not None and ledger.key is not None and {**ledger.key, "day": key["day"], "rule": key["rule"]} == key:
        cache.put_view(name, key, _to_json(result))
    return result


def rule_key(rule: OverdueRule) -> list:
    """The overdue rule as JSON, for a cache key."""
    return [rule.grace_days, sorted(status.value for status in rule.statuses)]


def _to_json(result: Result) -> dict:
    # With each problem's args, so that a cached error is said in Chinese too (`messages.localized`).
    return {"document": result.document, "later": result.later,
            "errors": [[p.path, p.line, p.column, p.code, p.message, [list(arg) for arg in p.args]]
                       for p in result.errors]}


def _from_json(data: Any, shape: Any) -> Result | None:
    """A cached result, or None when it is not one (so it is computed again)."""
    row = [str, int, int, str, str, [[str, lambda value: True]]]  # the last: the args, by name
    if not fits(data, {"document": shape, "later": int, "errors": [row]}):
        return None
    errors = [Problem(*error[:5], Level.ERROR, args=tuple((name, value) for name, value in error[5]))
              for error in data["errors"]]
    return Result(data["document"], errors, data["later"])


# -- the documents' shapes ---------------------------------------------------------------------

def _is_period(value: Any) -> bool:
    from .durations import parse_duration

    try:
        parse_duration(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_day(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _outcomes(value: Any) -> bool:
    from .i18n import OUTCOME_PHRASES

    return (isinstance(value, dict) and value.keys() <= OUTCOME_PHRASES["en"].keys()
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()))


def _some(shape: Any) -> Callable[[Any], bool]:
    """A non-empty list of `shape`."""
    return lambda value: bool(value) and fits(value, [shape])


STATUS_VALUES = frozenset(s.value for s in Status)
KINDS = frozenset(("inspection", "audit", "other"))
_COUNTS = {"issues": int, "completed": int, "substantially_completed": int, "in_progress": int,
           "not_started": int, "overdue": int, "completion_rate": (int, float)}
_OUTCOMES = _outcomes
_TEXT = (str, type(None))
_DAY_OR_NONE = (lambda value: value is None or _is_day(value))
_LEAD = {"round": str, "id": str, "title": str}

STATUS_SHAPE: dict = {
    "as_of": str,
    "totals": {"rounds": int, "aspects": int, **_COUNTS, "outcomes": _OUTCOMES},
    "rounds": [{
        "id": str, "title": str, "unit": str, "kind": KINDS, "inspector": _TEXT, "feedback": str, "path": str,
        "aspects": int, **_COUNTS, "outcomes": _OUTCOMES, "completed_by": int,
        "completed_by_later": int,
        "by_aspect": _some({"id": str, "title": str, "category": _TEXT, **_COUNTS}),  # a round has an aspect
    }],
    "overdue": [{**_LEAD, "unit": str, "status": STATUS_VALUES, "owner": _TEXT, "deadline": str,
                 "days_over": int}],
    "reviews_due": [{**_LEAD, "owner": _TEXT, "completed_on": _TEXT, "due": str, "rule": str,
                     "last_review": _TEXT, "days_over": int}],
    "relapses": [{**_LEAD, "date": str, "note": _TEXT, "status": STATUS_VALUES}],
    "long_term_checks_due": [{**_LEAD, "owner": _TEXT, "every": _is_period, "last_check": str, "due": str,
                              "days_over": int}],
    "extensions": {"issues": int, "total_days": int, "longest_days": int,
                   "extended": [{**_LEAD, "original_deadline": str, "deadline": str, "times": int, "days": int}]},
}

ISSUE_RECORD: dict = {
    "round": str, "aspect": str, "id": str, "title": str, "status": STATUS_VALUES, "owner": _TEXT,
    "leader": _TEXT, "deadline": _DAY_OR_NONE, "completed_on": _TEXT, "overdue": bool, "days_over": int,
    "latest_note": _TEXT, "unit": str, "path": str,
}
LIST_SHAPE: dict = {"issues": [ISSUE_RECORD], "known": {"*": [str]},
                    "rounds": {"*": {"unit": str, "inspector": _TEXT, "year": int, "kind": KINDS}}}
GROUP: dict = {"by": frozenset(("unit", "inspector", "year", "kind", "owner")), "key": _TEXT, "rounds": int,
               "aspects": int, **_COUNTS}


def _groups(levels: int) -> Callable[[Any], bool]:
    """The shape of `groups` `levels` deep: each group of an upper level holds its own non-empty `groups`."""
    if levels <= 1:
        return lambda value: fits(value, [GROUP])
    inner = _groups(levels - 1)
    return lambda value: isinstance(value, list) and all(
        isinstance(g, dict) and "groups" in g and inner(g["groups"]) and bool(g["groups"])
        and fits({k: v for k, v in g.items() if k != "groups"}, GROUP) for g in value)


def fits(value: Any, shape: Any = STATUS_SHAPE) -> bool:
    """Whether `value` has `shape`.

    A shape is a type or tuple of types; a frozenset of the values allowed;
    a function saying yes or no; [item shape]; [shape, shape, ...] for a row
    of fixed length; or {key: shape} with exactly those keys ({"*": shape}:
    any text keys, values of one shape).  Booleans are not numbers here, as
    in JSON.
    """
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return False
        if "*" in shape:
            return all(isinstance(k, str) and fits(v, shape["*"]) for k, v in value.items())
        return value.keys() == shape.keys() and all(fits(value[k], s) for k, s in shape.items())
    if isinstance(shape, list):
        if not isinstance(value, list):
            return False
        if len(shape) > 1:
            return len(value) == len(shape) and all(map(fits, value, shape))
        if isinstance(shape[0], dict) and "*" not in shape[0]:
            return _all_fit(value, shape[0])
        return all(fits(item, shape[0]) for item in value)
    if isinstance(shape, frozenset):
        return isinstance(value, str) and value in shape
    if isinstance(shape, (type, tuple)):
        return isinstance(value, shape) and not (isinstance(value, bool) and shape is not bool)
    return shape(value)


def _all_fit(items: list, shape: dict) -> bool:
    """`fits` for a list of records (100,000 issues): each new layout of keys and types is checked once.

    Records with the same keys and value types as one already checked need
    only their fields whose shape is more than a type (allowed values,
    nested lists) checked again.
    """
    deeper = [(key, part) for key, part in shape.items() if not isinstance(part, (type, tuple))]
    checked: set = set()
    for item in items:
        if type(item) is not dict:
            return False
        layout = (*item, *map(type, item.values()))
        if layout in checked:
            if not all(fits(item[key], part) for key, part in deeper):
                return False
        elif fits(item, shape):
            checked.add(layout)
        else:
            return False
    return True


__all__ = ["ISSUE_RECORD", "LIST_SHAPE", "STATUS_SHAPE", "Result", "compute", "fits", "issues",
           "list_document", "portfolio_document", "rule_key", "status", "status_document"]
