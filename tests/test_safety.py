"""Hardening, second pass (issue 18): outputs that must not destroy inputs, a cache and a lock only
their user can touch, disks that fill up, dates at the end of the calendar, signals and huge cells.

Ownership is tested twice: behind the `private.current_uid` seam (any user),
and with real files chowned to an unused uid when the tests run as root.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from rectrack import cache as cache_module

from conftest import MINIMAL, ROOT

ENV = {"RECTRACK_CACHE": "off"}
SHIPPED_BYTES = (ROOT / "data" / "issues.yaml").read_bytes()
POSIX = os.name != "nt"
ROOT_USER = POSIX and os.geteuid() == 0
OTHER_UID = 54321  # no such user needed: root can chown to any number


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A repository folder with data/issues.yaml (the shipped round), as the current folder."""
    (tmp_path / ".git").mkdir()  # the repository root: a config file above it is not this checkout's
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "issues.yaml").write_bytes(SHIPPED_BYTES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_in(checkout, cli, *args):
    return cli(*args, env={**ENV, "RECTRACK_DATA": None})


# -- 1. `-o` never destroys an input ----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("export", "-o", "data/issues.yaml"),
    ("export", "-f", "json", "-o", "data/issues.yaml"),
    ("report", "-o", "data/issues.yaml"),
    ("report", "data/issues.yaml", "-o", "data/issues.yaml"),
    ("schema", "-o", "data/issues.yaml"),
], ids=" ".join)
def test_output_onto_the_ledger_is_refused(cli, checkout, args):
    r = run_in(checkout, cli, *args)
    assert r.exit_code == 1, r.output
    assert "refused to write data/issues.yaml" in r.output and "nothing was written" in r.output
    assert (checkout / "data" / "issues.yaml").read_bytes() == SHIPPED_BYTES
    assert sorted(p.name for p in (checkout / "data").iterdir()) == ["issues.yaml"]


@pytest.mark.parametrize("command", ["export", "report", "schema"])
def test_new_yaml_in_the_data_folder_is_refused(cli, checkout, command):
    r = run_in(checkout, cli, command, "-o", "data/sub/out.yaml")
    assert r.exit_code == 1, r.output
    assert "read as a round file by `rectrack validate`" in r.output
    assert not (checkout / "data" / "sub").exists()
    assert run_in(checkout, cli, "validate").exit_code == 0


def test_hard_link_and_other_spelling_of_an_input_are_the_same_file(cli, checkout):
    os.link(checkout / "data" / "issues.yaml", checkout / "ledger-copy.txt")
    for target in ("ledger-copy.txt", "data/../data/./issues.yaml"):
        r = run_in(checkout, cli, "export", "-o", target)
        assert r.exit_code == 1, r.output
        assert "a file this command read" in r.output
    assert (checkout / "data" / "issues.yaml").read_bytes() == SHIPPED_BYTES


def test_round_file_elsewhere_and_the_config_file_are_refused(cli, checkout):
    other = checkout / "elsewhere" / "r9.yaml"
    other.parent.mkdir()
    other.write_text(MINIMAL, encoding="utf-8")
    r = run_in(checkout, cli, "export", "-o", other)
    assert r.exit_code == 1, r.output
    assert "it is a round file" in r.output and other.read_text(encoding="utf-8") == MINIMAL
    (checkout / "rectrack.toml").write_text('lang = "en"\n', encoding="utf-8")
    r = run_in(checkout, cli, "export", "-f", "csv", "-o", "rectrack.toml")
    assert r.exit_code == 1, r.output
    assert (checkout / "rectrack.toml").read_text(encoding="utf-8") == 'lang = "en"\n'


