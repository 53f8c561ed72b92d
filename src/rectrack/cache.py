"""A cache of validated rounds, so that a file that has not changed is never parsed twice.

A clerk runs `rectrack status` many times a day on files that rarely
change, and an office aggregates thousands of rounds of which a handful
changed since yesterday.  Parsing YAML costs 40 to 1 400 µs per issue;
re-validating a model stored as JSON costs about 15.  So each data file gets
one entry holding what loading it produced: the model (as
`model_dump_json`), or none when the file has errors, its problems with
their lines and columns, and its round id (for the check across files).

The model is decoded only when a command asks for it (`Entry.model`):
`validate` of unchanged files needs only the problems and round ids, and so
never imports pydantic at all.

An entry is used only when everything that could change the answer is the
same: the file's absolute path, size, modification time and identity on
disk (change time, inode, device; or, for a file changed in the last few
seconds, the SHA-256 of its bytes: see `Key`), the limits in force, and a fingerprint of rectrack's own code, pydantic-core and Python
(a new rectrack, or a changed model, never reads an old entry).  An entry
carries the SHA-256 of its own body, checked when it is read, and the model
is validated again when decoded, so a damaged or foreign entry is ignored
and rewritten, never trusted.

Where: $RECTRACK_CACHE_DIR when set, else the user's cache folder
(%LOCALAPPDATA%\\rectrack\\Cache on Windows, ~/Library/Caches/rectrack on
macOS, $XDG_CACHE_HOME/rectrack or ~/.cache/rectrack elsewhere), never the
data folder: data may be read-only or shared, and the repository stays
clean.  RECTRACK_CACHE=off (or `rectrack --no-cache`) bypasses it.

Only its user may change the cache: rectrack creates the folders 0700, and
a cache folder or entry owned by another user, or writable by its group or
others (a shared $RECTRACK_CACHE_DIR, say), is not used at all, since such
a user could rewrite an entry, checksum included, and forge the figures
shown.  The run then goes without a cache, with one warning
(`take_warnings`, which the CLI prints).  An entry that fails to decode for
any reason (bad JSON, nesting deep enough to exhaust the recursion limit,
wrong shapes) is a miss, rebuilt and rewritten, never an error.

Concurrent runs are safe without locks: an entry is written to a
temporary file in the cache folder and renamed over the old one, so a
reader sees a whole entry or none; two writers write the same content.  No
fsync: a torn entry after a power cut fails its hash and is rebuilt.  A
cache that cannot be written (read-only home) is silently not written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .private import make_private, untrusted, user_cache_base
from .problems import Level, Problem

if TYPE_CHECKING:
    from .model import RoundFile
    from .read import Limits

CACHE_FORMAT = 5  # 4: problems keep their message arguments
DIR_ENV = "RECTRACK_CACHE_DIR"
SWITCH_ENV = "RECTRACK_CACHE"
_OFF = {"off", "0", "no", "false"}
_SUFFIX = ".entry"
# Everything decoding a damaged or foreign entry can raise: it is then a miss, never a crash.
_UNDECODABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError)


def enabled_by_env(environ: Mapping[str, str] | None = None) -> bool:
    """False when $RECTRACK_CACHE is off, 0, no or false (any case); True otherwise."""
    environ = os.environ if environ is None else environ
    return environ.get(SWITCH_ENV, "").strip().lower() not in _OFF


def default_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where the cache lives: $RECTRACK_CACHE_DIR, else the platform's user cache folder."""
    environ = os.environ if environ is None else environ
    if environ.get(DIR_ENV):
        return Path(environ[DIR_ENV])
    base = user_cache_base(environ)
    return base / "rectrack" / "Cache" if sys.platform == "win32" else base / "rectrack"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything besides the file that decides what loading it gives.

    rectrack's own modules (not cli/ or render/, which only present results),
    the releases of pydantic, pydantic-core, ruamel.yaml and PyYAML (they
    validate, and word syntax errors), and Python's version: an upgrade, or
    a model edited in a working copy, starts from an empty cache instead of
    misreading it.
    """
    from . import __version__

    releases = _installed(("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"),
                          ("ruamel.yaml", "ruamel_yaml"), ("yaml", "pyyaml"))
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{releases}|{sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    try:
        for module in sorted(package.rglob("*.py")):
            relative = module.relative_to(package).as_posix()
            if relative.startswith(("cli/", "render/")):
                continue  # they only present results
            digest.update(relative.encode() + b"\0" + module.read_bytes() + b"\0")
    except OSError:  # pragma: no cover - a zipped install: the version must do
        pass
    return digest.hexdigest()[:32]


def _installed(*packages: tuple[str, str]) -> str:
    """Which releases of (import name, distribution name) `packages` are installed, without importing them.

    Importing pydantic alone takes 40 ms.  A release is named by its
    .dist-info folder in the folder the package is installed in
    (pydantic_core-2.41.5.dist-info, names compared as normalised by
    packaging: case, '-', '_' and '.' alike); failing that, by where the
    package lives and when it was installed there.
    """
    import importlib.util

    def normal(name: str) -> str:
        return name.lower().replace("-", "_").replace(".", "_")

    found = []
    listings: dict[Path, list[str]] = {}
    for package, distribution in packages:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):  # pragma: no cover - a broken environment
            spec = None
        if spec is None or not spec.origin:
            found.append(f"{package}: none")
            continue
        site = Path(spec.origin).parents[package.count(".") + 1]
        if site not in listings:
            try:
                listings[site] = sorted(name for name in os.listdir(site) if name.endswith(".dist-info"))
            except OSError:  # pragma: no cover
                listings[site] = []
        # "{name}-{version}.dist-info", the name with '_' for '-'.
        releases = [name for name in listings[site] if normal(name.split("-")[0]) == normal(distribution)]
        if releases:
            found.extend(releases)
            continue
        try:  # pragma: no cover - installed without metadata (a vendored copy)
            found.append(f"{spec.origin}@{os.stat(spec.origin).st_mtime_ns}")
        except OSError:  # pragma: no cover
            found.append(spec.origin)
    return ",".join(found)


# A file changed this recently may change again within the same timestamp tick (coarse file systems
# count in seconds); its identity on disk cannot vouch for its bytes, so they are hashed (as git does
# with "racily clean" index entries).
RACY_NS = 3_000_000_000


@dataclass(frozen=True)
class Key:
    """Everything an entry must match to be used.

    `content` names the bytes: `stat:CTIME:INODE:DEVICE` for a file not
    changed in the last few seconds (any write changes its ctime, which no
    program can set back, and replacing it gives a new inode), else
    `sha256:DIGEST` of the bytes read.  So an unchanged ledger is recognised
    without reading a byte of it, and an edit that keeps the size and
    restores the mtime is still seen.
    """

    path: str
    size: int
    mtime_ns: int
    content: str
    limits: tuple

    @classmethod
    def of(cls, path: Path, info: os.stat_result, data: bytes, limits: Limits) -> Key:
        """The key of `data`, read from `path` whose open descriptor's stat is `info`, under `limits`."""
        content = cls._identity(info) or "sha256:" + hashlib.sha256(data).hexdigest()
        return cls(os.path.normcase(os.path.abspath(path)), len(data), info.st_mtime_ns, content, astuple(limits))

    @classmethod
    def by_stat(cls, path: Path, info: os.stat_result, limits: Limits) -> Key | None:
        """The key of the file at `path` from its stat alone; None when it changed too recently to tell."""
        identity = cls._identity(info)
        if identity is None:
            return None
        return cls(os.path.normcase(os.path.abspath(path)), info.st_size, info.st_mtime_ns, identity, astuple(limits))

    @staticmethod
    def _identity(info: os.stat_result) -> str | None:
        import time

        if os.name == "nt":
            return None  # st_ctime is the creation time there: a write does not change it, so hash the bytes
        changed = max(info.st_mtime_ns, info.st_ctime_ns)
        if time.time_ns() - changed < RACY_NS:
            return None
        return f"stat:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"

    def header(self) -> dict:
        return {"format": CACHE_FORMAT, "code": code_fingerprint(), "path": self.path,
                "size": self.size, "mtime_ns": self.mtime_ns, "content": self.content,
                "limits": list(self.limits)}


