"""Reading YAML safely with positions, and writing files atomically.

Everything that turns bytes into a YAML document goes through `parse_source`:
it decodes (UTF-8, optional BOM), looks for merge-conflict markers and
control characters, then walks the event stream once (iteratively, so depth
cannot blow the stack) to refuse aliases, anchors, custom tags, duplicate
keys and runaway nesting *before* any tree is built.  Only then is the
round-trip document composed.  Every problem comes back as a value with the
line and column an editor or `git diff` would show.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import Level, Problem

BOM = "\ufeff"


@dataclass(frozen=True)
class Limits:
    """What a data file may hold before rectrack refuses to parse it.

    A round of a few hundred issues is well under 1 MiB and 8 levels deep;
    the defaults leave ample room while keeping a hostile file cheap to refuse.
    """

    max_bytes: int = 16 * 1024 * 1024
    max_depth: int = 32
    max_problems: int = 200  # per file: a binary file must not print a million lines


DEFAULT_LIMITS = Limits()

# Tags a hand-written file may legitimately use to force a type.
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)
# C0 controls except tab/LF/CR, DEL, and C1 controls except NEL (a YAML line break).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_RUAMEL_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


class LineMap:
    """Converts parser positions into the lines and columns editors and git show.

    ruamel counts a lone CR, NEL, U+2028 and U+2029 as line breaks; editors
    and git count only LF.  When a text has none of those, positions pass
    through unchanged (the common, cheap case).
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._ruamel_starts: list[int] | None = None
        if _ODD_BREAK.search(text):
            self._ruamel_starts = [0] + [m.end() for m in _RUAMEL_BREAK.finditer(text)]

    def from_index(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1

    def from_parser(self, line0: int, col0: int) -> tuple[int, int]:
        """1-based (line, column) of ruamel's 0-based line and column."""
        if self._ruamel_starts is None:
            return line0 + 1, col0 + 1
        line0 = min(line0, len(self._ruamel_starts) - 1)
        return self.from_index(self._ruamel_starts[line0] + col0)


@dataclass
class Source:
    """A decoded data file: its text and how to write it back the same way."""

    path: Path
    display: str
    text: str
    bom: bool = False
    newline: str = "\n"
    lines: LineMap = field(init=False)

    def __post_init__(self) -> None:
        self.lines = LineMap(self.text)


@dataclass
class Parsed:
    """The outcome of `parse_source`: a document when it could be built, and problems."""

    source: Source | None
    document: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(p.is_error for p in self.problems)


def make_yaml() -> YAML:
    """The one configured round-trip YAML instance; make a fresh one per file.

    Settings keep a user's file as it is: quotes preserved, no re-wrapping of
    long Chinese lines, unicode written as itself, block style with the
    sequence-under-mapping indentation the shipped files use.
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # duplicates are reported by the event guard
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    return yaml


def _construct_timestamp(constructor, node):
    # An impossible date such as 2024-13-45 would raise a bare ValueError
    # deep in ruamel; keep the text instead so validation can say where it is.
    try:
        return type(constructor).construct_yaml_timestamp(constructor, node)
    except ValueError:
        return constructor.construct_scalar(node)


def decode(data: bytes, display: str, path: Path) -> tuple[Source | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 (BOM allowed) and note its line endings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_problem(display, 1, 1, "encoding",
                               "file is UTF-16; save it as UTF-8")]
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = "save it as UTF-8"
        try:
            body.decode("gb18030")
            hint = "it looks like GBK/GB18030 (the Chinese Windows default); save it as UTF-8"
        except UnicodeDecodeError:
            pass
        return None, [_problem(display, line, column, "encoding",
                               f"not valid UTF-8 (byte 0x{body[exc.start]:02X}); {hint}")]
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(path=path, display=display, text=text, bom=bom, newline=newline), []


def read_source(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Source | None, list[Problem]]:
    """Read and decode a data file, refusing files over the size limit unread."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            return None, [_problem(display, 1, 1, "too-large",
                                   f"file is {size} bytes, over the limit of {limits.max_bytes}")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [_problem(display, 1, 1, "unreadable", f"cannot read file: {exc.strerror or exc}")]
    return decode(data, display, path)


