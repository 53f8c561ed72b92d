"""Problems found in data files, and the one error for "cannot run at all".

A `Problem` is a value, not an exception: loading collects every problem of
every file so that one run of `rectrack validate` reports them all, in a
stable order, each with the place an editor can jump to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong at a place in a file; line and column are 1-based."""

    path: str
    line: int
    column: int
    code: str
    message: str
    level: Level = Level.ERROR

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level.value}: {self.message} [{self.code}]"


def sort_problems(problems) -> list[Problem]:
    """Problems in the order they are reported: by file, then by place."""
    return sorted(problems, key=Problem.sort_key)


@dataclass(frozen=True)
class Finding:
    """A problem before it has a place: `loc` is the path of keys and indexes into the document.

    Checks work on validated models and know only where in the *data* a
    problem is; the loader turns `loc` into a line and column using the
    parsed document, so checks never handle positions themselves.
    """

    loc: tuple
    code: str
    message: str
    level: Level = Level.ERROR
    # Point at the key itself rather than its value (unknown keys, duplicates).
    at_key: bool = False
    extra: dict = field(default_factory=dict, compare=False)


class RectrackError(Exception):
    """rectrack cannot do what was asked at all: no such file, no such id, refused write.

    The CLI prints the message on one line to stderr and exits 1.
    """
