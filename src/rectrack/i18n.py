"""Labels and sentences in Chinese and English, and how the language is chosen.

The data is Chinese; the labels around it follow `--lang`, then
`RECTRACK_LANG`, then the locale.  Sentences that state figures are built
here once so that `status`, reports and exports say the same thing.
"""

from __future__ import annotations

import locale
import os

from .vocabulary import Status

LANGS = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "not_started": "未启动",
        "in_progress": "正在推进",
        "substantially_completed": "基本完成",
        "completed": "已完成",
        "round": "轮次",
        "rounds": "轮次",
        "aspect": "方面",
        "aspects": "方面",
        "issue": "问题",
        "issues": "问题",
        "title": "标题",
        "overdue": "逾期",
        "open": "未完成",
        "completion_rate": "完成率",
        "progress": "进度",
        "total": "合计",
        "owner": "责任部门",
        "leader": "责任领导",
        "deadline": "整改时限",
        "days_over": "逾期天数",
        "status": "整改状态",
        "unit": "被查单位",
        "unit.inspection": "被巡察单位",
        "unit.audit": "被审计单位",
        "inspector": "检查组",
        "inspector.inspection": "巡察组",
        "inspector.audit": "审计组",
        "feedback": "反馈日期",
        "period": "时间",
        "as_of": "截至",
        "summary_heading": "整改总体情况",
        "by_aspect_heading": "各方面整改情况",
        "overdue_heading": "逾期问题",
        "no_overdue": "没有逾期问题。",
        "more_overdue": "另有{n}项逾期问题未列出（用 rectrack list --overdue 查看全部）。",
        "more_rounds": "另有{n}轮未列出（用 --limit 0 查看全部，或用 --by unit 按单位汇总）。",
        "cache.folder": "缓存位置：",
        "cache.state": "状态：　　",
        "cache.entries": "条目：　　",
        "cache.count": "{n}条（{size}）",
        "cache.on": "启用",
        "cache.off": "停用（{why}）",
        "cache.removed": "已从 {folder} 删除{n}条缓存",
        "legend": "进度图例：# 已完成  + 基本完成  - 正在推进  . 未启动",
        "no_category": "（未分类）",
        "no_rounds": "没有找到整改台账文件。",
        "skipped_files": "{n}个文件有错误，未计入统计（运行 rectrack validate 查看）。",
        # the ledger in time: follow-ups after the figures, `reviews`, as-of views
        "time.reviews_heading": "回头看到期（{n}）",
        "time.relapses_heading": "整改反弹（{n}）",
        "time.checks_heading": "长期任务检查到期（{n}）",
        "time.extensions": "延期：{n}个问题延长了整改时限，合计{total}天，最长{longest}天（{id}）。",
        "time.completed_on": "完成时间",
        "time.review_due": "回头看日期",
        "time.last_review": "上次回头看",
        "time.days_over": "超期天数",
        "time.in_days": "{n}天后",
        "time.date": "日期",
        "time.note": "说明",
        "time.every": "周期",
        "time.last_check": "上次检查",
        "time.check_due": "应检查日期",
        "time.no_reviews": "截至{date}没有到期的回头看。",
        "time.more": "另有{n}项未列出（--limit 0 列出全部）。",
        "time.left_out": "{n}个轮次的反馈日期在{date}之后，未计入。",
        "time.original_deadline": "原整改时限",
        "time.extended": "延期",
        "time.extension_summary": "{times}次，共{days}天（原整改时限{original}）",
        "time.extensions_heading": "延期记录",
        "time.approved_by": "{who}批准",
        "time.review_on": "回头看日期",
        "time.check_every": "检查周期",
        "time.review.held": "回头看：巩固",
        "time.review.relapsed": "回头看：反弹",
        # one issue and its history: `show`, `list`, `log`
        "issue.category": "问题类别",
        "issue.summary": "整改思路",
        "issue.measures": "整改措施",
        "issue.evidence": "佐证材料",
        "issue.history": "整改进展",
        "issue.completed_on": "完成时间",
        "issue.no_later_than": "不晚于{date}",
        "issue.deadline_long_term": "{date}，长期坚持",
        "status.completed_by": "其中{n}项仅知完成时间不晚于某日，自该日起计为已完成。",
        "status.completed_by_later": "其中{n}项仅知完成时间不晚于此后某日，届时方计为已完成。",
        "issue.long_term": "长期坚持",
        "issue.yes": "是",
        "issue.file": "文件",
        "issue.id": "编号",
        "issue.date": "日期",
        "issue.note": "进展说明",
        "issue.by": "记录人",
        "issue.from": "原状态",
        "issue.days_left": "还剩{n}天",
        "issue.due_today": "今天到期",
        "issue.days_over": "已逾期{n}天",
        "issue.late": "逾期{n}天完成",
        "issue.on_time": "按期完成",
        "issue.none": "没有符合条件的问题。",
        "issue.count": "共{n}项问题",
        "issue.no_history": "还没有整改进展记录。",
        "issue.no_entries": "没有符合条件的整改进展记录。",
        "valid": "{files}个文件，没有发现问题。",
        "summary_problems": "{files}个文件：{errors}个错误，{warnings}个警告。",
        "quiet_overdue": "其中逾期{n}项。",
        # export: the ledger columns in the order offices use, and the sheets
        "col.no": "序号",
        "col.round": "轮次",
        "col.category": "问题类别",
        "col.aspect": "方面",
        "col.issue": "问题",
        "col.measures": "整改措施",
        "col.leader": "责任领导",
        "col.owner": "责任部门",
        "col.deadline": "整改时限",
        "col.extensions": "延期情况",
        "col.status": "整改状态",
        "col.completed_on": "完成时间",
        "col.evidence": "佐证材料",
        "col.latest": "最新进展",
        "col.issues": "问题数",
        "sheet.ledger": "整改台账",
        "sheet.summary": "分方面汇总",
        # grouping a portfolio: status/list/export --by, the site
        "sheet.groups": "汇总表",
        "group.heading": "分组整改情况",
        "group.unit": "被查单位",
        "group.inspector": "检查组",
        "group.year": "反馈年度",
        "group.kind": "类型",
        "group.owner": "责任部门",
        "group.none": "（未填写）",
        "group.subtotal": "小计：{n}项问题，已完成{completed}项，逾期{overdue}项",
        "kind.inspection": "巡察",
        "kind.audit": "审计",
        "kind.other": "其他",
        # diff: what changed since a git revision
        "diff.heading": "自 {rev} 以来的变化",
        "diff.changes": "整改状态变化（{n}）",
        "diff.added": "新增问题（{n}）",
        "diff.removed": "删除问题（{n}）",
        "diff.notes": "新增进展记录（{n}）",
        "diff.totals": "合计变化",
        "diff.none": "自 {rev} 以来台账没有变化。",
        "diff.from": "原状态",
        "diff.to": "现状态",
        "diff.before": "此前",
        "diff.after": "现在",
        "diff.change": "变化",
        "diff.date": "日期",
        "diff.note": "进展",
        "diff.deadlines": "整改时限变化（{n}）",
        "diff.extension_approved": "有延期记录",
        "diff.unapproved": "无延期记录",
        "diff.removed_deadline": "（已删除）",
        "diff.deadline_from": "原整改时限",
        "diff.deadline_to": "现整改时限",
    },
    "en": {
        "not_started": "not started",
        "in_progress": "in progress",
        "substantially_completed": "substantially completed",
        "completed": "completed",
        "round": "Round",
        "rounds": "Rounds",
        "aspect": "Aspect",
        "aspects": "Aspects",
        "issue": "Issue",
        "issues": "Issues",
        "title": "Title",
        "overdue": "Overdue",
        "open": "Open",
        "completion_rate": "Done %",
        "progress": "Progress",
        "total": "Total",
        "owner": "Owner",
        "leader": "Leader",
        "deadline": "Deadline",
        "days_over": "Days over",
        "status": "Status",
        "unit": "Unit",
        "unit.inspection": "Inspected unit",
        "unit.audit": "Audited unit",
        "inspector": "Inspector",
        "inspector.inspection": "Inspection group",
        "inspector.audit": "Audit team",
        "feedback": "Feedback",
        "period": "Period",
        "as_of": "as of",
        "summary_heading": "Rectification overview",
        "by_aspect_heading": "By aspect",
        "overdue_heading": "Overdue issues",
        "no_overdue": "No overdue issues.",
        "more_overdue": "{n} more overdue issues not shown (rectrack list --overdue shows all).",
        "more_rounds": "{n} more rounds not shown (--limit 0 shows all; --by unit sums them per unit).",
        "cache.folder": "folder:  ",
        "cache.state": "state:   ",
        "cache.entries": "entries: ",
        "cache.count": "{n} ({size})",
        "cache.on": "on",
        "cache.off": "off ({why})",
        "cache.removed": "removed {n} entr{ies} from {folder}",
        "legend": "Progress: # completed  + substantially completed  - in progress  . not started",
        "no_category": "(no category)",
        "no_rounds": "No round files found.",
        "skipped_files": "{n} file(s) with errors left out of the figures (run rectrack validate).",
        "time.reviews_heading": "Look-back reviews due ({n})",
        "time.relapses_heading": "Relapses ({n})",
        "time.checks_heading": "Long-term checks due ({n})",
        "time.extensions": "Extensions: {n} issue(s) had their deadline extended, {total} days in total, "
                           "longest {longest} days ({id}).",
        "time.completed_on": "Completed",
        "time.review_due": "Review due",
        "time.last_review": "Last review",
        "time.days_over": "Days over",
        "time.in_days": "in {n} days",
        "time.date": "Date",
        "time.note": "Note",
        "time.every": "Every",
        "time.last_check": "Last check",
        "time.check_due": "Check due",
        "time.no_reviews": "No look-back reviews due by {date}.",
        "time.more": "{n} more not shown (--limit 0 shows all).",
        "time.left_out": "{n} round(s) fed back after {date} left out.",
        "time.original_deadline": "Original deadline",
        "time.extended": "Extended",
        "time.extension_summary": "{times}x, {days} days in all (originally {original})",
        "time.extensions_heading": "Extensions",
        "time.approved_by": "approved by {who}",
        "time.review_on": "Review due",
        "time.check_every": "Check every",
        "time.review.held": "review: held",
        "time.review.relapsed": "review: relapsed",
        "issue.category": "Category",
        "issue.summary": "Approach",
        "issue.measures": "Measures",
        "issue.evidence": "Evidence",
        "issue.history": "History",
        "issue.completed_on": "Completed on",
        "issue.no_later_than": "no later than {date}",
        "issue.deadline_long_term": "{date}, long-term",
        "status.completed_by": "{n} completion(s) are dated only as no later than a day (completed_by) "
                               "and counted from that day.",
        "status.completed_by_later": "{n} issue(s) were completed no later than a later day (completed_by): "
                                     "they may be done already, but are not counted as completed yet.",
        "issue.long_term": "Long-term",
        "issue.yes": "yes",
        "issue.file": "File",
        "issue.id": "ID",
        "issue.date": "Date",
        "issue.note": "Note",
        "issue.by": "By",
        "issue.from": "From",
        "issue.days_left": "{n} days left",
        "issue.due_today": "due today",
        "issue.days_over": "{n} days overdue",
        "issue.late": "completed {n} days late",
        "issue.on_time": "completed on time",
        "issue.none": "No matching issues.",
        "issue.count": "{n} issue(s)",
        "issue.no_history": "No history entries yet.",
        "issue.no_entries": "No matching history entries.",
        "valid": "{files} file(s), no problems found.",
        "summary_problems": "{files} file(s): {errors} error(s), {warnings} warning(s).",
        "quiet_overdue": " {n} overdue.",
        "col.no": "No.",
        "col.round": "Round",
        "col.category": "Category",
        "col.aspect": "Aspect",
        "col.issue": "Issue",
        "col.measures": "Measures",
        "col.leader": "Responsible leader",
        "col.owner": "Responsible department",
        "col.deadline": "Deadline",
        "col.extensions": "Extensions",
        "col.status": "Status",
        "col.completed_on": "Completed on",
        "col.evidence": "Evidence",
        "col.latest": "Latest progress",
        "col.issues": "Issues",
        "sheet.ledger": "Ledger",
        "sheet.summary": "By aspect",
        "sheet.groups": "Summary",
        "group.heading": "By group",
        "group.unit": "Unit",
        "group.inspector": "Inspector",
        "group.year": "Feedback year",
        "group.kind": "Kind",
        "group.owner": "Owner",
        "group.none": "(not given)",
        "group.subtotal": "Subtotal: {n} issue(s), {completed} completed, {overdue} overdue",
        "kind.inspection": "Inspection",
        "kind.audit": "Audit",
        "kind.other": "Other",
        "diff.heading": "Changes since {rev}",
        "diff.changes": "Status changed ({n})",
        "diff.added": "Issues added ({n})",
        "diff.removed": "Issues removed ({n})",
        "diff.notes": "New progress notes ({n})",
        "diff.totals": "Totals",
        "diff.none": "No changes to the ledger since {rev}.",
        "diff.from": "From",
        "diff.to": "To",
        "diff.before": "Before",
        "diff.after": "Now",
        "diff.change": "Change",
        "diff.date": "Date",
        "diff.note": "Note",
        "diff.deadlines": "Deadlines changed ({n})",
        "diff.extension_approved": "extension recorded",
        "diff.unapproved": "no extension record",
        "diff.removed_deadline": "(removed)",
        "diff.deadline_from": "Was due",
        "diff.deadline_to": "Now due",
    },
}

