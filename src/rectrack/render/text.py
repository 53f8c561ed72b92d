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

def data_text(value: object, style: str = "", keep_newlines: bool = False) -> Text:
    """Data as a rich Text: never parsed as markup, never turned into emoji."""
    return Text(clean(value, keep_newlines=keep_newlines), style=style)


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
    )
