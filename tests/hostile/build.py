"""Rebuild the hostile corpus in files/: `python tests/hostile/build.py`.

Each file is one hostile or broken input; cases.toml holds what rectrack must
answer for it (exit code, problem code, line, column, message).  The files
are written byte for byte from here, because several (UTF-16, CRLF, NUL,
invalid UTF-8) cannot be typed reliably in an editor, and .gitattributes
keeps git from converting their line endings.  Review files/ by eye after a
change: `git diff --stat tests/hostile`.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent / "files"

# A small valid round; line numbers in cases.toml count from this text.
BASE = """\
version: 1
round:
  id: r1
  title: 测试轮次
  unit: 测试单位
  feedback: 2024-01-10
aspects:
  - id: A1
    title: 第一方面
    issues:
      - id: A1-1
        title: 问题一
        status: completed
        completed_on: 2024-02-01
      - id: A1-2
        title: 问题二
        status: in_progress
        deadline: 2024-03-01
"""


def base(old: str = "", new: str = "") -> str:
    assert not old or old in BASE, old
    return BASE.replace(old, new, 1) if old else BASE


def with_note(text: str) -> str:
    """`text` (a round whose last issue is A1-2) with a history entry whose note repeats A1-2's title."""
    title = next(line for line in text.splitlines() if line.startswith("        title: ") and "问题一" not in line)
    return text + "        history:\n          - date: 2024-01-15\n            status: in_progress\n" \
        + "            note: " + title.removeprefix("        title: ") + "\n"


def nested(depth: int, flow: bool) -> str:
    if flow:
        return "version: 1\nround: " + "[" * depth + "]" * depth + "\n"
    return "version: 1\nround:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(depth))


SECRET = "ghp_" + "S3cr3tT0k3n" * 900  # 9 900 characters that must never reach a log

