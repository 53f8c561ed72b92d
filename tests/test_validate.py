"""Each validation rule, on a small bad file, with its line, column, code and message."""

from __future__ import annotations

import pytest

from conftest import MINIMAL, assert_problems, problems_of

from rectrack.loader import load_text


def test_minimal_round_is_valid():
    model, problems = load_text(MINIMAL)
    assert problems == []
    assert model.round.id == "r1"
    assert [i.id for _, i in model.issues()] == ["A1-1", "A1-2"]


def test_shipped_round_is_valid(tmp_path):
    from conftest import SHIPPED
    from rectrack.loader import load_file

    model, problems = load_file(SHIPPED)
    assert [str(p) for p in problems] == []
    assert len(model.aspects) == 10
    assert sum(1 for _ in model.issues()) == 31


def test_syntax_error_is_located():
    problems = assert_problems(
        """
        version: 1
        round:
          id: r1
          title: [unclosed
        """,
        [(5, 1, "syntax")],
    )
    assert "YAML syntax error" in problems[0].message


def test_tab_indentation():
    problems = assert_problems("version: 1\nround:\n\tid: r1\n", [(3, 1, "tab")])
    assert "spaces" in problems[0].message


def test_duplicate_keys_are_all_reported():
    text = MINIMAL.replace("  title: 测试轮次\n", "  title: 测试轮次\n  title: again\n").replace(
        "        title: 问题二\n", "        title: 问题二\n        title: twice\n"
    )
    problems = assert_problems(text, [(5, 3, "duplicate-key"), (18, 9, "duplicate-key")])
    assert "duplicate key 'title' (first on line 4)" in problems[0].message


def test_merge_conflict_markers():
    text = MINIMAL.replace(
        "        status: in_progress\n",
        "<<<<<<< HEAD\n        status: in_progress\n=======\n        status: completed\n>>>>>>> other\n",
    )
    problems = assert_problems(text, [(17, 1, "merge-conflict"), (19, 1, "merge-conflict"),
                                      (21, 1, "merge-conflict")])
    assert "unresolved git merge conflict" in problems[0].message


def test_merge_marker_inside_a_block_scalar_is_caught():
    text = MINIMAL + "        measures:\n          - |\n            text\n=======\n            more\n"
    assert [(p.line, p.code) for p in problems_of(text)] == [(22, "merge-conflict")]


def test_unknown_key_suggests_the_field():
    problems = assert_problems(
        MINIMAL.replace("        deadline: 2024-03-01\n", "        dedline: 2024-03-01\n"),
        [(18, 9, "unknown-key")],
    )
    assert problems[0].message == "unknown key 'dedline'; did you mean 'deadline'?"


def test_chinese_key_suggests_the_field():
    problems = assert_problems(
        MINIMAL.replace("        deadline: 2024-03-01\n", "        整改时限: 2024-03-01\n"),
        [(18, 9, "unknown-key")],
    )
    assert problems[0].message.endswith("did you mean 'deadline'?")


def test_missing_required_key_names_the_issue():
    problems = assert_problems(MINIMAL.replace("        status: in_progress\n", ""), [(15, 9, "missing-key")])
    assert problems[0].message == "issue 'A1-2' is missing required key 'status'"


def test_missing_round_keys():
    text = MINIMAL.replace("  unit: 测试单位\n", "").replace("  feedback: 2024-01-10\n", "")
    problems = assert_problems(text, [(3, 3, "missing-key"), (3, 3, "missing-key")])
    assert {p.message for p in problems} == {
        "round 'r1' is missing required key 'unit'",
        "round 'r1' is missing required key 'feedback'",
    }


def test_wrong_type_list():
    problems = assert_problems(MINIMAL.replace("aspects:\n  - id: A1", "aspects: {}\nx:\n  - id: A1"),
                               [(7, 10, "wrong-type"), (8, 1, "unknown-key")])
    assert "should be a list" in problems[0].message


def test_number_where_text_is_expected():
    problems = assert_problems(MINIMAL.replace("title: 问题一", "title: 2024"), [(12, 16, "wrong-type")])
    assert "expected text, got a number" in problems[0].message


