"""Lines a reviewer read in Chinese and found wanting: each said here as a colleague would say it.

Each test runs the command (or raises the error) with `--lang zh` and holds
the exact Chinese, and holds the English as it was (or as it now is, where
the English itself was wrong).
"""

from __future__ import annotations

from conftest import MINIMAL


def error_line(r) -> str:
    """The one `rectrack: error:` line a stopping command wrote (stderr)."""
    lines = [line for line in r.stderr.splitlines() if line.startswith("rectrack: error: ")]
    assert len(lines) == 1, r.output
    return lines[0].removeprefix("rectrack: error: ")


# -- fix: a file it cannot read is one more file with problems, not the end of the run --------------

GBK_ROUND = MINIMAL.replace("测试轮次", "整改").encode("gb18030")


def _folder_with_an_unreadable_file(tmp_path, monkeypatch):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a-gbk.yaml").write_bytes(GBK_ROUND)
    (folder / "b-slip.yaml").write_text(MINIMAL.replace("feedback: 2024-01-10", "feedback：2024-01-10"),
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_fix_reports_an_unreadable_file_in_chinese_and_fixes_the_others(cli, tmp_path, monkeypatch):
    folder = _folder_with_an_unreadable_file(tmp_path, monkeypatch)
    r = cli("fix", "bad", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.stdout == (
        "bad/b-slip.yaml:6:11: 已修正：键“feedback”后面是全角冒号“：”，YAML 要求半角冒号加一个空格，"
        "应写作“feedback: ” [fullwidth-colon]\n"
        "bad/a-gbk.yaml:4:10: error: 不是有效的 UTF-8（字节 0xD5）；看起来是 GBK/GB18030 编码（中文 Windows 的默认编码），"
        "请另存为 UTF-8 [encoding]\n")
    assert r.stderr == "已修正1处（1个文件），另有1个问题需要人工处理。\n"
    assert "feedback: 2024-01-10" in (folder / "b-slip.yaml").read_text(encoding="utf-8")
    assert (folder / "a-gbk.yaml").read_bytes() == GBK_ROUND  # left as it is


def test_fix_reports_an_unreadable_file_in_english_as_validate_does(cli, tmp_path, monkeypatch):
    _folder_with_an_unreadable_file(tmp_path, monkeypatch)
    r = cli("fix", "--dry-run", "bad", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert r.stdout.startswith("--- a/bad/b-slip.yaml\n")
    assert r.stderr.splitlines()[1:] == [
        "bad/a-gbk.yaml:4:10: error: not valid UTF-8 (byte 0xD5); it looks like GBK/GB18030 (the Chinese Windows "
        "default); save it as UTF-8 [encoding]",
        "would fix 1 slip(s) in 1 file(s); 1 problem(s) left for a person; nothing written"]
    assert "rectrack: error:" not in r.output
    r = cli("validate", "bad", "--lang", "en")
    assert "bad/a-gbk.yaml:4:10: error: not valid UTF-8 (byte 0xD5)" in r.stdout


def test_fix_of_one_unreadable_file_says_it_once_under_rectrack_lang(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gbk.yaml").write_bytes(GBK_ROUND)
    r = cli("fix", "gbk.yaml", env={"RECTRACK_LANG": "zh"})
    assert r.exit_code == 1, r.output
    assert r.stdout == ("gbk.yaml:4:10: error: 不是有效的 UTF-8（字节 0xD5）；看起来是 GBK/GB18030 编码"
                        "（中文 Windows 的默认编码），请另存为 UTF-8 [encoding]\n")
    assert r.stderr == "已修正0处（0个文件），另有1个问题需要人工处理。\n"
    assert (tmp_path / "gbk.yaml").read_bytes() == GBK_ROUND
