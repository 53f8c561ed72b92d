"""Per-repository settings: `rectrack.toml`, or `[tool.rectrack]` in `pyproject.toml`.

A repository of ledgers can fix where its round files live, the language of
the labels, and when an issue counts as overdue, so that everyone who runs
rectrack there (and CI) sees the same figures::

    # rectrack.toml
    data = "ledgers"          # folder or file, relative to this file
    lang = "zh"               # zh | en

    [overdue]
    grace_days = 7            # overdue only when more than 7 days past the deadline
    statuses = ["未启动", "正在推进"]   # statuses that can be overdue

    [limits]                  # what a data file may hold (see read.limits.Limits)
    max_bytes = "8M"          # also max_lines, max_nodes, max_depth (at most 100)

    evidence_root = "evidence"  # relative evidence paths start here (default: the round file's folder)

    [checks]
    evidence = "required"     # a completed issue without evidence is a warning (default "optional")

The file is found by walking up from the current folder, stopping at the
repository root (the folder holding `.git`); in one folder `rectrack.toml`
wins over `pyproject.toml`, and a `pyproject.toml` without `[tool.rectrack]`
is passed over.  `$RECTRACK_CONFIG` names a file explicitly.

Precedence, highest first: command-line options, environment variables
(`RECTRACK_DATA`, `RECTRACK_LANG`), this file, built-in defaults.  Unknown
keys are errors, so a typo cannot silently do nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import RectrackError

CONFIG_NAME = "rectrack.toml"
PYPROJECT_NAME = "pyproject.toml"
CONFIG_ENV = "RECTRACK_CONFIG"
LANGS = ("zh", "en")


def walk_up(start: Path) -> Iterator[Path]:
    """`start` and its parents, up to and including the repository root (the folder holding `.git`)."""
    folder = Path(os.path.abspath(start))
    while True:
        yield folder
        if (folder / ".git").exists() or folder.parent == folder:
            return
        folder = folder.parent


@dataclass(frozen=True)
class OverdueSettings:
    """When an issue counts as overdue: past its deadline by more than `grace_days`, in one of `statuses`.

    `statuses` holds canonical status values; None means the built-in rule
    (every status except completed).
    """

    grace_days: int = 0
    statuses: tuple[str, ...] | None = None

    def rule(self):
        """These settings as the `queries.OverdueRule` that counting uses."""
        from .vocabulary import Status
        from .queries import OverdueRule

        if self.statuses is None:
            return OverdueRule(grace_days=self.grace_days)
        return OverdueRule(grace_days=self.grace_days,
                           statuses=frozenset(Status(s) for s in self.statuses))


@dataclass(frozen=True)
class Config:
    """Settings from a config file; every value is None when the file does not set it."""

    path: Path | None = None
    data: Path | None = None
    lang: str | None = None
    overdue: OverdueSettings = field(default_factory=OverdueSettings)
    # [limits]: name → value, checked; `current_limits` applies them under $RECTRACK_MAX_*.
    limits: dict[str, int] = field(default_factory=dict)
    # Where relative evidence paths start (None: each round file's folder), and [checks] evidence.
    evidence_root: Path | None = None
    evidence_required: bool = False

    @property
    def root(self) -> Path | None:
        """The folder holding the config file: relative paths in it start here."""
        return self.path.parent if self.path is not None else None


def find_config(start: Path | None = None) -> Path | None:
    """The config file that applies in `start` (default: the current folder), or None."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise RectrackError(code="config-missing", path=str(path), variable=CONFIG_ENV)
        return path
    for folder in walk_up(start if start is not None else Path.cwd()):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        candidate = folder / PYPROJECT_NAME
        if candidate.is_file() and _has_tool_table(candidate):
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    # A cheap look before parsing: a broken pyproject.toml that never
    # mentions rectrack is not rectrack's business.
    try:
        return "[tool.rectrack" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load_config(start: Path | None = None) -> Config:
    """The settings that apply in `start` (default: the current folder); empty settings when no file applies.

    Raises RectrackError for a file that is not valid TOML or holds unknown
    keys or wrong values.
    """
    path = find_config(start)
    if path is None:
        return Config()
    return read_config(path)


