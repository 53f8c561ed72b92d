"""`validate` in CI: --fail-on overdue with --as-of, --strict, the github format's exact lines, --format auto, -q/-v."""

from __future__ import annotations

from conftest import MINIMAL

# A warning (completed_on on an unfinished issue, line 14) and an in-progress issue due 2024-03-01 (line 18).
WARNED = MINIMAL.replace("        status: completed\n", "        status: in_progress\n", 1)


def test_fail_on_overdue_exits_one_and_points_at_the_deadline(cli, write_round):
    path = write_round(MINIMAL)
    r = cli("validate", path, "--fail-on", "overdue", "--as-of", "2024-06-30")
    assert r.exit_code == 1, r.output
    assert r.output == (
        f"{path}:18:19: error: issue 'A1-2' is 121 day(s) past its deadline 2024-03-01 "
        "on 2024-06-30 and is in_progress [overdue]\n"
        "1 file(s): 0 error(s), 0 warning(s), 1 overdue on 2024-06-30\n"
    )


def test_nothing_overdue_on_the_deadline_itself(cli, write_round):
    path = write_round(MINIMAL)
    r = cli("validate", path, "--fail-on", "overdue", "--as-of", "2024-03-01")
    assert r.exit_code == 0, r.output
    assert r.output == "1 file(s), no problems found, nothing overdue on 2024-03-01\n"


def test_overdue_is_not_a_failure_unless_asked(cli, write_round):
    path = write_round(MINIMAL)
    r = cli("validate", path, "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    assert "overdue" not in r.output


def test_completed_issues_are_never_overdue(cli, write_round):
    path = write_round(MINIMAL.replace("status: in_progress\n        deadline: 2024-03-01",
                                       "status: completed\n        completed_on: 2024-05-01\n"
                                       "        deadline: 2024-03-01"))
    r = cli("validate", path, "--fail-on", "overdue", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output


def test_strict_fails_on_warnings(cli, write_round):
    path = write_round(WARNED)
    r = cli("validate", path)
    assert r.exit_code == 0, r.output
    r = cli("validate", path, "--strict")
    assert r.exit_code == 1, r.output
    assert r.output.endswith("1 file(s): 0 error(s), 1 warning(s) (--strict: warnings fail)\n")


def test_github_format_exact_output(cli, write_round, tmp_path):
    path = write_round(WARNED.replace("  unit: 测试单位\n", ""), "data/r.yaml")
    r = cli("validate", path, "--format", "github", "--fail-on", "overdue", "--as-of", "2024-06-30",
            env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert r.exit_code == 1, r.output
    assert r.output == (
        "::error file=data/r.yaml,line=3,col=3,title=rectrack missing-key::"
        "round 'r1' is missing required key 'unit' [missing-key]\n"
        "1 file(s): 1 error(s), 0 warning(s), 0 overdue on 2024-06-30\n"
    )
    path = write_round(WARNED, "data/r.yaml")
    r = cli("validate", path, "--format", "github", "--fail-on", "overdue", "--as-of", "2024-06-30",
            env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert r.exit_code == 1, r.output
    assert r.output == (
        "::warning file=data/r.yaml,line=14,col=23,title=rectrack completed-on-unexpected::"
        "issue 'A1-1' has a completed_on date but its status is in_progress [completed-on-unexpected]\n"
        "::error file=data/r.yaml,line=18,col=19,title=rectrack overdue::"
        "issue 'A1-2' is 121 day(s) past its deadline 2024-03-01 on 2024-06-30 and is in_progress [overdue]\n"
        "1 file(s): 0 error(s), 1 warning(s), 1 overdue on 2024-06-30\n"
    )


def test_github_format_escapes_properties_and_newlines(cli, write_round, tmp_path):
    path = write_round(MINIMAL.replace("status: in_progress", 'status: "a,b:c\\n100%"'), "d,1/r:x.yaml")
    r = cli("validate", path, "--format", "github", env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert r.exit_code == 1, r.output
    first = r.output.splitlines()[0]
    assert first.startswith("::error file=d%2C1/r%3Ax.yaml,line=17,col=17,title=rectrack unknown-status::")
    assert "unknown status 'a,b:c 100%25'" in first


def test_format_auto_is_github_under_github_actions(cli, write_round):
    path = write_round(MINIMAL.replace("status: in_progress", "status: doing"))
    r = cli("validate", path, env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 1, r.output
    assert r.output.startswith("::error file=")
    r = cli("validate", path, env={"GITHUB_ACTIONS": None})
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"{path}:17:17: error: unknown status 'doing'")


def test_explicit_format_wins_under_github_actions(cli, write_round):
    path = write_round(MINIMAL.replace("status: in_progress", "status: doing"))
    r = cli("validate", path, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"{path}:17:17: error: ")


def test_quiet_leaves_only_the_problems(cli, write_round):
    path = write_round(MINIMAL)
    r = cli("validate", path, "-q")
    assert (r.exit_code, r.output) == (0, "")


def test_verbose_lists_each_file(cli, write_round, tmp_path):
    write_round(MINIMAL, "a.yaml")
    write_round(MINIMAL.replace("id: r1", "id: r2").replace("status: in_progress", "status: doing"), "b.yaml")
    r = cli("validate", tmp_path, "-v")
    assert r.exit_code == 1, r.output
    lines = r.output.replace("\\", "/").splitlines()
    assert lines[1:] == [
        f"{tmp_path.as_posix()}/a.yaml: ok (round r1, 2 issues)",
        f"{tmp_path.as_posix()}/b.yaml: 1 error(s), 0 warning(s)",
        "2 file(s): 1 error(s), 0 warning(s)",
    ]


def test_quiet_and_verbose_together_is_a_usage_error(cli):
    r = cli("validate", "-q", "-v")
    assert r.exit_code == 2, r.output
    assert "use --quiet or --verbose, not both" in r.output


def test_status_quiet_prints_the_notice_sentence(cli):
    r = cli("status", "-q", "--lang", "zh", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    assert r.output == "hd-2023-r6-zgc: 巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项。\n"


def test_status_verbose_lists_every_overdue_issue(cli, write_round, tmp_path):
    issues = "".join(f"      - id: A1-{n}\n        title: 问题{n}\n        status: in_progress\n"
                     f"        deadline: 2024-03-{n:02d}\n" for n in range(1, 4))
    path = write_round(MINIMAL.split("    issues:\n")[0] + "    issues:\n" + issues)
    r = cli("status", path, "--as-of", "2024-06-30", "--limit", "1")
    assert r.exit_code == 0, r.output
    assert "2 more overdue issues not shown" in r.output
    r = cli("status", path, "--as-of", "2024-06-30", "--limit", "1", "-v")
    assert r.exit_code == 0, r.output
    assert "not shown" not in r.output
    assert all(f"A1-{n}" in r.output for n in range(1, 4))
