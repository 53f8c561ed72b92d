"""Hostile files, hostile text, failing disks.

The corpus in tests/hostile/ (files/ and cases.toml) runs through `validate`
and `status`; the rest builds what cannot be stored (huge or deep files,
symlinks, FIFOs), injects faults into every step of the atomic write, and
checks what reaches a terminal or a pipe.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT

HOSTILE = ROOT / "tests" / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
ENV = {"RECTRACK_CACHE": "off"}

# What must never reach a terminal raw: C0/C1 controls (but tab and newline),
# bidi marks, embeddings, overrides and isolates, zero-width characters,
# invisible tag letters, lone surrogates.
RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)


def assert_terminal_safe(text: str) -> None:
    match = RAW_UNSAFE.search(text)
    assert match is None, f"raw U+{ord(match.group()):04X} in output: {text[max(0, match.start() - 40):match.end() + 40]!r}"


def case_id(case: dict) -> str:
    return case["file"].removesuffix(".yaml")


# -- the corpus ---------------------------------------------------------------------------------

def test_corpus_is_complete():
    files = {p.name for p in (HOSTILE / "files").iterdir()}
    listed = [c["file"] for c in CASES]
    assert len(files) >= 40
    assert sorted(listed) == sorted(files), "every corpus file needs exactly one case in cases.toml"
    for case in CASES:
        assert case["exit"] in (0, 1)
        if case["exit"] == 1:
            assert {"code", "line", "column", "message"} <= case.keys(), case["file"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hostile_file_is_answered_with_a_located_problem(cli, case):
    path = HOSTILE / "files" / case["file"]
    r = cli("validate", "--format", "json", path, env=ENV)
    assert r.exit_code == case["exit"], r.output
    assert_terminal_safe(r.output)
    problems = json.loads(r.stdout)
    for problem in problems:
        assert len(problem["message"]) <= 300, problem
        assert problem["file"].endswith(case["file"])
    if case["exit"] == 0:
        assert [p for p in problems if p["severity"] == "error"] == []
        return
    errors = [p for p in problems if p["severity"] == "error"]
    first = errors[0]
    assert (first["line"], first["column"], first["code"]) == (case["line"], case["column"], case["code"]), first
    assert case["message"] in first["message"]
    if "count" in case:
        assert len(errors) == case["count"], errors
    text = cli("validate", path, env=ENV)
    assert text.exit_code == 1, text.output
    expected = f"{case['file']}:{case['line']}:{case['column']}: error: "
    assert expected in text.output and f"[{case['code']}]" in text.output, text.output
    if "absent" in case:
        assert case["absent"] not in r.output + text.output


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hostile_file_never_paints_on_the_terminal(cli, case):
    path = HOSTILE / "files" / case["file"]
    # Wide enough that a title is not folded across lines, so `shows` can match.
    r = cli("status", path, "--as-of", "2024-02-01", env={**ENV, "COLUMNS": "250"})
    assert r.exit_code == case["exit"], r.output
    assert_terminal_safe(r.output)
    for shown in case.get("shows", []):
        assert shown in r.output, r.output
    if case["exit"] == 0:
        assert "…" not in r.output, "data text cut with an ellipsis"
    if "absent" in case:
        assert case["absent"] not in r.output


@pytest.mark.parametrize("case", [c for c in CASES if c["exit"] == 0], ids=case_id)
def test_hostile_text_is_escaped_in_json(cli, case):
    path = HOSTILE / "files" / case["file"]
    r = cli("status", path, "--json", "--as-of", "2024-02-01", env=ENV)
    assert r.exit_code == 0, r.output
    assert_terminal_safe(r.stdout)
    data = json.loads(r.stdout)
    # The escapes are JSON's: a script reading the output gets the data unchanged.
    from rectrack.loader import load_file

    model, _ = load_file(path)
    titles = {i.title for _, i in model.issues()}
    assert {o["title"] for o in data["overdue"]} <= titles
    assert data["rounds"][0]["unit"] == model.round.unit


@pytest.mark.parametrize("case", [c for c in CASES if "shows" in c], ids=case_id)
@pytest.mark.parametrize("command", ["list", "show", "log", "list --json", "show --json", "log --json"])
def test_hostile_text_in_issue_commands(cli, case, command):
    path = HOSTILE / "files" / case["file"]
    name, *options = command.split()
    args = {"list": ["list", path], "show": ["show", "A1-2", "--data", path], "log": ["log", "--data", path]}
    r = cli(*args[name], *options, env={**ENV, "COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert_terminal_safe(r.output)
    assert "…" not in r.output and "A1-2" in r.output
    if options:  # escaped the JSON way: a script gets the data itself back
        from rectrack.loader import load_file

        model, _ = load_file(path)
        title = next(issue.title for _, issue in model.issues() if issue.id == "A1-2")
        records = json.loads(r.stdout)
        record = records if isinstance(records, dict) else next(x for x in records if x["id"] == "A1-2")
        assert record["title"] == title
        if name == "log":
            assert record["note"] == title  # the corpus repeats the title as the note


def test_long_chinese_title_wraps_in_piped_status(cli):
    r = cli("status", HOSTILE / "files" / "text-long-chinese.yaml", "--as-of", "2024-02-01",
            env={**ENV, "COLUMNS": "60"})
    assert r.exit_code == 0, r.output
    folded = re.sub(r"\s", "", r.output)
    assert "很长的中文问题标题" * 3 in folded and "…" not in r.output


# -- the guard's limits ---------------------------------------------------------------------

def test_file_over_the_size_limit_is_refused_unread(cli, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"version: 1\n" + b"# padding\n" * 420_000)  # 4.2 MB, over 4 MiB
    r = cli("validate", path, env=ENV)
    assert r.exit_code == 1, r.output
    assert "big.yaml:1:1: error: file is over the size limit of 4 MiB (4200011 bytes)" in r.output
    assert "RECTRACK_MAX_BYTES" in r.output


@pytest.mark.parametrize("variable, value, code, message", [
    ("RECTRACK_MAX_BYTES", "1K", "too-large", "file is over the size limit of 1 KiB"),
    ("RECTRACK_MAX_LINES", "10", "too-many-lines", "file has 18 lines, over the limit of 10"),
    ("RECTRACK_MAX_NODES", "20", "too-many-nodes", "file has more than 20 values, lists and mappings"),
    ("RECTRACK_MAX_DEPTH", "4", "too-deep", "nesting deeper than 4 levels"),
])
def test_limits_come_from_the_environment(cli, write_round, variable, value, code, message):
    path = write_round(MINIMAL + "# " + "x" * 1100 + "\n" if code == "too-large" else MINIMAL)
    assert cli("validate", path, env=ENV).exit_code == 0
    r = cli("validate", path, env={**ENV, variable: value})
    assert r.exit_code == 1, r.output
    assert f"error: {message}" in r.output and f"[{code}]" in r.output, r.output


@pytest.mark.parametrize("value, message", [
    ("101", "$RECTRACK_MAX_DEPTH: limit max_depth must be a whole number from 1 to 100, not 101"),
    ("0", "$RECTRACK_MAX_DEPTH: limit max_depth must be a whole number from 1 to 100, not 0"),
    ("deep", "$RECTRACK_MAX_DEPTH: limit max_depth must be a whole number such as 100, not 'deep'"),
])
def test_malformed_limit_is_a_clear_error(cli, value, message):
    r = cli("validate", env={**ENV, "RECTRACK_MAX_DEPTH": value})
    assert r.exit_code == 1, r.output
    assert f"rectrack: error: {message}" in r.output


def test_limit_values_and_suffixes():
    from rectrack.problems import RectrackError
    from rectrack.read.limits import DEFAULT_LIMITS, limits_from_env, parse_limit

    assert parse_limit("max_bytes", "4M") == parse_limit("max_bytes", "4 MiB") == 4 * 1024 ** 2
    assert parse_limit("max_bytes", "1_000") == 1000
    assert parse_limit("max_nodes", "100000") == 100_000
    with pytest.raises(RectrackError, match="such as 100"):
        parse_limit("max_nodes", "100K")
    limits = limits_from_env(environ={"RECTRACK_MAX_BYTES": "512K", "RECTRACK_MAX_NODES": "5"})
    assert (limits.max_bytes, limits.max_nodes, limits.max_depth) == (512 * 1024, 5, DEFAULT_LIMITS.max_depth)
    with pytest.raises(RectrackError, match="RECTRACK_MAX_LINES"):
        limits_from_env(environ={"RECTRACK_MAX_LINES": "-3"})
    with pytest.raises(RectrackError):
        DEFAULT_LIMITS.checked(max_nodes=True)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_named_directly_is_refused_unread(cli):
    r = cli("validate", "/dev/zero", env={**ENV, "RECTRACK_MAX_BYTES": "64K"})
    assert r.exit_code == 1, r.output
    assert "/dev/zero:1:1: error: not read: a device, not a regular file (name a real data file)" in r.output


def test_a_file_that_grows_past_the_limit_while_read_is_read_no_further(tmp_path):
    from rectrack.read import DEFAULT_LIMITS, read_bytes

    # The size check before the read and the bounded read after it: a file that
    # claims few bytes but has more (a growing log, a /proc file) stops at the limit.
    victim = tmp_path / "r.yaml"
    victim.write_bytes(b"x" * 70_000)
    data, _, problems = read_bytes(victim, "r.yaml", DEFAULT_LIMITS.checked(max_bytes=65_536))
    assert data is None and [p.code for p in problems] == ["too-large"]
    assert "over the size limit of 64 KiB (70000 bytes)" in problems[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["validate"], ["status"], ["list", "--data"], ["show", "A1-1", "--data"],
                                     ["log", "--data"], ["export", "--data"], ["report", "--data"]])
def test_a_fifo_named_directly_is_refused_without_blocking(cli, tmp_path, command):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    # No writer ever opens the FIFO: opening it for reading would block this test forever.
    r = cli(*command, str(fifo), env=ENV)
    assert r.exit_code == 1, r.output
    assert "not a regular file" in r.output or "1 file(s) could not be read: " in r.output, r.output


def test_a_fifo_swapped_in_after_the_check_does_not_block(tmp_path, monkeypatch):
    from rectrack.read import DEFAULT_LIMITS, read_bytes

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    real_stat = os.stat
    # The first look says "regular file"; the descriptor, opened non-blocking, tells the truth.
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: real_stat(__file__) if Path(path) == fifo
                        else real_stat(path, *a, **k))
    data, _, problems = read_bytes(fifo, "pipe.yaml", DEFAULT_LIMITS)
    assert data is None and "a FIFO (named pipe), not a regular file" in problems[0].message


WORST_CASES = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from rectrack.loader import load_file
    worst = {
        "billion-laughs-30": "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
            f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 0 else f'l{i - 1}'}"] * 10) + "]\\n" for i in range(30)),
        "flow-100k-deep": "version: 1\\nround: " + "[" * 100_000 + "]" * 100_000 + "\\n",
        "block-2k-deep": "version: 1\\nround:\\n" + "".join(" " * (i + 1) + "k:\\n" for i in range(2000)),
        "one-million-nodes": "version: 1\\nx: [" + "1," * 1_000_000 + "1]\\n",
        "64-MiB": "#" * (64 * 1024 * 1024),
    }
    out = {}
    for name, text in worst.items():
        path = Path(sys.argv[1]) / (name + ".yaml")
        path.write_text(text, encoding="utf-8")
        del text
        start = time.perf_counter()
        _, problems = load_file(path)
        out[name] = [time.perf_counter() - start, sorted({p.code for p in problems})]
    out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(out))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_worst_files_finish_within_bounded_time_and_memory(tmp_path):
    # A separate process, so the memory measured is this run's alone; 1 GiB of
    # address space is a hard ceiling that an expanding alias would hit.
    ceiling = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    r = subprocess.run([sys.executable, "-c", ceiling + WORST_CASES, str(tmp_path)],
                       capture_output=True, text=True, timeout=60, env={**os.environ, **ENV})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result.pop("maxrss_kb") < 400 * 1024
    codes = {name: codes for name, (_, codes) in result.items()}
    assert codes == {
        "billion-laughs-30": ["alias", "anchor"],
        "flow-100k-deep": ["too-deep"],
        "block-2k-deep": ["too-deep"],
        "one-million-nodes": ["too-many-nodes"],
        "64-MiB": ["too-large"],
    }
    # About 2.4 s and 0.3 s on an idle 2-core machine; the bounds leave room for a busy CI runner.
    for name, (seconds, _) in result.items():
        assert seconds < (15 if name == "one-million-nodes" else 3), f"{name} took {seconds:.1f}s"


# -- symlinks and other files that are not files --------------------------------------------

def _symlink(target: Path, link: Path, directory: bool = False) -> None:
    try:
        link.symlink_to(target, target_is_directory=directory)
    except (OSError, NotImplementedError) as exc:  # Windows without developer mode
        pytest.skip(f"cannot create symlinks here: {exc}")


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A repository folder with data/, and a secret outside it; the current folder is the checkout."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "r1.yaml").write_text(MINIMAL, encoding="utf-8")
    secret = tmp_path / "home" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("version: ghp_TopSecretToken1234567890\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo, secret


def test_symlink_leading_out_of_the_data_folder_is_refused_unread(cli, checkout):
    repo, secret = checkout
    _symlink(secret, repo / "data" / "evil.yaml")
    r = cli("validate", "data", env=ENV)
    assert r.exit_code == 1, r.output
    assert ("data/evil.yaml:1:1: error: not read: a symbolic link leading outside data "
            "(name the real file to load it) [refused-file]") in r.output.replace(os.sep, "/")
    assert "TopSecret" not in r.output
    assert "2 file(s): 1 error(s)" in r.output
    status = cli("status", "data", "--as-of", "2024-02-01", env=ENV)
    assert status.exit_code == 1 and "TopSecret" not in status.output


def test_symlink_inside_the_data_folder_is_followed_once(cli, checkout):
    repo, _ = checkout
    (repo / "data" / "2024").mkdir()
    (repo / "data" / "r1.yaml").rename(repo / "data" / "2024" / "r1.yaml")
    _symlink(Path("2024") / "r1.yaml", repo / "data" / "current.yaml")
    _symlink(Path("2024"), repo / "data" / "this-year", directory=True)
    r = cli("validate", "data", env=ENV)
    assert r.exit_code == 0, r.output
    assert "1 file(s), no problems found" in r.output


def test_linked_folder_leading_out_is_refused(cli, checkout, tmp_path):
    repo, secret = checkout
    _symlink(secret.parent, repo / "data" / "home", directory=True)
    r = cli("validate", "data", env=ENV)
    assert r.exit_code == 1, r.output
    assert ("data/home:1:1: error: not searched: a linked folder leading outside data "
            "(name the real folder to search it) [refused-file]") in r.output.replace(os.sep, "/")
    assert "TopSecret" not in r.output


def test_broken_symlink_is_reported(cli, checkout):
    repo, _ = checkout
    _symlink(repo / "nowhere.yaml", repo / "data" / "gone.yaml")
    r = cli("validate", "data", env=ENV)
    assert r.exit_code == 1, r.output
    assert "not read: a broken symbolic link" in r.output


def test_link_in_the_checkout_named_directly_may_not_lead_out(cli, checkout):
    repo, secret = checkout
    _symlink(secret, repo / "ledger.yaml")
    r = cli("validate", "ledger.yaml", env=ENV)
    assert r.exit_code == 1, r.output
    assert "ledger.yaml:1:1: error: not read: a symbolic link leading outside the current folder" in r.output
    assert "TopSecret" not in r.output
    # Naming the real file is a person's deliberate choice, and only an excerpt is shown.
    r = cli("validate", secret, env=ENV)
    assert r.exit_code == 1 and "unsupported version ghp_TopSecretToken1" in r.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_in_the_data_folder_is_refused_without_blocking(cli, checkout):
    repo, _ = checkout
    os.mkfifo(repo / "data" / "pipe.yaml")
    r = cli("validate", "data", env=ENV)
    assert r.exit_code == 1, r.output
    assert "data/pipe.yaml:1:1: error: not read: a FIFO (named pipe), not a regular file (name a real data file)" \
        in r.output.replace(os.sep, "/")


# -- messages quote excerpts only ---------------------------------------------------------

def test_messages_quote_short_excerpts():
    from rectrack.problems import excerpts

    ordinary = "key '2024' is a number, not a name; keys are names such as 'title'"
    assert excerpts(ordinary) == ordinary
    long = f"aspect 'A1' repeats category '{'秘' * 5000}' after another category; keep them together"
    short = excerpts(long)
    assert len(short) <= 300 and short.count("秘") == 39 and short.endswith("keep them together")


def test_positions_follow_git_lines_not_yaml_breaks():
    from rectrack.read.source import LineMap

    text = "a: 1\rb: 2\u2028c: 3\r\nd: 4\x85e: 5\n"
    lines = LineMap(text)
    # YAML's lines start at a, b, c, d, e; git sees two lines.
    starts = [text.index(key) for key in "abcde"]
    assert [lines.from_index(i) for i in starts] == [(1, 1), (1, 6), (1, 11), (2, 1), (2, 6)]


# -- the terminal -----------------------------------------------------------------------------

def test_sanitizer_escapes_every_dangerous_character():
    from rectrack.render.escape import clean, safe_json

    hostile = "a\x1b[2J\x07\x9b\u202e\u2066\u200b\ufeff\U000e0041\ud800\rb\tc\nd"
    assert clean(hostile) == "a\\x1b[2J\\x07\\x9b\\u202e\\u2066\\u200b\\ufeff\\U000e0041\\ud800\\x0db c d"
    assert clean(hostile, keep_newlines=True).endswith("c\nd")
    dumped = safe_json({"t": hostile, "中": "文"})
    assert_terminal_safe(dumped)
    assert json.loads(dumped) == {"t": hostile, "中": "文"} and "中" in dumped


def _rectrack(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "COLUMNS": "80", "RECTRACK_LANG": "en", **ENV, **(env or {})}
    full_env.pop("NO_COLOR", None)
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "rectrack", *args], env=full_env,
                          stderr=subprocess.PIPE, timeout=60, **kwargs)


@pytest.mark.parametrize("env", [
    {"PYTHONIOENCODING": "gbk"},
    {"PYTHONIOENCODING": "ascii"},
    {"TERM": "dumb"},
    {"NO_COLOR": "1"},
    {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
], ids=["gbk", "ascii", "dumb", "no-color", "forced-color"])
def test_status_in_hostile_consoles(tmp_path, env):
    for name in ("text-not-in-gbk.yaml", "text-terminal-escapes.yaml", "text-bidi-invisible.yaml"):
        text = (HOSTILE / "files" / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("id: r1", f"id: {name[:-5]}"), encoding="utf-8")
    r = _rectrack("status", str(tmp_path), "--as-of", "2024-02-01", env={"COLUMNS": "200", **env})
    encoding = env.get("PYTHONIOENCODING", "utf-8")
    out, err = r.stdout.decode(encoding), r.stderr.decode(encoding)
    assert r.returncode == 0, err
    assert "Traceback" not in err and out.count("A1-2") == 3
    if "FORCE_COLOR" in env:
        assert "\x1b[" in out  # our own colours, and only those:
        out = re.sub("\x1b\\[[0-9;]*m", "", out)
    else:
        assert "\x1b" not in out
    assert_terminal_safe(out)
    if encoding == "utf-8":
        assert "问题二 ☃ 𠀀 🎉" in out
    else:  # what the console cannot encode becomes '?', and the rest still prints
        assert "问题二 ? ? ?" in out if encoding == "gbk" else "?? ? ? ?" in out


@pytest.mark.skipif(os.name == "nt", reason="POSIX pipes")
@pytest.mark.parametrize("args", [("status", "--as-of", "2024-02-01"), ("list", "--json")],
                         ids=lambda a: "-".join(a[:2]))
def test_closed_pipe_exits_quietly(args):
    # `rectrack list | head -1`: the reader is gone before rectrack writes.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = _rectrack(*args, str(ROOT / "data"), stdout=write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in r.stderr.decode() and "Exception ignored" not in r.stderr.decode()
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell")
def test_head_one_takes_the_first_line():
    r = subprocess.run(f"{sys.executable} -m rectrack list {ROOT / 'data'} | head -1", shell=True,
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "COLUMNS": "100", "RECTRACK_LANG": "en", **ENV})
    assert r.returncode == 0 and r.stderr == "" and len(r.stdout.splitlines()) == 1, r


# -- the disk ---------------------------------------------------------------------------------

ORIGINAL = "version: 1\r\n# 原文 stays byte for byte\r\n".encode("utf-8")


@pytest.fixture
def victim(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "r1.yaml"
    path.write_bytes(ORIGINAL)
    if os.name != "nt":
        path.chmod(0o640)
    return path


def assert_untouched(path: Path) -> None:
    assert path.read_bytes() == ORIGINAL
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file was left"
    if os.name != "nt":
        assert path.stat().st_mode & 0o777 == 0o640


def _fail(*args, **kwargs):
    raise OSError(errno.EIO, "Input/output error")


@pytest.mark.parametrize("step", ["fsync", "replace", "chmod", "mkstemp"])
def test_failing_step_leaves_the_original_untouched(victim, monkeypatch, step):
    import tempfile

    from rectrack import atomic
    from rectrack.problems import RectrackError

    target = {"fsync": (atomic.os, "fsync"), "replace": (atomic.os, "replace"),
              "chmod": (atomic.os, "chmod"), "mkstemp": (tempfile, "mkstemp")}[step]
    monkeypatch.setattr(*target, _fail)
    with pytest.raises(atomic.WriteError) as caught:
        atomic.write_atomic(victim, b"version: 2\n")
    assert isinstance(caught.value, RectrackError) and isinstance(caught.value, OSError)
    assert caught.value.errno == errno.EIO
    assert str(caught.value) == f"cannot write {victim}: Input/output error; the file is unchanged"
    monkeypatch.undo()
    assert_untouched(victim)


def test_writer_failing_halfway_leaves_the_original_untouched(victim):
    import csv

    from rectrack.atomic import open_atomic

    with pytest.raises(UnicodeEncodeError):
        with open_atomic(victim, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows([["序号", "问题"]] * 2000 + [["1", "lone \ud800 surrogate"]])
    assert_untouched(victim)


def test_dump_failing_leaves_the_original_untouched(victim):
    from ruamel.yaml.representer import RepresenterError

    from rectrack.yamledit import make_yaml
    from rectrack.atomic import open_atomic

    with pytest.raises(RepresenterError):
        with open_atomic(victim, "wb") as handle:
            make_yaml().dump({"version": 1, "bad": object()}, handle)
    assert_untouched(victim)


def test_interrupt_leaves_the_original_untouched(victim, monkeypatch):
    from rectrack import atomic

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(victim, b"version: 2\n")
    monkeypatch.undo()
    assert_untouched(victim)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions (root ignores them)")
def test_read_only_folder_leaves_the_original_untouched(victim):
    from rectrack.atomic import WriteError, write_atomic

    victim.parent.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="Permission denied; the file is unchanged"):
            write_atomic(victim, b"version: 2\n")
    finally:
        victim.parent.chmod(0o755)
    assert_untouched(victim)


FSIZE_CHILD = textwrap.dedent("""
    import resource, sys
    from rectrack.atomic import WriteError, write_atomic
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    try:
        write_atomic(sys.argv[1], b"x" * 100_000)
    except WriteError as exc:
        print(exc.errno, exc)
