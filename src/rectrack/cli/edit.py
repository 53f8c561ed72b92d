"""Commands that write or look up single issues: init, add, update, show, list, log.

Writing commands print the requested value (the new id of `add`) on stdout
and what they did on stderr; `--dry-run` prints the change as a unified diff
and writes nothing.  A change that would make a file invalid is refused
with the problems listed and exit 1; the file is untouched.
"""

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from ._app import (
    AsOfOpt,
    ByOpt,
    DataOpt,
    LangOpt,
    NoCacheOpt,
    PathsArg,
    app,
    as_of_date,
    fail,
    fail_with,
    group_keys,
    language,
    paths_or_data,
    refuse,
    run_language,
    said,
    say,
    say_problems,
    today,
    usage_error,
    warn_unread,
)
from .complete import (
    complete_aspect,
    complete_issue,
    complete_owner,
    complete_round,
    complete_status,
)


def _round_kind(ctx: typer.Context, value: str) -> str:
    """The canonical round kind of an English or Chinese word, as round files accept them.

    Called in the command, not as a callback: by then --lang has been read, wherever it stands.
    """
    from ..model import KIND_ALIASES

    kind = KIND_ALIASES.get(value.strip().lower())
    if kind is None:
        raise typer.BadParameter(said("bad-round-kind", value=value), ctx=ctx, param_hint="'--kind'")
    return kind


IssueArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="Issue id, e.g. A2-3, or ROUND_ID/A2-3 when several rounds use it.",
                   autocompletion=complete_issue, show_default=False),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a diff and write nothing."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
OwnerOpt = Annotated[
    Optional[str],
    typer.Option("--owner", help="Responsible department (责任部门).", autocompletion=complete_owner,
                 show_default=False),
]
LeaderOpt = Annotated[
    Optional[str], typer.Option("--leader", help="Responsible leader (责任领导).", show_default=False),
]
DeadlineOpt = Annotated[
    Optional[str],
    typer.Option("--deadline", metavar="YYYY-MM-DD", help="Deadline (整改时限).", show_default=False),
]



def _refuse(exc, lang: str = "en") -> NoReturn:
    """Report an EditRefused (message, then its problems in `lang`) and exit 1."""
    from ..render.escape import clean
    from ..render.problems import format_text, localize
    from ..replies import error_text

    typer.echo(f"rectrack: error: {clean(error_text(exc, lang))}", err=True)
    sys.stderr.write(format_text(localize(exc.problems, lang)))
    raise typer.Exit(1)


def _run(action, lang: str = "en"):
    """Call the core; RectrackError and EditRefused become messages and exit 1."""
    from ..problems import EditRefused, RectrackError

    try:
        return action()
    except EditRefused as exc:
        _refuse(exc, lang)
    except RectrackError as exc:
        from ..replies import error_text

        fail(error_text(exc, lang))


def _date(text: str | None, what: str, what_zh: str):
    """The date an option gives, `what` (`what_zh` in Chinese) naming it when it is not one (exit 2)."""
    if text is None:
        return None
    from ..durations import parse_date

    try:
        return parse_date(text, what, what_zh)
    except ValueError as exc:  # a usage error (exit 2), as the README's exit codes say
        usage_error(exc.code, **exc.message_args)


def _status(text: str):
    from ..messages import CHOICES_ZH
    from ..vocabulary import parse_status, suggest_status

    try:
        return parse_status(text)
    except ValueError as exc:
        suggestion = suggest_status(text)
        # One dict, ours last: a value parse_status may one day carry under the same name cannot clash.
        values = {**exc.message_args, "suggestion": suggestion, "choices_zh": CHOICES_ZH}
        usage_error("bad-status-suggestion" if suggestion else exc.code, **values)


