"""Reading YAML safely with positions, and writing files atomically.

Everything that turns bytes into a YAML document goes through `read_source`
(bounded read) or `decode`, then `guard`, the one gate every loader path
calls before it builds a tree: size and line limits, merge-conflict markers
and control characters, then one iterative walk over the event stream (so
depth cannot blow the stack) refusing aliases, anchors, non-core tags, merge
and duplicate keys, too many nodes and runaway nesting.  Only then is the
round-trip document composed.  Every problem comes back as a value with the
line and column an editor or `git diff` would show.

Writing goes through `write_atomic` / `open_atomic`: a failure at any step
leaves the original file byte-identical and no temporary file behind.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .problems import Level, Problem, RectrackError

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

# ruamel is imported where it is used: a read served by libyaml or the cache
# never needs it, and importing it costs some 15 ms on every run.

BOM = "\ufeff"


@dataclass(frozen=True)
class Limits:
    """What a data file may hold before rectrack refuses to parse it.

    ruamel's pure-Python parser needs about 2 s and 35 MB per MiB of a
    realistic round (one node per 40 bytes), and a dense hostile file such
    as `[1,1,1,…]` about 60 µs and 1.3 kB per node; so bytes alone do not
    bound the work, nodes and lines do.  The defaults hold a round of some
    4 000 issues, or 300 issues with a year of weekly history, and keep the
    worst file that passes them to seconds and a few hundred MB.  Each can be
    changed with an environment variable (see `limits_from_env`) or the
    `[limits]` table of the config file; `max_depth` can never exceed
    DEPTH_CEILING, because the composer recurses once per level.
    """

    max_bytes: int = 4 * 1024 * 1024
    max_lines: int = 100_000
    max_nodes: int = 100_000
    max_depth: int = 32
    max_problems: int = 200  # per file: a binary file must not print a million lines

    def checked(self, **values: object) -> "Limits":
        """A copy with `values` changed; RectrackError names a value out of range."""
        for name, value in values.items():
            ceiling = _CEILINGS.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (
                    ceiling is not None and value > ceiling):
                bound = f"from 1 to {ceiling}" if ceiling else "of 1 or more"
                raise RectrackError(f"limit {name} must be a whole number {bound}, not {_short(str(value))}")
        return replace(self, **values)


DEFAULT_LIMITS = Limits()
# ruamel's composer recurses a few frames per level and hits Python's
# recursion limit near 250 levels; 100 keeps room for the CLI's own frames.
DEPTH_CEILING = 100
_CEILINGS = {"max_depth": DEPTH_CEILING}
LIMIT_ENV = {
    "max_bytes": "RECTRACK_MAX_BYTES",
    "max_lines": "RECTRACK_MAX_LINES",
    "max_nodes": "RECTRACK_MAX_NODES",
    "max_depth": "RECTRACK_MAX_DEPTH",
}
_SIZE = re.compile(r"(\d+)\s*(?:([KMG])(?:I?B)?)?", re.IGNORECASE)


def parse_limit(name: str, text: str) -> int:
    """A limit's value from text: a whole number; max_bytes also takes K, M or G (binary: 4M = 4 MiB)."""
    cleaned = text.strip().replace("_", "")
    match = _SIZE.fullmatch(cleaned)
    if match is None or (match.group(2) and name != "max_bytes"):
        example = "4194304 or 4M" if name == "max_bytes" else "100"
        raise RectrackError(f"limit {name} must be a whole number such as {example}, not '{_short(text)}'")
    factor = {None: 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[(match.group(2) or "").upper() or None]
    return int(match.group(1)) * factor


def limits_from_env(base: Limits = DEFAULT_LIMITS, environ: Mapping[str, str] | None = None) -> Limits:
    """`base` with any RECTRACK_MAX_BYTES / _LINES / _NODES / _DEPTH from the environment applied.

    Raises RectrackError naming the variable when a value is not a valid limit.
    """
    environ = os.environ if environ is None else environ
    values = {}
    for name, variable in LIMIT_ENV.items():
        text = environ.get(variable)
        if text is None or not text.strip():
            continue
        try:
            values[name] = parse_limit(name, text)
            base.checked(**{name: values[name]})
        except RectrackError as exc:
            raise RectrackError(f"${variable}: {exc}") from None
    return base.checked(**values)


def current_limits() -> Limits:
    """The limits in force when a caller passes none.

    Built-in defaults, then the `[limits]` table of the config file
    (rectrack.toml or [tool.rectrack]), then $RECTRACK_MAX_* variables.
    RectrackError for a malformed value in either place.
    """
    from .config import load_config

    return limits_from_env(DEFAULT_LIMITS.checked(**load_config().limits))


# Tags a hand-written file may legitimately use to force a type, by the kind of node they fit.
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MAPPING_TAGS = {_CORE + "map"}
_SEQUENCE_TAGS = {_CORE + "seq"}

# Git writes its markers at the start of a line, followed by a space and a
# label, or alone; a CRLF file keeps its CR before the newline.
_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t]|\r?$)", re.MULTILINE)
# C0 controls except tab/LF/CR, DEL, and C1 controls except NEL (a YAML line break).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
# What a double-quoted escape may not produce: a lone surrogate ("\ud800"),
# which no UTF-8 file or terminal can encode (csv and json writers fail
# halfway).  Control characters written as escapes ("\e") are kept: they are
# shown as escapes wherever rectrack prints them (render.text.clean).
_BAD_VALUE = re.compile("[\ud800-\udfff]")
_RUAMEL_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


