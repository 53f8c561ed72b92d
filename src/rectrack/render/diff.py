"""`rectrack diff` on a terminal: status changes, added and removed issues, new notes, totals.

A status that went back (completed → in progress) is what a progress
meeting must not miss, so it is marked with `↓` as well as coloured, and
forward moves with `↑`; the marks carry the meaning without colour.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..gitdiff import LedgerDiff
from ..i18n import label, status_label
from .bars import STATUS_STYLE
from .text import data_text

_TOTAL_KEYS = ("issues", "completed", "substantially_completed", "in_progress", "not_started",
               "completion_rate")


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 pad_edge=False, show_edge=False, collapse_padding=True)


def _status(status, lang: str) -> Text:
    return Text(status_label(status, lang), style=STATUS_STYLE[status])


def _figure(key: str, value) -> str:
    return f"{value * 100:.1f}%" if key == "completion_rate" else str(value)


def _change(key: str, before, after) -> Text:
    delta = after - before
    if not delta:
        return Text("0", style="dim")
    # A change of rate is in percentage points, not per cent of the old rate.
    text = f"{delta * 100:+.1f} pp" if key == "completion_rate" else f"{delta:+d}"
    return Text(text, style="bold")


def render_diff(console: Console, diff: LedgerDiff, lang: str) -> None:
    """Print the differences; a single sentence when nothing changed."""
    rev = f"{diff.rev} ({diff.commit[:10]})" if diff.commit and diff.commit != diff.rev else diff.rev
    if diff.empty and diff.totals_before == diff.totals_after:
        console.print(Text(label("diff.none", lang, rev=rev)))
        return
    console.print(data_text(label("diff.heading", lang, rev=rev), style="bold"))
    rounds = {c.round for c in diff.changes} | {i.round for i in diff.added + diff.removed} \
        | {n.round for n in diff.notes}
    show_round = len(rounds) > 1

    def ident_columns(table: Table) -> None:
        if show_round:
            table.add_column(label("round", lang), overflow="fold")
        table.add_column(label("issue", lang), no_wrap=True)

    def ident(round_id: str, issue_id: str) -> list[Text]:
        return ([data_text(round_id)] if show_round else []) + [data_text(issue_id)]

    if diff.changes:
        console.print()
        table = _table(label("diff.changes", lang, n=len(diff.changes)))
        ident_columns(table)
        table.add_column(label("title", lang), ratio=1, overflow="fold", min_width=10)
        table.add_column(label("diff.from", lang), no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column(label("diff.to", lang), no_wrap=True)
        for change in diff.changes:
            arrow = Text("↑", style="green") if change.forward else Text("↓", style="bold red")
            table.add_row(*ident(change.round, change.issue), data_text(change.title),
                          _status(change.before, lang), arrow, _status(change.after, lang))
        console.print(table)
    for key, items in (("diff.added", diff.added), ("diff.removed", diff.removed)):
        if not items:
            continue
        console.print()
        table = _table(label(key, lang, n=len(items)))
        ident_columns(table)
        table.add_column(label("title", lang), ratio=1, overflow="fold", min_width=10)
        table.add_column(label("status", lang), no_wrap=True)
        for item in items:
            table.add_row(*ident(item.round, item.issue), data_text(item.title), _status(item.status, lang))
        console.print(table)
    if diff.deadlines:
        console.print()
        table = _table(label("diff.deadlines", lang, n=len(diff.deadlines)))
        ident_columns(table)
        table.add_column(label("title", lang), ratio=1, overflow="fold", min_width=10)
        table.add_column(label("diff.deadline_from", lang), no_wrap=True)
        table.add_column(label("diff.deadline_to", lang), no_wrap=True)
        table.add_column("", no_wrap=True)
        for change in diff.deadlines:
            # Unapproved is what an inspection office looks for: marked in words, not only in colour.
            mark = Text(label("diff.extension_approved", lang), style="dim") if change.approved \
                else Text("⚠ " + label("diff.unapproved", lang), style="bold red")
            table.add_row(*ident(change.round, change.issue), data_text(change.title),
                          Text(change.before.isoformat()),
                          Text(change.after.isoformat() if change.after else label("diff.removed_deadline", lang)),
                          mark)
        console.print(table)
    if diff.notes:
        console.print()
        table = _table(label("diff.notes", lang, n=len(diff.notes)))
        ident_columns(table)
        table.add_column(label("diff.date", lang), no_wrap=True)
        table.add_column(label("status", lang), no_wrap=True)
        table.add_column(label("diff.note", lang), ratio=1, overflow="fold", min_width=10)
        for note in diff.notes:
            entry = note.entry
            table.add_row(*ident(note.round, note.issue), Text(entry.date.isoformat()),
                          _status(entry.status, lang) if entry.status else Text(""),
                          data_text(entry.note or "", keep_newlines=True))
        console.print(table)
    console.print()
    table = _table(label("diff.totals", lang))
    table.add_column("")
    table.add_column(label("diff.before", lang), justify="right")
    table.add_column(label("diff.after", lang), justify="right")
    table.add_column(label("diff.change", lang), justify="right")
    for key in _TOTAL_KEYS:
        before, after = diff.totals_before.get(key, 0), diff.totals_after.get(key, 0)
        name = label(key, lang)
        table.add_row(name[0].upper() + name[1:], _figure(key, before), _figure(key, after),
                      _change(key, before, after))
    console.print(table)
