"""A note dated before later history entries is inserted in date order; a back-dated status change is refused."""

from __future__ import annotations

import shutil

from conftest import SHIPPED


def test_back_dated_notes_go_in_date_order(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SHIPPED, data / "issues.yaml")
    env = {"RECTRACK_DATA": str(data)}
    for note, day in (("开工", "2024-06-01"), ("选址", "2024-05-01"), ("立项", "2024-04-01"), ("施工", "2024-05-15")):
        r = cli("update", "A3-2", "--note", note, "--date", day, "--yes", env=env)
        assert r.exit_code == 0, r.output
    text = (data / "issues.yaml").read_text(encoding="utf-8")
    notes = [line.split("note: ")[1] for line in text.splitlines() if "note: " in line and "A3" not in line]
    assert notes[-4:] == ["立项", "选址", "施工", "开工"]
    assert "history + 1 entry (in date order)" in r.output
    assert cli("validate", env=env).exit_code == 0
    before = (data / "issues.yaml").read_bytes()
    r = cli("update", "A3-2", "--status", "completed", "--date", "2024-04-02", "--yes", env=env)
    assert r.exit_code == 1, r.output
    assert "[history-order]" in r.output
    assert (data / "issues.yaml").read_bytes() == before
