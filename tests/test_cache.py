"""The cache of unchanged files: used only for identical bytes, never trusted when damaged, never in the way."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from rectrack import cache as cache_module
from rectrack import loader
from rectrack.cache import Cache, default_folder, open_cache
from rectrack.loader import load_paths
from rectrack.problems import RectrackError

from conftest import MINIMAL

BAD = MINIMAL.replace("status: in_progress", "status: maybe")


@pytest.fixture
def round_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def store() -> Cache:
    return open_cache(True)


def statuses(ledger) -> list[str]:
    return [issue.status.value for _, model in ledger.pairs() for _, issue in model.issues()]


def test_an_unchanged_file_is_not_parsed_again(round_file, store, monkeypatch):
    first = load_paths([round_file])
    assert [p.name for p in store.entries()] and len(store.entries()) == 1
    monkeypatch.setattr(loader, "load_source", lambda *a: pytest.fail("the file was parsed"))
    second = load_paths([round_file])
    assert second.pairs() == first.pairs() and statuses(second) == ["completed", "in_progress"]


def test_problems_come_back_with_their_places(round_file, store, monkeypatch):
    round_file.write_text(BAD, encoding="utf-8")
    first = load_paths([round_file])
    monkeypatch.setattr(loader, "load_source", lambda *a: pytest.fail("the file was parsed"))
    second = load_paths([round_file])
    assert second.problems == first.problems
    assert [(p.path, p.line, p.column, p.code) for p in second.problems] == [("r.yaml", 17, 17, "unknown-status")]
    assert second.rounds == []


def test_an_edit_keeping_size_and_time_is_seen(round_file, store):
    load_paths([round_file])
    before = os.stat(round_file)
    changed = MINIMAL.replace("status: in_progress", "status: not_started")  # same length
    assert len(changed) == len(MINIMAL)
    round_file.write_text(changed, encoding="utf-8")
    os.utime(round_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(round_file).st_size == before.st_size
    assert os.stat(round_file).st_mtime_ns == before.st_mtime_ns
    assert statuses(load_paths([round_file])) == ["completed", "not_started"]


def test_an_unchanged_file_is_found_by_its_stat_without_reading_it(round_file, store, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the file was written just now: count it as settled
    load_paths([round_file])
    monkeypatch.setattr(loader, "read_bytes", lambda *a: pytest.fail("the file was read"))
    assert statuses(load_paths([round_file])) == ["completed", "in_progress"]


def test_with_stat_keys_an_edit_keeping_size_and_time_is_still_seen(round_file, store, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    load_paths([round_file])
    before = os.stat(round_file)
    round_file.write_text(MINIMAL.replace("status: in_progress", "status: not_started"), encoding="utf-8")
    os.utime(round_file, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back; ctime cannot be
    assert statuses(load_paths([round_file])) == ["completed", "not_started"]


def test_a_file_changed_within_the_racy_window_is_keyed_by_its_bytes(round_file, store):
    from rectrack.cache import Key
    from rectrack.read import DEFAULT_LIMITS

    info = os.stat(round_file)  # written a moment ago
    assert Key.by_stat(round_file, info, DEFAULT_LIMITS) is None
    key = Key.of(round_file, info, round_file.read_bytes(), DEFAULT_LIMITS)
    assert key.content.startswith("sha256:") and len(key.content) == len("sha256:") + 64
    # The same file as it would be seen ten seconds from now: known by its stat alone.
    aged = _aged(info, info.st_ctime_ns - 10 * 10**9)
    assert Key.by_stat(round_file, aged, DEFAULT_LIMITS).content == f"stat:{aged.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def _aged(info: os.stat_result, ns: int):
    class Aged:
        st_mtime_ns = st_ctime_ns = ns
        st_size, st_ino, st_dev = info.st_size, info.st_ino, info.st_dev
    return Aged()


def test_the_same_bytes_at_a_new_time_or_place_are_parsed_again(round_file, store, monkeypatch):
    load_paths([round_file])
    os.utime(round_file, ns=(0, 10**9))
    other = round_file.with_name("copy.yaml")
    other.write_bytes(round_file.read_bytes())
    parsed = []
    real = loader.load_source
    monkeypatch.setattr(loader, "load_source", lambda *a: parsed.append(1) or real(*a))
    load_paths([round_file])
    load_paths([other])
    assert len(parsed) == 2


def _entry(store: Cache) -> Path:
    (entry,) = [p for p in store.entries() if p.name.endswith(".entry")]
    return entry


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty", "body", "header", "model", "round-id",
                                    "problem-types"])
def test_a_damaged_entry_is_ignored_and_rebuilt(round_file, store, damage):
    expected = load_paths([round_file]).pairs()
    entry = _entry(store)
    data = original = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garble":
        data = bytes(b ^ 0x5A for b in data)
    elif damage == "empty":
        data = b""
    elif damage == "body":  # still valid JSON and a valid model, but not what was stored
        data = head + b"\n" + body.replace(b"in_progress", b"not_started")
    elif damage == "header":
        data = b"{not json\n" + body
    elif damage == "model":  # a consistent entry whose model no longer validates
        body = body.replace(b'"in_progress"', b'"maybe"')
        header = json.loads(head)
        header["sum"] = cache_module._checksum([header["problems"], header["round"], header["marks"]], body)
        data = json.dumps(header).encode() + b"\n" + body
    elif damage == "round-id":  # the header names another round: the checksum covers it
        header = json.loads(head)
        header["round"] = "someone-else"
        data = json.dumps(header).encode() + b"\n" + body
    else:  # consistent, but a problem whose line is text
        header = json.loads(head)
        header["problems"] = [["1", 1, "x", "y", "warning"]]
        header["sum"] = cache_module._checksum([header["problems"], header["round"], header["marks"]], body)
        data = json.dumps(header).encode() + b"\n" + body
    entry.write_bytes(data)
    ledger = load_paths([round_file])
    assert ledger.pairs() == expected and statuses(ledger) == ["completed", "in_progress"]
    assert _entry(store).read_bytes() == original  # rebuilt


def test_models_are_decoded_only_when_asked_for(round_file, store, monkeypatch):
    load_paths([round_file])
    decoded = []
    real = cache_module.Entry.model
    monkeypatch.setattr(cache_module.Entry, "model", lambda self: decoded.append(1) or real(self))
    ledger = load_paths([round_file])
    assert [(r.display, r.round_id) for r in ledger.rounds] == [("r.yaml", "r1")] and decoded == []
    assert statuses(ledger) == ["completed", "in_progress"] and decoded == [1]
    assert statuses(ledger) == ["completed", "in_progress"] and decoded == [1]  # once


def test_duplicate_rounds_are_found_without_decoding_a_model(round_file, store, monkeypatch):
    round_file.with_name("s.yaml").write_text(MINIMAL, encoding="utf-8")
    first = load_paths([round_file.parent])
    # Neither file is validated again; only the flagged one is parsed, to place the finding on its line.
    monkeypatch.setattr(loader, "load_source", lambda *a: pytest.fail("a file was validated"))
    monkeypatch.setattr(cache_module.Entry, "model", lambda self: pytest.fail("a model was decoded"))
    second = load_paths([round_file.parent])
    assert [(p.path, p.line, p.column, p.message) for p in second.problems] == \
        [(p.path, p.line, p.column, p.message) for p in first.problems] == \
        [("s.yaml", 3, 7, "round id 'r1' is already used by r.yaml")]
    assert [r.display for r in second.rounds] == ["r.yaml"]


def test_an_entry_whose_file_changed_meanwhile_is_refused_clearly(round_file, store, monkeypatch):
    load_paths([round_file])
    ledger = load_paths([round_file])  # from the cache, not decoded yet
    round_file.write_text(BAD, encoding="utf-8")
    monkeypatch.setattr(cache_module.Entry, "model", lambda self: (_ for _ in ()).throw(ValueError("foreign")))
    with pytest.raises(RectrackError, match="^r.yaml: the file or its cache entry changed while it was being read; "
                                            "run the command again$"):
        ledger.pairs()


def test_an_entry_that_names_another_round_is_caught_and_replaced(round_file, store):
    expected = load_paths([round_file]).pairs()
    entry = _entry(store)
    original = entry.read_bytes()
    head, _, body = original.partition(b"\n")
    header = json.loads(head)
    header["round"] = "someone-else"  # consistent: its checksum made again, as another program might
    header["sum"] = cache_module._checksum([header["problems"], header["round"], header["marks"]], body)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    ledger = load_paths([round_file])
    # The id was already used for the check across files: the run must not go on with it.
    with pytest.raises(RectrackError, match="changed while it was being read"):
        ledger.pairs()
    assert _entry(store).read_bytes() == original  # rebuilt, so the next run is right
    assert load_paths([round_file]).pairs() == expected


def test_clearing_removes_what_older_formats_left(round_file, store):
    load_paths([round_file])
    old = store.root / "v1"
    old.mkdir()
    (old / "x.entry").write_text("{}", encoding="utf-8")
    (old / "notes.txt").write_text("kept", encoding="utf-8")
    assert store.clear() == 2
    assert store.entries() == [] and [p.name for p in old.iterdir()] == ["notes.txt"]


def test_the_fingerprint_names_the_releases_that_shape_results():
    releases = cache_module._installed(("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"),
                                       ("ruamel.yaml", "ruamel_yaml"), ("yaml", "pyyaml"), ("nothing_here", "x"))
    names = releases.split(",")
    assert [n.split("-")[0].lower() for n in names[:4]] == ["pydantic", "pydantic_core", "ruamel_yaml", "pyyaml"]
    assert all(n.endswith(".dist-info") for n in names[:4]) and names[4] == "nothing_here: none"


def test_a_new_rectrack_or_other_limits_start_afresh(round_file, store, monkeypatch):
    load_paths([round_file])
    parsed = []
    real = loader.load_source
    monkeypatch.setattr(loader, "load_source", lambda *a: parsed.append(1) or real(*a))
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another rectrack")
    load_paths([round_file])
    from rectrack.read import DEFAULT_LIMITS

    load_paths([round_file], limits=DEFAULT_LIMITS.checked(max_depth=20))
    assert len(parsed) == 2


@pytest.mark.parametrize("how", ["argument", "env", "bypass"])
def test_the_cache_can_be_bypassed(round_file, store, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("RECTRACK_CACHE", "Off")
    elif how == "bypass":
        monkeypatch.setattr(cache_module, "_bypassed", cache_module._bypassed)  # restored after the test
        cache_module.bypass()
    ledger = load_paths([round_file], use_cache=False if how == "argument" else None)
    assert statuses(ledger) == ["completed", "in_progress"]
    assert store.entries() == []


def test_an_unwritable_cache_never_fails_a_run(round_file, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RECTRACK_CACHE_DIR", str(blocker))
    assert statuses(load_paths([round_file])) == ["completed", "in_progress"]


def test_concurrent_runs_share_the_cache_safely(tmp_path, store, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for number in range(6):
        (tmp_path / f"r{number}.yaml").write_text(MINIMAL.replace("id: r1", f"id: r{number}"), encoding="utf-8")
    results, errors = [], []

    def run():
        try:
            for _ in range(4):
                results.append(sorted(model.round.id for _, model in load_paths([tmp_path]).pairs()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [[f"r{n}" for n in range(6)]] * 16
    assert len(store.entries()) == 6 and all(p.name.endswith(".entry") for p in store.entries())


def test_where_the_cache_lives(monkeypatch, tmp_path):
    assert default_folder({"RECTRACK_CACHE_DIR": str(tmp_path)}) == tmp_path
    monkeypatch.setattr(cache_module.sys, "platform", "linux")
    assert default_folder({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/rectrack")
    assert default_folder({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "rectrack"
    monkeypatch.setattr(cache_module.sys, "platform", "win32")
    assert default_folder({"LOCALAPPDATA": r"C:\Users\a\AppData\Local"}) == \
        Path(r"C:\Users\a\AppData\Local") / "rectrack" / "Cache"
    monkeypatch.setattr(cache_module.sys, "platform", "darwin")
    assert default_folder({}) == Path.home() / "Library" / "Caches" / "rectrack"


def test_cli_no_cache_and_cache_command(cli, round_file, store):
    r = cli("--no-cache", "status", str(round_file), "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    assert store.entries() == []
    r = cli("status", str(round_file), "--as-of", "2024-06-30", "--json")
    assert r.exit_code == 0 and '"issues": 2' in r.output, r.output
    r = cli("cache")
    assert r.exit_code == 0, r.output
    # One entry for the file, one for the status document of the ledger it makes.
    assert f"folder:  {store.root}" in r.output and "state:   on" in r.output and "entries: 2 (" in r.output
    r = cli("cache", env={"RECTRACK_CACHE": "off"})
    assert r.exit_code == 0 and "state:   off (RECTRACK_CACHE=off)" in r.output, r.output
    r = cli("cache", "--clear")
    assert r.exit_code == 0 and r.output == f"removed 2 entries from {store.root}\n", r.output
    assert store.entries() == []


@pytest.mark.parametrize("command", [["validate"], ["status"], ["list"], ["log", "--data"], ["reviews"], ["report"],
                                     ["export", "--format", "json"]])
def test_no_cache_also_works_after_the_command(cli, round_file, store, command):
    r = cli(*command, str(round_file), "--no-cache")
    assert r.exit_code == 0, r.output
    assert store.entries() == []
    r = cli(*command, str(round_file))  # the next run in the same process uses the cache again
    assert r.exit_code == 0 and store.entries(), r.output


@pytest.mark.parametrize("text, expected", [
    ("2024-06-30", "2024-06-30"), (" 2024-06-30 ", "2024-06-30"), ("2024-6-30", "2024-06-30"),
    ("２０２４-06-30", "2024-06-30"), ("2024-02-30", "date_invalid"), ("0000-01-01", "date_invalid"),
    ("+024-06-30", "date_type"), ("2024-06-3x", "date_type"),
])
def test_dates_as_the_cache_stores_them_read_as_before(text, expected):
    # The cache stores dates as text; the quick C path for 2024-06-30 must agree with the general one.
    from pydantic import ValidationError

    from rectrack.model import Period

    try:
        assert Period.model_validate({"start": text, "end": text}).start.isoformat() == expected
    except ValidationError as exc:
        assert exc.errors()[0]["type"] == expected


def _corpus_models():
    from conftest import ROOT

    from rectrack.loader import load_file

    for path in sorted([*(ROOT / "tests").rglob("*.yaml"), *(ROOT / "data").rglob("*.yaml")]):
        model, _ = load_file(path)
        if model is not None:
            yield path, model


def test_every_valid_example_reads_back_from_its_cache_form_as_the_same_model():
    # The cache stores model_dump_json(by_alias, exclude_unset) and trusts it to read back as the same model.
    from rectrack.model import RoundFile

    checked = 0
    for path, model in _corpus_models():
        body = model.model_dump_json(by_alias=True, exclude_unset=True)
        back = RoundFile.model_validate_json(body)
        assert back == model and back.model_fields_set == model.model_fields_set, path
        checked += 1
    assert checked >= 10
