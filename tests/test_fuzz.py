"""Fuzzing `rectrack validate`: random bytes, mutated rounds, YAML-ish text, random structures.

Whatever a file holds, validate answers 0 (valid) or 1 (problems) within a
few seconds, never with a traceback, and prints nothing that could paint on
a terminal.  Bounded so the whole file runs in well under 20 s on 2 cores:
each test has a fixed `max_examples`, and the per-example deadline is the
"few seconds" the guarantee promises.
"""

from __future__ import annotations

import json
import string
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from test_hardening import assert_terminal_safe

FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=4),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
ENV = {"RECTRACK_CACHE": "off", "COLUMNS": "100", "NO_COLOR": "1", "RECTRACK_LANG": "en"}


@pytest.fixture(scope="module")
def validate(tmp_path_factory):
    """Write the bytes to a file, run `rectrack validate --format json` on it, check the answer."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    runner = CliRunner()
    path = tmp_path_factory.mktemp("fuzz") / "round.yaml"

    def run(data: bytes) -> list[dict]:
        path.write_bytes(data)
        # catch_exceptions=False: any exception inside rectrack fails the test with its traceback.
        r = runner.invoke(app, ["validate", "--format", "json", str(path)], env=ENV, catch_exceptions=False)
        assert r.exit_code in (0, 1), r.output
        assert_terminal_safe(r.output)
        problems = json.loads(r.stdout)
        assert (r.exit_code == 1) == any(p["severity"] == "error" for p in problems), r.output
        for problem in problems:
            assert problem["line"] >= 1 and problem["column"] >= 1, problem
            assert len(problem["message"]) <= 300, problem
        return problems

    return run


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(validate, data):
    validate(data)


MINIMAL_BYTES = MINIMAL.encode("utf-8")
SPICE = [b"\x00", b"\xff", b"\xe4\xb8", b"\t", b"\r", b"\r\n", b"\xc2\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf",
         b"&a ", b"*a", b"!!python/object ", b"<<: ", b"? ", b"- ", b": ", b"[", b"]", b"{", b"}", b"'", b'"',
         b"\\ud800", b"\\e", b"#", b"|", b">", b"%YAML 1.1\n", b"---\n", b"<<<<<<< HEAD\n", b"=======\n",
         b"2024-13-45", b"99999999999999999999999", b"~", b"\n  ", b"\x1b[2J", b"\xe2\x80\xae", b"\xf0\xa0\x80\x80"]


@st.composite
def mutated_round(draw) -> bytes:
    """The minimal valid round with a few bytes deleted, replaced or inserted."""
    data = bytearray(MINIMAL_BYTES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "spice", "duplicate"]))
        if action == "delete":
            del data[at:at + draw(st.integers(1, 12))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif action == "spice":
            data[at:at] = draw(st.sampled_from(SPICE))
        else:
            line_end = data.find(b"\n", at)
            line_start = data.rfind(b"\n", 0, at) + 1
            if line_end != -1:
                data[line_end + 1:line_end + 1] = data[line_start:line_end + 1]
    return bytes(data)


@FUZZ
@given(mutated_round())
def test_mutated_rounds(validate, data):
    validate(data)


YAMLISH = st.text(
    alphabet=st.sampled_from(list(" \n\n\n-:,[]{}?'\"!&*#|>%@`\t\r\\~<=") + list(string.ascii_letters[:8])
                            + list("0123456789") + ["问", "题", "\u2028", "\x85", "\ufeff", "\u202e", "\x1b", "\ud800"]),
    max_size=400,
)


@FUZZ
@given(YAMLISH)
def test_yamlish_text(validate, text):
    validate(text.encode("utf-8", "surrogatepass"))


KEYS = ["version", "round", "aspects", "id", "title", "unit", "feedback", "issues", "status", "deadline",
        "completed_on", "history", "date", "note", "owner", "measures", "declared", "period", "start", "end",
        "category", "kind", "标题", "状态", "x" * 60]
HOSTILE_TEXT = st.sampled_from(["[/]", "[link=https://x]a[/link]", ":smile:", "\x1b[2J", "\u202egnp.exe",
                                "已完成", "completed", "2024-02-30", "问题" * 50, "", " ", "null", "0x1F",
                                "\U000e0041", "\x9b31m"])
SCALARS = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=True)
           | st.dates() | HOSTILE_TEXT | st.text(max_size=30))
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=40,
)


@FUZZ
@given(st.fixed_dictionaries({"version": st.sampled_from([1, 1, 2, "1"]), "round": STRUCTURES,
                              "aspects": STRUCTURES}))
def test_random_structures(validate, document):
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    validate(buffer.getvalue().encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def status(tmp_path_factory):
    """Run `rectrack status` on a round whose title, owner and unit are arbitrary text."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    runner = CliRunner()
    path = tmp_path_factory.mktemp("fuzz-status") / "round.yaml"

    def run(title: str, owner: str, unit: str) -> str:
        text = (MINIMAL.replace("title: 问题二", f"title: {json.dumps(title)}")
                .replace("deadline: 2024-03-01", f"owner: {json.dumps(owner)}\n        deadline: 2024-01-20")
                .replace("unit: 测试单位", f"unit: {json.dumps(unit)}"))
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        r = runner.invoke(app, ["status", str(path), "--as-of", "2024-02-01"], env=ENV, catch_exceptions=False)
        assert r.exit_code in (0, 1), r.output
        assert_terminal_safe(r.output)
        return r.output

    return run


@FUZZ
@given(st.text(min_size=1, max_size=80), st.text(max_size=40), st.text(min_size=1, max_size=40))
def test_status_prints_any_text_safely(status, title, owner, unit):
    status(title, owner, unit)
