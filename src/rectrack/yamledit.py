"""Edit YAML text in place, at positions taken from the parse.

Round files are reviewed as git diffs, so an edit must look like a careful
human one: the lines it means to change and nothing else.  Dumping a
ruamel round-trip document re-flows what it does not model exactly
(indentation, comment spacing, blank lines), so `TextDoc` instead composes
the text once into nodes with start and end marks, turns every change into
a splice of the original text, and applies them all in `render`.  Every
byte outside the splices stays as it was.

New text follows the file's own style: the indentation its sequences and
nested mappings use (`Layout`, measured from the file), flow or block as the
neighbouring items are, its line endings, and plain scalars unless a value
needs quotes to read back as the same text.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Union

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from .config import current_limits
from .problems import RectrackError, did_you_mean
from .read import Source, parse

_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
# Both YAML versions must read a plain scalar as text: 1.2 is what rectrack
# reads, 1.1 is what many other tools (and people) still assume ("yes", "on").
_RESOLVERS = (VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1)))
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")
# Characters that must be escaped inside double quotes: controls, DEL and C1,
# the characters YAML treats as line breaks, and the byte order mark.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


class Raw(str):
    """Scalar text to write exactly as given (a value copied from the file itself)."""


Value = Union[str, int, bool, dt.date, list, dict, Raw]


@dataclass(frozen=True)
class Layout:
    """How a file indents what it nests, in columns; the defaults are the shipped files' style."""

    map_indent: int = 2  # keys of a nested mapping, relative to the parent key
    seq_offset: int = 2  # a sequence's dash, relative to the key that holds it
    item_offset: int = 2  # an item's content, relative to its dash


@dataclass(frozen=True)
class Splice:
    start: int
    end: int
    text: str
    order: int


# -- scalars ---------------------------------------------------------------------------

