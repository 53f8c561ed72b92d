"""Shell completion: the candidates a shell receives, asked for the way typer's installed scripts ask."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


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