CASES: dict[str, bytes | str] = {
    # -- YAML features that expand, execute or smuggle -------------------------------
    "alias-billion-laughs.yaml": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                                 + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
                                           for p, n in zip("abcdefgh", "bcdefghi")),
    "alias-self-reference.yaml": base("  title: 测试轮次\n", "  title: &t [1, *t]\n"),
    "anchor-without-alias.yaml": base("  unit: 测试单位\n", "  unit: &u 测试单位\n"),
    "alias-undefined.yaml": base("  unit: 测试单位\n", "  unit: *nowhere\n"),
    "tag-python-apply.yaml": base("  title: 测试轮次\n", "  title: !!python/object/apply:os.system ['echo pwned']\n"),
    "tag-python-name.yaml": base("version: 1\n", "version: !!python/name:os.system\n"),
    "tag-custom.yaml": base("  unit: 测试单位\n", "  unit: !secret 测试单位\n"),
    "tag-directive-python.yaml": "%TAG !py! tag:yaml.org,2002:python/\n---\n" + base("  unit: 测试单位\n", "  unit: !py!object:os.system 1\n"),
    "tag-binary.yaml": base("  title: 问题二\n", "  title: !!binary aGVsbG8=\n"),
    "tag-set.yaml": base("    title: 第一方面\n", "    title: !!set {a, b}\n"),
    "tag-map-on-text.yaml": base("  unit: 测试单位\n", "  unit: !!map 测试单位\n"),
    "tag-bool-not-boolean.yaml": base("  unit: 测试单位\n", "  unit: !!bool maybe\n"),
    "tag-int-not-number.yaml": base("version: 1\n", "version: !!int one\n"),
    "merge-key.yaml": base("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  <<: {title: 另一个标题}\n"),
    "duplicate-key.yaml": base("        status: in_progress\n", "        status: in_progress\n        status: completed\n"),
    "complex-key.yaml": base("  unit: 测试单位\n", "  unit: 测试单位\n  ? [a, b]\n  : 1\n"),
    "number-as-key.yaml": base("  unit: 测试单位\n", "  unit: 测试单位\n  2024: 1\n"),
    "nesting-deep-flow.yaml": nested(40, flow=True),
    "nesting-deep-block.yaml": nested(40, flow=False),
    "yaml-1.1-directive.yaml": "%YAML 1.1\n---\n" + BASE,
    "two-documents.yaml": BASE + "---\n" + BASE,
    # -- broken syntax and shapes --------------------------------------------------------
    "syntax-unclosed-flow.yaml": base("  title: 测试轮次\n", "  title: [测试轮次\n"),
    "syntax-unclosed-quote.yaml": base("        title: 问题二\n", "        title: \"问题二\n"),
    "syntax-bad-escape.yaml": base("        title: 问题二\n", "        title: \"问题\\q二\"\n"),
    "tab-indentation.yaml": base("  unit: 测试单位\n", "\tunit: 测试单位\n"),
    "empty.yaml": "",
    "comments-only.yaml": "# nothing here yet\n# 还没有内容\n",
    "top-level-list.yaml": "- version: 1\n- round: r1\n",
    "top-level-text.yaml": "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
    "impossible-date.yaml": base("        deadline: 2024-03-01\n", "        deadline: 2024-02-30\n"),
    "huge-integer.yaml": base("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  declared:\n    issues: " + "9" * 5000 + "\n"),
    "secret-in-key.yaml": base("  unit: 测试单位\n", f"  unit: 测试单位\n  ? {SECRET}\n  : 1\n"),
    "secret-in-value.yaml": base("        status: in_progress\n", f"        status: {SECRET}\n"),
    "secret-in-id.yaml": base("      - id: A1-2\n", f"      - id: A1-1{SECRET}\n").replace("id: A1-1\n", f"id: A1-1{SECRET}\n"),
    "lone-surrogate-escape.yaml": base("        title: 问题二\n", "        title: \"问题\\ud800二\"\n"),
    # -- dates at the ends of the calendar -----------------------------------------------------
    "date-review-past-9999.yaml": base("  feedback: 2024-01-10\n", "  feedback: 2024-01-10\n  review_after: 6 months\n")
                                  .replace("        completed_on: 2024-02-01\n", "        completed_on: 9999-12-31\n"),
    "date-check-past-9999.yaml": base("        deadline: 2024-03-01\n",
                                      "        deadline: 2024-03-01\n        long_term: true\n        check_every: 1 year\n"
                                      "        history:\n          - date: 9999-06-30\n            status: in_progress\n"),
    "date-review-in-year-one.yaml": base("  feedback: 2024-01-10\n", "  feedback: 0001-01-01\n").replace(
        "        completed_on: 2024-02-01\n", "        completed_on: 0001-01-01\n        history:\n"
        "          - date: 0001-01-01\n            status: completed\n            review: held\n"),
    # -- encodings and bytes ---------------------------------------------------------------
    "utf16-le-bom.yaml": b"\xff\xfe" + BASE.encode("utf-16-le"),
    "utf16-be-bom.yaml": b"\xfe\xff" + BASE.encode("utf-16-be"),
    "utf16-no-bom.yaml": BASE.encode("utf-16-le"),
    "utf32-bom.yaml": b"\xff\xfe\x00\x00" + BASE.encode("utf-32-le"),
    "gbk.yaml": BASE.encode("gbk"),
    "latin1-in-utf8.yaml": base("  unit: 测试单位\n", "  unit: Cafe\n").encode().replace(b"Cafe", b"Caf\xe9"),
    "binary-png.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
                       + bytes(range(256)) * 4,
    "nul-byte.yaml": base("        title: 问题二\n", "        title: 问题\x00二\n"),
    "raw-escape-sequence.yaml": base("  title: 测试轮次\n", "  title: 测试\x1b[2J轮次\n"),
    "raw-c1-control.yaml": base("  unit: 测试单位\n", "  unit: 测试\x9b31m单位\n"),
    "bom-valid.yaml": b"\xef\xbb\xbf" + BASE.encode(),
    "crlf-valid.yaml": BASE.replace("\n", "\r\n").encode(),
    "crlf-error-line.yaml": base("        status: in_progress\n", "        status: 也许\n").replace("\n", "\r\n").encode(),
    "lone-cr-line.yaml": base("  unit: 测试单位\n", "  unit: 测试单位\r  # a lone CR: git sees one line\n").replace(
        "        status: in_progress\n", "        status: 也许\n"),
    "u2028-in-comment.yaml": base("  unit: 测试单位\n", "  unit: 测试单位  # \u2028 \u2029 \x85 are breaks to ruamel only\n").replace(
        "        status: in_progress\n", "        status: 也许\n"),
    # -- git merge conflicts hidden in scalars ------------------------------------------------
    "conflict-in-quoted.yaml": base("        title: 问题二\n",
                                    "        title: \"问题二\n<<<<<<< HEAD\n  甲方案\n=======\n  乙方案\n>>>>>>> feature\n  \"\n"),
    "conflict-in-plain.yaml": base("        title: 问题二\n",
                                   "        title: 问题二\n<<<<<<< ours\n          甲\n=======\n          乙\n>>>>>>> theirs\n"),
    "conflict-diff3-crlf.yaml": base("        title: 问题二\n",
                                     "        title: 问题二\n<<<<<<< ours\n||||||| base\n=======\n>>>>>>> theirs\n").replace("\n", "\r\n").encode(),
    # -- hostile text in valid files: must print literally -------------------------------------
    "text-rich-markup.yaml": with_note(base("        title: 问题二\n", "        title: \"[/] [bold red]红[/] [link=https://evil.example]点我[/link] :smile:\"\n")
                             .replace("  unit: 测试单位\n", "  unit: \"[red]单位[/red]\"\n")
                             .replace("        deadline: 2024-03-01\n", "        owner: \"[link=file:///etc/passwd]部门[/link]\"\n        deadline: 2024-01-20\n")),
    "text-terminal-escapes.yaml": with_note(base("        title: 问题二\n",
                                       "        title: \"清屏\\e[2J标题\\e]0;pwned\\a链接\\e]8;;https://evil.example\\e\\\\点我\\e]8;;\\e\\\\\"\n")
                                  .replace("        deadline: 2024-03-01\n", "        owner: \"部门\\x9b31m红\\u001b[0m\"\n        deadline: 2024-01-20\n")),
    "text-bidi-invisible.yaml": with_note(base("        title: 问题二\n", "        title: \"invoice\\u202Efdp.exe \\u2066隐藏\\u2069 \\u200b零宽 \\U000E0041\"\n")
                                .replace("        deadline: 2024-03-01\n", "        deadline: 2024-01-20\n")),
    "text-long-chinese.yaml": with_note(base("        title: 问题二\n", "        title: " + "很长的中文问题标题" * 12 + "结束\n")
                              .replace("        deadline: 2024-03-01\n", "        deadline: 2024-01-20\n")),
    "text-formula-starters.yaml": with_note(base("        title: 问题二\n", "        title: \"＝HYPERLINK(\\\"https://evil.example\\\",\\\"点我\\\")\"\n")
                                  .replace("        deadline: 2024-03-01\n", "        owner: \"\\u3000=1+1\"\n        deadline: 2024-01-20\n")),
    "text-not-in-gbk.yaml": with_note(base("        title: 问题二\n", "        title: 问题二 ☃ 𠀀 🎉\n")
                            .replace("        deadline: 2024-03-01\n", "        deadline: 2024-01-20\n")),
}


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    for name, content in CASES.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        (HERE / name).write_bytes(data)
    print(f"wrote {len(CASES)} files to {HERE}")


if __name__ == "__main__":
    main()
