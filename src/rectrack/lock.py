"""One lock per data file around read-modify-write, so concurrent edits never lose an update.

The lock is a separate file in the temporary folder, named after the data
file's real path.  Locking the data file itself would not work: the atomic
write replaces it with a new file, so a second writer would lock a file
that is no longer there.  A lock file beside the data would show up in
`git status` of every ledger repository.  filelock gives the same
behaviour on POSIX (flock) and Windows (msvcrt).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import RectrackError

DEFAULT_TIMEOUT = 30.0


def lock_path(path: Path) -> Path:
    """Where the lock for data file `path` lives: the same for every way of naming the file."""
    real = os.path.normcase(os.path.realpath(path))
    digest = hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"rectrack-{digest}.lock"


@contextmanager
def locked(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the edit lock of `path`; RectrackError when another edit holds it past `timeout` seconds."""
    from filelock import FileLock, Timeout

    # 0o666: the lock may be shared by several users of one checkout.
    lock = FileLock(lock_path(path), timeout=timeout, mode=0o666)
    try:
        lock.acquire()
    except Timeout:
        raise RectrackError(f"{path}: another rectrack command has been editing this file for "
                            f"{timeout:g}s; try again when it has finished") from None
    try:
        yield
    finally:
        lock.release()
