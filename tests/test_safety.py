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

from conftest import MINIMAL, ROOT

ENV = {"RECTRACK_CACHE": "off"}
SHIPPED_BYTES = (ROOT / "data" / "issues.yaml").read_bytes()
POSIX = os.name != "nt"
ROOT_USER = POSIX and os.geteuid() == 0
OTHER_UID = 54321  # no such user needed: root can chown to any number


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A repository folder with data/issues.yaml (the shipped round), as the current folder."""
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
