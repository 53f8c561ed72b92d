"""The slips a Chinese input method makes in a YAML file, found in the text before any parser sees it.

With an input method in full-width mode a clerk types '：' for ':', '，'
for ',', U+3000 for a space, ０-９ and '－' for digits and dashes, and
“…” for quotes; and dates come as they are written on paper: 2024/6/30,
2024.6.30, 2024年6月30日.  libyaml reports the first kind one line late as
"could not find expected ':'", the rest pass as text that validation then
refuses with no hint.  Each slip is reported here at its own line and
column, by name, with a `Fix` when the repair is certain:

- `fullwidth-colon`: `deadline：2024-12-31` (a key followed by '：');
- `fullwidth-space`: `status:　completed` (U+3000 after a key's colon);
- `fullwidth-indent`: U+3000 in the indentation before a key or '- ';
- `fullwidth-comma`: '，' between the items of a one-line `[ ]` or `{ }`;
  between two runs of Chinese text it may belong to the text, so that one
  is a warning (`fullwidth-comma-text`) whose fix is only a suggestion;
- `chinese-quotes`: “…” or ‘…’ around the whole value of a key that is not
  text (a date, a status, an id, a number);
- `date-format`, `fullwidth-date`, `impossible-date`: the value of a date
  key written otherwise than YYYY-MM-DD.

Only what looks like a key is looked at (an ASCII name at the start of a
line, or after '{' or ',' in a flow mapping), never the inside of a block
scalar (`text: |`), so Chinese prose, where '：' and '，' and an indent of
U+3000 are right, is left alone.  The whole text is searched by a few
regular expressions first; Python looks only at what they find, so a file
without slips costs a handful of scans in C.
"""

from __future__ import annotations

import bisect
import re

from ..durations import written_date
from ..messages import problem_args, say
from ..problems import Fix, Level, Problem
from .source import Source

# Keys whose values are dates (model.Extension.from is one; a history entry's `from` is a status).
DATE_KEYS = frozenset({"date", "from", "to", "deadline", "completed_on", "completed_by", "raised", "review_on",
                       "start", "end", "feedback"})
# Keys whose values are not free text: Chinese quotes around them are a slip, never part of the value.
TYPED_KEYS = DATE_KEYS | frozenset({
    "version", "id", "status", "kind", "review", "long_term", "check_every", "review_after",
    "aspects", "issues", "completed", "substantially_completed", "in_progress", "not_started", "declared",
    "rules", "trainings", "projects", "facilities", "partners", "people_accountable", "funds_recovered",
})
# Codes that mean the YAML parser would misread the text: the parse stops at them.  The others
# are values in a wrong form: the parse goes on, and validation's own word on that value is dropped.
STRUCTURAL = frozenset({"fullwidth-colon", "fullwidth-space", "fullwidth-indent", "fullwidth-comma"})
CODES = STRUCTURAL | frozenset({"fullwidth-comma-text", "chinese-quotes", "date-format", "fullwidth-date",
                                "impossible-date"})

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TYPED = "|".join(sorted(TYPED_KEYS, key=len, reverse=True))
_ODD_IN_VALUE = "/.年０-９－／．“‘\u2010-\u2015\u2212"
# A line worth a look: U+3000 in its indentation, a key followed by '：' or by ':' and U+3000, or a
# key that is not text whose value has a character no proper value of it has.  The lookahead keeps
# every other line out of Python.
_LINE = re.compile(
    r"^(?=[ \u3000-]*\u3000"
    rf"|[ -]*{_NAME}[ \t]*(?:：|:[ \t]*\u3000)"
    rf"|[ -]*(?:{_TYPED})[ \t]*:[ \t]*[^\n#]*[{_ODD_IN_VALUE}])"
    r"(?P<lead>(?:[ \u3000]|-(?=[ \u3000]))*)"
    rf"(?:(?P<key>{_NAME})[ \t]*(?P<colon>[:：])(?P<sep>[ \t\u3000]*)(?P<rest>[^\n]*))?",
    re.MULTILINE)
