"""Find round files, read them (through the cache), validate them, and place every problem.

`load_paths` is the one entry point of read-only commands: it returns the
rounds that validated and every problem of every file, sorted.  A file not
in the cache is read once (`read.parse`: plain data and the positions of
every key and value, in one libyaml pass), validated by the pydantic models
and the semantic checks (`checks`), and every finding placed through those
positions at `path:line:col`; pydantic's wording is rewritten here into
sentences a clerk can act on.  What loading a file gave is stored in the
cache (`cache`), so an unchanged file is not read again.

pydantic and the models are imported only where a file is validated or a
model decoded: `validate` of files that come from the cache needs neither,
and no read-only command needs ruamel at all.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import typing
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Cache, Entry, Key, open_cache
from .config import current_limits
from .messages import problem_args
from .problems import Finding, Problem, RectrackError, excerpts, sort_problems
from .read import DEFAULT_LIMITS, Limits, Parsed, Positions, Source, decode, parse, read_bytes, read_source  # noqa: F401
from .read.source import not_regular, regular_stat

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .model import RoundFile

DATA_SUFFIXES = (".yaml", ".yml")
DEFAULT_DATA = Path("data")


# -- finding round files -------------------------------------------------------------------

def data_location(explicit: str | os.PathLike | None = None,
                  configured: str | os.PathLike | None = None) -> Path:
    """Where round files live: the option, else $RECTRACK_DATA, else the config file's `data`, else ./data."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("RECTRACK_DATA")
    if env:
        return Path(env)
    return Path(configured) if configured else DEFAULT_DATA


def discover(paths: list[Path]) -> list[Path]:
    """Round files named by `paths`: files as given, folders searched for *.yaml/*.yml.

    Raises RectrackError for a path that does not exist.  Hidden files and
    folders (.git, .venv) are not searched.  The order is stable: as given,
    and sorted within each folder.  Files refused for safety (see
    `find_round_files`) are left out; `find_round_files` also says why.
    """
    return find_round_files(paths)[0]


def find_round_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Round files named by `paths`, and an error for each file refused.

    A pull request can add symbolic links, so links are handled
    deliberately: a link inside a searched folder is followed only when its
    target stays inside that folder, and a link inside the current folder
    (the checkout) named on the command line only when its target stays
    inside the current folder.  A link leading elsewhere, a broken link, and
    anything in a folder that is not a regular file (a FIFO, a device) is
    refused unread, and so is such a file named on the command line: a link
    to ~/.ssh/id_rsa or /proc/self/environ never reaches the parser, and a
    FIFO cannot block the run.  Linked folders are
    not descended into (their files are found through their real path).
    A file reached twice, by link or by name, is loaded once.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    here = Path.cwd()
    for path in paths:
        if not os.path.lexists(path):
            raise RectrackError(code="no-path", path=str(path))
        if _leads_out(path, here, only_within=here):
            problems.append(_refused(path, "a symbolic link leading outside the current folder", variant="link-out"))
        elif path.is_dir():
            _search_folder(path, found, problems)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            # Named directly or found in a folder, a FIFO or a device is refused the same way, unread.
            problems.append(not_regular(path, _shown(path)))
        else:
            problems.append(_refused(path, "a broken symbolic link", variant="broken"))
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.normcase(os.path.realpath(path)), path)
    return list(unique.values()), problems


def _search_folder(root: Path, found: list[Path], problems: list[Problem]) -> None:
    files: list[Path] = []
    for folder, folders, names in os.walk(root, followlinks=False):
        base = Path(folder)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            if os.path.islink(base / name) and _leads_out(base / name, root):
                problems.append(_refused(base / name, f"a linked folder leading outside {root}", folder=True,
                                         variant="folder-out", root=root))
        for name in names:
            candidate = base / name
            if name.startswith(".") or candidate.suffix.lower() not in DATA_SUFFIXES:
                continue
            if os.path.islink(candidate) and not candidate.exists():
                problems.append(_refused(candidate, "a broken symbolic link", variant="broken"))
            elif os.path.islink(candidate) and _leads_out(candidate, root):
                problems.append(_refused(candidate, f"a symbolic link leading outside {root}", variant="link-out",
                                         root=root))
            elif not candidate.is_file():
                problems.append(not_regular(candidate, _shown(candidate)))
            else:
                files.append(candidate)
    found.extend(sorted(files))


