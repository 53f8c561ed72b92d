"""The words of the format: issue statuses and round kinds, with the Chinese words ledgers use.

Apart from the models (`model`), so that code which only names statuses,
such as labels and renderers, need not import pydantic.
"""

from __future__ import annotations

import re
from enum import Enum


class Status(str, Enum):
    """Where an issue stands, from nothing done to rectified."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBSTANTIALLY_COMPLETED = "substantially_completed"
    COMPLETED = "completed"

    @property
    def rank(self) -> int:
        return list(Status).index(self)


# Chinese words people already write in their Excel ledgers.  The first
# alias of each status is the one rectrack writes in a file that uses Chinese.
STATUS_ALIASES: dict[Status, tuple[str, ...]] = {
    Status.NOT_STARTED: ("未启动", "尚未启动", "未开始"),
    Status.IN_PROGRESS: ("正在推进", "正在整改", "整改中", "推进中", "进行中"),
    Status.SUBSTANTIALLY_COMPLETED: ("基本完成", "基本完成整改"),
    Status.COMPLETED: ("已完成", "已完成整改", "完成", "已整改"),
}

_STATUS_LOOKUP: dict[str, Status] = {s.value: s for s in Status}
for _status, _aliases in STATUS_ALIASES.items():
    for _alias in _aliases:
        _STATUS_LOOKUP[_alias] = _status


def status_choices() -> str:
    """The accepted status words, for error messages and help text."""
    canonical = ", ".join(s.value for s in Status)
    chinese = ", ".join(aliases[0] for aliases in STATUS_ALIASES.values())
    return f"{canonical} (or {chinese})"


def parse_status(text: str) -> Status:
    """Return the Status a word names: canonical, Chinese alias, any case or dash.

    Raises ValueError for an unknown word, carrying the code "bad-status" and its values.
    """
    key = text.strip()
    if key in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[key]
    folded = re.sub(r"[\s-]+", "_", key.lower())
    if folded in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[folded]
    error = ValueError(f"unknown status {text!r}; use one of {status_choices()}")
    # The code of `replies.ERRORS` the message is made from, and its values: the CLI says it in Chinese
    # from there (`replies.error_text`).  The English stays here, so that this module imports nothing.
    error.code = "bad-status"
    error.message_args = {"word": repr(text), "word_zh": text, "choices": status_choices()}
    raise error


# What clerks write for a status that is not one of its words: the status they mean.
STATUS_SYNONYMS: dict[str, Status] = {
    "完成了": Status.COMPLETED, "已经完成": Status.COMPLETED, "整改完成": Status.COMPLETED,
    "完成整改": Status.COMPLETED, "已完成了": Status.COMPLETED, "已办结": Status.COMPLETED, "办结": Status.COMPLETED,
    "已销号": Status.COMPLETED, "销号": Status.COMPLETED, "done": Status.COMPLETED, "finished": Status.COMPLETED,
    "基本完成了": Status.SUBSTANTIALLY_COMPLETED, "基本整改": Status.SUBSTANTIALLY_COMPLETED,
    "基本整改完成": Status.SUBSTANTIALLY_COMPLETED,
    "整改中的": Status.IN_PROGRESS, "正在进行": Status.IN_PROGRESS, "推进": Status.IN_PROGRESS,
    "在整改": Status.IN_PROGRESS, "doing": Status.IN_PROGRESS, "started": Status.IN_PROGRESS, "ongoing": Status.IN_PROGRESS,
    "未整改": Status.NOT_STARTED, "没开始": Status.NOT_STARTED, "待整改": Status.NOT_STARTED,
    "todo": Status.NOT_STARTED,
}
# Punctuation and spaces typed around a status word: 已完成。 is 已完成.
_STATUS_NOISE = re.compile(r"^[\s。，、．.,;；:：!！\"'“”‘’]+|[\s。，、．.,;；:：!！\"'“”‘’]+$")


def suggest_status(text: str) -> str | None:
    """The status word `text` most likely meant, written as the file writes statuses; None when none is close.

    Punctuation around a word (已完成。), the synonyms clerks use (完成了,
    整改完成) and, for anything else, the nearest word by edit distance
    (complted → completed).  A Chinese word gets the Chinese word.
    """
    import difflib

    chinese = re.search("[\u4e00-\u9fff]", text) is not None
    cleaned = _STATUS_NOISE.sub("", text.strip())
    status = _STATUS_LOOKUP.get(cleaned) or _STATUS_LOOKUP.get(re.sub(r"[\s-]+", "_", cleaned.lower())) \
        or STATUS_SYNONYMS.get(cleaned) or STATUS_SYNONYMS.get(cleaned.lower())
    if status is None:
        close = difflib.get_close_matches(cleaned.lower(), [*_STATUS_LOOKUP, *STATUS_SYNONYMS], n=1, cutoff=0.6)
        if close:
            status = _STATUS_LOOKUP.get(close[0]) or STATUS_SYNONYMS[close[0]]
    if status is None:
        return None
    return STATUS_ALIASES[status][0] if chinese else status.value


KIND_ALIASES: dict[str, str] = {
    "inspection": "inspection",
    "巡察": "inspection",
    "巡视": "inspection",
    "audit": "audit",
    "审计": "audit",
    "other": "other",
    "其他": "other",
}
