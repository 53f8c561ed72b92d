"""`--as-of`: commands show the ledger as it stood on a day, reconstructed from history and extensions."""

from __future__ import annotations

import json

from conftest import MINIMAL, SHIPPED


def moved_on(text: str) -> str:
    """The shipped round after it moved on, written by hand as `rectrack update` records it.

    A3-2 completed in July; A1-1 relapsed at its look-back review in September.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    current = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("- id: "):
            current = stripped[len("- id: "):]
        if current == "A3-2" and stripped == "status: substantially_completed":
            line = line.replace("substantially_completed", "completed") + (
                " " * 8 + "completed_on: 2024-07-01\n"
                + " " * 8 + "history:\n"
                + " " * 10 + "- {date: 2024-07-01, status: completed, from: substantially_completed, "
                "note: 第7家养老服务驿站建成}\n")
        if current == "A1-1" and stripped == "status: completed":
            line = line.replace("completed", "in_progress") + (
                " " * 8 + "history:\n"
                + " " * 10 + "- {date: 2024-03-29, status: completed, from: in_progress}\n"
                + " " * 10 + "- {date: 2024-09-30, status: in_progress, from: completed, review: relapsed, "
                "note: 专家库长期未更新}\n")
            current = "A1-1-done"
        if current == "A1-1-done" and stripped == "completed_by: 2024-03-29":
            continue
        out.append(line)
    return "".join(out)


def test_the_moved_on_copy_is_valid_and_its_notice_still_holds(cli, write_round):
    path = write_round(moved_on(SHIPPED.read_text(encoding="utf-8")), raw=True)
    r = cli("validate", path)
    assert r.exit_code == 0, r.output
    now = json.loads(cli("status", path, "--json", "--as-of", "2024-10-01").output)["totals"]
    assert (now["completed"], now["substantially_completed"], now["in_progress"]) == (29, 1, 1)


def test_status_as_of_the_notice_date_gives_the_published_figures(cli, write_round):
    path = write_round(moved_on(SHIPPED.read_text(encoding="utf-8")), raw=True)
    for target in (SHIPPED, path):
        r = cli("status", target, "--json", "--as-of", "2024-03-29")
        assert r.exit_code == 0, r.output
        totals = json.loads(r.output)["totals"]
        assert (totals["aspects"], totals["issues"], totals["completed"],
                totals["substantially_completed"]) == (10, 31, 29, 2), target
    r = cli("status", path, "--as-of", "2024-03-29", "--lang", "zh")
    assert "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项。" in r.output


def test_status_between_changes(cli, write_round):
    path = write_round(moved_on(SHIPPED.read_text(encoding="utf-8")), raw=True)
    totals = json.loads(cli("status", path, "--json", "--as-of", "2024-08-01").output)["totals"]
    assert (totals["completed"], totals["substantially_completed"], totals["in_progress"]) == (30, 1, 0)
    # The day before the notice, no completion had been recorded yet.
    totals = json.loads(cli("status", path, "--json", "--as-of", "2024-03-28").output)["totals"]
    assert (totals["completed"], totals["substantially_completed"], totals["in_progress"]) == (0, 2, 29)


def test_status_before_the_feedback_leaves_the_round_out(cli):
    r = cli("status", SHIPPED, "--as-of", "2023-06-01", "--json")
    assert r.exit_code == 0, r.output
    assert "1 round(s) fed back after 2023-06-01 left out." in r.output
    data = json.loads(r.output[r.output.index("{"):])
    assert data["rounds"] == [] and data["totals"]["issues"] == 0


def test_overdue_uses_the_deadline_in_force_on_the_day(cli, write_round):
    path = write_round(MINIMAL.replace("        deadline: 2024-03-01\n", """\
        deadline: 2024-05-31
        extensions:
          - {date: 2024-03-10, from: 2024-03-01, to: 2024-05-31, reason: 需协调, approved_by: 街道工委}
"""))
    # 2024-03-05: the original deadline was still in force (the extension came on 03-10).
    before = json.loads(cli("status", path, "--json", "--as-of", "2024-03-05").output)
    assert before["overdue"][0]["deadline"] == "2024-03-01" and before["overdue"][0]["days_over"] == 4
    after = json.loads(cli("status", path, "--json", "--as-of", "2024-03-20").output)
    assert after["totals"]["overdue"] == 0
    late = json.loads(cli("status", path, "--json", "--as-of", "2024-06-02").output)
    assert late["overdue"][0]["deadline"] == "2024-05-31" and late["overdue"][0]["days_over"] == 2


def test_report_as_of_the_notice_date_regenerates_the_published_figures(cli, write_round):
    path = write_round(moved_on(SHIPPED.read_text(encoding="utf-8")), raw=True)
    published = "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项，"
    r = cli("report", path, "--as-of", "2024-03-29", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert published in r.output
    r = cli("report", path, "--as-of", "2024-10-01", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "已完成整改29项，基本完成整改1项，正在整改1项" in r.output and published not in r.output
    # The notice says when its figures stand, and is dated that day.
    assert "截至2024年10月1日，巡察反馈的" in r.output and r.output.endswith("中关村街道党工委\n2024年10月1日\n")


def test_report_before_the_feedback_is_refused(cli):
    r = cli("report", SHIPPED, "--as-of", "2023-06-01")
    assert r.exit_code == 1, r.output
    assert "fed back on 2023-12-07, after 2023-06-01" in r.output


def test_export_as_of_a_day(cli, write_round):
    import csv
    import io

    path = write_round(moved_on(SHIPPED.read_text(encoding="utf-8")), raw=True)

    def rows(day: str) -> dict:
        r = cli("export", path, "--as-of", day, "--lang", "en", "--format", "csv")
        assert r.exit_code == 0, r.output
        table = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
        return {row["Issue"]: row for row in table}
    then, now = rows("2024-08-01"), rows("2024-10-01")
    expert = "搭建服务平台,推动科研成果转化"
    assert (then[expert]["Status"], then[expert]["Completed on"], then[expert]["Latest progress"]) == (
        "completed", "2024-03-29", "")
    assert (now[expert]["Status"], now[expert]["Completed on"], now[expert]["Latest progress"]) == (
        "in progress", "", "专家库长期未更新")


def test_validate_fail_on_overdue_uses_the_deadline_in_force_that_day(cli, write_round):
    path = write_round(MINIMAL.replace("        deadline: 2024-03-01\n", """\
        deadline: 2024-05-31
        extensions:
          - {date: 2024-03-10, from: 2024-03-01, to: 2024-05-31, reason: 需协调, approved_by: 街道工委}
"""))
    r = cli("validate", path, "--fail-on", "overdue", "--as-of", "2024-03-05")
    assert r.exit_code == 1, r.output
    assert "4 day(s) past its deadline 2024-03-01 on 2024-03-05" in r.output
    r = cli("validate", path, "--fail-on", "overdue", "--as-of", "2024-04-05")
    assert r.exit_code == 0, r.output
    assert "nothing overdue on 2024-04-05" in r.output