class LineMap:
    """Converts parser positions into the lines and columns editors and git show.

    ruamel counts a lone CR, NEL, U+2028 and U+2029 as line breaks; editors
    and git count only LF.  When a text has none of those, positions pass
    through unchanged (the common, cheap case).
    """

    def __init__(self, text: str) -> None:
        # Both tables are built on first use: a file that loads cleanly never
        # asks for a position, and building them costs as much as libyaml's parse.
        self._text = text
        self._line_starts: list[int] | None = None
        self._ruamel_starts: list[int] | None = None
        self._odd = has_odd_break(text)

    @property
    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._line_starts

    def from_index(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1

    def from_parser(self, line0: int, col0: int) -> tuple[int, int]:
        """1-based (line, column) of ruamel's 0-based line and column."""
        if not self._odd:
            return line0 + 1, col0 + 1
        if self._ruamel_starts is None:
            self._ruamel_starts = [0] + [m.end() for m in _RUAMEL_BREAK.finditer(self._text)]
        line0 = min(line0, len(self._ruamel_starts) - 1)
        return self.from_index(self._ruamel_starts[line0] + col0)


def has_odd_break(text: str) -> bool:
    """Whether `text` has a line break that ruamel counts and editors do not (lone CR, NEL, U+2028, U+2029)."""
    # Plain `in` first: some 30 times faster than the regex on the usual text, which has none.
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return False
    return _ODD_BREAK.search(text) is not None


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
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # duplicates are reported by the event guard
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.Constructor = _lenient_constructor()
    return yaml


@functools.lru_cache(maxsize=1)
def _lenient_constructor() -> type:
    """ruamel's round-trip constructor, except that a typed scalar cannot crash it.

    An impossible date (2024-13-45), `!!int abc`, `!!bool maybe` or an integer
    of 5 000 digits would raise a bare ValueError or KeyError deep in ruamel;
    keep the text instead, so that validation says where it is and what is
    wrong with it.  A subclass, so other users of ruamel are not affected.
    """
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

    def lenient(method_name: str):
        method = getattr(RoundTripConstructor, method_name)

        def construct(constructor, node):
            try:
                return method(constructor, node)
            except (ValueError, KeyError, TypeError, OverflowError, ConstructorError):
                return constructor.construct_scalar(node)

        return construct

    class LenientConstructor(RoundTripConstructor):
        pass

    for name in ("int", "float", "bool", "timestamp"):
        LenientConstructor.add_constructor(_CORE + name, lenient(f"construct_yaml_{name}"))
    return LenientConstructor


_UTF_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SNIFF = 8000  # bytes looked at to tell text from binary, as git does


def decode(data: bytes, display: str, path: Path) -> tuple[Source | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 (a BOM is allowed and remembered) and note its line endings.

    Anything else is refused with one located problem saying what the file
    seems to be: UTF-16 or UTF-32 (by byte-order mark, or by NUL bytes
    between the letters), binary, or GBK/GB18030 (the Chinese Windows default).
    """
    for mark, name in _UTF_BOMS:
        if data.startswith(mark):
            return None, [_problem(display, 1, 1, "encoding", f"file is {name}; save it as UTF-8")]
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    sample = body[:_SNIFF]
    nuls = sample.count(0)
    if nuls and nuls * 4 >= len(sample):
        # ASCII written as UTF-16 has a NUL beside every letter, always on the same side.
        one_side = min(sample[0::2].count(0), sample[1::2].count(0)) * 10 <= nuls
        message = ("file looks like UTF-16 without a byte-order mark; save it as UTF-8" if one_side
                   else "file is binary (it is full of NUL bytes), not YAML text")
        return None, [_problem(display, 1, 1, "encoding", message)]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [_problem(display, line, column, "encoding",
                               f"not valid UTF-8 (byte 0x{body[exc.start]:02X}); {_encoding_hint(body)}")]
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(path=path, display=display, text=text, bom=bom, newline=newline), []


def _encoding_hint(body: bytes) -> str:
    if 0 in body[:_SNIFF]:
        return "it looks like a binary file, not YAML text"
    try:
        if re.search("[\u3400-\u9fff]", body.decode("gb18030")):  # compiled only on this error path
            return "it looks like GBK/GB18030 (the Chinese Windows default); save it as UTF-8"
    except UnicodeDecodeError:
        pass
    return "save it as UTF-8"


def read_source(path: Path, display: str, limits: Limits | None = None) -> tuple[Source | None, list[Problem]]:
    """Read and decode a data file, reading no more than the size limit.

    The read is bounded even when the size is unknown in advance (a pipe,
    /dev/zero, a /proc file that claims 0 bytes), so nothing named as a
    data file can make rectrack read forever or fill its memory.
    """
    limits = limits or current_limits()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > limits.max_bytes else handle.read(limits.max_bytes + 1)
    except OSError as exc:
        return None, [_problem(display, 1, 1, "unreadable", f"cannot read file: {exc.strerror or exc}")]
    if size > limits.max_bytes or len(data) > limits.max_bytes:
        return None, [_too_large(display, size if size > limits.max_bytes else None, limits)]
    return decode(data, display, path)


def _too_large(display: str, size: int | None, limits: Limits) -> Problem:
    what = f"{size} bytes" if size is not None else "larger than that"
    return _problem(display, 1, 1, "too-large",
                    f"file is over the size limit of {_size_text(limits.max_bytes)} ({what}); "
                    f"if it is genuine, raise {LIMIT_ENV['max_bytes']}")


def _size_text(size: int) -> str:
    for unit, factor in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def parse_source(source: Source, limits: Limits | None = None) -> Parsed:
    """Guard a decoded file, then compose its round-trip document, or say why not."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    limits = limits or current_limits()
    problems = guard(source, limits)
    if any(p.is_error for p in problems):
        return Parsed(source, None, problems)
    try:
        document = _compose(source)
    except MarkedYAMLError as exc:
        return Parsed(source, None, problems + [_syntax_problem(source, exc)])
    except (YAMLError, RecursionError, ValueError) as exc:  # pragma: no cover - defensive
        return Parsed(source, None, problems + [_problem(source.display, 1, 1, "syntax",
                                                         f"cannot read YAML: {_short(str(exc), 120)}")])
    except (NotImplementedError, AssertionError) as exc:  # pragma: no cover - see _compose
        return Parsed(source, None, problems + [_comment_problem(source, exc)])
    if document is None:
        problems.append(_problem(source.display, 1, 1, "empty-file",
                                 "file is empty; a round file starts with 'version: 1'"))
        return Parsed(source, None, problems)
    return Parsed(source, document, problems)


def guard(source: Source, limits: Limits | None = None) -> list[Problem]:
    """Every check a file must pass before a YAML tree may be built from it; errors mean: do not compose.

    This is the one gate.  Every loader path (the round-trip loader in
    `parse_source`, and any faster loader added later, e.g. libyaml's) must
    call it and compose only when it returns no errors: ruamel's composer
    raises RecursionError a few hundred levels deep, libyaml's C composer
    segfaults tens of thousands deep, and both expand aliases that make a
    500-byte file cost gigabytes in anything that walks the data.

    Stages, cheapest first; a stage that finds errors ends the check:
    1. size: bytes (`max_bytes`) and lines as the parser counts them (`max_lines`);
    2. text: git merge-conflict markers, control characters;
    3. events: one iterative walk over the parser's events (constant stack,
       stops at the first node past `max_depth` or `max_nodes`) refusing
       aliases, anchors, tags other than the core schema's (or on the wrong
       kind of node), merge keys (`<<`), duplicate keys, and escapes in
       double-quoted text that make lone surrogates, explicit tags that do
       not fit their value (`!!bool maybe`), and %YAML versions other than 1.2.
    Line breaks only ruamel counts (lone CR, NEL, U+2028, U+2029) are
    warnings: they explain an error that seems to be on the wrong line.
    At most `max_problems` problems are reported per stage.

    Stage 3 walks ruamel's pure-Python parser: 1.5 ms per issue, as much as
    composing the document.  When libyaml is available, `fastload.vouches`
    first runs the same refusals over libyaml's events (some 30 times
    faster, iterative, stopping at `max_depth`) and is conservative: it
    vouches only for a file in which this walk finds nothing at all, so the
    walk runs, and reports, exactly when there may be something to report.
    """
    limits = limits or current_limits()
    problems = guard_text(source, limits)
    if not problems and _vouched(source, limits):
        return []
    if not any(p.is_error for p in problems):
        problems += _guard_events(source, limits)
    return problems


def _vouched(source: Source, limits: Limits) -> bool:
    from .fastload import vouches  # fastload builds on this module

    return vouches(source.text, limits)


def guard_text(source: Source, limits: Limits | None = None) -> list[Problem]:
    """Stages 1 and 2 of `guard` (size and lines; conflict markers, control characters and odd line breaks).

    For a loader that walks a parser's events itself (`fastload`, on
    libyaml's): it must run these first, refuse everything stage 3 refuses,
    and hand any file it is unsure of to `parse_source`.
    """
    limits = limits or current_limits()
    problems = _check_size(source, limits)
    if not any(p.is_error for p in problems):
        problems += _scan_text(source, limits)
    return problems


def _check_size(source: Source, limits: Limits) -> list[Problem]:
    text = source.text
    if len(text) > limits.max_bytes or len(text.encode("utf-8", "surrogatepass")) + 3 * source.bom > limits.max_bytes:
        return [_too_large(source.display, None, limits)]
    # Lines as ruamel counts them: a file of lone CRs is as slow as one of LFs.
    lines = (text.count("\n") + text.count("\r") - text.count("\r\n")
             + text.count("\x85") + text.count("\u2028") + text.count("\u2029"))
    if lines > limits.max_lines:
        return [_problem(source.display, 1, 1, "too-many-lines",
                         f"file has {lines} lines, over the limit of {limits.max_lines}; "
                         f"if it is genuine, raise {LIMIT_ENV['max_lines']}")]
    return []


def _scan_text(source: Source, limits: Limits) -> list[Problem]:
    """Line-level checks that must run before YAML sees the text."""
    problems: list[Problem] = []
    text = source.text
    maybe_conflict = "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text or "|||||||" in text
    for match in _CONFLICT_MARKER.finditer(text) if maybe_conflict else ():
        line, _ = source.lines.from_index(match.start())
        problems.append(_problem(source.display, line, 1, "merge-conflict",
                                 f"unresolved git merge conflict marker '{match.group(1)}'; "
                                 "resolve the conflict and delete the marker lines"))
        if len(problems) >= limits.max_problems:
            return problems
    for match in _CONTROL.finditer(source.text):
        line, column = source.lines.from_index(match.start())
        problems.append(_problem(source.display, line, column, "control-character",
                                 f"control character U+{ord(match.group()):04X} is not allowed in a data file"))
        if len(problems) >= limits.max_problems:
            return problems
    for match in _ODD_BREAK.finditer(source.text) if source.lines._odd else ():
        line, column = source.lines.from_index(match.start())
        name = _BREAK_NAMES.get(match.group(), f"U+{ord(match.group()):04X}")
        problems.append(_problem(source.display, line, column, "odd-line-break",
                                 f"{name} starts a new line for YAML, but not for git or most editors; "
                                 "replace it with a normal line break or remove it", Level.WARNING))
        if len(problems) >= limits.max_problems:
            break
    return problems


_BREAK_NAMES = {"\r": "a carriage return (CR) without a line feed", "\x85": "NEL (U+0085)",
                "\u2028": "LINE SEPARATOR (U+2028)", "\u2029": "PARAGRAPH SEPARATOR (U+2029)"}


def _guard_events(source: Source, limits: Limits) -> list[Problem]:
    """Walk the event stream once, refusing what must never reach the composer."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    problems: list[Problem] = []
    # One frame per open collection: [is_mapping, expecting_key, keys seen → line]
    stack: list[list] = []
    nodes = 0

    def add(mark, code: str, message: str) -> None:
        line, column = source.lines.from_parser(mark.line, mark.column)
        problems.append(_problem(source.display, line, column, code, message))

    def node_done() -> None:
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]

    # The guard needs events and marks, not comments: ruamel's round-trip parser
    # raises NotImplementedError on some legal comment placements ("a: # c\n  text").
    yaml = YAML(typ="safe", pure=True)
    try:
        for event in yaml.parse(source.text):
            if len(problems) >= limits.max_problems:
                break
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
                node_done()
                continue
            if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 2)):
                # YAML 1.1 reads `no` as false and 0755 as octal: not the format's meaning.
                major, minor = event.version
                add(event.start_mark, "yaml-version",
                    f"only YAML 1.2 is read; remove the '%YAML {major}.{minor}' directive")
                continue
            if not isinstance(event, (ScalarEvent, CollectionStartEvent, AliasEvent)):
                continue
            nodes += 1
            if nodes > limits.max_nodes:
                add(event.start_mark, "too-many-nodes",
                    f"file has more than {limits.max_nodes} values, lists and mappings; "
                    f"if it is genuine, raise {LIMIT_ENV['max_nodes']}")
                break
            if isinstance(event, AliasEvent):
                add(event.start_mark, "alias",
                    f"aliases (*{_short(event.anchor)}) are not allowed; write the value out in full")
                node_done()
                continue
            if event.anchor is not None:
                add(event.start_mark, "anchor",
                    f"anchors (&{_short(event.anchor)}) are not allowed; "
                    "they can make a small file expand enormously")
            _check_tag(event, add, yaml.resolver)
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if is_key and not isinstance(event, ScalarEvent):
                add(event.start_mark, "complex-key",
                    "a key must be a name such as 'title', not a list or mapping")
            if isinstance(event, ScalarEvent):
                if event.style == '"' and _BAD_VALUE.search(event.value):
                    bad = ord(_BAD_VALUE.search(event.value).group())
                    add(event.start_mark, "lone-surrogate",
                        f"an escape in this quoted text makes U+{bad:04X}, half of a surrogate pair, "
                        "which no file or terminal can show; write the character itself")
                if is_key:
                    _check_key(event, stack[-1][2], source, add)
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
        problems.append(_problem(source.display, 1, 1, "syntax", f"cannot read YAML: {_short(str(exc), 120)}"))
    return problems


def _check_tag(event, add, resolver) -> None:
    if event.tag is None:
        return
    from ruamel.yaml.events import MappingStartEvent, ScalarEvent
    from ruamel.yaml.nodes import ScalarNode

    tag = str(event.tag)
    if isinstance(event, ScalarEvent):
        allowed = _SCALAR_TAGS
    elif isinstance(event, MappingStartEvent):
        allowed = _MAPPING_TAGS
    else:
        allowed = _SEQUENCE_TAGS
    shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
    if tag not in allowed:
        add(event.start_mark, "tag", f"tag '{_short(shown)}' is not allowed here; remove it")
    elif isinstance(event, ScalarEvent) and tag != _CORE + "str":
        # `!!bool maybe` would otherwise pass as the text "maybe", or crash ruamel.
        implicit = resolver.resolve(ScalarNode, event.value, (True, False))
        if implicit != tag and not (tag == _CORE + "float" and implicit == _CORE + "int"):
            add(event.start_mark, "tag",
                f"'{_short(event.value)}' is not a valid {shown} value; fix the value or remove the tag")


def _check_key(event, seen: dict, source: Source, add) -> None:
    if event.value == "<<" and event.style is None:
        add(event.start_mark, "merge-key",
            "merge keys (<<) are not allowed; write the keys out in full")
    elif event.value in seen:
        add(event.start_mark, "duplicate-key",
            f"duplicate key '{_short(event.value)}' (first on line {seen[event.value]})")
    else:
        seen[event.value] = source.lines.from_parser(event.start_mark.line, 0)[0]


def _syntax_problem(source: Source, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = source.lines.from_parser(mark.line, mark.column) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    outside_quotes = re.sub(r"'[^']*'", "''", problem)
    if "\\t" in problem or "tab" in outside_quotes.lower():
        return _problem(source.display, line, column, "tab",
                        "tab character in indentation; YAML indents with spaces only")
    context = (exc.context or "").strip()
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context and context != problem else "")
    return _problem(source.display, line, column, "syntax", excerpts(message))


_COMMENT_MARK = re.compile(r"CommentToken\('#.*?line: (\d+), col: (\d+)")


def _compose(source: Source, attempts: int = 20) -> Any:
    """The round-trip document of a guarded text.

    ruamel's round-trip reader raises NotImplementedError on some legal
    comment placements (a comment after "key:" whose value starts on the next
    line).  The document is only read here (edits splice the text itself), so
    such a comment is blanked out with spaces, keeping every position, and
    the text composed again.
    """
    text = source.text
    for _ in range(attempts):
        try:
            return make_yaml().load(text)
        except (NotImplementedError, AssertionError) as exc:
            match = _COMMENT_MARK.search(str(exc))
            if match is None:
                raise
            starts = [0] + [m.end() for m in _RUAMEL_BREAK.finditer(text)]
            line0, col0 = int(match.group(1)), int(match.group(2))
            if line0 >= len(starts):
                raise
            begin = starts[line0] + col0
            end = begin
            while end < len(text) and text[end] not in "\r\n\x85\u2028\u2029":
                end += 1
            if not text.startswith("#", begin):
                raise
            text = text[:begin] + " " * (end - begin) + text[end:]
    return make_yaml().load(text)


def _comment_problem(source: Source, exc: Exception) -> Problem:
    match = _COMMENT_MARK.search(str(exc))
    line, column = source.lines.from_parser(int(match.group(1)), int(match.group(2))) if match else (1, 1)
    return _problem(source.display, line, column, "comment-placement",
                    "rectrack cannot keep a comment placed here (after a key whose value starts "
                    "on the next line); move the comment to a line of its own")


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A quoted value: opens after a space or bracket, closes before a space or punctuation.
_LONG_QUOTED = re.compile(r"(?:(?<=[\s(\[])|^)'([^'\n]{41,}?)'(?=$|[\s;,.:)\]])")
MAX_MESSAGE = 300


def excerpts(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message` cut to `limit` characters, long quoted values first, each to a short excerpt.

    The last line of defence against an error message echoing a file's
    content (a secret in a symlinked file, a 10 kB key) into a CI log.
    Messages of ordinary length pass unchanged.
    """
    if len(message) <= 200:
        return message
    message = _LONG_QUOTED.sub(lambda m: f"'{_short(m.group(1))}'", message)
    return _short(message, limit)


def _problem(display: str, line: int, column: int, code: str, message: str,
             level: Level = Level.ERROR) -> Problem:
    return Problem(display, line, column, code, message, level)


def node_position(document: Any, loc: tuple, at_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) in the parser's counting of the node at `loc`.

    Walks as far as the document goes: a missing key resolves to the mapping
    that should hold it, which is where a person would add it.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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


class WriteError(RectrackError, OSError):
    """A file could not be written; the original is unchanged and no temporary file is left.

    Both a RectrackError (the CLI prints it on one line and exits 1) and an
    OSError (`errno` and `strerror` are the cause's), so callers may catch
    either; `str()` is the whole sentence.
    """

    def __init__(self, path: Path, cause: OSError, existed: bool) -> None:
        reason = cause.strerror or str(cause)
        if os.name == "nt" and isinstance(cause, PermissionError):
            reason += " (is the file open in another program?)"
        OSError.__init__(self, cause.errno, reason)
        self.filename = str(path)
        outcome = "the file is unchanged" if existed else "nothing was written"
        self.message = f"cannot write {path}: {reason}; {outcome}"

    def __str__(self) -> str:
        return self.message


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` completely or not at all; raises WriteError on failure."""
    with open_atomic(path, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def open_atomic(path: Path, mode: str = "wb", encoding: str | None = None,
                newline: str | None = None) -> Iterator[IO]:
    """A new file that replaces `path` when the block ends normally, and never otherwise.

    The content goes to a temporary file in the same folder, is flushed and
    fsynced, takes the original's owner and group where the OS allows it
    (root editing another user's file leaves it theirs) and its permission
    bits (mkstemp creates 0600), and is renamed over the original with
    `os.replace`; the folder is then fsynced where the platform allows.
    Temporary files of this very name that an earlier run left behind (a
    SIGKILL, a power cut) are removed after the write when over an hour old
    (see `_remove_stale`).  When anything fails (the writer raises
    halfway, as csv does on a lone surrogate; the disk is full; the file size
    limit is hit; fsync or the rename fails; the folder is read-only) the
    temporary file is removed, the original stays byte-identical, and an
    OSError becomes WriteError (other exceptions pass through unchanged).

    A symlink is followed, so the link stays a link and its target is
    replaced.  `mode` is "wb" or "w" (then `encoding` and `newline` apply).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_atomic writes whole files: mode 'w' or 'wb', not {mode!r}")
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        original = path.stat()
    except OSError:
        original = None
    existed = original is not None or path.exists()
    import tempfile  # here, not at the top: it imports random, shutil and more, which reads never need

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, exc, existed) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if original is not None:
            _keep_owner(tmp, original)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(path, exc, existed) from exc
        raise
    _fsync_folder(folder)
    _remove_stale(folder, path.name)


# A temporary file of ours is `.NAME.` + mkstemp's 8 characters + `.tmp`; one
# older than this was left by a run that was killed (a live write takes seconds).
STALE_TEMP_AGE = 3600.0
_MKSTEMP_NAME = "[a-z0-9_]{8}"


def _keep_owner(tmp: Path, original: os.stat_result) -> None:
    # Only root may give a file away; anyone may pass it to a group they are in.
    if not hasattr(os, "chown"):
        return
    for uid in (original.st_uid, -1):
        try:
            os.chown(tmp, uid, original.st_gid)
            return
        except OSError:
            continue


def _remove_stale(folder: Path, name: str) -> None:
    """Remove `.NAME.XXXXXXXX.tmp` files in `folder` over STALE_TEMP_AGE old, regular and the user's own."""
    import stat
    import time

    pattern = re.compile(re.escape(f".{name}.") + _MKSTEMP_NAME + re.escape(".tmp"))
    cutoff = time.time() - STALE_TEMP_AGE
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        candidates = [entry for entry in os.scandir(folder) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for entry in candidates:
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff
                    and (uid is None or info.st_uid == uid)):
                os.unlink(entry.path)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


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
