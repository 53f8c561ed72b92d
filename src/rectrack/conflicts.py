"""Conflict blocks in a round file: where git's markers are, and which issue and field each one holds.

`find_conflicts` finds the `<<<<<<< … ======= … >>>>>>>` blocks of a text
(the merge driver's and those git writes itself), `locate_conflicts` names
the issue and field each holds by reading the text with one side kept, and
`explain_conflict_problems` turns `validate`'s marker problems into
sentences that say so.  Only the reader is used (`read.parse`): `validate`
explains a conflict without the editing side's YAML library.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .messages import problem_args, say
from .problems import Level, Problem

OURS, THEIRS = "ours", "theirs"
MARKER = 7  # git's conflict marker length


# -- conflict blocks in a text ---------------------------------------------------------------

@dataclass(frozen=True)
class ConflictBlock:
    """One `<<<<<<< … ======= … >>>>>>>` block: where it is, each side's text, and what it is in.

    `where` is the path of keys (ids for aspects and issues) of the entry
    the block holds, found by parsing the text with one side kept; empty
    when neither side's text could be read.
    """

    start: int  # index of the `<<<<<<<` line
    end: int  # index just past the `>>>>>>>` line
    line: int
    end_line: int
    ours: str
    theirs: str
    base: str | None = None
    where: tuple[str, ...] = ()
    # The keys under `where` the block spans, when it holds several but not the whole of it.
    keys: tuple[str, ...] = ()

    @property
    def issue(self) -> str | None:
        """The id of the issue the block is in, or None (round metadata, an aspect, unknown)."""
        path = self.where
        for index in range(len(path) - 1):
            if path[index] == "issues" and index >= 2 and path[0] == "aspects":
                return path[index + 1]
        return None

    @property
    def field(self) -> str:
        """The field the block holds, as dotted keys below its issue (or from the top); '' for a whole issue."""
        path = self.where
        if self.issue is not None:
            return ".".join(path[4:])
        if path[:1] == ("aspects",) and len(path) >= 2:
            return ".".join(path[2:])
        return ".".join(path)

    @property
    def aspect(self) -> str | None:
        return self.where[1] if self.where[:1] == ("aspects",) and len(self.where) >= 2 else None

    def subject(self, lang: str = "en") -> str:
        """What the block is about, in words: `issue A1-2, field status`, `问题 A1-2 的 status 字段`."""
        if lang == "zh":
            return self._subject_zh()
        if not self.where:
            return "a part of the file rectrack could not place"
        if self.keys:
            fields = f"fields {', '.join(self.keys[:-1])} and {self.keys[-1]}"
            owner = (f"issue {self.issue}" if self.issue is not None else
                     f"aspect {self.aspect}" if self.aspect is not None else "")
            inner = f"{self.field}: " if self.field else ""
            return f"{owner}, {inner}{fields}" if owner else f"{self.field or 'the top level'}: {fields}"
        for kind, name in (("issue", self.issue), ("aspect", self.aspect)):
            if name is not None:
                return f"{kind} {name}, field {self.field}" if self.field else f"{kind} {name} (the whole {kind})"
        return f"field {self.field}"

    def _subject_zh(self) -> str:
        if not self.where:
            return "文件中 rectrack 无法定位的一处"
        if self.keys:
            names = "、".join(self.keys[:-1])
            fields = f"{names} 和 {self.keys[-1]} 字段" if names else f"{self.keys[-1]} 字段"
            inner = f"{self.field} 中的 {fields}" if self.field else fields
            owner = (f"问题 {self.issue}" if self.issue is not None else
                     f"方面 {self.aspect}" if self.aspect is not None else "")
            return f"{owner} 的 {inner}" if owner else inner if self.field else f"顶层的 {fields}"
        for kind, name in (("问题", self.issue), ("方面", self.aspect)):
            if name is not None:
                return f"{kind} {name} 的 {self.field} 字段" if self.field else f"{kind} {name}（整个{kind}）"
        return f"{self.field} 字段"

    def target(self) -> str:
        """The id to pass to `rectrack resolve` for this block."""
        return self.issue or self.aspect or self.field or "?"

    def resolve_hint(self, lang: str = "en") -> str:
        """How to settle the block with `rectrack resolve`, in words."""
        narrow = bool((self.issue or self.aspect) and self.field)
        if lang == "zh":
            hint = f"`rectrack resolve {self.target()} --ours` 或 `--theirs`"
            return hint + (f"（加上 `--field {self.field}` 可只处理这个字段）" if narrow else "")
        hint = f"`rectrack resolve {self.target()} --ours` or `--theirs`"
        return hint + (f" (add `--field {self.field}` to settle this field alone)" if narrow else "")


def find_conflicts(text: str) -> list[ConflictBlock]:
    """Every complete conflict block in `text`, in order; markers outside a complete block are skipped."""
    if "<" * MARKER not in text:
        return []
    blocks: list[ConflictBlock] = []
    lines = text.splitlines(keepends=True)
    index = 0
    offsets = []
    for line in lines:
        offsets.append(index)
        index += len(line)
    i = 0
    while i < len(lines):
        if not _is_marker(lines[i], "<"):
            i += 1
            continue
        parts: dict[str, list[str]] = {OURS: [], "base": [], THEIRS: []}
        part, j, has_base = OURS, i + 1, False
        while j < len(lines):
            line = lines[j]
            if _is_marker(line, "|") and part == OURS:
                part, has_base = "base", True
            elif _is_marker(line, "=") and part in (OURS, "base"):
                part = THEIRS
            elif _is_marker(line, ">") and part == THEIRS:
                break
            elif _is_marker(line, "<"):
                break  # a new block begins: the first one was never closed
            else:
                parts[part].append(line)
            j += 1
        if j < len(lines) and _is_marker(lines[j], ">") and part == THEIRS:
            end = offsets[j] + len(lines[j])
            blocks.append(ConflictBlock(offsets[i], end, i + 1, j + 1, "".join(parts[OURS]),
                                        "".join(parts[THEIRS]), "".join(parts["base"]) if has_base else None))
            i = j + 1
        else:
            i = j if j < len(lines) and _is_marker(lines[j], "<") else i + 1
    return blocks


def _is_marker(line: str, char: str) -> bool:
    return line.startswith(char * MARKER) and (len(line) == MARKER or line[MARKER] in " \t\r\n")


def keep_side(text: str, blocks: list[ConflictBlock], side: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each of `blocks` replaced by one side's lines, and where each block's lines went."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = length = 0
    for block in blocks:
        parts.append(text[cursor:block.start])
        length += block.start - cursor
        kept = block.ours if side == OURS else block.theirs
        spans.append((length, length + len(kept)))
        parts.append(kept)
        length += len(kept)
        cursor = block.end
    parts.append(text[cursor:])
    return "".join(parts), spans


def locate_conflicts(text: str, display: str = "<text>") -> list[ConflictBlock]:
    """The conflict blocks of `text`, each with the issue and field it holds (`where`).

    Each side's lines are placed in the text read with that side kept (by
    the one reader, `read.parse`: no YAML library beyond libyaml is needed to
    say where a conflict is); a side left empty there is skipped, and the
    block holds the entries either side holds.  Never raises: a block that
    cannot be placed (no side reads) keeps an empty `where`.
    """
    blocks = find_conflicts(text)
    if not blocks:
        return []
    from .config import current_limits
    from .read import Source, parse

    sides = {}
    for side in (OURS, THEIRS):
        kept, spans = keep_side(text, blocks, side)
        parsed = parse(Source(path=Path(display), display=display, text=kept), current_limits())
        if parsed.data is None:
            continue
        sides[side] = (parsed, spans)
    placed = []
    for number, block in enumerate(blocks):
        # Each side's lines are placed in the text with that side kept; the block
        # holds what either side holds there (theirs may add a key ours lacks).
        found: list[tuple[str, ...]] = []
        for side in (OURS, THEIRS):
            if side not in sides:
                continue
            parsed, spans = sides[side]
            start, end = spans[number]
            if start == end and any(s in sides and sides[s][1][number][0] != sides[s][1][number][1]
                                    for s in (OURS, THEIRS)):
                continue  # this side is empty here; the other one says where
            path, keys = path_at(parsed, start, end)
            if keys:
                found.extend(path + (key,) for key in keys)
            else:
                found.append(path)
        placed.append(replace(block, **_common(found)))
    return placed


def _common(paths: list[tuple[str, ...]]) -> dict:
    """`where` and `keys` of a block from the entries each side's lines hold."""
    if not paths:
        return {"where": (), "keys": ()}
    prefix = paths[0]
    for path in paths[1:]:
        length = 0
        while length < min(len(prefix), len(path)) and prefix[length] == path[length]:
            length += 1
        prefix = prefix[:length]
    children = tuple(dict.fromkeys(p[len(prefix)] for p in paths if len(p) > len(prefix)))
    if any(len(p) == len(prefix) for p in paths) or len(children) < 2:
        return {"where": prefix, "keys": ()}
    return {"where": prefix, "keys": children}


