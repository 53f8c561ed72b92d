"""Commands that connect rectrack to other tools: `schema` gives editors the round file's JSON Schema."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import app, fail


@app.command()
def schema(
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", metavar="FILE", show_default=False,
                     help="Write the schema to FILE (only when it changed) instead of printing it."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="With -o: write nothing; exit 1 when FILE is missing or out of date."),
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a round file, for editors and other tools.

    Editors with the YAML language server complete keys, show each field's
    meaning in English and Chinese, and flag unknown keys and bad statuses
    while typing.  The schema checks structure only; `rectrack validate`
    also checks ids, dates and figures.

    Example: rectrack schema -o schema/rectrack-round.schema.json
    """
    from ..schema import schema_text

    text = schema_text()
    if output is None:
        if check:
            raise typer.BadParameter("--check needs -o FILE to compare with", param_hint="'--check'")
        sys.stdout.write(text)
        return
    try:
        current = output.read_text(encoding="utf-8") if output.exists() else None
    except OSError as exc:
        fail(f"{output}: cannot read: {exc.strerror or exc}")
    if check:
        if current != text:
            state = "missing" if current is None else "out of date"
            typer.echo(f"{output}: {state}; run rectrack schema -o {output}", err=True)
            raise typer.Exit(1)
        typer.echo(f"{output}: up to date", err=True)
        return
    if current == text:
        typer.echo(f"{output}: up to date", err=True)
        return
    from ..yamlio import write_atomic

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(f"{output}: written", err=True)
