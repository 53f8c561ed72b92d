"""YAML rectrack ships or writes passes yamllint's default rules, so it never fights a repository's linter.

Two rules are off, on purpose:
- line-length: a measure or a notice paragraph is one long Chinese line;
  folding it would change the text people copy into reports.
- document-start: `---` is optional for one-document files, and ruamel.yaml
  drops every comment above a `---` when it rewrites a file, which would
  lose the `# yaml-language-server: $schema=…` modeline on the first edit.
The GitHub workflow example also turns off truthy's key check: `on:` is
GitHub's own key, not a boolean.
"""

from __future__ import annotations

import io

import pytest
from conftest import ROOT, SHIPPED
from yamllint import linter
from yamllint.config import YamlLintConfig

RECTRACK_RULES = YamlLintConfig(
    "extends: default\nrules:\n  line-length: disable\n  document-start: disable\n"
)
WORKFLOW_RULES = YamlLintConfig(
    "extends: default\nrules:\n  line-length: disable\n  document-start: disable\n"
    "  truthy:\n    check-keys: false\n"
)


def lint(text: str, config: YamlLintConfig = RECTRACK_RULES) -> list[str]:
    return [f"{p.line}:{p.column} {p.rule}: {p.desc}" for p in linter.run(text, config)]


@pytest.mark.parametrize("path", [SHIPPED, ROOT / ".pre-commit-hooks.yaml"], ids=lambda p: p.name)
def test_shipped_yaml_is_lint_clean(path):
    assert lint(path.read_text(encoding="utf-8")) == []


def test_workflow_example_is_lint_clean_and_documented_verbatim():
    workflow = (ROOT / "docs" / "examples" / "rectrack.yml").read_text(encoding="utf-8")
    assert lint(workflow, WORKFLOW_RULES) == []
    assert f"```yaml\n{workflow}```" in (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")


def test_rewritten_round_is_lint_clean():
    # What any edit writes: the one configured ruamel instance dumping a changed document.
    from rectrack.yamledit import make_yaml

    document = make_yaml().load(SHIPPED.read_text(encoding="utf-8"))
    issue = document["aspects"][2]["issues"][1]
    issue["status"] = "completed"
    issue["completed_on"] = "2024-06-30"
    issue["history"] = [{"date": "2024-06-30", "status": "completed", "note": "第7家驿站建成"}]
    buffer = io.StringIO()
    make_yaml().dump(document, buffer)
    text = buffer.getvalue()
    assert "第7家驿站建成" in text
    assert lint(text) == []


def test_the_rules_still_catch_bad_indentation():
    # Guards the configuration above: it must not be so loose that nothing fails.
    assert lint("version: 1\nround:\n    id: r1\n  title: x\n") != []


def test_init_and_edits_are_lint_clean_and_keep_the_modeline(cli, tmp_path):
    path = tmp_path / "data" / "r5.yaml"
    (tmp_path / ".git").mkdir()  # the repository root: the schema copy is looked for up to here
    r = cli("schema", "-o", tmp_path / "schema" / "rectrack-round.schema.json")
    assert r.exit_code == 0, r.output
    data = ["--data", tmp_path / "data"]
    r = cli("init", path, "--id", "2024-r5", "--title", "区委第五巡察组巡察某街道整改", "--unit", "某街道工委",
            "--feedback", "2024-03-01", *data)
    assert r.exit_code == 0, r.output
    modeline = "# yaml-language-server: $schema=../schema/rectrack-round.schema.json\n"
    stages = [path.read_text(encoding="utf-8")]
    r = cli("add", "--round", "2024-r5", "--new-aspect", "强化担当意识", "--title", "垃圾分类管理不到位",
            "--owner", "城市管理办公室", "--deadline", "2024-06-30", *data)
    assert r.exit_code == 0, r.output
    stages.append(path.read_text(encoding="utf-8"))
    r = cli("update", "A1-1", "--status", "正在整改", "--note", "制定工作方案", "--date", "2024-04-01", "--yes", *data)
    assert r.exit_code == 0, r.output
    stages.append(path.read_text(encoding="utf-8"))
    assert "note: 制定工作方案" in stages[-1]
    for text in stages:
        assert text.startswith(modeline)
        assert lint(text) == []
