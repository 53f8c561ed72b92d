"""`rectrack status`: golden screens of the shipped round, the JSON contract, errors and options."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, SHIPPED, assert_golden


@pytest.mark.parametrize("lang, width", [("zh", 100), ("en", 100), ("zh", 60)])
def test_status_golden(cli, lang, width):
    r = cli("status", SHIPPED, "--as-of", "2024-06-30", "--lang", lang, env={"COLUMNS": str(width)})
    assert r.exit_code == 0, r.output
    assert_golden(f"status_{lang}_{width}.txt", r.output)


def test_status_headline_reproduces_the_notice(cli):
    r = cli("status", "--as-of", "2024-06-30", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项。" in r.output


def test_status_json_contract(cli):
    r = cli("status", SHIPPED, "--json", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["as_of"] == "2024-06-30"
    assert data["totals"] == {
        "rounds": 1, "aspects": 10, "issues": 31, "completed": 29, "substantially_completed": 2,
        "in_progress": 0, "not_started": 0, "overdue": 0, "completion_rate": round(29 / 31, 4),
    } | {k: v for k, v in data["totals"].items() if k not in {
        "rounds", "aspects", "issues", "completed", "substantially_completed", "in_progress",
        "not_started", "overdue", "completion_rate"}}
    (round_,) = data["rounds"]
    assert round_["id"] == "hd-2023-r6-zgc"
    assert round_["issues"] == 31 and round_["completed"] == 29
    assert [a["id"] for a in round_["by_aspect"]] == [f"A{i}" for i in range(1, 11)]
    a3 = round_["by_aspect"][2]
    assert (a3["issues"], a3["completed"], a3["substantially_completed"], a3["completion_rate"]) == (2, 1, 1, 0.5)
    assert sum(a["issues"] for a in round_["by_aspect"]) == 31


def test_overdue_is_judged_on_the_as_of_date(cli, write_round):
    path = write_round(MINIMAL)
    before = json.loads(cli("status", path, "--json", "--as-of", "2024-03-01").output)
    after = json.loads(cli("status", path, "--json", "--as-of", "2024-03-02").output)
    assert before["totals"]["overdue"] == 0
    assert after["totals"]["overdue"] == 1
    assert after["overdue"] == [{"round": "r1", "id": "A1-2", "title": "问题二", "unit": "测试单位",
                                 "status": "in_progress", "owner": None, "deadline": "2024-03-01", "days_over": 1}]
    r = cli("status", path, "--as-of", "2024-03-11")
    assert r.exit_code == 0, r.output
    assert "Overdue issues (1)" in r.output and "A1-2" in r.output and " 10 " in r.output


def test_several_rounds_have_a_total_row(cli, write_round, tmp_path):
    write_round(MINIMAL, "a.yaml")
    write_round(MINIMAL.replace("id: r1", "id: r2"), "b.yaml")
    data = json.loads(cli("status", tmp_path, "--json", "--as-of", "2024-01-31").output)
    assert [r["id"] for r in data["rounds"]] == ["r1", "r2"]
    assert data["totals"]["issues"] == 4 and data["totals"]["rounds"] == 2
    r = cli("status", tmp_path, "--as-of", "2024-01-31")
    assert "Total" in r.output and "By aspect" not in r.output


def test_invalid_file_is_reported_and_left_out(cli, write_round, tmp_path):
    write_round(MINIMAL, "good.yaml")
    write_round(MINIMAL.replace("id: r1", "id: r2").replace("status: completed", "status: maybe"), "bad.yaml")
    r = cli("status", tmp_path, "--json", "--as-of", "2024-01-31")
    assert r.exit_code == 1, r.output
    assert "bad.yaml:13:17: error: unknown status 'maybe'" in r.output
    assert "1 file(s) with errors left out" in r.output


def test_markup_and_escapes_in_data_print_literally(cli, write_round):
    hostile = MINIMAL.replace("title: 问题二", 'title: "[red]x[/] :smile: \\e[2J \\u202e"').replace(
        "id: A1\n", "id: A1\n").replace("deadline: 2024-03-01", "deadline: 2024-01-20")
    r = cli("status", write_round(hostile), "--as-of", "2024-02-01")
    assert r.exit_code == 0, r.output
    assert "[red]x[/] :smile: \\x1b[2J \\u202e" in r.output
    assert "\x1b" not in r.output and "\u202e" not in r.output


def test_missing_path_is_an_error(cli, tmp_path):
    r = cli("status", tmp_path / "nope.yaml")
    assert r.exit_code == 1
    assert "rectrack: error:" in r.output and "no such file or folder" in r.output


def test_bad_as_of_is_a_usage_error_that_says_why(cli):
    r = cli("status", "--as-of", "2024-02-30")
    assert r.exit_code == 2
    assert "'2024-02-30' is not a real date" in r.output
    r = cli("status", "--as-of", "soon")
    assert r.exit_code == 2
    assert "'soon' is not a date; write it as YYYY-MM-DD" in " ".join(r.output.split())


def test_status_document_has_the_shape_the_screen_is_drawn_from(cli):
    from rectrack.views import fits

    shipped = json.loads(cli("status", SHIPPED, "--json", "--as-of", "2024-06-30").output)
    (round_,) = shipped["rounds"]
    assert (round_["inspector"], round_["feedback"]) == ("区委第六巡察组", "2023-12-07")
    followups = json.loads(cli("status", "tests/examples/time/followups.yaml", "--json",
                               "--as-of", "2024-09-30").output)
    assert followups["relapses"] and followups["reviews_due"] and followups["extensions"]["extended"]
    assert fits(shipped) and fits(followups)


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("overdue"),
    lambda d: d.update(extra=1),
    lambda d: d["totals"].update(issues="31"),
    lambda d: d["totals"].update(issues=True),
    lambda d: d["rounds"][0].update(by_aspect={}),
    lambda d: d["rounds"][0]["by_aspect"][0].update(id=None),
    lambda d: d["rounds"][0]["outcomes"].update(rules="6"),
    lambda d: d.update(rounds="r"),
    lambda d: d["rounds"][0].update(kind="patrol"),  # the renderer looks its words up
    lambda d: d["rounds"][0]["outcomes"].update(bonus=1),
    lambda d: d["rounds"][0].update(by_aspect=[]),  # the renderer takes the widest aspect id
])
def test_a_document_of_another_shape_is_refused(cli, damage):
    from rectrack.views import fits

    document = json.loads(cli("status", SHIPPED, "--json", "--as-of", "2024-06-30").output)
    assert fits(document)
    damage(document)
    assert not fits(document)


def test_a_portfolio_of_many_rounds_shows_the_first_rows_and_counts_all(cli, tmp_path, monkeypatch):
    from conftest import MINIMAL

    from rectrack.render import status as status_render

    for number in range(1, 4):
        (tmp_path / f"r{number}.yaml").write_text(MINIMAL.replace("id: r1", f"id: round-{number}"), encoding="utf-8")
    monkeypatch.setattr(status_render, "ROUND_ROWS", 2)  # 100 by default: a table of 600 rounds takes seconds
    r = cli("status", str(tmp_path), "--as-of", "2024-03-15", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "round-1" in r.output and "round-2" in r.output and "round-3" not in r.output.split("Overdue")[0]
    assert "1 more rounds not shown (--limit 0 shows all; --by unit sums them per unit)." in r.output
    total = next(line for line in r.output.splitlines() if line.startswith("Total"))
    assert total.split()[1:3] == ["3", "6"]  # every round counted: 3 aspects, 6 issues
    r = cli("status", str(tmp_path), "--as-of", "2024-03-15", "--lang", "en", "--limit", "0")
    assert r.exit_code == 0 and "round-3" in r.output and "more rounds" not in r.output


def test_status_with_only_broken_files_does_not_say_there_are_no_round_files(cli, tmp_path):
    (tmp_path / "a.yaml").write_text("version: 1\nround: [\n", encoding="utf-8")
    r = cli("status", str(tmp_path), "--lang", "en")
    assert r.exit_code == 1, r.output
    assert "No round files found" not in r.output
    assert "a.yaml:3:1: error:" in r.output and "1 file(s) with errors" in r.output, r.output


def test_status_before_every_feedback_says_why_it_shows_nothing(cli):
    r = cli("status", "--as-of", "2020-01-01", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "No round files found" not in r.output
    assert r.stdout == ""
    assert "fed back after 2020-01-01" in r.stderr, r.stderr
