"""Three-way merge of round files by structure, and the conflicts it leaves in the text.

Two clerks who each add a progress note to the same issue change the same
few lines of one file, and git's line-by-line merge calls that a conflict.
Here the three versions (base, ours, theirs) are composed into node trees
(`yamledit.TextDoc`) and merged by what they mean: the top level and the
round's metadata key by key, aspects and issues by id, each issue field by
field, and lists by content: an item either side added is kept (once when
both added the same), an item either side removed goes.  History,
extensions and notices place what theirs added by date; other lists after
the item that precedes it in theirs.

The result is ours' text with theirs' changes spliced in, so comments and
every untouched line of ours stay byte for byte and theirs' new text is
copied as theirs wrote it (re-indented when the two indent differently).

A true conflict (a scalar changed two ways, an entry removed on one side
and changed on the other, a flow-style value changed on both) leaves git's
conflict markers around that one entry, ours above `=======`, theirs below.
`locate_conflicts` finds such blocks in any text (also those git itself
writes) and names the issue and field each one is in; `resolve_conflicts`
keeps one side of the chosen ones.

A shape this merge does not handle raises `Unmergeable`; the caller then
falls back to git's textual merge (see `gitmerge`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .conflicts import (  # noqa: F401  (re-exported: the merge driver's conflicts are these)
    MARKER,
    OURS,
    THEIRS,
    ConflictBlock,
    conflict_messages,
    conflict_problems,
    explain_conflict_problems,
    find_conflicts,
    keep_side,
    locate_conflicts,
)
from .problems import RectrackError
from .yamledit import TextDoc, format_scalar, is_empty, is_null
from .read import Source

_STR_TAG = "tag:yaml.org,2002:str"
# Lists whose new items go where their date puts them.
_DATED = frozenset({"history", "extensions", "notices"})
# Issue fields whose value goes with the status (see `_Merge._coupled`).
_FOLLOWS_STATUS = ("completed_on",)


class Unmergeable(RectrackError):
    """A shape the structural merge does not handle; the message says which and where.

    A `RectrackError`, made from a code of `replies.ERRORS` and its values
    (`str()` is the English; `replies.error_text` says it in Chinese), so a
    caller that does not fall back to git's merge reports it as any other;
    the merge driver catches it first and merges line by line instead.
    """


# The three versions as a Chinese sentence names them.
SIDE_ZH = {"base": "共同祖先（base）", OURS: "本方（ours）", THEIRS: "对方（theirs）"}


def _item_span(doc: TextDoc, item: Node) -> tuple[int, int]:
    dash = doc.text.rfind("-", 0, item.start_mark.index)
    return doc.line_start(dash), doc.next_line(doc.content_end(item))


def resolve_conflicts(text: str, target: str, side: str, field: str | None = None,
                      display: str = "<text>") -> tuple[str, list[ConflictBlock], list[ConflictBlock]]:
    """`text` with the conflicts of `target` settled for `side` (ours or theirs).

    `target` is an issue id, an aspect id, or a top-level key (`round`,
    `round.feedback`); `field` narrows it to one field (`status`, `history`).
    Returns the new text, the blocks settled and the blocks left.
    """
    if side not in (OURS, THEIRS):
        raise ValueError(side)
    blocks = locate_conflicts(text, display)
    chosen = [b for b in blocks if _matches(b, target, field)]
    kept, _ = keep_side(text, chosen, side)
    left = [b for b in blocks if b not in chosen]
    return kept, chosen, left


@dataclass(frozen=True)
class Settled:
    """What `settle_conflicts` did to one file: the blocks it settled and those left."""

    path: Path
    display: str
    side: str
    settled: tuple[ConflictBlock, ...]
    left: tuple[ConflictBlock, ...]


def settle_conflicts(files: list[tuple[Path, str]], target: str, side: str,
                     field: str | None = None) -> Settled:
    """Keep `side` of the conflicts of `target` (see `resolve_conflicts`) in the one file that has them.

    `files` are (path, display) pairs.  The file is rewritten atomically,
    BOM and line endings kept.  Raises RectrackError when no file has such
    a conflict (naming the conflicts there are) or several do.
    """
    from .config import current_limits
    from .read import read_source
    from .atomic import write_atomic

    found = []
    everything: list[tuple[str, ConflictBlock]] = []
    for path, display in files:
        source, problems = read_source(path, display, current_limits())
        if source is None or "<" * MARKER not in source.text:
            continue
        text, chosen, left = resolve_conflicts(source.text, target, side, field, display)
        everything.extend((display, b) for b in chosen + left)
        if chosen:
            found.append((path, display, source, text, chosen, left))
    what = f"'{target}'" + (f" field {field}" if field else "")
    what_zh = f"“{target}”" + (f"的 {field} 字段" if field else "")
    if not found:
        if not everything:
            raise RectrackError(code="resolve-no-conflicts")
        listed = "; ".join(f"{d}:{b.line} {b.subject()}" for d, b in everything[:10])
        listed_zh = "；".join(f"{d}:{b.line} {b.subject('zh')}" for d, b in everything[:10])
        raise RectrackError(code="resolve-no-such-conflict", what=what, what_zh=what_zh, listed=listed,
                            listed_zh=listed_zh)
    if len(found) > 1:
        names = ", ".join(d for _, d, *_ in found)
        raise RectrackError(code="resolve-several-files", what=what, what_zh=what_zh, names=names)
    path, display, source, text, chosen, left = found[0]
    from .lock import locked

    with locked(path.resolve()):  # an `update` running meanwhile waits, or this does
        current, _ = read_source(path, display, current_limits())
        if current is None or current.text != source.text:
            raise RectrackError(code="resolve-changed-meanwhile", display=display)
        write_atomic(path, ("\ufeff" if source.bom else "").encode("utf-8") + text.encode("utf-8"))
    return Settled(path, display, side, tuple(chosen), tuple(left))


def _matches(block: ConflictBlock, target: str, field: str | None) -> bool:
    if block.issue == target or (block.issue is None and block.aspect == target):
        return (field is None or block.field == field or block.field.startswith(field + ".")
                or (not block.field and field in block.keys))
    if block.issue is None and block.aspect is None and block.where:
        dotted = ".".join(block.where)
        wanted = f"{target}.{field}" if field else target
        return dotted == wanted or dotted.startswith(wanted + ".")
    return False


# -- the merge ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    """The merged text (ours' BOM and line endings) and the conflict blocks left in it."""

    text: str
    bom: bool
    conflicts: tuple[ConflictBlock, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def data(self) -> bytes:
        return ("\ufeff" if self.bom else "").encode("utf-8") + self.text.encode("utf-8")


def merge_sources(base: Source | None, ours: Source, theirs: Source,
                  labels: tuple[str, str] = (OURS, THEIRS)) -> MergeResult:
    """Merge theirs' changes since `base` into ours, by structure; see the module docstring.

    `base` is None when the file is new on both sides.  Raises RectrackError
    when a side cannot be read as a round file, Unmergeable for a shape this
    merge does not handle; in both cases the caller falls back to a textual merge.
    """
    if ours.text == theirs.text:
        return MergeResult(ours.text, ours.bom, ())
    base_doc = TextDoc(base) if base is not None and base.text.strip() else None
    ours_doc, theirs_doc = TextDoc(ours), TextDoc(theirs)
    if base_doc is not None and base.text == ours.text:
        return _checked(theirs.text, theirs.bom, theirs)
    if base_doc is not None and base.text == theirs.text:
        return _checked(ours.text, ours.bom, ours)
    if not (_block(ours_doc.root) and _block(theirs_doc.root)):
        raise Unmergeable(code="unmergeable-not-block")
    merge = _Merge(base_doc, ours_doc, theirs_doc, labels)
    merge.mapping((), base_doc.root if base_doc else None, ours_doc.root, theirs_doc.root)
    try:
        text, _ = ours_doc.render()
    except AssertionError:
        # Two changes of theirs landed on overlapping text of ours (a conflict on an
        # item's first line beside a key added before it): too close to splice.
        raise Unmergeable(code="unmergeable-too-close") from None
    if "<" * MARKER in text:
        text = _joined(text, labels, ours.newline)
    return _checked(text, ours.bom, ours)


def _joined(text: str, labels: tuple[str, str], newline: str) -> str:
    """`text` with conflict blocks that touch (status, then completed_on) made one block."""
    blocks = find_conflicts(text)
    if len(blocks) < 2:
        return text
    parts: list[str] = []
    cursor = 0
    index = 0
    while index < len(blocks):
        run = [blocks[index]]
        while index + 1 < len(blocks) and blocks[index + 1].start == run[-1].end:
            index += 1
            run.append(blocks[index])
        index += 1
        parts.append(text[cursor:run[0].start])
        if len(run) == 1:
            parts.append(text[run[0].start:run[0].end])
        else:
            parts.append(f"{'<' * MARKER} {labels[0]}{newline}{''.join(b.ours for b in run)}{'=' * MARKER}{newline}"
                         f"{''.join(b.theirs for b in run)}{'>' * MARKER} {labels[1]}{newline}")
        cursor = run[-1].end
    parts.append(text[cursor:])
    return "".join(parts)


def _checked(text: str, bom: bool, like: Source) -> MergeResult:
    """The result, after making sure it reads back (each side of every conflict, too)."""
    blocks = locate_conflicts(text, like.display) if "<" * MARKER in text else []
    for side in (OURS, THEIRS) if blocks else (OURS,):
        kept = keep_side(text, blocks, side)[0] if blocks else text
        try:
            TextDoc(Source(path=like.path, display=like.display, text=kept, bom=bom, newline=like.newline))
        except RectrackError as exc:
            from .replies import error_text

            raise Unmergeable(code="unmergeable-no-read-back", reason=str(exc),
                              reason_zh=error_text(exc, "zh")) from None
    return MergeResult(text, bom, tuple(blocks))


class _Merge:
    """One merge: theirs' changes registered as splices on ours' document."""

    def __init__(self, base: TextDoc | None, ours: TextDoc, theirs: TextDoc, labels: tuple[str, str]) -> None:
        self.o, self.a, self.b = base, ours, theirs
        self.labels = labels
        self.nl = ours.source.newline
        self._canon: dict[int, object] = {}

    # values --------------------------------------------------------------------------

    def canon(self, node: Node | None) -> object:
        """A comparable value of a node: what it means, not how it is written."""
        if node is None:
            return None
        key = id(node)
        found = self._canon.get(key)
        if found is None:
            if isinstance(node, ScalarNode):
                found = ("null",) if is_null(node) else (str(node.tag), node.value)
            elif isinstance(node, MappingNode):
                found = ("map", tuple(sorted((str(self.canon(k)), self.canon(v)) for k, v in node.value)))
            else:
                found = ("seq", tuple(self.canon(item) for item in node.value))
            self._canon[key] = found
        return found

    def same_text(self, x: Node | None, x_doc: TextDoc, y: Node | None, y_doc: TextDoc | None) -> bool:
        """Whether node `x` of `x_doc` is written exactly as `y` of `y_doc`, in the same column.

        Cheap, and enough for what a side left alone; False says nothing.
        """
        if x is None or y is None or y_doc is None or type(x) is not type(y):
            return x is None and y is None
        xs, ys = x.start_mark.index, y.start_mark.index
        return (x_doc.column(xs) == y_doc.column(ys)
                and x_doc.text[xs:x.end_mark.index] == y_doc.text[ys:y.end_mark.index])

    @staticmethod
    def entries(node: Node | None) -> dict[str, tuple[Node, Node]]:
        if not isinstance(node, MappingNode):
            return {}
        found: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.value in found:
                raise Unmergeable(code="unmergeable-keys")
            found[key.value] = (key, value)
        return found

    # mappings ---------------------------------------------------------------------------

    def mapping(self, path: tuple, o: Node | None, a: MappingNode, b: MappingNode) -> None:
        """Merge two block mappings key by key."""
        oe, ae, be = self.entries(o), self.entries(a), self.entries(b)
        coupled = self._coupled(path, oe, ae, be)
        for key, (a_key, a_value) in ae.items():
            o_value = oe[key][1] if key in oe else None
            b_value = be[key][1] if key in be else None
            if key in coupled:
                self.entry_conflict(path + (key,), a, key, b, key if b_value is not None else None)
                continue
            if _block(a_value) and _block(b_value) and type(a_value) is type(b_value):
                # Merged inside: the keys and items below say what changed, without
                # comparing the whole of a large value first.
                if not (self.same_text(a_value, self.a, b_value, self.b)
                        or self.same_text(b_value, self.b, o_value, self.o)):
                    self.value(path + (key,), a, key, b, o_value)
                continue
            ca, cb, co = self.canon(a_value), self.canon(b_value), self.canon(o_value)
            if ca == cb or cb == co:
                continue
            if b_value is None:
                if ca == co:
                    self.delete_entry(a, key)
                else:
                    self.entry_conflict(path + (key,), a, key, b, None)
                continue
            self.value(path + (key,), a, key, b, o_value)
        b_keys = list(be)
        for position, key in enumerate(b_keys):
            if key in ae:
                continue
            b_value = be[key][1]
            o_value = oe[key][1] if key in oe else None
            if o_value is not None and self.canon(b_value) == self.canon(o_value) and key not in coupled:
                continue  # ours removed it, theirs left it alone
            after = next((k for k in reversed(b_keys[:position]) if k in ae), None)
            after = self._past_our_additions(list(ae), after, lambda k: k not in oe and k not in be)
            if o_value is None and key not in coupled:
                self.insert_entry(a, after, b, key)
            else:
                self.entry_conflict(path + (key,), a, None, b, key, after)

    def _coupled(self, path: tuple, oe: dict, ae: dict, be: dict) -> set[str]:
        """Keys of an issue that conflict because its status does: a completion date follows the status.

        Taking one side's status and the other's completed_on would leave an
        issue in progress with a completion date, or completed without one.
        """
        if not (len(path) == 4 and path[0] == "aspects" and path[2] == "issues"):
            return set()
        status = [self.canon(e["status"][1]) if "status" in e else None for e in (oe, ae, be)]
        if status[1] == status[2] or status[0] in (status[1], status[2]):
            return set()
        return {key for key in _FOLLOWS_STATUS
                if self.canon(ae[key][1] if key in ae else None) != self.canon(be[key][1] if key in be else None)}

    def value(self, path: tuple, a_map: MappingNode, key: str, b_map: MappingNode, o_value: Node | None) -> None:
        """Theirs changed the value of `key` (ours may have too): merge inside it, take theirs, or conflict."""
        a_value, b_value = a_map_value(a_map, key), a_map_value(b_map, key)
        if _block(a_value) and _block(b_value) and type(a_value) is type(b_value):
            if isinstance(a_value, MappingNode):
                self.mapping(path, o_value if isinstance(o_value, MappingNode) else None, a_value, b_value)
                return
            if path == ("aspects",) or (len(path) == 3 and path[0] == "aspects" and path[2] == "issues"):
                self.keyed(path, o_value, a_value, b_value)
            else:
                self.content(path, o_value, a_value, b_value, dated=path[-1] in _DATED)
            return
        if (isinstance(a_value, SequenceNode) and a_value.flow_style and isinstance(b_value, SequenceNode)
                and self.canon(a_value) != self.canon(o_value) and path[-1] not in ("aspects", "issues")):
            self.flow_content(path, a_map, key, o_value, a_value, b_value, dated=path[-1] in _DATED)
            return
        if self.canon(a_value) != self.canon(o_value):
            self.entry_conflict(path, a_map, key, b_map, key)
        else:
            self.replace_value(a_map, key, b_map)

    # keyed lists (aspects, issues) ----------------------------------------------------------

    def keyed(self, path: tuple, o: Node | None, a: SequenceNode, b: SequenceNode) -> None:
        oi, ai, bi = self.by_id(o, optional=True), self.by_id(a), self.by_id(b)
        b_ids = list(bi)
        inserts: dict[str | None, list[str]] = {}
        for position, item_id in enumerate(b_ids):
            if item_id in ai:
                continue
            o_item = oi.get(item_id)
            if o_item is not None and self.canon(o_item) == self.canon(bi[item_id]):
                continue  # ours removed it unchanged by theirs
            anchor = next((i for i in reversed(b_ids[:position]) if i in ai), None)
            anchor = self._past_our_additions(list(ai), anchor, lambda i: i not in oi and i not in bi)
            inserts.setdefault(anchor, []).append(item_id)
        for item_id in inserts.get(None, []):
            self.insert_item(a, None, bi[item_id], conflict=item_id in oi)
        for item_id, a_item in ai.items():
            b_item, o_item = bi.get(item_id), oi.get(item_id)
            if b_item is None:
                if o_item is not None:
                    if self.canon(a_item) == self.canon(o_item):
                        self.delete_item(a_item)
                    else:
                        self.item_conflict(a_item)
            elif not (self.same_text(a_item, self.a, b_item, self.b)
                        or self.same_text(b_item, self.b, o_item, self.o)):
                if _block(a_item) and _block(b_item):
                    self.mapping(path + (item_id,), o_item, a_item, b_item)
                elif self.canon(b_item) == self.canon(o_item) or self.canon(a_item) == self.canon(b_item):
                    pass
                elif self.canon(a_item) == self.canon(o_item):
                    self.replace_item(a, a_item, b_item)  # written {id: …, …}: one value
                else:
                    self.item_conflict(a_item, self.item_text(b_item, self.a.column(a.start_mark.index)))
            for new_id in inserts.get(item_id, []):
                self.insert_item(a, a_item, bi[new_id], conflict=new_id in oi)

    def by_id(self, seq: Node | None, optional: bool = False) -> dict[str, MappingNode]:
        if not isinstance(seq, SequenceNode):
            if optional or seq is None:
                return {}
            raise Unmergeable(code="unmergeable-not-list")
        found: dict[str, MappingNode] = {}
        for item in seq.value:
            item_id = self.a.text_of(item, "id") if isinstance(item, MappingNode) else None
            if item_id is None or item_id in found:
                raise Unmergeable(code="unmergeable-ids")
            found[item_id] = item
        return found

    @staticmethod
    def _past_our_additions(order: list, anchor, ours_only) -> object:
        """The item to insert after: `anchor`, or the last of the items only ours added right after it."""
        start = order.index(anchor) + 1 if anchor is not None else 0
        if anchor is None:
            return None
        for item in order[start:]:
            if not ours_only(item):
                break
            anchor = item
        return anchor

    # lists merged by content ----------------------------------------------------------------

    def content(self, path: tuple, o: Node | None, a: SequenceNode, b: SequenceNode, dated: bool) -> None:
        """Merge two block lists by content: deletions and theirs' insertions as splices."""
        plan = self._content_plan(path, o, a, b, dated)
        if plan is None:
            return
        deleted, inserts = plan
        for item in inserts.get(None, []):
            self.insert_item(a, None, item)
        for item in a.value:
            if id(item) in deleted:
                self.delete_item(item)
            for new_item in inserts.get(id(item), []):
                self.insert_item(a, item, new_item)

    def flow_content(self, path: tuple, a_map: MappingNode, key: str, o: Node | None, a: SequenceNode,
                     b: SequenceNode, dated: bool) -> None:
        """Merge a list ours writes [a, b] by content, written again in flow style."""
        plan = self._content_plan(path, o, a, b, dated)
        if plan is None:
            return
        deleted, inserts = plan
        items = [self.flow_item(i) for i in inserts.get(None, [])]
        for item in a.value:
            if id(item) not in deleted:
                items.append(self.a.text[item.start_mark.index:item.end_mark.index])
            items.extend(self.flow_item(i) for i in inserts.get(id(item), []))
        self.a.splice(a.start_mark.index, a.end_mark.index, "[" + ", ".join(items) + "]")

    def flow_item(self, item: Node) -> str:
        """Theirs' list item as text that reads the same inside [ ]."""
        raw = self.b.text[item.start_mark.index:item.end_mark.index]
        if isinstance(item, ScalarNode) and "\n" not in raw:
            if item.style is not None or str(item.tag) != _STR_TAG:
                return raw
            return format_scalar(item.value, flow=True)
        if getattr(item, "flow_style", False) and "\n" not in raw:
            return raw
        raise Unmergeable(code="unmergeable-flow-item")

    def _content_plan(self, path: tuple, o: Node | None, a: SequenceNode, b: SequenceNode,
                      dated: bool) -> tuple[set[int], dict[int | None, list[Node]]] | None:
        """Which of ours' items go (by id()) and which of theirs' go after which of ours'; None: no change."""
        o_items = _items_of(o)
        oc = Counter(self.canon(i) for i in o_items)
        ac = Counter(self.canon(i) for i in a.value)
        bc = Counter(self.canon(i) for i in b.value)
        want = {}
        for value in set(oc) | set(ac) | set(bc):
            x, y, z = ac[value], bc[value], oc[value]
            want[value] = x if x == y else y if x == z else x if y == z else max(x, y)
        kept: list[Node] = []
        seen: Counter = Counter()
        deleted: set[int] = set()
        for item in a.value:
            value = self.canon(item)
            seen[value] += 1
            if seen[value] > want[value]:
                deleted.add(id(item))
            else:
                kept.append(item)
        new: list[tuple[int, Node]] = []
        counted: Counter = Counter()
        for index, item in enumerate(b.value):
            value = self.canon(item)
            counted[value] += 1
            if counted[value] > ac[value] and counted[value] <= want[value]:
                new.append((index, item))
        if not new and not deleted:
            return None
        if not kept and not new:
            raise Unmergeable(code="unmergeable-empty-list", path=".".join(path))
        inserts: dict[int | None, list[Node]] = {}
        kept_values = {}
        for item in kept:
            kept_values.setdefault(self.canon(item), item)
        for index, item in new:
            if dated:
                anchor = self._dated_anchor(kept, item)
            else:
                anchor = next((kept_values[self.canon(p)] for p in reversed(b.value[:index])
                               if self.canon(p) in kept_values), None)
                anchor = self._past_our_additions(kept, anchor, lambda i: oc[self.canon(i)] == 0
                                                  and bc[self.canon(i)] == 0)
            inserts.setdefault(id(anchor) if anchor is not None else None, []).append(item)
        return deleted, inserts

    def _dated_anchor(self, kept: list[Node], item: Node) -> Node | None:
        day = _date_of(self.b, item)
        if day is None:
            return kept[-1] if kept else None
        anchor = None
        for candidate in kept:
            other = _date_of(self.a, candidate)
            if other is not None and other <= day:
                anchor = candidate
        if anchor is None and kept and all(_date_of(self.a, k) is None for k in kept):
            return kept[-1]
        return anchor

    # splices on ours ---------------------------------------------------------------------------

    def chunk(self, start: int, end: int, delta: int) -> str:
        """Theirs' text from `start` to `end`, re-indented by `delta` columns, in ours' line endings."""
        lines = self.b.text[start:end].replace("\r\n", "\n").split("\n")
        out = [lines[0]]
        for line in lines[1:]:
            if not line.strip() or delta == 0:
                out.append(line)
            elif delta > 0:
                out.append(" " * delta + line)
            elif line[:-delta].strip():
                raise Unmergeable(code="unmergeable-indent")
            else:
                out.append(line[-delta:])
        text = self.nl.join(out)
        return text if text.endswith(self.nl) else text + self.nl

    def entry_text(self, b_map: MappingNode, key: str, column: int) -> str:
        """Theirs' `key: value` lines, starting at the key, for a mapping whose keys are at `column` in ours."""
        b_key, b_value = self.b.entry(b_map, key)
        start = b_key.start_mark.index
        return self.chunk(start, self.b.next_line(self.b.entry_end(b_key, b_value)), column - self.b.column(start))

    def delete_entry(self, a_map: MappingNode, key: str) -> None:
        try:
            self.a.delete_entry(a_map, key)
        except RectrackError as exc:
            raise Unmergeable(str(exc), code=exc.code, **exc.message_args) from None

    def insert_entry(self, a_map: MappingNode, after: str | None, b_map: MappingNode, key: str,
                     text: str | None = None) -> None:
        first = a_map.value[0][0].start_mark.index
        column = self.a.column(first)
        body = text if text is not None else self.entry_text(b_map, key, column)
        if after is None:
            line = self.a.line_start(first)
            if self.a.text[line:first].strip():  # "- id: …": the new key takes the dash, the old one moves down
                self.a.splice(first, first, body + " " * column)
            else:
                self.a.splice(line, line, " " * column + body)
        else:
            position = self.a.next_line(self.a.entry_end(*self.a.entry(a_map, after)))
            self.a.splice(position, position, self._line_block(position, " " * column + body))

    def replace_value(self, a_map: MappingNode, key: str, b_map: MappingNode) -> None:
        """Ours' value of `key` becomes theirs' (ours left it as it was)."""
        a_key, a_value = self.a.entry(a_map, key)
        b_key, b_value = self.b.entry(b_map, key)
        if (isinstance(a_value, ScalarNode) and isinstance(b_value, ScalarNode)
                and not is_empty(a_value) and not is_empty(b_value)):
            delta = self.a.column(a_key.start_mark.index) - self.b.column(b_key.start_mark.index)
            text = self.chunk(b_value.start_mark.index, self.b.content_end(b_value), delta)
            self.a.splice(a_value.start_mark.index, self.a.content_end(a_value), text[: -len(self.nl)])
            return
        start = a_key.start_mark.index
        end = self.a.next_line(self.a.entry_end(a_key, a_value))
        self.a.splice(start, end, self._ends_like(end, self.entry_text(b_map, key, self.a.column(start))))

    def entry_conflict(self, path: tuple, a_map: MappingNode, a_key: str | None, b_map: MappingNode,
                       b_key: str | None, after: str | None = None) -> None:
        """Markers around one entry: ours' lines above, theirs' below (either may be absent)."""
        if a_key is not None:
            key_node, value = self.a.entry(a_map, a_key)
            start = key_node.start_mark.index
            line = self.a.line_start(start)
            prefix = self.a.text[line:start]
            end = self.a.next_line(self.a.entry_end(key_node, value))
            ours = self.a.text[line:end]
            if b_key is None:
                if prefix.strip():
                    raise Unmergeable(code="unmergeable-removed-by-theirs", path=".".join(path))
                theirs = ""
            else:
                theirs = prefix + self.entry_text(b_map, b_key, self.a.column(start))
            self.a.splice(line, end, self.markers(ours if ours.endswith("\n") else ours + self.nl, theirs))
            return
        first = a_map.value[0][0].start_mark.index
        column = self.a.column(first)
        theirs = " " * column + self.entry_text(b_map, b_key, column)
        if after is None:
            if self.a.text[self.a.line_start(first):first].strip():
                raise Unmergeable(code="unmergeable-removed-by-ours", path=".".join(path))
            position = self.a.line_start(first)
        else:
            position = self.a.next_line(self.a.entry_end(*self.a.entry(a_map, after)))
        self.a.splice(position, position, self._line_block(position, self.markers("", theirs)))

    def item_text(self, item: Node, column: int) -> str:
        """Theirs' lines of a block list item, from its dash, for a list whose dashes are at `column` in ours."""
        dash = self.b.text.rfind("-", 0, item.start_mark.index)
        line = self.b.line_start(dash)
        if self.b.text[line:dash].strip():
            raise Unmergeable(code="unmergeable-shared-line")
        gap = self._blank_lines_before(line)
        return self.nl * gap + " " * column + self.chunk(dash, self.b.next_line(self.b.content_end(item)),
                                                          column - self.b.column(dash))

    def _blank_lines_before(self, line: int) -> int:
        count, cursor = 0, line
        text = self.b.text
        while cursor > 0:
            previous = text.rfind("\n", 0, cursor - 1) + 1
            if text[previous:cursor].strip():
                break
            count += 1
            cursor = previous
        return count if cursor > 0 else 0

    def insert_item(self, a_seq: SequenceNode, after: Node | None, b_item: Node, conflict: bool = False) -> None:
        column = self.a.column(a_seq.start_mark.index)
        text = self.item_text(b_item, column)
        if conflict:
            text = self.markers("", text.lstrip("\r\n"))
        if after is None:
            position, _ = _item_span(self.a, a_seq.value[0])
            self.a.splice(position, position, text.lstrip("\r\n") if not conflict else text)
        else:
            position = _item_span(self.a, after)[1]
            self.a.splice(position, position, self._line_block(position, text))

    def delete_item(self, a_item: Node) -> None:
        start, end = _item_span(self.a, a_item)
        dash = self.a.text.rfind("-", 0, a_item.start_mark.index)
        if self.a.text[start:dash].strip():
            raise Unmergeable(code="unmergeable-shared-line")
        self.a.splice(start, end, "")

    def replace_item(self, a_seq: SequenceNode, a_item: Node, b_item: Node) -> None:
        start, end = _item_span(self.a, a_item)
        text = self.item_text(b_item, self.a.column(a_seq.start_mark.index)).lstrip("\r\n")
        self.a.splice(start, end, self._ends_like(end, text))

    def item_conflict(self, a_item: Node, theirs: str = "") -> None:
        """Markers around a whole list item: ours' lines above, theirs' (if any) below."""
        start, end = _item_span(self.a, a_item)
        ours = self.a.text[start:end]
        self.a.splice(start, end, self.markers(ours if ours.endswith("\n") else ours + self.nl,
                                               theirs.lstrip("\r\n")))

    def markers(self, ours: str, theirs: str) -> str:
        nl = self.nl
        return (f"{'<' * MARKER} {self.labels[0]}{nl}{ours}{'=' * MARKER}{nl}{theirs}"
                f"{'>' * MARKER} {self.labels[1]}{nl}")

    def _line_block(self, position: int, text: str) -> str:
        """`text` (whole lines) to insert at `position`; after a last line without a newline, with one first."""
        if position == len(self.a.text) and self.a.text and not self.a.text.endswith("\n"):
            return self.nl + (text[: -len(self.nl)] if text.endswith(self.nl) else text)
        return text

    def _ends_like(self, end: int, text: str) -> str:
        if end == len(self.a.text) and not self.a.text.endswith("\n") and text.endswith(self.nl):
            return text[: -len(self.nl)]
        return text


def a_map_value(mapping: MappingNode, key: str) -> Node | None:
    found = TextDoc.entry(mapping, key)
    return found[1] if found else None


def _block(node: Node | None) -> bool:
    """A block-style mapping or list with at least one entry: merged inside, not as one value."""
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and bool(node.value)


def _items_of(node: Node | None) -> list[Node]:
    """A list's items; a single scalar (the short form of a one-item list) is that one item."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, ScalarNode) and not is_null(node):
        return [node]
    return []


def _date_of(doc: TextDoc, item: Node) -> dt.date | None:
    text = doc.text_of(item, "date") if isinstance(item, MappingNode) else None
    if not text:
        return None
    from .durations import parse_date

    try:
        return parse_date(text.strip())
    except ValueError:
        return None


__all__ = [
    "ConflictBlock",
    "MergeResult",
    "Unmergeable",
    "conflict_problems",
    "explain_conflict_problems",
    "find_conflicts",
    "locate_conflicts",
    "merge_sources",
    "resolve_conflicts",
    "settle_conflicts",
]
