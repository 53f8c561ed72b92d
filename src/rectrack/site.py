"""The static site of a portfolio (`rectrack site`): its pages as bytes, and putting them in a folder at once.

An inspection office puts its ledgers on the intranet for leaders to open:
plain HTML and one stylesheet, inline SVG charts, and one small script for
the search page, so the site needs no server, no network and no build step,
and opens from `file://` as from any web server or GitHub Pages.

`site_files` takes the computed portfolio (`views.portfolio_document`: the
status document, the groups by every key, every issue's list record) and
the rounds it describes, and returns {relative path: bytes}; it never
computes a figure of its own.  Every piece of data is HTML-escaped where
it is written (`_e`), the search index is escaped so that no text in it
can close its script element, and a Content-Security-Policy lets only the
search script, by its hash, run at all: a round titled `<script>` is text.

The bytes depend on the data, the day (`--as-of`) and the language only:
no clock, no random names, every list in a fixed order, so a site kept in
git changes only where the ledger did.  `publish` writes the files into a
folder of their own, replacing a previous build in one rename.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .i18n import group_key_text, kind_label, label, outcomes_sentence, overview_sentence, status_label
from .problems import RectrackError
from .queries import Counts
from .vocabulary import Status

if TYPE_CHECKING:
    from .model import Issue, RoundFile
    from .report import Notice

MARKER = ".rectrack-site"  # names a folder as a built site, which a new build may replace
STATUS_ORDER = (Status.COMPLETED, Status.SUBSTANTIALLY_COMPLETED, Status.IN_PROGRESS, Status.NOT_STARTED)
# Colours with at least 4.5:1 contrast against white (WCAG 2.1 AA), also used for text.
STATUS_COLOUR = {
    Status.COMPLETED: "#1a7f37",
    Status.SUBSTANTIALLY_COMPLETED: "#9a6700",
    Status.IN_PROGRESS: "#0969da",
    Status.NOT_STARTED: "#cf222e",
}
GROUP_PAGES = ("year", "inspector", "kind", "owner")  # by unit is on the index
SEARCH_SHOWN = 200  # results the search page draws at once

SITE_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "site.title": "整改工作总览",
        "site.skip": "跳到正文",
        "site.nav": "站内导航",
        "site.home": "总览",
        "site.search": "搜索问题",
        "site.search_label": "搜索问题（编号、标题、单位、责任部门）",
        "site.search_button": "搜索",
        "site.search_hint": "输入关键词筛选问题；多个关键词用空格分开，须同时符合。",
        "site.search_count": "找到{n}项问题",
        "site.search_more": "只列出前{n}项，请输入更多关键词。",
        "site.noscript": "搜索需要启用 JavaScript；也可从各轮次页面查看全部问题。",
        "site.as_of": "截至{date}",
        "site.totals": "总体情况",
        "site.chart_unit": "各单位整改完成情况",
        "site.chart_year": "各年度整改完成情况",
        "site.chart_aspect": "各方面整改完成情况",
        "site.groups": "分组统计",
        "site.by": "按{what}",
        "site.other_groupings": "其他分组：",
        "site.rounds": "各轮次整改情况",
        "site.issues": "具体问题",
        "site.overdue": "逾期问题",
        "site.no_overdue": "没有逾期问题。",
        "site.reviews": "回头看到期",
        "site.no_reviews": "没有到期的回头看。",
        "site.checks": "长期任务检查到期",
        "site.no_checks": "没有到期的长期任务检查。",
        "site.summary": "整改思路",
        "site.measures": "整改措施",
        "site.no_measures": "未填写整改措施。",
        "site.facts": "基本情况",
        "site.history": "整改进展",
        "site.no_history": "没有进展记录。",
        "site.evidence": "佐证材料",
        "site.no_evidence": "没有佐证材料。",
        "site.extensions": "延期记录",
        "site.ext_date": "批准日期",
        "site.ext_from": "原整改时限",
        "site.ext_to": "延期至",
        "site.ext_reason": "延期理由",
        "site.ext_by": "批准人",
        "site.outcomes": "整改成效",
        "site.completed_on": "完成时间",
        "site.review_on": "回头看日期",
        "site.long_term": "长期坚持",
        "site.yes": "是",
        "site.check_every": "检查周期",
        "site.kind": "类型",
        "site.authority": "部署机关",
        "site.aspect": "方面",
        "site.category": "问题类别",
        "site.unknown": "未填写",
        "site.days": "{n}天",
        "site.review.held": "回头看：已巩固",
        "site.review.relapsed": "回头看：出现反弹",
        "site.change": "由“{old}”改为“{new}”",
        "site.set": "状态：{new}",
        "site.by_who": "记录人：{who}",
        "site.generated": "由 rectrack 根据整改台账生成。",
        "site.due": "应完成日期",
        "site.legend": "图例",
        "site.percent_of": "{name}：完成率{rate}（{done}/{n}项）",
        "site.list_sep": "；",
        "site.notice": "整改进展情况通报（全文）",
    },
    "en": {
        "site.title": "Rectification overview",
        "site.skip": "Skip to content",
        "site.nav": "Site",
        "site.home": "Overview",
        "site.search": "Search issues",
        "site.search_label": "Search issues (id, title, unit, owner)",
        "site.search_button": "Search",
        "site.search_hint": "Type to filter the issues; several words separated by spaces must all match.",
        "site.search_count": "{n} issue(s) found",
        "site.search_more": "Only the first {n} are listed; type more words.",
        "site.noscript": "Search needs JavaScript; every issue is also listed on its round's page.",
        "site.as_of": "as of {date}",
        "site.totals": "Totals",
        "site.chart_unit": "Completion by unit",
        "site.chart_year": "Completion by feedback year",
        "site.chart_aspect": "Completion by aspect",
        "site.groups": "Groups",
        "site.by": "By {what}",
        "site.other_groupings": "Other groupings: ",
        "site.rounds": "Rounds",
        "site.issues": "Issues",
        "site.overdue": "Overdue issues",
        "site.no_overdue": "No issue is overdue.",
        "site.reviews": "Look-back reviews due",
        "site.no_reviews": "No look-back review is due.",
        "site.checks": "Long-term checks due",
        "site.no_checks": "No long-term check is due.",
        "site.summary": "Approach",
        "site.measures": "Measures",
        "site.no_measures": "No measures written.",
        "site.facts": "Facts",
        "site.history": "Progress",
        "site.no_history": "No progress recorded.",
        "site.evidence": "Evidence",
        "site.no_evidence": "No evidence listed.",
        "site.extensions": "Deadline extensions",
        "site.ext_date": "Approved on",
        "site.ext_from": "From",
        "site.ext_to": "To",
        "site.ext_reason": "Reason",
        "site.ext_by": "Approved by",
        "site.outcomes": "Outcomes",
        "site.completed_on": "Completed on",
        "site.review_on": "Review due on",
        "site.long_term": "Long-term",
        "site.yes": "yes",
        "site.check_every": "Checked every",
        "site.kind": "Kind",
        "site.authority": "Ordered by",
        "site.aspect": "Aspect",
        "site.category": "Category",
        "site.unknown": "not given",
        "site.days": "{n} days",
        "site.review.held": "Look-back review: held",
        "site.review.relapsed": "Look-back review: relapsed",
        "site.change": "from “{old}” to “{new}”",
        "site.set": "status: {new}",
        "site.by_who": "recorded by {who}",
        "site.generated": "Made by rectrack from the rectification ledger.",
        "site.due": "Due",
        "site.legend": "Legend",
        "site.percent_of": "{name}: {rate} completed ({done} of {n})",
        "site.list_sep": "; ",
        "site.notice": "The progress notice in full",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    """A site label (or a shared one from `i18n`) in `lang`."""
    if key.startswith("site."):
        text = SITE_LABELS[lang][key]
        return text.format(**values) if values else text
    return label(key, lang, **values)


def _e(value: object) -> str:
    """Text as HTML, quotes included, so it is safe in an element and in an attribute alike."""
    return html.escape("" if value is None else str(value), quote=True)


def json_for_script(data: object) -> str:
    """JSON that can sit inside a <script> element: no `<`, `>` or `&` (so no `</script>`), no line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# -- file names ---------------------------------------------------------------------------------

