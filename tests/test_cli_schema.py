"""`rectrack schema`: prints the schema, writes it only when it changed, and checks a copy."""

from __future__ import annotations

import json

from rectrack.schema import schema_text


def test_prints_the_schema_as_json(cli):
    r = cli("schema")
    assert r.exit_code == 0, r.output
    assert r.output == schema_text()
    assert json.loads(r.output)["$defs"]["Status"]["title"] == "Status · 整改状态"


def test_output_file_is_written_once(cli, tmp_path):
    target = tmp_path / "schema" / "rectrack-round.schema.json"
    r = cli("schema", "-o", target)
    assert r.exit_code == 0, r.output
    assert r.output == f"{target}: written\n"
    assert target.read_text(encoding="utf-8") == schema_text()
    stamp = target.stat().st_mtime_ns
    r = cli("schema", "-o", target)
    assert (r.exit_code, r.output) == (0, f"{target}: up to date\n")
    assert target.stat().st_mtime_ns == stamp


def test_check_reports_a_stale_copy_without_writing(cli, tmp_path):
    target = tmp_path / "rectrack-round.schema.json"
    r = cli("schema", "-o", target, "--check")
    assert r.exit_code == 1, r.output
    assert r.output == f"{target}: missing; run rectrack schema -o {target}\n"
    assert not target.exists()
    target.write_text("{}", encoding="utf-8")
    r = cli("schema", "-o", target, "--check")
    assert r.exit_code == 1, r.output
    assert "out of date" in r.output
    assert target.read_text(encoding="utf-8") == "{}"
    target.write_text(schema_text(), encoding="utf-8")
    r = cli("schema", "-o", target, "--check")
    assert (r.exit_code, r.output) == (0, f"{target}: up to date\n")


def test_check_without_output_is_a_usage_error(cli):
    r = cli("schema", "--check")
    assert r.exit_code == 2, r.output
    assert "--check needs -o FILE" in r.output


def test_schema_and_cache_speak_chinese(cli, tmp_path, monkeypatch):
    target = tmp_path / "round.json"
    r = cli("schema", "-o", str(target), "--lang", "zh")
    assert r.exit_code == 0 and f"{target}：已写入" in r.output, r.output
    r = cli("schema", "-o", str(target), "--check", "--lang", "zh")
    assert r.exit_code == 0 and f"{target}：已是最新" in r.output, r.output
    target.write_text("{}", encoding="utf-8")
    r = cli("schema", "-o", str(target), "--check", "--lang", "zh")
    assert r.exit_code == 1 and f"{target}：已过时；请运行 rectrack schema -o {target}" in r.output, r.output
    monkeypatch.setenv("RECTRACK_CACHE_DIR", str(tmp_path / "cache"))
    r = cli("cache", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[:3] == [f"缓存位置：{tmp_path / 'cache'}", "状态：　　启用", "条目：　　0条（0.0 kB）"]
    r = cli("cache", "--clear", "--lang", "zh")
    assert r.exit_code == 0 and f"已从 {tmp_path / 'cache'} 删除0条缓存" in r.output, r.output
