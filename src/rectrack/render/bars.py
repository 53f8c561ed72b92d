"""How statuses look on the terminal: their colours and the progress bar, shared by every table.

Below `status`, `groups`, `issues` and `diff`, so that none of them imports another for a colour.
"""

from __future__ import annotations

from rich.text import Text

from ..queries import Counts
from ..vocabulary import Status

STATUS_STYLE = {
    Status.COMPLETED: "green",
    Status.SUBSTANTIALLY_COMPLETED: "bold yellow",
    Status.IN_PROGRESS: "cyan",
    Status.NOT_STARTED: "red",
}
BAR_SYMBOL = {
    Status.COMPLETED: "#",
    Status.SUBSTANTIALLY_COMPLETED: "+",
    Status.IN_PROGRESS: "-",
    Status.NOT_STARTED: ".",
}
BAR_WIDTH = 10
STATUS_ORDER = (Status.COMPLETED, Status.SUBSTANTIALLY_COMPLETED, Status.IN_PROGRESS, Status.NOT_STARTED)


def progress_bar(counts: Counts, width: int = BAR_WIDTH) -> Text:
    """One symbol per issue when they fit, else proportional cells (largest remainder)."""
    total = counts.issues
    bar = Text()
    if not total:
        return bar
    width = min(width, total) if total <= width else width
    exact = [(s, counts.by_status(s) * width / total) for s in STATUS_ORDER]
    cells = {s: int(x) for s, x in exact}
    spare = width - sum(cells.values())
    for status, _ in sorted(exact, key=lambda p: -(p[1] - int(p[1])))[:spare]:
        cells[status] += 1
    for status in STATUS_ORDER:
        if cells[status]:
            bar.append(BAR_SYMBOL[status] * cells[status], style=STATUS_STYLE[status])
    return bar