""")


def test_file_size_limit_leaves_the_original_untouched(victim):
    pytest.importorskip("resource")
    r = subprocess.run([sys.executable, "-c", FSIZE_CHILD, str(victim)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{errno.EFBIG} cannot write {victim}: File too large"), r.stdout
    assert_untouched(victim)


def test_successful_write_keeps_mode_and_symlink(victim):
    from rectrack.atomic import write_atomic

    link = victim.parent / "current.yaml"
    _symlink(Path(victim.name), link)
    write_atomic(link, b"version: 1\n")
    assert link.is_symlink() and victim.read_bytes() == b"version: 1\n"
    if os.name != "nt":
        assert victim.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in victim.parent.iterdir()) == ["current.yaml", "r1.yaml"]


# -- edits and exports go through the same write ---------------------------------------------

SHIPPED_BYTES = (ROOT / "data" / "issues.yaml").read_bytes()


@pytest.fixture
def ledger(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "issues.yaml"
    path.write_bytes(SHIPPED_BYTES)
    return path


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failed_update_leaves_the_ledger_byte_identical(cli, ledger, monkeypatch, step):
    pytest.importorskip("rectrack.edit")
    from rectrack import atomic

    monkeypatch.setattr(atomic.os, step, _fail)
    r = cli("update", "A3-2", "--status", "completed", "--date", "2024-05-06", "--yes", "--data", ledger.parent,
            env=ENV)
    monkeypatch.undo()
    assert r.exit_code == 1, r.output
    assert "rectrack: error: cannot write" in r.output and "the file is unchanged" in r.output
    assert ledger.read_bytes() == SHIPPED_BYTES
    assert [p.name for p in ledger.parent.iterdir()] == ["issues.yaml"]


def test_update_keeps_bom_and_crlf_on_every_line(cli, ledger):
    pytest.importorskip("rectrack.edit")
    ledger.write_bytes(b"\xef\xbb\xbf" + SHIPPED_BYTES.replace(b"\n", b"\r\n"))
    r = cli("update", "A3-2", "--status", "completed", "--note", "第7家养老驿站建成", "--date", "2024-05-06", "--yes",
            "--data", ledger.parent, env=ENV)
    assert r.exit_code == 0, r.output
    data = ledger.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert "第7家养老驿站建成".encode() in data
    assert data.count(b"\n") == data.count(b"\r\n") > SHIPPED_BYTES.count(b"\n")


def test_failed_export_leaves_the_old_export_in_place(cli, tmp_path, monkeypatch):
    from rectrack import atomic

    out = tmp_path / "台账.csv"
    out.write_bytes(b"old export\n")
    monkeypatch.setattr(atomic.os, "replace", _fail)
    r = cli("export", "-o", out, env=ENV)
    monkeypatch.undo()
    assert r.exit_code == 1, r.output
    assert "Input/output error" in r.output
    assert out.read_bytes() == b"old export\n" and [p.name for p in tmp_path.iterdir()] == [out.name]


def test_limits_from_the_config_file_and_the_environment_on_top(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r1.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "rectrack.toml").write_text('[limits]\nmax_depth = 4\nmax_bytes = "64K"\n', encoding="utf-8")
    r = cli("validate", env={**ENV, "RECTRACK_DATA": ""})
    assert r.exit_code == 1 and "nesting deeper than 4 levels" in r.output, r.output
    r = cli("validate", env={**ENV, "RECTRACK_DATA": "", "RECTRACK_MAX_DEPTH": "8"})
    assert r.exit_code == 0, r.output
    (tmp_path / "rectrack.toml").write_text("[limits]\nmax_depth = 1000\n", encoding="utf-8")
    r = cli("validate", env={**ENV, "RECTRACK_DATA": ""})
    assert r.exit_code == 1, r.output
    assert ("rectrack: error: rectrack.toml: 'limits.max_depth' must be a whole number from 1 to 100, "
            "not 1000") in r.output


@pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [("export",), ("export", "-f", "json"), ("report",)], ids=" ".join)
def test_export_and_report_on_a_terminal_show_data_escaped(args):
    import pty

    primary, secondary = pty.openpty()
    try:
        r = _rectrack(*args, str(HOSTILE / "files" / "text-terminal-escapes.yaml"), stdout=secondary)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert r.returncode == 0, r.stderr
    assert "清屏\\x1b[2J标题" in out or "清屏\\u001b[2J标题" in out  # escaped the csv or the JSON way
    assert_terminal_safe(out)
    if args == ("export",):  # piped, the ledger is written byte for byte
        piped = _rectrack(*args, str(HOSTILE / "files" / "text-terminal-escapes.yaml"))
        assert "清屏\x1b[2J标题".encode() in piped.stdout