@dataclass(frozen=True)
class Entry:
    """What loading one unchanged file gave: its problems and round id now, its model on demand."""

    problems: list[Problem]
    round_id: str | None  # None when the file has errors (and so no model)
    body: bytes
    # What a run may need without the model (`loader.round_marks`): the latest day recorded, local evidence.
    marks: dict = field(default_factory=dict)

    def model(self) -> RoundFile | None:
        """The stored model, validated again; None when the file has errors.

        Raises ValueError (pydantic's ValidationError is one) when the body is
        not a valid model, e.g. one written by a foreign program: the caller
        then loads the file itself.
        """
        if not self.body:
            return None
        from .model import RoundFile

        try:
            model = RoundFile.model_validate_json(self.body)
        except RecursionError:
            raise ValueError("the entry's model is nested too deeply") from None
        if model.round.id != self.round_id:
            raise ValueError("the entry's round id is not its model's")
        return model


class Cache:
    """Entries in one folder, one per data file, named by a hash of the file's absolute path."""

    def __init__(self, folder: Path) -> None:
        self.root = Path(folder)
        self.folder = self.root / f"v{CACHE_FORMAT}"

    def _entry(self, key: Key) -> Path:
        return self.folder / (hashlib.sha256(key.path.encode("utf-8", "surrogatepass")).hexdigest()[:40] + _SUFFIX)

    def untrusted(self) -> str | None:
        """Why this cache may not be used (another user owns or can write its folders), or None."""
        return untrusted(self.root) or untrusted(self.folder)

    def get(self, key: Key, display: str) -> Entry | None:
        """The entry stored for exactly this key, or None (missing, stale, damaged or not the user's own)."""
        data = _read_own(self._entry(key))
        if data is None:
            return None
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("key") != key.header():
                return None
            facts = [header["problems"], header["round"], header["marks"]]
            if header.get("sum") != _checksum(facts, body):
                return None
            problems = [Problem(display, line, column, code, message, Level(level),
                                args=tuple((str(name), value) for name, value in args))
                        for line, column, code, message, level, args in facts[0]]
        except _UNDECODABLE:
            return None
        round_id = facts[1]
        if not all(type(p.line) is int and type(p.column) is int and isinstance(p.code, str)
                   and isinstance(p.message, str) for p in problems):
            return None
        has_errors = any(p.is_error for p in problems)
        if has_errors == bool(body) or has_errors != (round_id is None) or not isinstance(round_id, (str, type(None))):
            return None  # a model exactly when there are no errors, and its round id with it
        marks = facts[2]
        if not isinstance(marks, dict):
            return None
        return Entry(problems, round_id, body, marks)

    def put(self, key: Key, model: RoundFile | None, problems: list[Problem], marks: dict | None = None) -> bool:
        """Store what loading the file gave; False when it could not be stored (never raises for I/O)."""
        body = b""
        if model is not None:
            # The fields as written (exclude_unset) under their names in the file (by_alias); that this
            # reads back as the same model is a test (tests/test_cache.py), not a cost of every cold run.
            body = model.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")
        # The message's arguments too, so that it can be said in the reader's language (`messages`).
        facts = [[[p.line, p.column, p.code, p.message, p.level.value, [list(a) for a in p.args]] for p in problems],
                 model.round.id if model is not None else None, marks or {}]
        header = {"key": key.header(), "problems": facts[0], "round": facts[1], "marks": facts[2],
                  "sum": _checksum(facts, body)}
        data = json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + body
        return self._write(self._entry(key), data)

    def _view_entry(self, name: str, key: dict) -> Path:
        # One entry per command and set of files: a new day or an edit replaces it, never piles up.
        where = "\0".join([name, *(str(f[1]) for f in key.get("files", []))])
        return self.folder / ("view-" + hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:34] + _SUFFIX)

    def get_view(self, name: str, key: dict) -> Any:
        """The JSON value stored by `put_view` for exactly this key, or None (missing, stale or damaged).

        For results computed from many files (the status document): `key`
        must hold everything the value depends on, including each file's
        `files` entry [display, path, size, mtime_ns, content], and the code
        fingerprint is added here.  The caller checks the value's shape.
        """
        data = _read_own(self._view_entry(name, key))
        if data is None:
            return None
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("key") != self._view_key(name, key):
                return None
            if header.get("body") != hashlib.sha256(body).hexdigest():
                return None
            # surrogatepass: a file name that is not UTF-8 (a lone surrogate in Python) round-trips.
            return json.loads(body.decode("utf-8", "surrogatepass"))
        except _UNDECODABLE:
            return None

    def put_view(self, name: str, key: dict, value: Any) -> bool:
        """Store a JSON value for `key` (see `get_view`); False when it could not be stored."""
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        header = {"key": self._view_key(name, key), "body": hashlib.sha256(body).hexdigest()}
        data = json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + body
        return self._write(self._view_entry(name, key), data)

    def _view_key(self, name: str, key: dict) -> dict:
        # Round-tripped through JSON, so that tuples compare equal to the lists read back.
        return json.loads(json.dumps({"format": CACHE_FORMAT, "code": code_fingerprint(), "view": name, **key}))

    def _write(self, target: Path, data: bytes) -> bool:
        import tempfile  # only when writing: it imports random, shutil and more

        try:
            make_private(self.folder)
            if self.untrusted() is not None:  # made by someone else between the check and now
                return False
            fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=self.folder)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp_name, target)
        except OSError:
            # Windows refuses to replace a file another process has open: that run writes it.
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            return False
        return True

    def entries(self) -> list[Path]:
        """Every entry file (and leftover temporary file) in the cache."""
        return _entry_files(self.folder)

    def size(self) -> tuple[int, int]:
        """(entries, bytes) currently stored."""
        files = self.entries()
        total = 0
        for path in files:
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        return len(files), total

    def clear(self) -> int:
        """Delete every entry, those an older rectrack wrote in its own format's folder included; return how many."""
        removed = 0
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir() and p.name[:1] == "v" and p.name[1:].isdigit()]
        except OSError:
            folders = []
        for folder in folders:
            for path in _entry_files(folder):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
            if folder != self.folder:
                with contextlib.suppress(OSError):
                    folder.rmdir()
        return removed


