"""Commands for working together in git: `merge-driver` (run and install it) and `resolve`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import (
    DataOpt,
    LangOpt,
    PathsArg,
    app,
    bad_option,
    fail_with,
    paths_or_data,
    run_language,
    say_done,
)


@app.command("merge-driver")
def merge_driver(
    args: Annotated[
        list[str],
        typer.Argument(metavar="BASE OURS THEIRS PATH | install | uninstall",
                       help="The four files git passes (%O %A %B %P), or install / uninstall.",
                       show_default=False),
    ],
    global_scope: Annotated[
        bool,
        typer.Option("--global", help="install/uninstall: the git config in your ~/.gitconfig (every "
                     "repository) instead of this clone's; .gitattributes is always the repository's."),
    ] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Merge round files issue by issue when git merges branches (git's merge-driver protocol).

    `rectrack merge-driver install` sets it up in this repository: a
    .gitattributes line for the data folder's YAML files, and the
    merge.rectrack entries of git config.  git then runs
    `rectrack merge-driver %O %A %B %P` for every round file both branches
    changed: the result goes into %A; exit 0 when clean, 1 when conflicts
    are left (markers around the one field; settle them with
    `rectrack resolve`).  A version that cannot be read falls back to
    git's line-by-line merge.

    Example: rectrack merge-driver install
    """
    from ..gitmerge import install, run_driver, uninstall
    from ..problems import RectrackError
    from ..render.escape import clean
    from ..replies import error_text, reply

    if len(args) == 1 and args[0] in ("install", "uninstall"):
        target = paths_or_data(None, data)[0]
        try:
            done = (install if args[0] == "install" else uninstall)(target, global_scope=global_scope)
        except RectrackError as exc:
            fail_with(exc)
        lang_code = run_language()
        for key, values in done.changes:
            typer.echo(clean(reply(key, lang_code, **values)))
        if not done.changes:
            say_done("driver-already-installed" if args[0] == "install" else "driver-not-installed")
        return
    if len(args) != 4:
        raise bad_option("driver-arguments", param_hint="ARGS")
    if global_scope:
        raise bad_option("global-with-install", param_hint="'--global'")
    base, ours, theirs, display = args
    try:
        outcome = run_driver(Path(base), Path(ours), Path(theirs), display)
        from ..atomic import write_atomic

        write_atomic(Path(ours), outcome.data)
    except RectrackError as exc:
        fail_with(exc)
    if outcome.fallback:
        reason = outcome.fallback
        say_done("merged-by-lines-conflicts" if outcome.textual_conflicts else "merged-by-lines", name=display,
                 reason=str(reason), reason_zh=error_text(reason, "zh"), n=outcome.textual_conflicts)
    for block in outcome.conflicts:
        say_done("merge-conflict-left", name=display, line=block.line, subject=block.subject(),
                 subject_zh=block.subject("zh"), hint=block.resolve_hint(), hint_zh=block.resolve_hint("zh"))
    if outcome.clean and not outcome.fallback:
        say_done("merged", name=display)
    raise typer.Exit(0 if outcome.clean else 1)


@app.command()
def resolve(
    target: Annotated[
        str,
        typer.Argument(metavar="ID", help="Issue id (A1-2), aspect id (A3), or round / round.FIELD "
                       "for a conflict in the round's metadata.", show_default=False),
    ],
    paths: PathsArg = None,
    ours: Annotated[
        bool, typer.Option("--ours", help="Keep our side (above =======, the branch you are on)."),
    ] = False,
    theirs: Annotated[
        bool, typer.Option("--theirs", help="Keep their side (below =======, the branch merged in)."),
    ] = False,
    field: Annotated[
        Optional[str],
        typer.Option("--field", help="Only the conflict in this field of the issue (status, owner, history…).",
                     show_default=False),
    ] = None,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Settle merge conflicts left in a round file: keep ours or theirs for one issue (or one field).

    The conflict markers, and the side not chosen, are removed; the rest of
    the file is left as it is.  `rectrack validate` lists the conflicts with
    their issue and field.  Afterwards `git add` the file and commit.

    Example: rectrack resolve A1-2 --theirs --field status
    """
    from ..loader import discover, display_path
    from ..merge import OURS, SIDE_ZH, THEIRS, settle_conflicts
    from ..problems import RectrackError
    from ..render.escape import clean
    from ..replies import reply

    if ours == theirs:
        raise bad_option("choose-a-side", param_hint="'--ours' / '--theirs'")
    try:
        files = discover(paths_or_data(paths, data))
        done = settle_conflicts([(p, display_path(p)) for p in files], target, OURS if ours else THEIRS, field)
    except RectrackError as exc:
        fail_with(exc)
    lang_code = run_language()
    for block in done.settled:
        typer.echo(clean(reply("conflict-kept", lang_code, display=done.display, line=block.line, side=done.side,
                               side_zh=SIDE_ZH[done.side], subject=block.subject(), subject_zh=block.subject("zh"))))
    if done.left:
        listed = {lang: [reply("conflict-left", lang, line=b.line, subject=b.subject(),
                               subject_zh=b.subject("zh")) for b in done.left] for lang in ("en", "zh")}
        say_done("conflicts-left", n=len(done.left), display=done.display, listed="; ".join(listed["en"]),
                 listed_zh="；".join(listed["zh"]))
    else:
        say_done("no-conflicts-left", display=done.display)
