"""The one read path against a slow reference kept here in the tests, and the format's scalar rules.

`rectrack.read.parse` reads a file in one pass over libyaml's events.
`reference_reader` reads it by another route (ruamel's pure-Python parser,
the scalar rules written again from docs/format.md).  On every YAML file of
the repository (as written and with CRLF line ends), every multi-line YAML
literal in the test modules, generated rounds and fuzzed texts: when the
reference accepts a text, the reader gives the same data, every key and
value at the same place, and so the same model and the same problems.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import random
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.loader import load_paths, load_text, validate_parsed
from rectrack.read import DEFAULT_LIMITS, Parsed, decode, parse
from rectrack.read.scalars import WrittenInt, plain
from rectrack.read.slips import STRUCTURAL

from conftest import MINIMAL, ROOT
from reference_reader import paths_of, reference_read

LIMITS = DEFAULT_LIMITS
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


def _typed(value):
    """Data with every scalar paired with its type, so that 1, 1.0, True and date differ (and nan equals nan)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, WrittenInt):
        return ("WrittenInt", int(value), value.text)
    return (type(value).__name__, value)


class _ReferencePositions:
    """The reference's path → offset table, answering `place` as `read.Positions` does."""

    def __init__(self, table: dict, source) -> None:
        self.table, self.source = table, source

    def place(self, loc: tuple, at_key: bool = False) -> tuple[int, int]:
        for length in range(len(loc), -1, -1):
            path = tuple(loc[:length])
            key = path + ("<key>",) if at_key and length == len(loc) else path
            if key in self.table:
                return self.source.lines.from_index(self.table[key])
        return 1, 1


def assert_agrees(data: bytes, name: str = "t.yaml") -> bool:
    """Check the reader against the reference on one file; True when both read data from it."""
    source, _ = decode(data, name, Path(name))
    if source is None:
        return False  # undecodable: nothing reaches either parser
    parsed = parse(source, LIMITS)
    reference = reference_read(source.text)
    text_errors = any(p.code in ("merge-conflict", "control-character", "too-large", "too-many-lines")
                      for p in parsed.problems)
    if reference is None or text_errors:
        # The reader may still accept what ruamel's parser cannot read; but nothing the reference refuses
        # for a reason of the format (alias, tag, duplicate…) may get through: that is checked below.
        return False
    ref_data, table = reference
    if ref_data is None:
        assert parsed.data is None, name
        return False
    if parsed.data is None and {p.code for p in parsed.problems if p.is_error} <= {"syntax"} | STRUCTURAL:
        # Where the two parsers disagree on YAML syntax itself (`: x`, an empty key, is ruamel's
        # leniency), the reader may only be the stricter one, never let more through; and it refuses
        # on purpose what an input method typed for YAML's own characters ('：', U+3000, '，').
        return False
    assert parsed.data is not None, (name, parsed.problems)
    assert _typed(parsed.data) == _typed(ref_data), name
    for path in paths_of(ref_data):
        at_key = bool(path) and path[-1] == "<key>"
        loc = path[:-1] if at_key else path
        assert parsed.positions.offset(loc, at_key) == table[path], (name, path)
    # The same data at the same places: the same model and the same problems, placed alike.
    mine = validate_parsed(parsed)
    theirs = validate_parsed(Parsed(source, ref_data, _ReferencePositions(table, source), parsed.problems))
    assert mine == theirs, name
    return True


REFUSED_BY_THE_FORMAT = [
    ("a: &x 1\nb: *x\n", "anchor"), ("a: !!python/name:os.system x\n", "tag"), ("a: !!bool maybe\n", "tag"),
    ("a: !x y\n", "tag"), ("<<: {a: 1}\n", "merge-key"), ("a: 1\na: 2\n", "duplicate-key"),
    ("a: 1\n\"a\": 2\n", "duplicate-key"), ("1: x\n01: y\n", "duplicate-key"), ("? [a]\n: 1\n", "complex-key"),
    ("%YAML 1.1\n---\na: 1\n", "yaml-version"), ("a: 1\n---\nb: 2\n", "syntax"), ("a:\n\tb: 1\n", "tab"),
    ("a: \"\\ud800\"\n", "lone-surrogate"), ("a: [1, 2\n", "syntax"), ("a: " + "[" * 40 + "]" * 40 + "\n", "too-deep"),
]


