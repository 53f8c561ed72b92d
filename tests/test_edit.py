"""Editing round files: untouched bytes never change, edits stay inside the issue, refusals write nothing."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, dedent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.edit import (
    EditRefused,
    IssueChange,
    NewIssue,
    NewRound,
    Planned,
    add_issue,
    edit_file,
    init_round,
    next_id,
    update_issue,
)
from rectrack.loader import load_file
from rectrack.lookup import find_issue
from rectrack.yamledit import outline
from rectrack.model import Status
from rectrack.problems import RectrackError
from rectrack.yamledit import TextDoc
from rectrack.read import Source
from rectrack.atomic import WriteError

CORPUS = ROOT / "tests" / "examples" / "roundtrip"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.yaml"))
BOM = b"\xef\xbb\xbf"
VARIANTS = {
    "lf": lambda data: data,
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: BOM + data,
    "bom-crlf": lambda data: BOM + data.replace(b"\n", b"\r\n"),
}
DAY = dt.date(2024, 5, 6)


def copy_variant(tmp_path: Path, name: str, variant: str = "lf") -> Path:
    path = tmp_path / name
    path.write_bytes(VARIANTS[variant]((CORPUS / name).read_bytes()))
    return path


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def issue_spans(text: str) -> dict[str, tuple[int, int]]:
    """1-based (first, last) line of every issue: from its dash line to its last content line."""
    doc = TextDoc(Source(Path("x.yaml"), "x.yaml", text))
    spans = {}
    for aspect in outline(doc).aspects:
        for issue_id, node in aspect.issues:
            spans[issue_id] = doc.span(node)
    return spans


def assert_only_within(before: str, after: str, spans: list[tuple[int, int]]) -> None:
    """Every line removed or replaced lies in a span; every insertion follows a line of a span."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    inside = {line for first, last in spans for line in range(first, last + 1)}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(i1 + 1, i2 + 1)) if i2 > i1 else {i1}
        assert touched <= inside, (tag, i1, i2, new[j1:j2], spans)


def current_status(path: Path, issue_id: str) -> Status:
    model, problems = load_file(path)
    assert model is not None, problems
    return next(i.status for _, i in model.issues() if i.id == issue_id)


# -- untouched means byte-identical --------------------------------------------------------------

@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_a_file_loaded_and_saved_without_changes_is_byte_identical(tmp_path, name, variant):
    path = copy_variant(tmp_path, name, variant)
    before, stat = path.read_bytes(), path.stat()
    result = edit_file(path, lambda doc, shape: Planned("none"))
    assert (result.written, result.changed) == (False, False)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    issue_id = outline(TextDoc(Source(path, name, text_of(path)))).issue_ids()[0]
    same = IssueChange(status=current_status(path, issue_id))
    assert update_issue(path, issue_id, same, today=DAY).written is False
    assert path.read_bytes() == before


# -- an edit changes the lines of its issue, nothing else -----------------------------------------

@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_an_update_changes_only_the_lines_of_its_issue(tmp_path, name, variant):
    original = copy_variant(tmp_path, name, variant).read_bytes()
    for issue_id, span in issue_spans(original.decode("utf-8-sig")).items():
        path = tmp_path / name
        path.write_bytes(original)
        new = Status.IN_PROGRESS if current_status(path, issue_id) is not Status.IN_PROGRESS else Status.COMPLETED
        change = IssueChange(status=new, note="说明: 已推进\n第二行", by="李四", owner="新部门",
                             evidence=("验收单.pdf",))
        result = update_issue(path, issue_id, change, today=DAY)
        assert result.written, result
        data = path.read_bytes()
        assert data.startswith(BOM) is variant.startswith("bom")
        after = data.decode("utf-8-sig")
        if "crlf" in variant:
            assert after.count("\n") == after.count("\r\n")
        else:
            assert "\r" not in after
        assert_only_within(original.decode("utf-8-sig"), after, [span])
        assert current_status(path, issue_id) is new
        model, _ = load_file(path)
        issue = next(i for _, i in model.issues() if i.id == issue_id)
        assert (issue.owner, issue.evidence[-1], issue.history[-1].note) == ("新部门", "验收单.pdf", "说明: 已推进\n第二行")
        if name.startswith("chinese"):
            assert f"status: {'正在推进' if new is Status.IN_PROGRESS else '已完成'}" in after


