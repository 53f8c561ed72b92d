"""The round file format (v1) as pydantic models, and the Status vocabulary.

This module is the public contract users write by hand, so every field is
declared here once, with its Chinese and English meaning.  It does no I/O:
`loader` feeds it the parsed YAML and turns its errors into located problems.

Scalars are validated by small "before" validators that raise
`PydanticCustomError` with our own error types and wording, so that
`loader` can show a clerk a sentence instead of pydantic's jargon.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

# The vocabulary lives apart, so that labels and renderers can name statuses
# without pydantic; it stays part of this module's API.
from .read.scalars import WrittenInt
from .vocabulary import KIND_ALIASES, STATUS_ALIASES, Status, parse_status, status_choices  # noqa: F401

FORMAT_VERSION = 1


def _excerpt(value: Any, limit: int = 40) -> str:
    """A short printable excerpt of a bad value: error text never echoes a whole file."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def type_name(value: Any) -> str:
    """How an error message names the kind of a wrong value: "a number", "a list", "text"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


def _as_date(value: Any) -> dt.date:
    # YAML gives dates for unquoted 2024-01-10; a quoted ISO date is accepted too.
    # Numbers are refused: pydantic would read 20240630 as a Unix timestamp.
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "date_has_time",
            "expected a date like 2024-06-30, got a date and time {value}",
            {"value": _excerpt(str(value))},
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
            # 2024-06-30 exactly, as the cache stores every date: parsed in C.
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            try:
                year, month, day = (int(p) for p in text.split("-"))
                return dt.date(year, month, day)
            except ValueError:
                pass
            raise PydanticCustomError(
                "date_invalid", "{value} is not a real date", {"value": _excerpt(text)}
            )
    raise PydanticCustomError(
        "date_type",
        "expected a date like 2024-06-30, got {value}",
        {"value": _excerpt(value) if isinstance(value, (str, int, float)) else type_name(value)},
    )


def _as_status(value: Any) -> Status:
    if isinstance(value, Status):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "status_type",
            "expected a status word, got {kind}; use one of {choices}",
            {"kind": type_name(value), "choices": status_choices()},
        )
    try:
        return parse_status(value)
    except ValueError:
        raise PydanticCustomError(
            "status_unknown",
            "unknown status '{value}'; use one of {choices}",
            {"value": _excerpt(value), "choices": status_choices()},
        ) from None


def _as_kind(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in KIND_ALIASES:
        return KIND_ALIASES[value.strip().lower()]
    raise PydanticCustomError(
        "kind_unknown",
        "unknown round kind '{value}'; use inspection (巡察), audit (审计) or other",
        {"value": _excerpt(value)},
    )


def _as_text(value: Any) -> str:
    # Refuse numbers and dates silently turning into text: `title: 2024` is
    # more likely a mistake than a title, and ids like 1.10 would lose a zero.
    if isinstance(value, str):
        return str(value)
    raise PydanticCustomError(
        "text_type",
        "expected text, got {kind}; put it in quotes if it is meant as text",
        {"kind": type_name(value)},
    )


def _as_nonempty_text(value: Any) -> str:
    text = _as_text(value)
    if not text.strip():
        raise PydanticCustomError("text_empty", "must not be empty", {})
    return text


_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _as_id(value: Any) -> str:
    if isinstance(value, WrittenInt):
        # `id: 010` reads as the number 10: the id would not be what the file says.
        raise PydanticCustomError(
            "text_type",
            "expected text, got the number {text} (read as {value}); put it in quotes if it is meant as text",
            {"text": _excerpt(value.text), "value": int(value)},
        )
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `id: 7` is a fine id
    text = _as_text(value)
    if not _ID_PATTERN.fullmatch(text):
        raise PydanticCustomError(
            "id_format",
            "id '{value}' may only contain letters, digits, '.', '_' and '-', "
            "and must start with a letter or digit",
            {"value": _excerpt(text)},
        )
    return text


def _as_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError(
            "count_type",
            "expected a whole number of 0 or more, got {value}",
            {"value": _excerpt(value) if isinstance(value, (str, int, float)) else type_name(value)},
        )
    return int(value)


def _as_amount(value: Any) -> float | int:
    # Money may have decimals (12.5 万元); text, true/false, .nan and .inf may not.
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or value != value or value in (float("inf"), float("-inf")) or value < 0):
        raise PydanticCustomError(
            "amount_type",
            "expected a number of 0 or more, got {value}",
            {"value": _excerpt(value) if isinstance(value, (str, int, float)) else type_name(value)},
        )
    return int(value) if isinstance(value, int) else float(value)


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "bool_type", "expected true or false, got {value}", {"value": _excerpt(value)}
    )


def _as_text_list(value: Any) -> Any:
    # A single string where a list is expected is the commonest hand-editing
    # slip; accept it as a one-item list rather than splitting it into characters.
    if isinstance(value, str):
        return [value]
    return value


Date = Annotated[dt.date, BeforeValidator(_as_date)]
Text = Annotated[str, BeforeValidator(_as_text)]
Title = Annotated[str, BeforeValidator(_as_nonempty_text)]
Id = Annotated[str, BeforeValidator(_as_id)]
Count = Annotated[int, BeforeValidator(_as_count)]
Amount = Annotated[float | int, BeforeValidator(_as_amount)]
Flag = Annotated[bool, BeforeValidator(_as_bool)]
StatusField = Annotated[Status, BeforeValidator(_as_status)]
Kind = Annotated[Literal["inspection", "audit", "other"], BeforeValidator(_as_kind)]
TextList = Annotated[list[Text], BeforeValidator(_as_text_list)]
Email = Annotated[str, StringConstraints(strip_whitespace=True), BeforeValidator(_as_text)]


def _as_duration(value: Any) -> str:
    # Kept as written ("3个月"); `durations.parse_duration` reads it when a date is due.
    from .durations import parse_duration

    text = _as_text(value)
    try:
        parse_duration(text)
    except ValueError as exc:
        raise PydanticCustomError("duration_invalid", "{reason}", {"reason": str(exc), "value": _excerpt(text)}) from None
    return text


REVIEW_RESULTS = ("held", "relapsed")
REVIEW_ALIASES: dict[str, tuple[str, ...]] = {
    "held": ("巩固", "已巩固", "未反弹", "整改到位"),
    "relapsed": ("反弹", "问题反弹", "出现反弹"),
}


def _as_review(value: Any) -> str:
    if isinstance(value, str):
        word = value.strip()
        if word.lower() in REVIEW_RESULTS:
            return word.lower()
        for result, aliases in REVIEW_ALIASES.items():
            if word in aliases:
                return result
    raise PydanticCustomError(
        "review_unknown",
        "unknown review result '{value}'; use held (巩固) or relapsed (反弹)",
        {"value": _excerpt(value)},
    )


# A period such as "6 months" or "3个月" (see `durations`).
DurationText = Annotated[str, BeforeValidator(_as_duration)]
ReviewResult = Annotated[Literal["held", "relapsed"], BeforeValidator(_as_review)]


class _Strict(BaseModel):
    """Base for every mapping in the file: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    """The inspection or audit's on-site period (巡察/审计时间)."""

    start: Date = Field(description="First day · 开始日期")
    end: Date = Field(description="Last day · 结束日期")


