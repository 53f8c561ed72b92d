"""The notice structure and its renderers: the seed reproduced, wording by kind, escaping."""

from __future__ import annotations

import re

import pytest

from conftest import MINIMAL, ROOT, SHIPPED, dedent

from rectrack.loader import load_file, load_text
from rectrack.model import Status
from rectrack.punctuation import fullwidth
from rectrack.render.notice import render_html, render_markdown, render_text
from rectrack.report import Chart, Heading, Paragraph, build_notice, chinese_number, data_language

SEED = ROOT.parent / "shared" / "seeds" / "000_4416767121ffd8bb.txt"


def shipped():
    model, problems = load_file(SHIPPED)
    assert model is not None, problems
    return model


def round_of(text: str):
    model, problems = load_text(dedent(text))
    assert model is not None, "\n".join(map(str, problems))
    return model


@pytest.mark.parametrize("n, words", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                      (31, "三十一"), (100, "一百"), (101, "一百零一"), (110, "一百一十")])
def test_chinese_numbers(n, words):
    assert chinese_number(n) == words


def test_overview_sentence_is_computed_from_the_ledger():
    text = render_text(build_notice(shipped(), "zh"))
    assert ("截至目前，巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项，后续工作正持续推进。"
            in text)


@pytest.mark.skipif(not SEED.exists(), reason="seed notice not available")
def test_every_line_of_the_seed_notice_is_reproduced_in_order():
    # Every line, the item the ledger splits (A6-3/A6-4 share `item`) included.
    # The seed was captured with half-width punctuation; the notice is published in full-width.
    seed = [fullwidth(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    out = render_text(build_notice(shipped(), "zh")).splitlines()
    position = 0
    for line in seed:
        assert line in out[position:], f"not reproduced (in order): {line[:40]}"
        position = out.index(line, position) + 1
    # What the regenerated notice adds: the title, the part headings, the date.
    extra = [line for line in out if line not in seed]
    assert extra == ["中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报", "", "一、整改工作开展情况",
                     "二、巡察反馈问题整改落实情况", "三、下一步工作打算", "2024年3月29日"]


def test_headings_number_categories_aspects_issues_and_measures():
    text = render_text(build_notice(shipped(), "zh"))
    lines = text.splitlines()
    assert lines[0] == "中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报"
    assert [line for line in lines if re.match(r"^[一二三四]、", line)] == [
        "一、整改工作开展情况", "二、巡察反馈问题整改落实情况", "三、下一步工作打算"]
    assert "（三）修订完善内控制度，防范化解廉政风险隐患" in lines
    assert "第三，增强改革攻坚意识，着力提升民生保障水平" in lines
    # Aspect numbering restarts in each category; issue numbering in each aspect.
    assert "第一，强化担当意识，切实履职尽责" in lines
    # A6-3 and A6-4 are one item of the notice: its summary once, its measures 一是/二是.
    assert ("3.完善社区基层组织建设。统筹推进社区党建，抓好社区工作者配备、社区党组织党费收缴等工作。"
            "一是常态化推进社区工作者招聘，") in text
    assert text.count("统筹推进社区党建") == 1
    assert any(line.startswith("4.加大管理维护力度，发挥党建阵地作用。") for line in lines)
    # One measure: no ordinal; two or more: 一是, 二是.
    single = next(line for line in lines if line.startswith("2.强化沟通交流"))
    assert "一是" not in single
    assert "持续开展“服务企业零距离”走访调研活动" in single
    # Signed, and dated by the published notice whose figures these are (round.notices).
    assert lines[-2:] == ["中关村街道党工委", "2024年3月29日"]


def test_supplied_headings_are_left_out_unless_asked_for():
    text = render_text(build_notice(shipped(), "zh"))
    # As in the published notice: no (一) heading and no 第一/第二 in the first category ...
    assert "推动地区高质量发展" not in text and "第一，强化为企服务" not in text
    # ... but the numbers still count them.
    assert "第三，增强改革攻坚意识，着力提升民生保障水平" in text.splitlines()
    assert "（二）深入推进自身建设，切实推动“两个责任”落实" in text.splitlines()
    shown = render_text(build_notice(shipped(), "zh", supplied_headings=True)).splitlines()
    assert "（一）推动地区高质量发展，提升为企为民服务水平（整理补充）" in shown
    assert "第二，落实“接诉即办”，围绕居民需求提供便民服务（整理补充）" in shown
    assert "第三，增强改革攻坚意识，着力提升民生保障水平" in shown  # the notice's own heading, unmarked
    en = render_text(build_notice(shipped(), "en", supplied_headings=True))
    assert "Aspect 1: 强化为企服务,推动科研成果转化和企业发展 (supplied)" in en


def test_outcomes_are_summed_into_the_notice_when_asked_for():
    assert "通过整改" not in render_text(build_notice(shipped(), "zh"))  # the published notice has no such line
    text = render_text(build_notice(shipped(), "zh", outcomes_line=True))
    assert "通过整改，建立修订制度6项，开展培训1次，遴选推进项目60个，建成服务设施6个，新增共建单位22家。" in text
    en = render_text(build_notice(shipped(), "en", outcomes_line=True))
    assert ("Results so far: 6 rules made or revised, 1 training session held, 60 projects selected "
            "or carried out, 6 service facilities built and 22 partner units brought in.") in en


def test_money_outcomes_add_up_without_float_noise():
    model = round_of(MINIMAL.replace(
        "        completed_on: 2024-02-01\n",
        "        completed_on: 2024-02-01\n        outcomes: {funds_recovered: 0.1, people_accountable: 2}\n",
    ).replace(
        "        deadline: 2024-03-01\n",
        "        deadline: 2024-03-01\n        outcomes: {funds_recovered: 0.2}\n",
    ))
    notice = build_notice(model, "zh")
    assert notice.outcomes == {"people_accountable": 2, "funds_recovered": 0.3}
    assert "通过整改，问责处理2人，追缴挽回资金0.3万元。" in render_text(build_notice(model, "zh", outcomes_line=True))
    assert "2 people held accountable and 3,000 yuan recovered or saved." in render_text(
        build_notice(model, "en", outcomes_line=True))


AUDIT = """\
version: 1
round:
  id: audit-2024
  title: 经济责任审计整改
  unit: 某区审计对象单位
  kind: audit
  inspector: 区审计局审计组
  feedback: 2024-05-06
aspects:
  - id: B1
    title: 财务管理方面
    issues:
      - id: B1-1
        title: 专项资金未专款专用
        status: in_progress
        measures: [清理专项资金账目, 建立专款专用台账]
      - id: B1-2
        title: 固定资产账实不符
        status: not_started
      - id: B1-3
        title: 合同审批不规范
        status: completed
        completed_on: 2024-06-01
        measures: 修订合同管理办法
"""


def test_audit_wording_names_every_non_zero_status():
    text = render_text(build_notice(round_of(AUDIT), "zh"))
    assert "审计反馈的1个方面3项具体问题，已完成整改1项，正在整改1项，尚未启动1项。" in text
    assert "基本完成整改" not in text
    assert "反馈了审计意见" in text and "现将审计整改进展情况予以公布" in text
    assert "二、" not in text and "一、审计发现问题整改落实情况" in text  # no narrative: parts renumbered
    # No categories: aspects take the (一) level.
    assert "（一）财务管理方面" in text
    assert "1.专项资金未专款专用。一是清理专项资金账目。二是建立专款专用台账。" in text
    assert "3.合同审批不规范。修订合同管理办法。" in text
    assert "巡察" not in text


def test_other_kind_has_neutral_wording():
    text = render_text(build_notice(round_of(AUDIT.replace("kind: audit", "kind: other")), "zh"))
    assert "巡察" not in text and "审计" not in text.replace("区审计局审计组", "").replace("审计对象", "")
    assert "按照有关要求，现将整改进展情况予以公布。" in text


def test_english_reads_as_sentences_around_the_chinese_data():
    text = render_text(build_notice(shipped(), "en"))
    lines = text.splitlines()
    assert lines[0] == "Progress in rectification after the inspection of 中共海淀区委中关村街道工作委员会"
    assert lines[2].startswith("As arranged by 区委, 区委第六巡察组 carried out an inspection (常规巡察) "
                               "of 中共海淀区委中关村街道工作委员会 from 25 May to 18 August 2023. "
                               "On 7 December 2023 区委第六巡察组 handed its findings to")
    assert ("So far, of the 31 specific issues in 10 aspects raised by the inspection, 29 have been "
            "rectified and 2 have been substantially rectified.") in text
    assert "II. Rectification of the issues raised by the inspection" in lines
    assert "Aspect 3: 增强改革攻坚意识,着力提升民生保障水平" in lines
    assert "Phone: 62589744; postal address: " in text
    assert "一是" not in text and "(1) 建立高质量发展“专家库”。" in text


def test_data_language_follows_the_round_text():
    assert data_language([shipped()]) == "zh"
    english = round_of(MINIMAL.replace("title: 测试轮次", "title: Test round").replace("unit: 测试单位", "unit: Unit"))
    assert data_language([english]) == "en"


def test_structure_carries_a_chart_per_aspect():
    notice = build_notice(shipped(), "zh")
    (chart,) = [b for b in notice.blocks if isinstance(b, Chart)]
    assert [row.label for row in chart.rows] == [f"A{i}" for i in range(1, 11)]
    a3 = chart.rows[2].counts
    assert (a3.issues, a3.completed, a3.substantially_completed) == (2, 1, 1)
    levels = [b.level for b in notice.blocks if isinstance(b, Heading)]
    # A1 and A2 have supplied titles, left out; 30 items answer the 31 issues (A6-3/A6-4 are one).
    assert levels.count(1) == 3 and levels.count(3) == 8
    assert sum(1 for b in notice.blocks if isinstance(b, Paragraph) and b.role == "issue") == 30


HOSTILE = '<script>alert("x")</script> & [link](javascript:alert(1)) **bold** \x1b[2J \u202e'


def hostile_round():
    text = MINIMAL.replace("title: 问题二", 'title: "<script>alert(\\"x\\")</script> & '
                           '[link](javascript:alert(1)) **bold** \\e[2J \\u202e"')
    text = text.replace("title: 第一方面", 'title: "<img src=x onerror=alert(1)>"')
    return round_of(text)


def test_html_is_self_contained_and_escapes_every_data_string():
    page = render_html(build_notice(hostile_round(), "zh"))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [link](javascript:alert(1))" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page and "\\x1b[2J \\u202e" in page
    # Nothing fetched: no external stylesheet, script, image, font or frame.
    for needle in ("<link", "src=", "@import", "url(", "http://", "https://", "<iframe"):
        assert needle not in page.replace("&lt;img src=x", ""), needle
    assert page.count("<style>") == 1 and "@media print" in page


def test_html_chart_bars_are_proportional():
    page = render_html(build_notice(shipped(), "zh"))
    assert page.count('<div class="bar"') == 10
    assert 'class="done" style="width:50.00%"' in page and 'class="mostly" style="width:50.00%"' in page
    assert 'class="done" style="width:83.33%"' in page and 'class="mostly" style="width:16.67%"' in page
    assert "巡察反馈的10个方面31项具体问题，已完成整改29项，基本完成整改2项" in page


def test_markdown_escapes_data_and_keeps_structure():
    md = render_markdown(build_notice(hostile_round(), "zh"))
    assert "\\[link\\](javascript:alert(1)) \\*\\*bold\\*\\*" in md
    assert "\\<script\\>" in md and "<script" not in md.replace("\\<script", "")
    assert "### （一）\\<img src=x onerror=alert(1)\\>" in md
    assert "**1.问题一**。" in md
    shipped_md = render_markdown(build_notice(shipped(), "zh"))
    assert shipped_md.startswith("# 中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报\n")
    assert "| A3 | 增强改革攻坚意识，着力提升民生保障水平 | 2 | 1 | 1 | 0 | 0 |" in shipped_md


def test_text_output_makes_control_characters_visible():
    text = render_text(build_notice(hostile_round(), "en"))
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[2J \\u202e" in text


def test_substantially_completed_is_kept_apart_in_counts():
    notice = build_notice(shipped(), "zh")
    assert notice.counts.by_status(Status.SUBSTANTIALLY_COMPLETED) == 2
    assert notice.counts.by_status(Status.COMPLETED) == 29