# A one-line flow collection as a value (or a list item) with '，' or '：' in it.
_FLOW = re.compile(rf"^[ ]*(?:-[ ]+)*(?:{_NAME}[ \t]*:[ \t]+)?(?P<flow>[\[{{][^\n]*[，：{_ODD_IN_VALUE}][^\n]*)", re.MULTILINE)
# A block scalar's indicator ends its line ('|', '>', '|-', '>+2' …); what stands before it is checked in Python.
_BLOCK_INDICATOR = re.compile(r"[|>][0-9+-]{0,2}[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_LEAD = re.compile(r"[ \u3000]*(?:-[ ]+)*")
# Every slip has one of these on its line: the lines without one are never looked at.
_TRIGGER = re.compile(f"[：，\u3000{_ODD_IN_VALUE}]")
_QUOTES = {"“": "”", "‘": "’"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_VALUE_END = re.compile(r"[ \t]+#|\r?$")


def find_slips(source: Source) -> list[Problem]:
    """Every input-method slip in `source`, in text order, each with its fix when the fix is certain."""
    text = source.text
    blocks = _BlockScalars(text)
    problems: list[Problem] = []
    trigger = _TRIGGER.search(text)
    while trigger is not None:
        start = text.rfind("\n", 0, trigger.start()) + 1
        end = text.find("\n", trigger.start())
        end = len(text) if end < 0 else end
        if not blocks.contains(start):
            line = _LINE.match(text, start)
            if line is not None:
                problems.extend(_line_slips(source, line))
            flow = _FLOW.match(text, start)
            if flow is not None:
                problems.extend(_flow_slips(source, flow.start("flow"), flow.group("flow")))
        trigger = _TRIGGER.search(text, end)
    return sorted(set(problems), key=Problem.sort_key)


def _problem(source: Source, index: int, code: str, fix: Fix | None, level: Level = Level.ERROR,
             **args) -> Problem:
    fixable = fix is not None and fix.safe
    line, column = source.lines.from_index(index)
    return Problem(source.display, line, column, code, say(code, "en", fixable, **args), level,
                   fix, problem_args(fixable, **args))


def _line_slips(source: Source, match: re.Match) -> list[Problem]:
    found = []
    lead, key = match.group("lead"), match.group("key")
    wide_in_lead = "\u3000" in lead
    if wide_in_lead and (key is not None or "\u3000" in lead[: lead.rfind("-") + 1]):
        found.append(_indent_slip(source, match.start("lead"), lead))
    if key is None:
        return found
    colon, sep = match.start("colon"), match.group("sep")
    if match.group("colon") == "：":
        # '：' and the spaces after it, U+3000 among them, are one slip with one repair: ': '.
        found.append(_problem(source, colon, "fullwidth-colon",
                              Fix(colon, match.end("sep"), ": " if match.group("rest").rstrip("\r") else ":"),
                              key=key))
    elif "\u3000" in sep:
        start = match.start("sep")
        found.append(_problem(source, start, "fullwidth-space", Fix(start, match.end("sep"), " "), key=key))
    rest = match.group("rest")
    if rest and rest[0] not in "[{":
        value = rest[: _VALUE_END.search(rest).start()]
        slip = _value_slip(source, key, match.start("rest"), value)
        if slip is not None:
            found.append(slip)
    return found


def _indent_slip(source: Source, start: int, lead: str) -> Problem:
    wide = start + lead.index("\u3000")
    # An editor shows U+3000 two columns wide, so the clerk lined it up as two spaces, or typed it for one:
    # certain when exactly one of the two lines the key up with the line above.
    above = _columns_above(source.text, start)
    fits = [spaces for spaces in (lead.replace("\u3000", "  "), lead.replace("\u3000", " ")) if len(spaces) in above]
    replacement = fits[0] if fits else lead.replace("\u3000", "  ")
    safe = len(fits) == 1
    return _problem(source, wide, "fullwidth-indent", Fix(start, start + len(lead), replacement, safe))


def _columns_above(text: str, line_start: int) -> set[int]:
    """Where the previous line with content starts its key and its items, and where a child of it would."""
    end = line_start - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].rstrip("\r")
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            first = len(line) - len(stripped)
            columns = {first}
            rest = stripped
            while rest.startswith("- "):
                inner = rest[1:].lstrip(" ")
                first += len(rest) - len(inner)
                columns.add(first)
                rest = inner
            if re.match(rf"{_NAME}[ \t]*:[ \t]*(?:#.*)?$", rest):  # a key that opens a mapping or a list
                columns.update({first + 2, first + 4})
            return columns
        end = begin - 1
    return {0}


def _value_slip(source: Source, key: str, start: int, value: str) -> Problem | None:
    if not value or key not in TYPED_KEYS:
        return None
    opening = value[0]
    if opening in _QUOTES and len(value) >= 2 and value.endswith(_QUOTES[opening]):
        inner = value[1:-1]
        if any(c in inner for c in "\"\\“”‘’"):
            return None
        iso = _real_iso(inner) if key in DATE_KEYS else None
        return _problem(source, start, "chinese-quotes", Fix(start, start + len(value), iso or f'"{inner}"'),
                        key=key, open=opening, close=_QUOTES[opening])
    if key not in DATE_KEYS:
        return None
    written = value[1:-1] if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0] else value
    parts = written_date(written)
    if parts is None:
        return None
    iso = "{:04d}-{:02d}-{:02d}".format(*parts)
    if _real_iso(written) is None:
        return _problem(source, start, "impossible-date", None, value=written, iso=iso)
    if written.isascii() and "-" in written:
        return None  # 2024-6-30: a date as it is
    code = "date-format" if re.search("[/.年]", written.translate(_NARROW)) else "fullwidth-date"
    return _problem(source, start, code, Fix(start, start + len(value), iso), value=written, iso=iso)