class Figures(_Strict):
    """Counts a published notice states; `validate` compares them with the ledger."""

    aspects: Count | None = Field(None, description="Aspects (方面)")
    issues: Count | None = Field(None, description="Specific issues (具体问题)")
    completed: Count | None = Field(None, description="Completed (已完成整改)")
    substantially_completed: Count | None = Field(
        None, description="Substantially completed (基本完成整改)"
    )
    in_progress: Count | None = Field(None, description="In progress (正在整改)")
    not_started: Count | None = Field(None, description="Not started (尚未启动)")

    def stated(self) -> dict[str, int]:
        """The figures actually written, in file order of the fields."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Notice(Figures):
    """A published notice (整改情况通报) and the figures it states as of its date.

    `validate` compares the figures with the ledger as it stood on `date`, so
    later progress never makes an earlier notice wrong.
    """

    date: Date = Field(description="Date the notice was published · 发布日期")
    title: Text | None = Field(None, description="Title of the notice · 通报标题")

    def stated(self) -> dict[str, int]:
        """The figures actually written (not the date or title), in the order of the fields."""
        return {k: getattr(self, k) for k in Figures.model_fields if getattr(self, k) is not None}


class Section(_Strict):
    """A headed paragraph of a notice's narrative, e.g. (一)提高站位……"""

    heading: Text = Field("", description="Heading without its ordinal · 小标题")
    text: Text = Field("", description="Paragraph · 正文")