def _leads_out(path: Path, root: Path, only_within: Path | None = None) -> bool:
    """Whether `path` resolves outside `root` (checked only for paths lying within `only_within`)."""
    if only_within is not None and not within(os.path.abspath(path), os.path.abspath(only_within)):
        return False
    return not within(os.path.realpath(path), os.path.realpath(root))


def within(path: str, folder: str) -> bool:
    """Whether `path` lies in `folder` (both absolute; case as the platform compares it)."""
    path, folder = os.path.normcase(path), os.path.normcase(folder)
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives on Windows
        return False


def _shown(path: Path) -> str:
    # The link's own name, not where it leads (display_path would resolve it).
    shown = os.path.abspath(path)
    here = os.path.abspath(Path.cwd())
    return os.path.relpath(shown, here) if within(shown, here) else str(path)


def _refused(path: Path, why: str, folder: bool = False, variant: str = "special", root: Path | None = None) -> Problem:
    """A file or folder not read, and why; `variant` and `root` say it again in the message catalog's terms."""
    shown = _shown(path)
    hint = "name the real folder to search it" if folder else "name the real file to load it"
    verb = "searched" if folder else "read"
    shown_root = "the current folder" if root is None else str(root)
    args = problem_args(_variant=variant, why=why, verb=verb, hint=hint, root=shown_root,
                        root_zh="当前文件夹" if root is None else f" {root} ")
    return Problem(shown, 1, 1, "refused-file", f"not {verb}: {why} ({hint})", args=args)


# -- one file -------------------------------------------------------------------------------

def validate_parsed(parsed: Parsed) -> tuple[RoundFile | None, list[Problem]]:
    """Validate parsed data against the models, then run the semantic checks; the model is None on any error."""
    problems = list(parsed.problems)
    if any(p.code == "merge-conflict" for p in problems):
        # Say which issue and field each conflict block holds, wherever the file is read.
        from .conflicts import explain_conflict_problems

        problems = explain_conflict_problems(problems, {parsed.source.display: parsed.source.text})
    # A value in a wrong form (`read.slips`) still lets the rest of the file be validated.
    from .read.slips import CODES as SLIP_CODES

    if parsed.data is None or any(p.is_error and p.code not in SLIP_CODES for p in problems):
        return None, sort_problems(problems)
    from pydantic import ValidationError

    from . import checks
    from .model import RoundFile, type_name

    document = parsed.data
    if not isinstance(document, dict):
        problems.append(Problem(parsed.source.display, 1, 1, "top-level",
                                f"a round file is a mapping with keys version, round and aspects, "
                                f"not {type_name(document)}", args=problem_args(kind=type_name(document))))
        return None, problems
    if "version" in document and document["version"] != 1:
        # Other versions may mean other keys: don't drown the one real problem.
        return None, sort_problems(problems + [_place(parsed, _version_finding(document["version"]))])
    try:
        model = RoundFile.model_validate(document)
    except ValidationError as exc:
        findings = [_finding_from_error(error, document) for error in exc.errors(include_input=False, include_url=False)]
        return None, sort_problems(_said_already(parsed, problems + [_place(parsed, f) for f in findings]))
    problems.extend(_place(parsed, checks.with_message_args(model, f)) for f in checks.check_round(model))
    has_errors = any(p.is_error for p in problems)
    return (None if has_errors else model), sort_problems(problems)


def _said_already(parsed: Parsed, problems: list[Problem]) -> list[Problem]:
    """`problems` without validation's word on a value a slip (`read.slips`) already named at the same place."""
    from .read.slips import CODES as SLIP_CODES

    named = {(p.line, p.column) for p in parsed.problems if p.is_error and p.code in SLIP_CODES}
    if not named:
        return problems
    return [p for p in problems if p.code in SLIP_CODES or (p.line, p.column) not in named]


