"""Finding an issue or a round by id among the files of the data location."""

from __future__ import annotations

import pytest
from conftest import MINIMAL

from rectrack.lookup import find_issue, find_round, split_ref
from rectrack.problems import RectrackError

SECOND = MINIMAL.replace("id: r1", "id: r2").replace("A1-2", "A1-9")


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "b.yaml").write_text(SECOND, encoding="utf-8")
    return folder


@pytest.mark.parametrize("ref,expected", [
    ("A2-3", (None, "A2-3")), ("r1/A2-3", ("r1", "A2-3")), (" 7 ", (None, "7")),
])
def test_a_reference_is_an_issue_id_with_an_optional_round(ref, expected):
    assert split_ref(ref) == expected


@pytest.mark.parametrize("ref", ["", "A 1", "r1/", "a/b/c", "-x", "r 1/A1"])
def test_what_cannot_be_an_id_is_refused(ref):
    with pytest.raises(RectrackError, match="is not an issue id"):
        split_ref(ref)


def test_a_bare_id_in_one_round_is_found_with_its_file_and_line(data):
    found = find_issue([data], "A1-9")
    assert (found.round_id, found.issue_id, found.path.name, found.line) == ("r2", "A1-9", "b.yaml", 15)


def test_a_bare_id_in_several_rounds_is_refused_with_the_candidates(data):
    with pytest.raises(RectrackError) as error:
        find_issue([data], "A1-1")
    message = str(error.value)
    assert "is in 2 rounds" in message and "r1/A1-1" in message and "r2/A1-1" in message
    assert find_issue([data], "r2/A1-1").path.name == "b.yaml"


def test_an_unknown_id_is_refused_with_close_ids(data):
    with pytest.raises(RectrackError, match=r"no issue 'A1-3' in .*did you mean"):
        find_issue([data], "A1-3")
    with pytest.raises(RectrackError, match=r"no round 'r3'.*did you mean r2, r1"):
        find_issue([data], "r3/A1-1")
    with pytest.raises(RectrackError, match=r"no issue 'A1-9' in round 'r1'"):
        find_issue([data], "r1/A1-9")


def test_a_broken_file_is_only_read_when_it_may_hold_the_id(data):
    (data / "broken.yaml").write_text("aspects: [A1-7\n", encoding="utf-8")
    assert find_issue([data], "A1-9").round_id == "r2"
    with pytest.raises(RectrackError, match=r"could not be read: .*broken.yaml"):
        find_issue([data], "A1-7")


def test_a_round_is_found_by_id_or_as_the_only_one(data, tmp_path):
    assert find_round([data], "r2").path.name == "b.yaml"
    with pytest.raises(RectrackError, match=r"2 rounds here: r1 \(.*a.yaml\), r2"):
        find_round([data], None)
    with pytest.raises(RectrackError, match="no round 'r9'"):
        find_round([data], "r9")
    (data / "b.yaml").unlink()
    assert find_round([data], None).round_id == "r1"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RectrackError, match="rectrack init"):
        find_round([empty], None)