_NARROW = str.maketrans("／．", "/.")


def _real_iso(text: str) -> str | None:
    """`text` as YYYY-MM-DD when it is a date in one of the written forms and the day exists."""
    import datetime as dt

    parts = written_date(text)
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


_FLOW_KEY = re.compile(rf"[ \t]*({_NAME})[ \t]*([:：])[ \t]*([^,，{{}}\[\]\n#]*?)[ \t]*(?=[,，}}])")


def _flow_slips(source: Source, start: int, flow: str) -> list[Problem]:
    """'，' between items and '：' after keys, at any depth of a one-line flow collection, outside quotes."""
    problems = []
    quote = None
    kinds: list[str] = []  # '[' or '{' for each open collection
    item_start = 0
    for offset, char in enumerate(flow):
        if quote:
            if char == quote:
                quote = None
            continue
        if char in "'\"" and _opens_a_scalar(flow[item_start:offset], kinds):
            quote = char
        elif char in "[{":
            kinds.append(char)
            item_start = offset + 1
        elif char in "]}":
            if kinds:
                kinds.pop()
            if not kinds:
                break
        elif char == "#" and flow[offset - 1: offset] in (" ", "\t"):
            break
        elif char in ",，":
            if char == "，" and kinds:
                slip = _comma_slip(source, start + offset, flow, item_start, offset, kinds[-1])
                if slip is None:
                    continue  # the value's own comma: still inside the same item
                problems.append(slip)
            item_start = offset + 1
        else:
            continue
        if kinds and kinds[-1] == "{" and item_start == offset + 1:
            key = _FLOW_KEY.match(flow, offset + 1)
            if key is not None and key.group(2) == "：":
                index = start + key.start(2)
                after = flow[key.end(2): key.end(2) + 1]
                problems.append(_problem(source, index, "fullwidth-colon",
                                         Fix(index, index + 1, ":" if after in (" ", "\t") else ": "),
                                         key=key.group(1)))
            if key is not None:
                slip = _value_slip(source, key.group(1), start + key.start(3), key.group(3))
                if slip is not None:
                    problems.append(slip)
    return problems


def _opens_a_scalar(before: str, kinds: list[str]) -> bool:
    """Whether a quote after `before` (the item so far) opens a quoted scalar: an item's or a mapping value's."""
    return before.strip() == "" or bool(kinds and kinds[-1] == "{" and _FLOW_VALUE_START.fullmatch(before))


_FLOW_VALUE_START = re.compile(rf"[ \t]*{_NAME}[ \t]*[:：][ \t]*")


def _comma_slip(source: Source, index: int, flow: str, item_start: int, offset: int, kind: str) -> Problem | None:
    before = flow[item_start:offset].strip()
    after = flow[offset + 1:]
    replacement = "," if after[:1] in (" ", "\t") else ", "
    if kind == "{" and not re.match(rf"[ \t]*{_NAME}[ \t]*[:：]", after):
        # In a { } mapping the next entry starts with its key: anything else is the value's own text
        # (完成3项，2项推进中), which a fix would cut in two.
        return None
    prose = _CJK.match(before[-1:]) or _CJK.match(after.lstrip()[:1])
    if kind == "[" and prose:
        # Beside Chinese text the comma may be the text's own: only a suggestion.
        item = before + "，" + re.split(r"[,，\]]", after, maxsplit=1)[0].strip()
        return _problem(source, index, "fullwidth-comma-text", Fix(index, index + 1, replacement, safe=False),
                        Level.WARNING, item=item)
    return _problem(source, index, "fullwidth-comma", Fix(index, index + 1, replacement))


class _BlockScalars:
    """The spans of the text inside block scalars (`text: |`), found only when some slip is a candidate."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    def contains(self, index: int) -> bool:
        if self._spans is None:
            self._spans = list(self._find())
            self._starts = [span[0] for span in self._spans]
        at = bisect.bisect_right(self._starts, index) - 1
        return at >= 0 and self._spans[at][0] <= index < self._spans[at][1]

    def _find(self):
        text = self._text
        for header in _BLOCK_INDICATOR.finditer(text):
            line_start = text.rfind("\n", 0, header.start()) + 1
            before = text[line_start:header.start()]
            if not before.endswith((" ", "\t")) or not before.rstrip(" \t").endswith((":", "-")):
                continue  # a '|' or '>' inside text, not an indicator
            parent = _LEAD.match(before).end()  # the column of the key that holds the scalar
            body = header.end() + 1
            position = body
            while position < len(text):
                end = text.find("\n", position)
                end = len(text) if end < 0 else end
                line = text[position:end].rstrip("\r")
                content = line.lstrip(" ")
                if content and len(line) - len(content) <= parent:
                    break
                position = end + 1
            if position > body:
                yield body, min(position, len(text))


__all__ = ["CODES", "DATE_KEYS", "STRUCTURAL", "TYPED_KEYS", "find_slips"]