@dataclass
class Loaded:
    """One file's outcome: the model when it has no errors, its problems, and the parse when one was made.

    From the cache, `model` and `parsed` are None and `cached` holds the
    entry, whose model is decoded when someone asks for it (`Entry.model`).
    """

    model: RoundFile | None
    problems: list[Problem] = field(default_factory=list)
    parsed: Parsed | None = None
    cached: Entry | None = None
    key: Key | None = None  # the cache key of the bytes read, when there is a cache

    @property
    def has_model(self) -> bool:
        return self.model is not None or (self.cached is not None and self.cached.round_id is not None)


def load_source(source: Source, limits: Limits) -> Loaded:
    """Read and validate a decoded file: the one parse, the models, the checks."""
    parsed = parse(source, limits)
    model, problems = validate_parsed(parsed)
    return Loaded(model, problems, parsed)


def load_path(path: Path, display: str, limits: Limits, cache: Cache | None = None,
              reuse: bool = True) -> Loaded:
    """Load one round file, from `cache` when it holds this exact content, else by `load_source`.

    The file is read by `read.read_bytes` (a regular file within the size
    limit, never blocking).  `reuse=False` loads the file afresh and
    replaces its entry (one whose model would not decode).
    """
    looked_up = None
    if cache is not None and reuse:
        # An unchanged file is known by its stat: found in the cache without reading a byte.
        info = regular_stat(path, limits)
        looked_up = Key.by_stat(path, info, limits) if info is not None else None
        hit = cache.get(looked_up, display) if looked_up is not None else None
        if hit is not None:
            return Loaded(None, hit.problems, cached=hit, key=looked_up)
    data, info, problems = read_bytes(path, display, limits)
    if data is None:
        return Loaded(None, problems)
    key = Key.of(path, info, data, limits) if cache is not None else None
    if key is not None and reuse and key != looked_up:  # changed just now: keyed by its bytes
        hit = cache.get(key, display)
        if hit is not None:
            return Loaded(None, hit.problems, cached=hit, key=key)
    source, problems = decode(data, display, path)
    loaded = load_source(source, limits) if source is not None else Loaded(None, problems)
    if key is not None:
        cache.put(key, loaded.model, loaded.problems, round_marks(loaded.model))
        loaded.key = key
    return loaded


def round_marks(model: RoundFile | None) -> dict:
    """What a run needs to know of a round before it decodes it: its latest record (ISO) and whether it names files."""
    if model is None:
        return {}
    from .checks import latest_record, local_evidence

    latest = latest_record(model)
    return {"latest": latest.isoformat() if latest is not None else None, "evidence": bool(local_evidence(model))}


