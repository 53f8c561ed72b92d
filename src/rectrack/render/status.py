"""The `status` screen: a headline per round, the rounds table, aspects by category, overdue issues.

Completed and substantially completed must be told apart at a glance, with
or without colour: each has its own column, colour, and symbol in the
progress bar (`#` completed, `+` substantially completed, `-` in progress,
`.` not started).

Everything is drawn from the status document (`views`), the same
one `status --json` prints, so the screen and the JSON never disagree and
a cached document can be shown without loading a single model.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..i18n import (
    SHORT_STATUS,
    aside,
    colon,
    kind_label,
    label,
    outcomes_sentence,
    overview_sentence,
)
from ..queries import Counts
from ..vocabulary import Status
from .bars import BAR_WIDTH, STATUS_ORDER, STATUS_STYLE, progress_bar
from .escape import clean
from .text import data_text


def _percent(counts: Counts) -> str:
    return f"{counts.completion_rate * 100:.1f}%" if counts.issues else "-"


def _columns(lang: str, compact: bool, with_rate: bool) -> list[tuple[str, object]]:
    """(heading, cell function) for each count column.

    Compact (narrow terminals) folds in progress and not started into one
    "open" column and drops the rate and the bar, so titles keep some room.
    """
    short = SHORT_STATUS[lang]
    columns: list[tuple[str, object]] = [(label("issues", lang), lambda c: Text(str(c.issues)))]

    def status_cell(status: Status):
        def cell(c: Counts) -> Text:
            amount = c.by_status(status)
            return Text(str(amount), style=STATUS_STYLE[status] if amount else "dim")
        return cell

    if compact:
        columns += [(short[Status.COMPLETED], status_cell(Status.COMPLETED)),
                    (short[Status.SUBSTANTIALLY_COMPLETED], status_cell(Status.SUBSTANTIALLY_COMPLETED)),
                    (label("open", lang), lambda c: Text(str(c.in_progress + c.not_started),
                                                         style="cyan" if c.in_progress + c.not_started else "dim"))]
    else:
        columns += [(short[s], status_cell(s)) for s in STATUS_ORDER]
    columns.append((label("overdue", lang),
                    lambda c: Text(str(c.overdue), style="bold red" if c.overdue else "dim")))
    if with_rate and not compact:
        columns.append((label("completion_rate", lang), lambda c: Text(_percent(c))))
    return columns


def _add_count_columns(table: Table, columns, widest: int | None = None) -> None:
    """Right-aligned count columns, then the bar when the cell functions include it.

    `widest` fixes each width (at least the widest number) so that separate
    tables line up.
    """
    for heading, _ in columns:
        width = max(cell_len(heading), len(str(widest))) if widest is not None else None
        table.add_column(heading, justify="right", width=width, no_wrap=True)


def _cells(counts: Counts, columns) -> list[Text]:
    return [cell(counts) for _, cell in columns]


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 pad_edge=False, show_edge=False, collapse_padding=True)


ROUND_ROWS = 100  # rounds the table draws by default: rich takes about half a millisecond a row


def rounds_table(view: dict, lang: str, compact: bool = False, limit: int = 0) -> Table | Group:
    """One row per round (the first `limit`, 0 = all), and a total row of every round when there are several."""
    as_of = f"{label('as_of', lang)}{'' if lang == 'zh' else ' '}{view['as_of']}"
    table = _table(label("summary_heading", lang) + aside(as_of, lang))
    columns = _columns(lang, compact, with_rate=True)
    widest_id = max(cell_len(clean(r["id"])) for r in view["rounds"])
    table.add_column(label("round", lang), overflow="fold", min_width=min(max(widest_id, 8), 24))
    table.add_column(label("aspects", lang), justify="right", no_wrap=True)
    _add_count_columns(table, columns)
    if not compact:
        table.add_column(label("progress", lang), no_wrap=True)
    shown = view["rounds"] if limit <= 0 else view["rounds"][:limit]
    rows = [(data_text(r["id"]), Counts.from_dict(r)) for r in shown]
    if len(view["rounds"]) > 1:
        rows.append((Text(label("total", lang), style="bold"), Counts.from_dict(view["totals"])))
    for index, (name, counts) in enumerate(rows):
        cells = [name, Text(str(counts.aspects)), *_cells(counts, columns)]
        if not compact:
            cells.append(progress_bar(counts))
        table.add_row(*cells, end_section=len(rows) > 1 and index == len(rows) - 2)
    hidden = len(view["rounds"]) - len(shown)
    if hidden > 0:
        return Group(table, Text(label("more_rounds", lang, n=hidden), style="dim"))
    return table


def aspects_table(item: dict, lang: str, compact: bool = False) -> Group:
    """Per-aspect counts of one round (an item of the document's `rounds`), a block per category heading.

    The blocks are separate tables with the same fixed column widths, so
    they line up while each category heading gets a whole line of its own.
    """
    groups: list[tuple[str | None, list]] = []
    for aspect in item["by_aspect"]:
        category = aspect["category"]
        if not groups or groups[-1][0] != category:
            groups.append((category, []))
        groups[-1][1].append(aspect)
    id_width = max([cell_len(clean(a["id"])) for a in item["by_aspect"]] + [cell_len(label("aspect", lang))])
    columns = _columns(lang, compact, with_rate=False)
    parts: list = [Text(label("by_aspect_heading", lang), style="bold")]
    for index, (category, members) in enumerate(groups):
        if category is not None or len(groups) > 1:
            heading = category if category is not None else label("no_category", lang)
            parts.append(data_text(heading, style="bold"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True, collapse_padding=True,
                      show_header=index == 0)
        table.add_column(label("aspect", lang), no_wrap=True, width=id_width)
        table.add_column(label("title", lang), ratio=1, overflow="fold", min_width=8)
        _add_count_columns(table, columns, widest=item["issues"])
        if not compact:
            table.add_column(label("progress", lang), no_wrap=True, width=BAR_WIDTH)
        for aspect in members:
            counts = Counts.from_dict(aspect)
            cells = [data_text(aspect["id"]), data_text(aspect["title"]), *_cells(counts, columns)]
            if not compact:
                cells.append(progress_bar(counts))
            table.add_row(*cells)
        parts.append(table)
    return Group(*parts)


def overdue_table(view: dict, lang: str, limit: int) -> Group | Text:
    """The overdue issues, most overdue first, at most `limit` rows (0 = all)."""
    overdue = view["overdue"]
    if not overdue:
        return Text(label("no_overdue", lang), style="green")
    shown = overdue if limit <= 0 else overdue[:limit]
    table = _table(label("overdue_heading", lang) + aside(str(len(overdue)), lang))
    several = len(view["rounds"]) > 1
    # Across a portfolio of several units, whose issue it is.
    units = len({item["unit"] for item in view["rounds"]}) > 1
    if units:
        table.add_column(label("unit", lang), overflow="fold")
    if several:
        table.add_column(label("round", lang), overflow="fold")
    table.add_column(label("issue", lang), no_wrap=True)
    table.add_column(label("title", lang), ratio=1, overflow="fold")
    table.add_column(label("owner", lang), overflow="fold")
    table.add_column(label("deadline", lang), no_wrap=True)
    table.add_column(label("days_over", lang), justify="right", style="bold red")
    table.add_column(label("status", lang), no_wrap=True)
    for entry in shown:
        status = Status(entry["status"])
        cells = [data_text(entry["id"]), data_text(entry["title"]),
                 data_text(entry["owner"] or ""), Text(entry["deadline"]),
                 Text(str(entry["days_over"])),
                 Text(SHORT_STATUS[lang][status], style=STATUS_STYLE[status])]
        if several:
            cells.insert(0, data_text(entry["round"]))
        if units:
            cells.insert(0, data_text(entry["unit"]))
        table.add_row(*cells)
    parts: list = [table]
    hidden = len(overdue) - len(shown)
    if hidden > 0:
        parts.append(Text(label("more_overdue", lang, n=hidden), style="dim"))
    return Group(*parts)


def headline(item: dict, lang: str) -> Group:
    """Who inspected whom, and the notice sentence with this round's figures."""
    kind = item["kind"]
    title = Text()
    title.append_text(data_text(item["id"], style="bold"))
    title.append("  ")
    title.append_text(data_text(item["title"], style="bold"))
    facts = Text(style="dim")
    facts.append(kind_label("unit", kind, lang) + colon(lang))
    facts.append_text(data_text(item["unit"]))
    if item["inspector"]:
        facts.append(f" · {kind_label('inspector', kind, lang)}{colon(lang)}")
        facts.append_text(data_text(item["inspector"]))
    facts.append(f" · {label('feedback', lang)}{colon(lang)}{item['feedback']}")
    sentence = overview_sentence(Counts.from_dict(item), kind, lang) + ("。" if lang == "zh" else ".")
    lines = [title, facts, Text(sentence)]
    for key in ("completed_by", "completed_by_later"):
        if item[key]:
            lines.append(Text(label(f"status.{key}", lang, n=item[key]), style="dim"))
    outcomes = outcomes_sentence(item["outcomes"], lang)
    if outcomes:
        lines.append(Text(outcomes + ("。" if lang == "zh" else ".")))
    return Group(*lines)


TITLE_MIN = 12  # cells a wrapped title column needs to stay readable
GAP = 2  # cells between columns (collapsed padding plus the separator)


def _full_width(view: dict, lang: str, by_aspect: bool) -> int:
    """Cells the full (non-compact) layout needs without squeezing any column."""
    def count_widths(with_rate: bool, widest: int) -> list[int]:
        return [max(cell_len(h), len(str(widest))) for h, _ in _columns(lang, False, with_rate)]

    widest = view["totals"]["issues"]
    ids = max(cell_len(clean(r["id"])) for r in view["rounds"])
    rounds = [min(max(ids, 8), 24), cell_len(label("aspects", lang)), *count_widths(True, widest), BAR_WIDTH]
    needed = sum(rounds) + GAP * (len(rounds) - 1)
    if by_aspect:
        aspect_ids = max(cell_len(clean(a["id"])) for r in view["rounds"] for a in r["by_aspect"])
        aspects = [max(aspect_ids, cell_len(label("aspect", lang))), TITLE_MIN,
                   *count_widths(False, widest), BAR_WIDTH]
        needed = max(needed, sum(aspects) + GAP * (len(aspects) - 1))
    return needed


def render_status(console: Console, view: dict, lang: str, by_aspect: bool | None = None,
                  overdue_limit: int = 20, by: list[str] | None = None, rounds_limit: int = ROUND_ROWS) -> None:
    """Print the whole status screen of a status document (`views`).

    When the full tables cannot fit the terminal, a compact layout drops
    the rate and bar and folds the open statuses together, rather than
    letting rich squeeze a column away.
    """
    rounds = view["rounds"]
    if not rounds:
        console.print(Text(label("no_rounds", lang)))
        return
    if by_aspect is None:
        by_aspect = len(rounds) == 1
    compact = console.width < _full_width(view, lang, by_aspect)
    if len(rounds) == 1:
        console.print(headline(rounds[0], lang))
        console.print()
    if by:
        # Grouped: one row per group takes the place of one row per round.
        from .groups import groups_table

        console.print(groups_table(view, by, lang, width=console.width))
    else:
        console.print(rounds_table(view, lang, compact=compact, limit=rounds_limit))
    if by_aspect:
        for item in rounds:
            console.print()
            if len(rounds) > 1:
                console.print(headline(item, lang))
            console.print(aspects_table(item, lang, compact=compact))
    console.print()
    console.print(overdue_table(view, lang, overdue_limit))
    # Reviews due, relapses, long-term checks, extensions: only sections with something in them.
    from .followups import render_followups

    render_followups(console, view, lang, several_rounds=len(rounds) > 1, limit=overdue_limit)
    if not compact:  # the compact layout has no progress bar to explain
        console.print(Text(label("legend", lang), style="dim"))
