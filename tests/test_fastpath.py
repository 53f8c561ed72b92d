"""The fast read path gives exactly what the round-trip path gives.

The corpus is every YAML file under tests/ and data/ (as written and with
CRLF line ends), every multi-line YAML literal in the test modules (so every
bad file of test_validate.py and the others), generated rounds, and
fuzzed texts.  The property: whenever the fast pass vouches for a file, the
guard's event walk finds nothing in it, ruamel reads the same data, and the
round-trip path gives the same model with no problem at all; whenever it
does not, the round-trip path's answer is used as it is.  And the guard,
which skips its walk for a file libyaml vouches for, reports exactly what
the walk reports.
"""

from __future__ import annotations

import ast
import datetime as dt
import random
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack import fastload, yamlio
from rectrack.fastload import _NotSure, compose_plain, fast_model, load_source
from rectrack.loader import load_paths, validate_parsed

from conftest import MINIMAL, ROOT

pytestmark = pytest.mark.skipif(not fastload.libyaml_available(), reason="PyYAML built without libyaml")

LIMITS = yamlio.DEFAULT_LIMITS
BENCH = ROOT / "bench"


def _files() -> list[Path]:
    return sorted([*(ROOT / "tests").rglob("*.yaml"), *(ROOT / "data").rglob("*.yaml")])


def _inline_texts() -> list[tuple[str, str]]:
    """Every multi-line string literal with a colon in the test modules: the inline YAML of every test."""
    found = []
    for module in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value \
                    and ":" in node.value:
                found.append((f"{module.name}:{node.lineno}", textwrap.dedent(node.value).lstrip("\n")))
    return found


def _source(data: bytes, name: str = "t.yaml") -> yamlio.Source | None:
    source, _ = yamlio.decode(data, name, Path(name))
    return source


def _plain(value):
    """ruamel's document as plain Python: its dict, list, str, int and float subclasses as the base types."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    for base in (bool, str, int, float):
        if isinstance(value, base):
            return base(value)
    return value


def _typed(value):
    """Data with every scalar paired with its type, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _walked_guard(source: yamlio.Source) -> list:
    """The guard with its event walk always run: what `yamlio.guard`, shortcut or not, must equal."""
    problems = yamlio.guard_text(source, LIMITS)
    if not any(p.is_error for p in problems):
        problems += yamlio._guard_events(source, LIMITS)
    return problems


def assert_agrees(data: bytes, name: str = "t.yaml") -> bool:
    """Check the fast path against the round-trip path on one file; True when the fast path vouched for it."""
    source = _source(data, name)
    if source is None:
        return False  # undecodable: both paths stop at the same decode
    assert yamlio.guard(source, LIMITS) == _walked_guard(source), name
    slow_model, slow_problems = validate_parsed(yamlio.parse_source(source, LIMITS))
    loaded = load_source(source, LIMITS)
    assert (loaded.model, loaded.problems) == (slow_model, slow_problems), name
    model = fast_model(source, LIMITS)
    if model is None:
        return False
    assert _walked_guard(source) == [], name
    assert slow_problems == [], name
    assert model == slow_model and model.model_fields_set == slow_model.model_fields_set, name
    assert model.model_dump(by_alias=True) == slow_model.model_dump(by_alias=True), name
    return True


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_file_agrees(path):
    data = path.read_bytes()
    assert_agrees(data, path.name)
    assert_agrees(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), path.name + " (CRLF)")


def test_every_inline_test_text_agrees():
    texts = _inline_texts()
    assert len(texts) > 100  # the corpus is really there
    vouched = sum(assert_agrees(text.encode("utf-8", "surrogatepass"), name) for name, text in texts)
    assert vouched >= 1  # most are bad on purpose; the clean ones go fast


def test_clean_files_take_the_fast_path():
    # Not vacuous: the common case really is fast, with LF, CRLF and a BOM.
    shipped = (ROOT / "data" / "issues.yaml").read_bytes()
    for data in (shipped, shipped.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + MINIMAL.encode()):
        assert assert_agrees(data)


