"""The text-splicing engine: scalars that read back as written, edits in the file's own style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from rectrack.yamledit import Layout, TextDoc, block_lines, format_scalar, plain_ok, sequence_lines
from rectrack.read import Source
from rectrack.yamledit import make_yaml

CORPUS = ROOT / "tests" / "examples" / "roundtrip"
# Any text a person could type, including what YAML treats specially; not lone
# surrogates (they cannot be encoded, and the edit layer refuses them).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def doc_of(text: str) -> TextDoc:
    newline = "\r\n" if "\r\n" in text else "\n"
    return TextDoc(Source(Path("t.yaml"), "t.yaml", text, newline=newline))


def load(text: str):
    return make_yaml().load(text)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_a_formatted_scalar_reads_back_as_the_same_text(text):
    assert load(f"k: {format_scalar(text)}\n")["k"] == text
    assert load(f"k: [{format_scalar(text, flow=True)}, x]\n")["k"][0] == text
    assert load(f"k: {{a: {format_scalar(text, flow=True)}}}\n")["k"]["a"] == text


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_block_lines_read_back_including_multi_line_notes(text):
    lines = block_lines({"note": text, "n": 1}, 4, Layout())
    assert load("\n".join(["x:"] + lines) + "\n")["x"] == {"note": text, "n": 1}
    items = sequence_lines([{"note": text}, text], 2, Layout())
    assert load("\n".join(["x:"] + items) + "\n")["x"] == [{"note": text}, text]


@pytest.mark.parametrize("text,plain", [
    ("社区建设办", True), ("A2-3", True), ("2024-06-30", False), ("62589744", False),
    ("yes", False), ("on", False), ("null", False), ("a: b", False), ("a #b", False),
    ("- x", False), ("'q'", False), (" lead", False), ("", False), ("x:", False),
])
def test_plain_only_when_yaml_1_1_and_1_2_both_read_text(text, plain):
    assert plain_ok(text) is plain


def test_dates_and_flags_are_written_as_yaml_values():
    assert format_scalar(dt.date(2024, 6, 30)) == "2024-06-30"
    assert format_scalar(True) == "true"
    assert format_scalar(7) == "7"
    assert format_scalar("说明: 已完成") == '"说明: 已完成"'
    assert format_scalar("a,b", flow=True) == '"a,b"'
    assert format_scalar("a,b") == "a,b"


@pytest.mark.parametrize("name,layout", [
    ("comments.yaml", Layout(map_indent=2, seq_offset=2, item_offset=2)),
    ("chinese-indentless.yaml", Layout(map_indent=4, seq_offset=0, item_offset=4)),
])
def test_layout_is_measured_from_the_file(name, layout):
    assert doc_of((CORPUS / name).read_text(encoding="utf-8")).layout == layout


BASE = """\
a:
  - id: x1  # keep
    status: in_progress
    history:
      - date: 2024-01-01
        note: n

  - id: x2
    status: done
