"""git, merging and files written for people say their lines in the run's language (issue #15).

Each command of this part is run with `--lang zh` (or RECTRACK_LANG=zh, as
git runs the merge driver) and the exact Chinese line is checked with the
exit code; `--lang en` still gives the English, word for word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import test_merge

from conftest import MINIMAL, ROOT, SHIPPED

from rectrack.model import Status
from rectrack.problems import RectrackError
from rectrack.replies import error_text

git_env = test_merge.git_env  # the fixture: git without this machine's settings
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
PORTFOLIO = ROOT / "tests" / "portfolio"
ZH = {"RECTRACK_LANG": "zh"}


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def committed(tmp_path, monkeypatch):
    """A repository with data/r.yaml (MINIMAL) committed; the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "ledger")
    return tmp_path


# -- the merge driver, as git runs it, and resolve ------------------------------------------------

@pytest.fixture
def merge_repo(tmp_path, git_env, monkeypatch):
    """test_merge's repository (driver installed), the driver speaking Chinese."""
    from test_merge import BASE, Repo

    monkeypatch.setenv("RECTRACK_LANG", "zh")  # git runs the driver with no --lang: it speaks as this says
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    return Repo(tmp_path / "repo", BASE.encode("utf-8"))


@needs_git
def test_the_driver_says_its_conflicts_and_a_clean_merge_in_chinese(merge_repo):
    from test_merge import note, status

    merge_repo.branch("theirs", status("A1-2", Status.NOT_STARTED))
    merge_repo.on_main(status("A1-2", Status.SUBSTANTIALLY_COMPLETED))
    result = merge_repo.merge("theirs")
    assert result.returncode == 1, result.stderr
    line = merge_repo.text().splitlines().index("<<<<<<< ours") + 1
    assert (f"rectrack：data/round.yaml:{line}：问题 A1-2 的 status 字段有冲突；处理办法：`rectrack resolve A1-2 "
            "--ours` 或 `--theirs`（加上 `--field status` 可只处理这个字段），然后 git add data/round.yaml\n") \
        in result.stderr
    git(merge_repo.root, "merge", "--abort")
    merge_repo.branch("notes", note("A2-1", "乙的进展"))
    merge_repo.on_main(note("A1-1", "甲的进展"))
    result = merge_repo.merge("notes")
    assert result.returncode == 0, result.stderr
    assert "rectrack：data/round.yaml：已逐个问题合并\n" in result.stderr


@needs_git
def test_the_driver_says_why_it_merged_line_by_line_in_chinese(merge_repo):
    from test_merge import BASE, replace_text

    merge_repo.branch("theirs", replace_text("        title: 问题四\n", "        title: 问题四\n       bad: indent\n"))
    merge_repo.on_main(replace_text("  inspector: 第一巡察组\n", "  inspector: 第二巡察组\n"))
    result = merge_repo.merge("theirs")
    assert result.returncode == 0, result.stderr
    line = BASE.splitlines().index("        title: 问题四") + 2
    assert f"rectrack：data/round.yaml：未能逐个问题合并：对方（theirs）版本无法读取（第 {line} 行第 8 列：" \
        in result.stderr
    assert result.stderr.rstrip().endswith("；已改用 git 的逐行合并"), result.stderr


