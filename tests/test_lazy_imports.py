"""What a command imports decides its floor: a warm `validate` must not pay for pydantic, ruamel or rich.

Each case runs in a fresh interpreter and lists the heavy packages that
ended up imported.  `--version` is covered in test_cli_version.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import MINIMAL

# Modules, not packages: finding ruamel.yaml's release imports the empty namespace package "ruamel".
HEAVY = ("pydantic", "pydantic_core", "rich", "ruamel.yaml", "yaml", "openpyxl", "jsonschema")

PROBE = """
import json, sys
sys.argv = ["rectrack", *json.loads(sys.argv[1])]
from rectrack.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(set(sys.modules) & set(%r))
print(json.dumps([code, heavy]))
""" % (HEAVY,)


def run(args: list[str], tmp_path) -> tuple[int, list[str], str]:
    env = {**os.environ, "RECTRACK_CACHE_DIR": str(tmp_path / "cache"), "RECTRACK_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    *lines, last = result.stdout.splitlines(keepends=True)
    code, heavy = json.loads(last)
    return code, heavy, "".join(lines)


def test_validate_of_unchanged_files_imports_nothing_heavy(tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    first = run(["validate", "r.yaml"], tmp_path)
    assert first[0] == 0 and "pydantic" in first[1] and "yaml" in first[1]  # the first run parses and validates
    code, heavy, _ = run(["validate", "r.yaml"], tmp_path)
    assert (code, heavy) == (0, [])


def test_validate_of_unchanged_bad_files_reports_them_without_parsing(tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL.replace("status: in_progress", "status: maybe"), encoding="utf-8")
    first = run(["validate", "r.yaml"], tmp_path)
    code, heavy, output = run(["validate", "r.yaml"], tmp_path)
    assert (code, heavy) == (1, []) and output == first[2]
    assert output.startswith("r.yaml:17:17: error: unknown status 'maybe'")


def test_commands_that_need_the_models_still_decode_them(tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    run(["validate", "r.yaml"], tmp_path)
    code, heavy, output = run(["validate", "-v", "r.yaml"], tmp_path)
    assert code == 0 and "pydantic" in heavy and "ruamel.yaml" not in heavy
    code, heavy, output = run(["status", "--json", "r.yaml"], tmp_path)
    assert code == 0 and '"issues": 2' in output and "ruamel.yaml" not in heavy and "yaml" not in heavy


def test_status_of_an_unchanged_ledger_needs_no_models(tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    first = run(["status", "--json", "--as-of", "2024-03-15", "r.yaml"], tmp_path)
    assert first[0] == 0 and "pydantic" in first[1]
    code, heavy, output = run(["status", "--json", "--as-of", "2024-03-15", "r.yaml"], tmp_path)
    assert (code, heavy, output) == (0, [], first[2])
    code, heavy, output = run(["status", "--as-of", "2024-03-15", "r.yaml"], tmp_path)
    assert code == 0 and heavy == ["rich"] and "Overdue issues (1)" in output


def test_list_of_an_unchanged_ledger_needs_no_models(tmp_path):
    (tmp_path / "r.yaml").write_text(MINIMAL, encoding="utf-8")
    first = run(["list", "--json", "r.yaml"], tmp_path)
    assert first[0] == 0 and "pydantic" in first[1]
    code, heavy, output = run(["list", "--json", "r.yaml"], tmp_path)
    assert (code, heavy, output) == (0, [], first[2])
    code, heavy, output = run(["list", "--open", "r.yaml"], tmp_path)
    assert code == 0 and heavy == ["rich"] and "A1-2" in output and "A1-1" not in output


WARNED = MINIMAL.replace("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        completed_on: 2024-02-02")


@pytest.mark.parametrize("args", [
    ["validate", "r.yaml"], ["validate", "bad.yaml"], ["status", "r.yaml"], ["status", "--json", "r.yaml"],
    ["list", "r.yaml"], ["list", "--json", "r.yaml"], ["show", "A1-1", "--data", "r.yaml"],
    ["log", "--data", "r.yaml"], ["report", "r.yaml"], ["report", "--format", "html", "r.yaml"],
    ["export", "--format", "csv", "r.yaml"], ["export", "--format", "json", "r.yaml"], ["reviews", "r.yaml"],
])
def test_read_only_commands_never_import_ruamel(tmp_path, args):
    # A file with a warning, read cold: where the old read path fell back to ruamel's parser to place it.
    (tmp_path / "r.yaml").write_text(WARNED, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("status: in_progress", "status: maybe"), encoding="utf-8")
    code, heavy, output = run(args, tmp_path)
    assert "ruamel.yaml" not in heavy, (args, heavy)
    assert code == (1 if "bad.yaml" in args else 0), output


def test_completion_of_ids_never_imports_ruamel(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.yaml").write_text(WARNED, encoding="utf-8")
    # Pinned here: a config file that another test left in a parent folder must not move the data.
    (tmp_path / "rectrack.toml").write_text('data = "data"\n', encoding="utf-8")
    env_probe = PROBE.replace('sys.argv = ["rectrack", *json.loads(sys.argv[1])]',
                              'import os; os.environ.update({"_RECTRACK_COMPLETE": "complete_bash", '
                              '"COMP_WORDS": "rectrack show A1", "COMP_CWORD": "2"}); sys.argv = ["rectrack"]')
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("RECTRACK_", "COMP_", "_"))},
           "RECTRACK_CACHE_DIR": str(tmp_path / "cache"), "RECTRACK_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", env_probe, "[]"], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    *lines, last = result.stdout.splitlines(keepends=True)
    code, heavy = json.loads(last)
    assert "A1-1" in "".join(lines) and "ruamel.yaml" not in heavy, (lines, heavy, result.stderr)


def test_validate_explains_a_merge_conflict_without_ruamel(tmp_path):
    conflicted = MINIMAL.replace("        status: in_progress\n",
                                 "<<<<<<< ours\n        status: in_progress\n=======\n"
                                 "        status: completed\n>>>>>>> theirs\n")
    (tmp_path / "r.yaml").write_text(conflicted, encoding="utf-8")
    code, heavy, output = run(["validate", "r.yaml"], tmp_path)
    assert code == 1 and "ruamel.yaml" not in heavy, (heavy, output)
    assert "conflict in issue A1-2, field status" in output and "rectrack resolve A1-2 --ours" in output
