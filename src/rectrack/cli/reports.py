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
    ByOpt,
    DataOpt,
    LangOpt,
    NoCacheOpt,
    PathsArg,
    app,
    as_of_date,
    complete_lang,
    env_language,
    fail_with,
    group_keys,
    guard_output,
    lang_option,
    language,
    load_ledger,
    paths_or_data,
    refuse,
    rounds_on,
    said,
    say_done,
    say_problems,
)


class NoticeFormat(str, Enum):
    text = "text"
    md = "md"
    html = "html"
    docx = "docx"


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    docx = "docx"


OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                 help="Write to FILE (atomically; never onto a file read, a round file or a .yaml in the data folder) instead of stdout (`-`).", show_default=False),
]

# Also the language of what the command says (as --lang of other commands); zh_CN, zh-Hans, cn mean Chinese.
DocLangOpt = Annotated[
    Optional[str],
    typer.Option("--lang", callback=lang_option, is_eager=True, metavar="zh|en", autocompletion=complete_lang,
                 help="Language of the document and of messages (default $RECTRACK_LANG, else the "
                 "language the round is written in).", show_default=False),
]

KeepPunctuationOpt = Annotated[
    bool,
    typer.Option("--keep-punctuation", help="Print the data's punctuation as typed. By default, in "
                 "Chinese output, half-width , ; : ( ) between Chinese characters become ， ； ： （ ）; "
                 "the YAML is never changed."),
]

_NOTICE_SUFFIXES = {".txt": NoticeFormat.text, ".text": NoticeFormat.text,
                    ".md": NoticeFormat.md, ".markdown": NoticeFormat.md,
                    ".html": NoticeFormat.html, ".htm": NoticeFormat.html, ".docx": NoticeFormat.docx}
_EXPORT_SUFFIXES = {".csv": ExportFormat.csv, ".xlsx": ExportFormat.xlsx, ".json": ExportFormat.json,
                    ".docx": ExportFormat.docx}
_BINARY = {"xlsx", "docx"}


def _chosen_format(output_format, output: Path | None, suffixes: dict, default):
    """--format, else the format -o's suffix names, else `default`; exit 2 on a suffix it cannot write.

    A file named notice.xls or 台账.txt would hold something else than its
    name says, so without --format it is refused before anything is read or
    created, as is a --format that contradicts a suffix it knows.  With
    --format, an unknown suffix is the user's choice (`-f json -o notes.yaml`).
    """
    suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
    if suffix and suffix not in suffixes and output_format is None:
        by_format: dict[str, list[str]] = {}
        for known, fmt in suffixes.items():
            by_format.setdefault(fmt.value, []).append(known)
        names = ", ".join(f"{fmt} ({' '.join(known)})" for fmt, known in by_format.items())
        raise typer.BadParameter(said("output-suffix", suffix=suffix, names=names), param_hint="'--output' / '-o'")
    implied = suffixes.get(suffix)
    if output_format is not None and implied is not None and implied is not output_format:
        raise typer.BadParameter(said("format-contradicts", format=output_format.value, name=output.name,
                                       implied=implied.value), param_hint="'--format' / '-f'")
    return output_format or implied or default


def _inputs(paths, data) -> list[Path]:
    """The round files a command will read, found without reading them (for the -o rule)."""
    from ..loader import find_round_files
    from ..problems import RectrackError

    try:
        return find_round_files(paths_or_data(paths, data))[0]
    except RectrackError:
        return []  # no such path: the command itself says so


def _refuse_binary_on_terminal(chosen, output: Path | None) -> None:
    from ..output import is_stdout

    if chosen.value in _BINARY and is_stdout(output) and sys.stdout.isatty():
        refuse("binary-on-terminal", format=chosen.value)


def _refuse_errors(ledger, what: str, what_zh: str) -> None:
    """Print the problems of files with errors on stderr and stop with exit 1 (`what`: "a notice", in both languages)."""
    if not ledger.errors:
        return

    say_problems(ledger.errors)
    refuse("files-with-errors", n=len({p.path for p in ledger.errors}), what=what, what_zh=what_zh)


def _document_lang(lang, models) -> str:
    """The language of a document handed on: --lang or $RECTRACK_LANG, else the data's own.

    Unlike terminal labels, a notice or a ledger does not follow the
    locale of whoever runs the command: a Chinese ledger stays Chinese.
    """
    from ..report import data_language

    if lang is not None or env_language() is not None:
        return language(lang)
    return data_language(models)