SMALL = dedent("""\
    # property-test round: comments and blank lines between issues
    version: 1
    round:
      id: p1
      title: 性质测试
      unit: 测试单位
      feedback: 2024-01-10
    aspects:
      - id: A1
        title: 第一方面
        issues:
          - id: A1-1
            title: 问题一
            status: in_progress  # going
            owner: 办公室
            history:
              - date: 2024-02-01
                status: in_progress
                note: 已部署

          - id: A1-2
            title: 问题二
            status: completed
            completed_on: 2024-03-01
            evidence: [a.pdf]

          - id: A1-3
            title: 问题三
            status: not_started
      - id: A2
        title: 第二方面
        issues:
          - {id: A2-1, title: 问题四, status: not_started}
          - id: A2-2
            title: 问题五
            summary: |
              多行
              思路
            status: substantially_completed
    """)
SMALL_IDS = ["A1-1", "A1-2", "A1-3", "A2-1", "A2-2"]
NOTE = st.text(st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.just("\n")), max_size=12)
STEP = st.tuples(st.sampled_from(SMALL_IDS), st.none() | st.sampled_from(list(Status)),
                 st.none() | NOTE, st.none() | st.sampled_from(["", "二处", "a: b", "yes"]),
                 st.lists(st.sampled_from(["b.pdf", "https://x.cn/1"]), max_size=2))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=4))
def test_random_updates_touch_only_the_issues_they_name(steps):
    spans = issue_spans(SMALL)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_text(SMALL, encoding="utf-8", newline="")
        named = set()
        for number, (issue_id, status, note, owner, evidence) in enumerate(steps):
            change = IssueChange(status=status, note=note, owner=owner, evidence=tuple(evidence),
                                 date=DAY + dt.timedelta(days=number))
            if change.is_empty():
                continue
            before = path.read_bytes()
            try:
                update_issue(path, issue_id, change, today=DAY)
            except EditRefused:
                assert path.read_bytes() == before
                continue
            named.add(issue_id)
        after = path.read_text(encoding="utf-8")
        assert_only_within(SMALL, after, [spans[i] for i in named])
        model, problems = load_file(path)
        assert model is not None, problems


# -- what update and add write ----------------------------------------------------------------------

def small(tmp_path, text: str = SMALL) -> Path:
    path = tmp_path / "data" / "p.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def issue(path: Path, issue_id: str):
    model, problems = load_file(path)
    assert model is not None, problems
    return next(i for _, i in model.issues() if i.id == issue_id)


def test_completing_sets_completed_on_and_reopening_removes_it(tmp_path):
    path = small(tmp_path)
    update_issue(path, "A1-1", IssueChange(status=Status.COMPLETED, date=dt.date(2024, 4, 1)), today=DAY)
    done = issue(path, "A1-1")
    assert (done.status, done.completed_on) == (Status.COMPLETED, dt.date(2024, 4, 1))
    assert done.history[-1].model_dump(by_alias=True, exclude_none=True) == {
        "date": dt.date(2024, 4, 1), "status": Status.COMPLETED, "from": Status.IN_PROGRESS}
    result = update_issue(path, "A1-2", IssueChange(status=Status.IN_PROGRESS, note="回头看发现反弹"), today=DAY)
    assert result.changes[:2] == ("status completed → in_progress", "completed_on removed")
    assert result.changes[-1] == "history + 1 entry"
    reopened = issue(path, "A1-2")
    assert (reopened.completed_on, reopened.history[-1].date, reopened.history[-1].note) == (None, DAY, "回头看发现反弹")
    # The completion that was undone stays in the history, so the past can be rebuilt.
    assert [(h.date, h.status) for h in reopened.history] == [
        (dt.date(2024, 3, 1), Status.COMPLETED), (DAY, Status.IN_PROGRESS)]
    assert "completed_on: 2024-03-01" not in path.read_text(encoding="utf-8")


