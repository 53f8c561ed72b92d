"""Time the merge driver on a 300-issue round: in process, and as the process git starts.

    uv run python bench/merge.py            # median of 5 of each, a few seconds

Ours and theirs each change 20 issues of one generated round (notes, status
changes, owners) and both add a note to the same 10 issues, the week's usual
work; the merge must be clean.  See bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from rectrack.edit import IssueChange, update_issue  # noqa: E402
from rectrack.merge import merge_sources  # noqa: E402
from rectrack.model import Status  # noqa: E402
from rectrack.atomic import read_source  # noqa: E402

DAY = dt.date(2024, 6, 1)
ISSUES = 300


def _ids(path: Path) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("      - id: ")]


def prepare(work: Path) -> tuple[Path, Path, Path]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base = work / "base.yaml"
    base.write_text(generate.round_text(random.Random(300), 1, ISSUES, declared=False), encoding="utf-8")
    ours, theirs = work / "ours.yaml", work / "theirs.yaml"
    shutil.copy2(base, ours)
    shutil.copy2(base, theirs)
    ids = _ids(base)
    for n, issue_id in enumerate(ids[:20]):
        change = IssueChange(status=Status.IN_PROGRESS, note="甲") if n % 2 else IssueChange(owner=f"部门{n}")
        update_issue(ours, issue_id, change, today=DAY)
    for issue_id in ids[-20:]:
        update_issue(theirs, issue_id, IssueChange(note="乙的进展", by="李四"), today=DAY)
    for issue_id in ids[100:110]:
        update_issue(ours, issue_id, IssueChange(note="甲的进展"), today=DAY)
        update_issue(theirs, issue_id, IssueChange(note="乙的进展"), today=DAY + dt.timedelta(days=1))
    return base, ours, theirs


def main() -> int:
    work = HERE / "out" / "merge"
    base, ours, theirs = prepare(work)
    sources = [read_source(p, p.name)[0] for p in (base, ours, theirs)]
    inprocess = []
    for _ in range(5):
        start = time.perf_counter()
        result = merge_sources(*sources)
        inprocess.append(time.perf_counter() - start)
    assert result.clean and result.text.count("乙的进展") == 30, "the merge is not what it should be"
    script = Path(sys.executable).with_name("rectrack.exe" if os.name == "nt" else "rectrack")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "rectrack"]
    target = work / "result.yaml"
    runs = []
    for _ in range(6):
        shutil.copy2(ours, target)
        start = time.perf_counter()
        done = subprocess.run(command + ["merge-driver", str(base), str(target), str(theirs), "round.yaml"],
                              capture_output=True, cwd=work)
        runs.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert target.read_text(encoding="utf-8") == result.text
    lines = base.read_text(encoding="utf-8").count("\n")
    print(f"{ISSUES} issues ({lines} lines), 50 issues changed, 10 of them on both sides")
    print(f"merge_sources in process: median {statistics.median(inprocess) * 1000:.0f} ms")
    print(f"rectrack merge-driver process: median {statistics.median(runs[1:]) * 1000:.0f} ms "
          "(first run not counted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
