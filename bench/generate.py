"""Generate synthetic portfolios of round files for the benchmarks.

A portfolio is a folder of round files like the ones an inspection office
keeps: rounds of 30 to 300 issues each, Chinese titles and measures of
realistic length (about 750 bytes of YAML per issue, like the shipped
round), history, deadlines, owners and outcomes.  Every file validates with
no problem at all, so the numbers measure the common case of a maintained
ledger rather than error reporting; or, with `--warnings`, every file
carries a few `history-status` warnings (a last history entry whose status
is not the issue's), as hand-kept ledgers nearly always do.

The output is deterministic for a given (issues, seed): the same portfolio
is generated on every machine, so timings can be compared.

    uv run python bench/generate.py 10000 bench/out/p10000 [--warnings]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

GENERATOR_VERSION = 1

UNITS = [
    "中共{d}区委{s}街道工作委员会", "{d}区{s}镇人民政府", "{d}区教育委员会", "{d}区卫生健康委员会",
    "{d}区城市管理委员会", "{d}区国有资产监督管理委员会", "{d}区{s}社区党委", "{d}区财政局",
]
DISTRICTS = ["海淀", "朝阳", "丰台", "西城", "东城", "昌平", "大兴", "通州", "顺义", "房山"]
PLACES = ["中关村", "学院路", "万寿路", "羊坊店", "甘家口", "八里庄", "紫竹院", "北下关", "青龙桥", "清河"]
CATEGORIES = [
    "推动地区高质量发展,提升为企为民服务水平", "深入推进自身建设,切实推动“两个责任”落实",
    "加强基层党组织建设,夯实基层基础", "落实巡察整改主体责任,强化监督检查",
]
VERBS = ["强化", "完善", "落实", "健全", "规范", "推进", "加强", "深化", "优化", "提升"]
OBJECTS = [
    "接诉即办工作机制", "干部选拔任用程序", "财务报销审核制度", "社区党组织建设", "垃圾分类精细化管理",
    "老旧小区改造工作", "养老服务保障体系", "意识形态工作责任制", "政府采购内控流程", "固定资产管理台账",
    "党费收缴使用管理", "社区工作者队伍建设", "安全生产隐患排查", "民生实事项目推进", "公务用车使用管理",
]
CLAUSES = [
    "进一步统一思想、提高认识,切实把整改责任扛在肩上", "建立问题清单、任务清单、责任清单,逐项明确整改时限",
    "定期召开专题会议研究部署,及时协调解决整改工作中出现的难题", "举一反三,从制度层面查找漏洞、补齐短板",
    "加强跟踪督办,对整改进展情况实行挂账式管理", "组织相关人员开展专题培训,提升业务能力和规范意识",
    "对照相关规定逐项梳理排查,对发现的问题立行立改", "健全长效机制,巩固整改成果,防止问题反弹",
    "加强与上级主管部门沟通,争取政策和资金支持", "通过走访调研深入了解群众需求,推动问题解决",
]
OWNERS = ["党政办公室", "组织人事部", "财务科", "城市管理办公室", "社区建设办公室", "平安建设办公室",
          "纪工委", "民生保障办公室", "党建工作办公室", "综合行政执法队"]
LEADERS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "吴婷"]
EVIDENCE = ["会议纪要", "制度文件", "培训签到表", "整改台账", "工作方案", "检查记录"]
STATUS_WEIGHTS = [("completed", 60), ("substantially_completed", 15), ("in_progress", 20), ("not_started", 5)]
OUTCOME_KEYS = ["rules", "trainings", "projects", "facilities", "partners", "people_accountable"]


def _sentence(rng: random.Random, parts: int) -> str:
    return ",".join(rng.choice(CLAUSES) for _ in range(parts)) + "。"


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}{rng.choice(OBJECTS)},{rng.choice(VERBS)}{rng.choice(OBJECTS)}"


def _issue(rng: random.Random, issue_id: str, feedback: dt.date, warn: bool = False) -> tuple[list[str], str]:
    status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
    deadline = feedback + dt.timedelta(days=rng.choice([30, 60, 90, 120, 180, 365]))
    lines = [
        f"      - id: {issue_id}",
        f"        title: {_title(rng)}",
    ]
    if rng.random() < 0.6:
        lines.append(f"        summary: {_sentence(rng, 2)}")
    lines.append(f"        status: {status}")
    lines.append(f"        owner: {rng.choice(OWNERS)}")
    if rng.random() < 0.5:
        lines.append(f"        leader: {rng.choice(LEADERS)}")
    lines.append(f"        deadline: {deadline.isoformat()}")
    completed_on = None
    if status == "completed":
        completed_on = feedback + dt.timedelta(days=rng.randint(10, 200))
        lines.append(f"        completed_on: {completed_on.isoformat()}")
    if rng.random() < 0.1:
        lines.append("        long_term: true")
    lines.append("        measures:")
    for _ in range(rng.randint(1, 3)):
        lines.append(f"          - {_sentence(rng, rng.randint(1, 2))}")
    if rng.random() < 0.3:
        lines.append("        evidence:")
        for name in rng.sample(EVIDENCE, rng.randint(1, 2)):
            lines.append(f"          - {name}")
    # History in date order, its last status agreeing with the issue's.
    steps = {"not_started": [], "in_progress": ["in_progress"],
             "substantially_completed": ["in_progress", "substantially_completed"],
             "completed": ["in_progress", "completed"]}[status]
    if warn:
        # The history stops one step short (or runs ahead): its last status is not the issue's.
        steps = steps[:-1] if len(steps) > 1 else ["completed" if status != "completed" else "in_progress"]
    if steps and (warn or rng.random() < 0.7):
        lines.append("        history:")
        day = feedback + dt.timedelta(days=rng.randint(1, 9))
        for step in steps:
            when = completed_on if (step == "completed" and completed_on) else day
            if step == "completed" and status != "completed":
                when = day
            lines.append(f"          - date: {when.isoformat()}")
            lines.append(f"            status: {step}")
            lines.append(f"            note: {rng.choice(CLAUSES)}")
            day = when + dt.timedelta(days=rng.randint(1, 9))
    if rng.random() < 0.25:
        lines.append("        outcomes:")
        for key in sorted(rng.sample(OUTCOME_KEYS, rng.randint(1, 2)), key=OUTCOME_KEYS.index):
            lines.append(f"          {key}: {rng.randint(1, 30)}")
    return lines, status


def round_text(rng: random.Random, round_no: int, issues: int, declared: bool = True, warnings: bool = False) -> str:
    """One valid round file of `issues` issues, as YAML text; `declared` adds a notice's figures.

    `warnings` gives three of its issues (or all, in a smaller round) a history that disagrees with their status.
    """
    district, place = rng.choice(DISTRICTS), rng.choice(PLACES)
    unit = rng.choice(UNITS).format(d=district, s=place)
    feedback = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
    start = feedback - dt.timedelta(days=rng.randint(60, 120))
    end = start + dt.timedelta(days=rng.randint(20, 50))
    per_aspect = []
    left = issues
    while left:
        take = min(left, rng.randint(2, 8))
        per_aspect.append(take)
        left -= take
    body: list[str] = []
    tally = {s: 0 for s, _ in STATUS_WEIGHTS}
    category_index = 0
    warned = set(rng.sample(range(issues), min(3, issues))) if warnings else set()
    number = 0
    for a_index, count in enumerate(per_aspect, start=1):
        # Categories run in blocks so that aspects of one category sit together.
        if a_index > 1 and rng.random() < 0.25:
            category_index += 1
        body.append(f"  - id: A{a_index}")
        body.append(f"    category: {CATEGORIES[category_index % len(CATEGORIES)]}第{category_index + 1}部分")
        body.append(f"    title: {_title(rng)}")
        body.append("    issues:")
        for i_index in range(1, count + 1):
            lines, status = _issue(rng, f"A{a_index}-{i_index}", feedback, warn=number in warned)
            number += 1
            tally[status] += 1
            body.extend(lines)
    head = [
        f"# Synthetic round {round_no} generated by bench/generate.py (v{GENERATOR_VERSION}); not real data.",
        "version: 1",
        "round:",
        f"  id: gen-{round_no:05d}",
        f"  title: {district}区委巡察组常规巡察{unit}整改",
        f"  unit: {unit}",
        f"  kind: {'inspection' if rng.random() < 0.8 else 'audit'}",
        "  authority: 区委",
        f"  inspector: 区委第{rng.randint(1, 9)}巡察组",
        f"  period: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
        f"  feedback: {feedback.isoformat()}",
    ]
    if declared:
        head += [
            "  declared:",
            f"    aspects: {len(per_aspect)}",
            f"    issues: {issues}",
            f"    completed: {tally['completed']}",
            f"    substantially_completed: {tally['substantially_completed']}",
        ]
    head += [
        "aspects:",
    ]
    return "\n".join(head + body) + "\n"


def file_sizes(total: int, rng: random.Random, smallest: int = 30, largest: int = 300) -> list[int]:
    """Issues per file: 30 to 300 each, summing to `total` (one smaller file allowed for tiny totals)."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = rng.randint(smallest, largest)
        if left - size < smallest:
            size = left if left <= largest else left - smallest
        sizes.append(size)
        left -= size
    return sizes


