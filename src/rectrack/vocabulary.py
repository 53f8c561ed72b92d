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

    Raises ValueError for an unknown word.
    """
    key = text.strip()
    if key in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[key]
    folded = re.sub(r"[\s-]+", "_", key.lower())
    if folded in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[folded]
    raise ValueError(f"unknown status {text!r}; use one of {status_choices()}")


KIND_ALIASES: dict[str, str] = {
    "inspection": "inspection",
    "巡察": "inspection",
    "巡视": "inspection",
    "audit": "audit",
    "审计": "audit",
    "other": "other",
    "其他": "other",
}
