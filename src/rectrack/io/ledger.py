"""An office's ledger (整改台账) in a spreadsheet, turned into one rectrack round.

`import_ledger(data, name, options)` reads the file (`grid`), finds the
header row (under any title rows, one or two rows deep), maps its columns
by the names offices use (`COLUMN_NAMES`, or a `--map` file), and reads
every row below it into issues grouped by aspect.  Aspects and categories
come from a column (merged cells or repeated on every row) or from heading
rows inside the table (一、… / （一）…); with neither, all issues share one
aspect.

The result is plain round data in the order `rectrack add` writes keys, and
a report: every value that was interpreted rather than copied (a `guess`),
every row left out and why (`skip`), and every cell that could not be read
(`error`), each with its cell (`整改台账!G7`).  Nothing is made up: a value the
ledger does not give stays absent, and a value it gives unclearly is an error.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..problems import RectrackError
from ..replies import Said
from ..vocabulary import KIND_ALIASES, Status, parse_status
from .cells import (
    Unreadable,
    cell_text,
    excerpt,
    read_date,
    read_deadline,
    read_extensions,
    read_status,
    split_measures,
)
from .grid import (
    GridError,
    Sheet,
    Workbook,
    column_letter,
    parse_cell_name,
    read_workbook,
)

# Column names offices use, by the field they fill.  Matching ignores spaces, line breaks,
# case and a trailing note in brackets ("整改时限（年月日）").  rectrack's own export
# headers (export.py, both languages) are among them, so an export imports back.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "no": ("序号", "No.", "No", "#", "序"),
    "id": ("问题编号", "编号", "ID", "Issue id"),
    "round": ("轮次", "巡察轮次", "Round"),
    "category": ("问题类别", "类别", "问题类型", "问题分类", "分类", "板块", "问题大类", "Category"),
    "aspect": ("方面", "问题方面", "反馈方面", "所属方面", "问题所属方面", "Aspect"),
    "issue": ("问题", "反馈问题", "问题描述", "具体问题", "审计发现问题", "存在问题", "巡察反馈问题",
              "巡视反馈问题", "发现问题", "主要问题", "问题表现", "问题内容", "问题清单", "问题名称",
              "Issue", "Problem", "Finding", "Issue description"),
    "summary": ("整改思路", "整改目标", "总体思路", "整改方向", "整改目标及思路", "Approach", "Summary"),
    "measures": ("整改措施", "措施", "整改举措", "具体整改措施", "整改任务", "整改措施及要求",
                 "Measures", "Actions", "Corrective actions"),
    "leader": ("责任领导", "牵头领导", "分管领导", "整改责任人", "责任人", "主要责任人", "负责领导",
               "Responsible leader", "Leader"),
    "owner": ("责任部门", "责任单位", "整改责任单位", "整改责任部门", "责任科室", "责任部室",
              "责任处室", "牵头部门", "牵头单位", "承办部门", "Responsible department", "Department",
              "Owner"),
    "deadline": ("整改时限", "完成时限", "整改期限", "时限", "完成期限", "计划完成时间", "整改时间",
                 "Deadline", "Due", "Due date"),
    "status": ("整改状态", "完成情况", "整改结果", "整改进展", "状态", "整改情况", "是否完成",
               "Status"),
    "completed_on": ("完成时间", "完成日期", "实际完成时间", "实际完成日期", "销号时间", "销号日期",
                     "Completed on", "Completion date"),
    "evidence": ("佐证材料", "佐证", "证明材料", "支撑材料", "整改佐证材料", "佐证资料", "Evidence"),
    "latest": ("最新进展", "进展情况", "整改进展情况", "工作进展", "Latest progress", "Progress"),
    "remarks": ("备注", "说明", "Remarks", "Notes", "Note"),
    "extensions": ("延期情况", "Extensions"),
}
FIELDS = tuple(COLUMN_NAMES)
# Headers exactly as rectrack's own export writes them: a sheet with these is read back
# with the export's conventions (a summary line above the numbered measures).
OWN_EXPORT_MARKS = ({"轮次", "最新进展", "延期情况"}, {"Round", "Latest progress", "Extensions"})
HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "Total")
FOOTER_STARTS = ("注：", "注:", "说明：", "说明:", "填表说明", "填报人", "审核人", "联系人", "制表人",
                 "联系电话", "负责人：", "负责人:")
BLANK_MARKS = {"—", "——", "-", "--", "/", "／", "－", "无", "N/A", "n/a"}
_ORDINAL = re.compile(r"^\s*(?:第?[一二三四五六七八九十]+[、.．:：]|[(（][一二三四五六七八九十\d]+[)）]、?|"
                      r"\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+(?:部分|个方面|方面|类)[、.．:：]?)\s*")
_TOP_ORDINAL = re.compile(r"^\s*第?[一二三四五六七八九十]+[、.．:：]|^\s*第[一二三四五六七八九十]+(?:部分|个方面|类)")
_SECOND_ORDINAL = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")


# Rows between two calls of an import's progress callback.
PROGRESS_EVERY = 2000
Progress = Callable[[int, int], None]


class ImportRefused(RectrackError):
    """The file cannot be imported at all; the message names the sheet or cell when there is one.

    Raised with a code of `replies.ERRORS`, as every RectrackError is.
    """


@dataclass(frozen=True)
class Note:
    """One line of the import report: where (`Sheet!C7`, or a sheet name), what, and its kind.

    kind: "error" (nothing is written), "warning", "guess" (a value interpreted),
    "skip" (a row left out) or "info".  `message` is the English; `said`, when
    the note was made from the catalog (`note`), says it in either language.
    """

    where: str
    kind: str
    message: str
    said: Said | None = field(default=None, compare=False)

    def text(self, lang: str = "en") -> str:
        """The note's message in `lang`."""
        return self.said.text(lang) if self.said is not None else self.message