def _report(result, verb: str, dry_run: bool, lang: str = "en") -> None:
    """The diff on stdout for --dry-run; otherwise one line on stderr; warnings (in `lang`) after it."""
    from ..edit import said_in
    from ..render.escape import clean
    from ..render.problems import format_text, localize
    from ..replies import reply

    name = f"{result.round_id}/{result.target}"
    if dry_run:
        sys.stdout.write(clean(result.diff(), keep_newlines=True))
        if result.changed:
            say(reply("dry-run", lang, path=result.display))
        else:
            say(reply("nothing-to-change", lang, name=name))
    elif result.changed:
        say(reply(f"issue-{verb}", lang, name=name, path=result.display,
                        changes="; ".join(said_in(change, "en") for change in result.changes),
                        changes_zh="；".join(said_in(change, "zh") for change in result.changes)))
    else:
        say(reply("nothing-written", lang, name=name, path=result.display))
    if result.warnings:
        sys.stderr.write(format_text(localize(result.warnings, lang)))


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command()
def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The new round file, e.g. data/2024-r3.yaml.",
                                         dir_okay=False, show_default=False)],
    round_id: Annotated[Optional[str], typer.Option("--id", help="Round id (轮次编号), e.g. 2024-r3.",
                                                    show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title (标题).", show_default=False)] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="Inspected unit (被巡察单位).",
                                                show_default=False)] = None,
    feedback: Annotated[Optional[str], typer.Option(
        "--feedback", metavar="YYYY-MM-DD", help="Day the findings were handed over (反馈日期).",
        show_default=False)] = None,
    kind: Annotated[str, typer.Option("--kind", help="inspection (巡察), audit (审计) or other (其他).")
                    ] = "inspection",
    inspector: Annotated[Optional[str], typer.Option(
        "--inspector", help="Inspection group or audit team (巡察组/审计组).", show_default=False)] = None,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Start a new round file from a short commented template.

    Refuses to overwrite a file and to reuse a round id found under the data
    location.  On a terminal, missing --id, --title, --unit and --feedback
    are asked for.  The new round has no aspects yet, so `validate` reports
    it until the first issue is added with `rectrack add --new-aspect`.

    Example: rectrack init data/2024-r3.yaml --id 2024-r3 --title "区委第三巡察组巡察某街道整改" --unit 某街道工委 --feedback 2024-03-01
    """
    from ..edit import NewRound, init_round

    kind = _round_kind(ctx, kind)
    answers = {"--id": round_id, "--title": title, "--unit": unit, "--feedback": feedback}
    missing = [name for name, value in answers.items() if not (value or "").strip()]
    if missing and not _interactive():
        ctx.fail(said("init-missing", names=", ".join(missing), names_zh="、".join(missing)))
    if "--id" in missing:
        default = path.stem if path.stem and path.stem[0].isalnum() else None
        round_id = typer.prompt("Round id (轮次编号)", default=default)
    if "--title" in missing:
        title = typer.prompt("Title (标题)")
    if "--unit" in missing:
        unit = typer.prompt("Inspected unit (被巡察单位)")
    while "--feedback" in missing:
        feedback = typer.prompt("Feedback date (反馈日期) YYYY-MM-DD")
        from ..edit import parse_date
        from ..problems import RectrackError
        from ..replies import error_text

        try:
            parse_date(feedback, "feedback date", "反馈日期")
            break
        except RectrackError as exc:
            say(error_text(exc, run_language()))
    new = NewRound(id=round_id.strip(), title=title, unit=unit,
                   feedback=_date(feedback, "feedback date", "反馈日期"), kind=kind, inspector=inspector)
    chosen = language(lang)
    _run(lambda: init_round(path, new, others=paths_or_data(None, data)), chosen)
    from ..loader import display_path
    from ..replies import reply

    say(reply("round-created", chosen, path=display_path(path), round=new.id))


@app.command()
def add(
    title: Annotated[str, typer.Option("--title", "-t", help="The problem (问题).", show_default=False)],
    round_id: Annotated[Optional[str], typer.Option(
        "--round", "-r", help="Round id; may be left out when there is only one round.",
        autocompletion=complete_round, show_default=False)] = None,
    aspect: Annotated[Optional[str], typer.Option(
        "--aspect", "-a", help="Aspect id to add to; with --new-aspect, the new aspect's id "
        "(default: the next free one).", autocompletion=complete_aspect, show_default=False)] = None,
    new_aspect: Annotated[Optional[str], typer.Option(
        "--new-aspect", metavar="TITLE", help="Create an aspect (方面) with this title first.",
        show_default=False)] = None,
    category: Annotated[Optional[str], typer.Option(
        "--category", help="With --new-aspect: its category (问题类别); it goes after the last "
        "aspect of that category.", show_default=False)] = None,
    issue_id: Annotated[Optional[str], typer.Option(
        "--id", help="The new issue's id (default: next in the aspect, A2-3 after A2-2).",
        show_default=False)] = None,
    summary: Annotated[Optional[str], typer.Option("--summary", help="General approach (整改思路).",
                                                   show_default=False)] = None,
    owner: OwnerOpt = None,
    leader: LeaderOpt = None,
    deadline: DeadlineOpt = None,
    measure: Annotated[Optional[list[str]], typer.Option(
        "--measure", "-m", help="A measure (整改措施); repeat for several.", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="YYYY-MM-DD", help="The day the issue entered the ledger, recorded as `raised` "
        "when after the round's feedback date.  Default: today, recorded only when the round has a "
        "notice dated by then (a ledger typed in after the fact belongs to its feedback).",
        show_default=False)] = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add an issue (status not started) to an aspect and print its new id.

    The id is the next free one in the aspect's numbering; the issue is
    written after the aspect's last issue, in the file's own style.

    Example: rectrack add --round hd-2023-r6-zgc --aspect A2 --title "规范便民服务网点管理" --owner 社区建设办 --deadline 2024-09-30
    """
    from ..edit import NewIssue, add_issue
    from ..lookup import find_round

    if category is not None and new_aspect is None:
        raise typer.BadParameter(said("category-needs-new-aspect"), param_hint="'--category'")
    new = NewIssue(title=title, aspect_id=aspect, new_aspect=new_aspect, category=category,
                   issue_id=issue_id, summary=summary, owner=owner, leader=leader,
                   deadline=_date(deadline, "deadline", "整改时限"), measures=tuple(measure or ()),
                   raised=_date(date, "date", "日期"), today=as_of_date(None))
    chosen = language(lang)
    found = _run(lambda: find_round(paths_or_data(None, data), round_id), chosen)
    result = _run(lambda: add_issue(found.path, new, prior=found.doc, dry_run=dry_run), chosen)
    if not dry_run:
        typer.echo(result.target)
    _report(result, "added", dry_run, chosen)


