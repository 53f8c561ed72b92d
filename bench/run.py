"""Time whole `rectrack` processes on portfolios of 31 to 100,000 issues, against references run alongside.

    uv run python bench/run.py            # 31, 1,000, 10,000 and 100,000 issues, clean and with warnings
    uv run python bench/run.py --quick    # 31, 1,000 and 10,000 issues, fewer repeats

Each command runs as a new process, the way a clerk or a CI job runs it:
`status`, `validate` and `list --json` cold (empty cache) and warm (cache
filled by an earlier run), on portfolios whose files are all clean and on
the same portfolios with a few warnings in every file (as hand-kept ledgers
have); cold `validate` of one 185-issue round with warnings; `update` of one issue in a 300-issue round, and
20 `update`s of different issues of that round at once.  Beside them, in the
same rounds of the same run (so that the machine's load falls on both):

- imports: `python -c "import typer, rich, pydantic, ruamel.yaml"`;
- typer floor: a one-option typer app that does nothing (what any typer
  command costs here; typer builds pydantic adapters for its parameters);
- libyaml: a bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the same files;
- hledger: `hledger check` of 10,000 transactions, when hledger is installed.

Medians of `--repeat` runs, peak memory (POSIX), ratios and the targets of
the performance issue are printed as Markdown; results go to
bench/out/results.json and a chart of time against issues to
bench/out/chart.svg (`--chart` elsewhere).  Portfolios are generated once
into bench/out/ (ignored by git).  Python writes its bytecode cache to
bench/out/pycache, as an installed program would have one; `--no-bytecode`
measures recompiling every module on every run instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (beside this file)

SHIPPED = ROOT / "data" / "issues.yaml"
AS_OF = "2024-06-30"

BARE_LIBYAML = """\
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")) if Path(sys.argv[1]).is_dir() else [Path(sys.argv[1])]:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

TYPER_FLOOR = """\
import typer
app = typer.Typer()
@app.command()
def nothing(limit: int = 20) -> None:
    pass
app()
"""


@dataclass
class Sample:
    times: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    failures: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def memory_mb(self) -> float | None:
        return max(self.peak_kb) / 1024 if self.peak_kb else None


