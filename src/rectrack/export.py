"""The ledger (整改台账) as offices pass it upward: CSV, Excel (.xlsx) or JSON.

`ledger_rows` lays out one row per issue in the column order offices use
(序号, 轮次, 问题类别, 方面, 问题, 整改措施, 责任领导, 责任部门, 整改时限,
整改状态, 完成时间, 佐证材料, 最新进展).  The writers return bytes and never
touch a file; the CLI decides where they go.

A ledger is opened in Excel or WPS by people who never saw the YAML, so
text a spreadsheet would run as a formula (starting with = + - @, tab or
CR) is neutralised with a leading apostrophe in CSV and XLSX.  JSON is data
for programs and is written as validated, dates as ISO strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from .i18n import label, status_label
from .model import Extension, RoundFile, Status
from .punctuation import fullwidth
from .queries import Counts, count_issues, count_round

if TYPE_CHECKING:
    from .groups import Group

COLUMNS = (
    "no", "round", "category", "aspect", "issue", "measures", "leader", "owner",
    "deadline", "status", "completed_on", "evidence", "latest", "extensions",
)

# What a spreadsheet may read as the start of a formula or a DDE command; Excel
# and WPS with a Chinese input method take the full-width signs as well.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What a spreadsheet may skip before such a start: spaces, no-break and
# ideographic spaces, zero-width space, a BOM.
FORMULA_LEADERS = " \u00a0\u3000\u200b\ufeff"


def neutralise(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.lstrip(FORMULA_LEADERS).startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class LedgerRow:
    """One issue as a ledger row: dates stay dates, lists are joined into lines."""

    no: int
    round: str
    category: str
    aspect: str
    issue: str
    measures: str
    leader: str
    owner: str
    deadline: dt.date | None
    status: Status
    completed_on: dt.date | None
    evidence: str
    latest: str
    extensions: tuple[Extension, ...] = ()
    completed_by: dt.date | None = None  # completed no later than this day (exact day unknown)
    long_term: bool = False  # 长期坚持: said beside the deadline, where `import` reads it back

    def values(self, lang: str) -> list:
        """The cells in column order; the status, the extensions, "no later than" and "long-term" in words of `lang`."""
        special = {"status": lambda: status_label(self.status, lang),
                   "extensions": lambda: extensions_text(self.extensions, lang)}
        if self.long_term:
            special["deadline"] = lambda: (label("issue.deadline_long_term", lang, date=self.deadline.isoformat())
                                           if self.deadline is not None else label("issue.long_term", lang))
        if self.completed_on is None and self.completed_by is not None:
            special["completed_on"] = lambda: label("issue.no_later_than", lang,
                                                    date=self.completed_by.isoformat())
        return [special[c]() if c in special else getattr(self, c) for c in COLUMNS]


def extensions_text(extensions: Iterable[Extension], lang: str) -> str:
    """One line per approved extension (延期), oldest first; "" when the deadline was never extended.

    `io.cells.read_extensions` reads these lines back: change the two together.
    """
    if lang == "zh":
        return "\n".join(f"{e.date.isoformat()}经{e.approved_by}批准，由{e.from_.isoformat()}延期至"
                         f"{e.to.isoformat()}：{e.reason}" for e in extensions)
    return "\n".join(f"{e.from_.isoformat()} → {e.to.isoformat()}, approved by {e.approved_by} on "
                     f"{e.date.isoformat()}: {e.reason}" for e in extensions)


def _measures_text(summary: str | None, measures: list[str]) -> str:
    lines = [summary.strip()] if summary and summary.strip() else []
    items = [m.strip() for m in measures if m.strip()]
    if len(items) == 1:
        lines.append(items[0])
    else:
        lines += [f"{n}. {m}" for n, m in enumerate(items, start=1)]
    return "\n".join(lines)


def ledger_rows(rounds: Iterable[RoundFile], fullwidth_punctuation: bool = False) -> list[LedgerRow]:
    """One row per issue of every round, numbered 1.. in file order.

    With `fullwidth_punctuation` (Chinese output) the half-width punctuation
    of Chinese text in the cells is made full-width (`punctuation.fullwidth`).
    """
    rows: list[LedgerRow] = []
    for round_file in rounds:
        for aspect, issue in round_file.issues():
            rows.append(LedgerRow(
                no=len(rows) + 1,
                round=round_file.round.title,
                category=aspect.category or "",
                aspect=aspect.title,
                issue=issue.title,
                measures=_measures_text(issue.summary, issue.measures),
                leader=issue.leader or "",
                owner=issue.owner or "",
                deadline=issue.deadline,
                status=issue.status,
                completed_on=issue.completed_on,
                completed_by=issue.completed_by,
                evidence="\n".join(e.strip() for e in issue.evidence if e.strip()),
                latest=issue.latest_note or "",
                extensions=tuple(issue.extensions),
                long_term=issue.long_term,
            ))
    return [punctuated_row(row) for row in rows] if fullwidth_punctuation else rows


def punctuated_row(row: LedgerRow) -> LedgerRow:
    """`row` with its text cells (and extension reasons) in full-width Chinese punctuation."""
    texts = {f.name: fullwidth(getattr(row, f.name)) for f in fields(row)
             if isinstance(getattr(row, f.name), str)}
    extensions = tuple(e.model_copy(update={"reason": fullwidth(e.reason),
                                                 "approved_by": fullwidth(e.approved_by)}) for e in row.extensions)
    return replace(row, **texts, extensions=extensions)


def headers(lang: str) -> list[str]:
    return [label(f"col.{c}", lang) for c in COLUMNS]


# -- CSV --------------------------------------------------------------------------------

def to_csv(rows: list[LedgerRow], lang: str) -> bytes:
    """UTF-8 with a BOM, so that Excel on Chinese Windows shows the Chinese; CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date)
                         else neutralise(v) if isinstance(v, str) else v
                         for v in row.values(lang)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- JSON -------------------------------------------------------------------------------