def file_key(path: Path, limits: Limits) -> Key | None:
    """The cache key of a regular file within the size limit (from its stat, read only when too recent); None else."""
    info = regular_stat(path, limits)
    key = Key.by_stat(path, info, limits) if info is not None else None
    if key is not None or info is None:
        return key
    data, info, _ = read_bytes(path, str(path), limits)
    return None if data is None else Key.of(path, info, data, limits)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while loading.

    Loading allocates hundreds of thousands of small objects and frees
    almost none, so the collector's passes find nothing and cost 2 to 3
    times the parse itself.  Reference counting still frees memory as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LoadedRound:
    """A round that validated: its model, where it came from, and how to place findings in it.

    A round from the cache carries the cache entry; its model is decoded the
    first time `model` is read.  `round_id` never needs the model.
    """

    __slots__ = ("path", "display", "_model", "positions", "limits", "_cached", "_cache")

    def __init__(self, path: Path, display: str, model: RoundFile | None, positions: Positions | None = None,
                 limits: Limits | None = None, cached: Entry | None = None, cache: Cache | None = None) -> None:
        if model is None and (cached is None or cached.round_id is None):
            raise ValueError("a loaded round needs a model or a cache entry with one")
        self.path = path
        self.display = display
        self._model = model
        # Where everything is, so that findings made later (overdue on a date) get a place; `load_paths`
        # keeps none (they would double what a cold run holds): `place` reads the file then, once.
        self.positions = positions
        self.limits = limits
        self._cached = cached
        self._cache = cache

    def __repr__(self) -> str:
        return f"LoadedRound({self.display!r}, round {self.round_id!r})"

    @property
    def round_id(self) -> str:
        return self._model.round.id if self._model is not None else self._cached.round_id

    @property
    def marks(self) -> dict:
        """`round_marks` of this round, from the cache entry when the model is not decoded yet."""
        if self._model is None and self._cached is not None and self._cached.marks:
            return self._cached.marks
        return round_marks(self.model)

    @property
    def model(self) -> RoundFile:
        if self._model is None:
            self._model = self._decode()
        return self._model

    def _decode(self) -> RoundFile:
        try:
            model = self._cached.model()
        except ValueError:  # a foreign or outdated entry (pydantic's ValidationError is a ValueError)
            model = None
        if model is None:
            # Load the file itself, and replace the entry that could not be used.
            loaded = load_path(self.path, self.display, self.limits or current_limits(), self._cache, reuse=False)
            model = loaded.model
            if model is None or model.round.id != self._cached.round_id:
                raise RectrackError(code="changed-while-read", file=self.display)
            self.positions = loaded.parsed.positions if loaded.parsed is not None else None
        self._cached = None
        return model

    def place(self, finding: Finding) -> Problem:
        """A finding about this round, located in its file."""
        if self.positions is None:
            source, _ = read_source(self.path, self.display, self.limits or current_limits())
            parsed = parse(source, self.limits or current_limits()) if source is not None else None
            self.positions = parsed.positions if parsed is not None else None
        if self.positions is None:
            return Problem(self.display, 1, 1, finding.code, finding.message, finding.level, args=_args_of(finding))
        return _placed(self.positions, finding)


@dataclass
class Ledger:
    """What loading found: the rounds that validated and every problem, sorted."""

    rounds: list[LoadedRound] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    # What the files read were, as `ledger_key` gives it; None without a cache or for a file that is
    # not a regular one.  A result computed from this ledger is cached under this key, and only it.
    key: dict | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def pairs(self) -> list[tuple[str, RoundFile]]:
        return [(r.display, r.model) for r in self.rounds]


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def load_file(path: Path, limits: Limits | None = None) -> tuple[RoundFile | None, list[Problem]]:
    """Load one round file, without the cache; the model is None when it has errors."""
    display = display_path(path)
    limits = limits or current_limits()
    source, problems = read_source(path, display, limits)
    if source is None:
        return None, problems
    return validate_parsed(parse(source, limits))


def load_text(text: str, display: str = "<text>", limits: Limits | None = None) -> tuple[RoundFile | None, list[Problem]]:
    """Load a round from text already in memory (tests, `git show`, editors)."""
    # surrogatepass: a lone surrogate becomes bytes that decode reports with its place.
    return load_bytes(text.encode("utf-8", "surrogatepass"), display, limits)


def load_bytes(data: bytes, display: str, limits: Limits | None = None) -> tuple[RoundFile | None, list[Problem]]:
    """Load a round from a file's bytes (`git show REV:path`); the model is None when it has errors."""
    source, problems = decode(data, display, Path(display))
    if source is None:
        return None, problems
    return validate_parsed(parse(source, limits or current_limits()))


# -- many files -----------------------------------------------------------------------------