@pytest.mark.parametrize(
    "value, message",
    [
        ("2024-13-45", "2024-13-45 is not a real date"),
        ("2024-02-30", "2024-02-30 is not a real date"),
        ("next week", "expected a date like 2024-06-30, got next week"),
        ("20240301", "expected a date like 2024-06-30, got 20240301"),
        ("2024-03-01 10:00:00", "expected a date like 2024-06-30"),
    ],
)
def test_invalid_dates(value, message):
    problems = assert_problems(MINIMAL.replace("deadline: 2024-03-01", f"deadline: {value}"),
                               [(18, 19, "invalid-date")])
    assert message in problems[0].message


def test_quoted_iso_date_is_accepted():
    model, problems = load_text(MINIMAL.replace("deadline: 2024-03-01", 'deadline: "2024-03-01"'))
    assert problems == [] and str(model.aspects[0].issues[1].deadline) == "2024-03-01"


def test_unknown_status_lists_the_choices():
    problems = assert_problems(MINIMAL.replace("status: in_progress", "status: doing"),
                               [(17, 17, "unknown-status")])
    assert "unknown status 'doing'" in problems[0].message
    assert "in_progress" in problems[0].message and "正在推进" in problems[0].message


@pytest.mark.parametrize(
    "word, canonical",
    [("未启动", "not_started"), ("正在推进", "in_progress"), ("基本完成", "substantially_completed"),
     ("已完成", "completed"), ("In Progress", "in_progress"), ("substantially-completed", "substantially_completed")],
)
def test_status_aliases(word, canonical):
    text = MINIMAL.replace("status: in_progress", f"status: {word}")
    if canonical == "completed":
        text = text.replace("deadline: 2024-03-01", "completed_on: 2024-03-01")
    model, problems = load_text(text)
    assert problems == []
    assert model.aspects[0].issues[1].status.value == canonical


def test_duplicate_ids_within_a_round():
    text = MINIMAL.replace("      - id: A1-2", "      - id: A1-1") + (
        "  - id: A1\n    title: again\n    issues:\n      - id: X\n        title: x\n        status: 未启动\n"
    )
    problems = assert_problems(text, [(15, 13, "duplicate-id"), (19, 9, "duplicate-id")])
    assert problems[0].message == "issue id 'A1-1' is used twice in this round"
    assert problems[1].message == "aspect id 'A1' is used twice in this round"


def test_duplicate_round_ids_across_files(write_round, tmp_path):
    from rectrack.loader import load_paths

    write_round(MINIMAL, "a.yaml")
    write_round(MINIMAL, "b.yaml")
    ledger = load_paths([tmp_path])
    assert [(p.path.endswith("b.yaml"), p.line, p.column, p.code) for p in ledger.problems] == [
        (True, 3, 7, "duplicate-round")
    ]
    assert "round id 'r1' is already used by" in ledger.problems[0].message
    assert len(ledger.rounds) == 1


def test_completed_without_completed_on():
    problems = assert_problems(MINIMAL.replace("        completed_on: 2024-02-01\n", ""),
                               [(13, 17, "completed-on-missing")])
    assert problems[0].message == ("issue 'A1-1' is completed but has no completed_on date "
                                   "(or completed_by, when only a day it was done by is known)")


def test_completed_by_dates_a_completion_no_later_than_a_day():
    assert_problems(MINIMAL.replace("completed_on: 2024-02-01", "completed_by: 2024-02-01"), [])
    assert_problems(MINIMAL.replace("completed_on: 2024-02-01",
                                    "completed_on: 2024-02-01\n        completed_by: 2024-02-05"),
                    [(15, 23, "completed-by-and-on")])
    assert_problems(MINIMAL.replace("completed_on: 2024-02-01", "completed_by: 2024-01-01"),
                    [(14, 23, "date-before-feedback")])


def test_completed_on_without_completed_is_a_warning():
    problems = assert_problems(MINIMAL.replace("status: completed", "status: in_progress"),
                               [(14, 23, "completed-on-unexpected")])
    assert not problems[0].is_error


def test_history_out_of_order():
    text = MINIMAL + (
        "        history:\n"
        "          - {date: 2024-02-01, status: in_progress, note: 启动}\n"
        "          - {date: 2024-01-20, note: 倒序}\n"
    )
    problems = assert_problems(text, [(21, 20, "history-order")])
    assert "comes after one dated 2024-02-01" in problems[0].message


