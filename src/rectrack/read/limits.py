"""What a data file may hold before rectrack refuses to read it, and how the limits are written.

Lowest of the read path: the reader takes a `Limits`, and `config` builds
the ones in force (defaults, then `[limits]`, then $RECTRACK_MAX_*) from
the parsing helpers here, so neither has to import the other.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..problems import RectrackError, short


@dataclass(frozen=True)
class Limits:
    """What a data file may hold before rectrack refuses to parse it.

    Bytes alone do not bound the work of building a tree (a dense hostile
    file such as `[1,1,1,…]` has a node every two bytes), nodes and lines
    do.  The defaults hold a round of some 4 000 issues, or 300 issues with
    a year of weekly history, and keep the worst file that passes them to a
    second or two.  `max_depth` can never exceed DEPTH_CEILING: the editing
    side still hands trees to ruamel, whose composer recurses once per level.
    """

    max_bytes: int = 4 * 1024 * 1024
    max_lines: int = 100_000
    max_nodes: int = 100_000
    max_depth: int = 32
    max_problems: int = 200  # per file: a binary file must not print a million lines

    def checked(self, **values: object) -> "Limits":
        """A copy with `values` changed; RectrackError names a value out of range."""
        for name, value in values.items():
            ceiling = _CEILINGS.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (
                    ceiling is not None and value > ceiling):
                if ceiling is not None:
                    raise RectrackError(code="limit-range", name=name, ceiling=ceiling, value=short(str(value)))
                raise RectrackError(code="limit-positive", name=name, value=short(str(value)))
        return replace(self, **values)


DEFAULT_LIMITS = Limits()
# ruamel's composer (editing) recurses a few frames per level and hits
# Python's recursion limit near 250 levels; 100 keeps room for the CLI's own frames.
DEPTH_CEILING = 100
_CEILINGS = {"max_depth": DEPTH_CEILING}
LIMIT_ENV = {
    "max_bytes": "RECTRACK_MAX_BYTES",
    "max_lines": "RECTRACK_MAX_LINES",
    "max_nodes": "RECTRACK_MAX_NODES",
    "max_depth": "RECTRACK_MAX_DEPTH",
}
_SIZE = re.compile(r"(\d+)\s*(?:([KMG])(?:I?B)?)?", re.IGNORECASE)


def parse_limit(name: str, text: str) -> int:
    """A limit's value from text: a whole number; max_bytes also takes K, M or G (binary: 4M = 4 MiB)."""
    cleaned = text.strip().replace("_", "")
    match = _SIZE.fullmatch(cleaned)
    if match is None or (match.group(2) and name != "max_bytes"):
        sized = name == "max_bytes"
        raise RectrackError(code="limit-not-number", name=name, value=short(text),
                            example="4194304 or 4M" if sized else "100",
                            example_zh="4194304 或 4M" if sized else "100")
    factor = {None: 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[(match.group(2) or "").upper() or None]
    return int(match.group(1)) * factor


def limits_from_env(base: Limits = DEFAULT_LIMITS, environ: Mapping[str, str] | None = None) -> Limits:
    """`base` with any RECTRACK_MAX_BYTES / _LINES / _NODES / _DEPTH from the environment applied.

    Raises RectrackError naming the variable when a value is not a valid limit.
    """
    environ = os.environ if environ is None else environ
    values = {}
    for name, variable in LIMIT_ENV.items():
        text = environ.get(variable)
        if text is None or not text.strip():
            continue
        try:
            values[name] = parse_limit(name, text)
            base.checked(**{name: values[name]})
        except RectrackError as exc:
            from ..replies import error_text

            raise RectrackError(code="limit-env", variable=variable, reason=str(exc),
                                reason_zh=error_text(exc, "zh")) from None
    return base.checked(**values)


def size_text(size: int) -> str:
    """A byte count as a person writes it: 4 MiB, 64 KiB, 1000 bytes."""
    for unit, factor in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


__all__ = ["DEFAULT_LIMITS", "DEPTH_CEILING", "LIMIT_ENV", "Limits", "limits_from_env", "parse_limit", "size_text"]
