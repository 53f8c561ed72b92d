"""Apply changes to round files: update an issue, add an issue or an aspect, start a round.

Every change to an existing file takes one path, `edit_file`: hold the
file's lock, read it, compose it (`yamledit.TextDoc`), let a plan register
splices, validate the new text exactly as `rectrack validate` would, and
write it atomically only when the text changed.  A change that would leave
the file invalid writes nothing and raises `EditRefused` with the problems.

New values are written in the file's own words: Chinese status words in a
file whose issues use them, and new keys where the file's other issues put
them.  History entries are built from an ordered field list
(`HISTORY_KEYS`), so a new field slots in without touching the writer.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .config import current_limits
from .loader import DATA_SUFFIXES, discover, display_path, load_source, validate_parsed
from .lock import DEFAULT_TIMEOUT, locked
from .model import STATUS_ALIASES, Aspect, HistoryEntry, Issue, Status, parse_status
from .problems import EditRefused, Problem, RectrackError
from .read import BOM, Source, parse, read_source
from .yamledit import RoundOutline, TextDoc, format_scalar, is_null, outline
from .atomic import Rewrite, WriteError, write_atomic


def _keys(model) -> tuple[str, ...]:
    """A model's keys as written in the file (`from`, not the attribute name `from_`)."""
    return tuple(info.alias or name for name, info in model.model_fields.items())


ISSUE_KEYS = _keys(Issue)
ASPECT_KEYS = _keys(Aspect)
# The keys of a history entry in the order they are written: a field added
# to HistoryEntry appears here by itself, and `history_entry` writes any
# field it is given in this order.
HISTORY_KEYS = _keys(HistoryEntry)
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
# Text a person can mean: no control characters (tab and newline aside), no
# lone surrogates (undecodable bytes on the command line arrive as those).
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


class ChangeWords(str):
    """A change as the summary line says it: the English text, with its Chinese (`zh`) beside it."""

    zh: str

    def __new__(cls, en: str, zh: str) -> "ChangeWords":
        said = super().__new__(cls, en)
        said.zh = zh
        return said


def said_in(change: str, lang: str) -> str:
    """`change` in `lang`: its Chinese when it has one and Chinese is asked for."""
    return getattr(change, "zh", change) if lang == "zh" else str(change)


_FIELD_ZH = {"owner": "责任部门", "leader": "责任领导", "completed_on": "完成时间", "completed_by": "“不晚于”完成时间"}


def _zh_status(status: Status) -> str:
    from .messages import STATUS_ZH

    return STATUS_ZH[status.value]


@dataclass(frozen=True)
class EditResult(Rewrite):
    """What an edit did: the file, the issue it was about, a line per change, both texts."""

    path: Path
    display: str
    round_id: str
    target: str
    changes: tuple[str, ...]
    warnings: tuple[Problem, ...]
    before: str
    after: str
    written: bool


@dataclass(frozen=True)
class Planned:
    """A plan's answer: which id it was about and what it changed, one phrase each."""

    target: str
    changes: tuple[str, ...] = ()


Plan = Callable[[TextDoc, RoundOutline], Planned]


def check_text(value: str | None, what: str) -> None:
    """Refuse text that cannot be written into a round file as typed (RectrackError)."""
    if value is not None:
        bad = _UNWRITABLE.search(value)
        if bad:
            raise RectrackError(code="unwritable-text", what=what, char=f"U+{ord(bad.group()):04X}")


def parse_date(text: str, what: str = "date", what_zh: str | None = None) -> dt.date:
    """A date written YYYY-MM-DD; RectrackError naming `what` (`what_zh` in Chinese) for anything else."""
    from .durations import parse_date as parse_typed_date

    try:
        return parse_typed_date(text, what, what_zh)
    except ValueError as exc:
        raise RectrackError(code=exc.code, **exc.message_args) from None


# -- the one way a file is changed ------------------------------------------------------