def test_ordinary_output_is_still_written(cli, checkout):
    (checkout / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    r = run_in(checkout, cli, "export", "-f", "json", "-o", "notes.yaml")
    assert r.exit_code == 0, r.output
    assert json.loads((checkout / "notes.yaml").read_text(encoding="utf-8"))
    r = run_in(checkout, cli, "schema", "-o", "schema/round.json")
    assert r.exit_code == 0, r.output
    assert "written" in r.output and (checkout / "schema" / "round.json").is_file()


def test_dash_means_stdout(cli, checkout):
    r = run_in(checkout, cli, "export", "-o", "-")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("\ufeffNo.,Round,") and not (checkout / "-").exists()
    r = run_in(checkout, cli, "schema", "-o", "-")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["title"] and not (checkout / "-").exists()


# -- 2. `-o` onto a FIFO, a device, /dev/stdout --------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_into_a_fifo_is_written_in_place(cli, checkout):
    fifo = checkout / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.2)
    r = run_in(checkout, cli, "export", "-o", fifo)
    reader.join(10)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a file"
    assert received and received[0].startswith("\ufeffNo.,Round,".encode())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_nobody_reads_is_refused_without_waiting(cli, checkout):
    fifo = checkout / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    for args in (("export", "-o", fifo), ("schema", "-o", fifo)):
        r = run_in(checkout, cli, *args)
        assert r.exit_code == 1, r.output
        assert "no program is reading this FIFO" in r.output
    assert time.monotonic() - started < 10
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not ROOT_USER, reason="making a device node needs root")
def test_output_onto_a_character_device_writes_into_it(cli, checkout):
    null = checkout / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except PermissionError:
        pytest.skip("no CAP_MKNOD here")
    r = run_in(checkout, cli, "export", "-o", null)
    assert r.exit_code == 0, r.output
    assert stat.S_ISCHR(os.stat(null).st_mode), "the device was replaced by a regular file"


def test_output_onto_a_folder_is_refused(cli, checkout):
    (checkout / "out").mkdir()
    r = run_in(checkout, cli, "schema", "-o", "out")
    assert r.exit_code == 1, r.output
    assert "it is a folder" in r.output


@pytest.mark.skipif(not POSIX, reason="/dev/stdout")
def test_dev_stdout_writes_to_the_descriptor_the_shell_opened(checkout):
    with open(checkout / "log.csv", "wb") as log:
        log.write(b"kept\n")
    shell = f"{sys.executable} -m rectrack export -o /dev/stdout >> log.csv"
    r = subprocess.run(shell, shell=True, cwd=checkout, capture_output=True, text=True, timeout=120,
                       env={**os.environ, **ENV, "RECTRACK_DATA": "data"})
    assert r.returncode == 0, r.stderr
    data = (checkout / "log.csv").read_bytes()
    assert data.startswith(b"kept\n\xef\xbb\xbf") and "序号".encode() in data, data[:40]


# -- 5, 6. the cache: any undecodable entry is a miss; only its user's cache is used -------------------

@pytest.fixture
def cached(cli, checkout):
    """The checkout after one `status` run that filled the cache; returns (cache folder, first output)."""
    folder = Path(os.environ["RECTRACK_CACHE_DIR"])
    r = cli("status", "--as-of", "2024-06-30", env={"RECTRACK_DATA": None})
    assert r.exit_code == 0, r.output
    assert len(list((folder / f"v{cache_module.CACHE_FORMAT}").glob("*.entry"))) == 2  # the file and the status view
    return folder, r.output


def _status(cli):
    return cli("status", "--as-of", "2024-06-30", env={"RECTRACK_DATA": None})


def _rewrite_views(folder: Path, change) -> None:
    """Rewrite each view entry's body with `change(body)`, checksum recomputed, as a forger would."""
    import hashlib

    for entry in (folder / f"v{cache_module.CACHE_FORMAT}").glob("view-*.entry"):
        head, _, body = entry.read_bytes().partition(b"\n")
        header = json.loads(head)
        body = change(body)
        header["body"] = hashlib.sha256(body).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _forge(body: bytes) -> bytes:
    def walk(value):
        if isinstance(value, dict):
            return {k: 777 if k == "completed" and isinstance(v, int) else walk(v) for k, v in value.items()}
        return [walk(v) for v in value] if isinstance(value, list) else value
    return json.dumps(walk(json.loads(body)), ensure_ascii=False).encode()


DEEP = b"[" * 5000 + b"]" * 5000


def test_deeply_nested_entries_are_ignored_and_rebuilt(cli, cached):
    folder, first = cached
    _rewrite_views(folder, lambda body: DEEP)
    for entry in (folder / f"v{cache_module.CACHE_FORMAT}").glob("[0-9a-f]*.entry"):
        head, _, body = entry.read_bytes().partition(b"\n")
        entry.write_bytes(head.replace(b'"problems":[]', b'"problems":' + DEEP) + b"\n" + body)
        assert DEEP in entry.read_bytes()
    r = _status(cli)
    assert r.exit_code == 0, r.output
    assert r.output == first
    assert not any(DEEP in e.read_bytes() for e in (folder / f"v{cache_module.CACHE_FORMAT}").glob("*.entry")), "not rebuilt"


