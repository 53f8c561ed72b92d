"""The status screen as data: the `status --json` document, which the tables are drawn from and the cache keeps.

`status` computes figures from models (`queries`, `followups`, `timeline`),
but shows only this document, in three forms: the tables, the notice
sentences (`-q`) and the JSON itself.  Drawing everything from one document
keeps the three in agreement, and lets a repeated `status` skip the models
altogether: the document is cached per ledger and day (`cache.Cache.get_view`),
so an unchanged ledger is summarised without importing pydantic or decoding
a single issue.

A document read back from the cache is checked against `SHAPE` before it
is used, so a damaged or foreign entry is recomputed, never drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Level, Problem

if TYPE_CHECKING:
    from .model import RoundFile
    from .queries import OverdueRule
    from .yamlio import Limits


@dataclass
class Result:
    """What `status` shows: the document, the errors of files left out, and how many rounds came later than the day."""

    view: dict
    errors: list[Problem] = field(default_factory=list)
    later: int = 0


def compute(paths: list[Path], day: dt.date, rule: OverdueRule, limits: Limits | None = None,
            use_cache: bool | None = None) -> Result:
    """The status of the ledger under `paths` on `day`: from the cache when nothing it depends on has changed.

    The document depends on every file's bytes and place, the day, the
    overdue rule, the limits and rectrack's code; all of that is the cache
    key (`loader.ledger_key`, `cache.Cache.get_view`).  Raises RectrackError
    as `loader.load_paths` does.
    """
    from .cache import open_cache
    from .yamlio import current_limits

    limits = limits or current_limits()
    cache = open_cache(use_cache)
    key = None
    if cache is not None:
        from .loader import ledger_key

        key = ledger_key(paths, limits)
        if key is not None:
            key.update(day=day.isoformat(), rule=rule_key(rule))
            found = _from_json(cache.get_view("status", key))
            if found is not None:
                return found
    from .fastload import gc_paused
    from .loader import load_paths
    from .timeline import rounds_as_of

    ledger = load_paths(paths, limits, use_cache)
    # Summarising allocates as much as loading, and frees as little: spare the collector the walk.
    with gc_paused():
        kept, later = rounds_as_of(ledger.pairs(), day)
        result = Result(build(kept, day, rule), ledger.errors, len(later))
    if key is not None:
        cache.put_view("status", key, _to_json(result))
    return result


def _to_json(result: Result) -> dict:
    return {"view": result.view, "later": result.later,
            "errors": [[p.path, p.line, p.column, p.code, p.message] for p in result.errors]}


def _from_json(data: Any) -> Result | None:
    """A cached status, or None when it is not one (so it is computed again)."""
    if not fits(data, {"view": SHAPE, "later": int, "errors": [[str, int, int, str, str]]}):
        return None
    errors = [Problem(*error, Level.ERROR) for error in data["errors"]]
    return Result(data["view"], errors, data["later"])


def build(pairs: list[tuple[str, RoundFile]], day: dt.date, rule: OverdueRule) -> dict:
    """The document for the rounds in `pairs` (as they stood on `day`): figures, overdue issues, follow-ups."""
    from .followups import follow_ups
    from .queries import summarize

    return {**summarize(pairs, day, rule).as_json(), **follow_ups(pairs, day).as_json()}


def rule_key(rule: OverdueRule) -> list:
    """The overdue rule as JSON, for a cache key."""
    return [rule.grace_days, sorted(status.value for status in rule.statuses)]


# -- the document's shape ----------------------------------------------------------------------

_COUNTS = {"issues": int, "completed": int, "substantially_completed": int, "in_progress": int,
           "not_started": int, "overdue": int, "completion_rate": (int, float)}
_OUTCOMES = {"*": (int, float)}
_TEXT = (str, type(None))
_LEAD = {"round": str, "id": str, "title": str}

SHAPE: dict = {
    "as_of": str,
    "totals": {"rounds": int, "aspects": int, **_COUNTS, "outcomes": _OUTCOMES},
    "rounds": [{
        "id": str, "title": str, "unit": str, "kind": str, "inspector": _TEXT, "feedback": str, "path": str,
        "aspects": int, **_COUNTS, "outcomes": _OUTCOMES,
        "by_aspect": [{"id": str, "title": str, "category": _TEXT, **_COUNTS}],
    }],
    "overdue": [{**_LEAD, "status": str, "owner": _TEXT, "deadline": str, "days_over": int}],
    "reviews_due": [{**_LEAD, "owner": _TEXT, "completed_on": _TEXT, "due": str, "rule": str,
                     "last_review": _TEXT, "days_over": int}],
    "relapses": [{**_LEAD, "date": str, "note": _TEXT, "status": str}],
    "long_term_checks_due": [{**_LEAD, "owner": _TEXT, "every": str, "last_check": str, "due": str,
                              "days_over": int}],
    "extensions": {"issues": int, "total_days": int, "longest_days": int,
                   "extended": [{**_LEAD, "original_deadline": str, "deadline": str, "times": int, "days": int}]},
}


def fits(value: Any, shape: Any = SHAPE) -> bool:
    """Whether `value` has `shape`: a type (or tuple of types), [item shape], [shape, shape, ...] for a
    row of fixed length, or {key: shape} with exactly those keys.

    {"*": shape} is a mapping of any text keys to values of one shape.
    Booleans are not numbers here, as in JSON.
    """
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return False
        if "*" in shape:
            return all(isinstance(k, str) and fits(v, shape["*"]) for k, v in value.items())
        return value.keys() == shape.keys() and all(fits(value[k], s) for k, s in shape.items())
    if isinstance(shape, list):
        if len(shape) > 1:  # a fixed-length row: [str, int, ...]
            return isinstance(value, list) and len(value) == len(shape) and all(map(fits, value, shape))
        return isinstance(value, list) and all(fits(item, shape[0]) for item in value)
    return isinstance(value, shape) and not (isinstance(value, bool) and shape is not bool)


__all__ = ["SHAPE", "Result", "build", "compute", "fits", "rule_key"]
