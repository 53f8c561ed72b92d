"""One sanitizer for every piece of data that reaches the terminal, and the console factory.

Data files are written by anyone; their text must print literally.  rich
would otherwise read `[red]` as markup and `:smile:` as an emoji, and it
passes ESC and other control characters straight to the terminal, where
they can clear the screen, retitle the window or hide text behind bidi
overrides.  `clean` makes such characters visible as escapes, and the
console is built with markup and emoji off, so styling is only ever ours.
"""

from __future__ import annotations

import os
import re
from typing import IO

from rich.console import Console
from rich.text import Text

# C0 and C1 controls (tab and newline are handled separately), DEL, the
# invisible format characters that reorder or hide text (bidi marks,
# embeddings, overrides and isolates, zero-width characters, BOM,
# interlinear annotations, the Mongolian vowel separator, invisible "tag"
# letters that smuggle hidden ASCII), and lone surrogates, which no output
# encoding can write.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON escape of an astral character is a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_json(data: object) -> str:
    """`data` as indented JSON that is safe to print, ending in a newline.

    Chinese stays readable (no `ensure_ascii`), but every character `clean`
    would escape is written as a JSON `\\uXXXX` escape: a script reading the
    JSON gets the data unchanged, and a terminal showing it gets no raw
    control or bidi characters.  Outside strings JSON holds only ASCII, so
    the escapes can only land inside strings.
    """
    import json

    return _UNSAFE.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def clean(value: object, keep_newlines: bool = False) -> str:
    """Data text made safe to print: control and bidi characters shown as escapes."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _UNSAFE.sub(_escape, text)


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