def load_paths(paths: list[Path], limits: Limits | None = None, use_cache: bool | None = None) -> Ledger:
    """Load every round file under `paths`; problems of all files, sorted, never raised.

    `limits` defaults to `config.current_limits()`; RectrackError for a path
    that does not exist or a malformed limit.  Unchanged files come from
    the cache with the answer reading them would give; `use_cache=False`
    bypasses it, None leaves it to $RECTRACK_CACHE.  A round from the cache
    decodes its model when first read (`LoadedRound.model`, `Ledger.pairs`),
    which raises RectrackError if the file or its entry changed in between;
    call `pairs()` at once to have every such error here.
    """
    limits = limits or current_limits()
    cache = open_cache(use_cache)
    ledger = Ledger()
    files, refused = find_round_files(paths)
    ledger.files = len(files) + len(refused)
    ledger.problems.extend(refused)
    keys: list | None = [] if cache is not None else None
    with gc_paused():
        for path in files:
            display = display_path(path)
            loaded = load_path(path, display, limits, cache)
            keys = None if keys is None or loaded.key is None else [*keys, (display, loaded.key)]
            ledger.problems.extend(loaded.problems)
            if loaded.has_model:
                # Positions are not kept: for a round without findings they would double what a cold run
                # holds (the text and a table per file); a finding made later reads its one file again.
                ledger.rounds.append(LoadedRound(path, display, loaded.model, None, limits, loaded.cached, cache))
    duplicates = []
    for loaded_round, finding in duplicate_rounds(ledger.rounds):
        ledger.problems.append(loaded_round.place(finding))
        duplicates.append(loaded_round)
    ledger.rounds = [r for r in ledger.rounds if r not in duplicates]
    ledger.problems = sort_problems(ledger.problems)
    ledger.key = _ledger_key(keys, refused, limits) if keys is not None else None
    return ledger


def ledger_key(paths: list[Path], limits: Limits | None = None) -> dict | None:
    """What the result of loading `paths` depends on, as JSON: for a cache of results computed from the whole ledger.

    Each file as [display, absolute path, size, mtime_ns, content (its
    identity on disk, or the SHA-256 of its bytes: `cache.Key`)], in load order, with the files refused and the limits; None when
    some file is not a regular file within the size limit (its result is
    then never cached).  The same as `Ledger.key` of a `load_paths` that
    read the same bytes.  Raises RectrackError as `load_paths` does.
    """
    limits = limits or current_limits()
    files, refused = find_round_files(paths)
    keys = []
    for path in files:
        key = file_key(path, limits)
        if key is None:
            return None
        keys.append((display_path(path), key))
    return _ledger_key(keys, refused, limits)


def _ledger_key(keys: list[tuple[str, Key]], refused: list[Problem], limits: Limits) -> dict:
    return {"files": [[display, key.path, key.size, key.mtime_ns, key.content] for display, key in keys],
            "refused": [[p.path, p.line, p.column, p.code, p.message, p.level.value] for p in refused],
            "limits": list(astuple(limits))}


def duplicate_rounds(rounds: list[LoadedRound]) -> list[tuple[LoadedRound, Finding]]:
    """Round ids are unique across every loaded file; later files are the ones flagged."""
    first: dict[str, str] = {}
    found = []
    for loaded in rounds:
        if loaded.round_id in first:
            found.append((loaded, Finding(("round", "id"), "duplicate-round",
                                          f"round id '{loaded.round_id}' is already used by {first[loaded.round_id]}",
                                          extra={"id": loaded.round_id, "first": first[loaded.round_id]})))
        else:
            first[loaded.round_id] = loaded.display
    return found


# -- turning pydantic errors into findings -------------------------------------------------

def _finding_from_error(error: dict, document: Any) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        parent = loc[:-1]
        what = _describe(document, parent)
        return Finding(parent, "missing-key", f"{what} is missing required key '{loc[-1]}'",
                       extra={"what": what, "what_zh": _describe_zh(document, parent), "key": str(loc[-1])})
    if kind == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'"
        suggestion = _suggest(loc[:-1], str(loc[-1]))
        extra = {"key": str(loc[-1])}
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
            extra.update(_variant="suggestion", suggestion=suggestion)
        return Finding(loc, "unknown-key", message, at_key=True, extra=extra)
    if kind == "invalid_key":
        return _invalid_key_finding(document, loc)
    from .model import type_name

    value = node_at(document, loc)
    if kind in _CUSTOM_CODES:
        return _custom_finding(loc, kind, error)
    if kind == "too_short":
        what = {"aspects": "a round needs at least one aspect",
                "issues": "an aspect needs at least one issue"}.get(str(loc[-1]), "needs at least one item")
        return Finding(loc, "empty-list", what, extra={"_variant": str(loc[-1])})
    if kind == "list_type":
        return Finding(loc, "wrong-type",
                       f"'{loc[-1]}' should be a list (lines starting with '- '), not {type_name(value)}",
                       extra={"_variant": "list", "key": str(loc[-1]), "kind": type_name(value)})
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Finding(loc, "wrong-type",
                       f"'{_last_key(loc)}' should be a mapping of keys and values, not {type_name(value)}",
                       extra={"_variant": "mapping", "key": _last_key(loc), "kind": type_name(value)})
    return Finding(loc, "invalid", f"'{_last_key(loc)}': {error['msg']}",
                   extra={"key": _last_key(loc), "detail": error["msg"]})


