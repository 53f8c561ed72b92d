"""Find an issue or a round among the round files under the data location.

Commands name an issue as `ROUND_ID/ISSUE_ID` or as a bare `ISSUE_ID`; a bare
id that several rounds use is refused with the candidates listed, never
guessed.  The search is cheap: a file whose text does not contain the id at
all is never parsed, and the parse of the file that matches is handed on to
the editor, which reuses it when the file has not changed since.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .loader import discover, display_path
from .problems import RectrackError
from .yamledit import TextDoc
from .yamlio import read_source

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class AspectOutline:
    """An aspect's id, its node, and its issues as (id, node) in file order."""

    id: str
    node: MappingNode
    issues_node: Node | None
    issues: list[tuple[str, MappingNode]] = field(default_factory=list)


@dataclass
class RoundOutline:
    """The ids of a round file and the nodes that hold them, read from the parse alone."""

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
        raise RectrackError(f"no issue '{issue_id}' in round '{self.round_id}'"
                            + _did_you_mean(issue_id, self.issue_ids()))

    def aspect(self, aspect_id: str) -> AspectOutline:
        """The aspect with this id; RectrackError listing the aspects when it is absent."""
        for aspect in self.aspects:
            if aspect.id == aspect_id:
                return aspect
        known = ", ".join(a.id for a in self.aspects) or "none"
        raise RectrackError(f"no aspect '{aspect_id}' in round '{self.round_id}' (aspects: {known})")


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


def split_ref(ref: str) -> tuple[str | None, str]:
    """`ROUND/ISSUE` → (round, issue); `ISSUE` → (None, issue).  Refuses what cannot be an id."""
    text = ref.strip()
    round_id, _, issue_id = text.rpartition("/")
    for part, what in ((round_id, "round id"), (issue_id, "issue id")):
        if (part or what == "issue id") and not _ID.fullmatch(part):
            raise RectrackError(f"'{ref}' is not an issue id; write it like A2-3 or ROUND_ID/A2-3")
    return (round_id or None), issue_id


@dataclass
class Found:
    """A round file that holds what was looked for, with its parse."""

    path: Path
    doc: TextDoc
    round_id: str
    issue_id: str | None = None

    @property
    def display(self) -> str:
        return self.doc.source.display

    @property
    def line(self) -> int | None:
        """1-based line of the issue in the file, when one was looked for."""
        if self.issue_id is None:
            return None
        _, node = outline(self.doc).issue(self.issue_id)
        return self.doc.line_number(node.start_mark.index)


def _docs(paths: list[Path], needles: tuple[str, ...], unreadable: list[str]):
    """(path, doc) of each round file whose text contains every needle."""
    for path in discover(paths):
        display = display_path(path)
        source, _ = read_source(path, display)
        if source is None:
            unreadable.append(display)
            continue
        if not all(needle in source.text for needle in needles):
            continue
        try:
            yield path, TextDoc(source)
        except RectrackError:
            unreadable.append(display)


def _location_name(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _unreadable_note(unreadable: list[str]) -> str:
    if not unreadable:
        return ""
    return (f" ({len(unreadable)} file(s) could not be read: {', '.join(unreadable[:3])}"
            + ("…" if len(unreadable) > 3 else "") + "; run rectrack validate)")


def find_issue(paths: list[Path], ref: str) -> Found:
    """The one round file holding issue `ref` (`ROUND/ISSUE` or `ISSUE`).

    Raises RectrackError when no file holds it (naming close ids), or when
    a bare id is in several rounds (listing them as ROUND/ISSUE).
    """
    round_id, issue_id = split_ref(ref)
    unreadable: list[str] = []
    needles = (issue_id,) if round_id is None else (issue_id, round_id)
    matches: list[Found] = []
    for path, doc in _docs(paths, needles, unreadable):
        shape = outline(doc)
        if round_id is not None and shape.round_id != round_id:
            continue
        if issue_id in shape.issue_ids():
            matches.append(Found(path, doc, shape.round_id or "", issue_id))
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f"{m.round_id}/{issue_id} ({m.display})" for m in matches)
        if len({m.round_id for m in matches}) < len(matches):
            # ROUND_ID/ISSUE_ID cannot tell them apart: the files share a round id.
            raise RectrackError(f"issue '{issue_id}' is in {len(matches)} files whose rounds share an id: "
                                f"{names}; give each round its own id (rectrack validate reports it), "
                                "or name the file with --data")
        raise RectrackError(f"issue id '{issue_id}' is in {len(matches)} rounds: {names}; "
                            "name one as ROUND_ID/ISSUE_ID")
    known: list[str] = []
    rounds: list[str] = []
    for _, doc in _docs(paths, (), []):
        shape = outline(doc)
        rounds.append(shape.round_id or "")
        if round_id is None or shape.round_id == round_id:
            known.extend(shape.issue_ids())
    if round_id is not None and round_id not in rounds:
        raise RectrackError(f"no round '{round_id}' in {_location_name(paths)}"
                            + _did_you_mean(round_id, rounds) + _unreadable_note(unreadable))
    where = f"round '{round_id}'" if round_id else _location_name(paths)
    raise RectrackError(f"no issue '{issue_id}' in {where}" + _did_you_mean(issue_id, known)
                        + _unreadable_note(unreadable))


def find_round(paths: list[Path], round_id: str | None) -> Found:
    """The round file with this round id; with None, the only round there is.

    Raises RectrackError when there is no such round, or (for None) when
    there are several to choose from.
    """
    unreadable: list[str] = []
    if round_id is not None and not _ID.fullmatch(round_id):
        raise RectrackError(f"'{round_id}' is not a round id")
    found: list[Found] = []
    for path, doc in _docs(paths, (round_id,) if round_id else (), unreadable):
        shape = outline(doc)
        if shape.round_id is None:
            continue
        if round_id is None or shape.round_id == round_id:
            found.append(Found(path, doc, shape.round_id))
    if len(found) == 1:
        return found[0]
    if found and round_id is None:
        names = ", ".join(f"{f.round_id} ({f.display})" for f in found)
        raise RectrackError(f"{len(found)} rounds here: {names}; choose one with --round")
    if found:
        names = ", ".join(f.display for f in found)
        raise RectrackError(f"round id '{round_id}' is used by {len(found)} files: {names}; "
                            "run rectrack validate")
    if round_id is None:
        raise RectrackError(f"no round files in {_location_name(paths)}" + _unreadable_note(unreadable)
                            + "; create one with rectrack init")
    rounds = [outline(doc).round_id or "" for _, doc in _docs(paths, (), [])]
    raise RectrackError(f"no round '{round_id}' in {_location_name(paths)}"
                        + _did_you_mean(round_id, rounds) + _unreadable_note(unreadable))


def _did_you_mean(wanted: str, known: list[str]) -> str:
    close = difflib.get_close_matches(wanted, [k for k in known if k], n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


__all__ = ["Found", "RoundOutline", "AspectOutline", "find_issue", "find_round", "outline", "split_ref"]
