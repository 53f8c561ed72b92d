"""`rectrack import`: bring in the ledger (整改台账) an office already keeps in Excel, WPS or CSV.

Parse the options, call `io.ledger.import_ledger`, print the report, write
the round file atomically.  Missing round facts (id, title, unit, feedback
date) are asked for on a terminal, like `init`; elsewhere they are an error
naming the flag.
"""

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import (
    DataOpt,
    LangOpt,
    app,
    bad_option,
    day_option,
    fail_with,
    paths_or_data,
    refuse,
    run_language,
    say,
    say_done,
    today,
)

KIND_HELP = "inspection (巡察), audit (审计) or other (其他); default: audit when the title says 审计."
_ORDER = {"error": 0, "warning": 1, "guess": 2, "skip": 3, "info": 4}
# The kinds of report note, as the Chinese report names them.
_KIND_ZH = {"error": "错误", "warning": "警告", "guess": "推断", "skip": "略过", "info": "说明"}



# How a date option is named when its value is not a date: the flag in English, its name in Chinese.
_DATE_NAMES_ZH = {"--feedback": "反馈日期", "--as-of": "填报日期"}


def _day(text: Optional[str], flag: str):
    return None if text is None else day_option(text, flag, param_hint=flag, what_zh=_DATE_NAMES_ZH[flag])


def _interactive() -> bool:
    return sys.stdin.isatty()