# Short column headings for the status table, where width is precious.
SHORT_STATUS = {
    "zh": {s: LABELS["zh"][s.value] for s in Status},
    "en": {
        Status.COMPLETED: "Done",
        Status.SUBSTANTIALLY_COMPLETED: "Mostly",
        Status.IN_PROGRESS: "Ongoing",
        Status.NOT_STARTED: "Not started",
    },
}


# Names people give Chinese besides zh, zh_CN, zh-Hans, zh_TW… (which the first two letters settle).
LANG_ALIASES = {"cn": "zh", "chinese": "zh", "中文": "zh", "english": "en"}


def lang_code(text: str) -> str | None:
    """The language `text` names ("zh_CN", "zh-Hans", "cn", "中文", "en_US"…), or None for one rectrack does not speak."""
    wanted = text.strip().lower()
    if wanted in LANG_ALIASES:
        return LANG_ALIASES[wanted]
    return wanted[:2] if wanted[:2] in LANGS else None


def resolve_lang(option: str | None = None, configured: str | None = None) -> str:
    """The language to use: the option, else RECTRACK_LANG, else the config file's `lang`, else the locale."""
    for candidate in (option, os.environ.get("RECTRACK_LANG"), configured):
        if candidate:
            code = lang_code(candidate)
            if code is not None:
                return code
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        language = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover - odd platform locales
        language = ""
    return "zh" if language.lower().startswith(("zh", "chinese")) else "en"


