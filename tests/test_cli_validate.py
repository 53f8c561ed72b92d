"""`rectrack validate`: exit codes, the three output formats, folders and the default location."""

from __future__ import annotations

import json

from conftest import MINIMAL, SHIPPED

BAD = MINIMAL.replace("status: in_progress", "status: doing").replace("  unit: 测试单位\n", "")


def test_shipped_round_validates(cli):
    r = cli("validate", SHIPPED)
    assert r.exit_code == 0, r.output
    assert "1 file(s), no problems found" in r.output


def test_default_location_is_rectrack_data(cli, write_round, tmp_path):
    write_round(BAD, "sub/bad.yaml")
    r = cli("validate", env={"RECTRACK_DATA": str(tmp_path)})
    assert r.exit_code == 1, r.output
    assert "bad.yaml:3:3: error: round 'r1' is missing required key 'unit' [missing-key]" in r.output


def test_text_format_lists_every_problem_in_order(cli, write_round):
    path = write_round(BAD)
    r = cli("validate", path)
    assert r.exit_code == 1, r.output
    lines = [line for line in r.output.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0].rsplit(":", 2)[1:] for line in lines] == [["3", "3"], ["16", "17"]]
    assert "1 file(s): 2 error(s), 0 warning(s)" in r.output


def test_json_format(cli, write_round):
    path = write_round(BAD)
    r = cli("validate", path, "--format", "json")
    assert r.exit_code == 1, r.output
    records = json.loads(r.output)
    assert [(x["line"], x["column"], x["severity"], x["code"]) for x in records] == [
        (3, 3, "error", "missing-key"), (16, 17, "error", "unknown-status")]
    assert set(records[0]) == {"file", "line", "column", "severity", "code", "message"}
    assert records[0]["file"].endswith("round.yaml")


def test_github_format(cli, write_round):
    path = write_round(BAD)
    r = cli("validate", path, "--format", "github")
    assert r.exit_code == 1, r.output
    first = r.output.splitlines()[0]
    assert first.startswith("::error file=") and ",line=3,col=3,title=rectrack missing-key::" in first
    assert first.endswith("round 'r1' is missing required key 'unit' [missing-key]")


def test_warnings_alone_exit_zero(cli, write_round):
    path = write_round(MINIMAL.replace("status: completed", "status: in_progress"))
    r = cli("validate", path)
    assert r.exit_code == 0, r.output
    assert "warning: issue 'A1-1' has a completed_on date" in r.output


def test_usage_error_exits_two(cli):
    r = cli("validate", "--format", "xml")
    assert r.exit_code == 2


def test_no_such_path(cli, tmp_path):
    r = cli("validate", tmp_path / "missing")
    assert r.exit_code == 1
    assert "no such file or folder" in r.output


def test_folder_is_searched_recursively_skipping_hidden(cli, write_round, tmp_path):
    write_round(MINIMAL, "a/one.yml")
    write_round(BAD, ".git/ignored.yaml")
    write_round("not: [a round", "notes.txt")
    r = cli("validate", tmp_path)
    assert r.exit_code == 0, r.output
    assert "1 file(s), no problems found" in r.output