@app.command()
def update(
    ctx: typer.Context,
    ref: IssueArg,
    status: Annotated[Optional[str], typer.Option(
        "--status", "-s", help="New status: not_started, in_progress, substantially_completed, "
        "completed, or 未启动/正在推进/基本完成/已完成.", autocompletion=complete_status,
        show_default=False)] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="What happened (进展说明).",
                                                show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Date of the history entry (and of completion) "
        "(default: today).", show_default=False)] = None,
    by: Annotated[Optional[str], typer.Option("--by", envvar="RECTRACK_BY",
                                              help="Who records it (记录人); default $RECTRACK_BY.",
                                              show_default=False, show_envvar=False)] = None,
    owner: OwnerOpt = None,
    leader: LeaderOpt = None,
    deadline: DeadlineOpt = None,
    evidence: Annotated[Optional[list[str]], typer.Option(
        "--evidence", "-e", metavar="PATH_OR_URL", help="Evidence (佐证材料) to add; repeat for several.",
        show_default=False)] = None,
    extend_to: Annotated[Optional[str], typer.Option(
        "--extend-to", metavar="YYYY-MM-DD", help="Extend the deadline (延期) to this day; needs --reason "
        "and --approved-by. The original deadline is kept in `extensions`.", show_default=False)] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the deadline is extended (延期理由).",
                                                  show_default=False)] = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", help="Who approved the extension "
                                                       "(批准人).", show_default=False)] = None,
    review: Annotated[Optional[str], typer.Option(
        "--review", metavar="held|relapsed", help="Record a look-back review (回头看) of a completed issue: "
        "held (巩固), or relapsed (反弹: reopens it as in progress; needs --note).", show_default=False)] = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Accept a --date more than a year from today "
                                      "(otherwise refused: a mistyped year would go straight into the record).")] = False,
    lang: LangOpt = None,
) -> None:
    """Change an issue and append one history entry {date, status, from, note, by}.

    Moving to completed sets completed_on to the date; leaving completed
    removes it (the completion stays in the history).  A note alone is a
    valid update.  An empty --owner or --leader removes the field.  The
    file is validated before it is written; a change that would make it
    invalid writes nothing.

    Example: rectrack update A3-2 --status 已完成 --note "第7家养老驿站建成" --date 2024-05-06

    Example: rectrack update A4-1 --extend-to 2024-09-30 --reason "需协调市级部门" --approved-by 街道工委

    Example: rectrack update A1-1 --review relapsed --note "专家库长期未更新"
    """
    from ..edit import IssueChange, update_issue
    from ..lookup import find_issue

    if extend_to is None and (reason is not None or approved_by is not None):
        ctx.fail(said("approval-needs-extension"))
    if extend_to is not None and not ((reason or "").strip() and (approved_by or "").strip()):
        ctx.fail(said("extension-needs-reason"))
    if extend_to is not None and deadline is not None:
        ctx.fail(said("deadline-and-extension"))
    review_result = _review(ctx, review) if review is not None else None
    if review_result == "relapsed" and not (note or "").strip():
        ctx.fail(said("review-relapsed-note"))
    change = IssueChange(status=_status(status) if status is not None else None, note=note,
                         date=_date(date, "date", "日期"), by=by, owner=owner, leader=leader,
                         deadline=_date(deadline, "deadline", "整改时限"), evidence=tuple(evidence or ()),
                         extend_to=_date(extend_to, "--extend-to date", "--extend-to 日期"), reason=reason,
                         approved_by=approved_by, review=review_result)
    if change.is_empty():
        ctx.fail(said("nothing-to-update"))
    chosen = language(lang)
    if change.date is not None and abs((change.date - today()).days) > 365 and not yes:
        from ..problems import RectrackError

        fail_with(RectrackError(code="date-far", date=change.date, today=today()), chosen)
    found = _run(lambda: find_issue(paths_or_data(None, data), ref), chosen)
    warn_unread(found)
    result = _run(lambda: update_issue(found.path, found.issue_id, change, today=today(),
                                       prior=found.doc, dry_run=dry_run), chosen)
    _report(result, "updated", dry_run, chosen)


