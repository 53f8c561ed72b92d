"""The checks of a loaded ledger that depend on the day, the file system or the configuration.

Loading a file (and the cache) gives the same answer whatever the day;
these do not: a completion dated after today (or `--as-of`) is an error,
a history entry after it a warning, evidence (佐证材料) that names a file
not on disk a warning, and with `[checks] evidence = "required"` a
completed issue without evidence a warning.  `validate` runs them on every
run.  A round from the cache is decoded only when its marks (the latest
day it records, whether it names files) say a check could find something,
so a warm `validate` of a ledger dated in the past stays as fast as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .problems import Problem, sort_problems


def ledger_problems(ledger, day: dt.date, evidence_root: Path | None = None,
                    evidence_required: bool = False) -> list[Problem]:
    """Every day-, file- and configuration-dependent problem of the ledger's valid rounds, placed and sorted."""
    found: list[Problem] = []
    for loaded in ledger.rounds:
        marks = loaded.marks
        findings = []
        if not (evidence_required or marks.get("evidence") or (marks.get("latest") or "") > day.isoformat()):
            continue  # nothing a check could find: the model is not even decoded
        from . import checks  # pydantic comes with it: only for a round that needs a look

        latest = marks.get("latest")
        if latest is not None and latest > day.isoformat():
            findings += checks.future_records(loaded.model, day)
        if marks.get("evidence"):
            findings += checks.missing_evidence(loaded.model, evidence_root or Path(loaded.path).parent)
        if evidence_required:
            findings += checks.evidence_required(loaded.model)
        found += [loaded.place(finding) for finding in findings]
    return sort_problems(found)


__all__ = ["ledger_problems"]