def note(where: str, kind: str, said: Said) -> Note:
    """A note of the report saying `said` (a sentence of `replies.DONE`)."""
    return Note(where, kind, str(said), said)


_said = Said.of


@dataclass(frozen=True)
class ColumnMap:
    """What a `--map` TOML file says: columns by field, extra status words, the header row."""

    columns: dict[str, str] = field(default_factory=dict)  # field → header text or column letter
    statuses: dict[str, Status] = field(default_factory=dict)
    header_row: int | None = None  # 1-based
    sheet: str | None = None


MAP_EXAMPLE = '[columns]\nissue = "反馈问题清单"\nowner = "F"\n\n[statuses]\n"已销号" = "completed"'


def read_map(text: str, where: str) -> ColumnMap:
    """The --map file's settings; ImportRefused naming the key for anything it does not know."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(code="toml-invalid", file=where, reason=str(exc)) from None
    unknown = set(data) - {"columns", "statuses", "header_row", "sheet"}
    if unknown:
        raise ImportRefused(code="map-unknown-key", file=where, key=min(unknown))
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise ImportRefused(code="map-columns", file=where, example=MAP_EXAMPLE)
    for key, value in columns.items():
        if key not in FIELDS:
            raise ImportRefused(code="map-not-a-field", file=where, key=key, fields=", ".join(FIELDS),
                                fields_zh="、".join(FIELDS))
        if not isinstance(value, str) or not value.strip():
            raise ImportRefused(code="map-column", file=where, key=key)
    statuses: dict[str, Status] = {}
    raw_statuses = data.get("statuses", {})
    if not isinstance(raw_statuses, dict):
        raise ImportRefused(code="map-statuses", file=where)
    for word, status in raw_statuses.items():
        try:
            statuses[word] = parse_status(str(status))
        except ValueError:
            from ..messages import CHOICES_ZH
            from ..vocabulary import status_choices

            raise ImportRefused(code="map-status", file=where, word=word, status=repr(str(status)),
                                status_zh=str(status), choices=status_choices(), choices_zh=CHOICES_ZH) from None
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool)
                                   or header_row < 1):
        raise ImportRefused(code="map-header-row", file=where)
    sheet = data.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise ImportRefused(code="map-sheet", file=where)
    return ColumnMap({k: v.strip() for k, v in columns.items()}, statuses, header_row, sheet)


@dataclass(frozen=True)
class ImportOptions:
    """What the command line gives; None means "read it from the ledger if it says"."""

    round_id: str | None = None
    title: str | None = None
    unit: str | None = None
    feedback: dt.date | None = None
    kind: str | None = None
    inspector: str | None = None
    as_of: dt.date | None = None
    sheet: str | None = None
    aspect_title: str | None = None
    status: Status | None = None  # for rows whose status cell is blank
    mapping: ColumnMap = field(default_factory=ColumnMap)


@dataclass
class Facts:
    """What the title rows above the header say (填报单位, 填报日期, 反馈时间, the title)."""

    title: str | None = None
    unit: str | None = None
    feedback: dt.date | None = None
    filled_in: dt.date | None = None
    inspector: str | None = None
    where: dict[str, str] = field(default_factory=dict)  # fact → cell it came from


@dataclass
class ImportResult:
    """The round read from a ledger (None when an error stops it) and the report."""

    name: str
    format: str
    sheet: str
    encoding: str | None
    facts: Facts
    notes: list[Note] = field(default_factory=list)
    data: dict | None = None  # version, round, aspects: plain values in rectrack's key order
    comments: dict[str, list[str]] = field(default_factory=dict)  # issue id → comment lines
    rows_read: int = 0
    header_row: int = 0  # 1-based
    missing: list[str] = field(default_factory=list)  # flags needed for required round fields
    read_aspects: list[dict] = field(default_factory=list)  # as read, also when `data` is None

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "error"]

    @property
    def issues(self) -> int:
        return sum(len(a["issues"]) for a in self.read_aspects)

    @property
    def aspects(self) -> int:
        return len(self.read_aspects)


# -- headers ------------------------------------------------------------------------------

def _fold_header(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[(（][^)）]*[)）]$", "", text)  # 整改时限（年月日）
    return text.rstrip(":：*").lower()


_HEADER_LOOKUP: dict[str, str] = {}
for _field, _names in COLUMN_NAMES.items():
    for _name in _names:
        _HEADER_LOOKUP[_fold_header(_name)] = _field


def header_field(text: Any) -> str | None:
    """The field a header cell names, or None."""
    if not isinstance(text, str):
        return None
    return _HEADER_LOOKUP.get(_fold_header(text))


@dataclass
class Header:
    row: int  # 0-based row of the (last) header row
    columns: dict[str, int]  # field → 0-based column
    texts: dict[int, str]  # column → header text as written
    first_row: int  # 0-based first header row (== row for a one-row header)
    own_export: bool = False


class _Merges:
    """Where merged ranges put their value: every cell of a range reads its top-left cell."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.owner: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r0, c0, r1, c1 in sheet.merges:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 2_000_000:
                continue
            self.spans[(r0, c0)] = (r0, c0, r1, c1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self.owner[(r, c)] = (r0, c0)

    def value(self, row: int, col: int) -> Any:
        if self.owner:
            row, col = self.owner.get((row, col), (row, col))
        cells = self.sheet.rows[row] if row < len(self.sheet.rows) else ()
        return cells[col] if col < len(cells) else None

    def top_left(self, row: int, col: int) -> tuple[int, int]:
        return self.owner.get((row, col), (row, col))

    def width(self, row: int, col: int) -> int:
        span = self.spans.get(self.top_left(row, col))
        return 1 if span is None else span[3] - span[1] + 1


_COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}")


