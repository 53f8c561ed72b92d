"""The `status --by` table: one row per group (a second level indented under its first), and a total row.

Drawn from the `groups` of the status document (`views`), like the rest of
the status screen, so the table and `status --json --by` never disagree.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from ..i18n import SHORT_STATUS, group_key_text, label
from ..queries import Counts
from .bars import BAR_WIDTH, STATUS_ORDER, STATUS_STYLE, progress_bar
from .escape import clean


def _percent(counts: Counts) -> str:
    return f"{counts.completion_rate * 100:.1f}%" if counts.issues else "-"


def _columns(lang: str, compact: bool) -> list[tuple[str, object]]:
    """(heading, cell function of a group and its counts); compact folds the two open statuses into one."""
    short = SHORT_STATUS[lang]

    def status_cell(status):
        def cell(group: dict, counts: Counts) -> Text:
            amount = counts.by_status(status)
            return Text(str(amount), style=STATUS_STYLE[status] if amount else "dim")
        return cell

    columns: list[tuple[str, object]] = [
        (label("rounds", lang), lambda g, c: Text(str(g["rounds"]))),
        (label("aspects", lang), lambda g, c: Text(str(c.aspects))),
        (label("issues", lang), lambda g, c: Text(str(c.issues))),
    ]
    shown = STATUS_ORDER[:2] if compact else STATUS_ORDER
    columns += [(short[s], status_cell(s)) for s in shown]
    if compact:
        columns.append((label("open", lang), lambda g, c: Text(str(c.in_progress + c.not_started),
                                                            style="cyan" if c.in_progress + c.not_started else "dim")))
    columns.append((label("overdue", lang), lambda g, c: Text(str(c.overdue), style="bold red" if c.overdue
                                                              else "dim")))
    columns.append((label("completion_rate", lang), lambda g, c: Text(_percent(c))))
    return columns


KEY_MIN = 10  # cells the group name keeps before the layout turns compact


def _full_width(lang: str) -> int:
    headings = [cell_len(h) for h, _ in _columns(lang, False)]
    return KEY_MIN + sum(max(h, 6) for h in headings) + BAR_WIDTH + 2 * (len(headings) + 1)


def groups_table(view: dict, by: list[str], lang: str, width: int = 120) -> Table:
    """The document's `groups` as a table; narrower than the full layout (`width`), compact without the bar."""
    compact = width < _full_width(lang)
    heading = " / ".join(label(f"group.{b}", lang) for b in by)
    table = Table(title=f"{label('group.heading', lang)} ({label('as_of', lang)} {view['as_of']})",
                  title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, collapse_padding=True)
    table.add_column(heading, overflow="fold", min_width=KEY_MIN)
    columns = _columns(lang, compact)
    for name, _ in columns:
        table.add_column(name, justify="right", no_wrap=True)
    if not compact:
        table.add_column(label("progress", lang), no_wrap=True)

    def add(group: dict, name: Text, last: bool) -> None:
        counts = Counts.from_dict(group)
        cells = [name, *(cell(group, counts) for _, cell in columns)]
        if not compact:
            cells.append(progress_bar(counts))
        table.add_row(*cells, end_section=last)

    def key_text(group: dict, depth: int) -> Text:
        return Text("  " * depth + clean(group_key_text(group["by"], group["key"], lang)),
                    style="bold" if group.get("groups") else "")

    top = view["groups"]
    for index, group in enumerate(top):
        children = group.get("groups", [])
        add(group, key_text(group, 0), index == len(top) - 1 and not children)
        for c_index, child in enumerate(children):
            add(child, key_text(child, 1), index == len(top) - 1 and c_index == len(children) - 1)
    add(view["totals"], Text(label("total", lang), style="bold"), False)
    return table


def subtotal_line(section, lang: str) -> Text:
    """A section's heading: its keys, and how many issues it has, completed and overdue."""
    keys = " / ".join(clean(group_key_text(by, key, lang)) for by, key in section.path)
    counts = section.group.counts
    sep = "　" if lang == "zh" else "  "
    return Text(keys + sep + label("group.subtotal", lang, n=counts.issues, completed=counts.completed,
                                   overdue=counts.overdue), style="bold")


def render_grouped_list(console, records: list[dict], sections: list, lang: str, limit: int = 0) -> None:
    """`list --by`: per innermost group a subtotal line and its issues; at most `limit` issues in all (0: all).

    `records` are in the sections' order, each section's members in a row.
    """
    from .issues import render_list

    if not records:
        render_list(console, records, lang, limit)
        return
    left = limit or len(records)
    start = hidden = 0
    for section in sections:
        members = records[start:start + len(section.members)]
        start += len(members)
        if left <= 0:
            hidden += len(members)
            continue
        console.print(subtotal_line(section, lang))
        render_list(console, members[:left], lang)
        hidden += max(0, len(members) - left)
        left -= len(members)
        console.print()
    if hidden:
        console.print(Text(label("time.more", lang, n=hidden), style="dim"))