class Contact(_Strict):
    """How the public reaches the rectification office (联系方式)."""

    phone: Text | None = Field(None, description="Phone, in quotes · 联系电话")
    address: Text | None = Field(None, description="Postal address · 通信地址")
    postcode: Text | None = Field(None, description="Postcode, in quotes · 邮政编码")
    email: Email | None = Field(None, description="Email · 电子邮箱")


class Narrative(_Strict):
    """The prose of a published notice, kept so that a report can regenerate it."""

    organisation: list[Section] = Field(
        default_factory=list, description="How rectification was organised · 整改工作开展情况"
    )
    overview: Text | None = Field(None, description="Sentence before the figures · 总体情况")
    follow_up: Text | None = Field(None, description="Sentence after the figures · 后续工作")
    next_steps_intro: Text | None = Field(None, description="Next steps, opening · 下一步工作")
    next_steps: list[Section] = Field(default_factory=list, description="Next steps · 下一步工作")
    closing: Text | None = Field(None, description="Invitation to supervise · 结束语")
    contact: Contact | None = Field(None, description="How the public reaches the office · 联系方式")
    signature: Text | None = Field(None, description="Who signs the notice · 落款")


class Round(_Strict):
    """One inspection or audit round: who looked at whom, and when."""

    id: Id = Field(description="Unique id of the round · 轮次编号")
    title: Title = Field(description="Title · 标题")
    unit: Title = Field(description="Inspected unit · 被巡察(审计)单位")
    kind: Kind = Field("inspection", description="inspection (巡察) | audit (审计) | other")
    authority: Text | None = Field(None, description="Who ordered it, e.g. 区委 · 部署机关")
    form: Text | None = Field(None, description="Form, e.g. 常规巡察 · 巡察形式")
    inspector: Text | None = Field(None, description="Inspection group · 巡察组/审计组")
    period: Period | None = Field(None, description="On-site period · 巡察时间")
    feedback: Date = Field(description="Date the findings were handed over · 反馈日期")
    declared: Figures | None = Field(
        None, description="Figures a published notice states · 公告数字"
    )
    narrative: Narrative | None = Field(None, description="Notice prose · 公告正文")
    notices: list[Notice] = Field(
        default_factory=list, description="Published notices, each with its date and figures · 已发布通报"
    )
    review_after: DurationText | None = Field(
        None, description="Look-back review of every completed issue this long after completion, "
        "e.g. 6 months · 回头看周期"
    )
    check_every: DurationText | None = Field(
        None, description="Progress check of every long-term issue, e.g. 3 months · 长期任务检查周期"
    )


class HistoryEntry(_Strict):
    """One dated step of an issue's progress (整改进展)."""

    date: Date = Field(description="When · 日期")
    status: StatusField | None = Field(None, description="Status from this day · 状态")
    from_: StatusField | None = Field(
        None, alias="from", description="Status before this entry (written by rectrack update) · 原状态"
    )
    review: ReviewResult | None = Field(
        None, description="Look-back review result: held (巩固) | relapsed (反弹) · 回头看结果"
    )
    note: Text | None = Field(None, description="What happened · 进展说明")
    by: Text | None = Field(None, description="Who recorded it · 记录人")