def _row_fields(sheet: Sheet, row: int, mapping: ColumnMap) -> dict[int, str]:
    """Column → field for the header cells of `row`; a --map entry wins over the usual names.

    A --map value of one to three capital letters is a column letter, anything else
    header text; a field the map names is taken from no other column.
    """
    width = len(sheet.rows[row]) if row < len(sheet.rows) else 0
    by_text = {_fold_header(v): k for k, v in mapping.columns.items() if not _COLUMN_LETTERS.fullmatch(v)}
    by_letter = {parse_cell_name(v + "1")[1]: k for k, v in mapping.columns.items()
                 if _COLUMN_LETTERS.fullmatch(v)}
    found: dict[int, str] = {}
    mapped: set[str] = set()
    for col in range(width):
        value = sheet.value(row, col)
        if col in by_letter:
            found[col] = by_letter[col]
            mapped.add(by_letter[col])
        elif isinstance(value, str):
            name = by_text.get(_fold_header(value))
            if name:
                mapped.add(name)
            else:
                name = header_field(value)
            if name:
                found[col] = name
    for col in by_letter.keys() - found.keys():
        found[col] = by_letter[col]  # a mapped column beyond the header's last text
        mapped.add(by_letter[col])
    explicit = set(by_letter) | {c for c, f in found.items() if f in mapped and
                                 (c in by_letter or _fold_header(cell_text(sheet.value(row, c))) in by_text)}
    return {c: f for c, f in found.items() if f not in mapped or c in explicit}


def find_header(sheet: Sheet, mapping: ColumnMap) -> tuple[Header | None, list[Note]]:
    """The header of `sheet`: the first row (of the first 30) naming the 问题 column and one more.

    A second header row right below fills columns the first leaves to a merged
    group heading ("整改措施及责任" over 责任领导 | 责任部门).  Two columns that both
    name one field are an error naming both cells.
    """
    merges = _Merges(sheet)
    notes: list[Note] = []
    if mapping.header_row is not None:
        candidates = [mapping.header_row - 1]
    else:
        candidates = list(range(min(HEADER_SEARCH_ROWS, len(sheet.rows))))
    for row in candidates:
        found = _row_fields(sheet, row, mapping)
        if "issue" not in found.values() or len(found) < 2:
            continue
        first = row
        if row + 1 < len(sheet.rows):
            below = _row_fields(sheet, row + 1, mapping)
            data_like = any(sheet.value(row + 1, c) not in (None, "") and c not in below
                            for c in range(len(sheet.rows[row + 1])))
            if below and not data_like:
                for col, name in below.items():
                    found[col] = name
                row += 1
        columns: dict[str, int] = {}
        for col in sorted(found):
            name = found[col]
            if name in columns:
                where = f"{sheet.ref(row, columns[name])} and {sheet.ref(row, col)}"
                notes.append(note(where, "error", _said("note-two-columns", header=COLUMN_NAMES[name][0],
                                                        field=name)))
                continue
            columns[name] = col
        texts = {c: cell_text(merges.value(row, c)) for c in range(len(sheet.rows[row]))}
        for c in range(len(sheet.rows[first])):
            if not texts.get(c):
                texts[c] = cell_text(merges.value(first, c))
        written = set(texts.values())
        own = any(marks <= written for marks in OWN_EXPORT_MARKS)
        return Header(row, columns, texts, first, own), notes
    return None, notes


# -- title rows ---------------------------------------------------------------------------

