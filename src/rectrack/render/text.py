"""Data as rich text, and the console factory.

Data files are written by anyone; their text must print literally.  rich
would otherwise read `[red]` as markup and `:smile:` as an emoji, and it
passes ESC and other control characters straight to the terminal, where
they can clear the screen, retitle the window or hide text behind bidi
overrides.  `data_text` passes every value through `escape.clean`, and the
console is built with markup and emoji off, so styling is only ever ours.
"""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.text import Text

from .escape import clean

# The most characters of one value the terminal shows: laying out a table
# cell costs more than linear time in its length (one 1.3-million-character
# title took `list` 23 s), and nobody reads past a page.  --json and the
# exports give every value whole.
MAX_SHOWN = 2000


def data_text(value: object, style: str = "", keep_newlines: bool = False) -> Text:
    """Data as a rich Text: never parsed as markup, never turned into emoji, cut at MAX_SHOWN characters (…)."""
    text = "" if value is None else str(value)
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN - 1] + "…"
    return Text(clean(text, keep_newlines=keep_newlines), style=style)


def _environ() -> dict[str, str]:
    # COLUMNS=0 (or LINES=0, or junk) is an unknown size, not a zero-wide one: rich would print nothing.
    return {name: value for name, value in os.environ.items()
            if name not in ("COLUMNS", "LINES") or (value.strip().isdigit() and int(value) > 0)}


class _Console(Console):
    """rich exits 1 on a closed pipe by itself; let the CLI decide, as for any other output."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def make_console(file: IO[str] | None = None, width: int | None = None, stderr: bool = False) -> Console:
    """A console that prints data literally; colour only on a terminal, NO_COLOR honoured.

    `width` pins the layout (tests); otherwise rich measures the terminal, or
    uses $COLUMNS, or 80 columns when output is piped.
    """
    no_color = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    return _Console(
        file=file,
        stderr=stderr,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=no_color,
        soft_wrap=False,
        _environ=_environ(),
    )