# Names Windows will not create, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def file_names(ids: Sequence[str]) -> list[str]:
    """A file name (without .html) for each id, unique even on a case-insensitive file system.

    Ids are letters, digits, '.', '_' and '-' (the format's rule); one that
    differs from an earlier one only in case, or that Windows reserves, gets
    a numbered suffix, decided by order alone, so names are stable.
    """
    taken: set[str] = set()
    names = []
    for ident in ids:
        name = ident
        base = ident.split(".")[0].casefold()
        n = 1
        while name.casefold() in taken or base in _RESERVED:
            n += 1
            name = f"{ident}~{n}"
            base = ""
        taken.add(name.casefold())
        names.append(name)
    return names


@dataclass(frozen=True)
class Place:
    """Where a round's page and its issues' pages are."""

    round_file: str  # "rounds/r1.html"
    issue_files: dict[tuple[str, str], str]  # (aspect id, issue id) -> "issues/r1/A1-1.html"
    notice_file: str  # "notices/r1.html"


def _places(rounds: Sequence[RoundFile]) -> dict[str, Place]:
    places = {}
    for model, name in zip(rounds, file_names([m.round.id for m in rounds])):
        pairs = [(a.id, i.id) for a, i in model.issues()]
        names = file_names([issue for _, issue in pairs])
        places[model.round.id] = Place(f"rounds/{name}.html",
                                       {pair: f"issues/{name}/{n}.html" for pair, n in zip(pairs, names)},
                                       f"notices/{name}.html")
    return places


def _href(from_file: str, to_file: str) -> str:
    """The relative link from one page of the site to another (works from file:// and under any prefix)."""
    depth = len(PurePosixPath(from_file).parts) - 1
    return _e("../" * depth + to_file)


# -- the page frame -----------------------------------------------------------------------------