def test_resolve_speaks_chinese_and_english(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (MINIMAL.replace("  title: 测试轮次\n", "<<<<<<< ours\n  title: 测试轮次\n=======\n  title: 第二轮\n>>>>>>> theirs\n")
            .replace("        status: in_progress\n", "<<<<<<< ours\n        status: in_progress\n=======\n"
                     "        status: not_started\n>>>>>>> theirs\n"))
    Path("r.yaml").write_text(text, encoding="utf-8")
    first = text.splitlines().index("<<<<<<< ours") + 1
    second = text.splitlines().index("<<<<<<< ours", first) + 1
    r = cli("resolve", "A1-2", "--ours", "--theirs", "r.yaml", "--lang", "zh")
    assert r.exit_code == 2 and "请选择一方：--ours 或 --theirs" in r.output, r.output
    r = cli("resolve", "A9-9", "--ours", "r.yaml", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: “A9-9”没有合并冲突；现有的冲突是：r.yaml:{first} round.title 字段；"
                        f"r.yaml:{second} 问题 A1-2 的 status 字段\n")
    r = cli("resolve", "A1-2", "--theirs", "--field", "status", "r.yaml", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.stdout == f"r.yaml:{second}：问题 A1-2 的 status 字段已保留对方（theirs）的内容\n"
    assert r.stderr == f"r.yaml 中还剩1处冲突：第 {first} 行，round.title 字段\n"
    r = cli("resolve", "round.title", "--ours", "r.yaml", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.stdout == f"r.yaml:{first}: kept ours in field round.title\n"
    assert r.stderr == "no conflicts left in r.yaml; check it with `rectrack validate r.yaml`, then git add it\n"
    r = cli("resolve", "A1-2", "--ours", "r.yaml", env=ZH)
    assert r.exit_code == 1 and r.output == "rectrack: error: 轮次文件中没有找到合并冲突\n", r.output


@needs_git
def test_installing_the_driver_says_each_change_in_chinese(committed, cli, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(committed / "gitconfig"))
    (committed / ".gitattributes").write_text("*.png binary\n", encoding="utf-8")
    data = ("--data", "data")
    r = cli("merge-driver", "install", *data, "--lang", "zh")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[:2] == [".gitattributes：已添加 /data/**/*.yaml merge=rectrack",
                         ".gitattributes：已添加 /data/**/*.yml merge=rectrack"]
    assert lines[2] == '已执行 git config --local merge.rectrack.name "rectrack: merge round files issue by issue"'
    r = cli("merge-driver", "install", *data, env=ZH)
    assert r.exit_code == 0 and r.output == "无需操作：这里已经设置好合并驱动\n", r.output
    r = cli("merge-driver", "uninstall", *data, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.stdout == ".gitattributes：已删除 rectrack 写入的几行\n已执行 git config --local --remove-section merge.rectrack\n"
    r = cli("merge-driver", "uninstall", *data, "--lang", "en")
    assert r.exit_code == 0 and r.output == "nothing to do: the merge driver is not set up here\n", r.output
    r = cli("merge-driver", "a", "b", "--lang", "zh")
    assert r.exit_code == 2 and "请给出BASEOURSTHEIRSPATH（即git的%O%A%B%P），或install，或uninstall" \
        in "".join(r.output.replace("│", " ").split()), r.output
    r = cli("merge-driver", "a", "b", "c", "d", "--global", "--lang", "zh")
    assert r.exit_code == 2 and "--global 只能与 install 或 uninstall 一起使用" in r.output, r.output


def test_installing_outside_a_repository_is_refused_in_chinese(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "data").mkdir()
    r = cli("merge-driver", "install", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: {tmp_path} 不在 git 仓库中；请在仓库的克隆中运行"
                        "（或加上 --global，只设置你自己的 git 配置）\n")
    r = cli("merge-driver", "uninstall", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1 and r.output == f"rectrack: error: {tmp_path} 不在 git 仓库中\n", r.output


def test_the_merge_words_in_chinese():
    from rectrack.conflicts import ConflictBlock
    from rectrack.merge import Unmergeable

    def block(*where, keys=()):
        return ConflictBlock(0, 0, 1, 5, "", "", where=where, keys=keys)

    issue = ("aspects", "A1", "issues", "A1-2")
    cases = [
        (block(*issue, "status"), "问题 A1-2 的 status 字段"),
        (block(*issue), "问题 A1-2（整个问题）"),
        (block("aspects", "A1"), "方面 A1（整个方面）"),
        (block(*issue, keys=("status", "owner")), "问题 A1-2 的 status 和 owner 字段"),
        (block(*issue, "history", keys=("date", "note", "by")), "问题 A1-2 的 history 中的 date、note 和 by 字段"),
        (block("round", keys=("inspector", "period")), "round 中的 inspector 和 period 字段"),
        (block(keys=("version", "round")), "文件中 rectrack 无法定位的一处"),
        (block("round", "inspector"), "round.inspector 字段"),
    ]
    for conflict, words in cases:
        assert conflict.subject("zh") == words
        assert conflict.subject("en") == conflict.subject() and conflict.subject() != words
    assert block("round", "inspector").resolve_hint("zh") == "`rectrack resolve round.inspector --ours` 或 `--theirs`"
    why = Unmergeable(code="unmergeable-empty-list", path="aspects.A1.issues")
    assert str(why) == "aspects.A1.issues: the merged list would be empty"
    assert error_text(why, "zh") == "aspects.A1.issues：合并后的列表会是空的"


# -- diff and validate --against ---------------------------------------------------------------

@needs_git
def test_diff_and_validate_against_stop_in_chinese(committed, cli):
    r = cli("diff", "v9", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == "rectrack: error: 没有“v9”这个版本（可以写标签、提交编号、HEAD~1 或 @{1.week.ago}）\n"
    r = cli("validate", "data", "--no-cache", "--against", "v9", env=ZH)
    assert r.exit_code == 1 and "rectrack: error: 没有“v9”这个版本" in r.output, r.output
    r = cli("diff", "v9", "--data", "data", "--lang", "en")
    assert r.output == "rectrack: error: unknown revision 'v9' (try a tag, a commit id, HEAD~1 or @{1.week.ago})\n"
    r = cli("diff", "--lang", "zh", "--", "-x", "data")
    assert r.exit_code == 1 and r.output == "rectrack: error: “-x”不是一个 git 版本\n", r.output
    (committed / "data" / "r.yaml").write_text(MINIMAL.replace("in_progress", "doing"), encoding="utf-8")
    r = cli("diff", "HEAD", "--data", "data", "--lang", "zh")
    assert r.exit_code == 1 and r.output.endswith("rectrack: error: 1个文件有错误，无法比较\n"), r.output


def test_diff_outside_a_repository_and_without_git_in_chinese(cli, tmp_path, monkeypatch):
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    r = cli("diff", "HEAD", tmp_path / "r.yaml", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == f"rectrack: error: {tmp_path}：不在 git 仓库中，没有可以比较的历史版本\n"
    r = cli("diff", "HEAD", tmp_path / "r.yaml", "--lang", "zh", env={"PATH": str(tmp_path / "empty")})
    assert r.exit_code == 1, r.output
    assert r.output == "rectrack: error: 没有安装 git，或 git 不在 PATH 中；这项操作需要 git\n"


# -- -o FILE, report, export, site, schema ------------------------------------------------------

def test_output_refusals_in_chinese(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    r = cli("export", data, "-o", data / "r.yaml", "-f", "csv", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: 已拒绝写入 {data / 'r.yaml'}：这是本命令读取的文件；没有写入任何内容"
                        "（请换一个文件名）\n")
    r = cli("export", data, "-o", data / "out.yaml", "-f", "json", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: 已拒绝写入 {data / 'out.yaml'}：{data} 中的 .yaml 文件会被 "
                        "`rectrack validate` 当作轮次文件读取；没有写入任何内容（请写到数据文件夹之外）\n")
    r = cli("schema", "-o", tmp_path, "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: 已拒绝写入 {tmp_path}：这是一个文件夹；rectrack 只写入普通文件、字符设备和 FIFO；"
                        "没有写入任何内容\n")
    r = cli("schema", "-o", tmp_path, "--lang", "en")
    assert r.output == (f"rectrack: error: refused to write {tmp_path}: it is a folder; rectrack writes regular "
                        "files, character devices and FIFOs only; nothing was written\n")


def test_report_and_export_refusals_in_chinese(cli, tmp_path):
    r = cli("report", "--round", "r9", "--data", PORTFOLIO, "--lang", "zh")
    assert r.exit_code == 1 and r.output == "rectrack: error: 没有轮次“r9”；现有轮次：r1、r2、r3、r4\n", r.output
    r = cli("report", "--data", PORTFOLIO, "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == "rectrack: error: 找到4个轮次（r1, r2, r3, r4）；请用 --round ID 选择其一，或指明它的文件\n"
    r = cli("report", SHIPPED, "--as-of", "2023-06-01", env=ZH)
    assert r.exit_code == 1, r.output
    assert r.output == "rectrack: error: 轮次 hd-2023-r6-zgc 于 2023-12-07 反馈，晚于 2023-06-01：那一天还没有通报\n"
    r = cli("export", SHIPPED, "--as-of", "2023-06-01", "--lang", "zh")
    assert r.exit_code == 1 and r.output.endswith("rectrack: error: 截至 2023-06-01 还没有任何轮次反馈\n"), r.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("in_progress", "doing"), encoding="utf-8")
    r = cli("report", broken, "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output.endswith("rectrack: error: 1个文件有错误；请先改正再生成通报（运行 rectrack validate 查看）\n")
    r = cli("export", broken, "--lang", "en")
    assert r.output.endswith("rectrack: error: 1 file(s) with errors; fix them before making an export "
                             "(see rectrack validate)\n"), r.output


def test_usage_errors_of_documents_in_chinese(cli, tmp_path):
    def said(r) -> str:
        return "".join(r.output.replace("│", " ").split())

    r = cli("report", SHIPPED, "-o", tmp_path / "notice.pdf", "--lang", "zh")
    assert r.exit_code == 2 and "不能写入.pdf文件；可以写入的格式有text(.txt.text)" in said(r), r.output
    r = cli("export", SHIPPED, "-f", "csv", "-o", tmp_path / "台账.xlsx", "--lang", "zh")
    assert r.exit_code == 2 and "--formatcsv与文件名台账.xlsx（xlsx）不符" in said(r), r.output
    r = cli("report", SHIPPED, "--with-ledger", "--lang", "zh")
    assert r.exit_code == 2 and "--with-ledger需要与--formatdocx（或-oFILE.docx）一起使用" in said(r), r.output
    r = cli("schema", "--check", "--lang", "zh")
    assert r.exit_code == 2 and "--check需要用-oFILE指定要比较的文件" in said(r), r.output
    r = cli("schema", "--check", "--lang", "en")
    assert r.exit_code == 2 and "--checkneeds-oFILEtocomparewith" in said(r), r.output


def test_wrote_lines_in_both_languages(cli, tmp_path):
    target = tmp_path / "notice.md"
    r = cli("report", SHIPPED, "-o", target, env=ZH)
    assert r.exit_code == 0 and r.output == f"rectrack：已写入 {target}（轮次 hd-2023-r6-zgc 的 md 通报）\n", r.output
    r = cli("export", SHIPPED, "-o", tmp_path / "t.csv", "--lang", "en")
    assert r.exit_code == 0 and r.output == f"rectrack: wrote {tmp_path / 't.csv'} (csv, 1 round(s), 31 issue(s))\n"
    bad = tmp_path / "schema.json"
    bad.write_bytes(b"\xff")
    r = cli("schema", "-o", bad, "--check", "--lang", "zh")
    assert r.exit_code == 1 and r.output.startswith(f"rectrack: error: {bad}：无法读取："), r.output


def test_site_refusals_and_wrote_in_chinese(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PORTFOLIO, data)
    r = cli("site", data, "-o", data / "site", "--lang", "zh")
    assert r.exit_code == 1, r.output
    assert r.output == (f"rectrack: error: {data / 'site'}：不会把网站写进数据所在的位置或覆盖数据（{data}）；"
                        "请另选一个单独的文件夹，例如 -o site\n")
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    r = cli("site", data, "-o", mine, env=ZH)
    assert r.exit_code == 1, r.output
    assert r.output == f"rectrack: error: {mine}：不是空文件夹，也不是 rectrack 生成的网站；请选择一个新的或空的文件夹\n"
    r = cli("site", data, "-o", tmp_path / "site", "--as-of", "2000-01-01", "--lang", "zh")
    assert r.exit_code == 1 and r.output.endswith("rectrack: error: 截至 2000-01-01 还没有任何轮次反馈\n"), r.output


def test_a_refusal_raised_with_a_code_reads_the_same_in_english():
    error = RectrackError(code="output-is-input", path="a.csv", also=" (as b.csv)", also_zh="（即 b.csv）")
    assert str(error) == ("refused to write a.csv: it is a file this command read (as b.csv); nothing was written "
                          "(choose another file name)")
    assert error_text(error, "zh") == "已拒绝写入 a.csv：这是本命令读取的文件（即 b.csv）；没有写入任何内容（请换一个文件名）"
