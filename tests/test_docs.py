"""Every command has help text with an example, and the README documents it (sqlite-utils style)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

from rectrack.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands.items())


COMMANDS = _commands()


def test_the_app_has_every_command_we_document():
    names = {name for name, _ in COMMANDS}
    assert {"validate", "status", "init", "add", "update", "show", "list", "log", "report",
            "export", "diff", "schema", "reviews", "cache", "site", "import"} <= names


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_and_an_example(name, command):
    text = command.help or ""
    assert len(text.strip().splitlines()[0]) > 20, f"{name}: no one-line summary"
    assert f"rectrack {name}" in text, f"{name}: help has no example"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_command_is_in_the_readme(name):
    assert re.search(rf"`rectrack {name}\b", README), f"README does not document `rectrack {name}`"


def test_quick_start_is_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    assert block.splitlines() == ["uv run rectrack status", "uv run pytest"]


def test_every_option_of_every_command_has_help():
    missing = [f"{name} {param.opts[0]}" for name, command in COMMANDS for param in command.params
               if getattr(param, "help", None) is None and param.param_type_name == "option"]
    assert missing == []
