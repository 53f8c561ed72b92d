"""Writing files atomically: a failure at any step leaves the original byte-identical.

Every write of a data file or an output (`-o`) goes through `write_atomic`
or `open_atomic`: a temporary file in the same folder, fsynced, given the
original's permissions, renamed over the original in one step.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .problems import RectrackError


class WriteError(RectrackError, OSError):
    """A file could not be written; the original is unchanged and no temporary file is left.

    Both a RectrackError (the CLI prints it on one line and exits 1) and an
    OSError (`errno` and `strerror` are the cause's), so callers may catch
    either; `str()` is the whole sentence.
    """

    def __init__(self, path: Path, cause: OSError, existed: bool) -> None:
        from .replies import english

        reason = cause.strerror or str(cause)
        hint = hint_zh = ""
        if os.name == "nt" and isinstance(cause, PermissionError):
            hint, hint_zh = " (is the file open in another program?)", "（这个文件是否正在其他程序中打开？）"
        OSError.__init__(self, cause.errno, reason + hint)
        self.filename = str(path)
        # As RectrackError keeps them, so that the CLI can say it in Chinese (`replies.error_text`).
        self.code = "write-failed" if existed else "write-failed-new"
        self.message_args = {"path": str(path), "reason": reason, "hint": hint, "hint_zh": hint_zh}
        self.message = english(self.code, self.message_args)

    def __str__(self) -> str:
        return self.message


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` completely or not at all; raises WriteError on failure."""
    with open_atomic(path, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def open_atomic(path: Path, mode: str = "wb", encoding: str | None = None,
                newline: str | None = None) -> Iterator[IO]:
    """A new file that replaces `path` when the block ends normally, and never otherwise.

    The content goes to a temporary file in the same folder, is flushed and
    fsynced, takes the original's owner and group where the OS allows it
    (root editing another user's file leaves it theirs) and its permission
    bits (mkstemp creates 0600), and is renamed over the original with
    `os.replace`; the folder is then fsynced where the platform allows.
    Temporary files of this very name that an earlier run left behind (a
    SIGKILL, a power cut) are removed after the write when over an hour old
    (see `_remove_stale`).  When anything fails (the writer raises
    halfway, as csv does on a lone surrogate; the disk is full; the file size
    limit is hit; fsync or the rename fails; the folder is read-only) the
    temporary file is removed, the original stays byte-identical, and an
    OSError becomes WriteError (other exceptions pass through unchanged).

    A symlink is followed, so the link stays a link and its target is
    replaced.  `mode` is "wb" or "w" (then `encoding` and `newline` apply).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_atomic writes whole files: mode 'w' or 'wb', not {mode!r}")
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        original = path.stat()
    except OSError:
        original = None
    existed = original is not None or path.exists()
    import tempfile  # here, not at the top: it imports random, shutil and more, which reads never need

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, exc, existed) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if original is not None:
            _keep_owner(tmp, original)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(path, exc, existed) from exc
        raise
    _fsync_folder(folder)
    _remove_stale(folder, path.name)


# A temporary file of ours is `.NAME.` + mkstemp's 8 characters + `.tmp`; one
# older than this was left by a run that was killed (a live write takes seconds).
STALE_TEMP_AGE = 3600.0
_MKSTEMP_NAME = "[a-z0-9_]{8}"


def _keep_owner(tmp: Path, original: os.stat_result) -> None:
    # Only root may give a file away; anyone may pass it to a group they are in.
    if not hasattr(os, "chown"):
        return
    for uid in (original.st_uid, -1):
        try:
            os.chown(tmp, uid, original.st_gid)
            return
        except OSError:
            continue


def _remove_stale(folder: Path, name: str) -> None:
    """Remove `.NAME.XXXXXXXX.tmp` files in `folder` over STALE_TEMP_AGE old, regular and the user's own."""
    import stat
    import time

    pattern = re.compile(re.escape(f".{name}.") + _MKSTEMP_NAME + re.escape(".tmp"))
    cutoff = time.time() - STALE_TEMP_AGE
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        candidates = [entry for entry in os.scandir(folder) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for entry in candidates:
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff
                    and (uid is None or info.st_uid == uid)):
                os.unlink(entry.path)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder this way.
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Rewrite:
    """What a command that rewrites one file did, for its report: mixed into `EditResult` and `FixResult`.

    The class using it has `display`, `before` and `after` (the file's text before and after).
    """

    display: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """The change as a unified diff, the way `git diff` shows it (a CRLF file's lines keep their CR)."""
        return text_diff(self.display, self.before, self.after)


def text_diff(display: str, before: str, after: str) -> str:
    """A rewrite of `display` as a unified diff, the way `git diff` shows it (a CRLF file's lines keep their CR).

    What `--dry-run` prints instead of writing (add, update, fix).
    """
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{display}", tofile=f"b/{display}"))
