"""Problem output formats: a small registry of functions, one per `--format`.

Each formatter takes the sorted problems and returns the text to print on
stdout.  `text` is for people (`path:line:col: error: message [code]`),
`json` for scripts, `github` for workflow annotations on the right lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..problems import Problem
from .text import clean


def format_text(problems: Sequence[Problem]) -> str:
    return "".join(f"{clean(str(p))}\n" for p in problems)


def format_json(problems: Sequence[Problem]) -> str:
    records = [
        {
            "file": p.path,
            "line": p.line,
            "column": p.column,
            "severity": p.level.value,
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _github_escape(text: str, property_value: bool = False) -> str:
    # The workflow-command escaping GitHub documents for messages and properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        command = "error" if p.is_error else "warning"
        path = _github_escape(p.path.replace("\\", "/"), property_value=True)
        message = _github_escape(clean(f"{p.message} [{p.code}]"))
        lines.append(f"::{command} file={path},line={p.line},col={p.column},"
                     f"title={_github_escape('rectrack ' + p.code, property_value=True)}::{message}\n")
    return "".join(lines)


FORMATS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