def edit_file(path: Path, plan: Plan, *, prior: TextDoc | None = None, dry_run: bool = False,
              timeout: float = DEFAULT_TIMEOUT) -> EditResult:
    """Run `plan` on the file under its lock, validate the result, write it if it changed.

    `prior` is a parse made before the lock was taken (by the id lookup);
    it is reused only when the file still has exactly that text.  Raises
    EditRefused when the result would be invalid, RectrackError when the
    file cannot be read or the plan cannot apply.
    """
    path = Path(path)
    display = display_path(path)
    real = path.resolve()  # edit the file a symlink points to; keep the link
    with locked(real, timeout):
        source, problems = read_source(real, display, current_limits())
        if source is None:
            raise EditRefused(problems=problems, code="cannot-edit", file=display)
        same = prior is not None and prior.source.text == source.text and prior.source.bom == source.bom
        doc = prior if same and not prior.changed else TextDoc(source)
        shape = outline(doc)
        planned = plan(doc, shape)
        after, ranges = doc.render()
        result = EditResult(path, display, shape.round_id or "", planned.target, planned.changes,
                            (), source.text, after, written=False)
        if after == source.text:
            return result
        new_source = Source(path=real, display=display, text=after, bom=source.bom, newline=source.newline)
        # Exactly what `rectrack validate` would say of the new text.
        problems = load_source(new_source, current_limits()).problems
        errors = [p for p in problems if p.is_error]
        if errors:
            _refuse(source, errors)
        touched = {new_source.lines.from_index(i)[0] for start, end in ranges
                   for i in (start, max(start, end - 1))}
        low, high = (min(touched), max(touched)) if touched else (0, -1)
        warnings = tuple(p for p in problems if not p.is_error and low <= p.line <= high)
        written = False
        if not dry_run:
            original = (BOM if source.bom else "").encode("utf-8") + source.text.encode("utf-8")
            if real.read_bytes() != original:
                raise RectrackError(code="changed-while-editing", file=display)
            write_atomic(real, (BOM if source.bom else "").encode("utf-8") + after.encode("utf-8"))
            written = True
    return EditResult(path, display, result.round_id, planned.target, planned.changes, warnings,
                      source.text, after, written)


def _refuse(source: Source, errors: list[Problem]) -> None:
    _, before = validate_parsed(parse(source, current_limits()))
    old_errors = [p for p in before if p.is_error]
    if old_errors:
        raise EditRefused(problems=old_errors, code="edit-already-invalid", file=source.display)
    from .replies import NOTICE_CONTRADICTED

    contradicted = any(p.code in ("declared-mismatch", "notice-mismatch") for p in errors)
    notice = {lang: NOTICE_CONTRADICTED[lang] if contradicted else "" for lang in ("en", "zh")}
    raise EditRefused(problems=errors, code="edit-invalid", file=source.display, notice=notice["en"],
                      notice_zh=notice["zh"])


# -- the file's own style ------------------------------------------------------------------

def uses_chinese_statuses(doc: TextDoc, shape: RoundOutline) -> bool:
    """True when most issues of the file write their status as a Chinese word."""
    words = Counter()
    for aspect in shape.aspects:
        for _, node in aspect.issues:
            word = doc.text_of(node, "status")
            if word:
                words["en" if word.isascii() else "zh"] += 1
    return words["zh"] > words["en"]


def status_word(status: Status, chinese: bool) -> str:
    """The word written for a status: canonical, or the first Chinese alias."""
    return STATUS_ALIASES[status][0] if chinese else status.value


def key_order(doc: TextDoc, mappings: Sequence[Node], canonical: Sequence[str]) -> list[str]:
    """The order the file writes these keys in, completed with the canonical order.

    The most common key sequence among `mappings` wins; a key it lacks goes
    after the last-placed of the keys that precede it canonically.
    """
    sequences = Counter(
        tuple(k for k in doc.keys(m) if k in canonical) for m in mappings if isinstance(m, MappingNode)
    )
    learned = list(max(sequences, key=lambda seq: (sequences[seq], len(seq)))) if sequences else []
    order = [key for key in learned]
    for index, key in enumerate(canonical):
        if key in order:
            continue
        placed = [order.index(k) for k in canonical[:index] if k in order]
        position = max(placed) + 1 if placed else 0
        order.insert(position, key)
    return order