def _review(ctx: typer.Context, word: str) -> str:
    """held or relapsed, from the English or Chinese word; a usage error otherwise."""
    from ..model import REVIEW_ALIASES, REVIEW_RESULTS

    text = word.strip()
    if text.lower() in REVIEW_RESULTS:
        return text.lower()
    for result, aliases in REVIEW_ALIASES.items():
        if text in aliases:
            return result
    ctx.fail(said("bad-review", word=repr(word), word_zh=word))


def _load_issue(ref: str, data: Path | None, day=None, lang: str = "en"):
    """The row of issue `ref` from its validated file (as it stood on `day`, when given), and its line.

    Stops on errors, and on a day before the round's feedback date.
    """
    from ..listing import issue_rows
    from ..loader import validate_parsed
    from ..lookup import find_issue

    found = _run(lambda: find_issue(paths_or_data(None, data), ref), lang)
    warn_unread(found)
    model, problems = validate_parsed(found.parsed)  # the lookup's own read of the file
    if model is None:
        say_problems([p for p in problems if p.is_error])
        refuse("issue-file-invalid", file=found.display)
    if day is not None:
        from ..timeline import round_as_of

        if model.round.feedback > day:
            refuse("issue-before-feedback", round=model.round.id, feedback=model.round.feedback, day=day,
                   id=found.issue_id)
        model = round_as_of(model, day)
    rows = [r for r in issue_rows([(found.display, model)]) if r.issue.id == found.issue_id]
    return rows[0], found.line