def _emit(data: bytes, output: Path | None, what: tuple[str, dict], read=(), paths=None, data_opt=None) -> None:
    """`data` to FILE (see `rectrack.output`: never onto an input), or to stdout (no FILE, or `-`).

    `what` names the document for the "wrote" line: a key of `replies.DONE` and its values.
    """
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

    guard_output(output, read, paths, data_opt)
    try:
        write_output(output, data)
    except RectrackError as exc:
        fail_with(exc)
    say_wrote(display_path(output), *what)


def say_wrote(path: str, key: str, values: dict) -> None:
    """On stderr: "rectrack: wrote PATH (…)", the document described by `key` of `replies.DONE` and `values`."""
    from ..replies import reply

    say_done("wrote", path=path, what=reply(key, "en", **values), what_zh=reply(key, "zh", **values))


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
        typer.Option("--format", "-f", help="text (as published), md, html (one printable file "
                     "with a chart) or docx (Word, GB/T 9704 公文 layout). Default: from the -o "
                     "suffix, else text.", show_default=False),
    ] = None,
    lang: DocLangOpt = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    keep_punctuation: KeepPunctuationOpt = False,
    with_ledger: Annotated[
        bool,
        typer.Option("--with-ledger", help="With --format docx: append the ledger as 附件1 "
                     "(landscape table pages)."),
    ] = False,
    supplied_headings: Annotated[
        bool,
        typer.Option("--supplied-headings", help="Print the headings the data marks as supplied "
                     "(aspect `supplied:`), marked （整理补充）; by default they are left out, as the "
                     "published notice leaves them out."),
    ] = False,
    outcomes_line: Annotated[
        bool,
        typer.Option("--outcomes", help="Add the sentence with the summed outcomes (通过整改，建立修订制度6项……)."),
    ] = False,
) -> None:
    """Write the public progress notice (整改进展情况通报) of a round, every figure computed.

    The notice follows the published shape: the opening (who inspected whom,
    when), how the rectification was organised, the sentence with the
    figures, each category, aspect and issue with its measures, next steps
    and the contact footer.  Exits 1 when a file has errors.

    With --as-of the notice reads as it would have on that day: statuses
    and figures as they stood then, "截至<that day>", dated that day (see
    "Dates and time" in the README).  --format docx writes a Word document
    laid out per GB/T 9704 (see "Word documents" in the README).

    Example: rectrack report data/issues.yaml --format html -o notice.html
    """
    from ..render.notice import FORMATS
    from ..report import build_notice
    from ..timeline import round_as_of

    if output is not None:
        # Before the format is chosen: an input named as -o is refused as what it is.
        guard_output(output, _inputs([path] if path else None, data), [path] if path else None, data)
    chosen = _chosen_format(output_format, output, _NOTICE_SUFFIXES, NoticeFormat.text)
    if with_ledger and chosen is not NoticeFormat.docx:
        raise typer.BadParameter(said("with-ledger-docx"), param_hint="'--with-ledger'")
    _refuse_binary_on_terminal(chosen, output)
    ledger = load_ledger([path] if path else None, data)
    _refuse_errors(ledger, "a notice", "通报")
    rounds = ledger.rounds
    if round_id is not None:
        rounds = [r for r in rounds if r.model.round.id == round_id]
        if not rounds:
            known = [r.model.round.id for r in ledger.rounds]
            refuse("no-such-rounds", names=repr(round_id), names_zh=f"“{round_id}”", known=", ".join(known) or "none",
                   known_zh="、".join(known) or "无")
    if not rounds:
        refuse("no-round-files-name-one")
    if len(rounds) > 1:
        refuse("rounds-choose-one", n=len(rounds), known=", ".join(r.model.round.id for r in rounds))
    day = as_of_date(as_of)
    meta = rounds[0].model.round
    if meta.feedback > day:
        refuse("fed-back-after", id=meta.id, feedback=meta.feedback, day=day)
    model = round_as_of(rounds[0].model, day)
    lang_code = _document_lang(lang, [model])
    normalise = not keep_punctuation
    notice = build_notice(model, lang_code, as_of=day if as_of is not None else None,
                          normalise_punctuation=normalise, supplied_headings=supplied_headings,
                          outcomes_line=outcomes_line)
    what = {"format": chosen.value, "round": rounds[0].model.round.id}
    if chosen is NoticeFormat.docx:
        from ..worddoc import ledger_for, notice_docx

        attached = ledger_for([model], lang_code, normalise and lang_code == "zh") if with_ledger else None
        _emit(notice_docx(notice, attached), output,
              ("wrote.notice-with-ledger" if with_ledger else "wrote.notice", what),
              [r.path for r in ledger.rounds], [path] if path else None, data)
        return
    _emit(FORMATS[chosen.value](notice).encode("utf-8"), output, ("wrote.notice", what),
          [r.path for r in ledger.rounds], [path] if path else None, data)