"""


def item(doc: TextDoc, index: int):
    return doc.get(doc.root, "a").value[index]


def test_replacing_a_value_keeps_its_comment_and_everything_else():
    doc = doc_of(BASE)
    doc.set_scalar(item(doc, 0), "id", "y1")
    assert doc.render()[0] == BASE.replace("id: x1  # keep", "id: y1  # keep")


def test_a_new_key_goes_after_the_named_entry_including_its_nested_lines():
    doc = doc_of(BASE)
    doc.set_scalar(item(doc, 0), "owner", "办公室", after="history")
    text, ranges = doc.render()
    assert text == BASE.replace("        note: n\n", "        note: n\n    owner: 办公室\n")
    assert [text[a:b] for a, b in ranges] == ["    owner: 办公室\n"]


def test_an_appended_item_lands_after_the_last_one_and_before_the_blank_line():
    doc = doc_of(BASE)
    history = doc.get(item(doc, 0), "history")
    doc.insert_item(history, {"date": dt.date(2024, 2, 1), "note": "m"})
    expected = BASE.replace("        note: n\n",
                            "        note: n\n      - date: 2024-02-01\n        note: m\n")
    assert doc.render()[0] == expected


def test_blank_lines_between_items_are_repeated_for_a_new_item():
    doc = doc_of(BASE)
    doc.insert_item(doc.get(doc.root, "a"), {"id": "x3"})
    assert doc.render()[0] == BASE + "\n  - id: x3\n"


def test_deleting_the_first_key_of_an_item_moves_the_next_key_up():
    doc = doc_of(BASE)
    assert doc.delete_entry(item(doc, 1), "id")
    assert doc.render()[0] == BASE.replace("  - id: x2\n    status: done", "  - status: done")


def test_deleting_a_key_takes_its_whole_lines_and_nothing_else():
    doc = doc_of(BASE)
    assert doc.delete_entry(item(doc, 0), "history")
    assert doc.render()[0] == BASE.replace("    history:\n      - date: 2024-01-01\n        note: n\n", "")
    assert not doc_of(BASE).delete_entry(item(doc_of(BASE), 0), "missing")


@pytest.mark.parametrize("value,expected", [
    ("", "k:\n  - a\nz: 1\n"),
    (" ~", "k:\n  - a\nz: 1\n"),
    (" []  # none yet", "k:  # none yet\n  - a\nz: 1\n"),
    (" 'old.pdf'", "k:\n  - 'old.pdf'\n  - a\nz: 1\n"),
])
def test_a_list_is_created_from_nothing_null_empty_or_a_single_value(value, expected):
    doc = doc_of(f"k:{value}\nz: 1\n")
    doc.extend_list(doc.root, "k", ["a"])
    assert doc.render()[0] == expected


def test_flow_collections_stay_flow():
    text = "i: {id: a, status: x, tags: [p]}\n"
    doc = doc_of(text)
    mapping = doc.get(doc.root, "i")
    doc.set_scalar(mapping, "status", "done")
    doc.set_scalar(mapping, "owner", "办公室, 二处", after="status")
    doc.extend_list(mapping, "tags", ["q"])
    doc.extend_list(mapping, "history", [{"date": dt.date(2024, 1, 2), "note": "a: b"}], after="tags")
    assert doc.render()[0] == ('i: {id: a, status: done, owner: "办公室, 二处", tags: [p, q], '
                               'history: [{date: 2024-01-02, note: "a: b"}]}\n')


def test_flow_items_in_a_block_sequence_stay_flow():
    doc = doc_of("h:\n  - {date: 2024-01-01, note: a}\n")
    doc.insert_item(doc.get(doc.root, "h"), {"date": dt.date(2024, 1, 2), "note": "b"})
    assert doc.render()[0] == "h:\n  - {date: 2024-01-01, note: a}\n  - {date: 2024-01-02, note: b}\n"


def test_inserted_lines_use_the_file_line_endings_and_keep_no_final_newline():
    doc = doc_of("a: 1\r\nb:\r\n  - x\r\n")
    doc.insert_item(doc.get(doc.root, "b"), "x2")
    doc.set_scalar(doc.root, "c", "z", after="a")
    assert doc.render()[0] == "a: 1\r\nc: z\r\nb:\r\n  - x\r\n  - x2\r\n"
    doc = doc_of("a: 1\nb:\n  - x")
    doc.insert_item(doc.get(doc.root, "b"), "x2")
    assert doc.render()[0] == "a: 1\nb:\n  - x\n  - x2"


def test_a_multi_line_note_becomes_a_literal_block():
    doc = doc_of("h:\n  - date: 2024-01-01\n")
    doc.insert_item(doc.get(doc.root, "h"), {"date": dt.date(2024, 1, 2), "note": "第一行\n第二行"})
    text = doc.render()[0]
    assert text.endswith("  - date: 2024-01-02\n    note: |-\n      第一行\n      第二行\n")
    assert load(text)["h"][1]["note"] == "第一行\n第二行"


def test_a_quoted_value_keeps_its_quotes():
    doc = doc_of("a: 'x'\nb: \"y\"\nc: '2024-01-01'\n")
    doc.set_scalar(doc.root, "a", "it's")
    doc.set_scalar(doc.root, "b", "新")
    doc.set_scalar(doc.root, "c", dt.date(2024, 2, 1))
    assert doc.render()[0] == "a: 'it''s'\nb: \"新\"\nc: '2024-02-01'\n"


def test_no_edit_renders_the_text_unchanged():
    for path in CORPUS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        doc = doc_of(text)
        assert doc.render() == (text, [])
        assert not doc.changed


def test_unreadable_text_is_refused_with_a_pointer_to_validate():
    from rectrack.problems import RectrackError

    with pytest.raises(RectrackError, match="rectrack validate"):
        doc_of("a: [1, 2\n")
    with pytest.raises(RectrackError, match="lone CR"):
        doc_of("a: 1\rb: 2\r")
    with pytest.raises(RectrackError, match="anchor"):
        doc_of("a: &x 1\nb: *x\n")


# -- nodes for editing in place: built from libyaml's events, against ruamel's -------------------

def _node_differences(mine, theirs, path="$") -> str | None:
    """Where two node trees differ in kind, tag, value, style, flow style or marks; None when they agree."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    if type(mine) is not type(theirs):
        return f"{path}: {type(mine).__name__} / {type(theirs).__name__}"

    def facts(node):
        return (str(node.tag), getattr(node, "style", None), getattr(node, "flow_style", None),
                *(getattr(mark, name) for mark in (node.start_mark, node.end_mark) for name in ("index", "line", "column")))
    if facts(mine) != facts(theirs):
        return f"{path}: {facts(mine)} / {facts(theirs)}"
    if isinstance(mine, ScalarNode):
        return None if mine.value == theirs.value else f"{path}: {mine.value!r} / {theirs.value!r}"
    if len(mine.value) != len(theirs.value):
        return f"{path}: {len(mine.value)} / {len(theirs.value)} items"
    for index, (a, b) in enumerate(zip(mine.value, theirs.value)):
        pairs = zip(a, b) if isinstance(mine, MappingNode) else [(a, b)]
        for part, (x, y) in enumerate(pairs):
            found = _node_differences(x, y, f"{path}/{index}{'kv'[part] if isinstance(mine, MappingNode) else ''}")
            if found:
                return found
    return None


