"""Find an issue or a round among the round files under the data location.

Commands name an issue as `ROUND_ID/ISSUE_ID` or as a bare `ISSUE_ID`; a bare
id that several rounds use is refused with the candidates listed, never
guessed.  The search is cheap: a file whose text does not contain the id at
all is never parsed, and a file that may hold it is read once, by the same
reader every command uses (`read.parse`), into its data and positions.  Ids
are compared as the text written (`id: 010` is found as 010, and then
refused by validation, never as 10).  An editor takes the match's text on
(`Found.doc`), which is the only place the editing side's node tree is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import current_limits
from .loader import display_path, find_round_files
from .problems import RectrackError, did_you_mean
from .read import Parsed, parse, read_source
from .read.scalars import id_text

if TYPE_CHECKING:
    from .yamledit import TextDoc

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class Ids:
    """The round id of a file, and each aspect's and issue's id with its path in the data."""

    round_id: str | None
    aspects: list[tuple[str, tuple]] = field(default_factory=list)
    issues: list[tuple[str, tuple]] = field(default_factory=list)

    def issue_ids(self) -> list[str]:
        return [issue_id for issue_id, _ in self.issues]


def ids_of(data: Any) -> Ids:
    """The ids of plain round data; odd shapes are skipped, not fatal."""
    if not isinstance(data, dict):
        return Ids(None)
    round_part = data.get("round")
    ids = Ids(id_text(round_part.get("id")) if isinstance(round_part, dict) else None)
    aspects = data.get("aspects")
    for a, aspect in enumerate(aspects if isinstance(aspects, list) else ()):
        if not isinstance(aspect, dict):
            continue
        ids.aspects.append((id_text(aspect.get("id")) or "", ("aspects", a)))
        issues = aspect.get("issues")
        for i, issue in enumerate(issues if isinstance(issues, list) else ()):
            if isinstance(issue, dict):
                ids.issues.append((id_text(issue.get("id")) or "", ("aspects", a, "issues", i)))
    return ids


def split_ref(ref: str) -> tuple[str | None, str]:
    """`ROUND/ISSUE` → (round, issue); `ISSUE` → (None, issue).  Refuses what cannot be an id."""
    text = ref.strip()
    round_id, _, issue_id = text.rpartition("/")
    for part, what in ((round_id, "round id"), (issue_id, "issue id")):
        if (part or what == "issue id") and not _ID.fullmatch(part):
            raise RectrackError(code="bad-ref", ref=ref)
    return (round_id or None), issue_id


@dataclass
class Found:
    """A round file that holds what was looked for, with what reading it gave."""

    path: Path
    parsed: Parsed
    round_id: str
    issue_id: str | None = None
    loc: tuple | None = None
    _doc: Any = field(default=None, repr=False)
    # Files that could not be read and mention what was looked for: they may hold it too.
    unreadable: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return self.parsed.source.display

    @property
    def line(self) -> int | None:
        """1-based line of the issue in the file, when one was looked for."""
        if self.loc is None or self.parsed.positions is None:
            return None
        return self.parsed.positions.place(self.loc)[0]

    @property
    def doc(self) -> TextDoc:
        """The file's node tree for editing it (RectrackError when it cannot be edited)."""
        if self._doc is None:
            from .yamledit import TextDoc

            self._doc = TextDoc(self.parsed.source)
        return self._doc


def _files(paths: list[Path], needles: tuple[str, ...], unreadable: list[str]):
    """(path, parsed, ids) of each round file whose text contains every needle and that reads as YAML."""
    limits = current_limits()
    files, refused = find_round_files(paths)
    unreadable.extend(problem.path for problem in refused)
    for path in files:
        display = display_path(path)
        source, _ = read_source(path, display, limits)
        if source is None:
            unreadable.append(display)
            continue
        if not all(needle in source.text for needle in needles):
            continue
        parsed = parse(source, limits)
        if parsed.data is None:
            unreadable.append(display)
            continue
        yield path, parsed, ids_of(parsed.data)


