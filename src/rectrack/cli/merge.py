"""Commands for working together in git: `merge-driver` (run and install it) and `resolve`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import DataOpt, PathsArg, app, fail_with, paths_or_data


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

    if len(args) == 1 and args[0] in ("install", "uninstall"):
        target = paths_or_data(None, data)[0]
        try:
            done = (install if args[0] == "install" else uninstall)(target, global_scope=global_scope)
        except RectrackError as exc:
            fail_with(exc)
        for line in done.changes:
            typer.echo(clean(line))
        if not done.changes:
            typer.echo(f"nothing to do: the merge driver is {'already' if args[0] == 'install' else 'not'} "
                       "set up here", err=True)
        return
    if len(args) != 4:
        raise typer.BadParameter("give BASE OURS THEIRS PATH (git's %O %A %B %P), or install, or uninstall",
                                 param_hint="ARGS")
    if global_scope:
        raise typer.BadParameter("--global goes with install or uninstall", param_hint="'--global'")
    base, ours, theirs, display = args
    try:
        outcome = run_driver(Path(base), Path(ours), Path(theirs), display)
        from ..yamlio import write_atomic

        write_atomic(Path(ours), outcome.data)
    except RectrackError as exc:
        fail_with(exc)
    name = clean(display)
    if outcome.fallback:
        typer.echo(f"rectrack: {name}: not merged issue by issue: {clean(outcome.fallback)}; "
                   "used git's line-by-line merge instead"
                   + (f" ({outcome.textual_conflicts} conflict(s) left)" if outcome.textual_conflicts else ""),
                   err=True)
    for block in outcome.conflicts:
        typer.echo(f"rectrack: {name}:{block.line}: conflict in {clean(block.subject())}; settle it with "
                   f"{clean(block.resolve_hint())}, then git add {name}",
                   err=True)
    if outcome.clean and not outcome.fallback:
        typer.echo(f"rectrack: {name}: merged issue by issue", err=True)
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
) -> None:
    """Settle merge conflicts left in a round file: keep ours or theirs for one issue (or one field).

    The conflict markers, and the side not chosen, are removed; the rest of
    the file is left as it is.  `rectrack validate` lists the conflicts with
    their issue and field.  Afterwards `git add` the file and commit.

    Example: rectrack resolve A1-2 --theirs --field status
    """
    from ..loader import discover, display_path
    from ..merge import OURS, THEIRS, settle_conflicts
    from ..problems import RectrackError
    from ..render.escape import clean

    if ours == theirs:
        raise typer.BadParameter("choose one side: --ours or --theirs", param_hint="'--ours' / '--theirs'")
    try:
        files = discover(paths_or_data(paths, data))
        done = settle_conflicts([(p, display_path(p)) for p in files], target, OURS if ours else THEIRS, field)
    except RectrackError as exc:
        fail_with(exc)
    for block in done.settled:
        typer.echo(f"{clean(done.display)}:{block.line}: kept {done.side} in {clean(block.subject())}")
    if done.left:
        typer.echo(f"{len(done.left)} conflict(s) left in {clean(done.display)}: "
                   + "; ".join(f"line {b.line} {clean(b.subject())}" for b in done.left), err=True)
    else:
        typer.echo(f"no conflicts left in {clean(done.display)}; check it with `rectrack validate "
                   f"{clean(done.display)}`, then git add it", err=True)
