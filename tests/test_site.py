"""`rectrack site`: what the pages say, that data stays text, same bytes every time, and where it may write.

The browser tests (tests/test_site_browser.py) open the same sites in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path


from conftest import ROOT

PORTFOLIO = ROOT / "tests" / "portfolio"
EVIL = ROOT / "tests" / "examples" / "site" / "evil.yaml"
DAY = "2024-06-30"


def build(cli, out: Path, *paths, lang: str = "zh"):
    r = cli("site", *(paths or (PORTFOLIO,)), "-o", out, "--as-of", DAY, "--lang", lang)
    assert r.exit_code == 0, r.output
    return r


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def text(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def test_pages_and_figures(cli, tmp_path):
    out = tmp_path / "site"
    r = build(cli, out)
    assert r.output == f"rectrack：已写入 {out}（23个页面，4个轮次，9项问题）\n"
    files = tree(out)
    assert sorted(n for n in files if not n.startswith("issues/")) == [
        ".rectrack-site", "by-inspector.html", "by-kind.html", "by-owner.html", "by-year.html", "index.html",
        "notices/r1.html", "notices/r2.html", "notices/r3.html", "notices/r4.html", "rounds/r1.html", "rounds/r2.html", "rounds/r3.html", "rounds/r4.html", "search.html", "style.css"]
    assert len([n for n in files if n.startswith("issues/")]) == 9
    index = text(out, "index.html")
    cards = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", index))
    assert cards == {"轮次": "4", "方面": "6", "问题": "9", "已完成": "4", "基本完成": "1", "正在推进": "2",
                     "未启动": "2", "逾期": "3", "完成率": "44.4%"}
    # the unit table, in group order, with its total row
    unit_rows = re.findall(r'<tr(?: class="total")?><th scope="row">([^<]+)</th>((?:<td[^>]*>[^<]*</td>){9})</tr>',
                           index)
    assert [(name, re.findall(r">([^<]*)<", cells)[::2]) for name, cells in unit_rows[:4]] == [
        ("甲单位", ["2", "3", "6", "2", "1", "1", "2", "3", "33.3%"]),
        ("乙单位", ["1", "2", "2", "1", "0", "1", "0", "0", "50.0%"]),
        ("丙单位", ["1", "1", "1", "1", "0", "0", "0", "0", "100.0%"]),
        ("合计", ["4", "6", "9", "4", "1", "2", "2", "3", "44.4%"])]
    assert 'href="by-year.html"' in index and 'href="rounds/r2.html"' in index
    assert index.count('<figure class="chart"') == 2 and "各年度整改完成情况" in index
    assert "逾期问题（3）" in index and 'href="issues/r2/A1-1.html"' in index
    year = text(out, "by-year.html")
    assert year.index(">2022<") < year.index(">2023<") < year.index(">2024<")
    round_page = text(out, "rounds/r2.html")
    assert "第二审计组审计甲单位" in round_page and "被审计单位" in round_page
    assert 'href="../issues/r2/A1-3.html"' in round_page and 'href="../style.css"' in round_page
    assert 'href="../notices/r2.html"' in round_page
    notice = text(out, "notices/r2.html")
    assert "<h1>甲单位关于审计整改进展情况的通报</h1>" in notice and "审计反馈的1个方面3项具体问题" in notice
    issue = text(out, "issues/r1/A1-2.html")
    assert "问题二" in issue and "财务科" in issue and "547天" in issue and 'href="../../rounds/r1.html"' in issue


def test_english_labels(cli, tmp_path):
    build(cli, tmp_path / "en", lang="en")
    index = text(tmp_path / "en", "index.html")
    assert '<html lang="en">' in index and "Rectification overview" in index and "Overdue issues (3)" in index


def test_same_input_same_bytes(cli, tmp_path):
    build(cli, tmp_path / "a", PORTFOLIO, EVIL)
    build(cli, tmp_path / "b", PORTFOLIO, EVIL)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    build(cli, tmp_path / "a", PORTFOLIO, EVIL)  # a rebuild over the old site: the same again
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_hostile_data_stays_text(cli, tmp_path):
    out = tmp_path / "site"
    build(cli, out, PORTFOLIO, EVIL)
    for name, data in tree(out).items():
        page = data.decode("utf-8")
        assert "<script>window" not in page and "<img src=x" not in page and "<iframe" not in page, name
        assert "<svg onload" not in page and "<b>粗" not in page and "<style>body" not in page, name
        assert 'href="javascript' not in page, name
    page = text(out, "rounds/evil.html")
    assert "&lt;script&gt;window.pwned=1;alert(1)&lt;/script&gt;巡察" in page
    assert "丁单位 &quot;引号&quot; &amp; &lt;b&gt;粗&lt;/b&gt;" in page
    issue = text(out, "issues/evil/A1-1.html")
    assert "<li>javascript:window.pwned=4</li>" in issue  # not a link
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" rel="noopener noreferrer">' in issue
    assert "&lt;iframe src=javascript:alert(5)&gt;&lt;/iframe&gt;" in issue and "&amp;amp; 张三" in issue
    # the search index: one script element of data, nothing in it can close it, and it reads back exactly
    search = text(out, "search.html")
    data = search.split('<script type="application/json" id="search-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data
    titles = [row[2] for row in json.loads(data)["issues"]]
    assert "</script><script>window.pwned=3</script>问题" in titles
    assert search.count("<script") == 2  # the data block and our own script


def test_the_only_script_runs_by_its_hash():
    import base64
    import hashlib

    from rectrack.site import CSP, SEARCH_SCRIPT

    digest = base64.b64encode(hashlib.sha256(SEARCH_SCRIPT.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP and "default-src 'none'" in CSP and "unsafe" not in CSP


def test_json_for_script_escapes_what_could_end_a_script():
    from rectrack.site import json_for_script

    text = json_for_script({"t": "</script><!-- & \u2028"})
    assert text == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_file_names_are_unique_without_case_and_avoid_reserved_names():
    from rectrack.site import file_names

    assert file_names(["A1", "a1", "con", "CON.1", "b", "A1~2"]) == ["A1", "a1~2", "con~2", "CON.1~2", "b", "A1~2~2"]


def test_refuses_the_data_folder_and_a_foreign_folder(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PORTFOLIO, data)
    before = tree(data)
    r = cli("site", data, "-o", data / "site", "--as-of", DAY)
    assert r.exit_code == 1, r.output
    assert "will not write a site into or over the data" in r.output
    r = cli("site", data, "-o", tmp_path, "--as-of", DAY)  # the folder holding the data
    assert r.exit_code == 1, r.output
    assert "over the data" in r.output
    assert tree(data) == before and not (data / "site").exists()
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    r = cli("site", data, "-o", mine, "--as-of", DAY)
    assert r.exit_code == 1, r.output
    assert "not empty and not a site rectrack made" in r.output
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]


def test_rebuild_replaces_the_old_site_whole(cli, tmp_path):
    out = tmp_path / "site"
    build(cli, out, PORTFOLIO, EVIL)
    assert (out / "rounds" / "evil.html").exists()
    build(cli, out)
    assert not (out / "rounds" / "evil.html").exists() and (out / "rounds" / "r1.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_refuses_files_with_errors(cli, tmp_path):
    bad = tmp_path / "data" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text("version: 1\nround: {id: x}\n", encoding="utf-8")
    r = cli("site", bad, "-o", tmp_path / "site")
    assert r.exit_code == 1, r.output
    assert "bad.yaml:2" in r.output and "fix them before making a site" in r.output
    assert not (tmp_path / "site").exists()


def test_a_failed_write_keeps_the_old_site(cli, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(cli, out)
    before = tree(out)

    def broken(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken)
    r = cli("site", PORTFOLIO, EVIL, "-o", out, "--as-of", DAY)
    assert r.exit_code == 1, r.output
    assert "No space left on device" in r.output
    monkeypatch.undo()
    assert tree(out) == before and [p.name for p in tmp_path.iterdir()] == ["site"]


def test_publishing_workflow_is_lint_clean_and_documented_verbatim():
    from test_yamllint import WORKFLOW_RULES, lint

    workflow = (ROOT / "docs" / "examples" / "site.yml").read_text(encoding="utf-8")
    assert lint(workflow, WORKFLOW_RULES) == []
    assert "rectrack site -o _site" in workflow
    assert f"```yaml\n{workflow}```" in (ROOT / "docs" / "site.md").read_text(encoding="utf-8")


def test_missing_data_is_the_loaders_error(cli, tmp_path):
    r = cli("site", tmp_path / "nowhere", "-o", tmp_path / "site")
    assert r.exit_code == 1, r.output
    assert "nowhere" in r.output and "over the data" not in r.output
    assert not (tmp_path / "site").exists()


def test_group_pages_nest_the_units(cli, tmp_path):
    build(cli, tmp_path / "site")
    page = text(tmp_path / "site", "by-year.html")
    rows = re.findall(r'<tr(?: class="(sub|total)")?><th scope="row">([^<]+)</th><td class="n">\d+</td>'
                      r'<td class="n">\d+</td><td class="n">(\d+)</td>', page)
    assert rows == [("", "2022", "3"), ("sub", "甲单位", "3"), ("", "2023", "5"), ("sub", "甲单位", "3"),
                    ("sub", "乙单位", "2"), ("", "2024", "1"), ("sub", "丙单位", "1"), ("total", "合计", "9")]
    assert "反馈年度 / 被查单位" in page


def _contrast(hex_colour: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_meet_wcag_aa_contrast():
    from rectrack.site import STATUS_COLOUR, STYLE

    for colour in STATUS_COLOUR.values():
        assert _contrast(colour) >= 4.5, colour
        assert colour in STYLE  # the stylesheet's status colours are the same ones
    for name in ("--fg", "--muted", "--link"):
        value = STYLE.split(name + ":")[1][:7]
        assert _contrast(value) >= 4.5 and _contrast(value, "#f6f8fa") >= 4.5, name


def test_tables_have_headers_and_inputs_have_labels(cli, tmp_path):
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.inputs, self.labels, self.stack = [], [], set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "table":
                self.tables.append({"caption": False, "col": 0, "th_without_scope": 0})
            elif tag == "caption" and self.tables:
                self.tables[-1]["caption"] = True
            elif tag == "th":
                if attrs.get("scope") == "col":
                    self.tables[-1]["col"] += 1
                elif attrs.get("scope") != "row":
                    self.tables[-1]["th_without_scope"] += 1
            elif tag == "input":
                self.inputs.append(attrs.get("id"))
            elif tag == "label":
                self.labels.add(attrs.get("for"))

    out = tmp_path / "site"
    build(cli, out, PORTFOLIO, EVIL)
    checked = 0
    for name, data in tree(out).items():
        if not name.endswith(".html"):
            continue
        page = Page()
        page.feed(data.decode("utf-8"))
        assert '<html lang="zh-CN">' in data.decode("utf-8"), name
        for table in page.tables:
            assert table["caption"] and table["col"] >= 2 and table["th_without_scope"] == 0, name
            checked += 1
        assert all(i in page.labels for i in page.inputs), name
    assert checked >= 15