def test_generated_rounds_take_the_fast_path():
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    rng = random.Random(1)
    for number in range(3):
        text = generate.round_text(rng, number, rng.randint(30, 60))
        assert assert_agrees(text.encode()), number


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # anchor, alias
    "a: !!str 1\n",  # tag
    "<<: {a: 1}\n",  # merge key
    "a: 1\na: 2\n",  # duplicate key
    "a: 1\n\"a\": 2\n",  # the same key quoted
    "1: x\n1.0: y\n",  # keys equal once read
    "? [a]\n: 1\n",  # complex key
    "%YAML 1.2\n---\na: 1\n",  # directive
    "a: 1\n---\nb: 2\n",  # second document
    "a:\n\tb: 1\n",  # tab
    "a: 1\rb: 2\n",  # lone CR
    "a: x\u2028y\n",  # line separator
    "a: 0o17\n", "a: 017\n", "a: 0x1F\n", "a: 1_000\n", "a: +5\n", "a: -0\n",
    "a: .5\n", "a: 1.\n", "a: 1e3\n", "a: .inf\n", "a: .nan\n",
    "a: 2024-01-10 10:00:00\n", "a: 2024-1-10T10:00:00Z\n",
    "a: " + "9" * 5000 + "\n",
    "a: [1, 2\n",  # syntax error
    "",  # no document
    "a: \"\\ud800\"\n",  # lone surrogate escape
])
def test_what_the_fast_pass_leaves_to_the_round_trip_path(text):
    with pytest.raises(_NotSure):
        compose_plain(text, LIMITS)


@pytest.mark.parametrize("depth", [33, 1000, 200_000])
def test_deep_nesting_stops_at_the_depth_limit_without_crashing(depth):
    # libyaml's C composer would segfault tens of thousands deep; the walk never composes.
    for text in ("[" * depth + "]" * depth, "".join(f"{' ' * i}- \n" for i in range(min(depth, 5000)))):
        with pytest.raises(_NotSure):
            compose_plain(text, LIMITS)


def test_depth_within_the_limit_is_read():
    text = "a: " + "[" * 31 + "1" + "]" * 31 + "\n"  # 32 levels: the mapping and 31 lists
    data = compose_plain(text, LIMITS)
    for _ in range(32):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == 1


def test_too_many_nodes_are_left_to_the_guard():
    limits = LIMITS.checked(max_nodes=50)
    text = "a: [" + ", ".join("1" for _ in range(60)) + "]\n"
    with pytest.raises(_NotSure):
        compose_plain(text, limits)
    assert compose_plain("a: [1, 2]\n", limits) == {"a": [1, 2]}


@pytest.mark.parametrize("scalar", [
    "", "~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "no", "on", "y",
    "0", "7", "-12", "123456789012345678", "1.5", "-0.25", "0.0", "2024-01-10", "2024-13-45",
    "2024-02-30", "2024-1-10", "20240110", "1.2.3", "A1-2", "v1", "中文", "1号", "-", "--x", ".x",
    "=x", "<x", "nulls", "truth", "2024-01-10x",
])
def test_plain_scalars_read_as_ruamel_reads_them(scalar):
    text = f"k: {scalar}\n"
    try:
        data = compose_plain(text, LIMITS)
    except _NotSure:
        return
    expected = _plain(yamlio.make_yaml().load(text))
    assert _typed(data) == _typed(expected)


def test_dates_become_dates_and_impossible_dates_stay_text():
    assert compose_plain("a: 2024-06-30\nb: 2024-13-45\n", LIMITS) == {"a": dt.date(2024, 6, 30), "b": "2024-13-45"}


# -- fuzzing: texts assembled from the pieces hand-written YAML is made of ------------------

_KEYS = ["a", "b", "id", "title", '"a"', "'b'", "1", "true", "null", "中文", "a b", "<<", "~", "-x", "? a"]
_VALUES = ["", "1", "01", "0o7", "1_0", ".5", "1.5", "-3", "2024-01-10", "2024-13-45", "2024-01-10 10:00:00",
           "yes", "null", "~", "x", "中文 值", "'it''s'", '"a\\tb"', '"\\u00e9"', '"\\x41"', "|", "|-", ">",
           "[a, b]", "{a: 1}", "[]", "{}", "&a x", "*a", "!!str 1", "!!int 1", "# c", "x # c", "a: b",
           "- x", "x:", "[a: 1]", "'", '"', "@x", "`x", "%x", "x\\", "{a: [1, {b: 2}]}", "- - x", "!x y"]


