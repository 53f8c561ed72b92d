"""The JSON Schema of a round file, for editors, and the modeline that points an editor at it.

The YAML language server (VS Code, JetBrains, Neovim, Helix) completes keys,
shows each field's meaning in English and Chinese, and flags mistakes while
typing when a file names a JSON Schema.  The schema is generated from the
pydantic models in `model`, so it cannot drift from what `validate` reads:
each of the model's "before" validators maps to the JSON fragment that
accepts exactly what it accepts (status words in any case, Chinese aliases,
ids written as numbers, a single measure written as text…).

The schema covers structure only: keys, types, allowed words, required keys.
Rules that span fields or files (unique ids, completed_on for completed
issues, dates in order, declared figures matching the ledger, real calendar
dates) stay in `checks` and are reported by `rectrack validate`.

Where a modeline points (`modeline`): a file inside a repository that holds
a copy of the schema at `schema/rectrack-round.schema.json` (written by
`rectrack schema -o`) gets the path of that copy relative to the file, so
the editor works offline and sees the schema of the rectrack the repository
uses; any other file gets `SCHEMA_URL`, the schema committed in rectrack's
own repository.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

from . import model
from .config import walk_up
from .model import KIND_ALIASES, STATUS_ALIASES, RoundFile, Status

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schema"
SCHEMA_NAME = "rectrack-round.schema.json"
SCHEMA_URL = f"https://raw.githubusercontent.com/rectrack/rectrack/main/{SCHEMA_DIR}/{SCHEMA_NAME}"
MODELINE_PREFIX = "# yaml-language-server: $schema="


def _any_case(word: str) -> str:
    """A regex for `word` in any letter case, with '_' also written as spaces or dashes.

    Mirrors `model.parse_status`: the word is stripped, lowered, and runs of
    spaces and dashes become one underscore.
    """
    parts = []
    for char in word:
        if char == "_":
            parts.append(r"(?:_|[\s-]+)")
        elif char.isascii() and char.isalpha():
            parts.append(f"[{char.lower()}{char.upper()}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _words_pattern(case_folded: list[str], exact: list[str]) -> str:
    alternatives = [_any_case(w) for w in case_folded] + [re.escape(w) for w in exact]
    return r"^\s*(?:" + "|".join(alternatives) + r")\s*$"


def _status_schema() -> dict[str, Any]:
    canonical = [s.value for s in Status]
    aliases = [a for s in Status for a in STATUS_ALIASES.get(s, ())]
    listing = "; ".join(f"{s.value} ({', '.join(STATUS_ALIASES.get(s, ()))})" for s in Status)
    return {
        "title": "Status · 整改状态",
        "description": f"Where an issue stands · 整改状态: {listing}. "
        "Canonical words may be written in any case, with spaces or dashes.",
        "anyOf": [
            # The enum is what editors offer for completion; the pattern
            # accepts the spellings rectrack also reads ("In Progress").
            {"enum": canonical + aliases},
            {"type": "string", "pattern": _words_pattern(canonical, aliases)},
        ],
    }


def _kind_schema() -> dict[str, Any]:
    words = list(KIND_ALIASES)
    ascii_words = [w for w in words if w.isascii()]
    other_words = [w for w in words if not w.isascii()]
    return {
        "title": "Kind · 类型",
        "description": "inspection (巡察, 巡视) | audit (审计) | other (其他)",
        "anyOf": [
            {"enum": words},
            {"type": "string", "pattern": _words_pattern(ascii_words, other_words)},
        ],
    }


_DATE = {
    # Not `format: date`: editors would then flag 2024-6-30, which rectrack
    # reads as a date.  Impossible dates (2024-02-30) are left to `validate`.
    "type": "string",
    "pattern": r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$",
    "examples": ["2024-06-30"],
}

_DEF_MARKER = "__rectrack_def__"


def _review_schema() -> dict[str, Any]:
    results = list(getattr(model, "REVIEW_RESULTS", ("held", "relapsed")))
    aliases = [a for r in results for a in getattr(model, "REVIEW_ALIASES", {}).get(r, ())]
    return {
        "anyOf": [
            {"enum": results + aliases},
            {"type": "string", "pattern": _words_pattern(results, aliases)},
        ],
    }


# What each of the model's "before" validators accepts, as JSON Schema, by
# the validator's name in `model`.
_FRAGMENTS: dict[str, Any] = {
    "_as_date": lambda: _DATE,
    "_as_text": lambda: {"type": "string"},
    "_as_nonempty_text": lambda: {"type": "string", "pattern": r"\S"},
    "_as_id": lambda: {
        # `id: 7` is a fine id; `minimum` applies to numbers, `pattern` to text.
        "type": ["string", "integer"],
        "minimum": 0,
        "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    },
    "_as_count": lambda: {"type": "integer", "minimum": 0},
    "_as_amount": lambda: {"type": "number", "minimum": 0},
    "_as_bool": lambda: {"type": "boolean"},
    # Shared definitions: a marker during generation (pydantic resolves every
    # $ref it sees against its own definitions), a $ref afterwards.
    "_as_status": lambda: {_DEF_MARKER: "Status"},
    "_as_kind": lambda: {_DEF_MARKER: "Kind"},
    # A single string is read as a one-item list.
    "_as_text_list": lambda: {"type": ["array", "string"], "items": {"type": "string"}},
    # Periods in words ("6 months", "3个月"); `validate` reads them.
    "_as_duration": lambda: {"type": "string", "examples": ["6 months", "3个月", "半年"]},
    "_as_review": _review_schema,
}


def _fragment_for(function: Any) -> dict[str, Any] | None:
    if getattr(function, "__module__", None) != model.__name__:
        return None
    make = _FRAGMENTS.get(getattr(function, "__name__", ""))
    return copy.deepcopy(make()) if make is not None else None


def _generator_class():
    # pydantic is imported here, not at module level, like every heavy import.
    from pydantic.json_schema import GenerateJsonSchema

    class RoundSchemaGenerator(GenerateJsonSchema):
        """pydantic's generator with our validators' fragments and without per-field titles."""

        def function_before_schema(self, schema):
            fragment = _fragment_for(schema.get("function", {}).get("function"))
            if fragment is not None:
                return fragment
            return super().function_before_schema(schema)

        def field_title_should_be_set(self, schema) -> bool:
            # "Deadline" above "Deadline · 整改时限" says nothing new.
            return False

    return RoundSchemaGenerator


def _tidy(node: Any) -> None:
    """Turn definition markers into $refs, and remove `default: null`.

    A null default says nothing (absent and null mean the same) and editors
    would insert `null` on completion.
    """
    if isinstance(node, dict):
        if _DEF_MARKER in node:
            node["$ref"] = f"#/$defs/{node.pop(_DEF_MARKER)}"
        if "default" in node and node["default"] is None:
            del node["default"]
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def round_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a round file, as a dict."""
    generated = RoundFile.model_json_schema(schema_generator=_generator_class())
    _tidy(generated)
    properties = generated["properties"]
    # `version` is checked by a field validator that accepts exactly 1.
    properties["version"] = {"const": 1, "description": RoundFile.model_fields["version"].description}
    definitions = dict(generated.get("$defs", {}))
    definitions["Status"] = _status_schema()
    definitions["Kind"] = _kind_schema()
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_URL,
        "title": "rectrack round file · 整改台账",
        "description": "One inspection or audit round and its rectification ledger "
        "(一轮巡察/审计的整改台账). Structure only: `rectrack validate` also checks "
        "unique ids, completion dates, date order and declared figures.",
        "type": "object",
        "required": generated["required"],
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    """The schema as the JSON text `rectrack schema` prints and the repository commits."""
    return json.dumps(round_schema(), ensure_ascii=False, indent=2) + "\n"


def find_schema_copy(folder: Path) -> Path | None:
    """The nearest `schema/rectrack-round.schema.json` in `folder` or above it, within its repository."""
    for candidate_folder in walk_up(folder):
        candidate = candidate_folder / SCHEMA_DIR / SCHEMA_NAME
        if candidate.is_file():
            return candidate
    return None


def schema_reference(target: Path) -> str:
    """What a modeline in `target` should point at: a repository copy (relative path) or SCHEMA_URL."""
    folder = Path(os.path.abspath(target)).parent
    found = find_schema_copy(folder)
    if found is None:
        return SCHEMA_URL
    try:
        return Path(os.path.relpath(found, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return SCHEMA_URL


def modeline(target: Path) -> str:
    """The `# yaml-language-server: $schema=…` line (without newline) for a file written at `target`."""
    return MODELINE_PREFIX + schema_reference(target)


__all__ = [
    "MODELINE_PREFIX",
    "SCHEMA_NAME",
    "SCHEMA_URL",
    "find_schema_copy",
    "modeline",
    "round_schema",
    "schema_reference",
    "schema_text",
]
