"""One lock per data file around read-modify-write, so concurrent edits never lose an update.

The lock is a separate file named after the data file's real path.
Locking the data file itself would not work: the atomic write replaces it
with a new file, so a second writer would lock a file that is no longer
there.  A lock file beside the data would show up in `git status` of every
ledger repository.  And a lock file in the shared temporary folder lets any
other local user pre-create it (every edit then fails) or hold it (every
edit then waits).  So locks live in a folder of the current user's own,
created 0700 and refused when another user owns it or can write to it:
$XDG_RUNTIME_DIR/rectrack (a per-user tmpfs, emptied at logout) when the
session has one, else the user cache folder's rectrack/locks
(%LOCALAPPDATA%\\rectrack\\locks on Windows); with a read-only home, a
folder named after the user in the temporary folder, checked the same way.
Two edits by the same user always exclude each other; edits of one checkout
by two different users do not (each still checks, just before writing, that
the file holds the text it read, which narrows a lost update to a split
second).  filelock gives the same behaviour on POSIX (flock) and Windows
(msvcrt).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .private import current_uid, make_private, untrusted, user_cache_base
from .problems import RectrackError

DEFAULT_TIMEOUT = 30.0


def lock_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The current user's folder for edit locks (see the module docstring)."""
    environ = os.environ if environ is None else environ
    runtime = environ.get("XDG_RUNTIME_DIR") or ""
    if os.path.isabs(runtime) and os.path.isdir(runtime) and untrusted(Path(runtime)) is None:
        return Path(runtime) / "rectrack"
    return user_cache_base(environ) / "rectrack" / "locks"


def lock_path(path: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Where the lock for data file `path` lives: the same for every way of naming the file."""
    real = os.path.normcase(os.path.realpath(path))
    digest = hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return lock_folder(environ) / f"{digest}.lock"


def _temporary_folder() -> Path:
    import tempfile

    uid = current_uid()
    # Windows: the temporary folder is already the user's own (%LOCALAPPDATA%\\Temp).
    return Path(tempfile.gettempdir()) / ("rectrack-locks" if uid is None else f"rectrack-locks-{uid}")


@contextmanager
def locked(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the edit lock of `path`.

    Raises RectrackError, in one line naming the lock file or its folder,
    when another edit holds the lock past `timeout` seconds, when the folder
    is not the user's own, and when the lock cannot be created at all.
    """
    from filelock import FileLock, Timeout

    where = lock_path(path)
    try:
        make_private(where.parent)
    except OSError as exc:
        # A read-only home (some CI containers): a folder of this user's own in the temporary folder.
        where = _temporary_folder() / where.name
        try:
            make_private(where.parent)
        except OSError:
            raise RectrackError(code="lock-folder", path=str(path), folder=str(lock_path(path).parent),
                                reason=str(exc.strerror or exc)) from None
    reason = untrusted(where.parent)
    if reason is not None:
        raise RectrackError(code="lock-folder-unsafe", path=str(path), folder=str(where.parent), reason=reason)
    lock = FileLock(where, timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise RectrackError(code="lock-busy", path=str(path), seconds=f"{timeout:g}") from None
    except OSError as exc:
        raise RectrackError(code="lock-failed", path=str(path), lock=str(where),
                            reason=str(exc.strerror or exc)) from None
    try:
        yield
    finally:
        lock.release()