def _location_name(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _unreadable_note(unreadable: list[str]) -> str:
    if not unreadable:
        return ""
    return (f" ({len(unreadable)} file(s) could not be read: {', '.join(unreadable[:3])}"
            + ("…" if len(unreadable) > 3 else "") + "; run rectrack validate)")


def find_issue(paths: list[Path], ref: str) -> Found:
    """The one round file holding issue `ref` (`ROUND/ISSUE` or `ISSUE`).

    Raises RectrackError when no file holds it (naming close ids), or when
    a bare id is in several rounds (listing them as ROUND/ISSUE).
    """
    round_id, issue_id = split_ref(ref)
    unreadable: list[str] = []
    needles = (issue_id,) if round_id is None else (issue_id, round_id)
    matches: list[Found] = []
    for path, parsed, ids in _files(paths, needles, unreadable):
        if round_id is not None and ids.round_id != round_id:
            continue
        for candidate, loc in ids.issues:
            if candidate == issue_id:
                matches.append(Found(path, parsed, ids.round_id or "", issue_id, loc))
                break
    if len(matches) == 1:
        from dataclasses import replace

        return replace(matches[0], unreadable=tuple(unreadable))
    if matches:
        names = ", ".join(f"{m.round_id}/{issue_id} ({m.display})" for m in matches)
        if len({m.round_id for m in matches}) < len(matches):
            # ROUND_ID/ISSUE_ID cannot tell them apart: the files share a round id.
            raise RectrackError(code="issue-in-shared-rounds", id=issue_id, n=len(matches), names=names)
        raise RectrackError(code="ambiguous-issue", id=issue_id, n=len(matches), names=names)
    known: list[str] = []
    rounds: list[str] = []
    for _, _, ids in _files(paths, (), []):
        rounds.append(ids.round_id or "")
        if round_id is None or ids.round_id == round_id:
            known.extend(ids.issue_ids())
    if round_id is not None and round_id not in rounds:
        raise _no_round(round_id, paths, rounds, unreadable)
    where = f"round '{round_id}'" if round_id else _location_name(paths)
    raise RectrackError(code="no-issue", id=issue_id, where=where, unreadable=_unreadable_note(unreadable),
                        where_zh=f"轮次“{round_id}”" if round_id else f" {_location_name(paths)} ",
                        unreadable_zh=_unreadable_zh(unreadable), **did_you_mean(issue_id, known))


def find_round(paths: list[Path], round_id: str | None) -> Found:
    """The round file with this round id; with None, the only round there is.

    Raises RectrackError when there is no such round, or (for None) when
    there are several to choose from.
    """
    unreadable: list[str] = []
    if round_id is not None and not _ID.fullmatch(round_id):
        raise RectrackError(code="bad-round-id", id=round_id)
    found: list[Found] = []
    for path, parsed, ids in _files(paths, (round_id,) if round_id else (), unreadable):
        if ids.round_id is None:
            continue
        if round_id is None or ids.round_id == round_id:
            found.append(Found(path, parsed, ids.round_id))
    if len(found) == 1:
        return found[0]
    if found and round_id is None:
        names = ", ".join(f"{f.round_id} ({f.display})" for f in found)
        raise RectrackError(code="several-rounds", n=len(found), names=names)
    if found:
        names = ", ".join(f.display for f in found)
        raise RectrackError(code="round-in-several-files", id=round_id, n=len(found), names=names)
    if round_id is None:
        raise RectrackError(code="no-round-files",
                            where=_location_name(paths), unreadable=_unreadable_note(unreadable),
                            unreadable_zh=_unreadable_zh(unreadable))
    rounds = [ids.round_id or "" for _, _, ids in _files(paths, (), [])]
    raise _no_round(round_id, paths, rounds, unreadable)


def _no_round(round_id: str, paths: list[Path], rounds: list[str], unreadable: list[str]) -> RectrackError:
    return RectrackError(code="no-round", id=round_id, where=_location_name(paths),
                         unreadable=_unreadable_note(unreadable), unreadable_zh=_unreadable_zh(unreadable),
                         **did_you_mean(round_id, rounds))


def _unreadable_zh(unreadable: list[str]) -> str:
    return f"（{len(unreadable)}个文件无法读取，请运行 rectrack validate）" if unreadable else ""


__all__ = ["Found", "Ids", "find_issue", "find_round", "id_text", "ids_of", "split_ref"]
