"""A portfolio's figures grouped by unit, inspector, feedback year, kind or owner, one or two levels deep.

An inspection office oversees dozens of units over a term; it reads its
figures per unit, per year, per inspection group.  Everything here is a
pure function over small "cells": the counts of one round's issues with
one owner (`cells`).  Every grouping key is constant over a cell (a round
has one unit, inspector, year and kind; a cell has one owner), so any
grouping, at any depth, is a sum of cells, and `status`, `list`, `export`
and `site` all group the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .queries import DEFAULT_OVERDUE, Counts, OverdueRule, is_overdue
from .vocabulary import Status

if TYPE_CHECKING:
    from .model import RoundFile

GROUP_KEYS = ("unit", "inspector", "year", "kind", "owner")


@dataclass(frozen=True)
class RoundFacts:
    """What a round contributes to a group key: its unit, inspector, feedback year and kind."""

    round: str
    unit: str
    inspector: str | None
    year: int
    kind: str

    @classmethod
    def of(cls, round_file: RoundFile) -> "RoundFacts":
        meta = round_file.round
        return cls(meta.id, meta.unit, meta.inspector, meta.feedback.year, meta.kind)

    def as_json(self) -> dict:
        return {"unit": self.unit, "inspector": self.inspector, "year": self.year, "kind": self.kind}

    @classmethod
    def from_json(cls, round_id: str, data: dict) -> "RoundFacts":
        return cls(round_id, data["unit"], data["inspector"], data["year"], data["kind"])


@dataclass(frozen=True)
class Item:
    """One issue as grouping sees it: its round, aspect, owner, status and whether it is overdue."""

    facts: RoundFacts
    aspect: str
    owner: str | None
    status: Status
    overdue: bool


@dataclass(frozen=True)
class Cell:
    """The issues of one round with one owner: the unit every grouping adds up."""

    facts: RoundFacts
    owner: str | None
    aspects: frozenset[str]
    counts: Counts

    def key(self, by: str) -> str | int | None:
        return self.owner if by == "owner" else getattr(self.facts, by)


@dataclass(frozen=True)
class Group:
    """A group's figures; `groups` holds the next level when grouping two levels deep."""

    by: str
    key: str | int | None
    rounds: int
    counts: Counts
    groups: list["Group"] = field(default_factory=list)

    def as_json(self) -> dict:
        """The documented `status --json --by` object (its `key` as text, null when not given)."""
        data: dict = {"by": self.by, "key": None if self.key is None else str(self.key), "rounds": self.rounds,
                      **self.counts.as_dict()}
        if self.groups:
            data["groups"] = [g.as_json() for g in self.groups]
        return data


def model_items(pairs: Iterable[tuple[str, RoundFile]], as_of: dt.date,
                rule: OverdueRule = DEFAULT_OVERDUE) -> list[Item]:
    """Every issue of the rounds as an `Item`, overdue judged on `as_of` by `rule`."""
    items = []
    for _, model in pairs:
        facts = RoundFacts.of(model)
        items.extend(Item(facts, aspect.id, issue.owner, issue.status, is_overdue(issue, as_of, rule))
                     for aspect, issue in model.issues())
    return items


def record_items(records: Iterable[dict], facts: dict[str, RoundFacts]) -> list[Item]:
    """`list --json` records as `Item`s; `facts` maps each record's round id to its round's facts."""
    return [Item(facts[r["round"]], r["aspect"], r["owner"], Status(r["status"]), r["overdue"]) for r in records]


def cells(items: Iterable[Item]) -> list[Cell]:
    """The items summed per (round, owner), in the order each pair first appears."""
    tallies: dict[tuple[str, str | None], tuple[RoundFacts, set, dict]] = {}
    for item in items:
        entry = tallies.get((item.facts.round, item.owner))
        if entry is None:
            entry = tallies[(item.facts.round, item.owner)] = (item.facts, set(), dict.fromkeys(
                (*Status, "overdue"), 0))
        entry[1].add(item.aspect)
        entry[2][item.status] += 1
        entry[2]["overdue"] += item.overdue
    return [Cell(facts, owner, frozenset(aspects), Counts(
        aspects=len(aspects), issues=sum(tally[s] for s in Status),
        completed=tally[Status.COMPLETED], substantially_completed=tally[Status.SUBSTANTIALLY_COMPLETED],
        in_progress=tally[Status.IN_PROGRESS], not_started=tally[Status.NOT_STARTED], overdue=tally["overdue"]))
        for (_, owner), (facts, aspects, tally) in tallies.items()]


