"""Documents people hand on: `report` (the public notice), `export` (the ledger), `diff` (what changed).

Each refuses to produce anything from files with errors: a notice or a
ledger sent upward must not silently leave a round out.  Output goes to
stdout, or with `-o FILE` to a file written atomically (a reader never sees
half a spreadsheet); the format follows `--format`, else the file's suffix.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import (
    AsOfOpt,
    DataOpt,
    NoCacheOpt,
    Lang,
    LangOpt,
    PathsArg,
    app,
    as_of_date,
    env_language,
    fail,
    guard_output,
    language,
    load_ledger,
    rounds_on,
)


class NoticeFormat(str, Enum):
    text = "text"
    md = "md"
    html = "html"


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                 help="Write to FILE (atomically; never onto a file read, a round file or a .yaml in the data folder) instead of stdout (`-`).", show_default=False),
]

DocLangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", help="Language of the document (default $RECTRACK_LANG, else the "
                 "language the round is written in).", show_default=False),
]

_NOTICE_SUFFIXES = {".md": NoticeFormat.md, ".markdown": NoticeFormat.md,
                    ".html": NoticeFormat.html, ".htm": NoticeFormat.html}
_EXPORT_SUFFIXES = {".csv": ExportFormat.csv, ".xlsx": ExportFormat.xlsx, ".json": ExportFormat.json}


def _refuse_errors(ledger, what: str) -> None:
    """Print the problems of files with errors on stderr and stop with exit 1."""
    if not ledger.errors:
        return
    from ..render.problems import format_text

    sys.stderr.write(format_text(ledger.errors))
    files = len({p.path for p in ledger.errors})
    fail(f"{files} file(s) with errors; fix them before making {what} (see rectrack validate)")


def _document_lang(lang, models) -> str:
    """The language of a document handed on: --lang or $RECTRACK_LANG, else the data's own.

    Unlike terminal labels, a notice or a ledger does not follow the
    locale of whoever runs the command: a Chinese ledger stays Chinese.
    """
    from ..report import data_language

    if lang is not None or env_language() is not None:
        return language(lang)
    return data_language(models)


def _emit(data: bytes, output: Path | None, what: str, read=(), paths=None, data_opt=None) -> None:
    """`data` to FILE (see `rectrack.output`: never onto an input), or to stdout (no FILE, or `-`)."""
    from ..output import is_stdout

    if is_stdout(output) and sys.stdout.isatty():
        # A person reads it here: data must not paint on the terminal. A pipe or a file gets the bytes as they are.
        from ..render.escape import clean

        sys.stdout.write(clean(data.decode("utf-8", "replace").removeprefix("\ufeff"), keep_newlines=True))
        return
    if is_stdout(output):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ..loader import display_path
    from ..output import write_output
    from ..problems import RectrackError
    from ..render.escape import clean

    guard_output(output, read, paths, data_opt)
    try:
        write_output(output, data)
    except RectrackError as exc:
        fail(str(exc))
    typer.echo(f"rectrack: wrote {clean(display_path(output))} ({what})", err=True)


@app.command()
def report(
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="PATH", help="A round file, or a folder holding one round "
                       "(default: --data, $RECTRACK_DATA or ./data).", show_default=False),
    ] = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    round_id: Annotated[
        Optional[str],
        typer.Option("--round", "-r", metavar="ID",
                     help="The round to report when PATH holds several.", show_default=False),
    ] = None,
    output_format: Annotated[
        Optional[NoticeFormat],
        typer.Option("--format", "-f", help="text (as published), md, or html (one printable file "
                     "with a chart). Default: from the -o suffix, else text.", show_default=False),
    ] = None,
    lang: DocLangOpt = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Write the public progress notice (整改进展情况通报) of a round, every figure computed.

    The notice follows the published shape: the opening (who inspected whom,
    when), how the rectification was organised, the sentence with the
    figures, each category, aspect and issue with its measures, next steps
    and the contact footer.  Exits 1 when a file has errors.

    With --as-of the notice reads as it would have on that day: statuses
    and figures as they stood then (see "Dates and time" in the README).

    Example: rectrack report data/issues.yaml --format html -o notice.html
    """
    from ..render.notice import FORMATS
    from ..report import build_notice
    from ..timeline import round_as_of

    ledger = load_ledger([path] if path else None, data)
    _refuse_errors(ledger, "a notice")
    rounds = ledger.rounds
    if round_id is not None:
        rounds = [r for r in rounds if r.model.round.id == round_id]
        if not rounds:
            known = ", ".join(r.model.round.id for r in ledger.rounds) or "none"
            fail(f"no round '{round_id}' found (rounds: {known})")
    if not rounds:
        fail("no round files found; name a round file")
    if len(rounds) > 1:
        known = ", ".join(r.model.round.id for r in rounds)
        fail(f"{len(rounds)} rounds found ({known}); choose one with --round ID or name its file")
    chosen = output_format or (_NOTICE_SUFFIXES.get(output.suffix.lower()) if output else None) \
        or NoticeFormat.text
    day = as_of_date(as_of)
    meta = rounds[0].model.round
    if meta.feedback > day:
        fail(f"round {meta.id} was fed back on {meta.feedback}, after {day}: there is no notice as of that day")
    model = round_as_of(rounds[0].model, day)
    notice = build_notice(model, _document_lang(lang, [model]))
    text = FORMATS[chosen.value](notice)
    _emit(text.encode("utf-8"), output, f"{chosen.value} notice of round {rounds[0].model.round.id}",
          [r.path for r in ledger.rounds], [path] if path else None, data)


