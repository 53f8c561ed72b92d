"""`rectrack reviews`: the look-back reviews (回头看) that are due."""

import datetime as dt
import sys
from typing import Annotated, Optional

import typer

from ._app import (
    AsOfOpt,
    DataOpt,
    LangOpt,
    NoCacheOpt,
    PathsArg,
    app,
    as_of_date,
    language,
    load_ledger,
    rounds_on,
    say_problems,
)


@app.command()
def reviews(
    paths: PathsArg = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    due_before: Annotated[
        Optional[dt.datetime],
        typer.Option("--due-before", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                     help="List reviews due on or before this day (default the --as-of day), "
                     "to plan ahead.", show_default=False),
    ] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reviews as JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Reviews to list; 0 lists all.")] = 0,
) -> None:
    """List the look-back reviews (回头看) due: completed issues not reviewed since completion.

    A completed issue is due on its review_on date, else the round's
    review_after period after completed_on. Record a review with
    `rectrack update ID --review held|relapsed --note ...`.

    Example: rectrack reviews --due-before 2024-12-31
    """
    from ..followups import review_json, reviews_due
    from ..i18n import label

    ledger = load_ledger(paths, data)
    lang_code = language(lang)
    day = as_of_date(as_of)
    until = due_before.date() if due_before else day
    pairs = rounds_on(ledger, day, lang_code)
    found = [review_json(r) for r in reviews_due(pairs, day, until)]
    if ledger.errors:
        say_problems(ledger.errors, lang_code)
    if as_json:
        from ..render.escape import safe_json

        sys.stdout.write(safe_json({"as_of": day.isoformat(), "due_before": until.isoformat(),
                                    "reviews": found}))
    else:
        from rich.text import Text

        from ..render.followups import WIDE, reviews_table
        from ..render.text import make_console

        console = make_console()
        if found:
            console.print(reviews_table(found, lang_code, several_rounds=len(pairs) > 1, limit=limit,
                                        wide=console.width >= WIDE))
        else:
            console.print(Text(label("time.no_reviews", lang_code, date=until.isoformat()), style="green"))
    if ledger.errors:
        typer.echo(label("skipped_files", lang_code, n=len({p.path for p in ledger.errors})), err=True)
        raise typer.Exit(1)
