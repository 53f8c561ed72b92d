"""The typer app, the options commands share, and the console entry point.

Command modules beside this one register on `app`; heavy modules (pydantic,
ruamel, rich) are imported inside the commands, so `rectrack --version` and
shell completion start instantly.
"""

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from .. import __version__

app = typer.Typer(
    name="rectrack",
    help="Rectification ledgers (整改台账) as plain YAML files in git.\n\n"
    "Run `rectrack status` for the figures, `rectrack validate` to check files.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


# Whether this run has warned about $RECTRACK_LANG (see `language`); reset by `_root` on every run.
_lang_warned = False


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class ProblemFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"

    def resolved(self) -> "ProblemFormat":
        """`auto` is github under GitHub Actions (annotations on the lines), else text."""
        if self is not ProblemFormat.auto:
            return self
        import os

        return ProblemFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ProblemFormat.text


class GroupBy(str, Enum):
    unit = "unit"
    inspector = "inspector"
    year = "year"
    kind = "kind"
    owner = "owner"


ByOpt = Annotated[
    Optional[list[GroupBy]],
    typer.Option("--by", help="Group by unit, inspector, (feedback) year, kind or owner; "
                 "repeat for a second level, e.g. --by year --by unit.", show_default=False),
]


def group_keys(by: "list[GroupBy] | None") -> tuple[str, ...]:
    """The --by keys in order; a repeated key or a third level is a usage error (exit 2)."""
    from ..groups import check_keys
    from ..problems import BadValue

    keys = tuple(b.value for b in by or ())
    try:
        check_keys(keys)
    except BadValue as exc:
        raise bad_option(exc.code, param_hint="'--by'", **exc.message_args) from None
    return keys


PathsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Round files or folders (all *.yaml/*.yml below). "
        "Default: --data, $RECTRACK_DATA, `data` in rectrack.toml, or ./data.",
        show_default=False,
    ),
]
DataOpt = Annotated[
    Optional[Path],
    typer.Option("--data", help="Data location when no PATH is given "
                 "(default $RECTRACK_DATA, `data` in rectrack.toml, or ./data).",
                 show_default=False),
]
# --lang's value, kept for the run (reset by `_root`), so that an error raised deep inside
# loading, before the command has its options in hand, is still said in the language asked for.
# The option is eager: read before the others, so a bad --as-of before it is said in it too.
_run_lang: "Lang | None" = None


def lang_option(value: "str | Lang | None") -> "Lang | None":
    # zh_CN, zh-Hans and cn mean Chinese as they do in $RECTRACK_LANG; click's choice would refuse them.
    if value is None or isinstance(value, Lang):
        chosen = value
    else:
        from ..i18n import lang_code

        code = lang_code(value)
        if code is None:
            raise typer.BadParameter(f"'{value}' is not a language rectrack speaks; use zh or en "
                                     f"(“{value}”不是 rectrack 支持的语言；请用 zh 或 en)")
        chosen = Lang(code)
    global _run_lang
    if chosen is not None:
        _run_lang = chosen
    return chosen


def complete_lang(incomplete: str) -> list[str]:
    return [lang.value for lang in Lang if lang.value.startswith(incomplete)]


LangOpt = Annotated[
    Optional[str],
    typer.Option("--lang", callback=lang_option, is_eager=True, metavar="zh|en", autocompletion=complete_lang,
                 help="Language of labels and messages: zh (also zh_CN, zh-Hans, cn) or en "
                 "(default $RECTRACK_LANG, `lang` in rectrack.toml, else the locale).",
                 show_default=False),
]


def parse_as_of(value: str | None) -> dt.datetime | None:
    # click's datetime type says "does not match the formats '%Y-%m-%d'" even
    # for 2024-02-30; say what is wrong, as the data files' errors do.
    if value is None:
        return None
    day = day_option(value, what="")  # click says "Invalid value for '--as-of'" before it
    return dt.datetime(day.year, day.month, day.day)


def day_option(value: str, what: str = "date", param_hint: "str | None" = None,
               what_zh: "str | None" = None) -> dt.date:
    """A day typed as an option's value (2024-06-30, 2024/6/30, 2024年6月30日: see `durations.parse_date`).

    Anything else is a usage error (exit 2) saying `what` was not a date, in this run's language.
    """
    from ..durations import parse_date

    try:
        return parse_date(value, what, what_zh or ("日期" if what == "date" else None))
    except ValueError as exc:  # carries its code and values (see `durations.parse_date`)
        raise bad_option(exc.code, param_hint=param_hint, **exc.message_args) from None


def bad_option(code: str, /, param_hint: "str | None" = None, **values) -> typer.BadParameter:
    """The usage error (exit 2) to raise for an option's value: `code` of `replies.ERRORS` in this run's language.

    click frames it ("Invalid value for '--by': …"); that framing is click's, and stays English.
    """
    return typer.BadParameter(said(code, **values), param_hint=param_hint)


def said(code: str, /, **values) -> str:
    """The error `code` of `replies.ERRORS` made from `values`, in this run's language (for click to frame)."""
    from ..problems import RectrackError
    from ..replies import error_text

    return error_text(RectrackError(code=code, **values), run_language())


AsOfOpt = Annotated[
    Optional[str],
    typer.Option("--as-of", callback=parse_as_of, metavar="YYYY-MM-DD",
                 help="Show the ledger as it stood on this day, deadlines judged then too (default today).",
                 show_default=False),
]


def _no_cache_callback(value: bool) -> bool:
    if value:
        from ..cache import bypass

        bypass()
    return value


# Also after the command (`rectrack status --no-cache`), where people try it first.
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", callback=_no_cache_callback,
                 help="Read every file afresh, not from the cache (as `rectrack --no-cache COMMAND`)."),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"rectrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read every file afresh, not from the cache of unchanged files "
                     "(also RECTRACK_CACHE=off; see `rectrack cache`)."),
    ] = False,
) -> None:
    """Rectification ledgers (整改台账) as plain YAML files in git."""
    global _lang_warned, _run_lang
    from ..cache import bypass, take_warnings

    bypass(no_cache)  # set on every run, so one in-process run never leaks into the next
    _lang_warned = False
    _run_lang = None
    take_warnings(reset=True)
    ctx.call_on_close(_say_cache_warnings)


def _say_cache_warnings() -> None:
    from ..cache import take_warnings
    from ..render.escape import clean

    for said in take_warnings():
        typer.echo(f"rectrack: warning: {clean(said.text(run_language()))}", err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with `message` on one line of stderr (escaped) and exit `code`."""
    from ..render.escape import clean

    typer.echo(f"rectrack: error: {clean(message)}", err=True)
    raise typer.Exit(code)


def fail_with(error: Exception, lang: "str | None" = None, code: int = 1) -> NoReturn:
    """Stop with `error` said in `lang`, else in this run's language (see `run_language`)."""
    from ..replies import error_text

    fail(error_text(error, lang or run_language()), code)


def refuse(code: str, /, **values) -> NoReturn:
    """Stop (exit 1) with the error `code` of `replies.ERRORS`, made from `values`, in this run's language."""
    from ..problems import RectrackError

    fail_with(RectrackError(code=code, **values))


def usage_error(code: str, /, **values) -> NoReturn:
    """Stop with exit 2, a usage error, saying `code` of `replies.ERRORS` in this run's language."""
    from ..problems import RectrackError

    fail_with(RectrackError(code=code, **values), code=2)


def run_language() -> str:
    """The language of this run's messages: --lang once read, $RECTRACK_LANG, the config, the locale.

    Never stops: of a config file that is refused, only the `lang` it writes
    is taken (its own error may be what is being said).
    """
    if _run_lang is not None:
        return _run_lang.value
    wanted = env_language()
    return wanted if wanted is not None else _configured_language()


def _configured_language() -> str:
    """The config file's `lang`, else the locale: the language when neither --lang nor $RECTRACK_LANG says one."""
    from ..config import load_config
    from ..i18n import resolve_lang
    from ..problems import RectrackError

    try:
        configured = load_config().lang
    except RectrackError:  # its own error may be what is being said: in the `lang` it writes, if any
        from ..config import written_lang

        configured = written_lang()
    # An unknown $RECTRACK_LANG is passed over here, as it is everywhere.
    return resolve_lang(None, configured=configured)


def say(message: str) -> None:
    """On stderr: `message`, its lines kept and everything else a terminal would act on escaped."""
    from ..render.escape import clean

    typer.echo(clean(message, keep_newlines=True), err=True)


def say_warning(key: str, lang: "str | None" = None, /, **values) -> None:
    """On stderr, escaped: `rectrack: warning:` and the line `replies.DONE[key]` in `lang` (else this run's)."""
    from ..render.escape import clean
    from ..replies import reply

    typer.echo(f"rectrack: warning: {clean(reply(key, lang or run_language(), **values))}", err=True)


def warn_unread(found) -> None:
    """Say which unreadable files may hold the issue `found` found elsewhere (see `lookup.Found.unreadable`)."""
    if found.unreadable:
        say_warning("unread-may-hold", n=len(found.unreadable), id=found.issue_id,
                    names=", ".join(found.unreadable), names_zh="、".join(found.unreadable))


def say_problems(problems, lang: "str | None" = None) -> None:
    """On stderr, one escaped line each: `problems` located and said in `lang` (else this run's language)."""
    from ..render.problems import format_text, localize

    sys.stderr.write(format_text(localize(problems, lang or run_language())))


def say_done(key: str, lang: "str | None" = None, /, **values) -> None:
    """On stderr, escaped: the line `replies.DONE[key]` in `lang` (else this run's language)."""
    from ..render.escape import clean
    from ..replies import reply

    typer.echo(clean(reply(key, lang or run_language(), **values)), err=True)


def current_config():
    """The repository's settings (rectrack.toml or [tool.rectrack]); a broken file stops the command."""
    from ..config import load_config
    from ..problems import RectrackError

    try:
        return load_config()
    except RectrackError as exc:
        fail_with(exc)


def paths_or_data(paths: list[Path] | None, data: Path | None) -> list[Path]:
    """The paths given, else the data location: --data, $RECTRACK_DATA, the config file, ./data."""
    from ..loader import data_location

    if paths:
        return list(paths)
    return [data_location(data, configured=_configured_data(current_config()))]


def _configured_data(config) -> "Path | None":
    from ..loader import DEFAULT_DATA

    # A config file marks the repository root: its data folder is found from any subfolder.
    return config.data or (config.root / DEFAULT_DATA if config.root is not None else None)


def guard_output(output: Path, read=(), paths: "list[Path] | None" = None, data: "Path | None" = None) -> None:
    """Stop (exit 1, nothing written) when writing `-o output` could destroy an input (see `rectrack.output`).

    Protected: the files in `read`, the config file, every round file, and
    .yaml files in the data location (`data`, as for `paths_or_data`) or a folder among `paths`.
    """
    from ..config import load_config
    from ..loader import data_location
    from ..output import refuse_output
    from ..problems import RectrackError

    try:
        config = load_config()
    except RectrackError:  # a broken config file is that command's to report, not a reason to refuse
        config = None
    configured = _configured_data(config) if config is not None else None
    folders = [data_location(data, configured=configured), *(p for p in paths or () if p.is_dir())]
    inputs = [*read, *([config.path] if config is not None and config.path is not None else [])]
    try:
        refuse_output(output, inputs, folders)
    except RectrackError as exc:
        fail_with(exc)


def language(option: "Lang | None") -> str:
    """The label language: --lang, $RECTRACK_LANG, `lang` in the config file, the locale."""
    from ..i18n import resolve_lang

    if option is not None:
        return option.value
    env_language()
    return resolve_lang(None, configured=current_config().lang)


def env_language() -> str | None:
    """$RECTRACK_LANG when it names a language rectrack speaks; else None, with a warning (once a run) if set."""
    import os

    from ..i18n import LANGS

    global _lang_warned
    wanted = os.environ.get("RECTRACK_LANG", "").strip()
    if not wanted:
        return None
    from ..i18n import lang_code

    if lang_code(wanted) is not None:
        return lang_code(wanted)
    if not _lang_warned:
        from ..problems import RectrackError
        from ..render.escape import clean
        from ..replies import error_text

        _lang_warned = True
        ignored = RectrackError(code="lang-env-ignored", value=wanted, langs=", ".join(LANGS),
                                langs_zh="、".join(LANGS))
        lang = _run_lang.value if _run_lang is not None else _configured_language()
        typer.echo(f"rectrack: warning: {clean(error_text(ignored, lang))}", err=True)
    return None


def overdue_rule():
    """When an issue counts as overdue, from the config file's [overdue] table."""
    return current_config().overdue.rule()


def today() -> dt.date:
    """Today's date. The core takes every date as an argument; only the CLI asks the clock."""
    return dt.date.today()


def as_of_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value else today()


def rounds_on(ledger, day: dt.date, lang: str) -> list:
    """The ledger's (display, round) pairs as they stood on `day` (see `timeline`).

    Rounds fed back after `day` had no findings yet: they are left out, with a note on stderr.
    """
    from ..timeline import rounds_as_of

    kept, later = rounds_as_of(ledger.pairs(), day)
    say_left_out(len(later), day, lang)
    return kept


def say_left_out(later: int, day: dt.date, lang: str) -> None:
    """On stderr: how many rounds were left out for being fed back after `day`."""
    if later:
        from ..i18n import label

        typer.echo(label("time.left_out", lang, n=later, date=day.isoformat()), err=True)


# True in the console process (`main`), which runs one command and exits; not under CliRunner.
_one_shot = False


def load_ledger(paths: list[Path] | None, data: Path | None, models: bool = True):
    """Load the ledger, or stop with the error; `models=False` leaves cached models undecoded (see `loader`)."""
    from ..loader import load_paths
    from ..problems import RectrackError

    try:
        ledger = load_paths(paths_or_data(paths, data))
        if models:
            ledger.pairs()  # decode now, where a failure is reported like any other
    except RectrackError as exc:
        fail_with(exc)
    if _one_shot:
        # The rounds live until the process exits: take them out of the cyclic
        # collector's sight, which would walk their millions of objects again
        # and again while the figures are computed (100,000 issues: 1.2 s).
        import gc

        gc.freeze()
    return ledger


# Set when SIGTERM arrived: the run then ends as Ctrl-C does, with the shell's code for SIGTERM.
_terminated = False


def stop_on_sigterm() -> None:
    """Make SIGTERM (`kill`, a CI job cancelled, systemd stopping) end the run as Ctrl-C does.

    The signal becomes KeyboardInterrupt, so every write in progress removes
    its temporary file, the original stays as it was and the edit lock is
    released; killed outright, a temporary file would stay behind.
    """
    import signal

    if not hasattr(signal, "SIGTERM"):  # pragma: no cover
        return

    def interrupt(signum, frame):
        global _terminated
        _terminated = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    """Console entry point: run the app, quietly when the reader goes away."""
    global _one_shot
    _one_shot = True
    # pydantic looks for plugins in every installed package's metadata before it builds its first
    # validator (about 13 ms of importlib.metadata); rectrack uses none.  Only this process is
    # affected, and a user who wants their pydantic plugins in rectrack can still set the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    stop_on_sigterm()
    for stream in (sys.stdout, sys.stderr):
        # A GBK console cannot show every character in the data: show '?' rather than crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass
    try:
        app()
    except SystemExit as exc:
        if _terminated:
            sys.exit(128 + 15)  # as a shell reports a process ended by SIGTERM
        # typer, like click, exits 1 when stdout's reader has gone (it swaps in a
        # PacifyFlushWrapper); that is the same closed pipe as below, not bad data.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(0)
        raise
    except BrokenPipeError:
        # `rectrack status | head -3`: the reader chose to stop; not an error of
        # ours, so exit 0 (1 means invalid data) and silence the final flush.

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
