"""The shape STYLE.md asks of the code, held by a test: no import circles, the terminal only in cli/ and render/.

Imports are read from the source (including those inside functions), so a
lazy import that closes a circle is caught as surely as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import rectrack

PACKAGE = Path(rectrack.__file__).parent
UI = ("rectrack.cli", "rectrack.render")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> tuple[set[str], set[str]]:
    """(rectrack modules, outside top-level packages) that module `name` imports anywhere in its text."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (inside if alias.name in MODULES else outside).add(alias.name.split(".")[0]
                                                                    if alias.name not in MODULES else alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{a.name}" for a in node.names} & MODULES.keys()
            if submodules:
                inside |= submodules
            elif target in MODULES:
                inside.add(target)
            else:
                outside.add(target.split(".")[0])
    # A module's own package (and its parents) run first whatever it imports: not an edge of the flow.
    inside = {m for m in inside if not name.startswith(m + ".") and m != name}
    return inside, outside


GRAPH = {name: _imports(name)[0] for name in MODULES}


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def _is_ui(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI)


def test_the_reader_sees_the_package():
    # A test that found nothing would pass for the wrong reason.
    assert {"rectrack.cli._app", "rectrack.read.parse", "rectrack.render.bars", "rectrack.loader"} <= MODULES.keys()
    assert "rectrack.read.scalars" in GRAPH["rectrack.read.parse"]
    assert "rectrack.render.bars" in GRAPH["rectrack.render.status"]


def test_no_module_imports_another_that_imports_it_back():
    assert _circles() == []


def test_the_core_never_imports_the_terminal_side():
    leaks = {name: sorted(m for m in deps if _is_ui(m)) for name, deps in GRAPH.items()
             if not _is_ui(name) and name != "rectrack.__main__"}
    assert {name: deps for name, deps in leaks.items() if deps} == {}


def test_only_cli_and_render_import_typer_or_rich():
    users = sorted(name for name in MODULES if {"typer", "rich", "click"} & _imports(name)[1])
    assert users and all(_is_ui(name) for name in users), users


SHARED = {"rectrack.problems", "rectrack.vocabulary", "rectrack.messages", "rectrack.replies", "rectrack.durations"}


def test_the_modules_every_step_shares_import_only_each_other():
    # The README's map: every step may import these, so they may import nothing of the steps.
    assert {name: sorted(GRAPH[name] - SHARED) for name in SHARED if GRAPH[name] - SHARED} == {}
    assert GRAPH["rectrack.vocabulary"] == set() and GRAPH["rectrack.messages"] == set()
