"""The pre-commit hook, run the way pre-commit runs it: its entry, its args, then the staged file names."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from ruamel.yaml import YAML

HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def hook() -> dict:
    hooks = YAML(typ="safe", pure=True).load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["rectrack-validate"]
    return hooks[0]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository with a data folder and no commit yet."""
    git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    return tmp_path


def run_hook(hook: dict, repo: Path, files: list[str]) -> subprocess.CompletedProcess:
    """pre-commit's python hooks run `entry` from the hook's virtualenv, with args and, unless told not to, the staged names."""
    scripts = Path(sys.executable).parent
    command = shlex.split(hook["entry"]) + list(hook.get("args", [])) + (files if hook.get("pass_filenames", True) else [])
    executable = shutil.which(command[0], path=str(scripts))
    assert executable, f"{command[0]} is not installed beside {sys.executable}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("RECTRACK_", "GITHUB_")) and k != "COLUMNS" or k == "RECTRACK_CACHE_DIR"}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "RECTRACK_LANG": "en"})
    return subprocess.run([executable, *command[1:]], cwd=repo, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def test_hook_declares_yaml_files_under_data_and_checks_them_all(hook):
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is False  # the whole data location, whatever was staged
    assert "--against HEAD" in hook["entry"]
    pattern = re.compile(hook["files"])
    assert pattern.search("data/issues.yaml") and pattern.search("data/2024/r1.yml")
    assert not pattern.search("docs/examples/rectrack.yml")


def test_hook_passes_good_files_and_fails_on_a_bad_one_even_unstaged(hook, repo):
    (repo / "data" / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_hook(hook, repo, ["data/good.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "1 file(s), no problems found\n"

    (repo / "data" / "bad.yaml").write_text(
        MINIMAL.replace("id: r1", "id: r2").replace("status: in_progress", "status: doing"), encoding="utf-8")
    result = run_hook(hook, repo, ["data/good.yaml"])  # bad.yaml is not staged, and is still seen
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.replace("\\", "/").startswith("data/bad.yaml:17:17: error: unknown status 'doing'")
    assert result.stderr == "2 file(s): 1 error(s), 0 warning(s)\n"


def test_hook_sees_duplicate_rounds_across_files_whatever_is_staged(hook, repo):
    for name in ("a.yaml", "b.yaml"):
        (repo / "data" / name).write_text(MINIMAL, encoding="utf-8")
    result = run_hook(hook, repo, ["data/a.yaml"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/b.yaml:3:7: error: round id 'r1' is already used by data/a.yaml" in result.stdout.replace("\\", "/")


def test_hook_refuses_a_deadline_moved_without_an_extension(hook, repo):
    path = repo / "data" / "r.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "ledger")
    path.write_text(MINIMAL.replace("deadline: 2024-03-01", "deadline: 2024-06-30"), encoding="utf-8")
    result = run_hook(hook, repo, ["data/r.yaml"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.replace("\\", "/").startswith(
        "data/r.yaml:18:19: error: the deadline 2024-03-01 of issue 'A1-2' moved to 2024-06-30 since HEAD "
        "without an extension record")


@pytest.mark.slow
def test_pre_commit_itself_runs_the_hook_on_the_whole_data_location(repo):
    """pre-commit, as a clerk's repository runs it: a local hook with this hook's settings and our rectrack."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed beside this Python")
    hook = YAML(typ="safe", pure=True).load(HOOKS.read_text(encoding="utf-8"))[0]
    rectrack = shutil.which("rectrack", path=str(Path(sys.executable).parent))
    config = {"repos": [{"repo": "local", "hooks": [{
        **{k: hook[k] for k in ("id", "name", "types", "files", "pass_filenames", "require_serial")},
        "entry": hook["entry"].replace("rectrack", rectrack.replace("\\", "/"), 1), "language": "system"}]}]}
    import json

    (repo / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")
    (repo / "data" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (repo / "data" / "b.yaml").write_text(MINIMAL, encoding="utf-8")  # same round id, not staged
    git(repo, "add", ".pre-commit-config.yaml", "data/a.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECTRACK_")}
    env.update({"PRE_COMMIT_HOME": str(repo / ".pre-commit-home"), "RECTRACK_LANG": "en", "NO_COLOR": "1"})
    result = subprocess.run([pre_commit, "run"], cwd=repo, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "round id 'r1' is already used by data/a.yaml" in result.stdout.replace("\\", "/")
    (repo / "data" / "b.yaml").unlink()
    result = subprocess.run([pre_commit, "run"], cwd=repo, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rectrack validate" in result.stdout and "Passed" in result.stdout