def _shown(path: Path) -> str:
    """The path as a person would type it: relative to the current folder when inside it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_config(path: Path) -> Config:
    """Parse and check one config file (`rectrack.toml` or a `pyproject.toml`)."""
    import tomllib

    shown = _shown(path)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise RectrackError(code="config-unreadable", file=shown, reason=str(exc.strerror or exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise RectrackError(code="toml-invalid", file=shown, reason=str(exc)) from None
    if path.name == PYPROJECT_NAME:
        table = document.get("tool", {}).get("rectrack", {})
        where = "tool.rectrack"
    else:
        table = document
        where = ""
    return _parse_table(path, shown, table, where)


def written_lang(start: Path | None = None) -> str | None:
    """The `lang` the config file writes, even when the rest of it is refused; None when it writes none.

    So that a file's own errors (an unknown key beside `lang = "zh"`) are said
    in the language it asks for.  Nothing is checked here: `lang` is read as text.
    """
    import tomllib

    try:
        path = find_config(start)
        if path is None:
            return None
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (RectrackError, OSError, tomllib.TOMLDecodeError):
        return None
    table = document.get("tool", {}).get("rectrack", {}) if path.name == PYPROJECT_NAME else document
    value = table.get("lang") if isinstance(table, dict) else None
    return value if isinstance(value, str) else None


def _parse_table(path: Path, shown: str, table: Any, where: str) -> Config:
    def refusal(key: str, code: str, **values) -> RectrackError:
        """The error `code` of `replies.ERRORS` about `key`, named as the file writes it."""
        return RectrackError(code=code, file=shown, key=f"{where}.{key}" if where else key, **values)

    if not isinstance(table, dict):
        raise RectrackError(code="config-not-table", file=shown, where=where)
    _refuse_unknown(shown, table, ("data", "lang", "overdue", "limits", "evidence_root", "checks"), where)
    data = table.get("data")
    if data is not None:
        if not isinstance(data, str) or not data.strip():
            raise refusal("data", "config-data")
        data_path = Path(data)
        if not data_path.is_absolute():
            data_path = Path(os.path.abspath(path.parent / data_path))
    else:
        data_path = None
    lang = table.get("lang")
    from .i18n import lang_code

    if lang is not None and (not isinstance(lang, str) or lang_code(lang) is None):
        raise refusal("lang", "config-lang", choices=", ".join(LANGS), choices_zh=" 或 ".join(LANGS),
                      **_given(lang))
    if lang is not None:
        lang = lang_code(lang)
    overdue_table = table.get("overdue", {})
    if not isinstance(overdue_table, dict):
        raise refusal("overdue", "config-table", example="[overdue] grace_days = 7")
    overdue_where = f"{where}.overdue" if where else "overdue"
    _refuse_unknown(shown, overdue_table, ("grace_days", "statuses"), overdue_where)
    grace = overdue_table.get("grace_days", 0)
    if isinstance(grace, bool) or not isinstance(grace, int) or grace < 0:
        raise refusal("overdue.grace_days", "config-grace-days", **_given(grace))
    statuses = overdue_table.get("statuses")
    if statuses is not None:
        statuses = _parse_statuses(statuses, lambda code, **values: refusal("overdue.statuses", code, **values))
    limits = _parse_limits(table.get("limits", {}), refusal, shown, f"{where}.limits" if where else "limits")
    evidence_root, evidence_required = _parse_evidence(path, table, refusal, shown, where)
    return Config(path=path, data=data_path, lang=lang,
                  overdue=OverdueSettings(grace_days=grace, statuses=statuses), limits=limits,
                  evidence_root=evidence_root, evidence_required=evidence_required)


def _parse_evidence(path: Path, table: dict, refusal, shown: str, where: str) -> tuple[Path | None, bool]:
    """`evidence_root` (relative to the config file) and `[checks] evidence` ("required" or "optional")."""
    root = table.get("evidence_root")
    if root is not None:
        if not isinstance(root, str) or not root.strip():
            raise refusal("evidence_root", "config-evidence-root")
        root = Path(os.path.abspath(path.parent / root))
    checks = table.get("checks", {})
    if not isinstance(checks, dict):
        raise refusal("checks", "config-table", example='[checks] evidence = "required"')
    _refuse_unknown(shown, checks, ("evidence",), f"{where}.checks" if where else "checks")
    evidence = checks.get("evidence", "optional")
    if evidence not in ("required", "optional"):
        raise refusal("checks.evidence", "config-evidence", **_given(evidence))
    return root, evidence == "required"


def current_limits():
    """The `read.Limits` in force: built-in defaults, then `[limits]` of the config file, then $RECTRACK_MAX_*.

    RectrackError for a malformed value in either place.
    """
    from .read.limits import DEFAULT_LIMITS, limits_from_env

    return limits_from_env(DEFAULT_LIMITS.checked(**load_config().limits))


def _parse_limits(table: Any, refusal, shown: str, where: str) -> dict[str, int]:
    from .read.limits import DEFAULT_LIMITS, LIMIT_ENV, parse_limit

    if not isinstance(table, dict):
        raise refusal("limits", "config-table", example='[limits] max_bytes = "8M"')
    _refuse_unknown(shown, table, tuple(LIMIT_ENV), where)
    limits = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise refusal(f"limits.{key}", "config-limit-type", **_given(value))
        try:
            limits[key] = parse_limit(key, str(value))
            DEFAULT_LIMITS.checked(**{key: limits[key]})
        except RectrackError as exc:
            # The limit's own message ("limit-range" …), said of the key in this file ("config-limit-range").
            raise refusal(f"limits.{key}", f"config-{exc.code}", **exc.message_args) from None
    return limits


def _parse_statuses(value: Any, refusal) -> tuple[str, ...]:
    from .messages import CHOICES_ZH
    from .vocabulary import Status, parse_status, status_choices

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise refusal("config-statuses", choices=status_choices(), choices_zh=CHOICES_ZH)
    parsed = []
    for word in value:
        try:
            status = parse_status(word)
        except ValueError:
            raise refusal("config-status-unknown", word=repr(word), word_zh=word, choices=status_choices(),
                          choices_zh=CHOICES_ZH) from None
        if status is Status.COMPLETED:
            raise refusal("config-status-completed")
        if status.value not in parsed:
            parsed.append(status.value)
    return tuple(parsed)


def _given(value: Any) -> dict[str, str]:
    """A value the file gives, as an error quotes it: Python's repr in English, as written in TOML in Chinese.

    The Chinese sentence puts “…” around it itself, so it is the bare value
    there (`yes`, `true`, `-1`), not the English 'yes'.
    """
    written = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return {"value": repr(value), "value_zh": written}


def _refuse_unknown(shown: str, table: dict, known: tuple[str, ...], where: str) -> None:
    import difflib

    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            name = f"{where}.{key}" if where else key
            if close:
                raise RectrackError(code="config-unknown-key-close", file=shown, key=name, close=close[0])
            raise RectrackError(code="config-unknown-key", file=shown, key=name, known=", ".join(known),
                                known_zh="、".join(known))


__all__ = [
    "CONFIG_ENV",
    "CONFIG_NAME",
    "Config",
    "OverdueSettings",
    "current_limits",
    "find_config",
    "load_config",
    "read_config",
    "walk_up",
]