@pytest.mark.parametrize("text, code", REFUSED_BY_THE_FORMAT)
def test_what_the_format_refuses_gives_no_data_and_a_located_problem(text, code):
    source, _ = decode(text.encode("utf-8", "surrogatepass"), "t.yaml", Path("t.yaml"))
    parsed = parse(source, LIMITS)
    assert parsed.data is None and code in [p.code for p in parsed.problems]
    assert reference_read(text) is None  # and the reference refuses it too


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_file_agrees(path):
    data = path.read_bytes()
    assert_agrees(data, path.name)
    assert_agrees(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), path.name + " (CRLF)")


def test_every_inline_test_text_agrees():
    texts = _inline_texts()
    assert len(texts) > 100  # the corpus is really there
    agreed = sum(assert_agrees(text.encode("utf-8", "surrogatepass"), name) for name, text in texts)
    assert agreed >= 50


def test_the_shipped_and_generated_rounds_agree():
    shipped = (ROOT / "data" / "issues.yaml").read_bytes()
    for data in (shipped, shipped.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + MINIMAL.encode()):
        assert assert_agrees(data)
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    rng = random.Random(1)
    for number in range(3):
        for warnings in (False, True):
            text = generate.round_text(rng, number, rng.randint(30, 60), warnings=warnings)
            assert assert_agrees(text.encode()), number


# -- how values are read: the table of docs/format.md ------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("", None), ("~", None), ("null", None), ("NULL", None), ("Null", None),
    ("true", True), ("False", False), ("TRUE", True), ("yes", "yes"), ("no", "no"), ("on", "on"),
    ("0", 0), ("-3", -3), ("1234", 1234), ("010", WrittenInt(10, "010")), ("+5", WrittenInt(5, "+5")),
    ("0o17", WrittenInt(15, "0o17")), ("0x1F", WrittenInt(31, "0x1F")), ("1_000", "1_000"), ("0b101", "0b101"),
    ("017", WrittenInt(17, "017")), ("-0", WrittenInt(0, "-0")),
    ("1.5", 1.5), (".5", 0.5), ("1.", 1.0), ("1e3", 1000.0), ("-2.5E-3", -0.0025), (".inf", math.inf),
    ("-.inf", -math.inf), ("1.2.3", "1.2.3"),
    ("2024-06-30", dt.date(2024, 6, 30)), ("2024-6-3", dt.date(2024, 6, 3)), ("2024-02-30", "2024-02-30"),
    ("2024-06-30 10:00:00", dt.datetime(2024, 6, 30, 10, 0, 0)),
    ("2024-06-30T10:00:00Z", dt.datetime(2024, 6, 30, 10, tzinfo=dt.timezone.utc)),
    ("2024-06-30T10:00:00+08:00", dt.datetime(2024, 6, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
    ("2024/6/30", "2024/6/30"), ("20240630", 20240630), ("中文", "中文"), ("-x", "-x"), ("nan", "nan"),
    ("9" * 5000, "9" * 5000),
])
def test_plain_scalars_mean_what_the_format_says(text, expected):
    value = plain(text)
    assert _typed(value) == _typed(expected)
    reference = reference_read(f"k: {text}\n")
    assert reference is not None and _typed(reference[0]["k"]) == _typed(expected)


def test_numbers_not_in_plain_decimal_remember_their_text():
    assert [(type(plain(t)).__name__, getattr(plain(t), "text", None)) for t in ("10", "010", "0x1F", "+5")] == [
        ("int", None), ("WrittenInt", "010"), ("WrittenInt", "0x1F"), ("WrittenInt", "+5")]


def test_quoted_and_str_tagged_scalars_are_text():
    model, problems = load_text(MINIMAL.replace("title: 测试轮次", "title: !!str 2024"))
    assert problems == [] and model.round.title == "2024"
    source, _ = decode(b"a: '010'\nb: \"true\"\nc: !!str 1.5\nd: !!int '7'\ne: !!float 1\n", "t", Path("t"))
    assert _typed(parse(source, LIMITS).data) == _typed({"a": "010", "b": "true", "c": "1.5", "d": 7, "e": 1.0})


@pytest.mark.parametrize("written", ["010", "07", "0x1F", "0o17", "+3"])
def test_an_id_written_as_a_number_not_in_plain_decimal_is_refused_at_its_place(written):
    text = MINIMAL.replace("id: A1-1", f"id: {written}")
    model, problems = load_text(text, "r.yaml")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.strip() == f"- id: {written}")) + 1
    assert model is None
    assert [(p.line, p.code) for p in problems if p.is_error] == [(line, "wrong-type")]
    assert f"got the number {written} (read as {int(plain(written))}); put it in quotes" in problems[0].message


