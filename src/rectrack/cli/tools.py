"""Commands that connect rectrack to other tools: `schema` gives editors the round file's JSON Schema."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import (
    LangOpt,
    app,
    bad_option,
    fail_with,
    guard_output,
    language,
    refuse,
    say_done,
)


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
    lang: LangOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a round file, for editors and other tools.

    Editors with the YAML language server complete keys, show each field's
    meaning in English and Chinese, and flag unknown keys and bad statuses
    while typing.  The schema checks structure only; `rectrack validate`
    also checks ids, dates and figures.

    Example: rectrack schema -o schema/rectrack-round.schema.json
    """
    from ..output import is_stdout, write_output
    from ..problems import RectrackError
    from ..schema import schema_text

    text = schema_text()
    lang_code = language(lang)
    if is_stdout(output):
        if check:

            raise bad_option("check-needs-output", param_hint="'--check'")
        sys.stdout.write(text)
        return
    if not check:
        guard_output(output)
    try:
        # Only a regular file can be compared; a device or a FIFO is simply written into.
        current = output.read_text(encoding="utf-8") if output.is_file() else None
    except (OSError, UnicodeDecodeError) as exc:
        refuse("file-cannot-read", path=output, reason=getattr(exc, "strerror", None) or str(exc))
    if check:
        if current != text:
            say_done("schema-missing" if current is None else "schema-stale", lang_code, path=output)
            raise typer.Exit(1)
        say_done("schema-up-to-date", lang_code, path=output)
        return
    if current == text:
        say_done("schema-up-to-date", lang_code, path=output)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        refuse("file-cannot-write", path=output, reason=exc.strerror or str(exc))
    try:
        write_output(output, text.encode("utf-8"))
    except RectrackError as exc:
        fail_with(exc)
    say_done("schema-written", lang_code, path=output)