def _readable(text: str) -> bool:
    from pathlib import Path

    from rectrack.read import DEFAULT_LIMITS, decode, parse

    source, _ = decode(text.encode("utf-8", "surrogatepass"), "t.yaml", Path("t.yaml"))
    return source is not None and not any(p.is_error for p in parse(source, DEFAULT_LIMITS).problems)


def assert_same_nodes(text: str) -> bool:
    """compose_nodes gives ruamel's tree exactly, or nothing; True when it gave one."""
    from ruamel.yaml.error import YAMLError

    from rectrack.yamledit import compose_nodes

    if not _readable(text):
        return False  # TextDoc refuses it before composing
    mine = compose_nodes(text)
    if mine is None:
        return False
    try:
        theirs = make_yaml().compose(text)
    except (YAMLError, NotImplementedError, AssertionError):
        return False  # ruamel cannot compose it: then nothing is compared
    assert _node_differences(mine, theirs) is None, text
    return True


def test_nodes_for_editing_match_ruamels_on_the_corpus():
    import ast
    import textwrap

    from conftest import ROOT

    files = sorted([*(ROOT / "tests").rglob("*.yaml"), *(ROOT / "data").rglob("*.yaml")])
    texts = [p.read_bytes().decode("utf-8", "replace").lstrip("\ufeff") for p in files]
    texts += [t.replace("\r\n", "\n").replace("\n", "\r\n") for t in texts]
    for module in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value and ":" in node.value:
                texts.append(textwrap.dedent(node.value).lstrip("\n"))
    built = sum(assert_same_nodes(text) for text in texts)
    assert built >= len(files) // 2  # the usual file is built from libyaml's events


@pytest.mark.parametrize("text", [
    "a:\n", "a: \nb: 1\n",  # empty values: ruamel places them at the next token
    "a: >\n  folded\n  text\n",  # ruamel marks folds with BEL
    "a: plain\n  continued\n",  # so it does in multi-line plain scalars
    "a: 1",  # no final line break
])
def test_nodes_ruamel_records_otherwise_are_left_to_ruamel(text):
    from rectrack.yamledit import compose_nodes

    assert compose_nodes(text) is None
    assert make_yaml().compose(text) is not None


def test_fuzzed_nodes_match_ruamels_or_are_left_to_it():
    from hypothesis import HealthCheck, given, settings

    from test_read import _yamlish

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_yamlish())
    def check(text):
        assert_same_nodes(text)

    check()
