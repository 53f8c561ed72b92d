"""The read path of read-only commands: libyaml where it is certain, the round-trip loader where it is needed.

`status`, `validate`, `list` and reports need validated models, not
positions.  ruamel's round-trip loader (and the event guard in `yamlio`,
which walks ruamel's pure-Python parser) costs about 1.4 ms per issue;
libyaml's C parser delivers the same events some 30 times faster.  So a
round file is read here in one pass over libyaml's events that

- refuses, by handing the file to the round-trip path, everything the
  guard refuses (aliases, anchors, tags, merge and duplicate keys, complex
  keys, too many nodes, nesting past `max_depth`, directives, more than one
  document, syntax errors), and everything whose value ruamel might read
  differently (any scalar that YAML 1.2 could resolve to something other
  than text, except plain `null`/`true`/`false`, decimal integers, simple
  decimals and YYYY-MM-DD dates; tabs; line breaks other than LF and CRLF);
- builds plain dicts and lists as it goes, so no tree of nodes is composed
  and no recursion happens: the walk stops at the first collection deeper
  than `max_depth`, exactly where the guard would, so libyaml never sees
  more nesting than the guard allows.

The guard's text stages (`yamlio.guard_text`: size, lines, merge markers,
control characters) run first, as they do for the round-trip path.  The
guard itself asks `vouches` before its own walk over ruamel's events, which
is as slow as composing: a file this pass vouches for is one in which that
walk would find nothing.  A file the fast pass accepts is
validated with pydantic and checked; only when that finds any problem at
all, error or warning, is the file read again by the round-trip loader,
whose result (model, problems, and their line:col) is the one returned.  A
clean file therefore gives the same model either way, and a file with
problems gives exactly the round-trip path's answer.  `tests/test_fastpath.py`
holds the two paths to that on every example file.

`cache` keeps what this module computes, so an unchanged file is not even
parsed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .yamlio import Limits, Parsed, Source, decode, guard_text, parse_source, read_source

if TYPE_CHECKING:
    from .cache import Cache, Entry, Key
    from .model import RoundFile
    from .problems import Problem

# pydantic and the models are imported where a file is validated: a run
# whose files all come from the cache may never need them.


class _NotSure(Exception):
    """The fast pass cannot vouch for this file; the round-trip loader decides."""


@functools.lru_cache(maxsize=1)
def _typed_scalars() -> tuple[re.Pattern, frozenset]:
    """What ruamel's YAML 1.2 resolver may read as something other than text, and those texts' first characters.

    Booleans, numbers in every notation, null, timestamps, merge and value
    keys: built from ruamel's own resolver table, so the two never disagree.
    """
    from ruamel.yaml.resolver import implicit_resolvers

    patterns, first = [], set()
    for versions, _tag, regexp, characters in implicit_resolvers:
        if (1, 2) in versions:
            patterns.append(f"(?:{regexp.pattern})")
            first.update(characters)
    return re.compile("|".join(patterns), re.X), frozenset(first)


# The forms read here, each giving the value ruamel's constructor gives.
_CONSTANTS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
              "FALSE": False, "~": None, "null": None, "Null": None, "NULL": None, "": None}
_DECIMAL = re.compile(r"0|-?[1-9][0-9]{0,17}")  # longer ones: Python caps int() at 4300 digits
_SIMPLE_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Whitespace and line breaks the two parsers might treat differently.
_UNUSUAL_TEXT = re.compile("[\t\x85\u2028\u2029]|\r(?!\n)")
_BAD_VALUE = re.compile("[\ud800-\udfff]")


def _plain(value: str, typed: re.Pattern, typed_first: frozenset) -> Any:
    """The value of a plain (unquoted, untagged) scalar, as ruamel's YAML 1.2 reading gives it."""
    if value and value[0] not in typed_first:
        return value
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if not typed.match(value):
        return value
    if _DECIMAL.fullmatch(value):
        return int(value)
    match = _DATE.fullmatch(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return value  # yamlio keeps an impossible date as text, for validation to place
    if _SIMPLE_FLOAT.fullmatch(value):
        return float(value)
    raise _NotSure(f"scalar {value[:20]!r}")


def libyaml_available() -> bool:
    """Whether PyYAML was built with libyaml; without it there is no fast pass."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


_last_vouched: tuple[str, Limits] | None = None  # the guard vouches, then TextDoc composes: one pass, not two


def compose_plain(text: str, limits: Limits) -> Any:
    """The data of a one-document YAML text whose top level is a mapping, as plain dicts, lists and scalars.

    Raises _NotSure for anything the round-trip path must judge (see the
    module docstring).  Never composes a node tree and never recurses.
    """
    if _UNUSUAL_TEXT.search(text):
        raise _NotSure("tab or unusual line break")
    import yaml
    from yaml.cyaml import CParser
    from yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )

    typed, typed_first = _typed_scalars()
    parser = CParser(text)
    get_event = parser.get_event
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    # One frame per open collection: [container, is_mapping, key, have_key, raw keys seen]
    stack: list[list] = []
    key_end_line = key_end_index = 0
    root: Any = None
    documents = nodes = 0
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                nodes += 1
                if event.anchor is not None or event.tag is not None:
                    raise _NotSure("anchor or tag")
                if event.implicit[0]:
                    value = _plain(event.value, typed, typed_first)
                else:
                    value = event.value
                    style = event.style
                    if style == '"' and _BAD_VALUE.search(value):
                        raise _NotSure("surrogate escape")
                    if style == "|" or style == ">":
                        # libyaml accepts `|#`, and blank first lines ruamel refuses.
                        if "#" in _line_from(text, event.start_mark.index) or not value or value[0] == "\n":
                            raise _NotSure("block scalar ruamel may read otherwise")
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                nodes += 1
                if event.anchor is not None or event.tag is not None:
                    raise _NotSure("anchor or tag")
                if len(stack) >= max_depth:
                    raise _NotSure("too deep")  # stop here: libyaml goes no deeper than the guard allows
                if stack and stack[-1][1] and not stack[-1][3]:
                    raise _NotSure("complex key")
                if kind is MappingStartEvent:
                    stack.append([{}, True, None, False, set()])
                else:
                    stack.append([[], False, None, False, None])
                if nodes > max_nodes:
                    raise _NotSure("too many nodes")
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = stack.pop()[0]
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise _NotSure("directive or second document")
                continue
            elif kind is StreamEndEvent:
                break
            elif kind is DocumentEndEvent:
                if event.explicit:
                    raise _NotSure("document end marker")  # libyaml and ruamel differ on what may follow
                continue
            elif kind is StreamStartEvent:
                continue
            else:  # AliasEvent
                raise _NotSure("alias")
            if nodes > max_nodes:
                raise _NotSure("too many nodes")
            if not stack:
                if not isinstance(value, dict):
                    raise _NotSure("not a mapping")  # a round file is one; leave the rest to the round-trip path
                root = value
                continue
            frame = stack[-1]
            if not frame[1]:
                frame[0].append(value)
            elif frame[3]:
                if kind is ScalarEvent and event.start_mark.line != key_end_line \
                        and "#" in text[key_end_index:event.start_mark.index]:
                    raise _NotSure("comment between a key and its text")  # ruamel crashes on some
                frame[0][frame[2]] = value
                frame[3] = False
            else:
                raw = event.value
                if raw in frame[4] or raw == "<<" or value in frame[0]:
                    raise _NotSure("duplicate or merge key")
                frame[4].add(raw)
                frame[2], frame[3] = value, True
                # The value follows at once: a scalar value's key is always the last key read.
                key_end_line, key_end_index = event.end_mark.line, event.end_mark.index
    except yaml.YAMLError as exc:
        raise _NotSure("libyaml refused the text") from exc
    finally:
        parser.dispose()
    if documents != 1:
        raise _NotSure("no document")
    return root


def compose_nodes(text: str, limits: Limits) -> Any:
    """ruamel's node tree of `text`, marks included, as `make_yaml().compose` gives it; None when not sure.

    For editing text in place (`yamledit.TextDoc`), which needs every node's
    start and end.  Built from libyaml's events in one iterative pass over a
    text `compose_plain` vouches for, with ruamel's own node classes and tag
    resolver.  Refused as well (the caller then composes with ruamel): empty
    and multi-line plain scalars, folded scalars, and a text without a final
    line break, for which ruamel records other marks or values (it places an
    empty value at the next token, marks folds with BEL characters, and
    counts lines differently at the very end).  `tests/test_fastpath.py`
    compares every node's kind, tag, value, style and marks with ruamel's.
    """
    if not text.endswith("\n") or not vouches(text, limits):
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
    _, typed_first = _typed_scalars()
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
            if kind is ScalarEvent:
                style = event.style or None
                value = event.value
                if style == ">" or (style is None and (not value or event.start_mark.line != event.end_mark.line)):
                    return None
                # Text that cannot be typed (first character) skips ruamel's resolver, as in compose_plain.
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


def _line_from(text: str, index: int) -> str:
    end = text.find("\n", index)
    return text[index:] if end < 0 else text[index:end]


def vouches(text: str, limits: Limits) -> bool:
    """Whether the guard's event walk would find nothing at all in `text` (False: it must run).

    The guard (`yamlio.guard`) asks this before walking ruamel's events.
    """
    global _last_vouched
    if not libyaml_available():
        return False
    if _last_vouched is not None and _last_vouched[0] is text and _last_vouched[1] == limits:
        return True
    try:
        compose_plain(text, limits)
    except _NotSure:
        return False
    _last_vouched = (text, limits)
    return True


def fast_model(source: Source, limits: Limits) -> RoundFile | None:
    """The model of a file that is clean beyond doubt, or None when the round-trip path must decide.

    Clean means: the guard would pass it, it validates, and the semantic
    checks find nothing, not even a warning.
    """
    from pydantic import ValidationError

    from . import checks
    from .model import RoundFile

    if guard_text(source, limits):
        return None
    try:
        data = compose_plain(source.text, limits)
    except _NotSure:
        return None
    if not isinstance(data, dict):
        return None
    try:
        model = RoundFile.model_validate(data)
    except ValidationError:
        return None
    if checks.check_round(model):
        return None
    return model


@dataclass
class Loaded:
    """One file's outcome: the model when it has no errors, its problems, and the round-trip parse if one was made.

    From the cache, `model` is None and `cached` holds the entry, whose model
    is decoded when someone asks for it (`cache.Entry.model`).
    """

    model: RoundFile | None
    problems: list[Problem] = field(default_factory=list)
    parsed: Parsed | None = None
    cached: Entry | None = None
    key: Key | None = None  # the cache key of the bytes read, when there is a cache and a regular file

    @property
    def has_model(self) -> bool:
        return self.model is not None or (self.cached is not None and self.cached.round_id is not None)


def load_source(source: Source, limits: Limits) -> Loaded:
    """Validate a decoded file: fast when it is clean, by the round-trip loader when it is not."""
    from .loader import validate_parsed

    if libyaml_available():
        model = fast_model(source, limits)
        if model is not None:
            return Loaded(model, [])
    parsed = parse_source(source, limits)
    model, problems = validate_parsed(parsed)
    return Loaded(model, problems, parsed)


def load_path(path: Path, display: str, limits: Limits, cache: Cache | None = None,
              reuse: bool = True) -> Loaded:
    """Load one round file, from `cache` when it holds this exact content, else by `load_source`.

    Files are read as `yamlio.read_source` reads them (bounded by
    `max_bytes`); anything but a regular file is left to `read_source`.
    `reuse=False` loads the file afresh and replaces its entry (one whose
    model would not decode).
    """
    keyed = read_keyed(path, limits) if cache is not None else None
    if keyed is None:
        source, problems = read_source(path, display, limits)
        return load_source(source, limits) if source is not None else Loaded(None, problems)
    data, key = keyed
    hit = cache.get(key, display) if reuse else None
    if hit is not None:
        return Loaded(None, hit.problems, cached=hit, key=key)
    source, problems = decode(data, display, path)
    if source is None:
        return Loaded(None, problems, key=key)
    loaded = load_source(source, limits)
    cache.put(key, loaded.model, loaded.problems)
    loaded.key = key
    return loaded


def read_keyed(path: Path, limits: Limits) -> tuple[bytes, Key] | None:
    """The bytes of a regular file within the size limit and their cache key; None for anything else."""
    from .cache import Key

    data, mtime_ns = read_regular(path, limits)
    return None if data is None else (data, Key.of(path, data, mtime_ns, limits))


def read_regular(path: Path, limits: Limits) -> tuple[bytes | None, int]:
    """The bytes and mtime of a regular file within the size limit; (None, 0) for anything else."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_bytes:
            return None, 0
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError:
        return None, 0
    if len(data) > limits.max_bytes:
        return None, 0
    return data, info.st_mtime_ns


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while loading.

    Loading allocates hundreds of thousands of small objects and frees
    almost none, so the collector's passes find nothing and cost 2 to 3
    times the parse itself.  Reference counting still frees memory as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["Loaded", "compose_nodes", "compose_plain", "fast_model", "gc_paused", "libyaml_available", "load_path", "load_source",
           "read_keyed", "read_regular", "vouches"]