STYLE = """\
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#ffffff;--band:#f6f8fa;--link:#0550ae;
--done:#1a7f37;--mostly:#9a6700;--ongoing:#0969da;--late:#cf222e}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",
"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
a{color:var(--link)}
a:focus,input:focus,button:focus{outline:3px solid #0969da;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}
.skip:focus{left:.5em}
.sr{position:absolute;left:-999px;width:1px;height:1px;overflow:hidden}
header.site,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;border-bottom:1px solid var(--line);
padding-top:.75rem;padding-bottom:.75rem}
header.site nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header.site form{margin-left:auto;display:flex;gap:.25rem}
h1{font-size:1.6rem;line-height:1.3;margin:1rem 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.meta{color:var(--muted);margin:0 0 1rem}
.crumbs{margin:.75rem 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.25rem}
.crumbs li+li::before{content:"›";margin-right:.25rem;color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:var(--band);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total th,tr.total td{font-weight:700;border-top:2px solid var(--fg)}
tr.sub th{padding-left:1.5rem;font-weight:400}
dl.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin:.5rem 0}
dl.cards div{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
dl.cards dt{color:var(--muted);font-size:.9rem}
dl.cards dd{margin:0;font-size:1.5rem;font-weight:700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.st{font-weight:600;white-space:nowrap}
p.signature{text-align:right}
.st-completed{color:var(--done)}.st-substantially_completed{color:var(--mostly)}
.st-in_progress{color:var(--ongoing)}.st-not_started,.late{color:var(--late)}
figure.chart{margin:.5rem 0 1rem;max-width:48rem}
figure.chart ul{list-style:none;margin:0;padding:0}
figure.chart li{display:grid;grid-template-columns:minmax(6rem,16rem) 1fr 4.5rem;gap:.25rem .75rem;
align-items:center;margin:.2rem 0;font-size:.9rem}
figure.chart .name{text-align:right;overflow-wrap:anywhere}
figure.chart svg{width:100%;height:1.1rem;display:block;background:var(--band)}
figure.chart .rate{font-variant-numeric:tabular-nums}
ul.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.25rem 0;font-size:.9rem}
ul.legend span{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
.sw-completed{background:var(--done)}.sw-substantially_completed{background:var(--mostly)}
.sw-in_progress{background:var(--ongoing)}.sw-not_started{background:var(--late)}
ol.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.5rem}
ol.timeline li{position:relative;padding:0 0 .75rem 1rem}
ol.timeline li::before{content:"";position:absolute;left:-.55rem;top:.45rem;width:.8rem;height:.8rem;
border-radius:50%;background:var(--fg)}
ol.timeline time{font-weight:600;margin-right:.5rem}
input[type=search]{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:4px;min-width:12rem}
button{font:inherit;padding:.3rem .75rem;border:1px solid var(--muted);border-radius:4px;background:var(--band);
color:var(--fg)}
#results li{margin:.25rem 0}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2rem;padding:1rem}
@media (max-width:40rem){body{font-size:15px}h1{font-size:1.3rem}th,td{padding:.3rem}
header.site form{margin-left:0;width:100%}input[type=search]{flex:1;min-width:0}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}
figure.chart li{grid-template-columns:1fr 4rem}figure.chart .name{grid-column:1/-1;text-align:left}}
@media print{header.site,.skip,footer,.noprint{display:none}a{color:inherit;text-decoration:none}
body{font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}.scroll{overflow:visible}}
"""

# The one script of the site: filters the search index as the reader types.  Data goes in
# with textContent and links through setAttribute on our own relative paths, never as HTML.
SEARCH_SCRIPT = """\
(function () {
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var more = document.getElementById("more");
  var texts = data.issues.map(function (r) { return r.slice(0, 6).join(" ").toLowerCase(); });
  function show() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var found = [];
    for (var i = 0; i < texts.length; i++) {
      if (words.every(function (w) { return texts[i].indexOf(w) >= 0; })) { found.push(i); }
    }
    list.textContent = "";
    found.slice(0, data.shown).forEach(function (i) {
      var r = data.issues[i], li = document.createElement("li"), a = document.createElement("a");
      a.setAttribute("href", r[6]);
      a.textContent = r[0] + " " + r[1] + " " + r[2];
      li.appendChild(a);
      var facts = [r[3], r[4]].concat(r[5] ? [r[5]] : []);
      li.appendChild(document.createTextNode(" \\u00b7 " + facts.join(" \\u00b7 ")));
      list.appendChild(li);
    });
    count.textContent = data.count.replace("{n}", String(found.length));
    more.hidden = found.length <= data.shown;
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", show);
  document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); show(); });
  show();
})();
"""


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


# Nothing leaves the page, and only the search script (by its hash) may run.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
       f"script-src '{_script_hash(SEARCH_SCRIPT)}'; form-action 'self'; base-uri 'none'")


def _page(path: str, title: str, body: str, lang: str, crumbs: Sequence[tuple[str, str]] = (),
          script: str = "") -> bytes:
    """A whole HTML page at `path` of the site: head, header with navigation and search, main, footer."""
    home, search = _href(path, "index.html"), _href(path, "search.html")
    crumb_html = ""
    if crumbs:
        items = "".join(f'<li><a href="{_href(path, target)}">{_e(text)}</a></li>' for target, text in crumbs)
        crumb_html = f'<ol class="crumbs" aria-label="{_e(_t("site.nav", lang))}">{items}<li aria-current="page">' \
                     f'{_e(title)}</li></ol>'
    search_form = "" if path == "search.html" else (
        f'<form action="{search}" method="get" role="search" class="noprint">'
        f'<label for="site-q" class="sr">{_e(_t("site.search_label", lang))}</label>'
        f'<input type="search" id="site-q" name="q" placeholder="{_e(_t("site.search", lang))}">'
        f'<button type="submit">{_e(_t("site.search_button", lang))}</button></form>')
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_e(title)}</title>\n"
        f'<link rel="stylesheet" href="{_href(path, "style.css")}">\n</head>\n<body>\n'
        f'<a class="skip" href="#main">{_e(_t("site.skip", lang))}</a>\n'
        f'<header class="site"><nav aria-label="{_e(_t("site.nav", lang))}"><ul>'
        f'<li><a href="{home}">{_e(_t("site.home", lang))}</a></li>'
        f'<li><a href="{search}">{_e(_t("site.search", lang))}</a></li></ul></nav>{search_form}</header>\n'
        f'<main id="main">\n{crumb_html}{body}\n</main>\n'
        f'<footer><p>{_e(_t("site.generated", lang))}</p></footer>\n'
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )
    return page.encode("utf-8")


