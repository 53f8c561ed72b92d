"""Where a command may write the file it was told to (`-o FILE`), and how: one rule for every command.

`export`, `report` and `schema` write a document to a path the user typed.
A slip of the finger there (`export -o data/r1.yaml`, the ledger just read)
must not replace a ledger with a spreadsheet, and a document written into
the data folder as `.yaml` must not break the next `validate`.  So before a
byte is written, `refuse_output` refuses, with a RectrackError and nothing
written:

- any file the command read (compared by device and inode, so a hard link
  or another spelling of the path is the same file), the config file among
  them;
- any round file (a .yaml/.yml whose text has a top-level `round:` key),
  wherever it is;
- any other .yaml/.yml inside a data location, where `validate` would read it;
- a folder, a block device, a socket.

`write_output` then writes: `-` is stdout; `/dev/stdout`, `/dev/stderr`,
`/dev/fd/N` and `/proc/self/fd/N` are the descriptors the shell set up,
written as they are (a `>>` keeps appending); an existing FIFO or character
device (`/dev/null`, a tty) is written into, never renamed over (as root an
atomic rename would turn /dev/null into a regular file); a FIFO nobody reads
is refused rather than waited on.  Everything else is written atomically by
`atomic.write_atomic`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from .loader import DATA_SUFFIXES, display_path
from .loader import within as _within
from .problems import RectrackError
from .atomic import write_atomic

STDOUT = "-"
# The descriptors a shell hands over under a name; written as the shell opened them.
_INHERITED = re.compile(r"/dev/(?P<std>stdout|stderr)|/dev/fd/(?P<fd>\d+)|/proc/self/fd/(?P<proc>\d+)")
_ROUND_KEY = re.compile(rb"(?m)^round[ \t]*:")
_SNIFF_BYTES = 64 * 1024


def is_stdout(output: Path | str | None) -> bool:
    """True when `output` means standard output: none given, or `-`."""
    return output is None or str(output) == STDOUT


def inherited_fd(output: Path | str) -> int | None:
    """The descriptor `output` names (/dev/stdout is 1, /dev/fd/5 is 5), or None for an ordinary path."""
    if os.name == "nt":
        return None
    match = _INHERITED.fullmatch(str(output))
    if match is None:
        return None
    if match["std"]:
        return 1 if match["std"] == "stdout" else 2
    return int(match["fd"] or match["proc"])


def refuse_output(output: Path, read: Iterable[Path] = (), data: Iterable[Path] = ()) -> None:
    """Raise RectrackError when writing `output` could destroy an input; return None when it may be written.

    `read` holds every file the command read, `data` the data locations
    (folders whose .yaml files `validate` reads).
    """
    output = Path(output)
    if inherited_fd(output) is not None:
        return
    shown = display_path(output)
    try:
        info = output.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise RectrackError(code="output-cannot-write", path=shown, reason=exc.strerror or str(exc)) from None
    if info is not None:
        _refuse_kind(shown, info)
        same = next((p for p in read if _same_file(output, info, p)), None)
        if same is not None:
            also, also_zh = ("", "") if display_path(same) == shown else \
                (f" (as {display_path(same)})", f"（即 {display_path(same)}）")
            raise RectrackError(code="output-is-input", path=shown, also=also, also_zh=also_zh)
        if stat.S_ISREG(info.st_mode) and _is_round_file(output):
            raise RectrackError(code="output-is-round-file", path=shown)
    if output.suffix.lower() in DATA_SUFFIXES:
        where = os.path.realpath(output)
        for folder in data:
            if Path(folder).is_dir() and _within(where, os.path.realpath(folder)):
                raise RectrackError(code="output-in-data", path=shown, suffix=output.suffix,
                                    folder=display_path(Path(folder)))


def write_output(output: Path, data: bytes) -> None:
    """Write `data` to `output` (see the module docstring); RectrackError (WriteError for files) on failure.

    Call `refuse_output` first; this only writes.
    """
    output = Path(output)
    fd = inherited_fd(output)
    if fd is not None:
        _write_all(fd, data, display_path(output))
        return
    try:
        info = output.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _refuse_kind(display_path(output), info)
        _write_into(output, data)
        return
    write_atomic(output, data)


def _refuse_kind(shown: str, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return
    kind, kind_zh = (("a folder", "一个文件夹") if stat.S_ISDIR(mode) else
                     ("a block device", "一个块设备") if stat.S_ISBLK(mode) else
                     ("a socket", "一个套接字") if stat.S_ISSOCK(mode) else
                     ("not a regular file", "一个特殊文件，不是普通文件"))
    raise RectrackError(code="output-kind", path=shown, kind=kind, kind_zh=kind_zh)


def _write_into(output: Path, data: bytes) -> None:
    """Write into an existing FIFO or character device in place, without waiting for a reader that is not there."""
    shown = display_path(output)
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(output, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise RectrackError(code="output-no-reader", path=shown) from None
        raise RectrackError(code="output-cannot-write", path=shown, reason=exc.strerror or str(exc)) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # non-blocking only to open; the reader sets the pace
        _write_all(fd, data, shown)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes, shown: str) -> None:
    import sys

    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # what was printed before comes before the document
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise RectrackError(code="cannot-write", path=shown, reason=exc.strerror or str(exc)) from None


def _same_file(output: Path, info: os.stat_result, other: Path) -> bool:
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    if info.st_ino == 0 or theirs.st_ino == 0:  # a file system without inode numbers: compare names
        return os.path.normcase(os.path.realpath(output)) == os.path.normcase(os.path.realpath(other))
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def _is_round_file(path: Path) -> bool:
    if path.suffix.lower() not in DATA_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _ROUND_KEY.search(head.removeprefix(b"\xef\xbb\xbf")) is not None


__all__ = ["STDOUT", "inherited_fd", "is_stdout", "refuse_output", "write_output"]
