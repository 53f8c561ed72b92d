"""Read-only commands: `validate` checks files, `status` shows the figures."""

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ._app import (
    AsOfOpt,
    ByOpt,
    DataOpt,
    LangOpt,
    NoCacheOpt,
    PathsArg,
    ProblemFormat,
    app,
    as_of_date,
    bad_option,
    fail_with,
    group_keys,
    language,
    load_ledger,
    overdue_rule,
    parse_as_of,
    paths_or_data,
    say_left_out,
    say_problems,
)


class FailOn(str, Enum):
    overdue = "overdue"


# validate checks the files as they are; the day only decides what is overdue.
# Read as every command's --as-of is (2024/6/30 and 2024年6月30日 too).
DeadlineDayOpt = Annotated[
    Optional[str],
    typer.Option("--as-of", callback=parse_as_of, metavar="YYYY-MM-DD", show_default=False,
                 help="Judge dates on this day (default today): a completion after it is an error; "
                 "with --fail-on overdue, deadlines too."),
]


def _refuse_quiet_and_verbose(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise bad_option("quiet-and-verbose", param_hint="'-q' / '-v'")


@app.command()
def validate(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    output_format: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="auto: github under GitHub Actions, else text; "
                     "text: path:line:col lines; json: a list of objects; github: workflow annotations."),
    ] = ProblemFormat.auto,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Also fail on overdue issues (past their deadline on --as-of), "
                     "each reported at its deadline line.", show_default=False),
    ] = None,
    as_of: DeadlineDayOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Also list every file checked on stderr.")] = False,
    lang: LangOpt = None,
    against: Annotated[Optional[str], typer.Option(
        "--against", metavar="REV", help="Also compare each deadline with git revision REV (e.g. HEAD): a "
        "deadline moved without an extension record (延期) is an error.", show_default=False)] = None,
) -> None:
    """Check round files and report every problem as path:line:col.

    Exits 1 when any file has an error, or with --strict a warning, or with
    --fail-on overdue an overdue issue; 0 otherwise; 2 for a usage error.

    Example: rectrack validate --fail-on overdue --as-of 2024-06-30 data/issues.yaml
    """
    from ..render.problems import FORMATS, localize

    _refuse_quiet_and_verbose(quiet, verbose)
    # Problems alone need no models: files unchanged since the last run are not even decoded.
    ledger = load_ledger(paths, data, models=bool(fail_on or verbose))
    day = as_of_date(as_of)
    _add_integrity_problems(ledger, day)
    if against is not None:
        _add_deadline_moves(ledger, against, paths_or_data(paths, data))
    problems = ledger.problems
    overdue: list = []
    if fail_on is FailOn.overdue:
        from ..checks import overdue_deadlines
        from ..problems import sort_problems
        from ..timeline import round_as_of

        rule = overdue_rule()
        overdue = [loaded.place(finding) for loaded in ledger.rounds
                   for finding in overdue_deadlines(round_as_of(loaded.model, day), day, rule)]
        problems = sort_problems(problems + overdue)
    chosen = output_format.resolved()
    chosen_lang = language(lang)
    sys.stdout.write(FORMATS[chosen.value](localize(problems, chosen_lang)))
    sys.stdout.flush()  # keep the problems above the summary when both go to one terminal
    if verbose:
        _list_files(paths, data, ledger, overdue, chosen_lang)
    if not quiet and chosen is not ProblemFormat.json:
        typer.echo(_validate_summary(ledger, overdue, day if fail_on else None, strict, chosen_lang), err=True)
    failed = bool(ledger.errors or overdue or (strict and ledger.warnings))
    raise typer.Exit(1 if failed else 0)


def _add_deadline_moves(ledger, rev: str, paths) -> None:
    """`validate --against REV`: deadlines moved since REV without an extension record, into the ledger's problems."""
    from ..gitdiff import before_first_commit, unapproved_deadline_moves
    from ..problems import RectrackError, sort_problems

    try:
        folder = next((p if p.is_dir() else p.parent for p in paths), None)
        if rev == "HEAD" and folder is not None and before_first_commit(folder):
            return  # the repository's first commit: nothing to compare with yet
        ledger.pairs()
        found = unapproved_deadline_moves(rev, paths, ledger)
    except RectrackError as exc:
        fail_with(exc)
    if found:
        ledger.problems = sort_problems(ledger.problems + found)


def _add_integrity_problems(ledger, day) -> None:
    """The checks that depend on the day, the files on disk and the config (`integrity`), into the ledger's problems."""
    from ..integrity import ledger_problems
    from ..problems import RectrackError, sort_problems
    from ._app import current_config

    config = current_config()
    try:
        found = ledger_problems(ledger, day, config.evidence_root, config.evidence_required)
    except RectrackError as exc:
        fail_with(exc)
    if found:
        ledger.problems = sort_problems(ledger.problems + found)