def test_forged_entry_in_a_cache_others_can_write_is_not_used(cli, cached):
    folder, first = cached
    _rewrite_views(folder, _forge)
    folder.chmod(0o777)
    r = _status(cli)
    assert r.exit_code == 0, r.output
    assert "777" not in r.output.replace("mode 777", "")
    assert r.output.count("rectrack: warning: not using the cache:") == 1
    assert f"{folder} can be written by other users (mode 777)" in r.output
    assert r.output.replace(r.output[r.output.index("rectrack: warning"):].split("\n")[0] + "\n", "") == first
    r = cli("status", "--as-of", "2024-06-30", "--lang", "zh", env={"RECTRACK_DATA": None})
    assert (f"rectrack: warning: 没有使用缓存：其他用户可以写入 {folder}（权限 777）；请把它设为仅本人可写（chmod 700），"
            "或删除它，rectrack 会另建一个私有的缓存文件夹\n") in r.output, r.output
    folder.chmod(0o700)
    assert "777" in _status(cli).output, "the forged entry is used again once the folder is private (test check)"


def test_an_entry_others_can_write_is_not_used(cli, cached):
    folder, first = cached
    _rewrite_views(folder, _forge)
    for entry in (folder / f"v{cache_module.CACHE_FORMAT}").glob("view-*.entry"):
        entry.chmod(0o666)
    r = _status(cli)
    assert r.exit_code == 0, r.output
    assert r.output == first


def test_a_cache_owned_by_another_user_is_not_used(cli, cached, monkeypatch):
    folder, first = cached
    _rewrite_views(folder, _forge)
    monkeypatch.setattr("rectrack.private.current_uid", lambda: os.geteuid() + 1 if POSIX else 1)
    if not POSIX:
        pytest.skip("no POSIX owners")
    r = _status(cli)
    assert r.exit_code == 0, r.output
    assert "777" not in r.output and "belongs to another user" in r.output
    assert r.output.count("rectrack: warning:") == 1


@pytest.mark.skipif(not ROOT_USER, reason="chown needs root")
def test_a_cache_chowned_to_another_user_is_not_used(cli, cached):
    folder, first = cached
    _rewrite_views(folder, _forge)
    os.chown(folder, OTHER_UID, OTHER_UID)
    r = _status(cli)
    assert r.exit_code == 0, r.output
    assert "777" not in r.output and f"belongs to another user (uid {OTHER_UID})" in r.output


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_the_cache_is_created_private(cli, checkout, tmp_path, monkeypatch):
    folder = tmp_path / "fresh" / "cache"
    monkeypatch.setenv("RECTRACK_CACHE_DIR", str(folder))
    old = os.umask(0o022)
    try:
        assert _status(cli).exit_code == 0
    finally:
        os.umask(old)
    for made in (tmp_path / "fresh", folder, folder / f"v{cache_module.CACHE_FORMAT}"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in (folder / f"v{cache_module.CACHE_FORMAT}").iterdir())


# -- 7. edit locks: the user's own folder, and a clear error when locking fails ---------------------