# -- pieces -------------------------------------------------------------------------------------

def _percent(counts: Counts) -> str:
    return f"{counts.completion_rate * 100:.1f}%" if counts.issues else "–"


def _status_html(value: str, lang: str) -> str:
    status = Status(value)
    return f'<span class="st st-{status.value}">{_e(status_label(status, lang))}</span>'


def _count_heads(lang: str, rounds: bool = True, aspects: bool = True) -> str:
    names = ([label("rounds", lang)] if rounds else []) + ([label("aspects", lang)] if aspects else []) + [
        label("issues", lang), *(status_label(s, lang) for s in STATUS_ORDER), label("overdue", lang),
        label("completion_rate", lang)]
    return _heads(names, numeric_from=0)


def _count_cells(item: dict, rounds: bool = True, aspects: bool = True) -> str:
    counts = Counts.from_dict(item)
    values = ([item["rounds"]] if rounds else []) + ([counts.aspects] if aspects else []) + [
        counts.issues, *(counts.by_status(s) for s in STATUS_ORDER)]
    cells = "".join(f'<td class="n">{v}</td>' for v in values)
    late = ' class="n late"' if counts.overdue else ' class="n"'
    return cells + f"<td{late}>{counts.overdue}</td><td class=\"n\">{_percent(counts)}</td>"


def _table(caption: str, head: str, rows: Iterable[str], shown: bool = True) -> str:
    """A table with its caption (for screen readers only when a heading above already says it)."""
    cls = "" if shown else ' class="sr"'
    return (f'<div class="scroll"><table><caption{cls}>{_e(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _counted(text: str, n: int, lang: str) -> str:
    """A heading with a count: 逾期问题（3） / Overdue issues (3)."""
    return f"{text}（{n}）" if lang == "zh" else f"{text} ({n})"


def _legend(lang: str) -> str:
    items = "".join(f'<li><span class="sw-{s.value}" aria-hidden="true"></span>{_e(status_label(s, lang))}</li>'
                    for s in STATUS_ORDER)
    return f'<ul class="legend" aria-label="{_e(_t("site.legend", lang))}">{items}</ul>'


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, dict]], lang: str) -> str:
    """A horizontal stacked bar per row (name, counts): the statuses' shares, and the completion rate beside it.

    Names and rates are text of the page, so they keep their size on a
    phone and wrap; each bar is an inline SVG that stretches to the room
    there is.  A screen reader reads each row's figures in words (the bar
    itself is hidden from it); the same figures stand in a table nearby.
    """
    items = []
    for name, item in rows:
        counts = Counts.from_dict(item)
        rects, x = [], 0.0
        for status in STATUS_ORDER:
            amount = counts.by_status(status)
            if amount and counts.issues:
                width = 100 * amount / counts.issues
                rects.append(f'<rect x="{x:.3f}" y="0" width="{width:.3f}" height="10" '
                             f'fill="{STATUS_COLOUR[status]}"><title>{_e(status_label(status, lang))} {amount}'
                             "</title></rect>")
                x += width
        words = _t("site.list_sep", lang).join(f"{status_label(s, lang)} {counts.by_status(s)}" for s in STATUS_ORDER)
        items.append(f'<li><span class="name">{_e(name)}</span>'
                     f'<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" '
                     f'xmlns="http://www.w3.org/2000/svg">{"".join(rects)}</svg>'
                     f'<span class="rate">{_percent(counts)}<span class="sr">{_e(_t("site.list_sep", lang))}'
                     f"{_e(words)}</span></span></li>")
    return (f'<figure class="chart" aria-labelledby="{chart_id}"><figcaption id="{chart_id}" class="sr">'
            f'{_e(title)}</figcaption><ul>{"".join(items)}</ul></figure>')


def _groups_table(groups: list[dict], by: str, lang: str, totals: dict) -> str:
    """A row per group, its second level (when grouped two deep) indented under it, and the total row."""
    rows = []
    for g in groups:
        rows.append(f'<tr><th scope="row">{_e(group_key_text(by, g["key"], lang))}</th>{_count_cells(g)}</tr>')
        rows += [f'<tr class="sub"><th scope="row">{_e(group_key_text(c["by"], c["key"], lang))}</th>'
                 f"{_count_cells(c)}</tr>" for c in g.get("groups", [])]
    rows.append(f'<tr class="total"><th scope="row">{_e(label("total", lang))}</th>{_count_cells(totals)}</tr>')
    inner = groups[0]["groups"][0]["by"] if groups and groups[0].get("groups") else None
    heading = label(f"group.{by}", lang) + (f" / {label(f'group.{inner}', lang)}" if inner else "")
    head = f'<th scope="col">{_e(heading)}</th>{_count_heads(lang)}'
    return _table(_t("site.by", lang, what=label(f"group.{by}", lang)), head, rows)


def _or_unknown(value: object, lang: str) -> str:
    return _e(value) if value not in (None, "") else f'<span class="meta">{_e(_t("site.unknown", lang))}</span>'


# -- pages --------------------------------------------------------------------------------------

