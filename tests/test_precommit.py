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


def run_hook(hook: dict, repo: Path, files: list[str]) -> subprocess.CompletedProcess:
    """pre-commit's python hooks run `entry` from the hook's virtualenv, with args and file names appended."""
    scripts = Path(sys.executable).parent
    command = shlex.split(hook["entry"]) + list(hook.get("args", [])) + files
    executable = shutil.which(command[0], path=str(scripts))
    assert executable, f"{command[0]} is not installed beside {sys.executable}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("RECTRACK_", "GITHUB_")) and k != "COLUMNS" or k == "RECTRACK_CACHE_DIR"}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    return subprocess.run([executable, *command[1:]], cwd=repo, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def test_hook_declares_yaml_files_under_data(hook):
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    assert pattern.search("data/issues.yaml") and pattern.search("data/2024/r1.yml")
    assert not pattern.search("docs/examples/rectrack.yml")


def test_hook_passes_good_files_and_fails_on_a_bad_one(hook, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "data" / "bad.yaml").write_text(
        MINIMAL.replace("id: r1", "id: r2").replace("status: in_progress", "status: doing"), encoding="utf-8")

    result = run_hook(hook, tmp_path, ["data/good.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "1 file(s), no problems found\n"

    result = run_hook(hook, tmp_path, ["data/good.yaml", "data/bad.yaml"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.replace("\\", "/").startswith("data/bad.yaml:17:17: error: unknown status 'doing'")
    assert result.stderr == "2 file(s): 1 error(s), 0 warning(s)\n"


def test_hook_sees_duplicate_rounds_across_staged_files(hook, tmp_path):
    (tmp_path / "data").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "data" / name).write_text(MINIMAL, encoding="utf-8")
    result = run_hook(hook, tmp_path, ["data/a.yaml", "data/b.yaml"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/b.yaml:3:7: error: round id 'r1' is already used by data/a.yaml" in result.stdout.replace("\\", "/")
