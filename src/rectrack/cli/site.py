"""`rectrack site`: the portfolio as a static site for the office's intranet."""

from pathlib import Path
from typing import Annotated

import typer

from ._app import AsOfOpt, DataOpt, NoCacheOpt, PathsArg, app, as_of_date, fail_with, load_ledger, \
    overdue_rule, paths_or_data, refuse, rounds_on
from .reports import DocLangOpt, _document_lang, _refuse_errors, say_wrote


@app.command()
def site(
    paths: PathsArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", file_okay=False,
                                         help="Folder to write the site into: a new one, an empty one, or "
                                         "one an earlier `rectrack site` made (it is replaced whole).")] = ...,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    lang: DocLangOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Build a static site of the portfolio: an overview, a page per round, its notice and each issue, search.

    Plain HTML and CSS with inline SVG charts and one small search script:
    no server, no network, opens from file:// as from any web server.  The
    same ledger and day (--as-of) give the same bytes, so the site can be
    kept in git.  Refuses files with errors, and a DIR inside the data or
    holding anything but an earlier site (exit 1).

    Example: rectrack site data/ -o site --as-of 2024-06-30
    """
    from .. import views
    from ..loader import display_path
    from ..problems import RectrackError
    from ..site import check_target, publish, site_files

    where = paths_or_data(paths, data)
    try:
        check_target(output, where)  # before the work, so a wrong -o costs nothing
    except RectrackError as exc:
        fail_with(exc)
    ledger = load_ledger(paths, data)
    _refuse_errors(ledger, "a site", "网站")
    if not ledger.rounds:
        refuse("no-round-files-found")
    day = as_of_date(as_of)
    kept = rounds_on(ledger, day, _document_lang(lang, [m for _, m in ledger.pairs()]))
    if not kept:
        refuse("none-fed-back", day=day)
    lang_code = _document_lang(lang, [model for _, model in kept])
    from ..report import build_notice

    document = views.portfolio_document(ledger, kept, day, overdue_rule())
    notices = {model.round.id: build_notice(model, lang_code) for _, model in kept}
    files = site_files(document, kept, lang_code, notices)
    try:
        publish(files, output, where)
    except RectrackError as exc:
        fail_with(exc)
    except OSError as exc:
        refuse("cannot-write", path=output, reason=exc.strerror or str(exc))
    pages = sum(1 for name in files if name.endswith(".html"))
    say_wrote(display_path(output), "wrote.site", {"pages": pages, "rounds": len(kept),
                                                   "issues": len(document["issues"])})