_FACT_PATTERNS = {
    "unit": re.compile(r"(?:填报单位|被巡察单位|被巡视单位|被审计单位|整改单位|单位名称)\s*[:：]\s*"
                       r"(?P<v>[^\s:：]+?)(?=\s|$|[（(]?(?:盖章|公章)|填报|日期|时间)"),
    "filled_in": re.compile(r"(?:填报日期|填报时间|统计日期|统计时间|截至日期|截止日期|报送日期)\s*[:：]\s*"
                            r"(?P<v>[0-9０-９年月日./\-\s]+?日?)(?=\s{2,}|$|[^0-9年月日./\-\s])"),
    "as_of_words": re.compile(r"(?:截至|截止)\s*(?P<v>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"),
    "feedback": re.compile(r"(?:反馈日期|反馈时间|反馈会时间)\s*[:：]\s*"
                           r"(?P<v>[0-9年月日./\-\s]+?日?)(?=\s{2,}|$|[^0-9年月日./\-\s])"),
    "inspector": re.compile(r"(?:巡察组|巡视组|审计组|巡察组别)\s*[:：]\s*(?P<v>[^\s:：]+)"),
}


def read_facts(sheet: Sheet, header: Header) -> tuple[Facts, list[Note]]:
    """The title and fill-in line above the header: title, 填报单位, 填报日期, 反馈时间, 巡察组."""
    facts = Facts()
    notes: list[Note] = []
    for row in range(header.first_row):
        for col, value in enumerate(sheet.rows[row]):
            text = cell_text(value)
            if not text:
                continue
            where = sheet.ref(row, col)
            matched = False
            for fact, pattern in _FACT_PATTERNS.items():
                match = pattern.search(text)
                if not match:
                    continue
                matched = True
                raw = match.group("v").strip()
                target = "filled_in" if fact == "as_of_words" else fact
                if getattr(facts, target) is not None:
                    continue
                if target in ("filled_in", "feedback"):
                    try:
                        reading = read_date(raw)
                    except Unreadable as exc:
                        key = "note-filled-in-unread" if target == "filled_in" else "note-feedback-unread"
                        notes.append(note(where, "warning", _said(key, reason=exc.said)))
                        continue
                    setattr(facts, target, reading.value)
                else:
                    setattr(facts, target, raw)
                facts.where[target] = where
            if not matched and facts.title is None and ":" not in text and "：" not in text:
                facts.title = " ".join(text.split())
                facts.where["title"] = where
    return facts, notes


# -- rows ---------------------------------------------------------------------------------