@dataclass
class _Site:
    """What every page needs: the document, the rounds by id, where pages are, and the language."""

    doc: dict
    rounds: dict[str, RoundFile]
    places: dict[str, Place]
    lang: str
    notices: dict[str, Notice]

    def __post_init__(self) -> None:
        # Follow-ups name an issue by round and id; ids are unique within a round.
        self.issue_by_id = {(rid, issue): f for rid, place in self.places.items()
                            for (_, issue), f in place.issue_files.items()}

    def round_link(self, from_file: str, round_id: str, text: str | None = None) -> str:
        place = self.places.get(round_id)
        shown = _e(text if text is not None else round_id)
        return f'<a href="{_href(from_file, place.round_file)}">{shown}</a>' if place else shown

    def issue_file(self, round_id: str, aspect: str, issue: str) -> str | None:
        place = self.places.get(round_id)
        return place.issue_files.get((aspect, issue)) if place else None

    def issue_link(self, from_file: str, round_id: str, issue_id: str, text: str) -> str:
        target = self.issue_by_id.get((round_id, issue_id))
        return f'<a href="{_href(from_file, target)}">{_e(text)}</a>' if target else _e(text)

    def unit(self, round_id: str) -> str:
        model = self.rounds.get(round_id)
        return model.round.unit if model else ""


def _index(site: _Site) -> bytes:
    doc, lang, path = site.doc, site.lang, "index.html"
    totals = doc["totals"]
    counts = Counts.from_dict(totals)
    cards = [(label("rounds", lang), totals["rounds"]), (label("aspects", lang), counts.aspects),
             (label("issues", lang), counts.issues),
             *((status_label(s, lang), counts.by_status(s)) for s in STATUS_ORDER),
             (label("overdue", lang), counts.overdue), (label("completion_rate", lang), _percent(counts))]
    body = [f'<h1>{_e(_t("site.title", lang))}</h1>',
            f'<p class="meta">{_e(_t("site.as_of", lang, date=doc["as_of"]))}</p>',
            f'<section aria-labelledby="h-totals"><h2 id="h-totals">{_e(_t("site.totals", lang))}</h2>'
            '<dl class="cards">' + "".join(f"<div><dt>{_e(n)}</dt><dd>{_e(v)}</dd></div>" for n, v in cards)
            + "</dl></section>"]
    by_unit, by_year = doc["groups_by"]["unit"], doc["groups_by"]["year"]
    body.append(f'<section aria-labelledby="h-charts"><h2 id="h-charts">{_e(_t("site.chart_unit", lang))}</h2>'
                + _legend(lang)
                + bar_chart("chart-unit", _t("site.chart_unit", lang),
                            [(group_key_text("unit", g["key"], lang), g) for g in by_unit], lang)
                + f'<h3>{_e(_t("site.chart_year", lang))}</h3>'
                + bar_chart("chart-year", _t("site.chart_year", lang),
                            [(group_key_text("year", g["key"], lang), g) for g in by_year], lang)
                + "</section>")
    others = "".join(f'<li><a href="{_href(path, f"by-{b}.html")}">'
                     f'{_e(_t("site.by", lang, what=label(f"group.{b}", lang)))}</a></li>' for b in GROUP_PAGES)
    table = _groups_table(by_unit, "unit", lang, totals)
    body.append(f'<section aria-labelledby="h-groups"><h2 id="h-groups">{_e(_t("site.groups", lang))}</h2>'
                f'{table}<p class="noprint">{_e(_t("site.other_groupings", lang))}</p>'
                f'<ul class="noprint">{others}</ul></section>')
    rows = []
    for item in doc["rounds"]:
        rows.append(f'<tr><th scope="row">{site.round_link(path, item["id"])}</th><td>{_e(item["title"])}</td>'
                    f'<td>{_e(item["unit"])}</td><td>{_e(group_key_text("kind", item["kind"], lang))}</td>'
                    f'<td>{_e(item["feedback"])}</td>{_count_cells(item, rounds=False)}</tr>')
    head = _heads((label("round", lang), label("title", lang), label("unit", lang), _t("site.kind", lang),
                   label("feedback", lang))) + _count_heads(lang, rounds=False)
    body.append(f'<section aria-labelledby="h-rounds"><h2 id="h-rounds">{_e(_t("site.rounds", lang))}</h2>'
                + _table(_t("site.rounds", lang), head, rows, shown=False) + "</section>")
    body.extend(_followups(site, path))
    return _page(path, _t("site.title", lang), "\n".join(body), lang)


def _heads(names: Iterable[str], numeric_from: int | None = None) -> str:
    """Column headers; those from `numeric_from` on right-aligned, as their figures are."""
    return "".join(f'<th scope="col"{" class=n" if numeric_from is not None and i >= numeric_from else ""}>'
                   f"{_e(name)}</th>" for i, name in enumerate(names))


def _issues_section(site: _Site, path: str, name: str, entries: list[dict],
                    extra: Sequence[tuple[str, object]]) -> str:
    """A headed table of issues named by round and id (overdue, reviews due, checks due), unit first.

    `extra` holds the last columns: (heading, function of an entry giving its cell's HTML).
    """
    lang = site.lang
    title = _t(f"site.{name}", lang)
    heading = f'<h2 id="h-{name}">{_e(_counted(title, len(entries), lang))}</h2>'
    if not entries:
        return f'<section aria-labelledby="h-{name}">{heading}<p>{_e(_t(f"site.no_{name}", lang))}</p></section>'
    names = (label("unit", lang), label("round", lang), label("issue", lang), label("title", lang),
             label("owner", lang), *(h for h, _ in extra))
    rows = [f'<tr><td>{_e(site.unit(e["round"]))}</td><td>{site.round_link(path, e["round"])}</td>'
            f'<th scope="row">{site.issue_link(path, e["round"], e["id"], e["id"])}</th><td>{_e(e["title"])}</td>'
            f'<td>{_or_unknown(e["owner"], lang)}</td>' + "".join(cell(e) for _, cell in extra) + "</tr>"
            for e in entries]
    return (f'<section aria-labelledby="h-{name}">{heading}'
            f'{_table(title, _heads(names, numeric_from=5), rows, False)}</section>')


