"""Follow-up tables after the figures: look-back reviews due, relapses, long-term checks, extensions.

`status` prints these short sections only when they have something to say;
`reviews` prints the reviews table on its own.  Each table is drawn from
the items of the status document (`views`), as `followups` turns
them into JSON; every piece of data text goes through `data_text`.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..durations import parse_duration
from ..i18n import SHORT_STATUS, label
from ..vocabulary import Status
from .escape import clean
from .text import data_text


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 pad_edge=False, show_edge=False, collapse_padding=True)


def _days(days_over: int, lang: str) -> Text:
    if days_over < 0:
        return Text(label("time.in_days", lang, n=-days_over), style="dim")
    return Text(str(days_over), style="bold red" if days_over > 0 else "yellow")


_ZH_UNITS = {"days": "天", "weeks": "周", "months": "个月", "years": "年"}


def period_text(text: str, lang: str) -> str:
    """A period in the reader's language: "6 months" reads "6个月" in Chinese and "3个月" "3 months" in English."""
    period = parse_duration(text)
    return f"{period.amount}{_ZH_UNITS[period.unit]}" if lang == "zh" else str(period)


def _shown(items: list, limit: int) -> list:
    return items if limit <= 0 else items[:limit]


def _more(total: int, shown: int, lang: str) -> list:
    return [Text(label("time.more", lang, n=total - shown), style="dim")] if total > shown else []


WIDE = 100  # cells from which the optional columns are shown


def _build(title: str, items: list, columns: list, wide: bool, lang: str, limit: int) -> Group:
    """A table of `items` from (heading, cell function, column options, optional) specs.

    Optional columns appear only on a wide console, so a narrow one keeps
    readable titles instead of folding every column.
    """
    shown = _shown(items, limit)
    table = _table(title)
    chosen = [c for c in columns if wide or not c[3]]
    for heading, _, options, _ in chosen:
        table.add_column(heading, **options)
    for item in shown:
        table.add_row(*(cell(item) for _, cell, _, _ in chosen))
    return Group(table, *_more(len(items), len(shown), lang))


def _lead_columns(lang: str, several_rounds: bool, owner: bool) -> list:
    """Round (when several), issue, title and (optionally) owner: the columns every follow-up has."""
    columns = []
    if several_rounds:
        columns.append((label("round", lang), lambda x: data_text(x["round"]), {"overflow": "fold"}, False))
    columns += [
        (label("issue", lang), lambda x: data_text(x["id"]), {"no_wrap": True}, False),
        (label("title", lang), lambda x: data_text(x["title"]), {"ratio": 1, "overflow": "fold", "min_width": 8},
         False),
    ]
    if owner:
        columns.append((label("owner", lang), lambda x: data_text(x["owner"] or ""),
                        {"overflow": "fold", "min_width": cell_len(label("owner", lang))}, True))
    return columns


def _days_column(lang: str) -> tuple:
    width = max(cell_len(label("time.days_over", lang)), cell_len(label("time.in_days", lang, n=999)))
    return (label("time.days_over", lang), lambda x: _days(x["days_over"], lang),
            {"justify": "right", "no_wrap": True, "min_width": width}, False)


def _date(value: str | None) -> Text:
    return Text(value or "-")


def reviews_table(reviews: list[dict], lang: str, several_rounds: bool, limit: int = 0,
                  wide: bool = True) -> Group:
    """Pending look-back reviews, earliest due first; owner, completion and last review only when `wide`.

    The rule that set the due date (review_on or the round's period) is in
    the JSON; the table keeps its width for the titles.
    """
    columns = _lead_columns(lang, several_rounds, owner=True) + [
        (label("time.completed_on", lang), lambda r: _date(r["completed_on"]), {"no_wrap": True}, True),
        (label("time.review_due", lang), lambda r: _date(r["due"]), {"no_wrap": True}, False),
        (label("time.last_review", lang), lambda r: _date(r["last_review"]), {"no_wrap": True}, True),
        _days_column(lang),
    ]
    return _build(label("time.reviews_heading", lang, n=len(reviews)), reviews, columns, wide, lang, limit)


def relapses_table(relapses: list[dict], lang: str, several_rounds: bool, limit: int, wide: bool) -> Group:
    """Recorded relapses, newest first, with the reason and where the issue stands now."""
    columns = _lead_columns(lang, several_rounds, owner=False) + [
        (label("time.date", lang), lambda r: _date(r["date"]), {"no_wrap": True}, False),
        (label("time.note", lang), lambda r: data_text(r["note"] or ""), {"ratio": 1, "overflow": "fold"}, False),
        (label("status", lang), lambda r: Text(SHORT_STATUS[lang][Status(r["status"])]), {"no_wrap": True}, True),
    ]
    return _build(label("time.relapses_heading", lang, n=len(relapses)), relapses, columns, wide, lang, limit)


def checks_table(checks: list[dict], lang: str, several_rounds: bool, limit: int, wide: bool) -> Group:
    """Long-term issues whose periodic check is due, most overdue first."""
    columns = _lead_columns(lang, several_rounds, owner=True) + [
        (label("time.every", lang), lambda c: Text(period_text(c["every"], lang)), {"no_wrap": True}, True),
        (label("time.last_check", lang), lambda c: _date(c["last_check"]), {"no_wrap": True}, True),
        (label("time.check_due", lang), lambda c: _date(c["due"]), {"no_wrap": True}, False),
        _days_column(lang),
    ]
    return _build(label("time.checks_heading", lang, n=len(checks)), checks, columns, wide, lang, limit)


def extensions_line(extensions: dict, lang: str) -> Text | None:
    """One sentence on extended deadlines; None when nothing was extended."""
    if not extensions["extended"]:
        return None
    longest = extensions["extended"][0]  # the list is longest first
    return Text(label("time.extensions", lang, n=extensions["issues"], total=extensions["total_days"],
                      longest=extensions["longest_days"], id=clean(longest["id"])))


def render_followups(console: Console, view: dict, lang: str, several_rounds: bool, limit: int = 20) -> None:
    """Print each non-empty follow-up section of a status document, preceded by a blank line; nothing when all are empty."""
    wide = console.width >= WIDE
    parts: list = []
    if view["reviews_due"]:
        parts.append(reviews_table(view["reviews_due"], lang, several_rounds, limit, wide))
    if view["relapses"]:
        parts.append(relapses_table(view["relapses"], lang, several_rounds, limit, wide))
    if view["long_term_checks_due"]:
        parts.append(checks_table(view["long_term_checks_due"], lang, several_rounds, limit, wide))
    line = extensions_line(view["extensions"], lang)
    if line is not None:
        parts.append(line)
    for part in parts:
        console.print()
        console.print(part)
