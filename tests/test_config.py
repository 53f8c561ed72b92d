"""rectrack.toml / [tool.rectrack]: where it is found, what it may say, and what overrides it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MINIMAL

from rectrack.config import Config, find_config, load_config, read_config
from rectrack.model import Status
from rectrack.problems import RectrackError
from rectrack.queries import OverdueRule, is_overdue, summarize


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty repository (a folder with .git) as the current folder, with no rectrack variables set."""
    (tmp_path / ".git").mkdir()
    for name in ("RECTRACK_CONFIG", "RECTRACK_DATA", "RECTRACK_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_from_a_subfolder_and_paths_are_relative_to_it(project):
    write(project / "rectrack.toml", 'data = "ledgers"\nlang = "en"\n')
    sub = project / "docs" / "notes"
    sub.mkdir(parents=True)
    config = load_config(sub)
    assert config.path == project / "rectrack.toml"
    assert config.data == project / "ledgers"
    assert config.lang == "en"


def test_search_stops_at_the_repository_root(project):
    write(project.parent / "rectrack.toml", 'lang = "en"\n')
    assert find_config(project) is None
    assert load_config(project) == Config()


def test_pyproject_without_a_rectrack_table_is_passed_over(project):
    write(project / "rectrack.toml", 'lang = "zh"\n')
    write(project / "app" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(project / "app") == project / "rectrack.toml"


def test_pyproject_tool_table(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.rectrack]\ndata = "台账"\n'
          '[tool.rectrack.overdue]\ngrace_days = 3\n')
    config = load_config()
    assert (config.data, config.overdue.grace_days) == (project / "台账", 3)


def test_rectrack_toml_wins_over_pyproject_in_one_folder(project):
    write(project / "pyproject.toml", '[tool.rectrack]\nlang = "en"\n')
    write(project / "rectrack.toml", 'lang = "zh"\n')
    assert load_config().lang == "zh"


def test_environment_names_a_file(project, monkeypatch):
    elsewhere = write(project / "ci" / "strict.toml", "[overdue]\ngrace_days = 0\nstatuses = ['未启动']\n")
    monkeypatch.setenv("RECTRACK_CONFIG", str(elsewhere))
    assert load_config().overdue.statuses == ("not_started",)
    monkeypatch.setenv("RECTRACK_CONFIG", str(project / "missing.toml"))
    with pytest.raises(RectrackError, match="no such config file"):
        load_config()


@pytest.mark.parametrize("text,message", [
    ('lang = "fr"\n', "'lang' must be one of zh, en, not 'fr'"),
    ('daat = "x"\n', "unknown key 'daat'; did you mean 'data'?"),
    ("[overdue]\ngrace = 3\n", "unknown key 'overdue.grace'; did you mean 'grace_days'?"),
    ("[overdue]\ngrace_days = -1\n", "'overdue.grace_days' must be a whole number of 0 or more, not -1"),
    ("[overdue]\ngrace_days = true\n", "'overdue.grace_days' must be a whole number of 0 or more, not True"),
    ("[overdue]\nstatuses = ['done']\n", "unknown status 'done'"),
    ("[overdue]\nstatuses = ['已完成']\n", "cannot include completed"),
    ("data = 3\n", "'data' must be a path in quotes"),
    ('lang = "zh\n', "not valid TOML: "),
])
def test_mistakes_are_refused_with_the_file_and_key(project, text, message):
    path = write(project / "rectrack.toml", text)
    with pytest.raises(RectrackError) as caught:
        read_config(path)
    assert str(caught.value).startswith("rectrack.toml: ")  # relative to the current folder
    assert message in str(caught.value)


def test_pyproject_mistakes_name_the_tool_table(project):
    path = write(project / "pyproject.toml", "[tool.rectrack]\nlnag = 'zh'\n")
    with pytest.raises(RectrackError, match=r"unknown key 'tool.rectrack.lnag'; did you mean 'lang'\?"):
        read_config(path)


def test_statuses_accept_chinese_aliases_and_keep_order(project):
    path = write(project / "rectrack.toml", "[overdue]\nstatuses = ['正在整改', 'not started', '整改中']\n")
    assert read_config(path).overdue.statuses == ("in_progress", "not_started")


# -- the overdue rule ---------------------------------------------------------------------

def _issue(status: str, deadline: str):
    from rectrack.loader import load_text

    text = MINIMAL.replace("status: in_progress", f"status: {status}").replace("2024-03-01", deadline)
    model, problems = load_text(text)
    assert model is not None, problems
    return model, model.aspects[0].issues[1]


def test_grace_days_delay_overdue():
    _, issue = _issue("in_progress", "2024-03-01")
    rule = OverdueRule(grace_days=7)
    assert not is_overdue(issue, dt.date(2024, 3, 8), rule)
    assert is_overdue(issue, dt.date(2024, 3, 9), rule)
    assert is_overdue(issue, dt.date(2024, 3, 2))  # default: the day after the deadline


def test_statuses_choose_what_can_be_overdue(project):
    model, issue = _issue("substantially_completed", "2024-03-01")
    path = write(project / "rectrack.toml", "[overdue]\nstatuses = ['not_started', 'in_progress']\n")
    rule = read_config(path).overdue.rule()
    assert rule.statuses == frozenset({Status.NOT_STARTED, Status.IN_PROGRESS})
    day = dt.date(2024, 6, 30)
    assert is_overdue(issue, day) and not is_overdue(issue, day, rule)
    assert summarize([("r.yaml", model)], day).totals.overdue == 1
    assert summarize([("r.yaml", model)], day, rule).totals.overdue == 0


# -- precedence through the command line ---------------------------------------------------

@pytest.fixture
def ledgers(project):
    """A project whose rectrack.toml points at ledgers/ (one overdue issue) and sets Chinese labels."""
    write(project / "rectrack.toml", 'data = "ledgers"\nlang = "zh"\n\n[overdue]\ngrace_days = 10\n')
    write(project / "ledgers" / "r1.yaml", MINIMAL)
    write(project / "other" / "r2.yaml", MINIMAL.replace("id: r1", "id: r2"))
    return project


def run(*args, **env):
    from typer.testing import CliRunner

    from rectrack.cli import app

    base = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": None,
            "RECTRACK_DATA": None, "RECTRACK_LANG": None, "RECTRACK_CONFIG": None}
    base.update(env)
    return CliRunner().invoke(app, list(args), env=base, catch_exceptions=False)


