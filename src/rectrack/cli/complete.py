"""Shell completion (typer's --install-completion) of issue, round and aspect ids, statuses and owners.

Completion runs on every Tab press, so it never parses YAML or validates:
a line scanner reads ids, titles and owners from the block-style files
rectrack writes and people usually keep.  A file in an unusual style
(flow mappings) completes less; nothing here can fail loudly, because an
error message in the middle of a command line helps nobody.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[A-Za-z_]+):(?: +(?P<value>.*))?$")
_MAX_FILES = 200


@dataclass
class Scanned:
    """What one round file offers for completion."""

    round_id: str | None = None
    aspects: list[str] = field(default_factory=list)
    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (aspect, id, title)
    owners: list[str] = field(default_factory=list)


def _value(text: str | None) -> str:
    text = (text or "").strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = text.find(quote, 1)
        return text[1:end] if end > 0 else text[1:]
    return re.sub(r"\s+#.*$", "", text).strip()


def scan_text(text: str) -> Scanned:
    """Ids, titles and owners of a block-style round file, read line by line."""
    found = Scanned()
    stack: list[tuple[int, str]] = []
    aspect = ""
    issue: list | None = None
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        column = len(match["indent"]) + len(match["dashes"])
        while stack and stack[-1][0] >= column:
            stack.pop()
        parents = [key for _, key in stack]
        key, value = match["key"], _value(match["value"])
        if parents[-1:] == ["round"] and key == "id":
            found.round_id = value
        elif parents[-2:] == ["aspects", "issues"] or parents[-1:] == ["issues"] and "aspects" in parents:
            if match["dashes"]:
                issue = [aspect, "", ""]
                found.issues.append(issue)  # type: ignore[arg-type]
            if issue is not None and key == "id":
                issue[1] = value
            elif issue is not None and key == "title":
                issue[2] = value
            elif key == "owner" and value and value not in found.owners:
                found.owners.append(value)
        elif parents[-1:] == ["aspects"] and key == "id":
            aspect = value
            found.aspects.append(value)
        stack.append((column, key))
    found.issues = [tuple(i) for i in found.issues if i[1]]  # type: ignore[misc]
    return found


def _location(ctx) -> list[Path]:
    params = getattr(ctx, "params", None) or {}
    paths = params.get("paths")
    if paths:
        return [Path(p) for p in paths]
    if params.get("data"):
        return [Path(params["data"])]
    if os.environ.get("RECTRACK_DATA"):
        return [Path(os.environ["RECTRACK_DATA"])]
    try:
        from ..config import load_config

        config = load_config()
        if config.data:
            return [Path(config.data)]
        if config.root is not None:
            return [Path(config.root) / "data"]
    except Exception:  # noqa: BLE001 - a broken config must not break the shell
        pass
    return [Path("data")]


def scan_location(ctx) -> list[Scanned]:
    """Every round file under the command's data location, scanned."""
    files: list[Path] = []
    for path in _location(ctx):
        if path.is_dir():
            for folder, folders, names in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                files.extend(Path(folder) / n for n in sorted(names)
                             if n.lower().endswith((".yaml", ".yml")) and not n.startswith("."))
        elif path.is_file():
            files.append(path)
    results = []
    for path in files[:_MAX_FILES]:
        try:
            results.append(scan_text(path.read_text(encoding="utf-8-sig", errors="replace")))
        except OSError:
            continue
    return results


def complete_issue(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Issue ids with their titles, in file order: ROUND/ID for an id several rounds use.

    A shared id is never offered bare, since the command would refuse it;
    typing the round id (or a slash) switches to ROUND/ID for every issue.
    """
    rounds = scan_location(ctx)
    counts: dict[str, int] = {}
    for scanned in rounds:
        for _, issue_id, _ in scanned.issues:
            counts[issue_id] = counts.get(issue_id, 0) + 1
    out: list[tuple[str, str]] = []
    for scanned in rounds:
        for _, issue_id, title in scanned.issues:
            shared = counts[issue_id] > 1 or "/" in incomplete or not issue_id.startswith(incomplete)
            name = f"{scanned.round_id}/{issue_id}" if shared else issue_id
            if name.startswith(incomplete):
                out.append((name, title))
    return out


def complete_round(ctx, incomplete: str) -> list[str]:
    return [s.round_id for s in scan_location(ctx) if s.round_id and s.round_id.startswith(incomplete)]


def complete_aspect(ctx, incomplete: str) -> list[str]:
    """Aspect ids of the round given with --round, else of every round."""
    wanted = (getattr(ctx, "params", None) or {}).get("round_id")
    ids: list[str] = []
    for scanned in scan_location(ctx):
        if wanted and scanned.round_id != wanted:
            continue
        ids.extend(a for a in scanned.aspects if a.startswith(incomplete) and a not in ids)
    return ids


def complete_status(incomplete: str) -> list[tuple[str, str]]:
    """Canonical statuses and their Chinese aliases."""
    from ..model import STATUS_ALIASES

    words = []
    for status, aliases in STATUS_ALIASES.items():
        words.append((status.value, aliases[0]))
        words.extend((alias, status.value) for alias in aliases)
    return [(word, help_text) for word, help_text in words if word.startswith(incomplete)]


def complete_owner(ctx, incomplete: str) -> list[str]:
    owners: list[str] = []
    for scanned in scan_location(ctx):
        owners.extend(o for o in scanned.owners if o.startswith(incomplete) and o not in owners)
    return owners