def test_a_note_alone_records_the_current_status(tmp_path):
    path = small(tmp_path)
    result = update_issue(path, "A2-2", IssueChange(note="第7家驿站开工", by="张三"), today=DAY)
    assert result.changes == ("history + 1 entry",)
    entry = issue(path, "A2-2").history[-1]
    assert (entry.date, entry.status, entry.note, entry.by) == (DAY, Status.SUBSTANTIALLY_COMPLETED, "第7家驿站开工", "张三")


def test_an_empty_owner_removes_it_and_known_evidence_is_not_repeated(tmp_path):
    path = small(tmp_path)
    result = update_issue(path, "A1-1", IssueChange(owner=""), today=DAY)
    assert result.changes == ("owner removed", "history + 1 entry")
    assert issue(path, "A1-1").owner is None
    result = update_issue(path, "A1-2", IssueChange(evidence=("a.pdf", "c.pdf", "c.pdf")), today=DAY)
    assert issue(path, "A1-2").evidence == ["a.pdf", "c.pdf"]
    assert "evidence: [a.pdf, c.pdf]" in result.after


def test_a_file_with_chinese_statuses_gets_chinese_statuses(tmp_path):
    path = copy_variant(tmp_path, "chinese-indentless.yaml")
    result = update_issue(path, "A2-1", IssueChange(status=Status.SUBSTANTIALLY_COMPLETED), today=DAY)
    assert "        status: 基本完成\n" in result.after
    assert "            from: 未启动\n" in result.after
    add_issue(path, NewIssue(title="新问题", aspect_id="A2"))
    assert "    -   id: A2-2\n        title: 新问题\n        status: 未启动\n" in text_of(path)


def test_a_new_issue_takes_the_next_id_after_the_last_issue(tmp_path):
    path = small(tmp_path)
    result = add_issue(path, NewIssue(title="问题六", aspect_id="A1", owner="二处", deadline=dt.date(2024, 9, 30),
                                      measures=("建立台账", "定期检查")))
    assert result.target == "A1-4"
    new = ("\n      - id: A1-4\n        title: 问题六\n        status: not_started\n        measures:\n"
           "          - 建立台账\n          - 定期检查\n        owner: 二处\n        deadline: 2024-09-30\n")
    assert result.after == SMALL.replace("status: not_started\n  - id: A2", "status: not_started\n" + new + "  - id: A2")
    assert issue(path, "A1-4").deadline == dt.date(2024, 9, 30)


def test_a_new_aspect_is_created_with_its_first_issue(tmp_path):
    path = small(tmp_path)
    result = add_issue(path, NewIssue(title="问题七", new_aspect="第三方面", category="党的建设"))
    assert result.target == "A3-1"
    assert result.after.endswith("  - id: A3\n    title: 第三方面\n    category: 党的建设\n    issues:\n"
                                 "      - id: A3-1\n        title: 问题七\n        status: not_started\n")
    with pytest.raises(RectrackError, match="aspect 'A3' already exists"):
        add_issue(path, NewIssue(title="x", new_aspect="又一个", aspect_id="A3"))
    with pytest.raises(RectrackError, match="already used"):
        add_issue(path, NewIssue(title="x", aspect_id="A1", issue_id="A2-2"))
    with pytest.raises(RectrackError, match=r"no aspect 'A9'.*A1, A2, A3"):
        add_issue(path, NewIssue(title="x", aspect_id="A9"))


def test_a_new_aspect_goes_after_the_last_aspect_of_its_category(tmp_path):
    text = SMALL.replace("  - id: A1\n    title: 第一方面\n", "  - id: A1\n    title: 第一方面\n    category: 甲\n")
    path = small(tmp_path, text)
    result = add_issue(path, NewIssue(title="问题", new_aspect="甲类第二", category="甲"))
    assert result.after.index("id: A3") < result.after.index("id: A2\n")
    model, problems = load_file(path)
    assert [a.id for a in model.aspects] == ["A1", "A3", "A2"] and not problems


