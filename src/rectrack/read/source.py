"""Bytes of a data file → decoded text that knows its lines: the first step of reading.

A round file is read only if it is a regular file within the size limit
(`read_bytes`: the type is checked before opening, the open does not block,
the read stops at the limit), decoded only if it is UTF-8 (`decode`: a BOM
is allowed and remembered; UTF-16/32, GBK and binary files are named as
such), and every position in it is given as git and editors count lines
(`LineMap`: only LF ends a line).
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import problem_args
from ..problems import Problem
from .limits import LIMIT_ENV, Limits, size_text

BOM = "\ufeff"


class LineMap:
    """Character offsets → the 1-based lines and columns editors and git show (only LF ends a line).

    The table of line starts is built on first use: a file that loads
    cleanly never asks for a position.
    """

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def from_index(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1


@dataclass
class Source:
    """A decoded data file: its text, where it came from, and how to write it back the same way."""

    path: Path
    display: str
    text: str
    bom: bool = False
    newline: str = "\n"
    lines: LineMap = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = LineMap(self.text)

    def problem(self, index: int, code: str, message: str, level=None, **args) -> Problem:
        """A problem at character offset `index` of this text; `args` are what the message says (`messages`)."""
        line, column = self.lines.from_index(index)
        extra = problem_args(**args) if args else ()
        return Problem(self.display, line, column, code, message, args=extra) if level is None else \
            Problem(self.display, line, column, code, message, level, args=extra)


_UTF_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SNIFF = 8000  # bytes looked at to tell text from binary, as git does


def decode(data: bytes, display: str, path: Path) -> tuple[Source | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 (a BOM is allowed and remembered) and note its line endings.

    Anything else is refused with one located problem saying what the file
    seems to be: UTF-16 or UTF-32 (by byte-order mark, or by NUL bytes
    between the letters), binary, or GBK/GB18030 (the Chinese Windows default).
    """
    for mark, name in _UTF_BOMS:
        if data.startswith(mark):
            return None, [Problem(display, 1, 1, "encoding", f"file is {name}; save it as UTF-8",
                                  args=problem_args(_variant="utf-bom", name=name))]
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    sample = body[:_SNIFF]
    nuls = sample.count(0)
    if nuls and nuls * 4 >= len(sample):
        # ASCII written as UTF-16 has a NUL beside every letter, always on the same side.
        one_side = min(sample[0::2].count(0), sample[1::2].count(0)) * 10 <= nuls
        message = ("file looks like UTF-16 without a byte-order mark; save it as UTF-8" if one_side
                   else "file is binary (it is full of NUL bytes), not YAML text")
        return None, [Problem(display, 1, 1, "encoding", message,
                              args=problem_args(_variant="utf16" if one_side else "binary"))]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = _encoding_hint(body)
        variant = "gbk" if "GBK" in hint else "binary-bytes" if "binary" in hint else "not-utf8"
        return None, [Problem(display, line, column, "encoding", f"not valid UTF-8 (byte 0x{body[exc.start]:02X}); {hint}",
                              args=problem_args(_variant=variant, byte=f"{body[exc.start]:02X}"))]
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(path=path, display=display, text=text, bom=bom, newline=newline), []


def _encoding_hint(body: bytes) -> str:
    if 0 in body[:_SNIFF]:
        return "it looks like a binary file, not YAML text"
    try:
        if re.search("[\u3400-\u9fff]", body.decode("gb18030")):  # compiled only on this error path
            return "it looks like GBK/GB18030 (the Chinese Windows default); save it as UTF-8"
    except UnicodeDecodeError:
        pass
    return "save it as UTF-8"


_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path, display: str, limits: Limits) -> tuple[bytes | None, os.stat_result | None, list[Problem]]:
    """The bytes of a regular file within the size limit and the stat of what was read, or None and the problem.

    The file type is checked before opening (a FIFO would block the run, a
    device never end) and again on the open descriptor, which is opened
    non-blocking where the platform allows, so nothing swapped in between
    can hang rectrack either.  The read stops one byte past the limit.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, None, [_not_regular(display, info.st_mode)]
        if info.st_size > limits.max_bytes:
            return None, None, [too_large(display, info.st_size, limits)]
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                return None, None, [_not_regular(display, opened.st_mode)]
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        return None, None, [Problem(display, 1, 1, "unreadable", f"cannot read file: {reason}",
                                 args=problem_args(reason=reason))]
    if len(data) > limits.max_bytes:
        return None, None, [too_large(display, None, limits)]
    return data, opened, []


def regular_stat(path: Path, limits: Limits) -> os.stat_result | None:
    """The stat of a regular file within the size limit, without opening it; None for anything else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) and info.st_size <= limits.max_bytes else None


def read_source(path: Path, display: str, limits: Limits) -> tuple[Source | None, list[Problem]]:
    """`read_bytes`, then `decode`: the text of a data file, or the problems why there is none."""
    data, _, problems = read_bytes(path, display, limits)
    if data is None:
        return None, problems
    return decode(data, display, path)


def _not_regular(display: str, mode: int) -> Problem:
    variant = ("fifo" if stat.S_ISFIFO(mode) else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
               else "socket" if stat.S_ISSOCK(mode) else "folder" if stat.S_ISDIR(mode) else "other")
    kind = {"fifo": "a FIFO (named pipe), not a regular file", "device": "a device, not a regular file",
            "socket": "a socket, not a regular file", "folder": "a folder, not a regular file",
            "other": "not a regular file"}[variant]
    return Problem(display, 1, 1, "refused-file", f"not read: {kind} (name a real data file)",
                   args=problem_args(_variant=variant))


def not_regular(path, display: str) -> Problem:
    """Why `path`, which exists, is not read: a FIFO, a device, a socket (one wording wherever it was found)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    return _not_regular(display, mode)


def too_large(display: str, size: int | None, limits: Limits) -> Problem:
    what = f"{size} bytes" if size is not None else "larger than that"
    return Problem(display, 1, 1, "too-large",
                   f"file is over the size limit of {size_text(limits.max_bytes)} ({what}); "
                   f"if it is genuine, raise {LIMIT_ENV['max_bytes']}",
                   args=problem_args(limit=size_text(limits.max_bytes), what=what, env=LIMIT_ENV["max_bytes"]))


__all__ = ["BOM", "LineMap", "Source", "decode", "read_bytes", "read_source", "not_regular", "regular_stat", "too_large"]