def plain_ok(text: str, flow: bool = False) -> bool:
    """True when `text` can be written without quotes and reads back as the same text."""
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if any(ch in text for ch in "\n\r\t") or _ESCAPE.search(text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and (_FLOW_UNSAFE & set(text) or ":" in text):
        return False
    return all(r.resolve(ScalarNode, text, (True, False)) == _STR_TAG for r in _RESOLVERS)


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar (JSON's escapes are valid YAML)."""
    body = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def format_scalar(value: Any, flow: bool = False) -> str:
    """A one-line YAML scalar for a str, date, bool or int value."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        raise TypeError("datetimes are not written; pass a date")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value if plain_ok(value, flow) else quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} as a scalar")


def _literal_ok(text: str) -> bool:
    # A literal block (|-) shows a multi-line note as it was typed; only
    # when it reads back exactly: no trailing newline or spaces, no controls,
    # and a first line that does not start with a space.
    if "\n" not in text or text.endswith("\n") or text.startswith((" ", "\n")):
        return False
    if "\r" in text or "\t" in text or _ESCAPE.sub("", text.replace("\n", "")) != text.replace("\n", ""):
        return False
    return all(line == line.rstrip() for line in text.split("\n"))


def quote_as(text: str, style: str) -> str:
    """`text` quoted in `style` (' or "): single quotes only where they can hold it."""
    if style == "'" and "\n" not in text and not _ESCAPE.search(text):
        return "'" + text.replace("'", "''") + "'"
    return quoted(text)


def flow_text(value: Value) -> str:
    """`value` in flow style: {a: 1, b: [x, y]}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return format_scalar(value, flow=True)


def block_lines(value: dict, column: int, layout: Layout) -> list[str]:
    """A mapping in block style, its keys at `column`: one string per line, no line ends."""
    lines: list[str] = []
    pad = " " * column
    for key, item in value.items():
        if isinstance(item, dict) and item:
            lines.append(f"{pad}{key}:")
            lines.extend(block_lines(item, column + layout.map_indent, layout))
        elif isinstance(item, list) and item:
            lines.append(f"{pad}{key}:")
            lines.extend(sequence_lines(item, column + layout.seq_offset, layout))
        elif isinstance(item, (dict, list)):
            lines.append(f"{pad}{key}: {flow_text(item)}")
        elif isinstance(item, str) and not isinstance(item, Raw) and _literal_ok(item):
            lines.append(f"{pad}{key}: |-")
            inner = " " * (column + layout.map_indent)
            lines.extend(f"{inner}{line}" if line else "" for line in item.split("\n"))
        else:
            lines.append(f"{pad}{key}: {format_scalar(item)}")
    return lines


def sequence_lines(items: list, dash: int, layout: Layout, offset: int | None = None,
                   flow_items: bool = False) -> list[str]:
    """A block sequence with its dashes at `dash`; `flow_items` writes mappings as {…}."""
    offset = layout.item_offset if offset is None else max(offset, 2)
    lead = " " * dash + "-" + " " * (offset - 1)
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict) and item and not flow_items:
            inner = block_lines(item, dash + offset, layout)
            lines.append(lead + inner[0][dash + offset:])
            lines.extend(inner[1:])
        elif isinstance(item, (dict, list)):
            lines.append(lead + flow_text(item))
        elif isinstance(item, str) and not isinstance(item, Raw) and _literal_ok(item):
            lines.append(lead + "|-")
            lines.extend(" " * (dash + offset) + line if line else "" for line in item.split("\n"))
        else:
            lines.append(lead + format_scalar(item))
    return lines


# -- the node tree ---------------------------------------------------------------------------

def make_yaml():
    """The one configured round-trip YAML instance of the editing side; make a fresh one per file.

    Settings keep a user's file as it is: quotes preserved, no re-wrapping of
    long Chinese lines, unicode written as itself, block style with the
    sequence-under-mapping indentation the shipped files use.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # the reader refuses duplicates before any edit
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@functools.lru_cache(maxsize=1)
def _typed_first() -> frozenset:
    """The first characters of every text ruamel's YAML 1.2 resolver may read as something other than a string."""
    from ruamel.yaml.resolver import implicit_resolvers

    first: set = set()
    for versions, _tag, _regexp, characters in implicit_resolvers:
        if (1, 2) in versions:
            first.update(characters)
    return frozenset(first)


def compose_nodes(text: str) -> Any:
    """ruamel's node tree of `text`, marks included, as `make_yaml().compose` gives it; None when not sure.

    For editing text in place (`TextDoc`), which needs every node's start
    and end.  Built from libyaml's events in one iterative pass over a text
    that `read.parse` accepted, with ruamel's own node classes and tag
    resolver, some 20 times faster than ruamel.  Refused (the caller then
    composes with ruamel): empty
    and multi-line plain scalars, folded scalars, and a text without a final
    line break, for which ruamel records other marks or values (it places an
    empty value at the next token, marks folds with BEL characters, and
    counts lines differently at the very end).  `tests/test_yamledit.py`
    compares every node's kind, tag, value, style and marks with ruamel's.
    """
    if not text.endswith("\n"):
        return None  # (at the very end of a text, libyaml counts one more line than ruamel)
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.resolver import VersionedResolver
    from yaml.cyaml import CParser
    from yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    resolver = VersionedResolver(version=(1, 2)).resolve
    typed_first = _typed_first()
    text_tag = resolver(ScalarNode, "text", (True, False))  # what plain text resolves to: str
    tags: dict = {}  # a ledger repeats its dates and numbers: resolve each text once

    def resolve(kind, value, implicit):
        if kind is not ScalarNode:
            return resolver(kind, value, implicit)
        key = (value, implicit)
        tag = tags.get(key)
        if tag is None:
            tag = tags[key] = resolver(kind, value, implicit)
        return tag
    parser = CParser(text)
    # One frame per open collection: (node, key waiting for its value: [] or [key], None for a sequence)
    stack: list[tuple] = []
    root = None
    try:
        while True:
            event = parser.get_event()
            kind = event.__class__
            if getattr(event, "tag", None) is not None:
                return None  # an explicit tag (`!!str 1`): ruamel's node records it, so ruamel composes
            if kind is ScalarEvent:
                style = event.style or None
                value = event.value
                if style == ">" or (style is None and (not value or event.start_mark.line != event.end_mark.line)):
                    return None
                # Text that cannot be typed (by its first character) skips ruamel's resolver.
                tag = text_tag if style or value[0] not in typed_first else resolve(ScalarNode, value, event.implicit)
                node = ScalarNode(tag, value, event.start_mark, event.end_mark, style=style)
            elif kind is MappingStartEvent:
                stack.append((MappingNode(resolve(MappingNode, None, event.implicit), [], event.start_mark,
                                          None, flow_style=event.flow_style), []))
                continue
            elif kind is SequenceStartEvent:
                stack.append((SequenceNode(resolve(SequenceNode, None, event.implicit), [], event.start_mark,
                                           None, flow_style=event.flow_style), None))
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is StreamEndEvent:
                break
            else:
                continue
            if not stack:
                root = node
                continue
            parent, waiting = stack[-1]
            if waiting is None:
                parent.value.append(node)
            elif waiting:
                parent.value.append((waiting.pop(), node))
            else:
                waiting.append(node)
    finally:
        parser.dispose()
    return root


# -- the document --------------------------------------------------------------------------

class TextDoc:
    """A decoded file, its node tree with positions, and the splices an edit has registered.

    Raises RectrackError when the text cannot be composed as YAML; the
    message points to `rectrack validate` for the details.
    """

    def __init__(self, source: Source) -> None:
        if re.search("\r(?!\n)", source.text):
            raise RectrackError(code="lone-cr", file=source.display)
        # The reader's checks first: nothing it refuses (aliases, tags, duplicate keys, depth) reaches a composer.
        problems = [p for p in parse(source, current_limits()).problems if p.is_error]
        if problems:
            more = len(problems) - 1
            raise RectrackError(code="edit-unparsed", file=source.display, problem=str(problems[0]),
                                problem_zh=said_in_chinese(problems[0]),
                                more=f" (and {more} more)" if more else "", more_zh=f"（另有{more}处）" if more else "")
        try:
            root = compose_nodes(source.text) or make_yaml().compose(source.text)
        except (YAMLError, RecursionError, ValueError):
            raise RectrackError(code="edit-not-yaml", file=source.display) from None
        if not isinstance(root, MappingNode):
            raise RectrackError(code="not-round-file", file=source.display)
        self.source = source
        self.text = source.text
        self.root = root
        self._splices: list[Splice] = []
        self._layout: Layout | None = None

    # navigation ---------------------------------------------------------------------

    @staticmethod
    def entry(mapping: Node | None, key: str) -> tuple[Node, Node] | None:
        """The (key node, value node) of `key` in a mapping node, or None."""
        if not isinstance(mapping, MappingNode):
            return None
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def get(self, mapping: Node | None, key: str) -> Node | None:
        found = self.entry(mapping, key)
        return found[1] if found else None

    def text_of(self, mapping: Node | None, key: str) -> str | None:
        """The scalar text of `key` (quotes removed), or None when absent, null or not a scalar."""
        node = self.get(mapping, key)
        if isinstance(node, ScalarNode) and not is_null(node):
            return node.value
        return None

    @staticmethod
    def keys(mapping: MappingNode) -> list[str]:
        return [k.value for k, _ in mapping.value if isinstance(k, ScalarNode)]

    # geometry -------------------------------------------------------------------------

    def column(self, index: int) -> int:
        return index - (self.text.rfind("\n", 0, index) + 1)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def next_line(self, index: int) -> int:
        """Where the line after the one holding `index` starts (the text's end on the last line)."""
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def line_number(self, index: int) -> int:
        """1-based line of a character index, counted as editors and git count."""
        return self.text.count("\n", 0, index) + 1

    def content_end(self, node: Node) -> int:
        """Index just past the last character that belongs to `node` (comments excluded)."""
        if isinstance(node, ScalarNode):
            end = node.end_mark.index
            if node.style in ("|", ">"):
                while end > node.start_mark.index + 1 and self.text[end - 1] in " \t\r\n":
                    end -= 1
            return end
        if node.flow_style or not node.value:
            return node.end_mark.index
        if isinstance(node, MappingNode):
            key, value = node.value[-1]
            return self.entry_end(key, value)
        return self.content_end(node.value[-1])

    def entry_end(self, key: Node, value: Node) -> int:
        if is_empty(value):
            return self._colon(key) + 1
        return max(self.content_end(value), key.end_mark.index)

    def _colon(self, key: Node) -> int:
        return self.text.index(":", key.end_mark.index)

    def span(self, node: Node) -> tuple[int, int]:
        """1-based first and last line of a node (a sequence item starts on its dash line)."""
        return self.line_number(node.start_mark.index), self.line_number(self.content_end(node))

    def newline(self, index: int) -> str:
        """The line ending used around `index`, for lines inserted there."""
        before = self.text.rfind("\n", 0, max(index, 1))
        if before > 0:
            return "\r\n" if self.text[before - 1] == "\r" else "\n"
        return self.source.newline

    @property
    def layout(self) -> Layout:
        """The indentation this file uses, by majority of what it already nests."""
        if self._layout is None:
            maps: Counter[int] = Counter()
            seqs: Counter[int] = Counter()
            items: Counter[int] = Counter()
            stack: list[Node] = [self.root]
            while stack:
                node = stack.pop()
                if isinstance(node, MappingNode):
                    for key, value in node.value:
                        stack.append(value)
                        if node.flow_style or getattr(value, "flow_style", True) or not value.value:
                            continue
                        if isinstance(value, MappingNode):
                            maps[self.column(value.value[0][0].start_mark.index) - self.column(key.start_mark.index)] += 1
                        elif isinstance(value, SequenceNode):
                            seqs[self.column(value.start_mark.index) - self.column(key.start_mark.index)] += 1
                elif isinstance(node, SequenceNode):
                    stack.extend(node.value)
                    if not node.flow_style:
                        for item in node.value:
                            offset = self._item_offset(item)
                            if offset is not None:
                                items[offset] += 1
            default = Layout()
            self._layout = Layout(
                map_indent=_most_common(maps, default.map_indent, minimum=1),
                seq_offset=_most_common(seqs, default.seq_offset, minimum=0),
                item_offset=_most_common(items, default.item_offset, minimum=2),
            )
        return self._layout

    def _item_offset(self, item: Node) -> int | None:
        """Columns from a block item's dash to its content, when both share a line."""
        start = item.start_mark.index
        dash = self.text.rfind("-", 0, start)
        if dash < 0 or self.text[dash + 1 : start].strip(" ") or "\n" in self.text[dash:start]:
            return None
        return start - dash

    # edits ------------------------------------------------------------------------------

    def _splice(self, start: int, end: int, text: str) -> None:
        self._splices.append(Splice(start, end, text, len(self._splices)))

    def splice(self, start: int, end: int, text: str) -> None:
        """Replace the text from `start` to `end` with `text` when rendering (`start == end`: insert).

        Insertions at one position come out in the order they were made;
        splices must not overlap (see `render`).
        """
        self._splice(start, end, text)

    def _insert_lines(self, position: int, lines: list[str], blank_before: int = 0) -> None:
        newline = self.newline(position)
        block = newline * blank_before + newline.join(lines)
        if position == len(self.text) and self.text and not self.text.endswith("\n"):
            self._splice(position, position, newline + block)  # keep "no newline at end of file"
        else:
            self._splice(position, position, block + newline)

    def set_scalar(self, mapping: MappingNode, key: str, value: Any, after: str | None = None) -> None:
        """Give `key` a new scalar value in place, or insert it after the entry `after`."""
        found = self.entry(mapping, key)
        if found is None:
            self.insert_entry(mapping, key, value, after)
            return
        key_node, node = found
        text = format_scalar(value, flow=bool(mapping.flow_style))
        if isinstance(node, ScalarNode) and node.style in ("'", '"') and isinstance(value, (str, dt.date)):
            # The value was quoted: the new one keeps its quotes.
            text = quote_as(value.isoformat() if isinstance(value, dt.date) else value, node.style)
        if isinstance(node, ScalarNode) and not is_empty(node):
            self._splice(node.start_mark.index, self.content_end(node), text)
        else:
            colon = self._colon(key_node)
            end = colon + 1 if is_empty(node) else self.content_end(node)
            self._splice(colon + 1, end, " " + text)

    def insert_entry(self, mapping: MappingNode, key: str, value: Value, after: str | None) -> None:
        """Add `key: value` after the entry `after` (None: before the first key)."""
        previous = self.entry(mapping, after) if after is not None else None
        if mapping.flow_style or not mapping.value:
            text = f"{key}: {flow_text(value)}"
            if previous is not None:
                self._splice(self.entry_end(*previous), self.entry_end(*previous), ", " + text)
            elif mapping.value:
                self._splice(mapping.value[0][0].start_mark.index, mapping.value[0][0].start_mark.index, text + ", ")
            else:
                self._splice(mapping.start_mark.index + 1, mapping.start_mark.index + 1, text)
            return
        first = mapping.value[0][0].start_mark.index
        column = self.column(first)
        lines = block_lines({key: value}, column, self.layout)
        if previous is not None:
            self._insert_lines(self.next_line(self.entry_end(*previous)), lines)
        else:
            newline = self.newline(first)
            self._splice(first, first, lines[0][column:] + newline + newline.join(lines[1:] + [" " * column]))

    def delete_entry(self, mapping: MappingNode, key: str) -> bool:
        """Remove `key` and its value (and the rest of its last line); False when absent."""
        found = self.entry(mapping, key)
        if found is None:
            return False
        key_node, value = found
        index = next(i for i, (k, _) in enumerate(mapping.value) if k is key_node)
        end = self.entry_end(key_node, value)
        following = mapping.value[index + 1][0].start_mark.index if index + 1 < len(mapping.value) else None
        if mapping.flow_style:
            if index > 0:
                self._splice(self.entry_end(*mapping.value[index - 1]), end, "")
            else:
                self._splice(key_node.start_mark.index, following if following is not None else end, "")
            return True
        start = self.line_start(key_node.start_mark.index)
        if not self.text[start : key_node.start_mark.index].strip(" "):
            self._splice(start, self.next_line(end), "")
        elif following is not None:
            # The key shares its line with a dash ("- completed_on: …"): the next key moves up.
            self._splice(key_node.start_mark.index, following, "")
        else:
            raise RectrackError(code="only-key", key=key)
        return True

    def insert_item(self, sequence: SequenceNode, value: Value, after_index: int | None = None) -> None:
        """Add an item after item `after_index` (default: the last), styled like its neighbours."""
        items = sequence.value
        if not items:
            raise ValueError("insert_item needs a sequence with items; use extend_list")
        index = len(items) - 1 if after_index is None else after_index
        anchor = items[index]
        if sequence.flow_style:
            end = self.content_end(anchor)
            self._splice(end, end, ", " + flow_text(value))
            return
        dash = self.column(sequence.start_mark.index)
        offset = self._item_offset(anchor)
        flow_items = isinstance(anchor, MappingNode) and bool(anchor.flow_style)
        lines = sequence_lines([value], dash, self.layout, offset, flow_items=flow_items)
        gap = self._gap(items[index - 1], anchor) if index > 0 else (
            self._gap(anchor, items[1]) if len(items) > 1 else 0)
        self._insert_lines(self.next_line(self.content_end(anchor)), lines, blank_before=gap)

    def insert_first(self, sequence: SequenceNode, value: Value) -> None:
        """Add an item before the first one, styled like it (a back-dated history entry)."""
        items = sequence.value
        if not items:
            raise ValueError("insert_first needs a sequence with items; use extend_list")
        first = items[0]
        if sequence.flow_style:
            start = first.start_mark.index
            self._splice(start, start, flow_text(value) + ", ")
            return
        dash = self.column(sequence.start_mark.index)
        flow_items = isinstance(first, MappingNode) and bool(first.flow_style)
        lines = sequence_lines([value], dash, self.layout, self._item_offset(first), flow_items=flow_items)
        # The line of the first item's dash (its content may start on the next line).
        self._insert_lines(self.line_start(self.text.rfind("-", 0, first.start_mark.index)), lines)

    def _gap(self, first: Node, second: Node) -> int:
        """Blank lines between two block items, when nothing but blank lines separates them."""
        between = self.text[self.next_line(self.content_end(first)) : self.line_start(second.start_mark.index)]
        if between.strip():
            return 0
        return between.count("\n")

    def extend_list(self, mapping: MappingNode, key: str, values: list, after: str | None = None) -> None:
        """Append `values` to the list under `key`, creating or converting the list as needed.

        An absent key is inserted after `after`; a null or empty list gets its
        first items; a single scalar (the accepted short form of a one-item
        list) becomes a list that keeps it, as written, first.
        """
        if not values:
            return
        found = self.entry(mapping, key)
        if found is None:
            self.insert_entry(mapping, key, list(values), after)
            return
        key_node, node = found
        if isinstance(node, SequenceNode) and node.value:
            for value in values:
                self.insert_item(node, value)
            return
        if isinstance(node, MappingNode):
            raise RectrackError(code="mapping-not-list", key=key)
        kept: list = []
        if isinstance(node, ScalarNode) and not is_null(node):
            raw = self.text[node.start_mark.index : self.content_end(node)]
            kept = [Raw(raw) if "\n" not in raw and node.style not in ("|", ">") else node.value]
        items = kept + list(values)
        colon = self._colon(key_node)
        end = colon + 1 if is_empty(node) else self.content_end(node)
        if mapping.flow_style:
            self._splice(colon + 1, end, " " + flow_text(items))
            return
        self._splice(colon + 1, end, "")  # a comment after the value stays on the key's line
        dash = self.column(key_node.start_mark.index) + self.layout.seq_offset
        self._insert_lines(self.next_line(end), sequence_lines(items, dash, self.layout))

    # result ------------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return bool(self._splices)

    def render(self) -> tuple[str, list[tuple[int, int]]]:
        """The edited text, and the character ranges of the new text that the splices wrote."""
        # At one position, insertions go before a replacement that starts there.
        splices = sorted(self._splices, key=lambda s: (s.start, s.end > s.start, s.order))
        parts: list[str] = []
        ranges: list[tuple[int, int]] = []
        cursor = length = 0
        for splice in splices:
            if splice.start < cursor:
                raise AssertionError(f"overlapping edits at {splice.start}")  # a bug, never data
            parts.append(self.text[cursor : splice.start])
            length += splice.start - cursor
            ranges.append((length, length + len(splice.text)))
            parts.append(splice.text)
            length += len(splice.text)
            cursor = splice.end
        parts.append(self.text[cursor:])
        return "".join(parts), ranges


def is_null(node: Node) -> bool:
    """A value YAML reads as null: nothing, `~` or `null`."""
    return (isinstance(node, ScalarNode) and node.style is None
            and str(node.tag).endswith(":null") and node.value in _NULL_WORDS)


def is_empty(node: Node) -> bool:
    """A value left out entirely (`key:` with nothing after it)."""
    return isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index and node.value == ""


def _most_common(counter: Counter, default: int, minimum: int) -> int:
    valid = [(value, count) for value, count in counter.items() if value >= minimum]
    if not valid:
        return default
    return max(valid, key=lambda vc: (vc[1], vc[0] == default))[0]


# -- what a round file holds, by its nodes ------------------------------------------------

@dataclass
class AspectOutline:
    """An aspect's id, its node, and its issues as (id, node) in file order."""

    id: str
    node: MappingNode
    issues_node: Node | None
    issues: list[tuple[str, MappingNode]] = field(default_factory=list)


@dataclass
class RoundOutline:
    """The ids of a round file and the nodes that hold them, read from the node tree alone."""

    round_id: str | None
    round_node: Node | None
    aspects_node: Node | None
    aspects: list[AspectOutline]

    def issue_ids(self) -> list[str]:
        return [issue_id for aspect in self.aspects for issue_id, _ in aspect.issues]

    def issue(self, issue_id: str) -> tuple[AspectOutline, MappingNode]:
        """The aspect and node of an issue; RectrackError naming close ids when it is absent."""
        for aspect in self.aspects:
            for candidate, node in aspect.issues:
                if candidate == issue_id:
                    return aspect, node
        raise RectrackError(code="no-issue", id=issue_id, where=f"round '{self.round_id}'",
                            where_zh=f"轮次“{self.round_id}”", unreadable="",
                            **did_you_mean(issue_id, self.issue_ids()))

    def aspect(self, aspect_id: str) -> AspectOutline:
        """The aspect with this id; RectrackError listing the aspects when it is absent."""
        for aspect in self.aspects:
            if aspect.id == aspect_id:
                return aspect
        ids = [a.id for a in self.aspects]
        raise RectrackError(code="no-aspect", aspect=aspect_id, round=self.round_id,
                            known=", ".join(ids) or "none", known_zh="、".join(ids) or "无")


def outline(doc: TextDoc) -> RoundOutline:
    """Round id, aspects and issues of a composed round file; odd shapes are skipped, not fatal."""
    round_node = doc.get(doc.root, "round")
    aspects_node = doc.get(doc.root, "aspects")
    aspects: list[AspectOutline] = []
    if isinstance(aspects_node, SequenceNode):
        for aspect_node in aspects_node.value:
            if not isinstance(aspect_node, MappingNode):
                continue
            issues_node = doc.get(aspect_node, "issues")
            aspect = AspectOutline(doc.text_of(aspect_node, "id") or "", aspect_node, issues_node)
            if isinstance(issues_node, SequenceNode):
                for issue_node in issues_node.value:
                    if isinstance(issue_node, MappingNode):
                        aspect.issues.append((doc.text_of(issue_node, "id") or "", issue_node))
            aspects.append(aspect)
    return RoundOutline(doc.text_of(round_node, "id"), round_node, aspects_node, aspects)


def said_in_chinese(problem) -> str:
    """`problem` as `validate --lang zh` prints it (its message in Chinese), on one line: for a stopping error."""
    from dataclasses import replace

    from .messages import localized

    return str(replace(problem, message=localized(problem, "zh")))
