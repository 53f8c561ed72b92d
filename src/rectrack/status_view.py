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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import RoundFile
    from .queries import OverdueRule


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
    """Whether `value` has `shape`: a type (or tuple of types), [item shape], or {key: shape} with exactly those keys.

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
        return isinstance(value, list) and all(fits(item, shape[0]) for item in value)
    return isinstance(value, shape) and not (isinstance(value, bool) and shape is not bool)


__all__ = ["SHAPE", "build", "fits", "rule_key"]