def test_plain_ids_keep_working():
    model, problems = load_text(MINIMAL.replace("id: A1-1", "id: 7").replace("id: A1-2", "id: '010'"))
    assert problems == [] and [i.id for i in model.aspects[0].issues] == ["7", "010"]


def test_show_and_log_of_an_id_read_as_a_number_say_what_is_wrong(cli, tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL.replace("id: A1-1", "id: 010"), encoding="utf-8")
    for command in ("show", "log"):
        r = cli(command, "010", "--data", str(tmp_path / "r.yaml"))
        assert r.exit_code == 1, r.output
        assert "got the number 010 (read as 10)" in r.output and "Traceback" not in r.output


# -- fuzzing: texts assembled from the pieces hand-written YAML is made of ------------------

_KEYS = ["a", "b", "id", "title", '"a"', "'b'", "1", "true", "null", "中文", "a b", "<<", "~", "-x", "? a"]
_VALUES = ["", "1", "01", "0o7", "1_0", ".5", "1.5", "-3", "2024-01-10", "2024-13-45", "2024-01-10 10:00:00",
           "yes", "null", "~", "x", "中文 值", "'it''s'", '"a\\tb"', '"\\u00e9"', '"\\x41"', "|", "|-", ">",
           "[a, b]", "{a: 1}", "[]", "{}", "&a x", "*a", "!!str 1", "!!int 1", "# c", "x # c", "a: b",
           "- x", "x:", "[a: 1]", "'", '"', "@x", "`x", "%x", "x\\", "{a: [1, {b: 2}]}", "- - x", "!x y",
           "0x1F", ".inf", "2024-1-5", "!!bool true", "!!float 3"]


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


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yamlish())
def test_fuzzed_texts_read_like_the_reference(text):
    assert_agrees(text.encode("utf-8"))


@st.composite
def _round_edits(draw) -> str:
    """The minimal round with a few values replaced by pieces that are valid, wrong or odd."""
    lines = MINIMAL.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        number = draw(st.integers(0, len(lines) - 1))
        line = lines[number]
        if ": " in line:
            head = line.split(": ", 1)[0]
            lines[number] = f"{head}: {draw(st.sampled_from(_VALUES))}"
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_round_edits())
def test_fuzzed_rounds_give_the_references_model_and_problems(text):
    assert_agrees(text.encode("utf-8"))


# -- the whole loader: cold, warm and uncached ----------------------------------------------

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


def test_load_paths_gives_one_answer_cold_warm_and_uncached(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    _portfolio(folder)
    monkeypatch.chdir(tmp_path)
    cold = _ledger_view(load_paths([folder]))
    warm = _ledger_view(load_paths([folder]))
    uncached = _ledger_view(load_paths([folder], use_cache=False))
    assert cold == warm == uncached
    codes = sorted({p.split(" [")[-1] for p in cold[0]})
    assert codes == ["completed-on-unexpected]", "duplicate-round]", "empty-file]", "syntax]", "unknown-status]"]


def test_a_finding_made_later_is_placed_by_reading_its_one_file_again(tmp_path, monkeypatch):
    from rectrack import loader
    from rectrack.problems import Finding

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(MINIMAL.replace("id: r1", "id: r2"), encoding="utf-8")
    first, second = load_paths([tmp_path], use_cache=False).rounds
    # Positions are not kept for every round (they would double what a cold run holds); only the
    # round a later finding is about is read again, once.
    assert first.positions is None and second.positions is None
    reads = []
    real = loader.parse
    monkeypatch.setattr(loader, "parse", lambda source, limits: reads.append(source.display) or real(source, limits))
    for _ in range(2):
        problem = first.place(Finding(("aspects", 0, "issues", 1, "deadline"), "overdue", "late"))
        assert (problem.path, problem.line, problem.column) == ("r.yaml", 18, 19)
    assert reads == ["r.yaml"]


def test_a_finding_about_a_round_from_the_cache_is_placed_by_reading_the_file(tmp_path, monkeypatch):
    from rectrack.problems import Finding

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    load_paths([tmp_path / "r.yaml"])
    (loaded,) = load_paths([tmp_path / "r.yaml"]).rounds
    assert loaded.positions is None  # from the cache
    problem = loaded.place(Finding(("aspects", 0, "issues", 1, "deadline"), "overdue", "late"))
    assert (problem.line, problem.column) == (18, 19)
