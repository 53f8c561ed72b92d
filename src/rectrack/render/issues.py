"""Issues on the terminal: `show` (one issue in full), `list` (a table), `log` (history, newest first).

Cells that hold data fold instead of truncating, so a long Chinese title
is never cut off when the output is piped or the terminal is narrow; the
`--json` forms (built in `listing`) carry the same values for scripts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..i18n import aside, label, status_label
from ..listing import IssueRow, LogEntry, days_to_deadline
from ..queries import DEFAULT_OVERDUE, OverdueRule, is_overdue
from ..vocabulary import Status
from .bars import STATUS_STYLE
from .escape import clean
from .text import data_text

NONE = "-"


def status_text(status: Status | None, lang: str) -> Text:
    if status is None:
        return Text(NONE, style="dim")
    return Text(status_label(status, lang), style=STATUS_STYLE[status])


def deadline_text(row: IssueRow, as_of: dt.date, lang: str, rule: OverdueRule = DEFAULT_OVERDUE) -> Text:
    """The deadline and how it stands: days left, days overdue, or completed on time or late."""
    issue = row.issue
    if issue.deadline is None:
        return Text(NONE, style="dim")
    text = Text(issue.deadline.isoformat())
    if issue.status is Status.COMPLETED:
        if issue.completed_on is not None:
            late = (issue.completed_on - issue.deadline).days
            note = label("issue.late", lang, n=late) if late > 0 else label("issue.on_time", lang)
            text.append(aside(note, lang), style="dim")
        elif issue.completed_by is not None and issue.completed_by <= issue.deadline:
            # Done no later than a day within the deadline: on time, whatever the exact day.
            text.append(aside(label('issue.on_time', lang), lang), style="dim")
        return text
    days = days_to_deadline(issue, as_of)
    if days > 0:
        text.append(aside(label("issue.days_left", lang, n=days), lang), style="dim")
    elif days == 0:
        text.append(aside(label("issue.due_today", lang), lang), style="yellow")
    else:
        style = "bold red" if is_overdue(issue, as_of, rule) else "yellow"
        text.append(aside(label("issue.days_over", lang, n=-days), lang), style=style)
    return text


def _optional(value: object) -> Text:
    return data_text(value) if value else Text(NONE, style="dim")


def _status_change(entry, lang: str) -> Text:
    """"in progress", or "not started → in progress" when the entry records where it came from."""
    text = Text()
    before = getattr(entry, "from_", None)
    if before is not None and before is not entry.status:
        text.append_text(status_text(before, lang))
        text.append(" → ")
    text.append_text(status_text(entry.status, lang))
    return text


def render_issue(console: Console, row: IssueRow, lang: str, as_of: dt.date,
                 rule: OverdueRule = DEFAULT_OVERDUE, line: int | None = None) -> None:
    """One issue in full: facts, approach, measures, evidence, and its history as a timeline."""
    from ..timeline import extension_days

    issue, aspect = row.issue, row.aspect
    heading = Text()
    heading.append_text(data_text(f"{row.round_id}/{issue.id}", style="bold"))
    heading.append("  ")
    heading.append_text(data_text(issue.title, style="bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    aspect_text = data_text(aspect.id)
    aspect_text.append("  ")
    aspect_text.append_text(data_text(aspect.title))
    facts.add_row(label("aspect", lang), aspect_text)
    if aspect.category:
        facts.add_row(label("issue.category", lang), data_text(aspect.category))
    facts.add_row(label("status", lang), status_text(issue.status, lang))
    facts.add_row(label("owner", lang), _optional(issue.owner))
    facts.add_row(label("leader", lang), _optional(issue.leader))
    facts.add_row(label("deadline", lang), deadline_text(row, as_of, lang, rule))
    if issue.extensions:
        facts.add_row(label("time.extended", lang), Text(label(
            "time.extension_summary", lang, times=len(issue.extensions), days=extension_days(issue.extensions),
            original=issue.extensions[0].from_.isoformat())))
    if issue.completed_on:
        facts.add_row(label("issue.completed_on", lang), Text(issue.completed_on.isoformat()))
    elif issue.completed_by:
        facts.add_row(label("issue.completed_on", lang),
                      Text(label("issue.no_later_than", lang, date=issue.completed_by.isoformat())))
    if issue.review_on:
        facts.add_row(label("time.review_on", lang), Text(issue.review_on.isoformat()))
    if issue.long_term:
        facts.add_row(label("issue.long_term", lang), Text(label("issue.yes", lang)))
    if issue.check_every:
        facts.add_row(label("time.check_every", lang), data_text(issue.check_every))
    facts.add_row(label("issue.file", lang), data_text(f"{row.path}:{line}" if line else row.path))
    parts: list = [heading, facts]
    if issue.summary:
        parts += [Text(), Text(label("issue.summary", lang), style="bold"),
                  _indented([data_text(issue.summary, keep_newlines=True)], bullet="")]
    if issue.measures:
        parts += [Text(), Text(label("issue.measures", lang), style="bold"),
                  _indented([data_text(m, keep_newlines=True) for m in issue.measures], numbered=True)]
    if issue.evidence:
        parts += [Text(), Text(label("issue.evidence", lang), style="bold"),
                  _indented([data_text(e) for e in issue.evidence])]
    if issue.extensions:
        extensions = []
        for ext in issue.extensions:
            line = Text(f"{ext.date.isoformat()}  {ext.from_.isoformat()} → {ext.to.isoformat()}  ")
            line.append_text(data_text(ext.reason))
            line.append(aside(label("time.approved_by", lang, who=clean(ext.approved_by)), lang))
            extensions.append(line)
        parts += [Text(), Text(label("time.extensions_heading", lang), style="bold"), _indented(extensions)]
    parts += [Text(), Text(label("issue.history", lang), style="bold")]
    if issue.history:
        timeline = Table.grid(padding=(0, 2))
        timeline.add_column(no_wrap=True)
        timeline.add_column(no_wrap=True)
        timeline.add_column(overflow="fold")
        for entry in issue.history:
            note = data_text(entry.note or "", keep_newlines=True)
            if entry.review is not None:
                note = Text(f"[{label(f'time.review.{entry.review}', lang)}] ",
                            style="bold red" if entry.review == "relapsed" else "green").append_text(note)
            if entry.by:
                note.append(" (")
                note.append_text(data_text(entry.by))
                note.append(")")
            timeline.add_row(Text("  " + entry.date.isoformat()), _status_change(entry, lang), note)
        parts.append(timeline)
    else:
        parts.append(Text("  " + label("issue.no_history", lang), style="dim"))
    console.print(Group(*parts))


def _indented(items: Sequence[Text], numbered: bool = False, bullet: str = "-") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for index, item in enumerate(items, 1):
        grid.add_row(f"  {index}." if numbered else (f"  {bullet}" if bullet else " "), item)
    return grid


def _table(caption: str | None = None) -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, caption=caption,
                 caption_justify="left", caption_style="dim")


def render_list(console: Console, records: Sequence[dict], lang: str, limit: int = 0) -> None:
    """A table of `list --json` records, the first `limit` of them (0: all).

    The round column appears when the records come from several rounds, and
    the days-over column when any is overdue, whether or not those rows are
    shown; a line under the table says how many were not shown.
    """
    if not records:
        console.print(Text(label("issue.none", lang)))
        return
    several = len({record["round"] for record in records}) > 1
    units = len({record["unit"] for record in records}) > 1
    any_overdue = any(record["overdue"] for record in records)
    total = len(records)
    records = records[:limit] if limit else records
    table = _table(label("issue.count", lang, n=total))
    if units:
        table.add_column(label("unit", lang), overflow="fold", ratio=1)
    if several:
        table.add_column(label("round", lang), overflow="fold")
    table.add_column(label("issue.id", lang), no_wrap=True)
    table.add_column(label("title", lang), overflow="fold", ratio=3)
    table.add_column(label("status", lang), overflow="fold")
    table.add_column(label("owner", lang), overflow="fold", ratio=1)
    table.add_column(label("deadline", lang), no_wrap=True)
    if any_overdue:
        table.add_column(label("days_over", lang), justify="right", no_wrap=True)
    for record in records:
        cells = [data_text(record["id"]), data_text(record["title"]), status_text(Status(record["status"]), lang),
                 _optional(record["owner"]), Text(record["deadline"] or NONE, style="" if record["deadline"] else "dim")]
        if several:
            cells.insert(0, data_text(record["round"]))
        if units:
            cells.insert(0, data_text(record["unit"]))
        if any_overdue:
            cells.append(Text(str(record["days_over"]), style="bold red") if record["overdue"] else Text(""))
        table.add_row(*cells)
    console.print(table)
    if total > len(records):
        console.print(Text(label("time.more", lang, n=total - len(records)), style="dim"))


def render_log(console: Console, entries: Sequence[LogEntry], lang: str) -> None:
    """History entries, newest first: date, issue, status change, note and who wrote it."""
    if not entries:
        console.print(Text(label("issue.no_entries", lang)))
        return
    several = len({e.round_id for e in entries}) > 1
    table = _table()
    table.add_column(label("issue.date", lang), no_wrap=True)
    table.add_column(label("issue", lang), overflow="fold")
    table.add_column(label("status", lang), overflow="fold")
    table.add_column(label("issue.note", lang), overflow="fold", ratio=3)
    table.add_column(label("issue.by", lang), overflow="fold", ratio=1)
    for item in entries:
        name = f"{item.round_id}/{item.issue.id}" if several else item.issue.id
        table.add_row(Text(item.entry.date.isoformat()), data_text(name),
                      _status_change(item.entry, lang), data_text(item.entry.note or "", keep_newlines=True),
                      _optional(item.entry.by))
    console.print(table)
