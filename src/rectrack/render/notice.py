"""The notice (`report.Notice`) as plain text, Markdown or one self-contained HTML file.

Every string of the notice may hold data someone typed, so each format
escapes at the last moment and in one place: text through `clean()`
(control and bidi characters made visible), Markdown through `_md()`
(backslash escapes, so a title cannot become a link or a heading), HTML
through `html.escape` after `clean()`.  The HTML carries its own CSS and a
CSS bar chart: no script, no font, no image, nothing fetched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..i18n import label, status_label
from ..model import Status
from ..report import Chart, Heading, Notice, Paragraph
from .escape import clean


def _plain(text: str) -> str:
    return clean(text)


def _paragraph_text(block: Paragraph, escape: Callable[[str], str]) -> str:
    return escape(block.number) + escape(block.lead) + escape(block.text)


def render_text(notice: Notice) -> str:
    """One line per heading or paragraph, as the published notice reads; the chart is left out."""
    lines = [_plain(notice.title), ""]
    for block in notice.blocks:
        if isinstance(block, Heading):
            lines.append(_plain(block.number + block.text))
        elif isinstance(block, Paragraph):
            lines.append(_paragraph_text(block, _plain))
    return "\n".join(lines) + "\n"


# -- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def _md(text: str, line_start: bool = True) -> str:
    """Data as literal Markdown text: inline specials escaped, and at a line start no block syntax."""
    text = _MD_SPECIAL.sub(r"\\\1", clean(text))
    if not line_start:
        return text
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_lead(lead: str) -> str:
    """A bold run-in title whose closing ** CommonMark accepts before Chinese text.

    "**标题。**正文" does not close (the ** sits between punctuation and a
    letter), so the final punctuation goes outside: "**标题**。正文".
    """
    tail = lead[-1] if lead and not lead[-1].isalnum() else ""
    core = lead[: len(lead) - len(tail)]
    return f"**{_md(core, line_start=False)}**{_md(tail, line_start=False)}" if core else _md(lead)


def _md_chart(chart: Chart, lang: str) -> list[str]:
    statuses = [s for s in chart.statuses]
    head = [label("aspect", lang), label("title", lang), label("issues", lang),
            *(status_label(s, lang) for s in statuses)]
    lines = [f"**{_md(chart.caption)}**", "",
             "| " + " | ".join(_md(h) for h in head) + " |",
             "|" + "|".join(["---", "---"] + ["--:"] * (len(head) - 2)) + "|"]
    for row in chart.rows:
        cells = [_md(row.label), _md(row.title), str(row.counts.issues),
                 *(str(row.counts.by_status(s)) for s in statuses)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(notice: Notice) -> str:
    """The notice as a Markdown document: # title, ## parts, ### sections, #### aspects."""
    out = [f"# {_md(notice.title)}", ""]
    for block in notice.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {_md(block.number + block.text)}", ""]
        elif isinstance(block, Chart):
            out += _md_chart(block, notice.lang) + [""]
        elif block.lead:
            out += [_md_lead(block.number + block.lead) + _md(block.text, line_start=False), ""]
        else:
            out += [_md(block.number + block.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML -------------------------------------------------------------------------------

STATUS_CLASS = {
    Status.COMPLETED: "done",
    Status.SUBSTANTIALLY_COMPLETED: "mostly",
    Status.IN_PROGRESS: "ongoing",
    Status.NOT_STARTED: "todo",
}

_CSS = """
:root { --done: #2e7d32; --mostly: #f9a825; --ongoing: #1e88e5; --todo: #c62828; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f4; color: #111;
  font-family: "FangSong", "STFangsong", "仿宋", "SimSun", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 1.8; }
main { max-width: 50em; margin: 2em auto; padding: 2.5em 3em; background: #fff;
  box-shadow: 0 0 0.4em rgba(0, 0, 0, 0.15); }
h1 { font-family: "SimHei", "Heiti SC", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 20pt;
  text-align: center; line-height: 1.5; margin: 0 0 1.2em; }
h2 { font-family: "SimHei", "Heiti SC", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt;
  font-weight: normal; margin: 1em 0 0; text-indent: 2em; }
h3 { font-family: "KaiTi", "STKaiti", "楷体", serif; font-size: 16pt; font-weight: normal;
  margin: 0.6em 0 0; text-indent: 2em; }
h4 { font-size: 16pt; font-weight: bold; margin: 0.4em 0 0; text-indent: 2em; }
p { margin: 0.3em 0; text-indent: 2em; text-align: justify; }
p .lead { font-weight: bold; }
p.signature { text-align: right; text-indent: 0; margin-top: 2em; }
p.date { text-align: right; text-indent: 0; }
figure.chart { margin: 1em 0; font-family: sans-serif; font-size: 10pt; line-height: 1.4;
  break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; margin-bottom: 0.4em; }
figure.chart table { width: 100%; border-collapse: collapse; }
figure.chart th, figure.chart td { border-bottom: 1px solid var(--rule); padding: 0.2em 0.4em;
  text-align: left; vertical-align: middle; }
figure.chart td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
figure.chart td.barcell { width: 30%; }
.bar { display: flex; height: 0.9em; background: #eee; }
.bar span { display: block; height: 100%; }
.done { background: var(--done); }
.mostly { background: var(--mostly); }
.ongoing { background: var(--ongoing); }
.todo { background: var(--todo); }
.legend { margin-top: 0.4em; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin: 0 0.3em 0 1em;
  vertical-align: middle; }
@page { size: A4; margin: 2.5cm 2cm; }
@media print {
  body { background: #fff; font-size: 14pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  .bar span, .legend i { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
}
"""


def _h(text: str) -> str:
    """Data made safe for HTML text and attribute values."""
    return html.escape(clean(text), quote=True)


def _html_chart(chart: Chart, lang: str) -> str:
    statuses = list(chart.statuses)
    head = "".join(f"<th>{_h(h)}</th>" for h in (label("aspect", lang), label("title", lang)))
    head += f"<th>{_h(label('issues', lang))}</th>"
    head += "".join(f"<th>{_h(status_label(s, lang))}</th>" for s in statuses)
    head += f"<th>{_h(label('progress', lang))}</th>"
    rows = []
    for row in chart.rows:
        total = row.counts.issues
        segments = []
        for status in statuses:
            amount = row.counts.by_status(status)
            if amount and total:
                width = f"{amount * 100 / total:.2f}%"
                segments.append(f'<span class="{STATUS_CLASS[status]}" style="width:{width}" '
                                f'title="{_h(status_label(status, lang))}: {amount}"></span>')
        cells = (f"<td>{_h(row.label)}</td><td>{_h(row.title)}</td><td class=\"n\">{total}</td>"
                 + "".join(f'<td class="n">{row.counts.by_status(s)}</td>' for s in statuses)
                 + '<td class="barcell"><div class="bar" role="img" aria-label="'
                 + _h(", ".join(f"{status_label(s, lang)} {row.counts.by_status(s)}" for s in statuses))
                 + f'">{"".join(segments)}</div></td>')
        rows.append(f"<tr>{cells}</tr>")
    legend = "".join(f'<i class="{STATUS_CLASS[s]}"></i>{_h(status_label(s, lang))}' for s in statuses)
    return (f'<figure class="chart">\n<figcaption>{_h(chart.caption)}</figcaption>\n'
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows)
            + f'\n</tbody>\n</table>\n<div class="legend">{legend}</div>\n</figure>')


def render_html(notice: Notice) -> str:
    """One self-contained, printable HTML file: inline CSS, a CSS bar chart, every data string escaped."""
    body = [f"<h1>{_h(notice.title)}</h1>"]
    for block in notice.blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            body.append(f"<{tag}>{_h(block.number + block.text)}</{tag}>")
        elif isinstance(block, Chart):
            body.append(_html_chart(block, notice.lang))
        else:
            lead = f'<span class="lead">{_h(block.number + block.lead)}</span>' if block.lead else _h(block.number)
            body.append(f'<p class="{block.role}">{lead}{_h(block.text)}</p>')
    lang = "zh-CN" if notice.lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="rectrack">\n'
        f"<title>{_h(notice.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


FORMATS: dict[str, Callable[[Notice], str]] = {
    "text": render_text,
    "md": render_markdown,
    "html": render_html,
}