def label(key: str, lang: str, **values: object) -> str:
    """A label in `lang`, with {placeholders} filled."""
    text = LABELS[lang].get(key) or LABELS["en"][key]
    return text.format(**values) if values else text


def kind_label(key: str, kind: str, lang: str) -> str:
    """A label that depends on the round kind ("被巡察单位" vs "被审计单位")."""
    return LABELS[lang].get(f"{key}.{kind}") or label(key, lang)


def colon(lang: str) -> str:
    """"：" after a Chinese label ("被巡察单位：…"), ": " after an English one."""
    return "：" if lang == "zh" else ": "


def aside(text: str, lang: str) -> str:
    """A parenthetical after a value: "（还剩3天）" in Chinese, " (3 days left)" in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def group_key_text(by: str, key: str | int | None, lang: str) -> str:
    """How a group's key reads: the kind in words, a missing inspector or owner as "not given"."""
    if key is None:
        return label("group.none", lang)
    if by == "kind":
        return LABELS[lang].get(f"kind.{key}", str(key))
    return str(key)


def status_label(status: Status, lang: str) -> str:
    return LABELS[lang][status.value]


_KIND_WORD_ZH = {"inspection": "巡察", "audit": "审计", "other": ""}
_KIND_WORD_EN = {"inspection": "the inspection", "audit": "the audit", "other": "the review"}


