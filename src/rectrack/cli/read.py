"""Read-only commands: `validate` checks files, `status` shows the figures."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from ._app import (
    AsOfOpt,
    DataOpt,
    LangOpt,
    PathsArg,
    ProblemFormat,
    app,
    as_of_date,
    load_ledger,
)


@app.command()
def validate(
    paths: PathsArg = None,
    data: DataOpt = None,
    output_format: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="text: path:line:col lines; json: a list of objects; "
                     "github: workflow annotations."),
    ] = ProblemFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Check round files and report every problem as path:line:col.

    Exits 1 when any file has an error (warnings alone exit 0).

    Example: rectrack validate data/issues.yaml
    """
    from ..render.problems import FORMATS

    ledger = load_ledger(paths, data)
    sys.stdout.write(FORMATS[output_format.value](ledger.problems))
    sys.stdout.flush()  # keep the problems above the summary when both go to one terminal
    if not quiet and output_format is ProblemFormat.text:
        errors, warnings = len(ledger.errors), len(ledger.warnings)
        if errors or warnings:
            typer.echo(f"{ledger.files} file(s): {errors} error(s), {warnings} warning(s)", err=True)
        else:
            typer.echo(f"{ledger.files} file(s), no problems found", err=True)
    raise typer.Exit(1 if ledger.errors else 0)


@app.command()
def status(
    paths: PathsArg = None,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    by_aspect: Annotated[
        Optional[bool],
        typer.Option("--by-aspect/--no-by-aspect",
                     help="Show the per-aspect table (default: when there is one round).",
                     show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=0,
                                       help="Overdue issues to list; 0 lists all.")] = 20,
) -> None:
    """Show completed, substantially completed and open issues per round and aspect, and what is overdue.

    Files with errors are left out of the figures, reported on stderr, and
    make the exit code 1.

    Example: rectrack status --as-of 2024-06-30 --lang en
    """
    import json

    from ..i18n import label, resolve_lang
    from ..queries import summarize
    from ..render.problems import format_text

    ledger = load_ledger(paths, data)
    summary = summarize(ledger.pairs(), as_of_date(as_of))
    language = resolve_lang(lang.value if lang else None)
    if ledger.errors:
        sys.stderr.write(format_text(ledger.errors))
    if as_json:
        sys.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        from ..render.status import render_status
        from ..render.text import make_console

        render_status(make_console(), summary, language, by_aspect=by_aspect, overdue_limit=limit)
    if ledger.errors:
        bad_files = len({p.path for p in ledger.errors})
        typer.echo(label("skipped_files", language, n=bad_files), err=True)
        raise typer.Exit(1)