def _insert_after(doc: TextDoc, node: MappingNode, key: str, order: list[str]) -> str | None:
    """The existing key a new `key` goes after, following `order`."""
    present = set(doc.keys(node))
    before = order[: order.index(key)] if key in order else order
    for candidate in reversed(before):
        if candidate in present:
            return candidate
    keys = doc.keys(node)
    return keys[-1] if keys and key not in order else None


def _ordered(values: dict, order: list[str]) -> dict:
    ranked = sorted(values, key=lambda k: order.index(k) if k in order else len(order))
    return {k: values[k] for k in ranked if values[k] not in (None, "", [], ())}


def _all_issues(shape: RoundOutline) -> list[MappingNode]:
    return [node for aspect in shape.aspects for _, node in aspect.issues]


def _items(doc: TextDoc, node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _list_texts(doc: TextDoc, mapping: MappingNode, key: str) -> list[str]:
    node = doc.get(mapping, key)
    if isinstance(node, ScalarNode) and not is_null(node):
        return [node.value]
    return [item.value for item in _items(doc, node) if isinstance(item, ScalarNode)]


# -- update ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IssueChange:
    """What `rectrack update` was asked to change; None leaves a field alone, "" removes it."""

    status: Status | None = None
    note: str | None = None
    date: dt.date | None = None
    by: str | None = None
    owner: str | None = None
    leader: str | None = None
    deadline: dt.date | None = None
    evidence: tuple[str, ...] = ()
    # An approved deadline extension (延期): the new deadline, why, and who approved it.
    extend_to: dt.date | None = None
    reason: str | None = None
    approved_by: str | None = None
    # A look-back review (回头看): "held" or "relapsed".
    review: str | None = None

    def is_empty(self) -> bool:
        return (self.status is None and not (self.note or "").strip() and self.owner is None
                and self.leader is None and self.deadline is None and not self.evidence
                and self.extend_to is None and self.review is None)


def plan_update(issue_id: str, change: IssueChange, today: dt.date) -> Plan:
    """A plan that changes one issue and appends one history entry {date, status, note, by}.

    The entry's status is the new one, or the current one for a note
    alone.  Moving to completed sets completed_on to the date (and drops a
    completed_by); leaving completed removes both.  A request that changes nothing adds nothing.
    """

    for what, value in (("--note", change.note), ("--by", change.by), ("--owner", change.owner),
                        ("--leader", change.leader), *(("--evidence", e) for e in change.evidence)):
        check_text(value, what)

    def plan(doc: TextDoc, shape: RoundOutline) -> Planned:
        _, node = shape.issue(issue_id)
        chinese = uses_chinese_statuses(doc, shape)
        current_word = doc.text_of(node, "status") or ""
        try:
            current = parse_status(current_word)
        except ValueError:
            raise RectrackError(code="issue-status-unknown", id=issue_id, word=repr(current_word),
                                word_zh=current_word) from None
        order = key_order(doc, _all_issues(shape), ISSUE_KEYS)
        date = change.date or today
        new = change.status or current
        if change.review is not None:
            new = _review_status(issue_id, change, current)
        changes: list[str] = []
        completion: tuple[dict, int | None] | None = None
        if new is not current:
            doc.set_scalar(node, "status", status_word(new, chinese))
            changes.append(ChangeWords(f"status {current.value} → {new.value}", f"整改状态由“{_zh_status(current)}”改为“{_zh_status(new)}”"))
            if new is Status.COMPLETED:
                doc.set_scalar(node, "completed_on", date, _insert_after(doc, node, "completed_on", order))
                changes.append(ChangeWords(f"completed_on {date.isoformat()}", f"完成时间{date.isoformat()}"))
                if doc.delete_entry(node, "completed_by"):
                    changes.append(ChangeWords("completed_by removed", "删除“不晚于”完成时间"))
            else:
                if current is Status.COMPLETED:
                    completion = _completion_record(doc, shape, node, chinese)
                for key in ("completed_on", "completed_by"):
                    if doc.delete_entry(node, key):
                        changes.append(ChangeWords(f"{key} removed", f"删除{_FIELD_ZH[key]}"))
        auto_note = None
        # A change without --note still says in the history what it was.
        said: list[str] = []
        zh_text = re.search("[\u4e00-\u9fff]", doc.text) is not None
        if change.extend_to is not None:
            extension = _extension(doc, node, issue_id, change, date)
            doc.set_scalar(node, "deadline", change.extend_to, _insert_after(doc, node, "deadline", order))
            doc.extend_list(node, "extensions", [extension], _insert_after(doc, node, "extensions", order))
            changes.append(ChangeWords(f"deadline {extension['from'].isoformat()} → {change.extend_to.isoformat()} "
                                f"(extension approved by {change.approved_by})",
                                f"整改时限由{extension['from'].isoformat()}延期至{change.extend_to.isoformat()}"
                                f"（经{change.approved_by}批准）"))
            chinese_text = re.search("[\u4e00-\u9fff]", doc.text) is not None
            auto_note = (f"整改时限由{extension['from'].isoformat()}延期至{change.extend_to.isoformat()}："
                         f"{change.reason}" if chinese_text else
                         f"deadline extended from {extension['from'].isoformat()} to "
                         f"{change.extend_to.isoformat()}: {change.reason}")
        if change.review is not None:
            changes.append(ChangeWords(f"look-back review: {change.review}", "回头看：" + ("已巩固" if change.review == "held" else "出现反弹")))
        for key, value in (("owner", change.owner), ("leader", change.leader)):
            if value is None:
                continue
            if not value.strip():
                if doc.delete_entry(node, key):
                    changes.append(ChangeWords(f"{key} removed", f"删除{_FIELD_ZH[key]}"))
            elif value != doc.text_of(node, key):
                doc.set_scalar(node, key, value, _insert_after(doc, node, key, order))
                changes.append(ChangeWords(f"{key} {value}", f"{_FIELD_ZH[key]}调整为{value}"))
                said.append(f"{'责任部门' if key == 'owner' else '责任领导'}调整为{value}" if zh_text
                            else f"{key} set to {value}")
        if change.deadline is not None and doc.get(node, "extensions") is not None and _items(
                doc, doc.get(node, "extensions")):
            raise RectrackError(code="has-extensions", id=issue_id)
        if change.deadline is not None and change.deadline.isoformat() != doc.text_of(node, "deadline"):
            doc.set_scalar(node, "deadline", change.deadline, _insert_after(doc, node, "deadline", order))
            changes.append(ChangeWords(f"deadline {change.deadline.isoformat()}", f"整改时限定为{change.deadline.isoformat()}"))
            said.append(f"整改时限定为{change.deadline.isoformat()}" if zh_text
                        else f"deadline set to {change.deadline.isoformat()}")
        known = _list_texts(doc, node, "evidence")
        added = [e for e in dict.fromkeys(change.evidence) if e.strip() and e not in known]
        if added:
            doc.extend_list(node, "evidence", added, _insert_after(doc, node, "evidence", order))
            changes.extend(ChangeWords(f"evidence + {e}", f"补充佐证材料：{e}") for e in added)
            said.append(("补充佐证材料：" if zh_text else "evidence added: ") + ", ".join(added))
        if said:
            auto_note = ";".join([auto_note, *said] if auto_note else said) if zh_text else \
                "; ".join([auto_note, *said] if auto_note else said)
        note = (change.note or "").strip() or None
        if not changes and note is None:
            return Planned(issue_id)
        fields = {"date": date, "status": status_word(new, chinese)}
        if "from" in HISTORY_KEYS:
            # The status before this entry: `timeline` needs it to rebuild the
            # ledger as it stood on days before the entry (for dated notices).
            fields["from"] = status_word(current, chinese)
        if change.review is not None:
            fields["review"] = change.review
        entry = history_entry(doc, shape, **fields, note=change.note if note else auto_note, by=change.by)
        history = _items(doc, doc.get(node, "history"))
        if completion is not None:
            record, after = completion
            if not history:
                entries = [record, entry]
            elif after is None:
                doc.insert_first(doc.get(node, "history"), record)
                entries = [entry]
            else:
                doc.insert_item(doc.get(node, "history"), record, after)
                entries = [entry]
            changes.append(ChangeWords(f"history + completion of {record['date'].isoformat()} kept",
                                f"进展记录保留{record['date'].isoformat()}的完成记录"))
        else:
            entries = [entry]
            place = _back_dated_place(doc, history, date) if new is current else None
            if place is not None:
                # A note dated before later entries goes where its date puts it:
                # it changes no status, so the timeline stays true.
                if place < 0:
                    doc.insert_first(doc.get(node, "history"), entry)
                else:
                    doc.insert_item(doc.get(node, "history"), entry, place)
                changes.append(ChangeWords("history + 1 entry (in date order)", "新增进展记录1条（按日期排序）"))
                return Planned(issue_id, tuple(changes))
        doc.extend_list(node, "history", entries, _insert_after(doc, node, "history", order))
        changes.append(ChangeWords("history + 1 entry", "新增进展记录1条"))
        return Planned(issue_id, tuple(changes))

    return plan


def _back_dated_place(doc: TextDoc, history: list, day: dt.date) -> int | None:
    """Index to insert a back-dated entry after (-1: first), or None when it goes last."""
    dates = []
    for item in history:
        try:
            dates.append(dt.date.fromisoformat(str(doc.text_of(item, "date")).strip()))
        except ValueError:
            return None  # an unreadable date: append, and let validation speak
    if not dates or day >= dates[-1]:
        return None
    return max((i for i, d in enumerate(dates) if d <= day), default=-1)


def _review_status(issue_id: str, change: IssueChange, current: Status) -> Status:
    """The status a look-back review leaves: completed when it held, reopened when it relapsed."""
    if current is not Status.COMPLETED:
        raise RectrackError(code="review-not-completed", id=issue_id, status=current.value)
    if change.review == "held":
        if change.status not in (None, Status.COMPLETED):
            raise RectrackError(code="review-held-status")
        return Status.COMPLETED
    if change.status is Status.COMPLETED:
        raise RectrackError(code="review-relapsed-status")
    if not (change.note or "").strip():
        raise RectrackError(code="review-relapsed-note")
    return change.status or Status.IN_PROGRESS


def _extension(doc: TextDoc, node: MappingNode, issue_id: str, change: IssueChange, date: dt.date) -> dict:
    """The extensions entry {date, from, to, reason, approved_by} for `change.extend_to`."""
    if change.deadline is not None:
        raise RectrackError(code="deadline-or-extension")
    if not (change.reason or "").strip() or not (change.approved_by or "").strip():
        raise RectrackError(code="extension-needs-approval")
    current_text = doc.text_of(node, "deadline")
    if not current_text:
        raise RectrackError(code="no-deadline-to-extend", id=issue_id)
    current = parse_date(current_text, "deadline", "整改时限")
    if change.extend_to <= current:
        raise RectrackError(code="extension-not-later", to=change.extend_to.isoformat(),
                            deadline=current.isoformat())
    return {"date": date, "from": current, "to": change.extend_to, "reason": change.reason,
            "approved_by": change.approved_by}


def _completion_record(doc: TextDoc, shape: RoundOutline, node: MappingNode,
                       chinese: bool) -> tuple[dict, int | None] | None:
    """A history entry keeping the completion that removing completed_on would lose, and where it goes.

    `timeline` rebuilds past statuses from history; once completed_on is
    gone, only a history entry can say since when the issue was completed.
    None when the history already records the move into completed, or the
    date is unknown.  The position is the index the entry goes after
    (None: before the first).
    """
    # A completed_by day is kept the way timeline counts it: completed from that day.
    key = "completed_on" if doc.text_of(node, "completed_on") else "completed_by"
    try:
        completed = parse_date(doc.text_of(node, key) or "", key)
    except RectrackError:
        return None
    rows = []
    for item in _items(doc, doc.get(node, "history")):
        try:
            day = parse_date(doc.text_of(item, "date") or "")
        except RectrackError:
            return None
        words = [doc.text_of(item, key) for key in ("status", "from")]
        try:
            status, before = (parse_status(w) if w else None for w in words)
        except ValueError:
            return None
        rows.append((day, status, before))
    if any(status is Status.COMPLETED and before is not Status.COMPLETED for _, status, before in rows):
        return None
    earlier = [r for r in rows if r[0] <= completed]
    previous = [s for _, s, _ in earlier if s is not None]
    prior = previous[-1] if previous and previous[-1] is not Status.COMPLETED else Status.IN_PROGRESS
    record = history_entry(doc, shape, date=completed, status=status_word(Status.COMPLETED, chinese),
                           **{"from": status_word(prior, chinese)})
    return record, (len(earlier) - 1 if earlier else None)


def history_entry(doc: TextDoc, shape: RoundOutline, **fields) -> dict:
    """A new history entry with its keys in the order the file's other entries use."""
    entries = [item for node in _all_issues(shape) for item in _items(doc, doc.get(node, "history"))]
    extra = [k for k in fields if k not in HISTORY_KEYS]
    return _ordered(fields, key_order(doc, entries, HISTORY_KEYS + tuple(extra)))


def update_issue(path: Path, issue_id: str, change: IssueChange, *, today: dt.date,
                 prior: TextDoc | None = None, dry_run: bool = False) -> EditResult:
    """Change issue `issue_id` of the round file at `path`; see `plan_update`."""
    return edit_file(path, plan_update(issue_id, change, today), prior=prior, dry_run=dry_run)


# -- add ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewIssue:
    """An issue for `rectrack add`: into aspect `aspect_id`, or into a new aspect titled `new_aspect`."""

    title: str
    aspect_id: str | None = None
    new_aspect: str | None = None
    category: str | None = None
    issue_id: str | None = None
    summary: str | None = None
    owner: str | None = None
    leader: str | None = None
    deadline: dt.date | None = None
    measures: tuple[str, ...] = ()
    # The day the issue entered the ledger, as given (`add --date`); written only
    # when after the round's feedback, so that notices published before it do
    # not count it.
    raised: dt.date | None = None
    # Today, when no `raised` was given: recorded as `raised` only if the round
    # has a notice dated by then.  A ledger typed in after the fact (from an
    # Excel sheet, months later) would otherwise date every issue today, and
    # each older deadline and history entry would be "before it was raised".
    today: dt.date | None = None


def next_id(existing: Sequence[str], taken: set[str], default: str) -> str:
    """The id after the last numbered one (A2-2 → A2-3, 1.09 → 1.10), never one in `taken`."""
    numbered = [m for m in (_NUMBERED.match(e) for e in existing) if m]
    if not numbered:
        candidate, number = default, 1
        while candidate in taken:
            number += 1
            candidate = f"{default}-{number}"
        return candidate
    prefix, digits = numbered[-1].group(1), numbered[-1].group(2)
    width = len(digits) if digits.startswith("0") and len(digits) > 1 else 0
    number = max(int(m.group(2)) for m in numbered if m.group(1) == prefix) + 1
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"


def _first_issue_id(shape: RoundOutline, aspect_id: str, taken: set[str]) -> str:
    """A new aspect's first issue id, numbered the way the other aspects number theirs."""
    separator, zeros = "-", ""
    for aspect in shape.aspects:
        if aspect.issues:
            match = re.fullmatch(re.escape(aspect.id) + r"([-._]?)(0*)1", aspect.issues[0][0])
            if match:
                separator, zeros = match.groups()
                break
    return next_id([f"{aspect_id}{separator}{zeros}0"], taken, f"{aspect_id}{separator}1")


def _id_value(doc: TextDoc, nodes: Sequence[Node], new_id: str) -> str | int:
    # `id: 7` written as a number stays a number in a file that numbers that way.
    ids = [doc.get(n, "id") for n in nodes]
    plain_ints = [n for n in ids if isinstance(n, ScalarNode) and str(n.tag).endswith(":int")]
    if new_id.isdigit() and plain_ints and len(plain_ints) == len(ids):
        return int(new_id)
    return new_id


def _after_feedback(doc: TextDoc, shape: RoundOutline, day: dt.date | None) -> bool:
    """Whether `day` is later than the round's feedback date (unknown feedback: yes)."""
    if day is None:
        return False
    try:
        return day > dt.date.fromisoformat(str(doc.text_of(shape.round_node, "feedback")).strip())
    except ValueError:
        return True


def _published_by(doc: TextDoc, shape: RoundOutline, day: dt.date) -> bool:
    """Whether the round has published figures by `day`: a notice dated then or before, or `declared` ones."""
    from .durations import parse_date  # reads dates as the model does: 2024-3-29 too

    if doc.get(shape.round_node, "declared") is not None:
        return True
    notices = doc.get(shape.round_node, "notices")
    for notice in notices.value if isinstance(notices, SequenceNode) else ():
        try:
            if parse_date(str(doc.text_of(notice, "date"))) <= day:
                return True
        except ValueError:
            continue
    return False


def plan_add(new: NewIssue) -> Plan:
    """A plan that appends an issue (status not started) to an aspect, creating the aspect if asked."""

    for what, value in (("--title", new.title), ("--new-aspect", new.new_aspect),
                        ("--category", new.category), ("--summary", new.summary), ("--owner", new.owner),
                        ("--leader", new.leader), *(("--measure", m) for m in new.measures)):
        check_text(value, what)

    def plan(doc: TextDoc, shape: RoundOutline) -> Planned:
        if not new.title.strip():
            raise RectrackError(code="issue-needs-title")
        chinese = uses_chinese_statuses(doc, shape)
        taken = set(shape.issue_ids())
        issues = _all_issues(shape)
        if new.new_aspect is not None:
            aspect_ids = [a.id for a in shape.aspects]
            aspect_id = new.aspect_id or next_id(aspect_ids, set(aspect_ids), "A1")
            if aspect_id in aspect_ids:
                raise RectrackError(code="aspect-exists", aspect=aspect_id, round=shape.round_id)
            issue_id = new.issue_id or _first_issue_id(shape, aspect_id, taken)
        else:
            if not new.aspect_id:
                ids = [a.id for a in shape.aspects]
                raise RectrackError(code="which-aspect", known=", ".join(ids) or "none yet",
                                    known_zh="、".join(ids) or "尚无")
            aspect = shape.aspect(new.aspect_id)
            aspect_id = aspect.id
            issue_id = new.issue_id or next_id([i for i, _ in aspect.issues], taken, f"{aspect.id}-1")
        if issue_id in taken:
            raise RectrackError(code="issue-id-taken", id=issue_id, round=shape.round_id)
        raised = new.raised
        if raised is None and new.today is not None and _published_by(doc, shape, new.today):
            raised = new.today
        values = {
            "id": _id_value(doc, issues, issue_id),
            "title": new.title,
            "summary": new.summary,
            "status": status_word(Status.NOT_STARTED, chinese),
            "raised": raised if _after_feedback(doc, shape, raised) else None,
            "measures": [m for m in new.measures if m.strip()],
            "owner": new.owner,
            "leader": new.leader,
            "deadline": new.deadline,
        }
        issue = _ordered(values, key_order(doc, issues, ISSUE_KEYS))
        if new.new_aspect is not None:
            aspect_nodes = [a.node for a in shape.aspects]
            mapping = _ordered({"id": _id_value(doc, aspect_nodes, aspect_id), "title": new.new_aspect,
                                "category": new.category, "issues": [issue]},
                               key_order(doc, aspect_nodes, ASPECT_KEYS))
            same_category = [i for i, a in enumerate(shape.aspects)
                             if new.category and doc.text_of(a.node, "category") == new.category]
            aspects_node = shape.aspects_node
            if isinstance(aspects_node, SequenceNode) and aspects_node.value:
                doc.insert_item(aspects_node, mapping, same_category[-1] if same_category else None)
            else:
                doc.extend_list(doc.root, "aspects", [mapping], "round")
            return Planned(issue_id, (ChangeWords(f"aspect {aspect_id} added", f"新增方面{aspect_id}"),
                                      ChangeWords(f"issue {issue_id} added", f"新增问题{issue_id}")))
        aspect = shape.aspect(aspect_id)
        if isinstance(aspect.issues_node, SequenceNode) and aspect.issues_node.value:
            doc.insert_item(aspect.issues_node, issue)
        else:
            order = key_order(doc, [a.node for a in shape.aspects], ASPECT_KEYS)
            doc.extend_list(aspect.node, "issues", [issue], _insert_after(doc, aspect.node, "issues", order))
        return Planned(issue_id, (ChangeWords(f"issue {issue_id} added to aspect {aspect_id}",
                                       f"在方面{aspect_id}中新增问题{issue_id}"),))

    return plan


def add_issue(path: Path, new: NewIssue, *, prior: TextDoc | None = None,
              dry_run: bool = False) -> EditResult:
    """Append a new issue to the round file at `path`; see `plan_add`."""
    return edit_file(path, plan_add(new), prior=prior, dry_run=dry_run)


# -- init ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewRound:
    """What `rectrack init` writes into a new round file."""

    id: str
    title: str
    unit: str
    feedback: dt.date
    kind: str = "inspection"
    inspector: str | None = None


def round_template(new: NewRound) -> str:
    """The text of a new round file: the round, a commented guide, and no aspects yet."""
    fields = {"id": new.id, "title": new.title, "unit": new.unit, "kind": new.kind,
              "inspector": new.inspector, "feedback": new.feedback}
    lines = [
        "# Rectification ledger (整改台账) of one inspection or audit round, format version 1.",
        "# Edit it by hand or with `rectrack add` / `rectrack update`; check it with `rectrack validate`.",
        "# Statuses: not_started, in_progress, substantially_completed, completed",
        "#           (or 未启动, 正在推进, 基本完成, 已完成).",
        "version: 1",
        "round:",
    ]
    lines += [f"  {key}: {format_scalar(value)}" for key, value in fields.items() if value]
    lines += [
        "  # period: {start: YYYY-MM-DD, end: YYYY-MM-DD}  # on-site period (巡察/审计时间)",
        "# Aspects (方面) hold the specific issues (具体问题). A round needs at least one,",
        "# so `rectrack validate` reports this file until the first is added:",
        f"#   rectrack add --round {new.id} --new-aspect \"方面标题\" --title \"具体问题\" "
        "--owner \"责任部门\" --deadline YYYY-MM-DD",
        "aspects: []",
    ]
    return "\n".join(lines) + "\n"


def init_round(path: Path, new: NewRound, others: Sequence[Path] = ()) -> str:
    """Create a new round file at `path`; returns its text.

    Refuses (RectrackError) an existing file, a name that is not .yaml or
    .yml, a round id already used by a round file under `others`, and
    values the format does not accept (EditRefused with the problems).
    """
    path = Path(path)
    display = display_path(path)
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise RectrackError(code="round-file-suffix", file=display)
    if path.exists() or path.is_symlink():
        raise RectrackError(code="init-file-exists", file=display)
    for what, value in (("--id", new.id), ("--title", new.title), ("--unit", new.unit),
                        ("--inspector", new.inspector)):
        check_text(value, what)
    from .schema import modeline

    # First line: editors with the YAML language server find the schema (see schema.py).
    text = modeline(path) + "\n" + round_template(new)
    from .loader import load_text

    _, problems = load_text(text, display)
    errors = [p for p in problems if p.is_error and p.code != "empty-list"]
    if errors:
        raise EditRefused(problems=errors, code="init-invalid", file=display)
    for other in discover([Path(p) for p in others if Path(p).exists()]):
        source, _ = read_source(other, display_path(other), current_limits())
        if source is None or new.id not in source.text:
            continue
        try:
            round_id = outline(TextDoc(source)).round_id
        except RectrackError:
            continue
        if round_id == new.id:
            raise RectrackError(code="round-id-taken", id=new.id, file=source.display)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(path, exc, existed=False) from None
    _create_exclusive(path, text.encode("utf-8"))
    return text


def _create_exclusive(path: Path, data: bytes) -> None:
    # O_EXCL: two `init`s racing for one name cannot both win, and neither
    # can overwrite a file that appeared after the exists() check.
    # A full disk or a read-only folder fails as a failed update does: WriteError, one line, nothing left behind.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise RectrackError(code="init-file-exists", file=display_path(path)) from None
    except OSError as exc:
        raise WriteError(path, exc, existed=False) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, exc, existed=False) from None
        raise


__all__ = [
    "EditRefused",
    "ChangeWords",
    "EditResult",
    "IssueChange",
    "NewIssue",
    "NewRound",
    "add_issue",
    "edit_file",
    "init_round",
    "next_id",
    "parse_date",
    "said_in",
    "update_issue",
]