def overview_sentence(counts, kind: str, lang: str) -> str:
    """The notice's key sentence with computed figures; zero counts are left out.

    zh: "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项"
    en: "Of the 31 specific issues in 10 aspects raised by the inspection,
         29 have been rectified and 2 have been substantially rectified"
    """
    if lang == "zh":
        parts = [f"{_KIND_WORD_ZH[kind]}反馈的{counts.aspects}个方面{counts.issues}项具体问题"]
        for amount, words in (
            (counts.completed, "已完成整改{}项"),
            (counts.substantially_completed, "基本完成整改{}项"),
            (counts.in_progress, "正在整改{}项"),
            (counts.not_started, "尚未启动{}项"),
        ):
            if amount:
                parts.append(words.format(amount))
        return "，".join(parts)
    aspects = f"{counts.aspects} aspect" + ("" if counts.aspects == 1 else "s")
    issues = f"{counts.issues} specific issue" + ("" if counts.issues == 1 else "s")
    states = []
    for amount, singular, plural in (
        (counts.completed, "{} has been rectified", "{} have been rectified"),
        (counts.substantially_completed, "{} has been substantially rectified", "{} have been substantially rectified"),
        (counts.in_progress, "{} is being rectified", "{} are being rectified"),
        (counts.not_started, "{} has not yet started", "{} have not yet started"),
    ):
        if amount:
            states.append((singular if amount == 1 else plural).format(amount))
    head = f"Of the {issues} in {aspects} raised by {_KIND_WORD_EN[kind]}"
    if not states:
        return head
    if len(states) == 1:
        return f"{head}, {states[0]}"
    return f"{head}, {', '.join(states[:-1])} and {states[-1]}"