@app.command()
def export(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    output_format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="csv (UTF-8 with BOM, for Excel), xlsx, or json "
                     "(the validated data). Default: from the -o suffix, else csv.", show_default=False),
    ] = None,
    lang: DocLangOpt = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Export the ledger (整改台账), one row per issue, for Excel, WPS or another program.

    Columns: 序号, 轮次, 问题类别, 方面, 问题, 整改措施, 责任领导, 责任部门,
    整改时限, 整改状态, 完成时间, 佐证材料, 最新进展, 延期情况 (English with --lang en).
    The xlsx has a second sheet with the per-aspect summary.  Text a
    spreadsheet would run as a formula is prefixed with an apostrophe.
    Exits 1 when a file has errors.  With --as-of, the ledger as it stood on
    that day (statuses, deadlines, latest progress).

    Example: rectrack export --format xlsx -o 台账.xlsx
    """
    from .. import export as exporter
    from ..output import is_stdout

    chosen = output_format or (_EXPORT_SUFFIXES.get(output.suffix.lower()) if output else None) \
        or ExportFormat.csv
    if chosen is ExportFormat.xlsx and is_stdout(output) and sys.stdout.isatty():
        fail("xlsx is a binary file; write it with -o FILE (or redirect stdout to a file)")
    ledger = load_ledger(paths, data)
    _refuse_errors(ledger, "an export")
    if not ledger.rounds:
        fail("no round files found")
    pairs = rounds_on(ledger, as_of_date(as_of), language(lang))
    if not pairs:
        fail(f"no round had been fed back by {as_of_date(as_of)}")
    models = [model for _, model in pairs]
    lang_code = _document_lang(lang, models)
    if chosen is ExportFormat.csv:
        payload = exporter.to_csv(exporter.ledger_rows(models), lang_code)
    elif chosen is ExportFormat.xlsx:
        payload = exporter.to_xlsx(models, lang_code)
    else:
        payload = exporter.to_json(pairs)
    issues = sum(1 for m in models for _ in m.issues())
    _emit(payload, output, f"{chosen.value}, {len(models)} round(s), {issues} issue(s)",
          [r.path for r in ledger.rounds], paths, data)


@app.command()
def diff(
    rev: Annotated[str, typer.Argument(metavar="REV",
                                       help="A git revision: a tag, a commit, HEAD~3, @{1.week.ago}.")],
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the differences as JSON.")] = False,
    lang: LangOpt = None,
) -> None:
    """Show what changed in the ledger since a git revision: statuses, issues added or removed, new notes, totals.

    The files as they were at REV are read with `git show`; a file unknown
    at REV counts as added.  Uncommitted edits count as now.  Exits 1
    outside a git repository, for an unknown REV, or when files have errors
    (now or at REV).

    Example: rectrack diff HEAD~1
    """
    from ..render.escape import safe_json

    from ..gitdiff import diff_since
    from ..problems import RectrackError
    from ._app import paths_or_data

    try:
        result, current, old = diff_since(rev, paths_or_data(paths, data))
    except RectrackError as exc:
        fail(str(exc))
    problems = current.errors + [p for p in old.problems if p.is_error]
    if problems:
        from ..render.problems import format_text

        sys.stderr.write(format_text(problems))
        files = len({p.path for p in problems})
        fail(f"{files} file(s) with errors; cannot compare them")
    if as_json:
        sys.stdout.write(safe_json(result.as_json()))
        return
    from ..render.diff import render_diff
    from ..render.text import make_console

    render_diff(make_console(), result, language(lang))
