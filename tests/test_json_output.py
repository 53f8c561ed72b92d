"""`list --json` writes its records with the C encoder: the same text as safe_json, byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from rectrack.render.escape import safe_json, safe_json_records

plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
records = st.lists(st.dictionaries(st.text(max_size=6), plain, min_size=1, max_size=6), max_size=5)
anything = st.recursive(plain, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=12)


@given(records)
@settings(max_examples=400, deadline=None)
def test_records_are_written_as_safe_json_writes_them(value):
    assert safe_json_records(value) == safe_json(value)


@given(st.lists(st.dictionaries(st.text(max_size=4), anything, max_size=4), max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_records_give_the_same_json_values(value):
    assert json.loads(safe_json_records(value)) == value


def test_a_line_break_or_brace_inside_text_is_not_mistaken_for_a_separator():
    tricky = [{"title": "},\n    {", "note": "}, {"}, {"title": "a\u202eb"}]
    assert safe_json_records(tricky) == safe_json(tricky)
    assert "\\u202e" in safe_json_records(tricky) and json.loads(safe_json_records(tricky)) == tricky