@app.command()
def show(
    ref: IssueArg,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one issue in full: aspect, owner, deadline (days left or over), measures, evidence, history.

    With --as-of, the issue as it stood on that day: its status, deadline
    and history then.

    Example: rectrack show A3-2 --as-of 2024-06-30
    """
    from ..listing import issue_detail
    from ..render.escape import safe_json
    from ._app import language, overdue_rule

    day = as_of_date(as_of)
    row, line = _load_issue(ref, data, day, language(lang))
    if as_json:
        sys.stdout.write(safe_json(issue_detail(row, day, overdue_rule(), line)))
        return
    from ..render.issues import render_issue
    from ..render.text import make_console

    render_issue(make_console(), row, language(lang), day, overdue_rule(), line)


def _check_known(given: list[str] | None, known: list[str], what: str) -> None:
    """Stop (exit 1) naming the rounds or aspects (`what`) given that are not `known`, and those that are."""
    unknown = [g for g in (given or []) if g not in known]
    if unknown:
        refuse(f"no-such-{what}s", names=", ".join(repr(u) for u in unknown),
               names_zh="、".join(f"“{u}”" for u in unknown), known=", ".join(known) or "none",
               known_zh="、".join(known) or "无")


TABLE_LIMIT = 100  # rows `list` draws by default: rich takes about 0.5 ms a row


@app.command("list")
def list_issues(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    status: Annotated[Optional[list[str]], typer.Option(
        "--status", "-s", help="Only this status (Chinese words work too); repeat for several.",
        autocompletion=complete_status, show_default=False)] = None,
    owner: Annotated[Optional[str], typer.Option(
        "--owner", help="Only issues whose owner contains this text.", autocompletion=complete_owner,
        show_default=False)] = None,
    round_id: Annotated[Optional[list[str]], typer.Option(
        "--round", "-r", help="Only this round; repeat for several.", autocompletion=complete_round,
        show_default=False)] = None,
    aspect: Annotated[Optional[list[str]], typer.Option(
        "--aspect", "-a", help="Only this aspect id; repeat for several.", autocompletion=complete_aspect,
        show_default=False)] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue issues (on --as-of).")] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Only issues not completed.")] = False,
    due_before: Annotated[Optional[str], typer.Option(
        "--due-before", metavar="YYYY-MM-DD", help="Only issues with a deadline before this day.",
        show_default=False)] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    by: ByOpt = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=0, help="Show at most this many issues; 0 shows all.  Default: 100 rows in the "
        "table (a terminal table of 10,000 rows takes seconds), every issue with --json.",
        show_default=False)] = None,
) -> None:
    """List issues, filtered: a table, or with --json a list of objects.

    Filters combine (all must hold).  Files with errors are reported on
    stderr, left out, and make the exit code 1.  With --as-of, statuses and
    deadlines as they stood on that day.

    With --by (unit, inspector, year, kind, owner; repeat for two levels)
    the issues come in group order, each group under a subtotal line; with
    --json, the same records in that order.

    Example: rectrack list --status substantially_completed --json

    Example: rectrack list --overdue --by unit
    """
    from .. import views
    from ..listing import IssueFilter, select_issues
    from ..problems import RectrackError
    from ._app import language, overdue_rule, say_left_out

    keys = group_keys(by)
    statuses = frozenset(_status(s) for s in status or ())
    before = _date(due_before, "--due-before date", "--due-before 日期")
    day, rule = as_of_date(as_of), overdue_rule()
    try:
        # From the cache when no file, nor the day or the rules, changed since a run that computed it.
        result = views.issues(paths_or_data(paths, data), day, rule)
    except RectrackError as exc:
        fail_with(exc)
    known = result.document["known"]
    _check_known(round_id, list(known), "round")
    _check_known(aspect, list(dict.fromkeys(a for r, aspects in known.items() for a in aspects
                                            if not round_id or r in round_id)), "aspect")
    where = IssueFilter(statuses=statuses, owner=owner, rounds=frozenset(round_id or ()),
                        aspects=frozenset(aspect or ()), overdue=overdue, open_only=open_only,
                        due_before=before)
    lang_code = language(lang)
    say_left_out(result.later, day, lang_code)
    records = select_issues(result.document["issues"], where)
    sections = []
    if keys:
        from ..groups import RoundFacts, record_items
        from ..groups import sections as group_sections

        facts = {rid: RoundFacts.from_json(rid, item) for rid, item in result.document["rounds"].items()}
        sections = group_sections(record_items(records, facts), keys)
        records = [records[i] for section in sections for i in section.members]
    if result.errors:
        say_problems(result.errors)
    if limit is None:
        limit = 0 if as_json else TABLE_LIMIT
    if as_json:
        from ..render.escape import safe_json_records

        # The same text as safe_json, sooner.
        sys.stdout.write(safe_json_records(records[:limit] if limit else records))
    else:
        from ..render.issues import render_list
        from ..render.text import make_console

        if keys:
            from ..render.groups import render_grouped_list

            render_grouped_list(make_console(), records, sections, lang_code, limit)
        else:
            render_list(make_console(), records, lang_code, limit)
    if result.errors:
        refuse("files-left-out", n=len({p.path for p in result.errors}))


@app.command()
def log(
    ref: Annotated[Optional[str], typer.Argument(
        metavar="ID", help="Only this issue (A2-3 or ROUND_ID/A2-3); default: every issue.",
        autocompletion=complete_issue, show_default=False)] = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="YYYY-MM-DD", help="Only entries dated on or after this day.",
        show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many; 0 shows all.")] = 0,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show history entries (整改进展), newest first, of one issue or of all.

    Example: rectrack log --since 2024-01-01
    """
    from ..listing import history_log, issue_rows, log_record
    from ..render.escape import safe_json
    from ._app import language, load_ledger

    start = _date(since, "--since date", "--since 日期")
    errors = []
    if ref is not None:
        rows = [_load_issue(ref, data, lang=language(lang))[0]]
    else:
        ledger = load_ledger(None, data)
        rows, errors = issue_rows(ledger.pairs()), ledger.errors
    entries = history_log(rows, start)
    if limit:
        entries = entries[:limit]
    if errors:
        say_problems(errors)
    if as_json:
        sys.stdout.write(safe_json([log_record(e) for e in entries]))
    else:
        from ..render.issues import render_log
        from ..render.text import make_console

        render_log(make_console(), entries, language(lang))
    if errors:
        refuse("files-left-out", n=len({p.path for p in errors}))


@app.command()
def fix(
    paths: PathsArg = None,
    data: DataOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the repairs as a diff and write nothing.")] = False,
    lang: LangOpt = None,
) -> None:
    """Repair the slips whose fix is certain (full-width '：' after a key, 2024/6/30 …) and change nothing else.

    Every other byte of the file stays as it was: comments, BOM, CRLF line
    endings.  Files are written atomically under the same lock as `update`.
    Prints what was fixed, line by line, and what is left for a person (a
    file that cannot be read as text is left as it is, its problems among
    them); exits 1 when errors are left, 0 otherwise.

    Example: rectrack fix --dry-run data/issues.yaml
    """
    from ..loader import display_path, find_round_files
    from ..problems import RectrackError
    from ..render.escape import clean
    from ..render.problems import format_text, localize
    from ..repair import fix_file

    chosen = language(lang)
    try:
        files, refused = find_round_files(paths_or_data(paths, data))
    except RectrackError as exc:
        fail_with(exc)
    # The diff alone on stdout with --dry-run, so that it can be piped to `git apply`.
    report = sys.stderr if dry_run else sys.stdout
    results = []
    for path in files:
        # Each file's repairs are said as it is written, so that a later file that stops
        # the command (its lock taken, changed meanwhile) cannot hide what was done before it.
        result = _run(lambda path=path: fix_file(path, display_path(path), dry_run=dry_run), chosen)
        results.append(result)
        if dry_run:
            sys.stdout.write(clean(result.diff(), keep_newlines=True))
        for problem in result.fixed:
            report.write(clean(_fixed_line(problem, chosen, dry_run)) + "\n")
        report.flush()
    left = sorted(refused + [p for result in results for p in result.left], key=lambda p: p.sort_key())
    report.write(format_text(localize(left, chosen)))
    report.flush()
    fixed = sum(len(r.fixed) for r in results)
    touched = sum(1 for r in results if r.changed)
    say(_fix_summary(chosen, fixed, touched, len(left), dry_run))
    raise typer.Exit(1 if any(p.is_error for p in left) else 0)


def _fixed_line(problem, lang: str, dry_run: bool) -> str:
    from ..messages import localized
    from ..replies import reply

    return reply("slip-would-fix" if dry_run else "slip-fixed", lang,
                 place=f"{problem.path}:{problem.line}:{problem.column}",
                 message=localized(problem, lang, hint=False), code=problem.code)


def _fix_summary(lang: str, fixed: int, files: int, left: int, dry_run: bool) -> str:
    from ..replies import reply

    key = "fix-summary" + ("-dry" if dry_run else "") + ("-left" if left else "")
    return reply(key, lang, fixed=fixed, files=files, left=left)
