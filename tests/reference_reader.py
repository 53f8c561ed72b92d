"""A slow reference reader, for tests only: ruamel's pure-Python parser and the format's rules, written again.

`rectrack.read.parse` reads a file in one pass over libyaml's events.  This
module reads the same text by another route, so that the two can be held
to the same answer: ruamel's own (pure-Python) parser produces the events,
and the scalar rules of docs/format.md ("How values are read") are written
here a second time, straight from the page, without looking at
`rectrack.read.scalars`.  It is slow and simple on purpose: recursion over
a tree, regular expressions tried one by one.

`reference_read(text)` returns (data, positions) where positions maps each
path (a tuple of keys and indexes) to the offset of its value and, for
mapping keys, `path + ("<key>",)` to the offset of the key; or None when
the text must be refused (anything the format refuses, or ruamel cannot parse).
"""

from __future__ import annotations

import datetime as dt
import re

from rectrack.read.scalars import WrittenInt

NULLS = {"", "~", "null", "Null", "NULL"}
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
DEC = r"[-+]?[0-9]+"
OCT = r"0o[0-7]+"
HEX = r"0x[0-9a-fA-F]+"
FLOAT = r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
INF = r"[-+]?\.(inf|Inf|INF)"
NAN = r"\.(nan|NaN|NAN)"
DATE = r"([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)"
TIME = DATE + r"([Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:?[0-9][0-9])?))?"
CORE = "tag:yaml.org,2002:"


class Refused(Exception):
    pass


def resolve(text: str):
    """A plain scalar's value, by the rules as docs/format.md states them."""
    if text in NULLS:
        return None
    if text in BOOLS:
        return BOOLS[text]
    # Whole numbers not in plain decimal keep their text (the data type is the reader's; the rule is written here).
    if re.fullmatch(DEC, text):
        if len(text) >= 4000:
            return text
        return int(text) if re.fullmatch(r"0|-?[1-9][0-9]*", text) else WrittenInt(int(text), text)
    if re.fullmatch(OCT, text):
        return WrittenInt(int(text[2:], 8), text)
    if re.fullmatch(HEX, text):
        return WrittenInt(int(text[2:], 16), text)
    if re.fullmatch(FLOAT, text) or re.fullmatch(INF, text) or re.fullmatch(NAN, text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    match = re.fullmatch(DATE, text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return text
    match = re.fullmatch(TIME, text)
    if match:
        zone = match.group(10)
        tz = None
        if zone == "Z":
            tz = dt.timezone.utc
        elif zone:
            digits = zone[1:].replace(":", "")
            hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
            try:
                tz = dt.timezone((-1 if zone[0] == "-" else 1) * dt.timedelta(hours=hours, minutes=minutes))
            except ValueError:
                return text
        fraction = (match.group(8) or ".")[1:7].ljust(6, "0")
        try:
            return dt.datetime(*map(int, match.group(1, 2, 3, 5, 6, 7)), int(fraction), tzinfo=tz)
        except ValueError:
            return text
    return text


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.date):
        return "timestamp"
    return "str"


def _is_empty(event) -> bool:
    from ruamel.yaml.events import ScalarEvent

    return (isinstance(event, ScalarEvent) and event.value == "" and event.implicit[0] and event.tag is None
            and event.start_mark.index == event.end_mark.index)


def _empty_value_place(text: str, event) -> int:
    """The format places a value left out just after its indicator (`key:` or `-`), on the key's own line.

    ruamel puts it at the next token instead, often on the next line; look
    back from there past blank lines, comments and spaces.
    """
    before = text[: event.start_mark.index]
    while True:
        stripped = before.rstrip(" \t\r\n")
        line_start = stripped.rfind("\n") + 1
        line = stripped[line_start:]
        if line.lstrip().startswith("#"):
            before = stripped[:line_start]
            continue
        hash_at = line.find(" #")
        if hash_at >= 0:
            stripped = stripped[: line_start + hash_at].rstrip(" \t")
        # Only a value that has an indicator of its own (`key:`, `- `) is placed after it.
        if stripped.endswith(":") or (stripped.endswith("-") and stripped[-2:-1] in ("", " ", "\n", "-")):
            return len(stripped)
        return event.start_mark.index


def reference_read(text: str, max_depth: int = 32):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                                    ScalarEvent, SequenceEndEvent, SequenceStartEvent)

    try:
        events = list(YAML(typ="safe", pure=True).parse(text))
    except (YAMLError, ValueError, RecursionError):
        return None
    positions: dict = {}
    documents = [e for e in events if isinstance(e, DocumentStartEvent)]
    if len(documents) > 1 or any(d.version not in (None, (1, 2)) for d in documents):
        return None
    stream = iter(e for e in events if isinstance(e, (AliasEvent, ScalarEvent, MappingStartEvent,
                                                      MappingEndEvent, SequenceStartEvent, SequenceEndEvent)))

    def node(event, path, depth):
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise Refused("alias or anchor")
        positions[path] = event.start_mark.index
        tag = event.tag
        if isinstance(event, ScalarEvent):
            plain = event.implicit[0] and tag is None
            if '"' == event.style and re.search("[\ud800-\udfff]", event.value):
                raise Refused("surrogate")
            if tag is None:
                return resolve(event.value) if plain else event.value
            if tag == CORE + "str":
                return event.value
            value = resolve(event.value)
            if tag == CORE + _kind(value):
                return value
            if tag == CORE + "float" and _kind(value) == "int":
                return float(value)
            raise Refused("tag")
        if depth >= max_depth:
            raise Refused("too deep")
        if isinstance(event, SequenceStartEvent):
            if tag not in (None, CORE + "seq"):
                raise Refused("tag")
            items = []
            for child in stream:
                if isinstance(child, SequenceEndEvent):
                    return items
                items.append(node(child, path + (len(items),), depth + 1))
                if _is_empty(child) and not event.flow_style:
                    positions[path + (len(items) - 1,)] = _empty_value_place(text, child)
        if tag not in (None, CORE + "map"):
            raise Refused("tag")
        mapping = {}
        for child in stream:
            if isinstance(child, MappingEndEvent):
                return mapping
            if not isinstance(child, ScalarEvent):
                raise Refused("complex key")
            if child.implicit[0] and child.tag is None and child.value == "<<":
                raise Refused("merge key")
            key = node(child, ("<scratch>",), depth + 1)
            del positions[("<scratch>",)]
            if key in mapping:
                raise Refused("duplicate key")
            positions[path + (key, "<key>")] = child.start_mark.index
            value_event = next(stream)
            mapping[key] = node(value_event, path + (key,), depth + 1)
            if _is_empty(value_event):
                # After the key's own ':' when it has one (`? key` alone has none: at the next token).
                rest = text[child.end_mark.index:]
                gap = len(rest) - len(rest.lstrip(" \t"))
                if rest[gap:gap + 1] == ":":
                    positions[path + (key,)] = child.end_mark.index + gap + 1
        raise Refused("unterminated")

    first = next(stream, None)
    if first is None:
        return None
    try:
        data = node(first, (), 0)
    except (Refused, TypeError):
        return None
    return data, positions


def paths_of(data, path=()):
    """Every path into plain data, with ("<key>",) appended for each mapping key."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key, "<key>")
            yield from paths_of(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, path + (index,))