@pytest.fixture
def lock_home(tmp_path, monkeypatch):
    """Locks under a private cache home, no runtime folder: returns where they go."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    return tmp_path / "home-cache" / "rectrack" / "locks"


def _update(cli):
    return cli("update", "A3-2", "--status", "completed", "--date", "2024-05-06", "--yes", "--data", "data", env=ENV)


def test_locks_live_in_a_private_folder_of_the_user(cli, checkout, lock_home):
    import tempfile

    from rectrack.lock import lock_path

    where = lock_path(checkout / "data" / "issues.yaml")
    assert where.parent == lock_home
    assert not str(where).startswith(tempfile.gettempdir() + os.sep + "rectrack-")
    r = _update(cli)
    assert r.exit_code == 0, r.output
    if POSIX:
        assert stat.S_IMODE(lock_home.stat().st_mode) == 0o700
        assert stat.S_IMODE(where.stat().st_mode) == 0o600


def test_a_lock_planted_in_the_shared_temp_folder_changes_nothing(cli, checkout, lock_home):
    import hashlib
    import tempfile

    real = os.path.normcase(os.path.realpath(checkout / "data" / "issues.yaml"))
    planted = Path(tempfile.gettempdir()) / f"rectrack-{hashlib.sha256(real.encode()).hexdigest()[:24]}.lock"
    planted.mkdir()  # what the old code would have tried to open
    try:
        r = _update(cli)
    finally:
        planted.rmdir()
    assert r.exit_code == 0, r.output


def test_a_lock_that_cannot_be_taken_is_one_line_naming_it(cli, checkout, lock_home):
    from rectrack.lock import lock_path

    where = lock_path(checkout / "data" / "issues.yaml")
    where.mkdir(parents=True)
    r = _update(cli)
    assert r.exit_code == 1, r.output
    assert r.output.startswith("rectrack: error: ") and r.output.count("\n") == 1, r.output
    assert f"cannot lock {where}" in r.output and "Traceback" not in r.output
    assert (checkout / "data" / "issues.yaml").read_bytes() == SHIPPED_BYTES


def test_a_lock_folder_another_user_owns_is_refused(cli, checkout, lock_home, monkeypatch):
    if not POSIX:
        pytest.skip("no POSIX owners")
    lock_home.mkdir(parents=True)
    monkeypatch.setattr("rectrack.private.current_uid", lambda: os.geteuid() + 1)
    r = _update(cli)
    assert r.exit_code == 1, r.output
    assert f"not locking in {lock_home}" in r.output and "belongs to another user" in r.output
    assert (checkout / "data" / "issues.yaml").read_bytes() == SHIPPED_BYTES
    r = cli("update", "A3-2", "--status", "completed", "--date", "2024-05-06", "--yes", "--data", "data",
            "--lang", "zh", env=ENV)
    assert r.exit_code == 1, r.output
    assert f"没有在 {lock_home} 中加锁：{lock_home} 属于另一个用户（uid {os.geteuid()}）；没有写入任何内容" in r.output


# -- 8. init on a full disk --------------------------------------------------------------------------

def test_init_on_a_full_disk_fails_like_update(cli, tmp_path, monkeypatch):
    from rectrack import edit

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(edit.os, "fsync", full)
    target = tmp_path / "data" / "r2.yaml"
    r = cli("init", target, "--id", "r2", "--title", "第二轮", "--unit", "某单位", "--feedback", "2024-03-01",
            "--data", tmp_path / "data", env=ENV)
    monkeypatch.undo()
    assert r.exit_code == 1, r.output
    assert r.output == f"rectrack: error: cannot write {target}: No space left on device; nothing was written\n"
    assert not target.exists() and list((tmp_path / "data").iterdir()) == []


def test_init_in_a_folder_it_cannot_create_is_one_line(cli, tmp_path):
    (tmp_path / "file").write_text("not a folder\n", encoding="utf-8")
    target = tmp_path / "file" / "r2.yaml"
    r = cli("init", target, "--id", "r2", "--title", "第二轮", "--unit", "某单位", "--feedback", "2024-03-01",
            "--data", tmp_path, env=ENV)
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"rectrack: error: cannot write {target}: ") and r.output.count("\n") == 1


# -- 9. dates whose derived dates pass 9999-12-31 -----------------------------------------------------

HOSTILE_FILES = ROOT / "tests" / "hostile" / "files"


@pytest.mark.parametrize("args", [("status", "--as-of", "9999-12-31"), ("reviews", "--as-of", "9999-12-31"),
                                  ("status", "--as-of", "9999-12-31", "--json"), ("list", "--as-of", "9999-12-31")],
                         ids=" ".join)
@pytest.mark.parametrize("name", ["date-review-past-9999.yaml", "date-check-past-9999.yaml"])
def test_dates_past_9999_are_refused_not_crashed_on(cli, name, args):
    path = HOSTILE_FILES / name
    command, *rest = args
    where = [path] if command == "status" else ["--data", path]
    r = cli(command, *where, *rest, env=ENV)
    assert r.exit_code == 1, r.output
    assert "[date-out-of-range]" in r.output or "date-out-of-range" in r.output
    assert "Traceback" not in r.output


def test_duration_past_the_last_date_is_an_overflow():
    import datetime as dt

    from rectrack.durations import parse_duration

    assert parse_duration("6 months").after(dt.date(9999, 6, 30)) == dt.date(9999, 12, 30)
    for period, day in (("6 months", dt.date(9999, 12, 31)), ("2 weeks", dt.date(9999, 12, 25)),
                        ("1 year", dt.date(9999, 1, 1))):
        with pytest.raises(OverflowError, match="falls after 9999-12-31"):
            parse_duration(period).after(day)


# -- the smaller items --------------------------------------------------------------------------------

STALE = 2 * 3600


def _aged(path: Path, seconds: float, data: bytes = b"half a write") -> Path:
    path.write_bytes(data)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_our_stale_temporary_files_are_removed_on_the_next_write(tmp_path):
    from rectrack.atomic import write_atomic

    target = tmp_path / "r1.yaml"
    target.write_bytes(b"version: 1\n")
    stale = _aged(tmp_path / ".r1.yaml.k3_9zq0a.tmp", STALE)
    kept = [
        _aged(tmp_path / ".r1.yaml.abcdefgh.tmp", 60),            # a write in progress, maybe
        _aged(tmp_path / ".r1.yaml.abc.tmp", STALE),               # not mkstemp's pattern
        _aged(tmp_path / ".r1.yaml.ABCDEFGH.tmp", STALE),          # nor this
        _aged(tmp_path / ".r2.yaml.abcdefgh.tmp", STALE),          # another file's
        _aged(tmp_path / "r1.yaml.abcdefgh.tmp", STALE),           # not hidden
    ]
    (tmp_path / ".r1.yaml.linkxxxx.tmp").symlink_to(target) if POSIX else None
    write_atomic(target, b"version: 2\n")
    assert target.read_bytes() == b"version: 2\n"
    assert not stale.exists()
    assert all(p.exists() for p in kept)
    assert not POSIX or (tmp_path / ".r1.yaml.linkxxxx.tmp").is_symlink()


@pytest.mark.skipif(not ROOT_USER, reason="chown needs root")
def test_another_users_stale_temporary_file_is_left_alone(tmp_path):
    from rectrack.atomic import write_atomic

    target = tmp_path / "r1.yaml"
    target.write_bytes(b"version: 1\n")
    theirs = _aged(tmp_path / ".r1.yaml.abcdefgh.tmp", STALE)
    os.chown(theirs, OTHER_UID, OTHER_UID)
    write_atomic(target, b"version: 2\n")
    assert theirs.exists()


SIGTERM_CHILD = textwrap.dedent("""
    import sys, time
    from rectrack.cli._app import stop_on_sigterm
    from rectrack.atomic import open_atomic
    stop_on_sigterm()
    try:
        with open_atomic(sys.argv[1], "wb") as handle:
            handle.write(b"version: 2\\n")
            print("writing", flush=True)
            time.sleep(60)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(143)