def path_at(parsed, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keys (and ids of list items) of the deepest entry whose lines hold the text from `start` to `end`.

    Second, the keys of that entry's mapping the text spans when it spans
    more than one of them but not the whole mapping (else empty).  Read
    from `read.Positions`: an entry runs from its key's line to the line of
    the key (or item) after it, or to the end of what holds it.
    """
    from .read.scalars import id_text

    text = parsed.source.text
    node, data, region_end = parsed.positions.root, parsed.data, len(text)
    path: list[str] = []
    whole = True
    while True:
        found = None
        if type(node) is list and len(node) == 3 and not _flow(text, node[0]) and isinstance(data, dict):
            entries = list(node[1].items())
            spans = []
            for index, (key, key_at) in enumerate(entries):
                high = _line_start(text, entries[index + 1][1]) if index + 1 < len(entries) else region_end
                spans.append((key, _line_start(text, key_at), high))
            for key, low, high in spans:
                if low <= start and end <= high:
                    found = (str(key), node[2][key], data.get(key), high)
                    break
            if found is None:
                spanned = tuple(str(key) for key, low, high in spans if low < end and start < high)
                if spanned and not (whole and len(spanned) == len(entries)):
                    return tuple(path), spanned
        elif type(node) is list and len(node) == 2 and not _flow(text, node[0]) and isinstance(data, list):
            items = node[1]
            lows = [_line_start(text, text.rfind("-", 0, _start_of(item) + 1)) for item in items]
            for index, item in enumerate(items):
                low = lows[index]
                high = lows[index + 1] if index + 1 < len(items) else region_end
                if low <= start and end <= high:
                    value = data[index]
                    item_id = id_text(value.get("id")) if isinstance(value, dict) else None
                    found = (item_id if item_id is not None else str(index), item, value, high)
                    whole = start == low  # the block starts on the item's dash line
                    break
        if found is None:
            return tuple(path), ()
        if not (type(node) is list and len(node) == 2):
            whole = True
        path.append(found[0])
        node, data, region_end = found[1], found[2], found[3]


def _start_of(position) -> int:
    return position if type(position) is int else position[0]


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _flow(text: str, index: int) -> bool:
    return text.startswith(("{", "["), index)


def _conflict_problem(problem: Problem, block: ConflictBlock, marker: str, first: bool) -> Problem:
    """`problem` (at one of `block`'s markers) saying which issue and field the block is in, in both languages."""
    values = {"marker": marker, "subject": block.subject(), "subject_zh": block.subject("zh"),
              "start": block.line, "end": block.end_line, "target": block.target()}
    variant = ("placed" if block.where else "unplaced") if first else "inside"
    return replace(problem, message=say("merge-conflict", _variant=variant, **values),
                   args=problem_args(_variant=variant, **values))


def conflict_messages(block: ConflictBlock) -> str:
    """What validate says at a block's first marker (under 300 characters for ids of a usual length)."""
    return _conflict_problem(Problem("", block.line, 1, "merge-conflict", ""), block, "<" * MARKER, True).message


def explain_conflict_problems(problems: list[Problem], texts: dict[str, str]) -> list[Problem]:
    """`problems` with each merge-conflict marker problem saying which issue and field its block is in.

    `texts` maps a file's display name to its text.  The marker lines
    the reader (`read.text`) reports keep their places and count; only their messages
    change, and only for markers inside a block that could be placed.
    """
    by_file: dict[str, list[ConflictBlock]] = {}
    lines: dict[str, list[str]] = {}
    result = []
    for problem in problems:
        if problem.code != "merge-conflict" or problem.path not in texts:
            result.append(problem)
            continue
        if problem.path not in by_file:
            by_file[problem.path] = locate_conflicts(texts[problem.path], problem.path)
            lines[problem.path] = texts[problem.path].split("\n")
        block = next((b for b in by_file[problem.path] if b.line <= problem.line <= b.end_line), None)
        if block is None or not block.where:
            result.append(problem)
        else:
            marker = lines[problem.path][problem.line - 1][:MARKER]
            result.append(_conflict_problem(problem, block, marker, problem.line == block.line))
    return result


def conflict_problems(text: str, display: str) -> list[Problem]:
    """One located merge-conflict problem per conflict block of `text` (at its `<<<<<<<` line)."""
    return [_conflict_problem(Problem(display, block.line, 1, "merge-conflict", "", Level.ERROR), block,
                              "<" * MARKER, True) for block in locate_conflicts(text, display)]


__all__ = ["MARKER", "OURS", "THEIRS", "ConflictBlock", "conflict_messages", "conflict_problems",
           "explain_conflict_problems", "find_conflicts", "keep_side", "locate_conflicts", "path_at"]