def generate(total: int, folder: Path, seed: int = 6, warnings: bool = False) -> list[Path]:
    """Write a portfolio of `total` issues into `folder` (replacing it); return the files."""
    rng = random.Random(f"{seed}:{total}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    paths = []
    for round_no, size in enumerate(file_sizes(total, rng), start=1):
        unit_folder = folder / f"unit-{(round_no - 1) // 10 + 1:03d}"
        unit_folder.mkdir(exist_ok=True)
        path = unit_folder / f"round-{round_no:05d}.yaml"
        path.write_text(round_text(rng, round_no, size, warnings=warnings), encoding="utf-8", newline="\n")
        paths.append(path)
    stamp = folder / ".generated"
    stamp.write_text(f"{GENERATOR_VERSION} {seed} {total}{' warnings' if warnings else ''}\n", encoding="utf-8")
    return paths


def ensure(total: int, root: Path, seed: int = 6, warnings: bool = False) -> Path:
    """The portfolio folder for `total` issues under `root`, generated only when missing or stale."""
    folder = root / (f"p{total}w" if warnings else f"p{total}")
    stamp = folder / ".generated"
    wanted = f"{GENERATOR_VERSION} {seed} {total}{' warnings' if warnings else ''}\n"
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == wanted):
        generate(total, folder, seed, warnings)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issues", type=int, help="total number of issues")
    parser.add_argument("folder", type=Path, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--warnings", action="store_true", help="a few history-status warnings in every file")
    args = parser.parse_args(argv)
    paths = generate(args.issues, args.folder, args.seed, args.warnings)
    size = sum(p.stat().st_size for p in paths)
    print(f"{args.issues} issues in {len(paths)} files, {size / 1e6:.1f} MB, in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