def _followups(site: _Site, path: str) -> list[str]:
    """The overdue issues, the reviews due and the long-term checks due, as sections."""
    doc, lang = site.doc, site.lang

    def day(key: str):
        return lambda e: f'<td class="n">{_e(e[key])}</td>'

    return [
        _issues_section(site, path, "overdue", doc["overdue"], [
            (label("deadline", lang), day("deadline")),
            (label("days_over", lang), lambda e: f'<td class="n late">{e["days_over"]}</td>')]),
        _issues_section(site, path, "reviews", doc["reviews_due"], [(_t("site.due", lang), day("due"))]),
        _issues_section(site, path, "checks", doc["long_term_checks_due"],
                        [(label("time.check_due", lang), day("due"))]),
    ]


def _group_page(site: _Site, by: str) -> bytes:
    """The figures by `by` (a chart of the groups) and, in the table, each group's units under it."""
    lang, path = site.lang, f"by-{by}.html"
    title = _t("site.by", lang, what=label(f"group.{by}", lang))
    groups = site.doc["groups_by"][by]
    table = _groups_table(groups, by, lang, site.doc["totals"])
    chart = bar_chart(f"chart-{by}", title, [(group_key_text(by, g["key"], lang), g) for g in groups], lang)
    body = (f'<h1>{_e(title)}</h1><p class="meta">{_e(_t("site.as_of", lang, date=site.doc["as_of"]))}</p>'
            f'{_legend(lang)}{chart}{table}')
    return _page(path, title, body, lang, crumbs=[("index.html", _t("site.home", lang))])


def _round_page(site: _Site, item: dict, records: list[dict]) -> tuple[str, bytes]:
    lang = site.lang
    model = site.rounds[item["id"]]
    meta = model.round
    path = site.places[meta.id].round_file
    facts = [(kind_label("unit", meta.kind, lang), meta.unit),
             (_t("site.kind", lang), group_key_text("kind", meta.kind, lang))]
    if meta.inspector:
        facts.append((kind_label("inspector", meta.kind, lang), meta.inspector))
    if meta.authority:
        facts.append((_t("site.authority", lang), meta.authority))
    if meta.period:
        facts.append((label("period", lang), f"{meta.period.start.isoformat()} – {meta.period.end.isoformat()}"))
    facts.append((label("feedback", lang), meta.feedback.isoformat()))
    stop = "。" if lang == "zh" else "."
    sentence = overview_sentence(Counts.from_dict(item), meta.kind, lang) + stop
    outcomes = outcomes_sentence(item["outcomes"], lang)
    body = [f'<h1>{_e(meta.title)}</h1>',
            f'<p class="meta">{_e(meta.id)} · {_e(_t("site.as_of", lang, date=site.doc["as_of"]))}</p>',
            '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts) + "</dl>",
            f"<p>{_e(sentence)}</p>" + (f"<p>{_e(outcomes + stop)}</p>" if outcomes else "")]
    if meta.id in site.notices:
        body.append(f'<p><a href="{_href(path, site.places[meta.id].notice_file)}">{_e(_t("site.notice", lang))}'
                    "</a></p>")
    aspects = item["by_aspect"]
    body.append(f'<h2 id="h-aspects">{_e(_t("site.chart_aspect", lang))}</h2>' + _legend(lang)
                + bar_chart("chart-aspect", _t("site.chart_aspect", lang),
                            [(f'{a["id"]} {a["title"]}', a) for a in aspects], lang))
    head = _heads((_t("site.aspect", lang), label("title", lang), _t("site.category", lang))) \
        + _count_heads(lang, rounds=False, aspects=False)
    rows = [f'<tr><th scope="row">{_e(a["id"])}</th><td>{_e(a["title"])}</td><td>{_e(a["category"] or "")}</td>'
            f'{_count_cells(a, rounds=False, aspects=False)}</tr>' for a in aspects]
    rows.append(f'<tr class="total"><th scope="row" colspan="3">{_e(label("total", lang))}</th>'
                f'{_count_cells(item, rounds=False, aspects=False)}</tr>')
    body.append(_table(_t("site.chart_aspect", lang), head, rows, False))
    head = _heads((label("issue", lang), label("title", lang), label("status", lang), label("owner", lang),
                   label("deadline", lang), label("days_over", lang)), numeric_from=4)
    rows = []
    for record in records:
        target = site.issue_file(meta.id, record["aspect"], record["id"])
        rows.append(f'<tr><th scope="row"><a href="{_href(path, target)}">{_e(record["id"])}</a></th>'
                    f'<td>{_e(record["title"])}</td><td>{_status_html(record["status"], lang)}</td>'
                    f'<td>{_or_unknown(record["owner"], lang)}</td><td class="n">{_e(record["deadline"] or "")}</td>'
                    f'<td class="n{" late" if record["overdue"] else ""}">'
                    f'{record["days_over"] if record["overdue"] else ""}</td></tr>')
    body.append(f'<h2 id="h-issues">{_e(_counted(_t("site.issues", lang), len(records), lang))}</h2>'
                + _table(_t("site.issues", lang), head, rows, False))
    return path, _page(path, meta.title, "\n".join(body), lang, crumbs=[("index.html", _t("site.home", lang))])