def _custom_finding(loc: tuple, kind: str, error: dict) -> Finding:
    """A finding from one of the model's own errors: its words, and their values for the other language."""
    context = {name: str(value) for name, value in (error.get("ctx") or {}).items()}
    code = _CUSTOM_CODES[kind]
    message = error["msg"]
    context["_variant"] = "number_text" if kind == "text_type" and "text" in context else kind
    if kind == "status_unknown":
        from .vocabulary import suggest_status

        suggestion = suggest_status(context.get("value", ""))
        if suggestion is not None:
            message = f"unknown status '{context['value']}'; did you mean '{suggestion}'? use one of {context['choices']}"
            context.update(_variant="suggestion", suggestion=suggestion)
    return Finding(loc, code, message, extra=context)


def _invalid_key_finding(document: Any, loc: tuple) -> Finding:
    # pydantic names a non-text key by its repr ("datetime.date(2024, 1, 1)"): find the real key to place it.
    parent = node_at(document, loc[:-1])
    key = next((k for k in parent if k == loc[-1] or repr(k) == loc[-1]), loc[-1]) if isinstance(parent, dict) else loc[-1]
    from .model import type_name

    if key is None or isinstance(key, bool):
        shown, kind = {None: ("null", "empty"), True: ("true", "true/false"), False: ("false", "true/false")}[key]
    else:
        shown, kind = key, "a date" if hasattr(key, "isoformat") else type_name(key)
    return Finding(loc[:-1] + (key,), "invalid-key",
                   f"key '{shown}' is {kind}, not a name; keys are names such as 'title'",
                   at_key=True, extra={"shown": str(shown), "kind": kind})


_CUSTOM_CODES = {
    "date_type": "invalid-date",
    "date_invalid": "invalid-date",
    "date_has_time": "invalid-date",
    "status_type": "unknown-status",
    "status_unknown": "unknown-status",
    "kind_unknown": "unknown-kind",
    "text_type": "wrong-type",
    "text_empty": "empty-value",
    "id_format": "invalid-id",
    "count_type": "wrong-type",
    "amount_type": "wrong-type",
    "bool_type": "wrong-type",
    "version_unsupported": "unsupported-version",
    "duration_invalid": "invalid-duration",
    "review_unknown": "unknown-review",
}


def _version_finding(value: Any) -> Finding:
    return Finding(("version",), "unsupported-version",
                   f"unsupported version {str(value)[:20]}; this rectrack reads version 1 files",
                   extra={"value": str(value)[:20]})


def _last_key(loc: tuple) -> str:
    for key in reversed(loc):
        if isinstance(key, str):
            return key
    return "item"


_WORDS_ZH = {"aspects": "方面", "issues": "问题", "history": "进展记录", "extensions": "延期记录",
             "notices": "通报", "round": "轮次信息", "period": "巡察时间", "contact": "联系方式"}


def _describe_zh(document: Any, loc: tuple) -> str:
    """`_describe` in Chinese: "问题“A1-2”", "轮次信息"."""
    node = node_at(document, loc)
    ident = node.get("id") if isinstance(node, dict) else None
    word = next((_WORDS_ZH.get(key, f"“{key}”") for key in reversed(loc) if isinstance(key, str)), "文件")
    if isinstance(ident, (str, int)) and not isinstance(ident, bool):
        return f"{word}“{ident}”"
    return word