def _blank(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        if len(value) > 4 and not value[0].isspace() and not value[-1].isspace():
            return False  # the common case, decided without copying the text
        return not value.strip() or value.strip() in BLANK_MARKS
    return False


def _strip_ordinal(text: str) -> str:
    return _ORDINAL.sub("", text, count=1).strip() or text.strip()


def _heading_level(text: str) -> int:
    if _TOP_ORDINAL.match(text):
        return 1
    if _SECOND_ORDINAL.match(text):
        return 2
    return 3


class _Cells:
    """Field → cell name of one row, computed only for the fields a note names."""

    def __init__(self, sheet: Sheet, row: int, columns: dict[str, int]) -> None:
        self.sheet, self.row, self.columns = sheet, row, columns

    def __getitem__(self, name: str) -> str:
        return self.sheet.ref(self.row, self.columns[name])

    def get(self, name: str, default: str | None = None) -> str | None:
        return self[name] if name in self.columns else default


@dataclass
class _Row:
    index: int
    values: dict[str, Any]
    cells: _Cells


class _Builder:
    """Rows → aspects and issues, collecting notes; one per import."""

    def __init__(self, sheet: Sheet, header: Header, options: ImportOptions, facts: Facts,
                 result: ImportResult, progress: Progress | None = None) -> None:
        self.sheet, self.header, self.options, self.facts, self.result = sheet, header, options, facts, result
        self.progress = progress
        self.merges = _Merges(sheet)
        self.feedback = options.feedback or facts.feedback
        self.as_of = options.as_of or facts.filled_in
        self.aspects: list[dict] = []
        self._aspect_by_key: dict[tuple[str, str], dict] = {}
        self.category_heading: str | None = None
        self.aspect_heading: str | None = None
        self.round_titles: dict[str, str] = {}
        self._last_issue: dict | None = None
        self._last_issue_cell: tuple[int, int] | None = None
        self._filled: dict[str, tuple[int, int, int]] = {}  # field → (first row, last row, col)

    def note(self, where: str, kind: str, said: Said) -> None:
        self.result.notes.append(note(where, kind, said))

    def at(self, row: int, col: int) -> str:
        return self.sheet.ref(row, col)

    # -- the table ---------------------------------------------------------------------

    def run(self) -> None:
        header = self.header
        columns = header.columns
        heading_rows = self._heading_rows()
        levels = sorted({level for _, _, level in heading_rows.values()})
        self.heading_role: dict[int, str] = {}
        if "aspect" in columns and "category" in columns:
            roles = {}
        elif "aspect" in columns:
            roles = {levels[0]: "category"} if levels else {}
        elif "category" in columns:
            roles = {levels[0]: "aspect"} if levels else {}
        elif len(levels) >= 2:
            roles = {levels[0]: "category", levels[1]: "aspect"}
        else:
            roles = {levels[0]: "aspect"} if levels else {}
        blank_run: list[int] = []
        total = len(self.sheet.rows) - header.row - 1
        for row in range(header.row + 1, len(self.sheet.rows)):
            self.result.rows_read += 1
            if self.progress is not None and self.result.rows_read % PROGRESS_EVERY == 0:
                self.progress(self.result.rows_read, total)
            if row in heading_rows:
                self._flush_blank(blank_run)
                text, col, level = heading_rows[row]
                role = roles.get(level)
                if role is None:
                    self.note(self.at(row, col), "skip", _said("skip-heading", row=row + 1, text=excerpt(text)))
                    continue
                if role == "category":
                    self.category_heading = _strip_ordinal(text)
                    self.aspect_heading = None
                else:
                    self.aspect_heading = _strip_ordinal(text)
                self._last_issue = None
                continue
            values = {name: self.merges.value(row, col) for name, col in columns.items()}
            if all(_blank(self.sheet.value(row, c)) for c in range(len(self.sheet.rows[row]))):
                blank_run.append(row)
                continue
            self._flush_blank(blank_run)
            reason = self._skip_reason(row, values)
            if reason:
                self.note(self.at(row, 0), "skip", _said("skip-row", row=row + 1, reason=reason))
                continue
            self._issue_row(_Row(row, values, _Cells(self.sheet, row, columns)))
        self._flush_blank(blank_run)
        self._flush_fills()

    def _flush_blank(self, rows: list[int]) -> None:
        if rows:
            first, last = rows[0] + 1, rows[-1] + 1
            said = _said("skip-blank", row=first) if first == last else _said("skip-blanks", first=first, last=last)
            self.note(self.sheet.ref(rows[0], 0), "skip", said)
        rows.clear()

    def _heading_rows(self) -> dict[int, tuple[str, int, int]]:
        """Rows with one text only (often merged across): headings of categories or aspects."""
        found: dict[int, tuple[str, int, int]] = {}
        issue_col = self.header.columns.get("issue")
        for row in range(self.header.row + 1, len(self.sheet.rows)):
            filled, count = None, 0
            for col, value in enumerate(self.sheet.rows[row]):
                if _blank(value) or (self.merges.owner and self.merges.top_left(row, col) != (row, col)):
                    continue
                count += 1
                if count > 1:
                    break
                filled = (col, value)
            if count != 1:
                continue
            col, value = filled
            text = cell_text(value)
            if not isinstance(value, str) or text.startswith(FOOTER_STARTS) or _is_total(text):
                continue
            wide = self.merges.width(row, col) >= 2
            ordinal = bool(_ORDINAL.match(text))
            # 一、… and （一）… are heading ordinals even in the 问题 column; "1." numbers issues.
            chinese = _heading_level(text) < 3
            if wide or chinese or (col != issue_col and (ordinal or col < (issue_col or 0))):
                found[row] = (text, col, _heading_level(text))
        return found

    def _skip_reason(self, row: int, values: dict[str, Any]) -> Said | None:
        texts = []
        for value in self.sheet.rows[row]:
            if not _blank(value):
                texts.append(cell_text(value))
                if len(texts) == 3:
                    break
        if any(_is_total(t) for t in texts):
            return _said("skip-total", text=excerpt(texts[0]))
        issue_text = cell_text(values.get("issue"))
        if issue_text and issue_text == self.header.texts.get(self.header.columns["issue"]):
            return _said("skip-header")
        if texts and texts[0].startswith(FOOTER_STARTS):
            return _said("skip-footer", text=excerpt(texts[0]))
        if _blank(values.get("issue")):
            return _said("skip-no-issue", header=self._header_of("issue"), text=excerpt(" | ".join(texts)))
        return None

    def _header_of(self, name: str) -> str:
        col = self.header.columns.get(name)
        return (self.header.texts.get(col) if col is not None else None) or COLUMN_NAMES[name][0]

    # -- aspects -------------------------------------------------------------------------

    def _grouping(self, row: _Row, name: str) -> str | None:
        """The category or aspect of a row: its cell, the merged cell over it, else the one above."""
        col = self.header.columns.get(name)
        if col is None:
            return self.category_heading if name == "category" else self.aspect_heading
        value = row.values.get(name)
        if not _blank(value):
            text = _strip_ordinal(cell_text(value))
            if name == "category":
                self.category_heading = text
            else:
                self.aspect_heading = text
            return text
        previous = self.category_heading if name == "category" else self.aspect_heading
        if previous is not None:
            first, last, _ = self._filled.get(name, (row.index, row.index, col))
            if last != row.index - 1:
                self._flush_fill(name)
                first = row.index
            self._filled[name] = (first, row.index, col)
        return previous

    def _flush_fill(self, name: str) -> None:
        span = self._filled.pop(name, None)
        if span is None:
            return
        first, last, col = span
        where = self.sheet.ref(first, col, (last, col))
        label_zh = "类别" if name == "category" else "方面"
        self.note(where, "guess", _said("guess-filled", label=name, label_zh=label_zh))

    def _flush_fills(self) -> None:
        for name in list(self._filled):
            self._flush_fill(name)

    def _aspect(self, row: _Row) -> dict:
        category = self._grouping(row, "category")
        title = self._grouping(row, "aspect")
        if title is None:
            if category is not None and "aspect" not in self.header.columns:
                title = category
                category = None
            else:
                title = self.options.aspect_title or self.sheet.name
        key = (category or "", title)
        aspect = self._aspect_by_key.get(key)
        if aspect is None:
            aspect = {"id": f"A{len(self.aspects) + 1}", "title": title}
            if category:
                aspect["category"] = category
            aspect["issues"] = []
            self.aspects.append(aspect)
            self._aspect_by_key[key] = aspect
        return aspect

    # -- issues --------------------------------------------------------------------------

    def _issue_row(self, row: _Row) -> None:
        issue_col = self.header.columns["issue"]
        top = self.merges.top_left(row.index, issue_col)
        if self._last_issue is not None and top == self._last_issue_cell and top[0] != row.index:
            self._continue_issue(row)
            return
        aspect = self._aspect(row)
        issue: dict[str, Any] = {}
        given_id = row.values.get("id")
        if not _blank(given_id):
            issue["id"] = cell_text(given_id)
        else:
            issue["id"] = f"{aspect['id']}-{len(aspect['issues']) + 1}"
        issue["title"] = cell_text(row.values["issue"])
        summary, measures = self._measures(row)
        if not _blank(row.values.get("summary")):
            if summary:
                # The 整改思路 column says the summary; the measures cell's opening line is a measure.
                measures.insert(0, summary)
                self.note(row.cells["measures"], "guess", _said("guess-lead-measure"))
            summary = cell_text(row.values["summary"])
        if summary:
            issue["summary"] = summary
        issue["status"] = None
        status, long_term = self._status(row)
        if status is not None:
            issue["status"] = status.value
        if measures:
            issue["measures"] = measures
        for name in ("owner", "leader"):
            if not _blank(row.values.get(name)):
                issue[name] = cell_text(row.values[name])
        deadline = self._deadline(row)
        if deadline is not None and deadline.date is not None:
            issue["deadline"] = deadline.date
        completed = self._completed_on(row, status)
        if completed is not None:
            issue[completed[0]] = completed[1]
        if long_term or (deadline is not None and deadline.long_term):
            issue["long_term"] = True
        evidence = self._lines(row, "evidence")
        if evidence:
            issue["evidence"] = evidence
        latest = self._latest(row)
        if latest:
            issue["history"] = [latest]
        remarks = row.values.get("remarks")
        if not _blank(remarks):
            label = self._header_of("remarks")
            self.result.comments[issue["id"]] = [f"{label}: {line}" if i == 0 else f"  {line}"
                                                 for i, line in enumerate(cell_text(remarks).split("\n"))]
        extensions = row.values.get("extensions")
        if not _blank(extensions):
            read = read_extensions(extensions)
            if read is not None:
                issue["extensions"] = read
            else:
                self.note(row.cells["extensions"], "warning",
                          _said("note-extensions", text=excerpt(cell_text(extensions))))
        round_title = row.values.get("round")
        if not _blank(round_title):
            self.round_titles.setdefault(cell_text(round_title), row.cells["round"])
        aspect["issues"].append(issue)
        self._last_issue, self._last_issue_cell = issue, top

    def _continue_issue(self, row: _Row) -> None:
        """A row under the same merged 问题 cell: more measures or evidence of the issue above."""
        issue = self._last_issue
        _, measures = self._measures(row)
        if measures:
            issue.setdefault("measures", []).extend(measures)
            self.note(row.cells["measures"], "guess", _said("guess-further-measure"))
        evidence = self._lines(row, "evidence")
        for item in evidence:
            if item not in issue.get("evidence", []):
                issue.setdefault("evidence", []).append(item)

    def _measures(self, row: _Row) -> tuple[str | None, list[str]]:
        value = row.values.get("measures")
        if _blank(value):
            return None, []
        own = self.header.own_export
        summary, measures, guess = split_measures(value, split_semicolons=not own)
        if own and summary is None and len(measures) == 1 and "\n" in measures[0]:
            # The export writes the summary on the line above a single measure.
            first, rest = measures[0].split("\n", 1)
            summary, measures = first, [rest]
        if guess:
            self.note(row.cells["measures"], "guess", guess)
        return summary, measures

    def _status(self, row: _Row) -> tuple[Status | None, bool]:
        if "status" not in self.header.columns:
            if self.options.status is not None:
                return self.options.status, False
            return None, False
        value = row.values.get("status")
        if _blank(value):
            if self.options.status is not None:
                return self.options.status, False
            self.note(row.cells["status"], "error", _said("note-no-status"))
            return None, False
        try:
            status, long_term, guess = read_status(value, self.options.mapping.statuses)
        except Unreadable as exc:
            self.note(row.cells["status"], "error", exc.said)
            return None, False
        if guess:
            self.note(row.cells["status"], "guess", guess)
        return status, long_term

    def _deadline(self, row: _Row):
        value = row.values.get("deadline")
        if _blank(value):
            return None
        try:
            deadline, guess = read_deadline(value, self.feedback)
        except Unreadable as exc:
            self.note(row.cells["deadline"], "error", _said("note-deadline", reason=exc.said))
            return None
        if guess:
            self.note(row.cells["deadline"], "guess", guess)
        if deadline.immediate and deadline.date is None:
            self.note(row.cells["deadline"], "info", _said("note-immediate", text=excerpt(cell_text(value))))
        if deadline.long_term:
            self.note(row.cells["deadline"], "guess", _said("guess-long-term", text=excerpt(cell_text(value))))
        return deadline

    def _completed_on(self, row: _Row, status: Status | None) -> tuple[str, dt.date] | None:
        """("completed_on", day), or ("completed_by", day) when only a day it was done by is known."""
        value = row.values.get("completed_on")
        if not _blank(value):
            text = cell_text(value) if isinstance(value, str) else None
            bound = _NO_LATER_THAN.match(text) if text else None
            try:
                reading = read_date(text[bound.end():] if bound else value, self.feedback)
            except Unreadable as exc:
                self.note(row.cells["completed_on"], "error", _said("note-completion", reason=exc.said))
                return None
            if reading.period_end and not bound:
                # "2024年5月" says the month it was done in, not the day: done by its last day.
                self.note(row.cells["completed_on"], "guess", _said("guess-completed-by", guess=reading.guess))
                return "completed_by", reading.value
            if reading.guess:
                self.note(row.cells["completed_on"], "guess", reading.guess)
            return ("completed_by" if bound else "completed_on"), reading.value
        if status is not Status.COMPLETED:
            return None
        where = row.cells.get("completed_on") or row.cells.get("status") or row.cells["issue"]
        if self.as_of is None:
            self.note(where, "error", _said("note-completed-undated"))
            return None
        if self.options.as_of:
            said = _said("note-completed-by-as-of", date=self.as_of.isoformat())
        else:
            said = _said("note-completed-by-filled-in", date=self.as_of.isoformat(),
                         cell=self.facts.where.get("filled_in"))
        self.note(where, "info", said)
        return "completed_by", self.as_of

    def _lines(self, row: _Row, name: str) -> list[str]:
        value = row.values.get(name)
        if _blank(value):
            return []
        return [line.strip() for line in cell_text(value).split("\n") if line.strip()]

    def _latest(self, row: _Row) -> dict | None:
        value = row.values.get("latest")
        if _blank(value):
            return None
        if self.as_of is None:
            self.note(row.cells["latest"], "warning", _said("note-latest-undated"))
            return None
        return {"date": self.as_of, "note": cell_text(value)}


_TOTAL = re.compile(r"\s*(?:%s)\s*(?:[:：].*)?" % "|".join(TOTAL_WORDS), re.DOTALL)


# How rectrack's export (and people) write a completion known only by a latest day.
_NO_LATER_THAN = re.compile(r"\s*(?:不晚于|不迟于|最迟|no later than|by|≤|<=)\s*", re.IGNORECASE)


def _is_total(text: str) -> bool:
    return _TOTAL.fullmatch(text) is not None


# -- the whole import ---------------------------------------------------------------------

def choose_sheet(workbook: Workbook, wanted: str | None, mapping: ColumnMap) -> tuple[Sheet, Header, list[Note]]:
    """The sheet to import: `wanted`, else the first whose header is recognised."""
    names = ", ".join(s.name for s in workbook.sheets) or "none"
    if wanted is not None:
        sheet = next((s for s in workbook.sheets if s.name == wanted), None)
        if sheet is None:
            raise ImportRefused(code="import-no-sheet", sheet=wanted, names=names)
        header, notes = find_header(sheet, mapping)
        if header is None:
            raise ImportRefused(code="import-no-header", sheet=sheet.name, rows=HEADER_SEARCH_ROWS)
        return sheet, header, notes
    for sheet in workbook.sheets:
        header, notes = find_header(sheet, mapping)
        if header is not None:
            return sheet, header, notes
    raise ImportRefused(code="import-no-header-anywhere", rows=HEADER_SEARCH_ROWS, names=names)


def import_ledger(data: bytes, name: str, options: ImportOptions = ImportOptions(),
                  progress: Progress | None = None) -> ImportResult:
    """Read the ledger in `data` (a file called `name`) into one round; see the module docstring.

    `progress(rows done, rows in all)` is called every PROGRESS_EVERY rows (a bar on a terminal).

    Raises ImportRefused when the file cannot be imported at all (not a
    spreadsheet, encrypted, no sheet with a recognisable header).  Problems with
    single cells are in the result's notes; with any error, `data` is None.
    """
    try:
        workbook = read_workbook(data, name)
    except GridError as exc:
        raise ImportRefused(code=exc.code, **exc.message_args) from None
    sheet, header, header_notes = choose_sheet(workbook, options.sheet or options.mapping.sheet, options.mapping)
    facts, fact_notes = read_facts(sheet, header)
    result = ImportResult(name, workbook.format, sheet.where, workbook.encoding, facts,
                          header_row=header.row + 1)
    result.notes.extend(header_notes)
    result.notes.extend(fact_notes)
    if workbook.encoding is not None:
        said = _said("note-encoding", encoding=encoding_name(workbook.encoding),
                     encoding_zh=encoding_name(workbook.encoding, "zh"))
        result.notes.append(note(sheet.where, "info", said))
    _note_columns(sheet, header, result)
    if "status" not in header.columns and options.status is None:
        result.notes.append(note(sheet.ref(header.row, 0), "error", _said("note-no-status-column")))
    if result.errors:
        return result
    builder = _Builder(sheet, header, options, facts, result, progress)
    builder.run()
    _note_formulas(sheet, header, result)
    result.read_aspects = builder.aspects
    meta = _round_meta(builder, options, facts, result)
    if result.missing or result.errors:
        return result
    if not builder.aspects:
        result.notes.append(note(sheet.where, "error", _said("note-no-rows", row=header.row + 1)))
        return result
    result.data = {"version": 1, "round": meta, "aspects": builder.aspects}
    return result


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "gb18030": "GB18030 (GBK)",
                   "utf-16": "UTF-16"}
