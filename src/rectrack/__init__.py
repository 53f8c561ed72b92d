"""rectrack: rectification ledgers (整改台账) as plain YAML files in git.

The library can be used without the command line::

    import datetime
    from pathlib import Path
    from rectrack import load_paths, summarize
    ledger = load_paths([Path("data")])
    for problem in ledger.problems:
        print(problem)
    print(summarize(ledger.pairs(), as_of=datetime.date.today()).totals)

Imports are lazy so that `rectrack --version` and shell completion stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "load_paths": "loader",
    "load_file": "loader",
    "load_text": "loader",
    "Ledger": "loader",
    "summarize": "queries",
    "Counts": "queries",
    "Problem": "problems",
    "RectrackError": "problems",
    "RoundFile": "model",
    "Status": "vocabulary",
    "parse_status": "vocabulary",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'rectrack' has no attribute {name!r}")
