"""Shell completion: the candidates a shell receives, asked for the way typer's installed scripts ask."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT


def complete(line: str, env: dict | None = None) -> list[str]:
    """Candidates bash gets for the word being typed at the end of `line` (after a space: a new word)."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    base = {"_RECTRACK_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword),
            "RECTRACK_DATA": str(ROOT / "data"), "RECTRACK_CONFIG": None}
    base.update(env or {})
    r = CliRunner().invoke(app, [], env=base, prog_name="rectrack")
    assert r.exit_code == 0, r.output
    return r.output.split()


def test_commands_complete():
    assert "validate" in complete("rectrack va")
    assert {"status", "schema"} <= set(complete("rectrack s"))


def test_option_values_complete():
    assert complete("rectrack validate --format ") == ["auto", "text", "json", "github"]
    assert complete("rectrack validate --fail-on ") == ["overdue"]
    assert complete("rectrack status --lang ") == ["zh", "en"]


def test_options_complete():
    assert {"--fail-on", "--format", "--strict", "--as-of"} <= set(complete("rectrack validate --"))


@pytest.mark.parametrize("shell,marker", [
    ("bash", "complete -o default -F _rectrack_completion rectrack"),
    ("zsh", "#compdef rectrack"),
    ("fish", "complete --command rectrack"),
    ("powershell", "Register-ArgumentCompleter"),
])
def test_completion_scripts_for_each_shell(cli, monkeypatch, shell, marker):
    # Read when the command is built: lets --show-completion take the shell by name
    # instead of detecting the shell pytest runs in.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    r = cli("--show-completion", shell)
    assert r.exit_code == 0, r.output
    assert marker in r.output
    assert "_RECTRACK_COMPLETE" in r.output


def test_installed_console_script_answers_completion_requests():
    # The installed script, as bash calls it: no CliRunner in between.
    script = shutil.which("rectrack", path=str(Path(sys.executable).parent))
    assert script
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECTRACK_")}
    env.update({"_RECTRACK_COMPLETE": "complete_bash", "COMP_WORDS": "rectrack status --lang ",
                "COMP_CWORD": "3"})
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.split()) == (0, ["zh", "en"]), result.stderr


# -- candidates from the data (cli/complete.py) ------------------------------------------

TWO_ROUNDS = {
    "r1.yaml": MINIMAL.replace("        deadline: 2024-03-01\n",
                               "        deadline: 2024-03-01\n        owner: 城市管理办公室\n"),
    "r2.yaml": MINIMAL.replace("id: r1", "id: r2").replace("id: A1-1\n", "id: A1-9\n")
    .replace("        deadline: 2024-03-01\n", "        deadline: 2024-03-01\n        owner: 党群工作办公室\n"),
}


@pytest.fixture
def ledgers(tmp_path):
    for name, text in TWO_ROUNDS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {"RECTRACK_DATA": str(tmp_path)}


def test_issue_ids_complete_and_ids_in_two_rounds_are_qualified(ledgers):
    # A1-2 is in both rounds, so it is offered as ROUND/ID.
    assert complete("rectrack show ", ledgers) == ["A1-1", "r1/A1-2", "A1-9", "r2/A1-2"]
    assert complete("rectrack update A1-", ledgers) == ["A1-1", "A1-9"]
    assert complete("rectrack show r2/", ledgers) == ["r2/A1-9", "r2/A1-2"]


def test_issue_titles_reach_shells_that_show_them(ledgers):
    from typer.testing import CliRunner

    from rectrack.cli import app

    env = {"_RECTRACK_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
           "_TYPER_COMPLETE_ARGS": "rectrack show A1-1", **ledgers}
    r = CliRunner().invoke(app, [], env=env, prog_name="rectrack")
    assert (r.exit_code, r.output) == (0, "A1-1\t问题一\n")


def test_round_ids_statuses_and_owners_complete(ledgers):
    assert complete("rectrack add --round ", ledgers) == ["r1", "r2"]
    assert complete("rectrack update A1-1 --status 已", ledgers) == ["已完成", "已完成整改", "已整改"]
    assert complete("rectrack update A1-1 --status sub", ledgers) == ["substantially_completed"]
    assert complete("rectrack list --owner ", ledgers) == ["城市管理办公室", "党群工作办公室"]
    assert complete("rectrack list --owner 党", ledgers) == ["党群工作办公室"]


def test_shipped_round_completes_its_ids():
    assert complete("rectrack show A3") == ["A3-1", "A3-2"]
