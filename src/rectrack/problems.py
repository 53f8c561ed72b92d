"""Problems found in data files, and the one error for "cannot run at all".

A `Problem` is a value, not an exception: loading collects every problem of
every file so that one run of `rectrack validate` reports them all, in a
stable order, each with the place an editor can jump to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Fix:
    """A text edit that repairs a problem: replace `text[start:end]` of the decoded file with `replacement`.

    Offsets are characters of the decoded text (after any BOM, line endings
    as they are in the file).  `safe` fixes are certain and `rectrack fix`
    applies them; an unsafe one is a suggestion a person must confirm.
    """

    start: int
    end: int
    replacement: str
    safe: bool = True


@dataclass(frozen=True)
class Problem:
    """Something wrong at a place in a file; line and column are 1-based.

    `fix`, when there is one, repairs it (see `Fix`); `args` are the values
    the message was made from, by name, so that it can be said again in
    another language (`messages`).  Neither takes part in comparisons.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    level: Level = Level.ERROR
    fix: Fix | None = field(default=None, compare=False)
    args: tuple = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level.value}: {self.message} [{self.code}]"


def short(text: str, limit: int = 40) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis: how a message quotes a value."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A quoted value: opens after a space or bracket, closes before a space or punctuation.
_LONG_QUOTED = re.compile(r"(?:(?<=[\s(\[])|^)'([^'\n]{41,}?)'(?=$|[\s;,.:)\]])")
MAX_MESSAGE = 300


def excerpts(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message` cut to `limit` characters, long quoted values first, each to a short excerpt.

    The last line of defence against an error message echoing a file's
    content (a secret in a symlinked file, a 10 kB key) into a CI log.
    Messages of ordinary length pass unchanged.
    """
    if len(message) <= 200:
        return message
    message = _LONG_QUOTED.sub(lambda m: f"'{short(m.group(1))}'", message)
    return short(message, limit)


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


def did_you_mean(wanted: str, known) -> dict[str, str]:
    """The `suggestion` and `suggestion_zh` values of an error naming `wanted`, which is not among `known`.

    Up to three of `known` close to `wanted`, as the end of the sentence in
    each language ("; did you mean A1-2?", "，是否应为 A1-2？"); both empty
    when none is close.  One home for the lookups of `lookup` and `yamledit`.
    """
    import difflib

    close = difflib.get_close_matches(wanted, [k for k in known if k], n=3, cutoff=0.5)
    if not close:
        return {"suggestion": "", "suggestion_zh": ""}
    return {"suggestion": f"; did you mean {', '.join(close)}?", "suggestion_zh": f"，是否应为 {'、'.join(close)}？"}


class RectrackError(Exception):
    """rectrack cannot do what was asked at all: no such file, no such id, refused write.

    Raised with a `code` from `replies.ERRORS` and the values the message is
    made of (`RectrackError(code="no-path", path=...)`): the English message
    is made from them, and the CLI says it in the reader's language.  A
    message given as text is said as it is, in every language.
    """

    def __init__(self, message: str = "", *, code: str | None = None, **message_args) -> None:
        if code is not None and not message:
            from .replies import english

            message = english(code, message_args)
        super().__init__(message)
        self.code = code
        self.message_args = message_args


class EditRefused(RectrackError):
    """A change refused because the file would be, or already is, invalid; nothing was written.

    Lives here, beside RectrackError, so that a command can catch it without importing the editing side.
    """

    def __init__(self, message: str = "", problems=(), *, code: str | None = None, **message_args) -> None:
        super().__init__(message, code=code, **message_args)
        self.problems = list(problems)


class BadValue(RectrackError, ValueError):
    """A value rectrack cannot take as given (a typed date, a --by key), said from its code like any RectrackError.

    Also a ValueError, so that code parsing values catches it as it would
    any unreadable value; the CLI makes it a usage error (exit 2) where the
    value came from an option.
    """
