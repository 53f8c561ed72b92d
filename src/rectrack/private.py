"""Folders that belong to the current user alone: where they are, making them, and refusing others'.

The cache and the edit locks live outside the data, in the user's own
folders.  A folder (or a file in it) that another local user owns, or can
write to, lets that user forge cached figures or block every edit, so
`untrusted` says why such a place must not be used, and `make_private`
creates folders 0700.  Windows has no POSIX owners or mode bits: there the
per-user %LOCALAPPDATA% (protected by its ACL) is the guarantee, and the
checks pass.  `current_uid` is the seam tests use to play another user.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .replies import Said

PRIVATE_MODE = 0o700


def current_uid() -> int | None:
    """The effective user id, or None where there are no POSIX owners (Windows)."""
    return os.geteuid() if hasattr(os, "geteuid") else None


def user_cache_base(environ: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user cache folder: %LOCALAPPDATA%, ~/Library/Caches, $XDG_CACHE_HOME or ~/.cache."""
    environ = os.environ if environ is None else environ
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local"))
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    base = environ.get("XDG_CACHE_HOME") or ""
    # The XDG spec: a relative $XDG_CACHE_HOME is invalid and must be ignored.
    return Path(base) if os.path.isabs(base) else Path.home() / ".cache"


def untrusted(path: Path, info: os.stat_result | None = None) -> "Said | None":
    """Why `path` (or its `info`, from fstat) may not be trusted, or None when only its user can change it.

    Refused: owned by another user, or writable by its group or by others.
    A missing path gives None (it will be created private).
    """
    uid = current_uid()
    if uid is None:
        return None
    if info is None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return _reason("path-unchecked", path=str(path), reason=str(exc.strerror or exc))
    if info.st_uid != uid:
        return _reason("path-not-yours", path=str(path), uid=info.st_uid)
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return _reason("path-shared", path=str(path), mode=f"{stat.S_IMODE(info.st_mode):o}")
    return None


def _reason(key: str, **values) -> "Said":
    from .replies import Said  # here: a run whose folders are all private never loads the sentences

    return Said.of(key, **values)


def make_private(folder: Path) -> None:
    """Create `folder` (and missing parents) readable and writable by the current user only; OSError on failure.

    An existing folder is left as it is: `untrusted` says whether it may be used.
    """
    missing = []
    here = Path(folder)
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=PRIVATE_MODE)
        except FileExistsError:
            continue  # another run made it first; `untrusted` judges it
        os.chmod(part, PRIVATE_MODE)  # mkdir's mode passes through the umask


__all__ = ["PRIVATE_MODE", "current_uid", "make_private", "untrusted", "user_cache_base"]
