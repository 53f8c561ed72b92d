"""Dates and periods of time as people type them ("2024-6-30", "6 months", "3个月", "半年"), and calendar arithmetic.

Look-back reviews (`review_after`) and long-term checks (`check_every`) are
stated as periods, the way an office writes them.  This module reads them
once, in English or Chinese, and adds them to dates with month-end
clamping (2024-01-31 plus 1 month is 2024-02-29), so every command agrees
on when something falls due.  Of rectrack it imports only `problems`, for the
error a date that cannot be read raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

# unit word → (canonical unit, multiplier): a quarter is 3 months, a fortnight 2 weeks.
_UNITS: dict[str, tuple[str, int]] = {
    "day": ("days", 1), "days": ("days", 1), "d": ("days", 1), "天": ("days", 1), "日": ("days", 1),
    "week": ("weeks", 1), "weeks": ("weeks", 1), "w": ("weeks", 1),
    "周": ("weeks", 1), "星期": ("weeks", 1), "个星期": ("weeks", 1),
    "month": ("months", 1), "months": ("months", 1), "个月": ("months", 1),
    "月": ("months", 1),  # only as "每月": "3月" would read as March
    "quarter": ("months", 3), "quarters": ("months", 3), "季度": ("months", 3), "个季度": ("months", 3),
    "year": ("years", 1), "years": ("years", 1), "y": ("years", 1), "年": ("years", 1),
}
_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                   "六": 6, "七": 7, "八": 8, "九": 9}
_HALF_YEAR = {"半年", "半年度"}


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    # Compiled on first use: case-folding the CJK range takes 2.5 ms, paid otherwise by every run.
    return re.compile(r"(?:every\s+|每)?\s*(?P<amount>[0-9]+|[零一二两三四五六七八九十]+)?\s*"
                      r"(?P<unit>[A-Za-z]+|[\u4e00-\u9fff]+)", re.IGNORECASE)


EXAMPLES = "'6 months', '2 weeks', '90 days', '1 year', '3个月', '半年'"


@dataclass(frozen=True)
class Duration:
    """A whole number of days, weeks, months or years."""

    amount: int
    unit: str  # "days" | "weeks" | "months" | "years"

    def after(self, day: dt.date) -> dt.date:
        """The date this long after `day`; a month-end that does not exist becomes the last day.

        Raises OverflowError when that date would fall after 9999-12-31, the last one a date can hold.
        """
        if self.unit in ("days", "weeks"):
            try:
                return day + dt.timedelta(**{self.unit: self.amount})
            except OverflowError:
                raise OverflowError(f"{self} after {day} falls after {dt.date.max}") from None
        months = self.amount * (12 if self.unit == "years" else 1)
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        if year > dt.MAXYEAR:
            raise OverflowError(f"{self} after {day} falls after {dt.date.max}")
        month += 1
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day.day, last))

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def _chinese_number(text: str) -> int | None:
    # 1 to 99 in Chinese numerals: 三, 十, 十二, 二十, 二十四.
    if text in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[text]
    if "十" in text:
        tens, _, ones = text.partition("十")
        if "十" in ones:
            return None
        high = 1 if not tens else _CHINESE_DIGITS.get(tens)
        low = 0 if not ones else _CHINESE_DIGITS.get(ones)
        if high is None or low is None:
            return None
        return high * 10 + low
    return None


def parse_duration(text: str) -> Duration:
    """The Duration `text` names: "6 months", "every 3 months", "3个月", "每三个月", "半年".

    Raises ValueError, with examples, for anything else and for a period of zero.
    """
    raw = text.strip()
    if raw in _HALF_YEAR or raw in {f"每{h}" for h in _HALF_YEAR}:
        return Duration(6, "months")
    match = _pattern().fullmatch(raw)
    if match:
        unit_word = match.group("unit").lower()
        amount_text = match.group("amount")
        unit = _UNITS.get(unit_word)
        if unit is not None:
            if amount_text is None:
                # "每月", "every year", "季度": one; a bare plural ("months") says no amount.
                amount = None if unit_word.endswith("s") or len(unit_word) == 1 else 1
            elif amount_text.isdigit():
                amount = int(amount_text)
            else:
                amount = _chinese_number(amount_text)
            if unit_word == "月" and amount_text is not None:
                amount = None
            if amount is not None:
                if amount == 0:
                    raise ValueError(f"a period of zero ('{raw}') never falls due; use e.g. {EXAMPLES}")
                return Duration(amount * unit[1], unit[0])
    raise ValueError(f"'{raw}' is not a period of time; write e.g. {EXAMPLES}")


_TYPED_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# The ways a clerk writes a day besides YYYY-MM-DD: 2024/6/30, 2024.6.30, 2024年6月30日 (日 optional).
_WRITTEN_DATE = re.compile(r"(\d{4})\s*([/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
# What an input method types for '-' in full-width mode, and the dashes a word processor puts in.
_DASHES = str.maketrans({c: "-" for c in "\uff0d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"})


def written_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written in one of the ways people type them, whether or not the day exists.

    ISO (2024-06-30, 2024-6-30), 2024/6/30, 2024.6.30, 2024年6月30日 and any of
    them in full-width digits and dashes (２０２４－０６－３０).  None for
    anything else.
    """
    import unicodedata

    raw = unicodedata.normalize("NFKC", text.strip()).translate(_DASHES)
    match = _TYPED_DATE.fullmatch(raw)
    if match:
        return int(match[1]), int(match[2]), int(match[3])
    match = _WRITTEN_DATE.fullmatch(raw)
    if match:
        year, month, day = match.group(1, 3, 4) if match.group(1) else match.group(5, 6, 7)
        return int(year), int(month), int(day)
    return None


def parse_date(text: str, what: str = "date", what_zh: str | None = None) -> dt.date:
    """A date as people type it: YYYY-MM-DD (one-digit month and day allowed), 2024/6/30, 2024.6.30, 2024年6月30日.

    Full-width digits and dashes are read too.  `problems.BadValue` (a
    ValueError) naming `what` (`what_zh` in Chinese) for anything else, and
    for a day that does not exist; with `what` empty it names only the text
    (where the option is named already, as click names it).
    """
    parts = written_date(text)
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            pass
    from .problems import BadValue

    code = "not-a-date" if parts is None else "not-a-real-date"
    if not what:
        raise BadValue(code=f"bare-{code}", text=text)
    values = {"what": what, "text": text, **({"what_zh": what_zh} if what_zh else {})}
    raise BadValue(code=code, **values)