_ENCODING_NAMES_ZH = {**_ENCODING_NAMES, "utf-8-sig": "UTF-8（带 BOM）"}


def encoding_name(codec: str, lang: str = "en") -> str:
    """The name a person knows the text encoding `codec` (Python's name for it) by, as the report says it."""
    return (_ENCODING_NAMES_ZH if lang == "zh" else _ENCODING_NAMES).get(codec, codec)


def _note_columns(sheet: Sheet, header: Header, result: ImportResult) -> None:
    used = set(header.columns.values())
    mapped = [f"{column_letter(c)} {_one_line(header.texts.get(c) or '')} → {f}"
              for f, c in sorted(header.columns.items(), key=lambda kv: kv[1])]
    result.notes.append(note(sheet.ref(header.row, 0), "info",
                             _said("note-columns", columns=", ".join(mapped), columns_zh="，".join(mapped))))
    for col, text in sorted(header.texts.items()):
        if text and col not in used:
            usual = header_field(text)
            shown = excerpt(_one_line(text))
            said = (_said("note-column-mapped-away", text=shown, field=usual) if usual
                    else _said("note-column-unknown", text=shown))
            result.notes.append(note(sheet.ref(header.row, col), "warning", said))


def _one_line(text: str) -> str:
    """A header on one line: a break inside Chinese words goes, between other words it is a space."""
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    return " ".join(text.split())