def parse_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Check a decoded file and compose its round-trip document, or say why not."""
    problems = _scan_text(source, limits)
    if problems:
        return Parsed(source, None, problems)
    problems = _guard_events(source, limits)
    if any(p.is_error for p in problems):
        return Parsed(source, None, problems)
    try:
        document = make_yaml().load(source.text)
    except MarkedYAMLError as exc:  # pragma: no cover - the guard parses first
        return Parsed(source, None, problems + [_syntax_problem(source, exc)])
    except (YAMLError, RecursionError, ValueError) as exc:  # pragma: no cover - defensive
        return Parsed(source, None, problems + [_problem(source.display, 1, 1, "syntax", f"cannot read YAML: {exc}")])
    if document is None:
        problems.append(_problem(source.display, 1, 1, "empty-file",
                                 "file is empty; a round file starts with 'version: 1'"))
        return Parsed(source, None, problems)
    return Parsed(source, document, problems)


def _scan_text(source: Source, limits: Limits) -> list[Problem]:
    """Line-level checks that must run before YAML sees the text."""
    problems: list[Problem] = []
    for match in _CONFLICT_MARKER.finditer(source.text):
        line, _ = source.lines.from_index(match.start())
        problems.append(_problem(source.display, line, 1, "merge-conflict",
                                 f"unresolved git merge conflict marker '{match.group(1)}'; "
                                 "resolve the conflict and delete the marker lines"))
    for match in _CONTROL.finditer(source.text):
        line, column = source.lines.from_index(match.start())
        problems.append(_problem(source.display, line, column, "control-character",
                                 f"control character U+{ord(match.group()):04X} is not allowed in a data file"))
        if len(problems) >= limits.max_problems:
            break
    return problems


def _guard_events(source: Source, limits: Limits) -> list[Problem]:
    """Walk the event stream once, refusing what must never reach the composer."""
    problems: list[Problem] = []
    # One frame per open collection: [is_mapping, expecting_key, keys seen → line]
    stack: list[list] = []

    def add(mark, code: str, message: str) -> None:
        line, column = source.lines.from_parser(mark.line, mark.column)
        problems.append(_problem(source.display, line, column, code, message))

    def node_done() -> None:
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]

    try:
        for event in make_yaml().parse(source.text):
            if len(problems) >= limits.max_problems:
                break
            if isinstance(event, AliasEvent):
                add(event.start_mark, "alias",
                    f"aliases (*{event.anchor}) are not allowed; write the value out in full")
                node_done()
                continue
            if not isinstance(event, (ScalarEvent, CollectionStartEvent, MappingEndEvent, SequenceEndEvent)):
                continue
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
                node_done()
                continue
            if event.anchor is not None:
                add(event.start_mark, "anchor",
                    f"anchors (&{event.anchor}) are not allowed; they can make a small file expand enormously")
            tag = None if event.tag is None else str(event.tag)
            if tag is not None and tag not in _ALLOWED_TAGS:
                add(event.start_mark, "tag", f"tag '{_short(tag)}' is not allowed in a data file")
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if is_key and isinstance(event, ScalarEvent):
                seen = stack[-1][2]
                if event.value in seen:
                    add(event.start_mark, "duplicate-key",
                        f"duplicate key '{_short(event.value)}' (first on line {seen[event.value]})")
                else:
                    seen[event.value] = source.lines.from_parser(event.start_mark.line, 0)[0]
            if isinstance(event, ScalarEvent):
                node_done()
                continue
            if len(stack) >= limits.max_depth:
                add(event.start_mark, "too-deep",
                    f"nesting deeper than {limits.max_depth} levels is not allowed")
                break
            stack.append([isinstance(event, MappingStartEvent), True, {}])
            if isinstance(event, SequenceStartEvent):
                stack[-1][1] = False
    except MarkedYAMLError as exc:
        problems.append(_syntax_problem(source, exc))
    except YAMLError as exc:  # pragma: no cover - reader errors are pre-scanned
        problems.append(_problem(source.display, 1, 1, "syntax", f"cannot read YAML: {exc}"))
    return problems


def _syntax_problem(source: Source, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = source.lines.from_parser(mark.line, mark.column) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    if "\\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
        return _problem(source.display, line, column, "tab",
                        "tab character in indentation; YAML indents with spaces only")
    context = (exc.context or "").strip()
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context and context != problem else "")
    return _problem(source.display, line, column, "syntax", message)


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _problem(display: str, line: int, column: int, code: str, message: str,
             level: Level = Level.ERROR) -> Problem:
    return Problem(display, line, column, code, message, level)


def node_position(document: Any, loc: tuple, at_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) in the parser's counting of the node at `loc`.

    Walks as far as the document goes: a missing key resolves to the mapping
    that should hold it, which is where a person would add it.
    """
    node = document
    position = (getattr(getattr(node, "lc", None), "line", 0) or 0,
                getattr(getattr(node, "lc", None), "col", 0) or 0)
    for depth, key in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, CommentedMap) and key in node:
            position = node.lc.key(key) if (last and at_key) else node.lc.value(key)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            position = node.lc.item(key)
            node = node[key]
        else:
            break
    return position


def node_at(document: Any, loc: tuple) -> Any:
    """The node at `loc`, or None where the path leaves the document."""
    node = document
    for key in loc:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` completely or not at all.

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, take the original's permission bits (mkstemp creates 0600),
    and are renamed over the original; the folder is fsynced where the
    platform allows.  On any failure the temporary file is removed and the
    original is untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder this way.
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def today() -> dt.date:
    """Today's date; one place so tests and `--as-of` have a single source."""
    return dt.date.today()