def _read_own(path: Path) -> bytes | None:
    """The bytes of an entry the current user alone can have written, else None."""
    try:
        with open(path, "rb") as handle:
            if untrusted(path, os.fstat(handle.fileno())) is not None:
                return None
            return handle.read()
    except OSError:
        return None


def _entry_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.name.endswith((_SUFFIX, ".tmp")))
    except OSError:
        return []


def _checksum(facts: list, body: bytes) -> str:
    """SHA-256 of an entry's facts (problems, round id) and body: a damaged header is caught like a damaged body."""
    text = json.dumps(facts, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(text + b"\n" + body).hexdigest()


_bypassed = False
_warned: set = set()
_pending: list = []


def bypass(off: bool = True) -> None:
    """Bypass the cache for the rest of this process (the CLI's `--no-cache`), or stop bypassing it."""
    global _bypassed
    _bypassed = off


def open_cache(enabled: bool | None = None, environ: Mapping[str, str] | None = None) -> Cache | None:
    """The cache to use, or None when it is off.

    `enabled` True or False decides; None means on unless `bypass()` was
    called or $RECTRACK_CACHE is off.
    """
    if enabled is None:
        enabled = not _bypassed and enabled_by_env(environ)
    if not enabled:
        return None
    cache = Cache(default_folder(environ))
    reason = cache.untrusted()
    if reason is not None:
        if reason not in _warned:
            _warned.add(reason)
            from .replies import Said

            _pending.append(Said.of("cache-unsafe", reason=reason))
        return None
    return cache


def take_warnings(reset: bool = False) -> list:
    """The warnings about the cache not yet shown (each given once a run), emptied; `reset` starts a new run."""
    found = list(_pending)
    _pending.clear()
    if reset:
        _warned.clear()
    return found


__all__ = ["Cache", "Entry", "Key", "bypass", "code_fingerprint", "default_folder", "enabled_by_env", "open_cache",
           "take_warnings"]
