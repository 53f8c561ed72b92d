"""git's side of merging round files: running as git's merge driver, and installing it.

git calls a merge driver with the three versions of a file in temporary
files (`%O` base, `%A` ours, `%B` theirs) and the file's path (`%P`); the
driver writes the result into `%A` and exits 0 when clean, non-zero when
conflicts are left.  `run_driver` does the structural merge of `merge`, and
when a side cannot be read as a round file (a broken commit, a hand edit
that lost a colon) falls back to `git merge-file`, git's own line-by-line
merge, so that neither side's text is ever lost.

`install` writes the two halves git needs: `.gitattributes` lines that
send the data folder's YAML files to the driver (committed, so every clone
has them), and the `merge.rectrack.*` entries of git config (per clone or,
with `global`, per user; git never takes those from the repository).
git runs commands as subprocesses with argument lists, never through a shell.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .merge import OURS, SIDE_ZH, THEIRS, ConflictBlock, Unmergeable, merge_sources
from .gitrun import git as _git
from .gitrun import last_error as _stderr
from .problems import RectrackError
from .read import Source, decode
from .atomic import write_atomic

DRIVER = "rectrack"
DRIVER_NAME = "rectrack: merge round files issue by issue"
DRIVER_ARGS = "merge-driver %O %A %B %P"
SUFFIXES = ("yaml", "yml")
ATTRIBUTES_COMMENT = "# rectrack: merge round files issue by issue (rectrack merge-driver install)"


@dataclass(frozen=True)
class DriverOutcome:
    """What the driver leaves in %A: the bytes, the conflicts, and why git's textual merge was used.

    `fallback` is that reason as an error value (`str()` is English; `replies.error_text` says it in Chinese).
    """

    data: bytes
    conflicts: tuple[ConflictBlock, ...] = ()
    textual_conflicts: int = 0
    fallback: Exception | None = None

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.textual_conflicts


def run_driver(base: Path, ours: Path, theirs: Path, display: str,
               labels: tuple[str, str] = (OURS, THEIRS)) -> DriverOutcome:
    """Merge the three versions git gives a merge driver; nothing is written here.

    Raises RectrackError only when a version cannot be read at all or git's
    own merge fails; a version that is not a readable round file leads to
    the textual merge, with `fallback` saying why.
    """
    datas = {}
    for side, path in (("base", base), (OURS, ours), (THEIRS, theirs)):
        try:
            datas[side] = Path(path).read_bytes()
        except OSError as exc:
            raise RectrackError(code="merge-cannot-read-version", display=display, side=side, side_zh=SIDE_ZH[side],
                                path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        sources = {side: _source(data, side, display) for side, data in datas.items()}
        result = merge_sources(sources["base"], sources[OURS], sources[THEIRS], labels)
    except RectrackError as exc:  # Unmergeable among them: a shape, not a version that does not read
        merged, count = textual_merge(base, ours, theirs, labels)
        reason = None if isinstance(exc, Unmergeable) else _unreadable(datas, display)
        return DriverOutcome(merged, textual_conflicts=count, fallback=reason or exc)
    return DriverOutcome(result.data(), result.conflicts)


def _source(data: bytes, side: str, display: str) -> Source | None:
    if side == "base" and not data.strip():
        return None  # an empty base: the file is new on both sides
    source, problems = decode(data, display, Path(display))
    if source is None:
        raise RectrackError(code="unmergeable-unreadable", **_unreadable_values(side, problems[0]))
    return source


def _unreadable_values(side: str, first) -> dict:
    """The values of `unmergeable-unreadable`: which version, and its first problem in both languages."""
    from .messages import localized

    return {"side": side, "side_zh": SIDE_ZH[side], "line": first.line, "column": first.column,
            "problem": first.message, "problem_zh": localized(first, "zh")}


def _unreadable(datas: dict[str, bytes], display: str) -> Unmergeable | None:
    """Which version does not read, and its first error: `the theirs version does not read (line 30, …)`; or None."""
    from .config import current_limits
    from .read import parse

    for side in (THEIRS, OURS, "base"):
        data = datas[side]
        if side == "base" and not data.strip():
            continue
        source, problems = decode(data, display, Path(display))
        if source is not None:
            problems = [p for p in parse(source, current_limits()).problems if p.is_error]
        if problems:
            return Unmergeable(code="unmergeable-unreadable", **_unreadable_values(side, problems[0]))
    return None


def textual_merge(base: Path, ours: Path, theirs: Path, labels: tuple[str, str]) -> tuple[bytes, int]:
    """git's line-by-line merge of the three files: the merged bytes and the number of conflicts."""
    result = _git(["merge-file", "-p", "-L", labels[0], "-L", "base", "-L", labels[1],
                   str(ours), str(base), str(theirs)], Path.cwd())
    if result.returncode < 0 or result.returncode > 127:
        raise RectrackError(code="merge-file-failed", reason=_stderr(result))
    return result.stdout, result.returncode


# -- installation --------------------------------------------------------------------------------

def driver_command() -> str:
    """The command git runs: `rectrack …` when that is on PATH, else this Python with `-m rectrack`."""
    if shutil.which(DRIVER):
        return f"{DRIVER} {DRIVER_ARGS}"
    return f'"{Path(sys.executable).as_posix()}" -m rectrack {DRIVER_ARGS}'