@contextlib.contextmanager
def _progress_bar(shown: str, lang: str):
    """A progress callback: a bar on stderr when it is a terminal, else nothing at all."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    from ..replies import reply

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(reply("import-reading", lang, path=shown), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _report(result, shown: str, lang: str) -> None:
    """The import report on stderr, in `lang`: a summary line, then every note with its cell."""
    from ..io.ledger import encoding_name
    from ..replies import reply

    figures = {"path": shown, "format": result.format, "row": result.header_row, "rows": result.rows_read,
               "issues": result.issues, "aspects": result.aspects}
    if result.format != "csv":
        say(reply("import-read", lang, sheet=result.sheet, **figures))
    else:
        say(reply("import-read-csv", lang, encoding=encoding_name(result.encoding, lang), **figures))
    for note in sorted(result.notes, key=lambda n: _ORDER[n.kind]):
        place = f"{shown}:{note.where}" if note.where else shown
        say(reply("import-note", lang, place=place, kind=note.kind, kind_zh=_KIND_ZH[note.kind],
                   message=note.text(lang)))


def _ask_missing(result, answers: dict, target: Optional[Path]) -> dict:
    """Prompt for the round facts the ledger does not give; only on a terminal."""
    from ..edit import parse_date
    from ..problems import RectrackError
    from ..replies import error_text

    prompts = {"--id": "Round id (轮次编号)", "--title": "Title (标题)", "--unit": "Inspected unit (被巡察单位)",
               "--feedback": "Feedback date (反馈日期) YYYY-MM-DD"}
    for flag in result.missing:
        default = None
        if flag == "--id" and target is not None and target.stem[:1].isalnum():
            default = target.stem
        while True:
            value = typer.prompt(prompts[flag], default=default)
            if flag != "--feedback":
                answers[flag] = value.strip()
                break
            try:
                answers[flag] = parse_date(value, "feedback date", _DATE_NAMES_ZH["--feedback"])
                break
            except RectrackError as exc:
                say(error_text(exc, run_language()))
    return answers


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The ledger: .xlsx, .xls, .ods or .csv (UTF-8 or GBK).",
                                         dir_okay=False, show_default=False)],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Round file to write (default: ROUND_ID.yaml in the data location).",
        dir_okay=False, show_default=False)] = None,
    round_id: Annotated[Optional[str], typer.Option("--id", help="Round id (轮次编号), e.g. 2024-r3.",
                                                    show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option(
        "--title", help="Round title (default: the title row above the header).", show_default=False)] = None,
    unit: Annotated[Optional[str], typer.Option(
        "--unit", help="Inspected unit (default: the ledger's 填报单位).", show_default=False)] = None,
    feedback: Annotated[Optional[str], typer.Option(
        "--feedback", metavar="YYYY-MM-DD", help="Day the findings were handed over (反馈日期); "
        "also the year of deadlines such as 6月底.", show_default=False)] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help=KIND_HELP, show_default=False)] = None,
    inspector: Annotated[Optional[str], typer.Option(
        "--inspector", help="Inspection group or audit team (巡察组/审计组).", show_default=False)] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Day the ledger was filled in (default: its 填报日期): "
        "completions it does not date are completed_by that day, progress notes dated it.", show_default=False)] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", help="Sheet to import (default: the first with a recognisable header).",
        show_default=False)] = None,
    map_file: Annotated[Optional[Path], typer.Option(
        "--map", metavar="MAP.toml", help="A TOML file naming unusual columns (by header text or "
        "column letter), extra status words, the header row or the sheet; see the README.",
        dir_okay=False, show_default=False)] = None,
    aspect_title: Annotated[Optional[str], typer.Option(
        "--aspect-title", help="Title of the one aspect when the ledger has no categories or aspects "
        "(default: the sheet's name).", show_default=False)] = None,
    status: Annotated[Optional[str], typer.Option(
        "--status", help="Status of rows whose status cell is blank (or of every row, with no status "
        "column), e.g. not_started.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the report and the YAML; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing round file.")] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import an Excel, WPS, LibreOffice or CSV ledger (整改台账) as one round file.

    Finds the header under any title rows, maps the columns by the names
    offices use (or a --map file), reads aspects from merged cells, a column or
    heading rows, and splits numbered measures.  Prints a report of every value
    it interpreted and every row it left out, each with its cell; a cell it
    cannot read is an error, and nothing is written.

    Example: rectrack import 整改台账.xlsx -o data/2024-r3.yaml --id 2024-r3 --feedback 2024-03-01
    """
    from ..atomic import write_atomic
    from ..io.ledger import ImportOptions, ImportRefused, import_ledger, read_map
    from ..io.roundfile import imported_round
    from ..loader import DATA_SUFFIXES, display_path
    from ..messages import CHOICES_ZH
    from ..model import KIND_ALIASES
    from ..render.problems import format_text, localize
    from ..replies import error_text
    from ..vocabulary import parse_status

    chosen_lang = run_language()
    shown = display_path(file)
    if kind is not None and kind.strip().lower() not in KIND_ALIASES:
        raise bad_option("bad-round-kind", param_hint="--kind", value=kind)
    try:
        default_status = parse_status(status) if status is not None else None
    except ValueError as exc:  # carries its code and values, as `update --status` says it
        raise bad_option(exc.code, param_hint="--status", **{**exc.message_args, "choices_zh": CHOICES_ZH}) from None
    answers = {"--id": round_id, "--title": title, "--unit": unit, "--feedback": _day(feedback, "--feedback")}
    as_of_day = _day(as_of, "--as-of")
    if output is not None and output.suffix.lower() not in DATA_SUFFIXES:
        refuse("round-file-suffix", file=display_path(output))
    try:
        content = file.read_bytes()
    except FileNotFoundError:
        refuse("import-no-file", path=shown)
    except OSError as exc:
        refuse("import-unreadable", path=shown, reason=str(exc.strerror or exc))
    mapping = None
    if map_file is not None:
        try:
            mapping = read_map(map_file.read_text(encoding="utf-8-sig"), display_path(map_file))
        except (OSError, UnicodeDecodeError) as exc:
            refuse("import-unreadable", path=display_path(map_file), reason=str(exc))
        except ImportRefused as exc:
            fail_with(exc)

    def run():
        options = ImportOptions(
            round_id=answers["--id"], title=answers["--title"], unit=answers["--unit"],
            feedback=answers["--feedback"], kind=kind, inspector=inspector, as_of=as_of_day,
            sheet=sheet, aspect_title=aspect_title, status=default_status,
            **({"mapping": mapping} if mapping is not None else {}))
        try:
            with _progress_bar(shown, chosen_lang) as progress:
                return import_ledger(content, file.name, options, progress)
        except ImportRefused as exc:
            refuse("import-refused", file=shown, reason=str(exc), reason_zh=error_text(exc, "zh"))

    result = run()
    if result.missing and not result.errors:
        if not _interactive():
            _report(result, shown, chosen_lang)
            refuse("import-missing", flags=", ".join(result.missing), flags_zh="、".join(result.missing))
        _ask_missing(result, answers, output)
        result = run()
    if result.errors or result.data is None:
        _report(result, shown, chosen_lang)
        refuse("import-cells", file=shown, n=len(result.errors))
    round_key = result.data["round"]["id"]
    target = output or paths_or_data(None, data)[0] / f"{round_key}.yaml"
    if not dry_run:
        if (target.exists() or target.is_symlink()) and not force:
            refuse("import-exists", path=display_path(target))
        _refuse_taken_id(round_key, target, data)
    text, problems = imported_round(result, target, today())
    _report(result, shown, chosen_lang)
    errors = [p for p in problems if p.is_error]
    if problems:
        sys.stderr.write(format_text(localize(problems, chosen_lang)))
    if errors:
        refuse("import-invalid", n=len(errors))
    if dry_run:
        from ..render.escape import clean

        sys.stdout.write(clean(text, keep_newlines=True))
        say_done("dry-run", chosen_lang, path=display_path(target))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text.encode("utf-8"))
    say_done("imported", chosen_lang, path=display_path(target), round=round_key, issues=result.issues,
             aspects=result.aspects)


def _refuse_taken_id(round_id: str, target: Path, data: Optional[Path]) -> None:
    """Refuse a round id that another round file already uses: in the data location, or beside the new file.

    Beside it counts too: `rectrack validate` of that folder would then find the id twice.
    """
    from ..loader import load_paths
    from ..problems import RectrackError

    places = []
    for place in (paths_or_data(None, data)[0], target.parent):
        if place.exists() and all(place.resolve() != p.resolve() for p in places):
            places.append(place)
    if not places:
        return
    try:
        ledger = load_paths(places)
    except RectrackError:
        return
    for loaded in ledger.rounds:
        same_file = loaded.path.resolve() == target.resolve() if target.exists() else False
        if loaded.round_id == round_id and not same_file:
            refuse("import-id-taken", id=round_id, file=loaded.display)