""")


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "r1.yaml"
    target.write_bytes(b"version: 1\n")
    child = subprocess.Popen([sys.executable, "-c", SIGTERM_CHILD, str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "writing\n"
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file exists now
    child.send_signal(signal.SIGTERM)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == 143 and out == "interrupted\n"
    assert target.read_bytes() == b"version: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r1.yaml"]


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_sigterm_ends_the_cli_like_ctrl_c(checkout, lock_home):
    """`rectrack update` waiting for a lock is stopped by SIGTERM: exit 143, one line, nothing written."""
    from rectrack.lock import locked

    ledger = checkout / "data" / "issues.yaml"
    env = {**os.environ, **ENV, "XDG_CACHE_HOME": str(lock_home.parent.parent)}
    env.pop("XDG_RUNTIME_DIR", None)
    with locked(ledger):
        child = subprocess.Popen([sys.executable, "-m", "rectrack", "update", "A3-2", "--status", "completed",
                                  "--date", "2024-05-06", "--yes", "--data", "data"], cwd=checkout, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)  # started, and waiting for the lock held here
        assert child.poll() is None
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=30)
    assert child.returncode == 143, err
    assert "Traceback" not in err and ledger.read_bytes() == SHIPPED_BYTES
    assert sorted(p.name for p in ledger.parent.iterdir()) == ["issues.yaml"]


@pytest.mark.skipif(not ROOT_USER, reason="giving a file away needs root")
def test_update_by_root_keeps_the_files_owner_and_group(cli, checkout):
    ledger = checkout / "data" / "issues.yaml"
    os.chown(ledger, OTHER_UID, OTHER_UID + 1)
    ledger.chmod(0o640)
    r = cli("update", "A3-2", "--status", "completed", "--date", "2024-05-06", "--yes", "--data", "data", env=ENV)
    assert r.exit_code == 0, r.output
    info = ledger.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (OTHER_UID, OTHER_UID + 1, 0o640)
    assert ledger.read_bytes() != SHIPPED_BYTES


@pytest.mark.skipif(not POSIX, reason="POSIX owners")
def test_a_write_asks_for_the_originals_owner_then_its_group(tmp_path, monkeypatch):
    from rectrack import atomic

    target = tmp_path / "r1.yaml"
    target.write_bytes(b"version: 1\n")
    info = target.stat()
    calls = []

    def chown(path, uid, gid):
        calls.append((Path(path).name.startswith(".r1.yaml."), uid, gid))
        if uid != -1:
            raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "chown", chown)
    atomic.write_atomic(target, b"version: 2\n")
    assert calls == [(True, info.st_uid, info.st_gid), (True, -1, info.st_gid)]
    assert target.read_bytes() == b"version: 2\n"


def test_diff_asks_for_the_blob_size_before_reading_it(tmp_path, monkeypatch):
    from rectrack import gitdiff

    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.yaml").write_text(MINIMAL + "# " + "x" * 5000 + "\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "big"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    monkeypatch.setenv("RECTRACK_MAX_BYTES", "1000")  # the limits in force, as for any read
    asked = []
    real_git = gitdiff._git
    monkeypatch.setattr(gitdiff, "_git", lambda args, cwd: asked.append(args[0]) or real_git(args, cwd))
    _, old = gitdiff.ledger_at("HEAD", [root / "data"])
    assert [p.code for p in old.problems] == ["too-large"]
    assert "over the size limit of 1000 bytes" in old.problems[0].message
    assert "cat-file" in asked and "show" not in asked


def test_a_huge_title_is_cut_in_tables_and_renders_fast(cli, tmp_path):
    title = "长标题x" * 325_000  # 1.3 million characters, 3.2 MB: within the size limit
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL.replace("        title: 问题二\n", f"        title: {title}\n"), encoding="utf-8")
    started = time.monotonic()
    for args in (("list", "--data", path), ("status", "-v", path, "--as-of", "2024-06-01")):
        r = cli(*args, env=ENV)
        assert r.exit_code == 0, r.output
        assert "…" in r.output and len(r.output) < 20_000, len(r.output)
    assert time.monotonic() - started < 15, "rendering is no longer linear"
    r = cli("list", "--data", path, "--json", env=ENV)
    assert title in r.output, "--json gives the value whole"


def test_data_text_cuts_at_the_limit():
    from rectrack.render.text import MAX_SHOWN, data_text

    assert data_text("x" * MAX_SHOWN).plain == "x" * MAX_SHOWN
    assert data_text("x" * (MAX_SHOWN + 1)).plain == "x" * (MAX_SHOWN - 1) + "…"


@pytest.mark.parametrize("text", ["＝1+1", "＋1", "－1", "＠SUM(A1)", " =1+1", "\u00a0=1+1", "\u3000=1+1",
                                  "\u200b=1+1", "\ufeff=1+1", " \u3000\u200b+cmd|'/c calc'!A0"])
def test_hidden_and_full_width_formula_starts_are_neutralised(text):
    from rectrack.export import neutralise

    assert neutralise(text) == "'" + text
    assert neutralise("正常 = 1") == "正常 = 1"


def test_formula_starters_in_the_corpus_file_are_neutralised_in_csv_and_xlsx(cli, tmp_path):
    import csv
    import io

    path = HOSTILE_FILES / "text-formula-starters.yaml"
    r = cli("export", path, "-f", "csv", "-o", tmp_path / "out.csv", env=ENV)
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'＝HYPERLINK(\"https://evil.example\",\"点我\")" in cells
    assert "'\u3000=1+1" in cells
    r = cli("export", path, "-o", tmp_path / "out.xlsx", env=ENV)
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows() for c in row]
    assert "'\u3000=1+1" in values and not any(isinstance(v, str) and v.startswith("＝") for v in values)


@pytest.mark.parametrize("columns", ["0", "-1", "wide"])
def test_unusable_columns_is_an_unknown_width(cli, columns):
    r = cli("status", "--as-of", "2024-06-30", env={**ENV, "COLUMNS": columns})
    assert r.exit_code == 0, r.output
    assert "hd-2023-r6-zgc" in r.output and max(map(len, r.output.splitlines())) <= 80


def test_a_read_only_home_locks_in_a_private_temporary_folder(cli, checkout, tmp_path, monkeypatch):
    import tempfile

    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder" / "cache"))
    r = _update(cli)
    assert r.exit_code == 0, r.output
    if POSIX:
        fallback = Path(tempfile.gettempdir()) / f"rectrack-locks-{os.geteuid()}"
        assert stat.S_IMODE(fallback.stat().st_mode) == 0o700 and fallback.stat().st_uid == os.geteuid()
