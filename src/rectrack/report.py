"""The public progress notice (整改进展情况通报) of a round, as a plain structure.

A rectification office publishes a notice in a fixed shape: who inspected
whom and when, how the work was organised, the sentence with the figures,
then category by category, aspect by aspect, each issue with its measures,
the next steps and how to reach the office.  `build_notice` lays that out
from a validated `RoundFile`, computing every figure and every ordinal
((一)(二), 第一/第二, 1. 2., 一是/二是); the prose itself comes from the
round's `narrative`.  Renderers in `render.notice` turn the structure into
text, Markdown or HTML; nothing here prints, escapes or touches a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .i18n import outcomes_sentence, overview_sentence
from .model import Aspect, Issue, RoundFile, Status
from .punctuation import fullwidth, is_cjk
from .queries import Counts, count_issues, count_round, sum_outcomes

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (1..9999); other values as digits."""
    if not 0 < n < 10000:
        return str(n)
    parts = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def roman_number(n: int) -> str:
    """1 → I, 4 → IV, 12 → XII (for English part headings)."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, numeral in numerals:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


@dataclass(frozen=True)
class Heading:
    """A heading line: `level` 1 is a part (一、), 2 a section or category (（一）), 3 an aspect (第一，)."""

    level: int
    number: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `number` and `lead` are the run-in ordinal and title ("1." "搭建……。").

    `role` lets a renderer style it: opening, body, overview, outcomes,
    issue, step, closing, signature.
    """

    text: str
    number: str = ""
    lead: str = ""
    role: str = "body"


@dataclass(frozen=True)
class ChartRow:
    """One aspect's figures for the summary chart."""

    label: str
    title: str
    counts: Counts


@dataclass(frozen=True)
class Chart:
    """Completed / substantially completed / in progress / not started, per aspect."""

    caption: str
    rows: list[ChartRow]
    statuses: tuple[Status, ...] = (Status.COMPLETED, Status.SUBSTANTIALLY_COMPLETED,
                                    Status.IN_PROGRESS, Status.NOT_STARTED)


Block = Heading | Paragraph | Chart


@dataclass(frozen=True)
class Notice:
    """A whole notice: its title, its blocks in reading order, and the figures behind them."""

    lang: str
    title: str
    blocks: list[Block]
    counts: Counts
    outcomes: dict[str, float | int] = field(default_factory=dict)
    round_id: str = ""
    date: dt.date | None = None


# -- wording ----------------------------------------------------------------------------

