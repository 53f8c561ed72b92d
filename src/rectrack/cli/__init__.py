"""The `rectrack` command line: parse options, call the core, render, exit.

Each command module registers its commands on the one typer `app`; commands
stay thin and leave the work to the library.

Exit codes: 0 all good; 1 data invalid or operation refused; 2 usage error.

The command modules do not use `from __future__ import annotations`: typer
reads every command's annotations on every run, and as strings they would
be compiled again each time (about 9 ms per run).
"""

from ._app import app, main
from . import read  # noqa: F401  (registers validate, status)
from . import followup  # noqa: F401  (registers reviews)
from . import reports  # noqa: F401  (registers report, export, diff)
from . import tools  # noqa: F401  (registers schema)
from . import edit  # noqa: F401  (registers init, add, update, show, list, log, fix)
from . import cache  # noqa: F401  (registers cache)
from . import site  # noqa: F401  (registers site)
from . import importer  # noqa: F401  (registers import)
from . import merge  # noqa: F401  (registers merge-driver, resolve)

__all__ = ["app", "main"]