def repository_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding `start`, or None outside one."""
    folder = start if start.is_dir() else start.parent
    result = _git(["rev-parse", "--show-toplevel"], folder if folder.exists() else Path.cwd())
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8", "replace").strip())


def attribute_lines(root: Path, data: Path) -> list[str]:
    """The `.gitattributes` lines that send the YAML files under `data` to the driver."""
    try:
        relative = data.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise RectrackError(code="data-outside-repository", data=str(data), root=str(root)) from None
    if data.is_file():
        return [f"/{relative} merge={DRIVER}"]
    prefix = "" if relative in ("", ".") else f"/{relative}/**/"
    # A pattern with a slash is matched from the .gitattributes folder; without one, at any depth.
    return [f"{prefix}*.{suffix} merge={DRIVER}" for suffix in SUFFIXES]


@dataclass(frozen=True)
class Installed:
    """What install or uninstall did, one change each (empty when there was nothing to do).

    A change is the key of its line in `replies.DONE` and the values it is said with.
    """

    attributes: Path | None
    changes: tuple[tuple[str, dict], ...]


def install(data: Path, global_scope: bool = False, command: str | None = None,
            cwd: Path | None = None) -> Installed:
    """Send the data folder's YAML files to the driver: `.gitattributes` lines and git config entries.

    Idempotent: what is already there is left alone.  `global_scope` puts
    the config in the user's ~/.gitconfig; the attributes always go in the
    repository.  Refuses (RectrackError) outside a git repository unless
    `global_scope`, and a data folder outside the repository.
    """
    cwd = cwd or Path.cwd()
    root = _repository(data, cwd, global_scope, "install-outside-repository")
    changes: list[tuple[str, dict]] = []
    attributes = None
    if root is not None:
        attributes = root / ".gitattributes"
        wanted = attribute_lines(root, data)
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        present = {line.strip() for line in text.splitlines()}
        missing = [line for line in wanted if line not in present]
        if missing:
            newline = "\r\n" if "\r\n" in text else "\n"
            block = ([ATTRIBUTES_COMMENT] if ATTRIBUTES_COMMENT not in present else []) + missing
            lead = newline if text and not text.endswith("\n") else ""
            write_atomic(attributes, (text + lead + newline.join(block) + newline).encode("utf-8"))
            shown = _shown(attributes, cwd)
            changes.extend(("attributes-added", {"file": shown, "line": line}) for line in missing)
    scope = ["--global"] if global_scope else ["--local"]
    where = root or cwd
    for key, value in (("name", DRIVER_NAME), ("driver", command or driver_command())):
        current = _git(["config", *scope, "--get", f"merge.{DRIVER}.{key}"], where)
        if current.returncode == 0 and current.stdout.decode("utf-8", "replace").strip() == value:
            continue
        result = _git(["config", *scope, f"merge.{DRIVER}.{key}", value], where)
        if result.returncode != 0:
            raise RectrackError(code="git-config-failed", reason=_stderr(result))
        changes.append(("git-config-set", {"args": f"{scope[0]} merge.{DRIVER}.{key} \"{value}\""}))
    return Installed(attributes, tuple(changes))


def _repository(data: Path, cwd: Path, global_scope: bool, refusal: str) -> Path | None:
    """The repository `data` (else `cwd`) is in; outside one, None with `global_scope`, else RectrackError `refusal`."""
    root = repository_root(data if data.exists() else cwd)
    if root is None and not global_scope:
        raise RectrackError(code=refusal, cwd=str(cwd))
    return root


def _shown(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive, on Windows
        return str(path)


def uninstall(data: Path, global_scope: bool = False, cwd: Path | None = None) -> Installed:
    """Remove what `install` wrote: its `.gitattributes` lines (the file, if nothing else is left), the config."""
    cwd = cwd or Path.cwd()
    root = _repository(data, cwd, global_scope, "outside-repository")
    changes: list[tuple[str, dict]] = []
    attributes = None
    if root is not None:
        attributes = root / ".gitattributes"
        if attributes.exists():
            text = attributes.read_text(encoding="utf-8")
            ours = set(attribute_lines(root, data)) | {ATTRIBUTES_COMMENT}
            lines = text.splitlines(keepends=True)
            kept = [line for line in lines if line.strip() not in ours]
            if len(kept) != len(lines):
                if any(line.strip() for line in kept):
                    write_atomic(attributes, "".join(kept).encode("utf-8"))
                    changes.append(("attributes-trimmed", {"file": _shown(attributes, cwd)}))
                else:
                    attributes.unlink()
                    changes.append(("attributes-removed", {"file": _shown(attributes, cwd)}))
    scope = "--global" if global_scope else "--local"
    where = root or cwd
    if _git(["config", scope, "--get", f"merge.{DRIVER}.driver"], where).returncode == 0 or \
            _git(["config", scope, "--get", f"merge.{DRIVER}.name"], where).returncode == 0:
        result = _git(["config", scope, "--remove-section", f"merge.{DRIVER}"], where)
        if result.returncode != 0:
            raise RectrackError(code="git-config-failed", reason=_stderr(result))
        changes.append(("git-config-set", {"args": f"{scope} --remove-section merge.{DRIVER}"}))
    return Installed(attributes, tuple(changes))


__all__ = ["DriverOutcome", "Installed", "driver_command", "install", "run_driver", "textual_merge", "uninstall"]