@pytest.mark.parametrize("existing,expected", [
    (["A2-1", "A2-2"], "A2-3"), (["1.9"], "1.10"), (["A01", "A02"], "A03"), ([], "A1-1"),
    (["A1-1", "A1-2"], "A1-4"),
])
def test_next_id_follows_the_numbering(existing, expected):
    assert next_id(existing, set(existing) | {"A1-3"}, "A1-1") == expected


# -- refusals write nothing ---------------------------------------------------------------------------

def test_an_update_that_would_make_the_file_invalid_writes_nothing(tmp_path):
    path = small(tmp_path)
    before = path.read_bytes()
    with pytest.raises(EditRefused) as refused:
        # A back-dated status change would make the entries after it untrue.
        update_issue(path, "A1-1", IssueChange(status=Status.COMPLETED, note="早于上次",
                                               date=dt.date(2024, 1, 20)), today=DAY)
    assert "would make" in str(refused.value)
    assert [p.code for p in refused.value.problems] == ["history-order"]
    assert path.read_bytes() == before


def test_a_change_contradicting_a_published_notice_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "issues.yaml"
    shutil.copy(ROOT / "data" / "issues.yaml", path)
    before = path.read_bytes()
    with pytest.raises(EditRefused, match="published notice") as refused:
        add_issue(path, NewIssue(title="新问题", aspect_id="A2"))
    assert {p.code for p in refused.value.problems} <= {"notice-mismatch", "declared-mismatch"}
    assert path.read_bytes() == before


def test_a_file_that_already_has_errors_is_not_edited(tmp_path):
    path = small(tmp_path, SMALL.replace("status: not_started\n  - id: A2", "status: maybe\n  - id: A2"))
    before = path.read_bytes()
    with pytest.raises(EditRefused, match="already has errors") as refused:
        update_issue(path, "A1-1", IssueChange(note="x"), today=DAY)
    assert [p.code for p in refused.value.problems] == ["unknown-status"]
    with pytest.raises(RectrackError, match="unknown status 'maybe'"):
        update_issue(path, "A1-3", IssueChange(note="x"), today=DAY)
    assert path.read_bytes() == before


def test_text_that_cannot_be_written_is_refused_before_reading(tmp_path):
    path = small(tmp_path)
    with pytest.raises(RectrackError, match=r"U\+001B"):
        update_issue(path, "A1-1", IssueChange(note="\x1b[31mred"), today=DAY)
    with pytest.raises(RectrackError, match=r"U\+DCFF"):
        add_issue(path, NewIssue(title="bad \udcff byte", aspect_id="A1"))


# -- atomic, locked, and careful writes -----------------------------------------------------------------

