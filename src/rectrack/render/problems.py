"""Problem output formats: a small registry of functions, one per `--format`.

Each formatter takes the sorted problems and returns the text to print on
stdout.  `text` is for people (`path:line:col: error: message [code]`),
`json` for scripts, `github` for workflow annotations on the right lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..problems import Problem
from .escape import clean, safe_json


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
    return safe_json(records)


def _github_escape(text: str, property_value: bool = False) -> str:
    # The workflow-command escaping GitHub documents for messages and properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _workspace_path(path: str) -> str:
    # Annotations name files relative to the repository root ($GITHUB_WORKSPACE);
    # a job that runs in a subfolder would otherwise point at missing files.
    import os

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            relative = os.path.relpath(os.path.abspath(path), os.path.abspath(workspace))
        except ValueError:  # another drive on Windows
            relative = path
        if relative != ".." and not relative.startswith(".." + os.sep):
            path = relative
    return path.replace("\\", "/")


def format_github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        command = "error" if p.is_error else "warning"
        path = _github_escape(clean(_workspace_path(p.path)), property_value=True)
        message = _github_escape(clean(f"{p.message} [{p.code}]"))
        lines.append(f"::{command} file={path},line={p.line},col={p.column},"
                     f"title={_github_escape('rectrack ' + p.code, property_value=True)}::{message}\n")
    return "".join(lines)


def localize(problems: Sequence[Problem], lang: str) -> list[Problem]:
    """`problems` with each message in `lang` where the catalog has it (`messages`); codes stay as they are."""
    from dataclasses import replace

    from ..messages import localized

    return [p if lang == "en" or not p.args else replace(p, message=localized(p, lang)) for p in problems]


FORMATS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
