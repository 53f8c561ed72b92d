"""Running git for `diff`, `validate --against` and the merge driver: one way, bounded, errors as RectrackError.

No shell, no pager, no credential prompt, the C locale (so its messages
can be read), a time limit; output as bytes.  A git that is missing or
hangs is a one-line error, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .problems import RectrackError

GIT_TIMEOUT = 60  # seconds; a local `git show` takes milliseconds


def git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run `git ARGS` in `cwd`; RectrackError when git is missing or takes longer than GIT_TIMEOUT."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", LC_ALL="C")
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise RectrackError(code="git-missing") from None
    except subprocess.TimeoutExpired:
        raise RectrackError(code="git-timeout", command=args[0], seconds=GIT_TIMEOUT, cwd=cwd) from None


def last_error(result: subprocess.CompletedProcess) -> str:
    """The last line git wrote on stderr, or its exit code."""
    text = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1] if text else f"git exited with {result.returncode}"


__all__ = ["GIT_TIMEOUT", "git", "last_error"]
