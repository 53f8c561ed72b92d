"""`rectrack fix`: apply the safe fixes that problems carry, and change nothing else in the file.

A problem whose repair is certain carries it as a `Fix` (a text edit at its
place, see `problems.Fix`); today these are the input-method slips of
`read.slips`.  `fix_file` reads the file under the same lock `update`
takes, applies every safe fix, reads the result again (a slip can hide the
next one: after `deadline：2024/6/30` has its colon, its date is a value),
and repeats until nothing more is certain.  Every byte outside the fixed
spans stays: comments, the BOM, CRLF line endings.  The result is written
atomically, only when it changed, and only if the file still holds what
was read.  What is left (unsafe suggestions, everything else) is returned
for a person; so are the problems of a file that cannot be read as text at
all (GB18030 bytes, a binary file), which is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import current_limits
from .lock import DEFAULT_TIMEOUT, locked
from .problems import Fix, Problem, RectrackError, sort_problems
from .read import BOM, Source, read_source
from .atomic import Rewrite, write_atomic

# Each round fixes what the last one uncovered; a slip uncovers at most one other, so a few suffice.
_MAX_ROUNDS = 8


@dataclass(frozen=True)
class FixResult(Rewrite):
    """What fixing one file did: the problems fixed (as they were found), those left, both texts."""

    path: Path
    display: str
    fixed: tuple[Problem, ...]
    left: tuple[Problem, ...]
    before: str
    after: str
    written: bool


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """`text` with `fixes` applied; a fix overlapping one before it is left out (the next round finds it again)."""
    pieces = []
    position = 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fix.start < position:
            continue
        pieces.append(text[position:fix.start])
        pieces.append(fix.replacement)
        position = fix.end
    pieces.append(text[position:])
    return "".join(pieces)


def fix_text(source: Source) -> tuple[str, list[Problem], list[Problem]]:
    """(fixed text, problems fixed, problems left) of a decoded file, without writing anything."""
    from .loader import load_source

    limits = current_limits()
    text = source.text
    fixed: list[Problem] = []
    problems: list[Problem] = []
    for _ in range(_MAX_ROUNDS):
        current = Source(path=source.path, display=source.display, text=text, bom=source.bom, newline=source.newline)
        problems = load_source(current, limits).problems
        safe = [p for p in problems if p.fix is not None and p.fix.safe]
        if not safe:
            break
        fixed.extend(safe)
        text = apply_fixes(text, [p.fix for p in safe])
    return text, sort_problems(fixed), sort_problems(problems)


def fix_file(path: Path, display: str, *, dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT) -> FixResult:
    """Apply the safe fixes to the round file at `path` under its edit lock; write only if the text changed.

    A file that cannot be read as text (not UTF-8, binary, too large) is
    left as it is: its problems are the result's `left`, as any other file's
    are, so that one unreadable file among many is reported and the others are
    still fixed.  RectrackError when the file changed while it was being
    fixed (nothing is written then) or its lock cannot be taken.
    """
    path = Path(path)
    real = path.resolve()  # fix the file a symlink points to; keep the link
    with locked(real, timeout):
        source, problems = read_source(real, display, current_limits())
        if source is None:
            if not problems:  # read_source always says why; never a silent pass all the same
                raise RectrackError(code="fix-cannot-read", file=display)
            return FixResult(path, display, (), tuple(sort_problems(problems)), "", "", False)
        after, fixed, left = fix_text(source)
        written = False
        if after != source.text and not dry_run:
            prefix = BOM.encode("utf-8") if source.bom else b""
            if real.read_bytes() != prefix + source.text.encode("utf-8"):
                raise RectrackError(code="changed-while-fixing", file=display)
            write_atomic(real, prefix + after.encode("utf-8"))
            written = True
    return FixResult(path, display, tuple(fixed), tuple(left), source.text, after, written)


__all__ = ["FixResult", "apply_fixes", "fix_file", "fix_text"]
