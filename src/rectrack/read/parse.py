"""The one pass over libyaml's events: plain data, a table of positions, and every structural problem.

`parse` is how every command reads a round file.  libyaml's C parser
emits events, each with its start mark (a character offset); one loop
over them, with an explicit stack (no recursion, so nesting cannot blow
the Python stack), builds at once

- the data as plain dicts, lists and scalars, each scalar resolved by the
  format's rules (`scalars`), not by any parser's defaults;
- `Positions`, the offset of every key and value, addressed by the path
  pydantic and the checks report (`aspects[2].issues[0].status`);
- the problems that must stop a file before anyone uses its data:
  anchors and aliases (a 500-byte file can expand to gigabytes), tags other
  than the core ones or not fitting their value, merge keys (`<<`),
  duplicate keys, keys that are lists or mappings, escapes that make lone
  surrogates, `%YAML` other than 1.2, a second document, more than
  `max_nodes` nodes or `max_depth` levels (the walk stops there, so libyaml
  never goes deeper than allowed), and syntax errors at libyaml's marks.

A file with any error gives no data; every problem found is still listed,
up to `max_problems`.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem, excerpts, short
from . import scalars
from .limits import LIMIT_ENV, Limits
from .source import Source
from .text import check_text

_ALLOWED_SCALAR_TAGS = frozenset({scalars.STR, scalars.INT, scalars.FLOAT, scalars.BOOL, scalars.NULL,
                                  scalars.TIMESTAMP})
_NO_KEY = object()  # a mapping frame waiting for its next key
_SURROGATE = re.compile("[\ud800-\udfff]")
_TYPED_FIRST = scalars.TYPED_FIRST
_plain = scalars.plain


class _Enough(Exception):
    """As many problems as a file may report (`max_problems`): the walk ends there."""


class _ComplexKey:
    """Stands in for a list or mapping used as a key (already reported), so the walk stays in step."""

    __slots__ = ()


class Positions:
    """Where each key and value of a parsed file starts, by its path in the data.

    Built by `parse` alongside the data: a mapping is recorded as
    `[start, {key: key offset}, {key: value position}]`, a sequence as
    `[start, [item position, …]]`, a scalar as its offset; offsets are
    turned into lines and columns only when a problem needs one.
    """

    __slots__ = ("root", "source")

    def __init__(self, root: Any, source: Source) -> None:
        self.root = root
        self.source = source

    def offset(self, loc: tuple, at_key: bool = False) -> int:
        """The character offset of the value at `loc` (of its key with `at_key`).

        Walks as far as the data goes: a missing key resolves to the mapping
        that should hold it, which is where a person would add it.
        """
        node = self.root
        index = _start(node)
        last = len(loc) - 1
        for depth, key in enumerate(loc):
            if type(node) is not list:
                break
            if len(node) == 3:
                values = node[2]
                try:
                    found = key in values
                except TypeError:
                    break
                if not found:
                    break
                child = values[key]
                index = node[1][key] if depth == last and at_key else _start(child)
                node = child
            elif isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(node[1]):
                node = node[1][key]
                index = _start(node)
            else:
                break
        return index

    def place(self, loc: tuple, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column), as git and editors count, of the value at `loc` (see `offset`)."""
        return self.source.lines.from_index(self.offset(loc, at_key))


def _start(position: Any) -> int:
    return position if type(position) is int else position[0]


@dataclass
class Parsed:
    """What reading one text gave: its data when there was no error, the positions, and the problems."""

    source: Source
    data: Any = None
    positions: Positions | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.is_error for p in self.problems)


def parse(source: Source, limits: Limits) -> Parsed:
    """Read a decoded text: the text checks, the input-method slips (`slips`), then the one pass over libyaml's events.

    Never raises for anything in the text.  `data` is None when any error
    was found (or the file holds no document); problems are in text order
    within each stage.
    """
    problems = check_text(source, limits)
    if any(p.is_error for p in problems):
        return Parsed(source, None, None, problems)
    # The slips of an input method, before libyaml: one that would make it misread the text stops here,
    # where libyaml would report it a line late and in other words.
    from .slips import STRUCTURAL, find_slips  # here: a run served by the cache never compiles its patterns

    slips = find_slips(source)
    problems += slips[: limits.max_problems]
    if any(p.is_error and p.code in STRUCTURAL for p in slips):
        return Parsed(source, None, None, problems)
    data, root, walked = _walk(source, limits)
    problems += walked
    if any(p.is_error for p in walked):
        return Parsed(source, None, None, problems)
    if data is None:
        problems.append(source.problem(0, "empty-file", "file is empty; a round file starts with 'version: 1'",
                                       _variant=None))
        return Parsed(source, None, None, problems)
    return Parsed(source, data, Positions(root, source), problems)