def _history_html(issue: Issue, lang: str) -> str:
    if not issue.history:
        return f"<p>{_e(_t('site.no_history', lang))}</p>"
    items = []
    for entry in issue.history:
        parts = []
        if entry.status is not None:
            new = status_label(entry.status, lang)
            parts.append(_e(_t("site.change", lang, old=status_label(entry.from_, lang), new=new))
                         if entry.from_ is not None else _e(_t("site.set", lang, new=new)))
        if entry.review is not None:
            parts.append(_e(_t(f"site.review.{entry.review}", lang)))
        if entry.note:
            parts.append(_e(entry.note))
        if entry.by:
            parts.append(f'<span class="meta">{_e(_t("site.by_who", lang, who=entry.by))}</span>')
        items.append(f'<li><time datetime="{entry.date.isoformat()}">{entry.date.isoformat()}</time>'
                     + _e(_t("site.list_sep", lang)).join(parts) + "</li>")
    return f'<ol class="timeline">{"".join(items)}</ol>'


def _evidence_html(evidence: list[str], lang: str) -> str:
    if not evidence:
        return f"<p>{_e(_t('site.no_evidence', lang))}</p>"
    items = []
    for text in evidence:
        link = text.strip()
        # Only web addresses become links: a `javascript:` or local path stays text.
        if link.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in link):
            items.append(f'<li><a href="{_e(link)}" rel="noopener noreferrer">{_e(text)}</a></li>')
        else:
            items.append(f"<li>{_e(text)}</li>")
    return f'<ul>{"".join(items)}</ul>'