_KIND_ZH = {"inspection": "巡察", "audit": "审计", "other": ""}
_FORM_ZH = {"inspection": "巡察", "audit": "审计", "other": "检查"}
_GROUP_ZH = {"inspection": "巡察组", "audit": "审计组", "other": "检查组"}
_KIND_EN = {"inspection": "inspection", "audit": "audit", "other": "review"}
_GROUP_EN = {"inspection": "the inspection group", "audit": "the audit team", "other": "the review team"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_PARTS = {
    "zh": {
        "organisation": "整改工作开展情况",
        "findings": "{kind}反馈问题整改落实情况",
        "next_steps": "下一步工作打算",
        "chart": "各方面整改情况",
    },
    "en": {
        "organisation": "How the rectification was organised",
        "findings": "Rectification of the issues raised by the {kind}",
        "next_steps": "Next steps",
        "chart": "Progress by aspect",
    },
}

_CONTACT = {
    "zh": (("phone", "联系电话："), ("address", "邮政地址："), ("postcode", "邮编："), ("email", "电子邮箱：")),
    "en": (("phone", "Phone: "), ("address", "postal address: "), ("postcode", "postcode: "),
           ("email", "email: ")),
}

# Characters after which a Chinese sentence needs no full stop of ours.
_ENDS_ZH = "。;;!!??…"
_ENDS_EN = ".;!?…。;;!!??"


def sentence(text: str) -> str:
    """`text` closed with a full stop in its own script, unless it already ends a sentence."""
    text = text.strip()
    if not text:
        return ""
    if text[-1] in _ENDS_ZH or text[-1] in _ENDS_EN:
        return text
    return text + ("。" if is_cjk(text[-1]) else ".")


def _join(parts: list[str], lang: str) -> str:
    """Sentences run together as one paragraph.

    Chinese runs on without spaces, as the notice does (even after its
    ASCII ';'); English puts a space after Latin text ("。" has its own).
    """
    out = ""
    for part in parts:
        if not part:
            continue
        if out and lang != "zh" and not is_cjk(out[-1]):
            out += " "
        out += part
    return out


def _date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _date_en(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _period_zh(start: dt.date, end: dt.date) -> str:
    tail = f"{end.month}月{end.day}日" if start.year == end.year else _date_zh(end)
    return f"{_date_zh(start)}至{tail}"


def _period_en(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"from {start.day} {_MONTHS[start.month - 1]} to {_date_en(end)}"
    return f"from {_date_en(start)} to {_date_en(end)}"


def data_language(round_files: list[RoundFile]) -> str:
    """"zh" when the rounds are written in Chinese (their unit or title has CJK characters), else "en"."""
    for round_file in round_files:
        meta = round_file.round
        if any(is_cjk(char) for char in meta.unit + meta.title):
            return "zh"
    return "en"


def notice_title(round_file: RoundFile, lang: str) -> str:
    """中共……委员会关于巡察整改进展情况的通报 / Progress in rectification after the inspection of …"""
    meta = round_file.round
    if lang == "zh":
        return f"{meta.unit}关于{_KIND_ZH[meta.kind]}整改进展情况的通报"
    return f"Progress in rectification after the {_KIND_EN[meta.kind]} of {meta.unit}"


def opening(round_file: RoundFile, lang: str) -> str:
    """The first paragraph: who ordered it, when, who inspected whom, when the findings came."""
    meta = round_file.round
    if lang == "zh":
        kind = _KIND_ZH[meta.kind]
        group = meta.inspector or _GROUP_ZH[meta.kind]
        first = ((f"根据{meta.authority}部署，" if meta.authority else "")
                 + (f"{_period_zh(meta.period.start, meta.period.end)}，" if meta.period else "")
                 + f"{group}对{meta.unit}开展了{meta.form or _FORM_ZH[meta.kind]}。")
        second = f"{_date_zh(meta.feedback)}，{group}向{meta.unit}反馈了{kind}意见。"
        third = (f"按照{kind}工作有关要求，现将{kind}整改进展情况予以公布。" if kind
                 else "按照有关要求，现将整改进展情况予以公布。")
        return first + second + third
    kind = _KIND_EN[meta.kind]
    group = meta.inspector or _GROUP_EN[meta.kind]
    article = "an" if kind[0] in "aeiou" else "a"
    what = f"{article} {kind}" + (f" ({meta.form})" if meta.form else "")
    first = f"{group} carried out {what} of {meta.unit}"
    if meta.period:
        first += " " + _period_en(meta.period.start, meta.period.end)
    if meta.authority:
        first = f"As arranged by {meta.authority}, {first}"
    first = first[0].upper() + first[1:] + "."
    second = f"On {_date_en(meta.feedback)} {group} handed its findings to {meta.unit}."
    third = f"As the rules on {kind}s require, this notice makes public how far the rectification has come."
    return f"{first} {second} {third}"


def _part_heading(index: int, key: str, kind: str, lang: str) -> Heading:
    number = f"{chinese_number(index)}、" if lang == "zh" else f"{roman_number(index)}. "
    words = _KIND_ZH if lang == "zh" else _KIND_EN
    text = _PARTS[lang][key].format(kind=words[kind])
    if lang == "zh" and kind == "audit" and key == "findings":
        text = "审计发现问题整改落实情况"
    return Heading(1, number, text)


def section_number(index: int, lang: str) -> str:
    """（一） / (1): sections, categories and next steps, in full-width brackets in Chinese."""
    return f"（{chinese_number(index)}）" if lang == "zh" else f"({index}) "


def aspect_number(index: int, lang: str) -> str:
    """第一， / Aspect 1: within a category."""
    return f"第{chinese_number(index)}，" if lang == "zh" else f"Aspect {index}: "


def issue_number(index: int, lang: str) -> str:
    return f"{index}."


def measure_ordinal(index: int, lang: str) -> str:
    """一是 / (1): only used when an issue has two or more measures."""
    return f"{chinese_number(index)}是" if lang == "zh" else f"({index}) "


def issue_paragraph(issue: Issue, index: int, lang: str) -> Paragraph:
    """"1.搭建服务平台，推动科研成果转化。建立……一是……二是……" as a paragraph."""
    return item_paragraph([issue], index, lang)


def item_paragraph(issues: list[Issue], index: int, lang: str) -> Paragraph:
    """One numbered item of the notice answering one issue, or several that share an `item`.

    Shared, the item's title leads; each distinct summary is printed once,
    and the measures of all the issues run on as 一是, 二是 … (as the notice
    printed them before the ledger split the item).
    """
    measures = [m.strip() for issue in issues for m in issue.measures if m.strip()]
    if len(measures) >= 2:
        numbered = [measure_ordinal(n, lang) + sentence(m) for n, m in enumerate(measures, start=1)]
        body_measures = _join(numbered, lang)
    else:
        body_measures = sentence(measures[0]) if measures else ""
    summaries = list(dict.fromkeys(sentence(i.summary or "") for i in issues))
    body = _join([*summaries, body_measures], lang)
    title = issues[0].item if len(issues) > 1 else issues[0].title
    return Paragraph(body, number=issue_number(index, lang), lead=sentence(title), role="issue")


def _items(issues: list[Issue]) -> list[list[Issue]]:
    """Issues in file order, neighbours that name the same `item` together."""
    items: list[list[Issue]] = []
    for issue in issues:
        if items and issue.item and items[-1][-1].item == issue.item:
            items[-1].append(issue)
        else:
            items.append([issue])
    return items


def as_of_words(as_of: dt.date | None, lang: str) -> str:
    """截至目前 / 截至2024年7月31日 (So far / As of 31 July 2024): when the figures stand."""
    if lang == "zh":
        return "截至" + (_date_zh(as_of) if as_of else "目前")
    return f"As of {_date_en(as_of)}" if as_of else "So far"


def overview_paragraph(round_file: RoundFile, counts: Counts, lang: str,
                       as_of: dt.date | None = None) -> Paragraph:
    """"……扎实推进整改工作。截至目前，巡察反馈的10个方面31项具体问题，已完成整改29项……"."""
    narrative = round_file.round.narrative
    intro = sentence(narrative.overview) if narrative and narrative.overview else ""
    follow = narrative.follow_up.strip() if narrative and narrative.follow_up else ""
    figures = overview_sentence(counts, round_file.round.kind, lang)
    if lang == "zh":
        text = intro + as_of_words(as_of, lang) + "，" + figures + ("，" + sentence(follow) if follow else "。")
    else:
        figures = f"{as_of_words(as_of, lang)}, {figures[0].lower()}{figures[1:]}."
        text = _join([intro, figures, sentence(follow)], lang)
    return Paragraph(text, role="overview")


def contact_text(round_file: RoundFile, lang: str) -> str:
    """联系电话：…；邮政地址：…；邮编：…；电子邮箱：…。"""
    narrative = round_file.round.narrative
    contact = narrative.contact if narrative else None
    if contact is None:
        return ""
    items = [f"{word}{getattr(contact, key).strip()}" for key, word in _CONTACT[lang]
             if getattr(contact, key) and getattr(contact, key).strip()]
    if not items:
        return ""
    if lang == "zh":
        return "；".join(items) + "。"
    text = "; ".join(items)
    return text[0].upper() + text[1:] + "."


def _groups(aspects: list[Aspect]) -> list[tuple[str | None, list[Aspect]]]:
    """Consecutive aspects sharing a category, in file order."""
    groups: list[tuple[str | None, list[Aspect]]] = []
    for aspect in aspects:
        if not groups or groups[-1][0] != aspect.category:
            groups.append((aspect.category, []))
        groups[-1][1].append(aspect)
    return groups


_SUPPLIED = {"zh": "（整理补充）", "en": " (supplied)"}


def findings_blocks(round_file: RoundFile, lang: str, supplied_headings: bool = False) -> list[Block]:
    """Category by category, aspect by aspect, each issue with its measures.

    Categories are numbered (一)(二); aspects 第一/第二 within their category;
    items 1. 2. within their aspect (issues sharing an `item` make one).
    When no aspect has a category, the aspects themselves take the (一)
    level, as short notices do.  Headings an aspect marks as `supplied` (the
    published notice has none there) are left out, their numbers still
    counted, as the notice leaves them out; with `supplied_headings` they
    are printed, marked "（整理补充）" / "(supplied)".
    """
    blocks: list[Block] = []
    groups = _groups(round_file.aspects)
    flat = all(category is None for category, _ in groups)
    category_index = 0

    def heading(level: int, number: str, text: str, supplied: bool) -> None:
        if not supplied:
            blocks.append(Heading(level, number, text))
        elif supplied_headings:
            blocks.append(Heading(level, number, text + _SUPPLIED[lang]))

    for category, aspects in groups:
        if category is not None:
            category_index += 1
            heading(2, section_number(category_index, lang), category, "category" in aspects[0].supplied)
        for a_index, aspect in enumerate(aspects, start=1):
            if flat:
                heading(2, section_number(a_index, lang), aspect.title, "title" in aspect.supplied)
            else:
                heading(3, aspect_number(a_index, lang), aspect.title, "title" in aspect.supplied)
            for i_index, issues in enumerate(_items(aspect.issues), start=1):
                blocks.append(item_paragraph(issues, i_index, lang))
    return blocks


def chart(round_file: RoundFile, lang: str) -> Chart:
    rows = [ChartRow(aspect.id, aspect.title, count_issues(aspect.issues, None, aspects=1))
            for aspect in round_file.aspects]
    return Chart(_PARTS[lang]["chart"], rows)


def notice_date(round_file: RoundFile, counts: Counts, as_of: dt.date | None) -> dt.date | None:
    """The date a notice carries under its signature (成文日期), or None when the data does not say.

    With an as-of day the notice is dated that day.  Otherwise it is the
    date of the latest published notice in `round.notices` whose stated
    figures are the ones computed now (the notice being regenerated); a
    notice whose figures no recorded notice states has no known date.
    """
    if as_of is not None:
        return as_of
    for published in sorted(round_file.round.notices, key=lambda n: n.date, reverse=True):
        stated = published.stated()
        if stated and all(getattr(counts, key) == value for key, value in stated.items()):
            return published.date
    return None


def date_words(day: dt.date, lang: str) -> str:
    """2025年2月6日 / 6 February 2025."""
    return _date_zh(day) if lang == "zh" else _date_en(day)


def build_notice(round_file: RoundFile, lang: str, as_of: dt.date | None = None,
                 normalise_punctuation: bool = True, supplied_headings: bool = False,
                 outcomes_line: bool = False) -> Notice:
    """The notice of one round in `lang` ("zh" or "en"); figures and ordinals computed.

    The data (titles, measures, narrative) keeps its words; only the words
    around it follow `lang`.  In Chinese the half-width punctuation of the
    data's Chinese sentences is made full-width (`punctuation.fullwidth`)
    unless `normalise_punctuation` is false.  `as_of` is the day the figures
    stand ("截至2024年7月31日" instead of "截至目前") and dates the notice.
    `supplied_headings` prints the headings the data marks as supplied (see
    `findings_blocks`).  `outcomes_line` adds the sentence with the summed
    outcomes ("通过整改，建立修订制度6项……"), words a published notice does not
    use, so it is left out unless asked for; `Notice.outcomes` has the sums.
    Parts without data (no narrative sections, no next steps) are left out
    and the remaining parts renumbered.
    """
    meta = round_file.round
    narrative = meta.narrative
    counts = count_round(round_file, as_of=None)
    outcomes = sum_outcomes(issue for _, issue in round_file.issues())
    blocks: list[Block] = [Paragraph(opening(round_file, lang), role="opening")]
    part = 0

    if narrative and narrative.organisation:
        part += 1
        blocks.append(_part_heading(part, "organisation", meta.kind, lang))
        for index, section in enumerate(narrative.organisation, start=1):
            if section.heading.strip():
                blocks.append(Heading(2, section_number(index, lang), section.heading.strip()))
            if section.text.strip():
                blocks.append(Paragraph(section.text.strip()))

    part += 1
    blocks.append(_part_heading(part, "findings", meta.kind, lang))
    blocks.append(overview_paragraph(round_file, counts, lang, as_of))
    achieved = outcomes_sentence(outcomes, lang) if outcomes_line else ""
    if achieved:
        blocks.append(Paragraph(sentence(achieved), role="outcomes"))
    blocks.append(chart(round_file, lang))
    blocks.extend(findings_blocks(round_file, lang, supplied_headings))

    if narrative and (narrative.next_steps_intro or narrative.next_steps):
        part += 1
        blocks.append(_part_heading(part, "next_steps", meta.kind, lang))
        if narrative.next_steps_intro and narrative.next_steps_intro.strip():
            blocks.append(Paragraph(narrative.next_steps_intro.strip()))
        for index, section in enumerate(narrative.next_steps, start=1):
            lead = sentence(section.heading) if section.heading.strip() else ""
            blocks.append(Paragraph(section.text.strip(), number=section_number(index, lang),
                                    lead=lead, role="step"))

    closing = _join([sentence(narrative.closing) if narrative and narrative.closing else "",
                     contact_text(round_file, lang)], lang)
    if closing:
        blocks.append(Paragraph(closing, role="closing"))
    if narrative and narrative.signature and narrative.signature.strip():
        blocks.append(Paragraph(narrative.signature.strip(), role="signature"))
    dated = notice_date(round_file, counts, as_of)
    if dated is not None:
        blocks.append(Paragraph(date_words(dated, lang), role="date"))
    notice = Notice(lang, notice_title(round_file, lang), blocks, counts, outcomes, meta.id, dated)
    return punctuated(notice) if lang == "zh" and normalise_punctuation else notice


def punctuated(notice: Notice) -> Notice:
    """`notice` with every text made full-width where it is Chinese (see `punctuation.fullwidth`)."""
    def block(item: Block) -> Block:
        if isinstance(item, Heading):
            return replace(item, text=fullwidth(item.text))
        if isinstance(item, Paragraph):
            return replace(item, text=fullwidth(item.text), lead=fullwidth(item.lead))
        return replace(item, caption=fullwidth(item.caption),
                       rows=[replace(row, title=fullwidth(row.title)) for row in item.rows])

    return replace(notice, title=fullwidth(notice.title), blocks=[block(b) for b in notice.blocks])
