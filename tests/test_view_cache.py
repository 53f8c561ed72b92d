"""`status` and `list` show an unchanged ledger from a cached document: the same output, recomputed on any change."""

from __future__ import annotations

import json
import os

import pytest

from rectrack import loader
from rectrack.cache import open_cache

from conftest import MINIMAL

LATER = MINIMAL.replace("id: r1", "id: r2").replace("feedback: 2024-01-10", "feedback: 2024-05-01")
BAD = MINIMAL.replace("id: r1", "id: r3").replace("status: in_progress", "status: maybe")


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    """A folder with a good round, a round fed back later, and a broken file."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "b.yaml").write_text(LATER, encoding="utf-8")
    (folder / "c.yaml").write_text(BAD, encoding="utf-8")
    return folder


def outputs(cli, *args, command="status"):
    r = cli(command, "data", "--as-of", "2024-03-15", *args)
    return r.exit_code, r.stdout, r.stderr


def no_loading(monkeypatch):
    monkeypatch.setattr(loader, "load_paths", lambda *a, **k: pytest.fail("the ledger was loaded"))


@pytest.mark.parametrize("args", [(), ("--json",), ("-q",), ("-v",), ("--lang", "zh")])
def test_a_second_run_shows_the_same_without_loading(cli, ledger, monkeypatch, args):
    first = outputs(cli, *args)
    assert first[0] == 1  # c.yaml is broken
    said = "状态“maybe”无法识别" if args == ("--lang", "zh") else "unknown status 'maybe'"
    assert f"c.yaml:17:17: error: {said}" in first[2]  # said in --lang, from the cache too
    assert "1 round(s) fed back after 2024-03-15 left out." in first[2] or args == ("--lang", "zh")
    no_loading(monkeypatch)
    assert outputs(cli, *args) == first


def test_the_document_is_recomputed_on_any_change(cli, ledger, monkeypatch):
    def overdue():
        r = cli("status", "data", "--as-of", "2024-03-15", "--json")
        return json.loads(r.stdout)["totals"]["overdue"]

    assert overdue() == 1
    # The same bytes count, size and time kept: A1-2 completed instead.
    path = ledger / "a.yaml"
    before = os.stat(path)
    changed = MINIMAL.replace("status: in_progress", "status: completed  ")
    assert len(changed) == len(MINIMAL)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert overdue() == 0
    path.write_text(MINIMAL, encoding="utf-8")
    assert overdue() == 1
    # Another day, another rule, another file.
    assert json.loads(cli("status", "data", "--as-of", "2024-02-15", "--json").stdout)["totals"]["overdue"] == 0
    (ledger.parent / "rectrack.toml").write_text("[overdue]\ngrace_days = 30\n", encoding="utf-8")
    assert overdue() == 0
    (ledger.parent / "rectrack.toml").unlink()
    assert overdue() == 1
    (ledger / "d.yaml").write_text(MINIMAL.replace("id: r1", "id: r4"), encoding="utf-8")
    assert overdue() == 2


@pytest.mark.parametrize("damage", ["garble", "shape"])
def test_a_damaged_document_is_recomputed(cli, ledger, damage):
    first = outputs(cli, "--json")
    (entry,) = [p for p in open_cache(True).entries() if p.name.startswith("view-")]
    head, _, body = entry.read_bytes().partition(b"\n")
    if damage == "garble":
        entry.write_bytes(head + b"\n" + body[:-5])
    else:  # consistent (its hash matches), but not a status document
        import hashlib

        body = json.dumps({"document": {"as_of": "x"}, "later": 0, "errors": []}).encode()
        header = json.loads(head)
        header["body"] = hashlib.sha256(body).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert outputs(cli, "--json") == first


def test_no_cache_writes_no_document(cli, ledger):
    r = cli("--no-cache", "status", "data", "--as-of", "2024-03-15")
    assert r.exit_code == 1 and "Issues" in r.stdout
    assert open_cache(True).entries() == []


@pytest.mark.parametrize("args", [(), ("--json",), ("--open", "--lang", "zh"), ("--overdue", "--json"),
                                  ("--status", "基本完成"), ("--owner", "x"), ("--round", "r1", "--aspect", "A1"),
                                  ("--due-before", "2024-03-02", "--json")])
def test_list_shows_the_same_from_the_cache(cli, ledger, monkeypatch, args):
    first = outputs(cli, *args, command="list")
    said = "状态“maybe”无法识别" if "zh" in args else "unknown status 'maybe'"
    assert first[0] == 1 and f"c.yaml:17:17: error: {said}" in first[2], first[2]
    no_loading(monkeypatch)
    assert outputs(cli, *args, command="list") == first


def test_list_filters_the_records_it_prints(cli, ledger, monkeypatch):
    loads = []
    real = loader.load_paths
    monkeypatch.setattr(loader, "load_paths", lambda *a, **k: loads.append(1) or real(*a, **k))

    def ids(*args):
        return [(r["round"], r["id"]) for r in json.loads(cli("list", "data", "--json", *args).stdout)]

    assert ids("--as-of", "2024-03-15") == [("r1", "A1-1"), ("r1", "A1-2")]  # r2 came later
    assert ids("--as-of", "2024-06-01") == [("r1", "A1-1"), ("r1", "A1-2"), ("r2", "A1-1"), ("r2", "A1-2")]
    assert len(loads) == 2
    # The same day again: filtered from the cached records, nothing loaded.
    assert ids("--as-of", "2024-06-01", "--overdue", "--round", "r2") == [("r2", "A1-2")]
    assert ids("--as-of", "2024-06-01", "--status", "completed") == [("r1", "A1-1"), ("r2", "A1-1")]
    assert ids("--as-of", "2024-06-01", "--due-before", "2024-03-01") == []
    assert ids("--as-of", "2024-06-01", "--due-before", "2024-03-02", "--round", "r1") == [("r1", "A1-2")]
    assert len(loads) == 2


def test_a_list_record_with_a_deadline_that_is_no_date_is_refused():
    from rectrack.views import ISSUE_RECORD, fits

    record = {"round": "r1", "aspect": "A1", "id": "A1-1", "title": "t", "status": "completed", "owner": None,
              "leader": None, "deadline": "2024-03-01", "completed_on": None, "overdue": False, "days_over": 0,
              "latest_note": None, "unit": "测试单位", "path": "a.yaml"}
    assert fits(record, ISSUE_RECORD) and fits({**record, "deadline": None}, ISSUE_RECORD)
    assert not fits({**record, "deadline": "soon"}, ISSUE_RECORD)
    assert not fits({**record, "status": "done"}, ISSUE_RECORD)


@pytest.mark.skipif(os.name == "nt", reason="Windows file names are UTF-16; this is a POSIX byte name")
def test_a_file_name_that_is_not_utf8_is_shown_cold_and_warm(cli, ledger):
    name = os.fsdecode(b"r\xff.yaml")  # a lone surrogate in Python
    try:
        (ledger / name).write_text(MINIMAL.replace("id: r1", "id: r5"), encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses the name")
    first = outputs(cli, "--json")
    assert first[0] == 1 and "r5" in first[1]
    assert outputs(cli, "--json") == first
    assert [p for p in open_cache(True).entries() if p.name.startswith("view-")]


def test_list_refuses_unknown_rounds_and_aspects_from_the_cache_too(cli, ledger):
    for _ in range(2):
        r = cli("list", "data", "--round", "r9")
        assert r.exit_code == 1 and "no round 'r9'; rounds: r1, r2" in r.stderr
        r = cli("list", "data", "--round", "r1", "--aspect", "A9")
        assert r.exit_code == 1 and "no aspect 'A9'; aspects: A1" in r.stderr


def test_a_file_changed_between_lookup_and_loading_leaves_no_document(cli, ledger, monkeypatch):
    from rectrack import loader as loader_module

    real = loader_module.load_paths

    def edit_then_load(*args, **kwargs):
        # After the lookup's key was taken: the document will describe other bytes than it names.
        (ledger / "a.yaml").write_text(MINIMAL.replace("问题二", "问题贰"), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(loader_module, "load_paths", edit_then_load)
    r = cli("status", "data", "--as-of", "2024-03-15", "--json")
    assert r.exit_code == 1 and "问题贰" in r.stdout
    assert not [p for p in open_cache(True).entries() if p.name.startswith("view-")]
    (ledger / "a.yaml").write_text(MINIMAL, encoding="utf-8")  # the bytes the key named
    monkeypatch.setattr(loader_module, "load_paths", real)
    r = cli("status", "data", "--as-of", "2024-03-15", "--json")
    assert "问题贰" not in r.stdout and "问题二" in r.stdout
    assert [p for p in open_cache(True).entries() if p.name.startswith("view-")]


def test_a_ledger_knows_the_key_of_what_it_read(ledger):
    from rectrack.loader import ledger_key, load_paths

    assert load_paths([ledger]).key == ledger_key([ledger]) is not None
    assert load_paths([ledger], use_cache=False).key is None