# Quantified outcomes (model.Outcomes), in the model's key order.  Chinese
# follows notice wording ("完成修订……等6项制度"); English counts in words.
OUTCOME_PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "rules": ("建立修订制度{n}项", "建立修订制度{n}项"),
        "trainings": ("开展培训{n}次", "开展培训{n}次"),
        "projects": ("遴选推进项目{n}个", "遴选推进项目{n}个"),
        "facilities": ("建成服务设施{n}个", "建成服务设施{n}个"),
        "partners": ("新增共建单位{n}家", "新增共建单位{n}家"),
        "people_accountable": ("问责处理{n}人", "问责处理{n}人"),
        "funds_recovered": ("追缴挽回资金{n}万元", "追缴挽回资金{n}万元"),
    },
    "en": {
        "rules": ("{n} rule made or revised", "{n} rules made or revised"),
        "trainings": ("{n} training session held", "{n} training sessions held"),
        "projects": ("{n} project selected or carried out", "{n} projects selected or carried out"),
        "facilities": ("{n} service facility built", "{n} service facilities built"),
        "partners": ("{n} partner unit brought in", "{n} partner units brought in"),
        "people_accountable": ("{n} person held accountable", "{n} people held accountable"),
        "funds_recovered": ("{n} yuan recovered or saved", "{n} yuan recovered or saved"),
    },
}


def _figure(value: float | int, grouped: bool = False) -> str:
    """12.5 stays 12.5, 6.0 reads 6; thousands grouped for English money."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if grouped:
        return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def outcome_phrases(outcomes: dict[str, float | int], lang: str) -> list[str]:
    """One phrase per stated outcome ("建立修订制度6项", "6 rules made or revised")."""
    phrases = []
    for key, value in outcomes.items():
        singular, plural = OUTCOME_PHRASES[lang][key]
        if lang == "en" and key == "funds_recovered":
            # 万元 means 10,000 yuan; English readers get yuan.
            phrases.append(plural.format(n=_figure(round(value * 10000, 2), grouped=True)))
        else:
            phrases.append((singular if value == 1 else plural).format(n=_figure(value)))
    return phrases


def outcomes_sentence(outcomes: dict[str, float | int], lang: str) -> str:
    """The summed outcomes as a sentence without its full stop; "" when there are none.

    zh: "通过整改，建立修订制度6项，遴选推进项目60个"
    en: "Results so far: 6 rules made or revised and 60 projects selected or carried out"
    """
    phrases = outcome_phrases(outcomes, lang)
    if not phrases:
        return ""
    if lang == "zh":
        return "通过整改，" + "，".join(phrases)
    listed = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
    return f"Results so far: {listed}"