@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_write_failing_midway_leaves_the_original_intact(tmp_path, monkeypatch, failing):
    path = small(tmp_path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(WriteError, match="unchanged"):
        update_issue(path, "A1-1", IssueChange(status=Status.COMPLETED), today=DAY)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.yaml"]


def test_a_plan_that_fails_writes_nothing(tmp_path):
    path = small(tmp_path)
    before = path.read_bytes()

    def plan(doc, shape):
        doc.set_scalar(shape.issue("A1-1")[1], "status", "completed")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        edit_file(path, plan)
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits and symlinks")
def test_file_mode_and_symlinks_are_kept(tmp_path):
    path = small(tmp_path)
    path.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    update_issue(link, "A1-1", IssueChange(note="经由链接"), today=DAY)
    assert link.is_symlink() and path.stat().st_mode & 0o777 == 0o640
    assert issue(path, "A1-1").history[-1].note == "经由链接"


def test_a_parse_made_before_the_lock_is_not_trusted_when_the_file_changed(tmp_path):
    path = small(tmp_path)
    found = find_issue([path.parent], "A1-3")
    path.write_text(SMALL.replace("title: 问题三", "title: 问题三(改)"), encoding="utf-8")
    update_issue(found.path, "A1-3", IssueChange(note="x"), today=DAY, prior=found.doc)
    assert issue(path, "A1-3").title == "问题三(改)" and issue(path, "A1-3").history[-1].note == "x"


def test_an_edit_waits_for_the_lock_and_gives_up_with_a_message(tmp_path):
    from rectrack.lock import locked

    path = small(tmp_path)
    with locked(path):
        with pytest.raises(RectrackError, match="another rectrack command"):
            edit_file(path, lambda doc, shape: Planned("x"), timeout=0.2)


def test_twenty_concurrent_updates_all_land(tmp_path):
    issues = "".join(f"      - id: A1-{n}\n        title: 问题{n}\n        status: in_progress\n"
                     for n in range(1, 21))
    path = small(tmp_path, SMALL.split("aspects:\n")[0] + "aspects:\n  - id: A1\n    title: 方面\n    issues:\n"
                 + issues)
    env = {**os.environ, "RECTRACK_CONFIG": "", "RECTRACK_CACHE": "off", "PYTHONIOENCODING": "utf-8"}
    procs = [subprocess.Popen([sys.executable, "-m", "rectrack", "update", f"A1-{n}", "--note", f"第{n}次",
                               "--date", "2024-05-01", "--yes", "--data", str(path.parent)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
             for n in range(1, 21)]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()
    model, problems = load_file(path)
    assert model is not None, problems
    notes = {i.id: [h.note for h in i.history] for _, i in model.issues()}
    assert notes == {f"A1-{n}": [f"第{n}次"] for n in range(1, 21)}


# -- init ------------------------------------------------------------------------------------------------------

def test_init_writes_a_template_that_becomes_valid_with_the_first_issue(tmp_path):
    path = tmp_path / "data" / "2024-r3.yaml"
    new = NewRound(id="2024-r3", title="区委第三巡察组巡察某街道整改", unit="某街道工委",
                   feedback=dt.date(2024, 3, 1), inspector="区委第三巡察组")
    text = init_round(path, new)
    assert path.read_text(encoding="utf-8") == text
    model, problems = load_file(path)
    assert [p.code for p in problems] == ["empty-list"]
    result = add_issue(path, NewIssue(title="三会一课不规范", new_aspect="党建方面"))
    assert result.target == "A1-1"
    model, problems = load_file(path)
    assert model is not None and not problems, problems
    assert [(a.id, [i.id for i in a.issues]) for a in model.aspects] == [("A1", ["A1-1"])]


def test_init_refuses_to_overwrite_to_reuse_a_round_id_and_bad_values(tmp_path):
    path = small(tmp_path)
    new = NewRound(id="r9", title="t", unit="u", feedback=dt.date(2024, 1, 1))
    with pytest.raises(RectrackError, match="already exists"):
        init_round(path, new)
    with pytest.raises(RectrackError, match="already used by"):
        init_round(tmp_path / "data" / "other.yaml", NewRound(id="p1", title="t", unit="u",
                                                              feedback=dt.date(2024, 1, 1)),
                   others=[path.parent])
    with pytest.raises(RectrackError, match=".yaml or .yml"):
        init_round(tmp_path / "r.txt", new)
    with pytest.raises(EditRefused) as refused:
        init_round(tmp_path / "bad.yaml", NewRound(id="r 9", title="t", unit="u", feedback=dt.date(2024, 1, 1)))
    assert [p.code for p in refused.value.problems] == ["invalid-id"]
    assert not (tmp_path / "bad.yaml").exists()


def test_a_file_changed_by_another_program_during_the_edit_is_not_overwritten(tmp_path, monkeypatch):
    import rectrack.edit as edit

    path = small(tmp_path)
    real_validate = edit.load_source  # edit_file validates the new text with it, before writing

    def validate_while_an_editor_saves(source, limits):
        path.write_text(SMALL.replace("问题三", "问题三(编辑器)"), encoding="utf-8")
        return real_validate(source, limits)

    monkeypatch.setattr(edit, "load_source", validate_while_an_editor_saves)
    with pytest.raises(RectrackError, match="changed by another program"):
        update_issue(path, "A1-1", IssueChange(note="x"), today=DAY)
    assert "问题三(编辑器)" in path.read_text(encoding="utf-8")
