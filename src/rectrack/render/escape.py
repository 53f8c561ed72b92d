"""Escaping data for the terminal and for JSON: the one sanitizer every piece of data passes.

Data files are written by anyone; their text must print literally.  A
terminal obeys ESC and other control characters (clear the screen, retitle
the window) and shows bidi overrides that hide or reorder text.  `clean`
makes such characters visible as escapes, and `safe_json` writes them as
JSON escapes.  No rich here: `validate`, `--json` and problem lists print
plain text, and need not pay for importing it (`text` builds on this).
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline are handled separately), DEL, the
# invisible format characters that reorder or hide text (bidi marks,
# embeddings, overrides and isolates, zero-width characters, BOM,
# interlinear annotations, the Mongolian vowel separator, invisible "tag"
# letters that smuggle hidden ASCII), and lone surrogates, which no output
# encoding can write.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON escape of an astral character is a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_json(data: object) -> str:
    """`data` as indented JSON that is safe to print, ending in a newline.

    Chinese stays readable (no `ensure_ascii`), but every character `clean`
    would escape is written as a JSON `\\uXXXX` escape: a script reading the
    JSON gets the data unchanged, and a terminal showing it gets no raw
    control or bidi characters.  Outside strings JSON holds only ASCII, so
    the escapes can only land inside strings.
    """
    import json

    return _UNSAFE.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def safe_json_records(records: list[dict]) -> str:
    """`safe_json(records)` for records of plain values (`list --json`), the same text some 30% sooner.

    With `indent`, the json module writes through its pure-Python encoder
    (70 ms for 10,000 issues).  Here the C encoder writes all records at
    once, the line breaks and indentation carried by its separators; the
    separator between two records then comes out like the one between two
    fields, and is told apart by the braces around it (a line break inside
    a string is always escaped, so it can only be a separator).  A record
    that holds a list or mapping, or none at all, still gives the same JSON
    values, only indented differently.
    """
    import json

    if not records:
        return "[]\n"
    text = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode(records)
    body = text[2:-2].replace("},\n    {", "\n  },\n  {\n    ")
    return _UNSAFE.sub(_json_escape, "[\n  {\n    " + body + "\n  }\n]") + "\n"


def clean(value: object, keep_newlines: bool = False) -> str:
    """Data text made safe to print: control and bidi characters shown as escapes."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _UNSAFE.sub(_escape, text)
