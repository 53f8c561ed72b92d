"""Plain round data → the text of a round file, in the style `rectrack init` and `add` write.

Two-space indentation, block style, dates unquoted, text quoted only where
YAML needs it and multi-line text as literal blocks (`yamledit`'s writers,
the same ones `add` uses), and comments: a head saying where the round came
from, and any per-issue comment lines (a ledger's 备注) above their issue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..yamledit import Layout, block_lines, sequence_lines

LAYOUT = Layout()


# What a data file may not hold even in a comment (the loader refuses them): shown as escapes.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")


def _comment(lines: Sequence[str], indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for line in lines:
        for part in line.replace("\r\n", "\n").split("\n"):
            part = _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                               else f"\\u{ord(m.group()):04x}", part.replace("\t", " "))
            out.append(f"{pad}# {part}".rstrip())
    return out


def round_text(data: dict, head: Sequence[str], comments: dict[str, list[str]] | None = None,
               modeline: str | None = None) -> str:
    """The round file for `data` (version, round, aspects), `head` as its opening comment lines.

    `comments` maps an issue id to comment lines written just above that issue.
    """
    comments = comments or {}
    lines: list[str] = [modeline] if modeline else []
    lines += _comment(head, 0)
    lines.append(f"version: {data['version']}")
    lines.append("round:")
    lines += block_lines({k: v for k, v in data["round"].items() if v is not None}, 2, LAYOUT)
    lines.append("aspects:")
    for aspect in data["aspects"]:
        head_fields = {k: v for k, v in aspect.items() if k != "issues"}
        item = sequence_lines([head_fields], 2, LAYOUT)
        lines += item
        lines.append("    issues:")
        for issue in aspect["issues"]:
            lines += _comment(comments.get(issue["id"], ()), 6)
            lines += sequence_lines([issue], 6, LAYOUT)
    return "\n".join(lines) + "\n"


def head_lines(result, imported_on) -> list[str]:
    """The opening comment of an imported round: where it came from and how to check it."""
    sheet = f"sheet {result.sheet}" if result.format != "csv" else f"CSV ({result.encoding})"
    return [
        f"Imported by `rectrack import` from {result.name}, {sheet}, on {imported_on.isoformat()}.",
        f"Header in row {result.header_row}; {result.rows_read} rows below it read into "
        f"{result.issues} issues in {result.aspects} aspects.",
        "Values the import interpreted (dates read from text, status words) are listed in its",
        "report with their cells; check them against the ledger. completed_by: a day the issue",
        "was completed no later than (the ledger gives no completion date).",
    ]


def imported_round(result, target, imported_on):
    """The text of the round file an import writes at `target`, and the problems
    `rectrack validate` would report in it (located in that text)."""
    from ..loader import display_path, load_text
    from ..schema import modeline

    text = round_text(result.data, head_lines(result, imported_on), result.comments, modeline(target))
    _, problems = load_text(text, display_path(target))
    return text, problems