class Outcomes(_Strict):
    """Quantified results of one issue's rectification (整改成效), summed per round.

    Only figures the ledger can stand behind: write what a notice would
    state ("完成修订……等6项制度" is `rules: 6`).  Keys are fixed so that a
    typo is an error rather than a silently uncounted figure.
    """

    rules: Count | None = Field(None, description="Rules made or revised, count · 制度 (建立修订制度, 项)")
    trainings: Count | None = Field(None, description="Training sessions held · 培训 (开展培训, 次)")
    projects: Count | None = Field(None, description="Projects selected or carried out · 项目 (个)")
    facilities: Count | None = Field(None, description="Service facilities built · 设施 (建成服务设施, 个)")
    partners: Count | None = Field(None, description="Partner units brought in · 共建单位 (家)")
    people_accountable: Count | None = Field(
        None, description="People held accountable · 问责 (问责处理, 人)"
    )
    funds_recovered: Amount | None = Field(
        None, description="Funds recovered or saved, in 万元 (10,000 yuan) · 资金 (追缴挽回资金, 万元)"
    )

    def stated(self) -> dict[str, float | int]:
        """The figures actually written, in the order of the fields."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Extension(_Strict):
    """One approved deadline extension (延期): from which deadline to which, why, approved by whom."""

    date: Date = Field(description="Day the extension was approved · 批准日期")
    from_: Date = Field(alias="from", description="Deadline before the extension · 原整改时限")
    to: Date = Field(description="New deadline · 延期至")
    reason: Title = Field(description="Why · 延期理由")
    approved_by: Title = Field(description="Who approved it · 批准人")


class Issue(_Strict):
    """One specific problem (具体问题) and its rectification."""

    id: Id = Field(description="Unique within the round · 问题编号")
    title: Title = Field(description="The problem · 问题")
    summary: Text | None = Field(None, description="General approach · 整改思路")
    status: StatusField = Field(description="Status · 整改状态")
    raised: Date | None = Field(
        None, description="Date the issue entered the ledger, when later than the feedback "
        "(an issue found in a look-back, say); before it the issue is not counted · 登记日期"
    )
    measures: TextList = Field(default_factory=list, description="Measures · 整改措施")
    owner: Text | None = Field(None, description="Responsible department · 责任部门")
    leader: Text | None = Field(None, description="Responsible leader · 责任领导")
    deadline: Date | None = Field(None, description="Deadline · 整改时限")
    # Beside the deadline they moved, so a reader sees both together.
    extensions: list[Extension] = Field(
        default_factory=list, description="Deadline extensions, oldest first; deadline is the latest · 延期记录"
    )
    completed_on: Date | None = Field(None, description="Completion date · 完成时间")
    completed_by: Date | None = Field(
        None, description="Completed no later than this day, when the exact day is not known "
        "(a notice's or a ledger's date); counted as completed from it · 完成时间不晚于"
    )
    review_on: Date | None = Field(None, description="Look-back review due on · 回头看日期")
    long_term: Flag = Field(False, description="Needs continuing effort · 长期坚持")
    check_every: DurationText | None = Field(
        None, description="Progress check period of a long-term issue, e.g. 3 months · 检查周期"
    )
    evidence: TextList = Field(default_factory=list, description="Evidence · 佐证材料")
    history: list[HistoryEntry] = Field(default_factory=list, description="Progress · 整改进展")
    outcomes: Outcomes | None = Field(
        None, description="Quantified results, e.g. rules: 6 · 整改成效 (制度、项目、资金……)"
    )
    item: Text | None = Field(
        None, description="Title of the one numbered item of the notice that answers this issue together "
        "with the issues next to it that name the same item · 通报中合并表述的条目"
    )

    @property
    def completion_day(self) -> dt.date | None:
        """The day the issue counts as completed from: `completed_on`, else the `completed_by` bound."""
        return self.completed_on if self.completed_on is not None else self.completed_by

    @property
    def latest_note(self) -> str | None:
        """The newest history note, the ledger's 最新进展 column."""
        for entry in reversed(self.history):
            if entry.note:
                return entry.note
        return None


class Aspect(_Strict):
    """An aspect (方面) of the findings, grouping specific issues."""

    id: Id = Field(description="Unique within the round · 方面编号")
    title: Title = Field(description="Title without ordinal · 标题")
    category: Text | None = Field(None, description="Group heading · 问题类别")
    supplied: list[Literal["category", "title"]] = Field(
        default_factory=list, description="Headings the published notice leaves out, supplied when the "
        "ledger was encoded: category, title · 通报未列、整理时补充的标题"
    )
    issues: Annotated[list[Issue], Field(min_length=1)] = Field(description="Issues · 具体问题")


class RoundFile(_Strict):
    """A whole round file: `version`, `round` and `aspects`."""

    version: int = Field(description="Format version; must be 1 · 格式版本")
    round: Round = Field(description="The round: who inspected whom, when · 轮次信息")
    aspects: Annotated[list[Aspect], Field(min_length=1)] = Field(
        description="Aspects of the findings · 反馈问题的各个方面"
    )

    @field_validator("version", mode="before")
    @classmethod
    def _supported_version(cls, value: Any) -> int:
        if value != FORMAT_VERSION or isinstance(value, bool):
            raise PydanticCustomError(
                "version_unsupported",
                "unsupported version {value}; this rectrack reads version 1 files",
                {"value": _excerpt(value)},
            )
        return FORMAT_VERSION

    def issues(self):
        """Every (aspect, issue) pair in file order."""
        for aspect in self.aspects:
            for issue in aspect.issues:
                yield aspect, issue
