"""Reading a round file: bytes → checked text → one libyaml pass → plain data and a table of positions.

The steps, each a module importing only those before it:

- `limits`: what a file may hold (`Limits`), and how limits are written;
- `source`: a regular file's bytes, bounded (`read_bytes`), decoded as UTF-8
  with its BOM and line endings remembered (`decode`), lines as git counts them;
- `text`: size, lines, conflict markers, control characters, odd line breaks;
- `slips`: what a Chinese input method types by mistake ('：', '，', U+3000,
  “…”, full-width digits, 2024/6/30), each at its place with its `Fix`;
- `scalars`: what a scalar's text means, by the format's written rules;
- `parse`: the one pass over libyaml's events, giving `Parsed(data, positions,
  problems)`; it refuses aliases, tags, duplicate keys, deep nesting and the
  rest before any data is used.

Nothing here knows pydantic, the cache or the config: `loader` validates
what this gives and places every problem through `Positions`.
"""

from .limits import DEFAULT_LIMITS, LIMIT_ENV, Limits
from .parse import Parsed, Positions, parse
from .source import BOM, Source, decode, read_bytes, read_source

__all__ = ["BOM", "DEFAULT_LIMITS", "LIMIT_ENV", "Limits", "Parsed", "Positions", "Source", "decode", "parse",
           "read_bytes", "read_source"]