def _note_formulas(sheet: Sheet, header: Header, result: ImportResult) -> None:
    used = set(header.columns.values())
    for (row, col), formula in sorted(sheet.formulas.items()):
        if row <= header.row or col not in used:
            continue
        value = sheet.value(row, col)
        where = sheet.ref(row, col)
        if value is None:
            result.notes.append(note(where, "error", _said("note-formula-unsaved", formula=excerpt(formula))))
        else:
            result.notes.append(note(where, "warning", _said("note-formula", formula=excerpt(formula),
                                                             value=excerpt(cell_text(value)))))


def _round_meta(builder: _Builder, options: ImportOptions, facts: Facts, result: ImportResult) -> dict:
    round_title = None
    if len(builder.round_titles) > 1:
        cells = ", ".join(builder.round_titles.values())
        result.notes.append(note(result.sheet, "error", _said("note-several-rounds", n=len(builder.round_titles),
                                                              cells=cells)))
    elif builder.round_titles:
        round_title = next(iter(builder.round_titles))
    title = options.title or round_title or facts.title
    unit = options.unit or facts.unit
    feedback = options.feedback or facts.feedback
    for flag, value in (("--id", options.round_id), ("--title", title), ("--unit", unit),
                        ("--feedback", feedback)):
        if value is None or (isinstance(value, str) and not value.strip()):
            result.missing.append(flag)
    for fact, flag in (("title", "--title"), ("unit", "--unit"), ("feedback", "--feedback"),
                       ("filled_in", "--as-of"), ("inspector", "--inspector")):
        given = {"--title": options.title, "--unit": options.unit, "--feedback": options.feedback,
                 "--as-of": options.as_of, "--inspector": options.inspector}[flag]
        if fact in facts.where and given is None:
            value = getattr(facts, fact)
            shown = value.isoformat() if isinstance(value, dt.date) else value
            what = {"filled_in": "fill-in date (as of)"}.get(fact, fact)
            result.notes.append(note(facts.where[fact], "info", _said("note-fact", what=what, what_zh=_FACT_ZH[fact],
                                                                      value=shown)))
    kind = options.kind
    if kind is None:
        kind = "audit" if title and "审计" in title else "inspection"
        if kind == "audit":
            result.notes.append(note(facts.where.get("title", result.sheet), "guess", _said("guess-audit")))
    meta: dict[str, Any] = {"id": options.round_id, "title": title, "unit": unit,
                            "kind": KIND_ALIASES.get(kind, kind)}
    inspector = options.inspector or facts.inspector
    if inspector:
        meta["inspector"] = inspector
    meta["feedback"] = feedback
    return meta


# How the report names a fact of the title rows in Chinese.
_FACT_ZH = {"title": "标题", "unit": "被巡察单位", "feedback": "反馈日期", "filled_in": "填报日期",
            "inspector": "巡察组"}


def iter_issues(data: dict) -> Iterable[tuple[dict, dict]]:
    """Every (aspect, issue) of imported round data, in order."""
    for aspect in data["aspects"]:
        for issue in aspect["issues"]:
            yield aspect, issue
