"""What a YAML scalar means in a round file: the format's own resolution rules, written down once.

libyaml reports each scalar's text, style and tag; what the text *means*
(text, a number, a date, true/false, null) is decided here, by the YAML 1.2
core schema as docs/format.md ("How values are read") states it, plus the
format's dates.  Nothing is left to a parser's defaults, so a file means
the same thing whichever tool reads it by these rules:

- null: empty, `~`, `null`, `Null`, `NULL`;
- true/false: `true`, `True`, `TRUE`, `false`, `False`, `FALSE` (not yes/no/on/off);
- whole numbers: `[-+]?[0-9]+` in decimal (`010` is ten), `0o17` octal, `0x1F`
  hexadecimal; numbers not written in their plain decimal form come back as
  `WrittenInt`, which remembers the text, so an id written `010` can be
  refused instead of silently becoming `10`;
- decimals: `1.5`, `.5`, `1.`, `1e3`, `-2.5E-3`, `.inf`, `-.inf`, `.nan`;
- dates: `2024-06-30` (also `2024-6-3`) when the day exists, else the text
  stays text for validation to place; with a time (`2024-06-30 10:00:00`,
  `2024-06-30T10:00:00+08:00`) a datetime, which a date field refuses;
- everything else, every quoted scalar, and `1_000`, `0b101`, `yes`: text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ = CORE + "map", CORE + "seq"


class WrittenInt(int):
    """A whole number written otherwise than in plain decimal (`010`, `0x1F`, `+5`): its value and its text."""

    def __new__(cls, value: int, text: str) -> "WrittenInt":
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self):  # copies and pickles keep the text
        return (WrittenInt, (int(self), self.text))


CONSTANTS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}
# The first characters of every plain scalar that is not text: any other goes straight through.
TYPED_FIRST = frozenset("0123456789-+.~nNtTfF")
_CANONICAL_INT = re.compile(r"0|-?[1-9][0-9]*")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?"
    r"(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?")


def plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar."""
    if not text or text[0] not in TYPED_FIRST:
        return text if text else None
    if text in CONSTANTS:
        return CONSTANTS[text]
    first = text[0]
    if first == "." or first == "-" or first == "+" or first.isdigit():
        return _number_or_date(text)
    return text


def _number_or_date(text: str) -> Any:
    if _INT.fullmatch(text):
        try:
            value = int(text)
        except ValueError:  # more than 4300 digits: Python refuses, and it is no count anyway
            return text
        return value if _CANONICAL_INT.fullmatch(text) else WrittenInt(value, text)
    if _OCT.fullmatch(text):
        return WrittenInt(int(text[2:], 8), text)
    if _HEX.fullmatch(text):
        return WrittenInt(int(text[2:], 16), text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if len(text) <= 10:
        match = _DATE.fullmatch(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return text  # an impossible date stays text: validation says where and why
        return text
    match = _TIMESTAMP.fullmatch(text)
    if match:
        return _timestamp(match) or text
    return text


def _timestamp(match: re.Match) -> dt.datetime | None:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = None
    if zone == "Z":
        tz = dt.timezone.utc
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")  # +8, +08, +0800, +08:00
        hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
        try:
            tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        except ValueError:
            return None
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz)
    except ValueError:
        return None


def kind_of(value: Any) -> str:
    """The core tag a resolved plain value has: what `!!int 12` is checked against."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, dt.date):
        return TIMESTAMP
    return STR


def tagged(text: str, tag: str) -> tuple[bool, Any]:
    """(fits, value) of a scalar with an explicit core tag: `!!str 123` is text, `!!bool maybe` does not fit."""
    if tag == STR:
        return True, text
    value = plain(text)
    kind = kind_of(value)
    if kind == tag:
        return True, value
    if tag == FLOAT and kind == INT:
        return True, float(value)
    return False, text


def id_text(value: Any) -> str | None:
    """An id as written in the file: text as it is, `7` as "7", `010` as "010"; None for anything else."""
    if isinstance(value, WrittenInt):
        return value.text
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


__all__ = ["CORE", "MAP", "SEQ", "STR", "WrittenInt", "id_text", "kind_of", "plain", "tagged"]
