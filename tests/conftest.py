"""Shared fixtures: small round files written on the fly, and a problem assertion helper."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "issues.yaml"

# The smallest valid round: every required key, one aspect, two issues.
MINIMAL = """\
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


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write_round(tmp_path):
    """Write YAML text (dedented) to a file under tmp_path and return its path."""

    def write(text: str, name: str = "round.yaml", raw: bool = False) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if raw else dedent(text), encoding="utf-8", newline="")
        return path

    return write


def problems_of(text: str, name: str = "t.yaml"):
    from rectrack.loader import load_text

    _, problems = load_text(dedent(text), name)
    return problems


def assert_problems(text: str, expected: list[tuple[int, int, str]]) -> list:
    """Assert the (line, column, code) of every problem loading `text` gives, in order."""
    problems = problems_of(text)
    assert [(p.line, p.column, p.code) for p in problems] == expected, "\n".join(map(str, problems))
    return problems


GOLDEN = ROOT / "tests" / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; RECTRACK_UPDATE_GOLDEN=1 rewrites it (review the diff by eye)."""
    import os

    path = GOLDEN / name
    if os.environ.get("RECTRACK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    assert actual == expected, f"golden {name} differs; rerun with RECTRACK_UPDATE_GOLDEN=1 and review"


@pytest.fixture
def cli():
    """Run the CLI in-process with a pinned width and language-neutral environment."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    runner = CliRunner()

    def run(*args: str, env: dict | None = None, input: str | None = None):
        base = {"COLUMNS": "100", "NO_COLOR": "1", "RECTRACK_LANG": "en", "RECTRACK_DATA": str(ROOT / "data")}
        # Same results inside a GitHub Actions job and beside a stray config (None unsets).
        base.update({"GITHUB_ACTIONS": None, "GITHUB_WORKSPACE": None, "RECTRACK_CONFIG": None})
        base.update(env or {})
        return runner.invoke(app, [str(a) for a in args], env=base, input=input, catch_exceptions=False)

    return run


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own empty rectrack cache: never the user's, never another test's."""
    monkeypatch.setenv("RECTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("rectrack-cache")))
    monkeypatch.delenv("RECTRACK_CACHE", raising=False)
    monkeypatch.setattr("rectrack.cache._bypassed", False)  # `--no-cache` in one CLI test stays there
