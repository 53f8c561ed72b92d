"""The JSON Schema: current, valid draft 2020-12, agreeing with `validate` on structure, and the modeline."""

from __future__ import annotations

import re

import jsonschema
import pytest
from conftest import MINIMAL, ROOT, SHIPPED, dedent

from rectrack import model
from rectrack.loader import load_text
from rectrack.schema import (
    SCHEMA_NAME,
    SCHEMA_URL,
    modeline,
    round_schema,
    schema_reference,
    schema_text,
)

COMMITTED = ROOT / "schema" / SCHEMA_NAME


def editor_view(text: str):
    """The data as the YAML language server sees it: YAML 1.2, so dates stay text."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp",
                                     lambda constructor, node: constructor.construct_scalar(node))
    return yaml.load(text)


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(round_schema())


def schema_errors(validator, text: str) -> list[tuple[str, str]]:
    """(JSON path, failing keyword) of every schema error, sorted."""
    return sorted((e.json_path, e.validator) for e in validator.iter_errors(editor_view(dedent(text))))


def test_committed_schema_is_current():
    # A change to model.py changes the schema: regenerate and commit it with
    #   uv run rectrack schema -o schema/rectrack-round.schema.json
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "schema/ is stale; see the comment"


def test_schema_is_valid_draft_2020_12():
    schema = round_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_shipped_round_is_accepted(validator):
    assert list(validator.iter_errors(editor_view(SHIPPED.read_text(encoding="utf-8")))) == []


# Spellings rectrack reads; the schema must not flag them in an editor.
ACCEPTED_VARIANTS = [
    ("status: in_progress", "status: In Progress"),
    ("status: in_progress", "status: in-progress"),
    ("status: in_progress", "status: 正在整改"),
    ("status: in_progress", "status: '  进行中 '"),
    ("  id: r1", "  id: 2024"),
    ("      - id: A1-2", "      - id: 12"),
    ("  feedback: 2024-01-10", "  feedback: 2024-1-5"),
    ("  feedback: 2024-01-10", "  feedback: '2024-01-10'"),
    ("  unit: 测试单位", "  unit: 测试单位\n  kind: 审计"),
    ("  unit: 测试单位", "  unit: 测试单位\n  kind: Audit"),
    ("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        measures: 只有一条措施"),
    ("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        owner:"),
]


@pytest.mark.parametrize("old,new", ACCEPTED_VARIANTS)
def test_what_validate_accepts_the_schema_accepts(validator, old, new):
    text = MINIMAL.replace(old, new, 1)
    assert text != MINIMAL
    _, problems = load_text(text)
    assert [p for p in problems if p.is_error] == []
    assert schema_errors(validator, text) == []


# Structural mistakes: (edit, JSON path, keyword) for the schema, and the code validate gives.
REJECTED = [
    (("        deadline: 2024-03-01", "        deadline: 2024-03-01\n        dedline: 2024-04-01"),
     ("$.aspects[0].issues[1]", "additionalProperties"), "unknown-key"),
    (("status: in_progress", "status: doing"), ("$.aspects[0].issues[1].status", "anyOf"), "unknown-status"),
    (("  unit: 测试单位\n", ""), ("$.round", "required"), "missing-key"),
    (("version: 1", "version: 2"), ("$.version", "const"), "unsupported-version"),
    (("  feedback: 2024-01-10", "  feedback: next week"), ("$.round.feedback", "pattern"), "invalid-date"),
    (("        title: 问题一", "        title: 2024"), ("$.aspects[0].issues[0].title", "type"), "wrong-type"),
    (("  unit: 测试单位", "  unit: 测试单位\n  kind: review"), ("$.round.kind", "anyOf"), "unknown-kind"),
    (("  id: r1", "  id: -r1"), ("$.round.id", "pattern"), "invalid-id"),
]


@pytest.mark.parametrize("edit,expected,code", REJECTED)
def test_structural_errors_are_rejected_by_both(validator, edit, expected, code):
    text = MINIMAL.replace(*edit, 1)
    assert text != MINIMAL
    assert schema_errors(validator, text) == [expected]
    _, problems = load_text(text)
    assert code in {p.code for p in problems if p.is_error}, problems


def test_semantic_rules_are_left_to_validate(validator):
    # A completed issue without completed_on is structurally fine: only validate objects.
    text = MINIMAL.replace("        completed_on: 2024-02-01\n", "", 1)
    assert schema_errors(validator, text) == []
    _, problems = load_text(text)
    assert [p.code for p in problems] == ["completed-on-missing"]


def test_every_field_says_what_it_is_in_chinese():
    chinese = re.compile(r"[\u4e00-\u9fff]")
    schema = round_schema()
    undescribed = []
    for name, definition in [("RoundFile", schema), *schema["$defs"].items()]:
        for key, prop in definition.get("properties", {}).items():
            if not chinese.search(prop.get("description", "")):
                undescribed.append(f"{name}.{key}")
    assert undescribed == []


def test_status_enum_lists_canonical_words_and_aliases():
    choices = round_schema()["$defs"]["Status"]["anyOf"][0]["enum"]
    assert choices[:4] == ["not_started", "in_progress", "substantially_completed", "completed"]
    for aliases in model.STATUS_ALIASES.values():
        assert set(aliases) <= set(choices)


def test_every_validator_of_the_model_has_a_schema_fragment():
    # A new field type in model.py must say what it accepts, or editors would guess.
    from pydantic import BaseModel
    from pydantic.functional_validators import BeforeValidator

    from rectrack.schema import _FRAGMENTS

    missing = []
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == model.__name__:
            for name, info in value.model_fields.items():
                for meta in info.metadata:
                    if isinstance(meta, BeforeValidator) and meta.func.__name__ not in _FRAGMENTS:
                        missing.append(f"{value.__name__}.{name}")
    assert missing == []


def test_modeline_uses_a_repository_copy_relatively(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / SCHEMA_NAME).write_text("{}", encoding="utf-8")
    target = tmp_path / "data" / "2024" / "round.yaml"
    assert modeline(target) == "# yaml-language-server: $schema=../../schema/rectrack-round.schema.json"
    assert schema_reference(tmp_path / "r.yaml") == "schema/rectrack-round.schema.json"


def test_modeline_falls_back_to_the_published_url(tmp_path):
    # A copy above the repository root belongs to another project.
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / SCHEMA_NAME).write_text("{}", encoding="utf-8")
    repo = tmp_path / "ledgers"
    (repo / ".git").mkdir(parents=True)
    assert modeline(repo / "data" / "r.yaml") == f"# yaml-language-server: $schema={SCHEMA_URL}"
    assert SCHEMA_URL.endswith("/schema/rectrack-round.schema.json")


def test_a_file_started_by_init_and_edited_is_accepted(validator, cli, tmp_path):
    (tmp_path / ".git").mkdir()  # no schema copy in this repository: the published URL
    path = tmp_path / "r.yaml"
    data = ["--data", tmp_path]
    r = cli("init", path, "--id", "r1", "--title", "测试轮次", "--unit", "测试单位", "--feedback", "2024-01-10",
            "--inspector", "区委第一巡察组", *data)
    assert r.exit_code == 0, r.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_URL}"
    # No aspects yet: the editor agrees with validate that one is needed.
    assert schema_errors(validator, text) == [("$.aspects", "minItems")]
    r = cli("add", "--round", "r1", "--new-aspect", "第一方面", "--title", "问题一", "--deadline", "2024-06-30", *data)
    assert r.exit_code == 0, r.output
    assert schema_errors(validator, path.read_text(encoding="utf-8")) == []