def test_last_history_status_disagreeing_is_a_warning():
    text = MINIMAL + "        history:\n          - {date: 2024-02-01, status: not_started}\n"
    problems = assert_problems(text, [(17, 17, "history-status")])
    assert problems[0].message == "issue 'A1-2' is in_progress but its last history entry says not_started"


def test_declared_figures_show_both_numbers():
    text = MINIMAL.replace(
        "  feedback: 2024-01-10\n",
        "  feedback: 2024-01-10\n  declared:\n    issues: 2\n    completed: 2\n    in_progress: 0\n",
    )
    problems = assert_problems(text, [(9, 16, "declared-mismatch"), (10, 18, "declared-mismatch")])
    assert [p.message for p in problems] == [
        "declared completed is 2, but the ledger has 1",
        "declared in_progress is 0, but the ledger has 1",
    ]


def test_unsupported_version_is_the_only_problem():
    problems = assert_problems("version: 2\nround: {}\nsomething: else\n", [(1, 10, "unsupported-version")])
    assert problems[0].message == "unsupported version 2; this rectrack reads version 1 files"


def test_missing_version():
    assert_problems(MINIMAL.replace("version: 1\n", ""), [(1, 1, "missing-key")])


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty-file"),
        ("# only a comment\n", "empty-file"),
        ("- a\n- b\n", "top-level"),
        ("just text\n", "top-level"),
    ],
)
def test_empty_and_non_mapping_files(text, code):
    assert [(p.line, p.column, p.code) for p in problems_of(text)] == [(1, 1, code)]


def test_empty_lists_are_refused():
    problems = assert_problems(MINIMAL.split("aspects:")[0] + "aspects: []\n", [(7, 10, "empty-list")])
    assert problems[0].message == "a round needs at least one aspect"


def test_bad_id_characters():
    problems = assert_problems(MINIMAL.replace("id: A1-2", "id: A1 2"), [(15, 13, "invalid-id")])
    assert "may only contain letters, digits" in problems[0].message


@pytest.mark.parametrize(
    "text, code",
    [
        ("a: &x [1, 2]\nb: *x\n", "anchor"),
        ("a: !!python/object:os.system ls\n", "tag"),
        ("a: !custom 1\n", "tag"),
    ],
)
def test_hostile_constructs_are_refused_before_composing(text, code):
    assert code in [p.code for p in problems_of(text)]


def test_exponential_aliases_are_refused_quickly():
    lines = ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i-1}, *a{i-1}]" for i in range(1, 30)]
    problems = problems_of("\n".join(lines) + "\n")
    assert {p.code for p in problems} == {"anchor", "alias"}


def test_deep_nesting_is_refused_without_recursion_error():
    problems = problems_of("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [p.code for p in problems] == ["too-deep"]


def test_invalid_utf8_is_located(write_round):
    from rectrack.loader import load_file

    path = write_round("", raw=True)
    path.write_bytes("version: 1\nround:\n  title: 测试\n".encode("gbk"))
    _, problems = load_file(path)
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 10, "encoding")]
    assert "GBK" in problems[0].message


def test_bom_and_crlf_are_legal(write_round):
    from rectrack.loader import load_file

    path = write_round("", raw=True)
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    model, problems = load_file(path)
    assert problems == [] and model.round.id == "r1"


def test_problems_are_sorted_by_place():
    text = MINIMAL.replace("status: in_progress", "status: doing").replace("title: 测试轮次", "titel: x")
    lines = [(p.line, p.column) for p in problems_of(text)]
    assert lines == sorted(lines) and len(lines) == 3


def test_comment_ruamel_cannot_place_does_not_crash_and_problems_stay_located():
    # ruamel's round-trip reader raises NotImplementedError on this legal YAML.
    text = MINIMAL.replace("  title: 测试轮次\n", "  title: # 注释\n    测试轮次\n\n").replace(
        "status: in_progress", "status: doing")
    problems = assert_problems(text, [(19, 17, "unknown-status")])
    assert "unknown status 'doing'" in problems[0].message


def test_comment_placement_in_a_valid_file_is_accepted():
    model, problems = load_text(MINIMAL.replace("  title: 测试轮次\n", "  title: # 注释\n    测试轮次\n\n"))
    assert problems == [] and model.round.title == "测试轮次"