def _issue_page(site: _Site, round_file: RoundFile, aspect, issue: Issue, record: dict) -> tuple[str, bytes]:
    lang = site.lang
    meta = round_file.round
    path = site.issue_file(meta.id, aspect.id, issue.id)
    facts = [(label("status", lang), _status_html(record["status"], lang)),
             (kind_label("unit", meta.kind, lang), _e(meta.unit)),
             (_t("site.aspect", lang), _e(f"{aspect.id} {aspect.title}")),
             (label("owner", lang), _or_unknown(issue.owner, lang)),
             (label("leader", lang), _or_unknown(issue.leader, lang))]
    deadline = _or_unknown(record["deadline"], lang)
    if record["overdue"]:
        late = f'{label("overdue", lang)} {_t("site.days", lang, n=record["days_over"])}'
        deadline += f' <span class="late">{_e(f"（{late}）" if lang == "zh" else f"({late})")}</span>'
    facts.append((label("deadline", lang), deadline))
    if issue.completed_on:
        facts.append((_t("site.completed_on", lang), _e(issue.completed_on.isoformat())))
    if issue.review_on:
        facts.append((_t("site.review_on", lang), _e(issue.review_on.isoformat())))
    if issue.long_term:
        facts.append((_t("site.long_term", lang), _e(_t("site.yes", lang))))
    if issue.check_every:
        facts.append((_t("site.check_every", lang), _e(issue.check_every)))
    body = [f"<h1>{_e(issue.id)} {_e(issue.title)}</h1>",
            '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"]
    if issue.summary:
        body.append(f'<h2>{_e(_t("site.summary", lang))}</h2><p>{_e(issue.summary)}</p>')
    measures = [m for m in issue.measures if m.strip()]
    body.append(f'<h2>{_e(_t("site.measures", lang))}</h2>'
                + (f'<ol>{"".join(f"<li>{_e(m)}</li>" for m in measures)}</ol>' if measures
                   else f"<p>{_e(_t('site.no_measures', lang))}</p>"))
    if issue.extensions:
        head = _heads(_t(k, lang) for k in ("site.ext_date", "site.ext_from", "site.ext_to", "site.ext_reason",
                                            "site.ext_by"))
        rows = [f'<tr><th scope="row">{x.date.isoformat()}</th><td>{x.from_.isoformat()}</td><td>{x.to.isoformat()}'
                f'</td><td>{_e(x.reason)}</td><td>{_e(x.approved_by)}</td></tr>' for x in issue.extensions]
        body.append(f'<h2>{_e(_t("site.extensions", lang))}</h2>'
                    + _table(_t("site.extensions", lang), head, rows, False))
    body.append(f'<h2>{_e(_t("site.history", lang))}</h2>{_history_html(issue, lang)}')
    body.append(f'<h2>{_e(_t("site.evidence", lang))}</h2>{_evidence_html(issue.evidence, lang)}')
    if issue.outcomes is not None and issue.outcomes.stated():
        stop = "。" if lang == "zh" else "."
        body.append(f'<h2>{_e(_t("site.outcomes", lang))}</h2>'
                    f'<p>{_e(outcomes_sentence(issue.outcomes.stated(), lang) + stop)}</p>')
    crumbs = [("index.html", _t("site.home", lang)), (site.places[meta.id].round_file, meta.title)]
    return path, _page(path, f"{issue.id} {issue.title}", "\n".join(body), lang, crumbs=crumbs)


def _notice_page(site: _Site, round_id: str, notice: Notice) -> tuple[str, bytes]:
    """A round's progress notice (`report.build_notice`) as a page of the site; its chart is on the round's page."""
    from .report import Chart, Heading

    place = site.places[round_id]
    body = [f"<h1>{_e(notice.title)}</h1>"]
    for block in notice.blocks:
        if isinstance(block, Heading):
            tag = f"h{min(block.level + 1, 4)}"
            body.append(f"<{tag}>{_e(block.number + block.text)}</{tag}>")
        elif not isinstance(block, Chart):
            lead = f"<strong>{_e(block.number + block.lead)}</strong>" if block.lead else _e(block.number)
            body.append(f'<p class="{_e(block.role)}">{lead}{_e(block.text)}</p>')
    crumbs = [("index.html", _t("site.home", site.lang)), (place.round_file, site.rounds[round_id].round.title)]
    return place.notice_file, _page(place.notice_file, notice.title, "\n".join(body), site.lang, crumbs=crumbs)


def _search_page(site: _Site) -> bytes:
    lang, path = site.lang, "search.html"
    index = []
    for record in site.doc["issues"]:
        target = site.issue_file(record["round"], record["aspect"], record["id"])
        index.append([record["round"], record["id"], record["title"], site.unit(record["round"]),
                      status_label(Status(record["status"]), lang), record["owner"] or "", _href(path, target)
                      if target else ""])
    data = {"count": _t("site.search_count", lang), "shown": SEARCH_SHOWN, "issues": index}
    body = (f'<h1>{_e(_t("site.search", lang))}</h1>'
            f'<form id="search-form" role="search" action="search.html" method="get">'
            f'<label for="q">{_e(_t("site.search_label", lang))}</label><br>'
            f'<input type="search" id="q" name="q" aria-describedby="hint"> '
            f'<button type="submit">{_e(_t("site.search_button", lang))}</button></form>'
            f'<p id="hint" class="meta">{_e(_t("site.search_hint", lang))}</p>'
            f'<noscript><p>{_e(_t("site.noscript", lang))}</p></noscript>'
            f'<p id="count" role="status" aria-live="polite"></p>'
            f'<ul id="results"></ul>'
            f'<p id="more" hidden>{_e(_t("site.search_more", lang, n=SEARCH_SHOWN))}</p>'
            f'<script type="application/json" id="search-data">{json_for_script(data)}</script>')
    return _page(path, _t("site.search", lang), body, lang, crumbs=[("index.html", _t("site.home", lang))],
                 script=SEARCH_SCRIPT)


def site_files(document: dict, rounds: Sequence[tuple[str, RoundFile]], lang: str,
               notices: dict[str, Notice] | None = None) -> dict[str, bytes]:
    """Every file of the site, {path relative to the site's folder (with /): bytes}, in a fixed order.

    `document` is `views.portfolio_document` of `rounds` (as they stood on
    its day); `notices` the rounds' progress notices by round id, each one a
    page linked from its round's.
    """
    models = [model for _, model in rounds]
    site = _Site(document, {m.round.id: m for m in models}, _places(models), lang, notices or {})
    files: dict[str, bytes] = {"index.html": _index(site), "style.css": STYLE.encode("utf-8"),
                               "search.html": _search_page(site)}
    for by in GROUP_PAGES:
        files[f"by-{by}.html"] = _group_page(site, by)
    records: dict[tuple[str, str, str], dict] = {(r["round"], r["aspect"], r["id"]): r for r in document["issues"]}
    by_round: dict[str, list[dict]] = {}
    for record in document["issues"]:
        by_round.setdefault(record["round"], []).append(record)
    for item in document["rounds"]:
        path, page = _round_page(site, item, by_round.get(item["id"], []))
        files[path] = page
        model = site.rounds[item["id"]]
        if item["id"] in site.notices:
            path, page = _notice_page(site, item["id"], site.notices[item["id"]])
            files[path] = page
        for aspect, issue in model.issues():
            path, page = _issue_page(site, model, aspect, issue, records[(model.round.id, aspect.id, issue.id)])
            files[path] = page
    files[MARKER] = ("This folder is a site made by `rectrack site`; each build replaces it whole.\n").encode("utf-8")
    return files


# -- writing ------------------------------------------------------------------------------------

def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_target(folder: Path, protected: Iterable[Path]) -> None:
    """Refuse a folder that holds, or lies within, the data, or holds anything but an earlier site.

    Raises RectrackError with the reason; a build replaces the folder whole,
    so it must never be one whose files a person keeps.
    """
    target = folder.resolve()
    for place in protected:
        place = place.resolve()
        if not place.exists():
            continue  # nothing there to harm; loading reports it
        home = place if place.is_dir() else place.parent
        if _inside(target, home) or _inside(place, target):
            raise RectrackError(code="site-over-data", folder=str(folder), place=str(place))
    if target.exists() and not target.is_dir():
        raise RectrackError(code="site-not-folder", folder=str(folder))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise RectrackError(code="site-not-ours", folder=str(folder))


def publish(files: dict[str, bytes], folder: Path, protected: Iterable[Path] = ()) -> None:
    """Write `files` into `folder` at once: built beside it, then renamed into place.

    A reader (or a web server) sees the old site or the new one, never half
    of each; a failed build leaves the old site as it was.  Raises
    RectrackError (see `check_target`) or OSError.
    """
    check_target(folder, protected)
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = folder.parent / f".{folder.name}.rectrack-new-{os.getpid()}"
    old = folder.parent / f".{folder.name}.rectrack-old-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    try:
        made: set[Path] = set()
        for name, data in files.items():
            path = building.joinpath(*PurePosixPath(name).parts)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
        if folder.exists():
            os.replace(folder, old)
            try:
                os.replace(building, folder)
            except OSError:
                os.replace(old, folder)  # put the old site back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)


__all__ = ["CSP", "MARKER", "bar_chart", "check_target", "file_names", "json_for_script", "publish", "site_files"]
