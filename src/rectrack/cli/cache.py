"""`rectrack cache`: where the cache of unchanged files lives, how big it is, and emptying it."""

import os
from typing import Annotated

import typer

from ._app import LangOpt, app, language


@app.command("cache")
def cache_command(
    clear: Annotated[bool, typer.Option("--clear", help="Delete every entry.")] = False,
    lang: LangOpt = None,
) -> None:
    """Show where rectrack keeps what it read from unchanged files, and how much; --clear empties it.

    An entry is used only for a file with exactly the same bytes, so the
    cache never changes an answer; clearing it is always safe, and only
    makes the next run slower.  The folder is $RECTRACK_CACHE_DIR, else the
    user cache folder; RECTRACK_CACHE=off or `rectrack --no-cache` bypasses it.

    Example: rectrack cache --clear
    """
    from .. import cache
    from ..i18n import label
    from ..render.escape import clean

    lang_code = language(lang)
    store = cache.Cache(cache.default_folder())
    folder = clean(str(store.root))
    if clear:
        removed = store.clear()
        typer.echo(label("cache.removed", lang_code, n=removed, ies="y" if removed == 1 else "ies", folder=folder))
        return
    entries, size = store.size()
    if not cache.enabled_by_env():
        state = label("cache.off", lang_code, why=f"{cache.SWITCH_ENV}={clean(os.environ.get(cache.SWITCH_ENV, ''))}")
    else:
        distrust = store.untrusted()
        state = (label("cache.off", lang_code, why=clean(distrust.text(lang_code))) if distrust
                 else label("cache.on", lang_code) if cache.open_cache() is not None
                 else label("cache.off", lang_code, why="--no-cache"))
    typer.echo(label("cache.folder", lang_code) + folder)
    typer.echo(label("cache.state", lang_code) + state)
    typer.echo(label("cache.entries", lang_code) + label("cache.count", lang_code, n=entries, size=_megabytes(size)))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"