def test_config_file_sets_data_and_language(ledgers):
    r = run("status", "-q", "--as-of", "2024-06-30")
    assert r.exit_code == 0, r.output
    assert r.output == "r1: 巡察反馈的1个方面2项具体问题，已完成整改1项，正在整改1项。其中逾期1项。\n"


def test_environment_overrides_config_file(ledgers):
    r = run("status", "-q", "--as-of", "2024-06-30", RECTRACK_LANG="en", RECTRACK_DATA="other")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("r2: Of the 2 specific issues in 1 aspect")


def test_command_line_overrides_environment(ledgers):
    r = run("status", "-q", "--as-of", "2024-06-30", "--lang", "zh", "--data", "ledgers",
            RECTRACK_LANG="en", RECTRACK_DATA="other")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("r1: 巡察反馈的")


def test_defaults_without_a_config_file(project):
    write(project / "data" / "r.yaml", MINIMAL)
    r = run("status", "-q", "--as-of", "2024-06-30", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("r1: Of the 2 specific issues")


def test_grace_days_from_the_config_file_apply_to_validate(ledgers):
    # Deadline 2024-03-01 with 10 grace days: not overdue on 03-11, overdue on 03-12.
    r = run("validate", "--fail-on", "overdue", "--as-of", "2024-03-11")
    assert r.exit_code == 0, r.output
    r = run("validate", "--fail-on", "overdue", "--as-of", "2024-03-12")
    assert r.exit_code == 1, r.output
    # The config file says lang = "zh": validate speaks it, the place and the code stay.
    assert "ledgers/r1.yaml:18:19: error: 截至 2024-03-12，问题“A1-2”已超过整改时限 2024-03-01 11 天" \
        in r.output.replace("\\", "/")
    r = run("validate", "--fail-on", "overdue", "--as-of", "2024-03-12", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert "ledgers/r1.yaml:18:19: error: issue 'A1-2' is 11 day(s) past its deadline" in r.output.replace("\\", "/")


def test_a_broken_config_file_stops_with_one_line(ledgers):
    write(ledgers / "rectrack.toml", 'lang = "fr"\n')
    r = run("status")
    assert r.exit_code == 1, r.output
    assert r.output.strip().endswith("rectrack.toml: 'lang' must be one of zh, en, not 'fr'")
    assert r.output.startswith("rectrack: error: ")


def test_a_language_rectrack_does_not_speak_is_named_and_ignored(cli):
    r = cli("status", "-q", "--as-of", "2024-06-30", env={"RECTRACK_LANG": "fr", "LANG": "C"})
    assert r.exit_code == 0 and r.stdout.startswith("hd-2023-r6-zgc: Of the 31 specific issues")
    assert r.stderr == "rectrack: warning: RECTRACK_LANG=fr is not a language rectrack speaks (zh, en); ignored\n"
    r = cli("status", "-q", "--as-of", "2024-06-30", env={"RECTRACK_LANG": "zh_CN.UTF-8"})
    assert r.stdout.startswith("hd-2023-r6-zgc: 巡察反馈的") and r.stderr == ""
    r = cli("status", "-q", "--as-of", "2024-06-30", "--lang", "en", env={"RECTRACK_LANG": "fr"})
    assert r.stderr == ""  # the option decides; the variable is not read


def test_the_language_warning_comes_once_and_documents_keep_the_data_language(cli, tmp_path):
    env = {"RECTRACK_LANG": "fr", "LANG": "C"}
    r = cli("export", "-f", "csv", "-o", str(tmp_path / "out.csv"), env=env)
    assert r.exit_code == 0 and r.stderr.count("RECTRACK_LANG=fr") == 1, r.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").startswith("序号,轮次")  # the ledger's own language
    r = cli("export", "-f", "csv", "--lang", "en", "-o", str(tmp_path / "en.csv"), env=env)
    assert "RECTRACK_LANG" not in r.stderr
    r = cli("report", "--as-of", "2024-06-30", env=env)
    assert r.exit_code == 0 and "关于巡察整改进展情况的通报" in r.stdout and r.stderr.count("RECTRACK_LANG=fr") == 1