@app.command()
def export(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    output_format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="csv (UTF-8 with BOM, for Excel), xlsx, json "
                     "(the validated data) or docx (a Word table). Default: from the -o suffix, "
                     "else csv.", show_default=False),
    ] = None,
    lang: DocLangOpt = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    keep_punctuation: KeepPunctuationOpt = False,
    by: ByOpt = None,
) -> None:
    """Export the ledger (整改台账), one row per issue, for Excel, WPS or another program.

    Columns: 序号, 轮次, 问题类别, 方面, 问题, 整改措施, 责任领导, 责任部门,
    整改时限, 整改状态, 完成时间, 佐证材料, 最新进展, 延期情况 (English with --lang en).
    The xlsx has a second sheet with the per-aspect summary; docx is the
    ledger as a landscape A4 Word table, its header row on every page.  Text
    a spreadsheet would run as a formula is prefixed with an apostrophe.
    Chinese text is given full-width punctuation (not in json, which is the
    data as validated) unless --keep-punctuation.
    Exits 1 when a file has errors.  With --as-of, the ledger as it stood on
    that day (statuses, deadlines, latest progress).

    With --by (unit, inspector, year, kind, owner; repeat for two levels)
    the rows come in group order; the xlsx gets a 汇总表 sheet with a row
    per group and the total, the json a "groups" list.

    Example: rectrack export --format xlsx -o 台账.xlsx

    Example: rectrack export --by unit -o 汇总.xlsx data/
    """
    from .. import export as exporter

    if output is not None:
        # Before the format is chosen: an input named as -o is refused as what it is.
        guard_output(output, _inputs(paths, data), paths, data)
    chosen = _chosen_format(output_format, output, _EXPORT_SUFFIXES, ExportFormat.csv)
    _refuse_binary_on_terminal(chosen, output)
    keys = group_keys(by)
    ledger = load_ledger(paths, data)
    _refuse_errors(ledger, "an export", "导出文件")
    if not ledger.rounds:
        refuse("no-round-files-found")
    pairs = rounds_on(ledger, as_of_date(as_of), language(lang))
    if not pairs:
        refuse("none-fed-back", day=as_of_date(as_of))
    models = [model for _, model in pairs]
    lang_code = _document_lang(lang, models)
    fullwidth = lang_code == "zh" and not keep_punctuation
    rows, groups, total = exporter.ledger_rows(models, fullwidth), [], None
    if keys:
        from dataclasses import replace

        from .. import groups as grouping
        from ._app import overdue_rule

        items = grouping.model_items(pairs, as_of_date(as_of), overdue_rule())
        cells = grouping.cells(items)
        groups, total = grouping.group(cells, keys), grouping.total(cells)
        # 序号 numbers the rows as they now stand.
        rows = [replace(rows[i], no=n) for n, i in enumerate(grouping.grouped_order(items, keys), start=1)]
    if chosen is ExportFormat.csv:
        payload = exporter.to_csv(rows, lang_code)
    elif chosen is ExportFormat.xlsx:
        payload = exporter.to_xlsx(models, lang_code, rows, groups, total, fullwidth)
    elif chosen is ExportFormat.docx:
        from ..worddoc import ledger_docx, ledger_for

        payload = ledger_docx(ledger_for(models, lang_code, fullwidth))
    else:
        payload = exporter.to_json(pairs, groups)
    issues = sum(1 for m in models for _ in m.issues())
    _emit(payload, output, ("wrote.export", {"format": chosen.value, "rounds": len(models), "issues": issues}),
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
    from ..gitdiff import diff_since
    from ..problems import RectrackError
    from ..render.escape import safe_json

    try:
        result, current, old = diff_since(rev, paths_or_data(paths, data))
    except RectrackError as exc:
        fail_with(exc)
    problems = current.errors + [p for p in old.problems if p.is_error]
    if problems:

        say_problems(problems)
        refuse("files-with-errors-compare", n=len({p.path for p in problems}))
    if as_json:
        sys.stdout.write(safe_json(result.as_json()))
        return
    from ..render.diff import render_diff
    from ..render.text import make_console

    render_diff(make_console(), result, language(lang))