def _walk(source: Source, limits: Limits, text: str | None = None) -> tuple[Any, Any, list[Problem]]:
    import yaml
    from yaml.cyaml import CParser
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    text = source.text if text is None else text
    problems: list[Problem] = []
    max_depth, max_nodes, max_problems = limits.max_depth, limits.max_nodes, limits.max_problems

    def add(index: int, code: str, message: str, **args) -> None:
        problems.append(source.problem(index, code, message, **args))
        if len(problems) >= max_problems:
            raise _Enough  # a binary or mangled file must not list a million problems

    # One frame per open collection.  Mapping: [dict, {key: key offset}, {key: value position}, pending key, start];
    # sequence: [list, [item position, …], None, None, start].
    stack: list[list] = []
    root = root_position = None
    documents = nodes = 0
    parser = CParser(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                nodes += 1
                position = event.start_mark.index
                value = event.value
                tag = event.tag
                if tag is None and event.anchor is None:
                    if event.implicit[0]:
                        if value and value[0] not in _TYPED_FIRST:
                            pass  # text, the common case: no resolution needed
                        else:
                            value = _plain(value)
                    elif event.style == '"':
                        value = _checked_escapes(value, position, add)
                else:
                    value = _unusual_scalar(event, position, add)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                nodes += 1
                position = event.start_mark.index
                if event.anchor is not None:
                    _anchor(event, position, add)
                if event.tag is not None:
                    allowed = scalars.MAP if kind is MappingStartEvent else scalars.SEQ
                    if event.tag != allowed:
                        add(position, "tag", f"tag '{_shown_tag(event.tag)}' is not allowed here; remove it",
                            tag=_shown_tag(event.tag))
                if stack and stack[-1][2] is not None and stack[-1][3] is _NO_KEY:
                    add(position, "complex-key", "a key must be a name such as 'title', not a list or mapping",
                        _variant=None)
                if nodes > max_nodes:
                    add(position, "too-many-nodes", _too_many(max_nodes), limit=max_nodes, env=LIMIT_ENV["max_nodes"])
                    break
                if len(stack) >= max_depth:
                    add(position, "too-deep", f"nesting deeper than {max_depth} levels is not allowed", limit=max_depth)
                    break  # stop here: libyaml goes no deeper than the limit allows
                if kind is MappingStartEvent:
                    stack.append([{}, {}, {}, _NO_KEY, position])
                else:
                    stack.append([[], [], None, None, position])
                continue
            elif kind is MappingEndEvent:
                frame = stack.pop()
                value = frame[0]
                position = [frame[4], frame[1], frame[2]]
            elif kind is SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                position = [frame[4], frame[1]]
            elif kind is AliasEvent:
                nodes += 1
                position = event.start_mark.index
                add(position, "alias", f"aliases (*{short(event.anchor)}) are not allowed; write the value out in full",
                    anchor=short(event.anchor))
                value = None
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    add(event.start_mark.index, "syntax", "YAML syntax error: expected a single document in the "
                        "stream, but found another document; a round file is one document (remove the '---')",
                        _variant="documents")
                    break
                if event.version is not None and tuple(event.version) != (1, 2):
                    # YAML 1.1 reads `no` as false and 0755 as octal: not the format's meaning.
                    major, minor = event.version
                    end = event.end_mark.index  # at the '---' after the directive, where the document starts
                    add(end - 3 if text.startswith("---", end - 3) else event.start_mark.index, "yaml-version",
                        f"only YAML 1.2 is read; remove the '%YAML {major}.{minor}' directive",
                        version=f"{major}.{minor}")
                continue
            elif kind is StreamEndEvent:
                break
            else:  # stream start, document end
                continue
            if nodes > max_nodes:
                add(position if type(position) is int else position[0], "too-many-nodes", _too_many(max_nodes),
                    limit=max_nodes, env=LIMIT_ENV["max_nodes"])
                break
            if not stack:
                root, root_position = value, position
                continue
            frame = stack[-1]
            keys = frame[2]
            if keys is None:  # a sequence
                frame[0].append(value)
                frame[1].append(position)
            elif frame[3] is not _NO_KEY:  # the value of the pending key
                frame[0][frame[3]] = value
                keys[frame[3]] = position
                frame[3] = _NO_KEY
            else:  # a key
                if kind is not ScalarEvent:
                    value = _ComplexKey() if kind is not AliasEvent else value
                elif value == "<<" and event.implicit[0]:
                    add(position, "merge-key", "merge keys (<<) are not allowed; write the keys out in full", _variant=None)
                if value in frame[1]:
                    first_line = source.lines.from_index(frame[1][value])[0]
                    shown = short(str(event.value if kind is ScalarEvent else value))
                    add(position, "duplicate-key", f"duplicate key '{shown}' (first on line {first_line})",
                        key=shown, first_line=first_line)
                    value = _ComplexKey()  # keep both apart: the file is refused anyway
                frame[1][value] = position
                frame[3] = value
    except _Enough:
        pass
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "exceeded maximum nesting depth" and exc.problem_mark is not None \
                and exc.problem_mark.index < len(text):
            # libyaml scans a flow collection ahead before it emits a single event, and stops at
            # 1000 levels: walk the text up to there, which stops where the limit is passed.
            return _walk(source, limits, text[: exc.problem_mark.index])
        problems.append(_syntax_problem(source, exc))
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught by decode and the text checks
        problems.append(Problem(source.display, 1, 1, "syntax", f"cannot read YAML: {short(str(exc), 120)}"))
    finally:
        parser.dispose()
    if any(p.is_error for p in problems):
        return None, None, problems[:max_problems]
    return root, root_position, problems


def _too_many(max_nodes: int) -> str:
    return (f"file has more than {max_nodes} values, lists and mappings; "
            f"if it is genuine, raise {LIMIT_ENV['max_nodes']}")


def _anchor(event, position: int, add) -> None:
    add(position, "anchor", f"anchors (&{short(event.anchor)}) are not allowed; "
        "they can make a small file expand enormously", anchor=short(event.anchor))


def _checked_escapes(value: str, position: int, add) -> str:
    # libyaml refuses "\ud800" itself; a pair of escapes can still make one ("\ud800\u0041" is refused too).
    found = _SURROGATE.search(value)
    if found is not None:
        char = found.group()
        add(position, "lone-surrogate", _surrogate_message(ord(char)), codepoint=f"{ord(char):04X}")
    return value


def _surrogate_message(code: int) -> str:
    return (f"an escape in this quoted text makes U+{code:04X}, half of a surrogate pair, "
            "which no file or terminal can show; write the character itself")


def _unusual_scalar(event, position: int, add) -> Any:
    """A scalar with an anchor or a tag: report what is not allowed, resolve what is."""
    if event.anchor is not None:
        _anchor(event, position, add)
    value = event.value
    if event.style == '"':
        _checked_escapes(value, position, add)
    tag = event.tag
    if tag is None:
        return _plain(value) if event.implicit[0] else value
    if tag not in _ALLOWED_SCALAR_TAGS:
        add(position, "tag", f"tag '{short(_shown_tag(tag))}' is not allowed here; remove it",
            tag=short(_shown_tag(tag)))
        return value
    fits, resolved = scalars.tagged(value, tag)
    if not fits:
        add(position, "tag", f"'{short(value)}' is not a valid {_shown_tag(tag)} value; fix the value or remove the tag",
            _variant="value", value=short(value), tag=_shown_tag(tag))
    return resolved


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(scalars.CORE):] if tag.startswith(scalars.CORE) else tag