def _describe(document: Any, loc: tuple) -> str:
    """Name the mapping at `loc` the way a person would: "issue 'A1-2'", "round"."""
    node = node_at(document, loc)
    ident = node.get("id") if isinstance(node, dict) else None
    names = {"aspects": "aspect", "issues": "issue", "history": "history entry",
             "extensions": "extension", "notices": "notice",
             "round": "round", "period": "period", "contact": "contact"}
    word = "file"
    for key in reversed(loc):
        if isinstance(key, str):
            word = names.get(key, f"'{key}'")
            break
    if isinstance(ident, (str, int)) and not isinstance(ident, bool):
        return f"{word} '{ident}'"
    return word


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The pydantic model describing the mapping at `loc` (indexes skipped)."""
    from .model import RoundFile

    model: type[BaseModel] | None = RoundFile
    for key in loc:
        if isinstance(key, int) or model is None:
            continue
        info = model.model_fields.get(key)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_CHINESE_WORDS = re.compile(r"[\u4e00-\u9fff]+")
# Words clerks head an Excel column with, for the key they mean (used where the model has that key).
_KEY_SYNONYMS = {"截止": "deadline", "期限": "deadline", "时限": "deadline", "截止日期": "deadline", "截止时间": "deadline", "整改期限": "deadline", "完成时限": "deadline",
                 "完成日期": "completed_on", "完成时间": "completed_on", "责任单位": "owner", "牵头部门": "owner",
                 "牵头单位": "owner", "责任人": "leader", "分管领导": "leader", "状态": "status", "进展": "history",
                 "进展情况": "history", "措施": "measures", "佐证": "evidence", "证明材料": "evidence",
                 "标题": "title", "编号": "id", "备注": "note", "说明": "note", "deadlines": "deadline",
                 "completed_date": "completed_on", "completion_date": "completed_on", "due": "deadline"}


def _suggest(parent_loc: tuple, key: str) -> str | None:
    """The field a mistyped or Chinese key most likely meant."""
    import difflib

    model = _model_at(parent_loc)
    if model is None:
        return None
    # Keys as written in the file: a history entry's `from`, not the attribute `from_`.
    names = [info.alias or name for name, info in model.model_fields.items()]
    if _KEY_SYNONYMS.get(key.strip().lower()) in names:
        return _KEY_SYNONYMS[key.strip().lower()]
    for name, info in zip(names, model.model_fields.values()):
        # Descriptions carry the Chinese ledger word ("Deadline · 整改时限"):
        # a key written in Chinese maps straight to its field.
        if info.description and key in _CHINESE_WORDS.findall(info.description):
            return name
    close = difflib.get_close_matches(key.lower(), names, n=1, cutoff=0.6)
    return close[0] if close else None


def _place(parsed: Parsed, finding: Finding) -> Problem:
    return _placed(parsed.positions, finding)


def _placed(positions: Positions, finding: Finding) -> Problem:
    line, column = positions.place(finding.loc, at_key=finding.at_key)
    # Messages quote data (ids, keys, categories): never more than an excerpt of it.
    return Problem(positions.source.display, line, column, finding.code, excerpts(finding.message), finding.level,
                   args=_args_of(finding))


def _args_of(finding: Finding) -> tuple:
    """What the finding's message says, by name, each value an excerpt (`Problem.args`)."""
    return problem_args(**{name: excerpts(value, 80) if isinstance(value, str) else value
                           for name, value in finding.extra.items()}) if finding.extra else ()


def node_at(document: Any, loc: tuple) -> Any:
    """The value at `loc` in plain data, or None where the path leaves it."""
    node = document
    for key in loc:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


__all__ = [
    "Ledger",
    "Loaded",
    "LoadedRound",
    "data_location",
    "discover",
    "duplicate_rounds",
    "find_round_files",
    "gc_paused",
    "ledger_key",
    "load_bytes",
    "load_file",
    "load_path",
    "load_paths",
    "load_source",
    "load_text",
    "file_key",
    "validate_parsed",
]
