"""What changed in the ledger since a git revision: statuses, issues added and removed, new notes.

At a progress meeting the question is "what moved since last week?".  The
ledger already lives in git, so the old state is `git show REV:path` away:
this module reads the round files as they were at REV (through the same
guarded parse and validation as today's files), and `compare_ledgers`
matches rounds by id and issues by (round, issue) id, so a renamed or
split file still compares correctly.

git runs as a subprocess with a list of arguments (no shell), its output
decoded as UTF-8 explicitly; a missing git, a folder outside a repository
or an unknown revision is a `RectrackError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .config import current_limits
from .loader import DATA_SUFFIXES, Ledger, display_path, load_bytes, load_paths
from .model import HistoryEntry, RoundFile, Status
from .gitrun import git as _git
from .gitrun import last_error as _stderr
from .problems import Problem, RectrackError, sort_problems
from .queries import Counts, count_round
from .read.source import too_large


# -- comparing two ledgers --------------------------------------------------------------

@dataclass(frozen=True)
class IssueRef:
    """An issue as the diff names it."""

    round: str
    issue: str
    title: str
    status: Status


@dataclass(frozen=True)
class StatusChange:
    round: str
    issue: str
    title: str
    before: Status
    after: Status

    @property
    def forward(self) -> bool:
        """True when the issue moved towards completion, False when it went back."""
        return self.after.rank > self.before.rank


@dataclass(frozen=True)
class NewNote:
    round: str
    issue: str
    title: str
    entry: HistoryEntry


@dataclass(frozen=True)
class DeadlineChange:
    """A deadline that changed; `approved` when extensions lead from the old one to the new one."""

    round: str
    issue: str
    title: str
    before: dt.date
    after: dt.date | None
    approved: bool


def _totals(rounds: list[RoundFile]) -> dict[str, int | float]:
    counts = Counts()
    for round_file in rounds:
        counts = counts + count_round(round_file, as_of=None)
    data = {"rounds": len(rounds), **counts.as_dict()}
    data.pop("overdue")  # needs a date; the diff compares states, not deadlines
    return data


@dataclass
class LedgerDiff:
    """The differences between the ledger at `rev` and now."""

    rev: str
    commit: str = ""
    changes: list[StatusChange] = field(default_factory=list)
    added: list[IssueRef] = field(default_factory=list)
    removed: list[IssueRef] = field(default_factory=list)
    notes: list[NewNote] = field(default_factory=list)
    deadlines: list[DeadlineChange] = field(default_factory=list)
    totals_before: dict[str, int | float] = field(default_factory=dict)
    totals_after: dict[str, int | float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.added or self.removed or self.notes or self.deadlines)

    def as_json(self) -> dict:
        """The documented `diff --json` contract."""
        def ref(item: IssueRef) -> dict:
            return {"round": item.round, "issue": item.issue, "title": item.title,
                    "status": item.status.value}

        return {
            "rev": self.rev,
            "commit": self.commit,
            "changes": [{"round": c.round, "issue": c.issue, "title": c.title,
                         "from": c.before.value, "to": c.after.value} for c in self.changes],
            "added": [ref(i) for i in self.added],
            "removed": [ref(i) for i in self.removed],
            "notes": [{"round": n.round, "issue": n.issue, "title": n.title,
                       "date": n.entry.date.isoformat(),
                       "status": n.entry.status.value if n.entry.status else None,
                       "note": n.entry.note, "by": n.entry.by} for n in self.notes],
            "deadlines": [{"round": d.round, "issue": d.issue, "title": d.title, "from": d.before.isoformat(),
                           "to": d.after.isoformat() if d.after else None, "approved": d.approved}
                          for d in self.deadlines],
            "totals_before": self.totals_before,
            "totals_after": self.totals_after,
        }


def _entry_key(entry: HistoryEntry) -> tuple:
    return (entry.date, entry.status, entry.note, entry.by)


def compare_ledgers(before: list[RoundFile], after: list[RoundFile], rev: str = "") -> LedgerDiff:
    """Status changes, added and removed issues, and new history entries, in file order of `after`.

    Issues are matched by (round id, issue id).  A history entry is new when
    the old issue had no entry with the same date, status, note and author
    (so editing an old note shows as a new one, which is what a reader of
    the ledger would want to hear about).
    """
    old = {(r.round.id, i.id): i for r in before for _, i in r.issues()}
    new = {(r.round.id, i.id): i for r in after for _, i in r.issues()}
    diff = LedgerDiff(rev=rev, totals_before=_totals(before), totals_after=_totals(after))
    for round_file in after:
        round_id = round_file.round.id
        for _, issue in round_file.issues():
            previous = old.get((round_id, issue.id))
            if previous is None:
                diff.added.append(IssueRef(round_id, issue.id, issue.title, issue.status))
                continue
            if previous.status is not issue.status:
                diff.changes.append(StatusChange(round_id, issue.id, issue.title,
                                                 previous.status, issue.status))
            if previous.deadline is not None and previous.deadline != issue.deadline:
                diff.deadlines.append(DeadlineChange(round_id, issue.id, issue.title, previous.deadline,
                                                     issue.deadline,
                                                     _extended(issue, previous.deadline, issue.deadline)))
            seen = Counter(_entry_key(e) for e in previous.history)
            for entry in issue.history:
                key = _entry_key(entry)
                if seen[key]:
                    seen[key] -= 1
                else:
                    diff.notes.append(NewNote(round_id, issue.id, issue.title, entry))
    for round_file in before:
        for _, issue in round_file.issues():
            if (round_file.round.id, issue.id) not in new:
                diff.removed.append(IssueRef(round_file.round.id, issue.id, issue.title, issue.status))
    return diff


# -- reading the ledger at a revision ---------------------------------------------------

def resolve_revision(rev: str, folder: Path) -> str:
    """The full commit id `rev` names in the repository holding `folder`.

    Raises RectrackError outside a repository or for a revision git does not know.
    """
    if not rev or rev.startswith("-"):
        # Would be read as an option by git.
        raise RectrackError(code="not-a-revision", rev=rev)
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise RectrackError(code="no-history", path=display_path(folder))
    result = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder)
    if result.returncode != 0:
        raise RectrackError(code="unknown-revision", rev=rev)
    return result.stdout.decode("ascii").strip()


def _files_at(commit: str, folder: Path) -> list[str]:
    """Round files under `folder` at `commit`, relative to it, hidden folders skipped."""
    result = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--", "."], folder)
    if result.returncode != 0:
        raise RectrackError(code="git-cannot-list", path=display_path(folder), commit=commit[:12],
                            reason=_stderr(result))
    names = [n.decode("utf-8", "replace") for n in result.stdout.split(b"\0") if n]
    return sorted(n for n in names
                  if Path(n).suffix.lower() in DATA_SUFFIXES
                  and not any(part.startswith(".") for part in Path(n).parts[:-1]))


def _blob_size(commit: str, folder: Path, name: str) -> int | None:
    """The size in bytes of `folder/name` at `commit` (`git cat-file -s`), or None when it did not exist there.

    Asked before `git show`, so a 200 MB blob is refused without being read into memory.
    """
    listed = _git(["ls-tree", "-z", "--name-only", commit, "--", name], folder)
    if listed.returncode != 0:
        raise RectrackError(code="git-cannot-read", name=name, commit=commit[:12], reason=_stderr(listed))
    if not listed.stdout.strip(b"\0"):
        return None
    result = _git(["cat-file", "-s", f"{commit}:./{Path(name).as_posix()}"], folder)
    if result.returncode != 0:
        raise RectrackError(code="git-cannot-read", name=name, commit=commit[:12], reason=_stderr(result))
    return int(result.stdout.strip())


def _show(commit: str, folder: Path, name: str) -> bytes:
    """The bytes of `folder/name` at `commit`."""
    result = _git(["show", f"{commit}:./{Path(name).as_posix()}"], folder)
    if result.returncode != 0:
        raise RectrackError(code="git-cannot-read", name=name, commit=commit[:12], reason=_stderr(result))
    return result.stdout


@dataclass
class OldLedger:
    """The rounds that validated at a revision, and the problems of those that did not."""

    rounds: list[RoundFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def ledger_at(rev: str, paths: list[Path]) -> tuple[str, OldLedger]:
    """Load the round files `paths` named, as they were at `rev`; returns (commit, ledger).

    A folder contributes every round file it held at `rev` (so files deleted
    since are read too); a file unknown at `rev` is simply absent, which
    makes its issues count as added.
    """
    old = OldLedger()
    commit = ""
    seen: set[str] = set()
    limits = current_limits()
    for path in paths:
        folder = path if path.is_dir() else path.parent
        folder = folder if str(folder) else Path(".")
        if not folder.is_dir():
            raise RectrackError(code="no-path", path=str(path))
        commit_here = resolve_revision(rev, folder)
        if commit and commit_here != commit:
            raise RectrackError(code="revision-differs", rev=rev)
        commit = commit_here
        names = _files_at(commit, folder) if path.is_dir() else [path.name]
        for name in names:
            key = os.path.normcase(os.path.abspath(folder / name))
            if key in seen:
                continue
            seen.add(key)
            size = _blob_size(commit, folder, name)
            if size is None:
                continue
            display = f"{rev}:{display_path(folder / name)}"
            if size > limits.max_bytes:
                old.problems.append(too_large(display, size, limits))
                continue
            data = _show(commit, folder, name)
            model, problems = load_bytes(data, display, limits)
            old.problems.extend(problems)
            if model is not None:
                old.rounds.append(model)
    old.problems = sort_problems(old.problems)
    return commit, old


def diff_since(rev: str, paths: list[Path]) -> tuple[LedgerDiff, Ledger, OldLedger]:
    """Compare the ledger under `paths` now with the same paths at `rev`.

    Returns the diff, today's ledger and the old one, so that the caller can
    refuse to report when either has errors.  Raises RectrackError when
    there is nothing to compare with (no git, no repository, unknown rev).
    """
    current = load_paths(paths)  # raises for a path that no longer exists
    commit, old = ledger_at(rev, paths)
    diff = compare_ledgers(old.rounds, [r.model for r in current.rounds], rev)
    diff.commit = commit
    return diff, current, old


def before_first_commit(folder: Path) -> bool:
    """Whether `folder` is in a git repository with no commit yet: a HEAD to compare with does not exist.

    False outside a repository, where `ledger_at` then says so.
    """
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        return False
    return _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], folder).returncode != 0


def unapproved_deadline_moves(rev: str, paths: list[Path], ledger: Ledger) -> list[Problem]:
    """Deadlines changed since `rev` without an extension record that leads from the old one to the new.

    A deadline moved later or removed is an error: that is how a ledger is
    bent quietly.  One moved earlier is a warning (a correction, most
    likely, but still a change nobody approved).  Each is placed at the
    deadline in today's file.  Raises RectrackError as `ledger_at` does.
    """
    from .problems import Finding, Level

    _commit, old = ledger_at(rev, paths)
    before = {(r.round.id, issue.id): issue.deadline for r in old.rounds for _aspect, issue in r.issues()}
    found = []
    for loaded in ledger.rounds:
        model = loaded.model
        for a_index, aspect in enumerate(model.aspects):
            for i_index, issue in enumerate(aspect.issues):
                old_deadline = before.get((model.round.id, issue.id))
                new = issue.deadline
                if old_deadline is None or new == old_deadline or _extended(issue, old_deadline, new):
                    continue
                variant = "removed" if new is None else "earlier" if new < old_deadline else "later"
                words = {"removed": "was removed", "earlier": f"moved earlier to {new}", "later": f"moved to {new}"}
                loc = ("aspects", a_index, "issues", i_index) + (("deadline",) if new is not None else ())
                found.append(loaded.place(Finding(
                    loc, "deadline-moved",
                    f"the deadline {old_deadline} of issue '{issue.id}' {words[variant]} since {rev} without an "
                    "extension record (延期 needs a reason and an approver: rectrack update "
                    f"{issue.id} --extend-to DATE --reason … --approved-by …)",
                    Level.WARNING if variant == "earlier" else Level.ERROR,
                    extra={"_variant": variant, "id": issue.id, "old": str(old_deadline), "new": str(new),
                           "rev": rev})))
    return sort_problems(found)


def _extended(issue, old, new) -> bool:
    """Whether the issue's extensions lead from deadline `old` to `new` (each with its reason and approver)."""
    return (new is not None and bool(issue.extensions) and issue.extensions[-1].to == new
            and any(ext.from_ == old for ext in issue.extensions))


__all__ = ["DeadlineChange", "LedgerDiff", "compare_ledgers", "diff_since", "before_first_commit", "ledger_at", "resolve_revision",
           "unapproved_deadline_moves"]