def _syntax_problem(source: Source, exc) -> Problem:
    """A syntax error at libyaml's mark, in words a person can act on."""
    mark = exc.problem_mark or exc.context_mark
    index = mark.index if mark is not None else 0
    text = source.text
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if problem == "found invalid Unicode character escape code" and exc.context_mark is not None:
        code = _escape_code(text, index)
        if code is not None and 0xD800 <= code <= 0xDFFF:
            return source.problem(exc.context_mark.index, "lone-surrogate", _surrogate_message(code),
                                  codepoint=f"{code:04X}")
    if problem == "found unknown escape character" and index + 1 < len(text):
        index += 1  # at the character after the backslash, which is the one that is wrong
        problem = f"unknown escape character {text[index]!r}"
    if index < len(text) and text[index] == "\t" or _tab_in_indentation(text, index):
        return source.problem(_tab_at(text, index), "tab", "tab character in indentation; YAML indents with spaces only",
                              _variant=None)
    detail = problem + (f" ({context})" if context and context != problem else "")
    message = excerpts(f"YAML syntax error: {detail}")
    return source.problem(min(index, len(text)), "syntax", message, detail=message[len("YAML syntax error: "):])


def _escape_code(text: str, index: int) -> int | None:
    # libyaml's mark is in the hex digits of "\uXXXX" (or "\UXXXXXXXX").
    index = text.rfind("\\", max(0, index - 10), index + 1)
    if index < 0:
        return None
    if text.startswith("\\u", index):
        digits = text[index + 2: index + 6]
    elif text.startswith("\\U", index):
        digits = text[index + 2: index + 10]
    else:
        return None
    try:
        return int(digits, 16)
    except ValueError:
        return None


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return start, len(text) if end < 0 else end


def _tab_in_indentation(text: str, index: int) -> bool:
    start, end = _line_bounds(text, min(index, len(text)))
    line = text[start:end]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indent and index <= start + len(indent)


def _tab_at(text: str, index: int) -> int:
    if index < len(text) and text[index] == "\t":
        return index
    start, _ = _line_bounds(text, min(index, len(text)))
    return text.find("\t", start)


__all__ = ["Parsed", "Positions", "parse"]