def to_json(rounds: Iterable[tuple[str, RoundFile]], groups: Sequence[Group] = ()) -> bytes:
    """The validated rounds in the model's key order, as the YAML names keys, dates as ISO strings.

    With `groups` (export --by), their figures too, as `status --json --by` gives them.
    """
    # by_alias: keys as written in the YAML (a history entry's `from`, not `from_`).
    data: dict = {"rounds": [{"path": path.replace("\\", "/"),
                              **round_file.model_dump(mode="json", by_alias=True)}
                             for path, round_file in rounds]}
    if groups:
        data["groups"] = [g.as_json() for g in groups]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- XLSX -------------------------------------------------------------------------------

STATUS_FILL = {
    Status.COMPLETED: "E2F0D9",
    Status.SUBSTANTIALLY_COMPLETED: "FFF2CC",
    Status.IN_PROGRESS: "DDEBF7",
    Status.NOT_STARTED: "FCE4D6",
}
HEADER_FILL = "D9D9D9"
# Widths in Excel's character units; a Chinese character takes about two.
MAX_WIDTH = {"measures": 60, "issue": 36, "aspect": 30, "category": 30, "round": 30,
             "evidence": 36, "latest": 40, "extensions": 36}
DEFAULT_MAX_WIDTH = 20
CELL_LIMIT = 32767  # characters Excel allows in one cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _display_width(text: str) -> int:
    """Widest line of `text`, counting East Asian wide characters as two."""
    import unicodedata

    widest = 0
    for line in text.split("\n"):
        widest = max(widest, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
    return widest


LINE_HEIGHT = 15  # points per wrapped line at the default 11 pt


def _wrapped_lines(value, width: int) -> int:
    """How many lines `value` takes when wrapped at `width` character units."""
    if not isinstance(value, str) or not value:
        return 1
    width = max(width, 1)
    return sum(max(1, -(-_display_width(line) // width)) for line in value.split("\n"))


def xml_text(text: str) -> str:
    """`text` with the characters XML cannot hold (most C0 controls) written as visible escapes."""
    return _ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)


def _figure_row(sheet, row: int, values: list, border, widths: list[int]) -> list:
    """Write a row of a summary sheet (text, then counts, the completion rate last as a percentage).

    Returns (cell, value) pairs for the caller's own styling; `widths` grows to fit the text.
    """
    written = []
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = _cell_text(value)
            cell.data_type = "s"
            widths[column - 1] = max(widths[column - 1], _display_width(cell.value))
        else:
            cell.value = value
        if column == len(values):
            cell.number_format = "0.0%"
        cell.border = border
        written.append((cell, value))
    return written


def _cell_text(text: str) -> str:
    """Text an XLSX cell can hold: no XML-illegal characters, within Excel's length, no formula."""
    text = xml_text(text)
    text = neutralise(text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text


@dataclass(frozen=True)
class SummaryRow:
    round: str
    category: str
    aspect: str
    counts: Counts
    total: bool = False


def summary_rows(rounds: Iterable[RoundFile], lang: str,
                 fullwidth_punctuation: bool = False) -> list[SummaryRow]:
    """Per-aspect counts, a total row per round, and a grand total when there are several rounds."""
    rows: list[SummaryRow] = []
    grand = Counts()
    rounds = list(rounds)
    for round_file in rounds:
        for aspect in round_file.aspects:
            rows.append(SummaryRow(round_file.round.title, aspect.category or "", aspect.title,
                                   count_issues(aspect.issues, None, aspects=1)))
        counts = count_round(round_file, None)
        grand = grand + counts
        rows.append(SummaryRow(round_file.round.title, "", label("total", lang), counts, total=True))
    if len(rounds) > 1:
        rows.append(SummaryRow(label("total", lang), "", "", grand, total=True))
    if fullwidth_punctuation:
        rows = [replace(r, round=fullwidth(r.round), category=fullwidth(r.category), aspect=fullwidth(r.aspect))
                for r in rows]
    return rows


def to_xlsx(rounds: list[RoundFile], lang: str, rows: list[LedgerRow] | None = None,
            groups: Sequence[Group] = (), total: Group | None = None, fullwidth_punctuation: bool = False) -> bytes:
    """An Excel workbook: the ledger sheet (`rows`, default every issue in file order) and a per-aspect summary sheet.

    The ledger has a bold, frozen, filterable header, wrapped text, widths
    sized for Chinese, real dates, and each row tinted by its status; both
    sheets print landscape, one page wide, with the header on every page.
    With `groups` (export --by), a third sheet, 汇总表: a row per group, a
    second level under its first, and the `total` row.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    rows = ledger_rows(rounds, fullwidth_punctuation) if rows is None else rows
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = label("sheet.ledger", lang)
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)

    titles = headers(lang)
    widths = [_display_width(t) for t in titles]
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r_index, row in enumerate(rows, start=2):
        fill = PatternFill("solid", fgColor=STATUS_FILL[row.status])
        for column, value in enumerate(row.values(lang), start=1):
            cell = sheet.cell(row=r_index, column=column)
            if isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
                width = 10
            elif isinstance(value, int):
                cell.value = value
                width = len(str(value))
            else:
                cell.value = _cell_text(value or "")
                cell.data_type = "s"  # never a formula, whatever the text
                width = _display_width(cell.value)
            cell.alignment, cell.border, cell.fill = wrap, border, fill
            widths[column - 1] = max(widths[column - 1], width)
    final = [min(widths[i], MAX_WIDTH.get(name, DEFAULT_MAX_WIDTH)) + 2 for i, name in enumerate(COLUMNS)]
    for column, width in enumerate(final, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    # Excel does not grow rows for wrapped text in a file it did not lay out
    # itself, so give each row the height its longest cell needs.
    for r_index, row in enumerate(rows, start=2):
        lines = max(_wrapped_lines(v, final[i] - 1) for i, v in enumerate(row.values(lang)))
        sheet.row_dimensions[r_index].height = min(409, LINE_HEIGHT * lines + 4)
    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    _print_setup(sheet)

    summary = workbook.create_sheet(label("sheet.summary", lang))
    statuses = (Status.COMPLETED, Status.SUBSTANTIALLY_COMPLETED, Status.IN_PROGRESS, Status.NOT_STARTED)
    titles = [label("col.round", lang), label("col.category", lang), label("col.aspect", lang),
              label("col.issues", lang), *(status_label(s, lang) for s in statuses),
              label("completion_rate", lang)]
    widths = [_display_width(t) for t in titles]
    for column, title in enumerate(titles, start=1):
        cell = summary.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r_index, item in enumerate(summary_rows(rounds, lang, fullwidth_punctuation), start=2):
        values = [item.round, item.category, item.aspect, item.counts.issues,
                  *(item.counts.by_status(s) for s in statuses), item.counts.completion_rate]
        for cell, value in _figure_row(summary, r_index, values, border, widths):
            cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
            if item.total:
                cell.font = header_font
    for column in range(1, len(titles) + 1):
        cap = 30 if column <= 3 else 12
        summary.column_dimensions[get_column_letter(column)].width = min(widths[column - 1], cap) + 2
    summary.freeze_panes = "A2"
    _print_setup(summary)

    if groups:
        _groups_sheet(workbook.create_sheet(label("sheet.groups", lang)), groups, total, lang,
                      header_font, header_fill, border)

    workbook.properties.creator = "rectrack"
    workbook.properties.title = label("sheet.ledger", lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    from .io.zipped import settled

    return settled(buffer.getvalue())


def _groups_sheet(sheet, groups: Sequence[Group], total: Group | None, lang: str, header_font, header_fill,
                  border) -> None:
    """汇总表: the groups' figures as offices send them upward, one row per group, subtotals in bold."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .i18n import group_key_text

    levels = [groups[0].by] + ([groups[0].groups[0].by] if groups[0].groups else [])
    statuses = (Status.COMPLETED, Status.SUBSTANTIALLY_COMPLETED, Status.IN_PROGRESS, Status.NOT_STARTED)
    titles = [*(label(f"group.{b}", lang) for b in levels), label("rounds", lang), label("aspects", lang),
              label("col.issues", lang), *(status_label(s, lang) for s in statuses), label("overdue", lang),
              label("completion_rate", lang)]
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    lines: list[tuple[list[str], Group, bool]] = []
    for g in groups:
        lines.append(([group_key_text(g.by, g.key, lang)] + [""] * (len(levels) - 1), g, bool(g.groups)))
        lines += [(["", group_key_text(c.by, c.key, lang)], c, False) for c in g.groups]
    if total is not None:
        lines.append(([label("total", lang)] + [""] * (len(levels) - 1), total, True))
    widths = [_display_width(t) for t in titles]
    for r_index, (keys, g, bold) in enumerate(lines, start=2):
        values = [*keys, g.rounds, g.counts.aspects, g.counts.issues, *(g.counts.by_status(s) for s in statuses),
                  g.counts.overdue, g.counts.completion_rate]
        for cell, _ in _figure_row(sheet, r_index, values, border, widths):
            if bold:
                cell.font = Font(bold=True)
    for column in range(1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = min(widths[column - 1], 30) + 2
    sheet.freeze_panes = "A2"
    _print_setup(sheet)


def _print_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


FORMATS = ("csv", "xlsx", "json")