def _validate_summary(ledger, overdue: list, day, strict: bool, lang: str = "en") -> str:
    errors, warnings = len(ledger.errors), len(ledger.warnings)
    if lang == "zh":
        return _validate_summary_zh(ledger.files, errors, warnings, len(overdue), day, strict)
    if not (errors or warnings or overdue):
        text = f"{ledger.files} file(s), no problems found"
        return text + (f", nothing overdue on {day}" if day else "")
    text = f"{ledger.files} file(s): {errors} error(s), {warnings} warning(s)"
    if day:
        text += f", {len(overdue)} overdue on {day}"
    if strict and warnings:
        text += " (--strict: warnings fail)"
    return text


def _validate_summary_zh(files: int, errors: int, warnings: int, overdue: int, day, strict: bool) -> str:
    if not (errors or warnings or overdue):
        return f"{files}个文件，未发现问题" + (f"，截至{day}没有逾期问题。" if day else "。")
    text = f"{files}个文件：{errors}个错误，{warnings}个警告"
    if day:
        text += f"，截至{day}有{overdue}项逾期"
    if strict and warnings:
        text += "（--strict：警告也算不通过）"
    return text + "。"


def _list_files(paths, data, ledger, overdue: list, lang: str) -> None:
    """`validate -v`: one line per file checked, on stderr, in `lang`."""
    from ..loader import discover, display_path
    from ..render.escape import clean
    from ..replies import reply

    rounds = {loaded.display: loaded.model for loaded in ledger.rounds}
    for path in discover(paths_or_data(paths, data)):
        display = display_path(path)
        mine = [p for p in ledger.problems if p.path == display]
        late = sum(1 for p in overdue if p.path == display)
        errors = sum(1 for p in mine if p.is_error)
        verdict = (reply("checked-ok", lang) if not mine
                   else reply("checked-problems", lang, errors=errors, warnings=len(mine) - errors))
        round_part = ""
        if display in rounds:
            model = rounds[display]
            figures = {"id": model.round.id, "issues": sum(1 for _ in model.issues()), "late": late}
            round_part = reply("checked-round-late" if late else "checked-round", lang, **figures)
        typer.echo(clean(reply("checked-file", lang, file=display, verdict=verdict, round=round_part)), err=True)


@app.command()
def status(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    by: ByOpt = None,
    by_aspect: Annotated[
        Optional[bool],
        typer.Option("--by-aspect/--no-by-aspect",
                     help="Show the per-aspect table (default: when there is one round).",
                     show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=0,
                                       help="Overdue issues to list (rounds: 100); 0 lists all.")] = 20,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Only the notice sentence of each round, one line each.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Every table: aspects of every round, all overdue issues.")] = False,
) -> None:
    """Show completed, substantially completed and open issues per round and aspect, and what is overdue.

    Files with errors are left out of the figures, reported on stderr, and
    make the exit code 1.

    With --by, one row per group (unit, inspector, feedback year, kind or
    owner; repeat --by for a second level) instead of one per round.

    Example: rectrack status --as-of 2024-06-30 --lang en

    Example: rectrack status --by year --by unit data/
    """
    from .. import views
    from ..i18n import label
    from ..problems import RectrackError

    _refuse_quiet_and_verbose(quiet, verbose)
    keys = group_keys(by)
    day = as_of_date(as_of)
    try:
        # From the cache when no file, nor the day or the rules, changed since a run that computed it.
        result = views.status(paths_or_data(paths, data), day, overdue_rule(), by=keys)
    except RectrackError as exc:
        fail_with(exc)
    lang_code = language(lang)
    say_left_out(result.later, day, lang_code)
    view, errors = result.document, result.errors
    if errors:
        say_problems(errors, lang_code)
    if verbose:
        by_aspect = True if by_aspect is None else by_aspect
        limit = 0
    if as_json:
        from ..render.escape import safe_json

        sys.stdout.write(safe_json(view))
    elif quiet:
        _print_sentences(view, lang_code)
    elif not view["rounds"] and (errors or result.later):
        pass  # the lines on stderr say why nothing is shown, not "no round files found"
    else:
        from ..render.status import ROUND_ROWS, render_status
        from ..render.text import make_console

        # --limit 0 and -v (which sets it) show every row of every table.
        render_status(make_console(), view, lang_code, by_aspect=by_aspect, overdue_limit=limit, by=list(keys),
                      rounds_limit=ROUND_ROWS if limit else 0)
    if errors:
        bad_files = len({p.path for p in errors})
        typer.echo(label("skipped_files", lang_code, n=bad_files), err=True)
        raise typer.Exit(1)


def _print_sentences(view: dict, lang: str) -> None:
    """`status -q`: each round's notice sentence on one line, and how many issues are overdue."""
    from ..i18n import label, overview_sentence
    from ..queries import Counts
    from ..render.escape import clean

    for item in view["rounds"]:
        sentence = overview_sentence(Counts.from_dict(item), item["kind"], lang)
        sentence += "。" if lang == "zh" else "."
        if item["overdue"]:
            sentence += label("quiet_overdue", lang, n=item["overdue"])
        typer.echo(f"{clean(item['id'])}: {clean(sentence)}")
