"""Quantified outcomes (issues[].outcomes): validated with fixed keys, summed per round in status."""

from __future__ import annotations

import json

from conftest import MINIMAL, SHIPPED, assert_problems, dedent

from rectrack.loader import load_text
from rectrack.queries import add_outcomes, sum_outcomes

WITH_OUTCOMES = MINIMAL.replace(
    "        completed_on: 2024-02-01\n",
    "        completed_on: 2024-02-01\n        outcomes:\n          rules: 2\n          funds_recovered: 12.5\n",
).replace(
    "        deadline: 2024-03-01\n",
    "        deadline: 2024-03-01\n        outcomes: {rules: 1, people_accountable: 3}\n",
)


def test_outcomes_are_summed_in_model_order():
    model, problems = load_text(dedent(WITH_OUTCOMES))
    assert model is not None, problems
    totals = sum_outcomes(issue for _, issue in model.issues())
    assert totals == {"rules": 3, "people_accountable": 3, "funds_recovered": 12.5}
    assert list(totals) == ["rules", "people_accountable", "funds_recovered"]
    assert add_outcomes({"funds_recovered": 0.1}, {"funds_recovered": 0.2}) == {"funds_recovered": 0.3}
    assert add_outcomes() == {}


def test_bad_outcomes_are_located():
    text = WITH_OUTCOMES.replace("rules: 2", "制度: 2").replace("funds_recovered: 12.5", "funds_recovered: -1")
    text = text.replace("people_accountable: 3", "people_accountable: 1.5")
    problems = assert_problems(text, [(16, 11, "unknown-key"), (17, 28, "wrong-type"), (22, 50, "wrong-type")])
    assert "unknown key '制度'; did you mean 'rules'?" in problems[0].message
    assert problems[1].message == "expected a number of 0 or more, got -1"
    assert problems[2].message == "expected a whole number of 0 or more, got 1.5"


def test_status_shows_and_reports_the_sums(cli, write_round):
    path = write_round(WITH_OUTCOMES)
    data = json.loads(cli("status", path, "--json", "--as-of", "2024-02-01").output)
    assert data["totals"]["outcomes"] == {"rules": 3, "people_accountable": 3, "funds_recovered": 12.5}
    assert data["rounds"][0]["outcomes"] == data["totals"]["outcomes"]
    r = cli("status", path, "--as-of", "2024-02-01", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "通过整改，建立修订制度3项，问责处理3人，追缴挽回资金12.5万元。" in r.output


def test_shipped_round_states_the_notice_figures(cli):
    data = json.loads(cli("status", SHIPPED, "--json", "--as-of", "2024-06-30").output)
    assert data["rounds"][0]["outcomes"] == {"rules": 6, "trainings": 1, "projects": 60,
                                             "facilities": 6, "partners": 22}


def test_rounds_without_outcomes_have_an_empty_mapping(cli, write_round, tmp_path):
    write_round(MINIMAL, "a.yaml")
    write_round(WITH_OUTCOMES.replace("id: r1", "id: r2"), "b.yaml")
    data = json.loads(cli("status", tmp_path, "--json", "--as-of", "2024-02-01").output)
    assert [r["outcomes"] for r in data["rounds"]] == [
        {}, {"rules": 3, "people_accountable": 3, "funds_recovered": 12.5}]
    assert data["totals"]["outcomes"]["rules"] == 3
    r = cli("status", tmp_path / "a.yaml", "--as-of", "2024-02-01")
    assert "Results so far" not in r.output