def run_timed(command: list[str], env: dict, cwd: Path, stdin_devnull: bool = True) -> tuple[float, int | None, int]:
    """(seconds, peak RSS in kB or None, exit code) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL if stdin_devnull else None)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stderr.close()
        return elapsed, usage.ru_maxrss, process.returncode
    process.communicate()
    return time.perf_counter() - start, None, process.returncode


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out = args.out.resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.update({"COLUMNS": "100", "NO_COLOR": "1", "RECTRACK_LANG": "en", "PYTHONIOENCODING": "utf-8"})
        for name in ("RECTRACK_CACHE", "RECTRACK_DATA", "RECTRACK_CONFIG", "GITHUB_ACTIONS"):
            self.env.pop(name, None)
        if args.no_bytecode:
            # An empty prefix that is never written: no bytecode is read from anywhere, nor saved.
            self.env["PYTHONDONTWRITEBYTECODE"] = "1"
            self.env["PYTHONPYCACHEPREFIX"] = str(self.out / "no-pycache")
        else:
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = str(self.out / "pycache")
        self.python = sys.executable
        script = Path(self.python).with_name("rectrack.exe" if os.name == "nt" else "rectrack")
        self.rectrack = [str(script)] if script.exists() else [self.python, "-m", "rectrack"]
        (self.out / "bare_libyaml.py").write_text(BARE_LIBYAML, encoding="utf-8")
        (self.out / "typer_floor.py").write_text(TYPER_FLOOR, encoding="utf-8")
        self.results: dict[str, dict[str, Sample]] = {}
        self.has_list = self._works(["list", "--help"])
        self.has_update = self._works(["update", "--help"])

    def _works(self, args: list[str]) -> bool:
        done = subprocess.run(self.rectrack + args, env=self.env, capture_output=True)
        return done.returncode == 0

    # -- one size -------------------------------------------------------------------------

    def portfolio(self, issues: int, warnings: bool = False) -> Path:
        if issues == 31 and not warnings:
            return SHIPPED
        if issues == 31:
            # The shipped round has no warnings: its 31 issues, three of them with a history that disagrees.
            path = self.out / "portfolios" / "shipped-warned.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = SHIPPED.read_text(encoding="utf-8")
            for issue in ("A1-1", "A4-2", "A9-1"):
                text = text.replace(f"      - id: {issue}\n", f"      - id: {issue}\n        history:\n"
                                    "          - {date: 2024-01-10, status: in_progress, note: 推进中}\n", 1)
            path.write_text(text, encoding="utf-8")
            return path
        return generate.ensure(issues, self.out / "portfolios", warnings=warnings)

    def measure_size(self, issues: int, repeat: int, warnings: bool = False) -> dict[str, Sample]:
        target = self.portfolio(issues, warnings)
        cache = self.out / f"cache-{issues}{'w' if warnings else ''}"
        env = dict(self.env, RECTRACK_CACHE_DIR=str(cache))
        commands = {
            "status": ["status", str(target), "--as-of", AS_OF],
            "validate": ["validate", str(target)],
        }
        if self.has_list:
            commands["list --json"] = ["list", str(target), "--json", "--as-of", AS_OF]
        jobs = []  # (name, command, env, before-each)
        for name, args in commands.items():
            jobs.append((f"{name} cold", self.rectrack + args, env, lambda: shutil.rmtree(cache, ignore_errors=True)))
            jobs.append((f"{name} warm", self.rectrack + args, env, None))
        jobs.append(("libyaml", [self.python, str(self.out / "bare_libyaml.py"), str(target)], env, None))
        if issues == 31 and not warnings:
            jobs.append(("imports", [self.python, "-c", "import typer, rich, pydantic, ruamel.yaml"], env, None))
            jobs.append(("typer floor", [self.python, str(self.out / "typer_floor.py")], env, None))
        samples = {name: Sample() for name, *_ in jobs}
        # Warm-up (unmeasured): bytecode caches, the page cache, and the rectrack cache for the warm runs.
        for name, command, job_env, _ in jobs:
            run_timed(command, job_env, ROOT)
        for round_no in range(repeat):
            for name, command, job_env, before in jobs:
                if before:
                    before()
                seconds, peak, code = run_timed(command, job_env, ROOT)
                if code not in (0, 1) or (name.startswith("validate") and code != 0):
                    samples[name].failures += 1
                samples[name].times.append(seconds)
                if peak is not None:
                    samples[name].peak_kb.append(peak)
            print(f"  {issues:>7} issues{' with warnings' if warnings else ''}: round {round_no + 1}/{repeat} done",
                  file=sys.stderr)
        return samples

    def measure_one_round(self, repeat: int) -> dict[str, Sample]:
        """Cold `validate` of one 185-issue round with warnings, against a whole-process libyaml parse of it."""
        import random

        path = self.out / "portfolios" / "round-185-warned.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate.round_text(random.Random(185), 1, 185, warnings=True), encoding="utf-8")
        env = dict(self.env, RECTRACK_CACHE="off")
        jobs = {"validate cold": self.rectrack + ["validate", str(path)],
                "libyaml": [self.python, str(self.out / "bare_libyaml.py"), str(path)]}
        samples = {name: Sample() for name in jobs}
        for command in jobs.values():
            run_timed(command, env, ROOT)
        for _ in range(repeat * 2):
            for name, command in jobs.items():
                seconds, _, code = run_timed(command, env, ROOT)
                samples[name].times.append(seconds)
                samples[name].failures += code != 0
        return samples

    # -- update ---------------------------------------------------------------------------

    def measure_update(self, repeat: int) -> dict[str, Sample]:
        work = self.out / "update"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        original = work / "original.yaml"
        import random

        # 300 issues, without declared figures: changing a status must not contradict a notice.
        original.write_text(generate.round_text(random.Random(300), 1, 300, declared=False), encoding="utf-8")
        target = work / "round.yaml"
        cache = self.out / "cache-update"
        env = dict(self.env, RECTRACK_CACHE_DIR=str(cache))
        ids = _issue_ids(original)
        samples = {"update": Sample(), "update ×20 at once": Sample()}

        def restore() -> None:
            shutil.copy2(original, target)

        def one(issue_id: str) -> list[str]:
            return self.rectrack + ["update", issue_id, "--data", str(target), "--status", "in_progress",
                                    "--note", "bench", "--date", AS_OF, "--yes"]

        restore()
        run_timed(one(ids[0]), env, ROOT)  # warm-up
        for _ in range(repeat):
            restore()
            seconds, peak, code = run_timed(one(ids[len(ids) // 2]), env, ROOT)
            samples["update"].times.append(seconds)
            samples["update"].failures += code != 0
            if peak is not None:
                samples["update"].peak_kb.append(peak)
        for _ in range(max(1, repeat // 2)):
            restore()
            chosen = ids[:: max(1, len(ids) // 20)][:20]
            start = time.perf_counter()
            processes = [subprocess.Popen(one(i), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) for i in chosen]
            codes = [p.wait() for p in processes]
            samples["update ×20 at once"].times.append(time.perf_counter() - start)
            for p in processes:
                p.stderr.close()
            applied = target.read_text(encoding="utf-8").count("note: bench")
            samples["update ×20 at once"].failures += sum(c != 0 for c in codes) + (applied != len(chosen))
        return samples

    # -- hledger --------------------------------------------------------------------------

    def measure_hledger(self, repeat: int) -> Sample | None:
        hledger = shutil.which("hledger")
        if not hledger:
            return None
        journal = self.out / "hledger-10000.journal"
        if not journal.exists():
            day = dt.date(2020, 1, 1)
            lines = []
            for number in range(10_000):
                when = day + dt.timedelta(days=number // 10)
                lines += [f"{when} payee {number}", f"    expenses:item{number % 50}    {number % 97 + 1}.00 CNY",
                          "    assets:bank", ""]
            journal.write_text("\n".join(lines), encoding="utf-8")
        sample = Sample()
        for _ in range(repeat):
            seconds, peak, code = run_timed([hledger, "-f", str(journal), "check"], self.env, ROOT)
            sample.times.append(seconds)
            sample.failures += code != 0
        return sample


def _issue_ids(path: Path) -> list[str]:
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("      - id: "):
            ids.append(line.split(": ", 1)[1])
    return ids


# -- report -------------------------------------------------------------------------------

def seconds(value: float) -> str:
    if value != value:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def report(results: dict, machine: dict, targets: list[tuple[str, str, bool | None]]) -> str:
    lines = [f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['system']}, Python {machine['python']}; "
             f"load average before: {machine['load_before']}, after: {machine['load_after']}; "
             f"{machine['date']}; bytecode cache: {machine['bytecode']}.", ""]
    for suffix, heading in (("", "Every file clean:"), ("w", "Every file with a few `history-status` warnings:")):
        sizes = [k for k in results if k.removesuffix(suffix).isdigit() and k.endswith(suffix)
                 and (suffix or k.isdigit())]
        if not sizes:
            continue
        lines.append(heading)
        lines.append("")
        names = []
        for size in sizes:
            for name in results[size]:
                if name not in names and name not in ("imports", "typer floor"):
                    names.append(name)
        lines.append("| command | " + " | ".join(f"{int(s.removesuffix(suffix)):,} issues" for s in sizes) + " |")
        lines.append("| --- | " + " | ".join("---:" for _ in sizes) + " |")
        for name in names:
            cells = []
            for size in sizes:
                sample = results[size].get(name)
                if sample is None:
                    cells.append("")
                    continue
                cell = seconds(sample["median"])
                if name != "libyaml" and "libyaml" in results[size]:
                    cell += f" ({sample['median'] / results[size]['libyaml']['median']:.2f}×)"
                if sample.get("memory_mb") and int(size.removesuffix(suffix)) >= 10_000:
                    cell += f", {sample['memory_mb']:.0f} MB"
                if sample.get("failures"):
                    cell += f" ⚠ {sample['failures']} failed"
                cells.append(cell)
            lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append("Ratios in brackets: against the bare libyaml parse of the same files in the same run.")
    one = results.get("round185w")
    if one:
        lines.append(f"One 185-issue round with warnings, no cache: `validate` {seconds(one['validate cold']['median'])}, "
                     f"a whole-process libyaml parse of it {seconds(one['libyaml']['median'])}.")
    refs = results.get("31", {})
    extra = []
    for name in ("imports", "typer floor"):
        if name in refs:
            extra.append(f"`{name}` {seconds(refs[name]['median'])}")
    for name, sample in results.get("update", {}).items():
        extra.append(f"`{name}` (300-issue round) {seconds(sample['median'])}"
                     + (f" ⚠ {sample['failures']} failed" if sample.get("failures") else ""))
    if results.get("hledger"):
        extra.append(f"`hledger check` (10,000 transactions) {seconds(results['hledger']['median'])}")
    else:
        extra.append("hledger: not installed, comparison skipped")
    lines.append("References and edits: " + "; ".join(extra) + ".")
    lines.append("")
    lines.append("| target | measured | met |")
    lines.append("| --- | --- | --- |")
    for target, measured, met in targets:
        lines.append(f"| {target} | {measured} | {'yes' if met else 'no' if met is False else 'skipped'} |")
    return "\n".join(lines) + "\n"


def evaluate(results: dict) -> list[tuple[str, str, bool | None]]:
    """The targets of the read-path issue (and the earlier ones still worth watching), measured in this run."""
    targets = []

    def med(size: str, name: str) -> float | None:
        sample = results.get(size, {}).get(name)
        return sample["median"] if sample else None

    def ratio(value: float, reference: float) -> str:
        return f"{value / reference:.2f} × ({seconds(value)} / {seconds(reference)})"

    imports, shipped = med("31", "imports"), med("31", "status warm")
    if imports and shipped:
        targets.append(("`status` on data/issues.yaml ≤ 0.8 × imports", ratio(shipped, imports), shipped <= 0.8 * imports))
    one, one_bare = med("round185w", "validate cold"), med("round185w", "libyaml")
    if one and one_bare:
        targets.append(("cold `validate` of one 185-issue round with warnings ≤ 3.0 × libyaml",
                        ratio(one, one_bare), one <= 3.0 * one_bare))
    for size, what in (("10000w", "with warnings"), ("10000", "clean")):
        bare = med(size, "libyaml")
        for command in ("status", "validate"):
            cold, warm = med(size, f"{command} cold"), med(size, f"{command} warm")
            if bare and cold:
                targets.append((f"`{command}` 10,000 {what}, cold ≤ 1.3 × libyaml", ratio(cold, bare), cold <= 1.3 * bare))
            if bare and warm:
                targets.append((f"`{command}` 10,000 {what}, warm ≤ 0.2 × libyaml", ratio(warm, bare), warm <= 0.2 * bare))
    for size, what in (("100000", "clean"), ("100000w", "with warnings")):
        warm = med(size, "status warm")
        if warm:
            memory = results[size]["status warm"].get("memory_mb")
            cold_memory = results[size].get("status cold", {}).get("memory_mb")
            memory_text = f", {memory:.0f} MB" if memory else ""
            memory_text += f" (cold: {cold_memory:.0f} MB)" if cold_memory else ""
            targets.append((f"`status` 100,000 {what}, warm < 0.5 s", f"{seconds(warm)}{memory_text}", warm < 0.5))
    bare = med("10000", "libyaml")
    for command in ("list --json",):
        cold, warm = med("10000", f"{command} cold"), med("10000", f"{command} warm")
        if bare and cold:
            targets.append((f"`{command}` 10,000 cold ≤ 1.5 × libyaml", f"{cold / bare:.2f} ×", cold <= 1.5 * bare))
        if bare and warm:
            targets.append((f"`{command}` 10,000 warm ≤ 0.25 × libyaml", f"{warm / bare:.2f} ×", warm <= 0.25 * bare))
    update = results.get("update", {}).get("update")
    if update:
        targets.append(("`update` in a 300-issue round ≤ 0.25 s", seconds(update["median"]), update["median"] <= 0.25))
    many = results.get("update", {}).get("update ×20 at once")
    if many:
        targets.append(("20 concurrent `update`s: a few seconds, all applied", seconds(many["median"])
                        + (" (some failed)" if many["failures"] else ""), many["median"] <= 5 and not many["failures"]))
    return targets


def machine_info(args: argparse.Namespace) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "load_before": _load(), "bytecode": "off (--no-bytecode)" if args.no_bytecode else "on"}


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except (OSError, AttributeError):
        return "n/a"


# -- chart --------------------------------------------------------------------------------

COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]


def chart(results: dict, path: Path) -> None:
    """Time against issues, both on log scales, one line per command; SVG written by hand (no plotting library)."""
    import math

    sizes = sorted(int(k) for k in results if k.isdigit())  # the clean portfolios
    names = [n for n in ("status cold", "status warm", "validate cold", "validate warm", "list --json cold",
                         "list --json warm", "libyaml") if any(n in results[str(s)] for s in sizes)]
    if not sizes or not names:
        return
    width, height, left, right, top, bottom = 760, 440, 70, 190, 30, 50
    values = [results[str(s)][n]["median"] for s in sizes for n in names if n in results[str(s)]]
    low, high = math.log10(min(values) / 1.5), math.log10(max(values) * 1.5)
    x_low, x_high = math.log10(sizes[0]) - 0.1, math.log10(sizes[-1]) + 0.1

    def x(size: float) -> float:
        return left + (math.log10(size) - x_low) / (x_high - x_low) * (width - left - right)

    def y(value: float) -> float:
        return top + (high - math.log10(value)) / (high - low) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">rectrack: whole-process time against issues (log-log)</text>']
    for decade in range(math.floor(low), math.ceil(high) + 1):
        for step in (1, 2, 5):
            value = step * 10 ** decade
            if low <= math.log10(value) <= high:
                parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                             f'stroke="#ddd"/><text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
                             f'{seconds(value)}</text>')
    for size in sizes:
        parts.append(f'<line x1="{x(size):.1f}" x2="{x(size):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>'
                     f'<text x="{x(size):.1f}" y="{height - bottom + 18}" text-anchor="middle">{size:,}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">issues</text>')
    imports = results.get("31", {}).get("imports")
    if imports:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(imports["median"]):.1f}" '
                     f'y2="{y(imports["median"]):.1f}" stroke="#999" stroke-dasharray="4 4"/>')
        parts.append(f'<text x="{width - right + 8}" y="{y(imports["median"]) + 4:.1f}" fill="#666">'
                     f'import of 4 libraries</text>')
    for index, name in enumerate(names):
        colour = COLOURS[index % len(COLOURS)]
        points = [(x(s), y(results[str(s)][name]["median"])) for s in sizes if name in results[str(s)]]
        dash = ' stroke-dasharray="6 3"' if name.endswith("warm") else ""
        dash = ' stroke-dasharray="2 3"' if name == "libyaml" else dash
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="'
                     + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        label_y = top + 16 + index * 18
        parts.append(f'<line x1="{width - right + 8}" x2="{width - right + 30}" y1="{label_y - 4}" '
                     f'y2="{label_y - 4}" stroke="{colour}" stroke-width="2"{dash}/>'
                     f'<text x="{width - right + 36}" y="{label_y}">{name}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


# -- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="31, 1,000 and 10,000 issues, 3 repeats (~1 min)")
    parser.add_argument("--sizes", help="comma-separated issue counts (31 is data/issues.yaml)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (median); default 5, quick 3")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder (default bench/out)")
    parser.add_argument("--chart", type=Path, help="where to write the SVG chart (default OUT/chart.svg)")
    parser.add_argument("--no-bytecode", action="store_true", help="recompile every module on every run")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (
        [31, 1000, 10_000] if args.quick else [31, 1000, 10_000, 100_000])
    repeat = args.repeat or (3 if args.quick else 5)
    bench = Bench(args)
    machine = machine_info(args)
    results: dict = {}
    started = time.perf_counter()
    for issues in sizes:
        for warnings in (False, True):
            print(f"measuring {issues:,} issues{' with warnings' if warnings else ''}…", file=sys.stderr)
            big = issues >= 100_000
            samples = bench.measure_size(issues, max(3, repeat - 2) if big else repeat, warnings)
            results[f"{issues}{'w' if warnings else ''}"] = {name: _summary(s) for name, s in samples.items()}
    print("measuring one 185-issue round with warnings…", file=sys.stderr)
    results["round185w"] = {name: _summary(s) for name, s in bench.measure_one_round(repeat).items()}
    if bench.has_update:
        print("measuring update…", file=sys.stderr)
        results["update"] = {name: _summary(s) for name, s in bench.measure_update(repeat).items()}
    hledger = bench.measure_hledger(repeat)
    results["hledger"] = _summary(hledger) if hledger else None
    machine["load_after"] = _load()
    machine["seconds"] = round(time.perf_counter() - started)
    targets = evaluate(results)
    text = report(results, machine, targets)
    print(text)
    (bench.out / "results.json").write_text(json.dumps({"machine": machine, "results": results,
                                                        "targets": targets}, indent=2, ensure_ascii=False),
                                            encoding="utf-8")
    (bench.out / "results.md").write_text(text, encoding="utf-8")
    chart(results, args.chart or bench.out / "chart.svg")
    print(f"({machine['seconds']} s; results in {bench.out})", file=sys.stderr)
    return 0


def _summary(sample: Sample) -> dict:
    return {"median": sample.median, "runs": [round(t, 4) for t in sample.times],
            "memory_mb": sample.memory_mb, "failures": sample.failures}


if __name__ == "__main__":
    sys.exit(main())