def check_keys(by: Sequence[str]) -> None:
    """Refuse an unknown key, a repeated one or more than two levels (`problems.BadValue`, a ValueError)."""
    from .problems import BadValue

    unknown = [b for b in by if b not in GROUP_KEYS]
    if unknown:
        raise BadValue(code="by-unknown", key=unknown[0], keys=", ".join(GROUP_KEYS))
    repeated = next((key for i, key in enumerate(by) if key in by[:i]), None)
    if repeated is not None:
        raise BadValue(code="by-repeated", key=repeated)
    if len(by) > 2:
        raise BadValue(code="by-too-deep")


def sort_key(by: str):
    """How groups of `by` are ordered: years ascending; others by issues descending, then by key.

    Groups without a key (no inspector, no owner written) come last.
    """
    if by == "year":
        return lambda g: (g.key is None, g.key or 0)
    return lambda g: (g.key is None, -g.counts.issues, str(g.key or ""))


def group(cells_: Iterable[Cell], by: Sequence[str]) -> list[Group]:
    """The cells grouped by `by[0]`, each group by `by[1]` when given; ordered by `sort_key`."""
    if not by:
        return []
    buckets: dict = {}
    for cell in cells_:
        buckets.setdefault(cell.key(by[0]), []).append(cell)
    groups = [Group(by[0], key, len({c.facts.round for c in members}), _total(members), group(members, by[1:]))
              for key, members in buckets.items()]
    return sorted(groups, key=sort_key(by[0]))


def _total(members: list[Cell]) -> Counts:
    total = Counts()
    for cell in members:
        total = total + cell.counts
    # An aspect with issues of two owners is one aspect, however the cells split it.
    aspects = len({(c.facts.round, a) for c in members for a in c.aspects})
    return Counts(aspects, *(getattr(total, k) for k in
                             ("issues", "completed", "substantially_completed", "in_progress", "not_started",
                              "overdue")))


def total(cells_: Iterable[Cell]) -> Group:
    """All the cells as one group (by "total"): the total row under a table of groups."""
    members = list(cells_)
    return Group("total", None, len({c.facts.round for c in members}), _total(members))


@dataclass(frozen=True)
class Section:
    """The items of one innermost group: its key path (a (by, key) pair per level), figures and members."""

    path: tuple[tuple[str, str | int | None], ...]
    group: Group
    members: list[int]  # indices into the items, in their order


def sections(items: Sequence[Item], by: Sequence[str]) -> list[Section]:
    """The items split into their innermost groups, in group order (see `sort_key`); members keep their order."""
    places: dict[tuple, list[int]] = {}
    for index, item in enumerate(items):
        places.setdefault(tuple(item.owner if b == "owner" else getattr(item.facts, b) for b in by), []).append(index)
    found: list[Section] = []

    def walk(level: Sequence[Group], path: tuple) -> None:
        for g in level:
            here = (*path, (g.by, g.key))
            if g.groups:
                walk(g.groups, here)
            else:
                found.append(Section(here, g, places[tuple(key for _, key in here)]))

    walk(group(cells(items), by), ())
    return found


def grouped_order(items: Sequence[Item], by: Sequence[str]) -> list[int]:
    """Indices of `items` sorted into group order, file order kept within a group."""
    return [index for section in sections(items, by) for index in section.members]


__all__ = ["GROUP_KEYS", "Cell", "Group", "Item", "RoundFacts", "Section", "cells", "check_keys",
           "group", "grouped_order", "model_items", "record_items", "sections", "sort_key", "total"]
