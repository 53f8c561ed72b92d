"""One ledger cell read as a rectrack value: a date, a deadline, a status, a list of measures.

Each reader returns a `Reading`: the value, and a sentence when the value
was read rather than copied (a guess the import report shows with its
cell), or raises `Unreadable` with the reason.  Nothing is made up: text
that does not say a thing clearly is refused, never filled in.  The
sentences are `Said` values, made from `replies.DONE`, so that the report
can be printed in Chinese or English.

Offices write dates as real dates, Excel serial numbers or text in many
shapes (2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 6月底), deadlines
as words (长期坚持, 立行立改), and statuses in their own words (see
`STATUS_WORDS`, the table the README shows).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..replies import Said
from ..vocabulary import Status

# Excel's day 0 for serial numbers (the 1900 leap-year bug makes it 1899-12-30).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers taken as dates: 1990-01-01 … 2099-12-31.  Outside that a number is not a date.
SERIAL_RANGE = (32874, 73050)

# Status words offices write, longest first within a status when matching.  This table is
# the README's "Status words" table; `import` reads the words, rectrack's canonical
# names and its own Chinese labels (vocabulary.STATUS_ALIASES) too.
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETED: ("已完成", "已完成整改", "完成", "已整改", "整改完成", "已整改完成", "完成整改",
                       "已销号", "销号", "已办结", "办结", "已落实", "整改到位", "已整改到位",
                       "completed", "done", "closed"),
    Status.SUBSTANTIALLY_COMPLETED: ("基本完成", "基本完成整改", "基本整改", "基本整改到位",
                                     "基本落实", "substantially completed"),
    Status.IN_PROGRESS: ("正在推进", "正在整改", "整改中", "推进中", "进行中", "持续推进", "正在落实",
                         "持续整改", "in progress", "ongoing"),
    Status.NOT_STARTED: ("未启动", "尚未启动", "未开始", "尚未开始", "not started"),
}
# Words that mean the work continues without end: in progress, and long_term: true.
LONG_TERM_WORDS = ("长期坚持", "长期推进", "持续坚持", "长期", "常态化推进", "long term", "long-term", "ongoing effort")
IMMEDIATE_WORDS = ("立行立改", "立即整改", "立查立改", "即知即改")


class Unreadable(ValueError):
    """A cell whose text does not say the value clearly; the message (`said`) says what was expected."""

    def __init__(self, key: str, /, **values: Any) -> None:
        self.said = Said.of(key, **values)
        super().__init__(str(self.said))


@dataclass(frozen=True)
class Reading:
    """A value read from a cell; `guess` is set when it was interpreted, not copied."""

    value: Any
    guess: Said | None = None
    # The text named a month, half-year or year and `value` is its last day: for a
    # deadline that is the day; for a completion only a day it was done by.
    period_end: bool = False


@dataclass(frozen=True)
class Deadline:
    """What a deadline cell says: a date, long-term work, rectify-at-once, or several of these."""

    date: dt.date | None = None
    long_term: bool = False
    immediate: bool = False


def excerpt(value: Any, limit: int = 30) -> str:
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value: Any) -> str:
    """A cell's text as rectrack keeps it: line ends as \\n, outer spaces gone, numbers without '.0'.

    A leading apostrophe that only stops a spreadsheet from running the text as a
    formula (rectrack's own export writes one) is dropped.
    """
    if value is None:
        return ""
    if type(value) is str and "\r" not in value and "\u3000" not in value and value[:1] != "'":
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


# -- dates --------------------------------------------------------------------------------

_FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_YEAR_MONTH_END = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(底|末|份|)")
_MONTH_END = re.compile(r"(\d{1,2})\s*月\s*(底|末|份|)")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(底|末|年底|年末)")
_HALF = re.compile(r"(\d{4})\s*年\s*(上半年|下半年)")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Words around a date that do not change it: 前 (by), 之前, 以前, 完成, 左右 is refused.
_AROUND = re.compile(r"^(于|在|截至|截止|截止到|到|至)?\s*|\s*(前|之前|以前|前完成|完成|止|为止|底前)?\s*[。.;；]?$")


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _real(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Unreadable("cell-not-real-date", text=excerpt(text)) from None


def read_date(value: Any, year_of: dt.date | None = None) -> Reading:
    """A date from a cell: a spreadsheet date, a serial number, or date text.

    `year_of` is the feedback date: "6月底" is the end of June of its year (of the next
    year when that would fall before the feedback).  Raises Unreadable otherwise.
    """
    if isinstance(value, dt.datetime):
        return Reading(value.date())
    if isinstance(value, dt.date):
        return Reading(value)
    if isinstance(value, bool):
        raise Unreadable("cell-bool-not-date", value=str(value))
    if isinstance(value, (int, float)):
        if float(value).is_integer() and SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            day = EXCEL_EPOCH + dt.timedelta(days=int(value))
            return Reading(day, Said.of("guess-excel-date", number=int(value), date=day.isoformat()))
        if float(value).is_integer() and _COMPACT.fullmatch(str(int(value))):
            year, month, day = (int(p) for p in _COMPACT.fullmatch(str(int(value))).groups())
            found = _real(year, month, day, str(value))
            return Reading(found, Said.of("guess-number-date", number=int(value), date=found.isoformat()))
        raise Unreadable("cell-number-not-date", number=excerpt(value))
    text = cell_text(value)
    core = _AROUND.sub("", text).strip()
    if re.fullmatch(r"\d{5}", core):
        # A serial number that lost its date format, as CSV text.
        return read_date(int(core), year_of)
    match = _FULL_DATE.fullmatch(core)
    if match:
        return Reading(_real(*(int(p) for p in match.groups()), text))
    match = _COMPACT.fullmatch(core)
    if match:
        found = _real(*(int(p) for p in match.groups()), text)
        return Reading(found, Said.of("guess-date", text=excerpt(text), date=found.isoformat()))
    match = _YEAR_END.fullmatch(core)
    if match:
        found = dt.date(int(match.group(1)), 12, 31)
        return Reading(found, Said.of("guess-date", text=excerpt(text), date=found.isoformat()), True)
    match = _HALF.fullmatch(core)
    if match:
        year = int(match.group(1))
        found = dt.date(year, 6, 30) if match.group(2) == "上半年" else dt.date(year, 12, 31)
        return Reading(found, Said.of("guess-date", text=excerpt(text), date=found.isoformat()), True)
    match = _YEAR_MONTH_END.fullmatch(core)
    if match and 1 <= int(match.group(2)) <= 12:
        found = _last_day(int(match.group(1)), int(match.group(2)))
        return Reading(found, Said.of("guess-month-end", text=excerpt(text), date=found.isoformat()), True)
    for pattern in (_MONTH_DAY, _MONTH_END):
        match = pattern.fullmatch(core)
        if not match:
            continue
        if year_of is None:
            raise Unreadable("cell-no-year", text=excerpt(text))
        month = int(match.group(1))
        if not 1 <= month <= 12:
            raise Unreadable("cell-not-real-date", text=excerpt(text))
        if pattern is _MONTH_DAY:
            found = _real(year_of.year, month, int(match.group(2)), text)
        else:
            found = _last_day(year_of.year, month)
        key = "guess-feedback-year"
        if found < year_of:
            found = (_real(year_of.year + 1, month, found.day, text) if pattern is _MONTH_DAY
                     else _last_day(year_of.year + 1, month))
            key = "guess-year-after-feedback"
        return Reading(found, Said.of(key, text=excerpt(text), date=found.isoformat()), pattern is _MONTH_END)
    raise Unreadable("cell-not-a-date", text=excerpt(text))


# The lines `export.extensions_text` writes in 延期情况, in Chinese and in English.
_ISO = r"(\d{4}-\d{2}-\d{2})"
_EXTENSION_ZH = re.compile(rf"{_ISO}经(.+)批准，由{_ISO}延期至{_ISO}：(.+)")
_EXTENSION_EN = re.compile(rf"{_ISO} → {_ISO}, approved by (.+) on {_ISO}: (.+)")


def read_extensions(value: Any) -> list[dict] | None:
    """The extensions a 延期情况 cell lists in the words rectrack exports, or None for any other text.

    Only that exact form is read: each line names the day, the approver, both
    deadlines and the reason, so nothing is guessed.  A cell in a clerk's own
    words is left for a person (the import report says so).
    """
    found = []
    for line in (part.strip() for part in cell_text(value).split("\n")):
        if not line:
            continue
        zh, en = _EXTENSION_ZH.fullmatch(line), _EXTENSION_EN.fullmatch(line)
        if zh:
            day, by, before, after, reason = zh.groups()
        elif en:
            before, after, by, day, reason = en.groups()
        else:
            return None
        try:
            dates = [dt.date.fromisoformat(d) for d in (day, before, after)]
        except ValueError:
            return None
        found.append({"date": dates[0], "from": dates[1], "to": dates[2], "reason": reason.strip(),
                      "approved_by": by.strip()})
    return found or None


def read_deadline(value: Any, year_of: dt.date | None = None) -> tuple[Deadline, Said | None]:
    """A deadline cell: a date (see `read_date`), long-term words, 立行立改, or a date with them.

    Returns the deadline and the guess sentence, if any; raises Unreadable.
    """
    if not isinstance(value, str):
        reading = read_date(value, year_of)
        return Deadline(date=reading.value), reading.guess
    text = cell_text(value)
    long_term = next((w for w in LONG_TERM_WORDS if w in text.lower()), None)
    immediate = next((w for w in IMMEDIATE_WORDS if w in text), None)
    rest = text
    for word in (long_term, immediate):
        if word:
            rest = re.sub(re.escape(word), " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"^[\s,，、;；。.和并及+]+|[\s,，、;；。.和并及+]+$", "", rest)
    rest = re.sub(r"[\s,，、;；和并及]+", " ", rest).strip()
    if not rest:
        if long_term or immediate:
            return Deadline(long_term=bool(long_term), immediate=bool(immediate)), None
        raise Unreadable("cell-empty-deadline")
    reading = read_date(rest, year_of)
    return Deadline(date=reading.value, long_term=bool(long_term), immediate=bool(immediate)), reading.guess


# -- statuses -----------------------------------------------------------------------------

def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


_STATUS_LOOKUP: dict[str, Status] = {}
for _status, _words in STATUS_WORDS.items():
    for _word in (_status.value, *_words):
        _STATUS_LOOKUP[_fold(_word)] = _status
_LONGEST_FIRST = sorted(_STATUS_LOOKUP, key=len, reverse=True)
_TRAILING = re.compile(r"[\s。.!！;；,，]+$")


def read_status(value: Any, extra: dict[str, Status] | None = None) -> tuple[Status, bool, Said | None]:
    """The status a cell's words name, whether they say long-term work, and the guess sentence.

    Exact words (after case, spaces and a final full stop) are read without a guess.  Text
    that starts with a status word and goes on after punctuation ("已完成（2024年5月）")
    reads as that word, with a guess.  `长期坚持` is in progress and long-term.  Raises
    Unreadable for anything else.
    """
    text = cell_text(value)
    lookup = dict(_STATUS_LOOKUP)
    for word, status in (extra or {}).items():
        lookup[_fold(word)] = status
    key = _fold(_TRAILING.sub("", text))
    if key in lookup:
        return lookup[key], False, None
    for word in LONG_TERM_WORDS:
        if key == _fold(word):
            return Status.IN_PROGRESS, True, Said.of("guess-long-term-status", text=excerpt(text))
    for word in sorted(lookup, key=len, reverse=True):
        if key.startswith(word) and len(key) > len(word) and not key[len(word)].isalnum():
            status = lookup[word]
            return status, False, Said.of("guess-status", text=excerpt(text), status=status.value)
    if not text:
        raise Unreadable("cell-no-status")
    raise Unreadable("cell-unknown-status", text=excerpt(text))


# -- measures -----------------------------------------------------------------------------

_DIGIT_ITEM = re.compile(r"^\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．)）](?!\d))\s*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUMBERS = "一二三四五六七八九十"
_CN_ORDINAL = re.compile(r"(?:^|(?<=[;；。，,：:\n\s]))([一二三四五六七八九十]{1,2})是")


def _cn_value(word: str) -> int:
    if word == "十":
        return 10
    if word.startswith("十"):
        return 10 + _CN_NUMBERS.index(word[1]) + 1
    if len(word) == 2 and word[1] == "十":
        return (_CN_NUMBERS.index(word[0]) + 1) * 10
    return _CN_NUMBERS.index(word[0]) + 1


def _strip_separator(text: str) -> str:
    # Only the line breaks and spaces between items go: a ';' ending an item is its own text.
    return text.strip()


def split_measures(value: Any, *, split_semicolons: bool = True) -> tuple[str | None, list[str], Said | None]:
    """A measures cell as (summary, measures, guess).

    Numbered lines (1. 2、 (3) ④) and 一是…二是… become one measure each, the number
    dropped and the text otherwise kept exactly; unnumbered text before the first
    number is the summary (整改思路).  Without numbers, a single line with ';' between
    parts is split there (reported as a guess) when `split_semicolons`; anything else
    is one measure, line breaks kept.
    """
    text = cell_text(value)
    if not text:
        return None, [], None
    lines = text.split("\n")
    numbered = [i for i, line in enumerate(lines) if _DIGIT_ITEM.match(line) or line.lstrip()[:1] in _CIRCLED
                and line.strip()]
    if numbered:
        lead = "\n".join(lines[: numbered[0]]).strip() or None
        items: list[str] = []
        for start, end in zip(numbered, [*numbered[1:], len(lines)], strict=True):
            first = lines[start]
            first = first.lstrip()[1:] if first.lstrip()[:1] in _CIRCLED else _DIGIT_ITEM.sub("", first, count=1)
            item = _strip_separator("\n".join([first, *lines[start + 1: end]]))
            if item:
                items.append(item)
        return lead, items, None
    ordinals = list(_CN_ORDINAL.finditer(text))
    values = [_cn_value(m.group(1)) for m in ordinals]
    if len(ordinals) >= 2 and values == list(range(1, len(values) + 1)):
        lead = _strip_separator(text[: ordinals[0].start()]) or None
        items = []
        for match, following in zip(ordinals, [*ordinals[1:], None], strict=True):
            end = following.start() if following else len(text)
            item = _strip_separator(text[match.end(): end])
            if item:
                items.append(item)
        return lead, items, None
    if split_semicolons and "\n" not in text:
        parts = [p.strip() for p in re.split(r"[;；]", text)]
        parts = [p for p in parts if p]
        if len(parts) >= 2:
            return None, parts, Said.of("guess-split", n=len(parts))
    return None, [text], None