@st.composite
def _yamlish(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 2, 4, 6, 1, 3]))
        dash = draw(st.sampled_from(["", "", "- ", "-  "]))
        key = draw(st.sampled_from(_KEYS))
        sep = draw(st.sampled_from([": ", ":", ":  "]))
        value = draw(st.sampled_from(_VALUES))
        shape = draw(st.sampled_from(["kv", "kv", "v", "block"]))
        if shape == "v":
            lines.append(f"{indent}{dash}{value}")
        elif shape == "block":
            lines.append(f"{indent}{dash}{key}: |\n{indent}  {value}\n{indent}  second")
        else:
            lines.append(f"{indent}{dash}{key}{sep}{value}")
    end = draw(st.sampled_from(["\n", "\r\n", ""]))
    return end.join(lines) + end


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yamlish())
def test_fuzzed_texts_read_the_same_or_are_left_to_the_round_trip_path(text):
    source = _source(text.encode("utf-8"))
    assert yamlio.guard(source, LIMITS) == _walked_guard(source)
    try:
        data = compose_plain(source.text, LIMITS)
    except _NotSure:
        return
    # Vouched for: the guard's event walk finds nothing, and ruamel reads the same data.
    assert yamlio._guard_events(source, LIMITS) == []
    assert _typed(data) == _typed(_plain(yamlio.make_yaml().load(source.text)))


# -- nodes for editing in place: libyaml's against ruamel's -----------------------------------

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


def assert_same_nodes(text: str) -> bool:
    """compose_nodes gives ruamel's tree exactly, or nothing; True when it gave one."""
    mine = fastload.compose_nodes(text, LIMITS)
    if mine is None:
        return False
    assert _node_differences(mine, yamlio.make_yaml().compose(text)) is None, text
    return True


def test_nodes_for_editing_match_ruamels_on_the_corpus():
    texts = [p.read_bytes().decode("utf-8", "replace").lstrip("\ufeff") for p in _files()]
    texts += [t.replace("\r\n", "\n").replace("\n", "\r\n") for t in texts]
    texts += [text for _, text in _inline_texts()]
    built = sum(assert_same_nodes(text) for text in texts)
    assert built >= len(_files()) // 2  # the usual file is built from libyaml's events


@pytest.mark.parametrize("text", [
    "a:\n", "a: \nb: 1\n",  # empty values: ruamel places them at the next token
    "a: >\n  folded\n  text\n",  # ruamel marks folds with BEL
    "a: plain\n  continued\n",  # so it does in multi-line plain scalars
    "a: 1",  # no final line break
])
def test_nodes_ruamel_records_otherwise_are_left_to_ruamel(text):
    assert fastload.compose_nodes(text, LIMITS) is None
    assert yamlio.make_yaml().compose(text) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yamlish())
def test_fuzzed_nodes_match_ruamels_or_are_left_to_it(text):
    assert_same_nodes(text)


# -- the whole loader: fast and cached against round-trip only -----------------------------

BAD = MINIMAL.replace("status: in_progress", "status: maybe")
WARNED = MINIMAL.replace("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        completed_on: 2024-02-02")
DUPLICATE = MINIMAL.replace("title: 测试轮次", "title: 另一轮次")


def _portfolio(folder: Path) -> Path:
    files = {"a-clean.yaml": MINIMAL, "b-bad.yaml": BAD, "c-warned.yaml": WARNED, "d-duplicate.yaml": DUPLICATE,
             "e-crlf.yaml": MINIMAL.replace("id: r1", "id: r2").replace("\n", "\r\n"),
             "f-broken.yaml": "version: 1\nround: [\n", "g-empty.yaml": ""}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def _ledger_view(ledger):
    return ([str(p) for p in ledger.problems], [(r.display, r.model) for r in ledger.rounds], ledger.files)


def test_load_paths_gives_the_round_trip_answer_cold_warm_and_uncached(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    _portfolio(folder)
    monkeypatch.chdir(tmp_path)
    cold = _ledger_view(load_paths([folder]))
    warm = _ledger_view(load_paths([folder]))
    uncached = _ledger_view(load_paths([folder], use_cache=False))
    monkeypatch.setattr(fastload, "libyaml_available", lambda: False)
    slow = _ledger_view(load_paths([folder], use_cache=False))
    assert cold == warm == uncached == slow
    codes = sorted({p.split(" [")[-1] for p in slow[0]})
    assert codes == ["completed-on-unexpected]", "duplicate-round]", "empty-file]", "syntax]", "unknown-status]"]


def test_a_finding_made_later_is_placed_in_a_fast_loaded_file(tmp_path, monkeypatch):
    from rectrack.problems import Finding

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    (loaded,) = load_paths([tmp_path / "r.yaml"], use_cache=False).rounds
    assert loaded.parsed is None  # no round-trip parse was made
    problem = loaded.place(Finding(("aspects", 0, "issues", 1, "deadline"), "overdue", "late"))
    assert (problem.path, problem.line, problem.column) == ("r.yaml", 18, 19)
