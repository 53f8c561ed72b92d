"""Word output: the notice in GB/T 9704 公文 form and the ledger table, read back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import MINIMAL, SHIPPED

from rectrack import worddoc
from rectrack.loader import load_file, load_text
from rectrack.report import build_notice


def shipped():
    model, problems = load_file(SHIPPED)
    assert model is not None, problems
    return model


@pytest.fixture(scope="module")
def notice_doc():
    model = shipped()
    data = worddoc.notice_docx(build_notice(model, "zh"), worddoc.ledger_for([model], "zh", True))
    return Document(io.BytesIO(data))


def fonts(style_or_run) -> dict[str, str]:
    """The rFonts attributes of a style or run, by local name (ascii, hAnsi, eastAsia, ...)."""
    rpr = style_or_run.element.rPr if hasattr(style_or_run, "element") else style_or_run._r.rPr
    found = rpr.find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in found.attrib.items()}


def mm(length) -> float:
    """A length in millimetres to 0.1 mm (Word stores twips: 210 mm is 11906 of them)."""
    return round(length / 36000, 1)


def body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.text]


def test_page_is_a4_with_the_standards_margins(notice_doc):
    section = notice_doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    # 版心 156 mm × 225 mm, as GB/T 9704 5.2.2 has it.
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_title_is_erhao_xiaobiaosong_centred(notice_doc):
    title = notice_doc.paragraphs[0]
    assert title.text == "中共海淀区委中关村街道工作委员会关于巡察整改进展情况的通报"
    assert title.style.name == worddoc.STYLE_TITLE
    assert title.style.font.size == Pt(22)
    assert fonts(title.style)["eastAsia"] == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_sanhao_fangsong_fixed_lines_two_character_indent(notice_doc):
    normal = notice_doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert fonts(normal) == {"ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "仿宋_GB2312",
                             "cs": "Times New Roman", "hint": "eastAsia"}
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert Pt(28) <= pf.line_spacing <= Pt(30)
    assert pf.first_line_indent == Pt(32)
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    opening = body_paragraphs(notice_doc)[1]
    assert opening.style.name == "Normal"
    assert opening.text.startswith("根据区委部署，2023年5月25日至8月18日，区委第六巡察组")


@pytest.mark.parametrize("level, font, bold, example", [
    (1, "黑体", False, "一、整改工作开展情况"),
    (2, "楷体_GB2312", False, "（一）提高站位，强化担当，全面研究部署"),
    (3, "仿宋_GB2312", True, "第一，强化担当意识，切实履职尽责"),
])
def test_heading_levels_have_their_fonts(notice_doc, level, font, bold, example):
    style = notice_doc.styles[f"Heading {level}"]
    assert fonts(style)["eastAsia"] == font
    assert style.font.size == Pt(16)
    assert bool(style.font.bold) is bold
    assert style.font.color.rgb is None  # the template's blue is gone
    texts = [p.text for p in notice_doc.paragraphs if p.style.name == f"Heading {level}"]
    assert example in texts


def test_issue_titles_run_in_bold(notice_doc):
    paragraph = next(p for p in notice_doc.paragraphs if p.text.startswith("1.搭建服务平台"))
    lead, rest = paragraph.runs[0], paragraph.runs[1]
    assert lead.text == "1.搭建服务平台，推动科研成果转化。" and lead.bold is True
    assert rest.text.startswith("建立高质量发展“专家库”") and not rest.bold


def test_signature_and_date_are_right_aligned_at_the_end_before_the_attachment(notice_doc):
    texts = [p.text for p in notice_doc.paragraphs]
    at = texts.index("中关村街道党工委")
    assert texts[at + 1] == "2024年3月29日"
    assert texts[at - 2] == "附件：1.区委第六巡察组常规巡察中关村街道工委整改台账"
    for paragraph in notice_doc.paragraphs[at:at + 2]:
        assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # 署名右空二字; the date starts two characters to the right of the signature's first character.
    sig = notice_doc.paragraphs[at].paragraph_format.right_indent
    day = notice_doc.paragraphs[at + 1].paragraph_format.right_indent
    assert sig == Pt(32) and day == Pt(16 * 1.5)  # 8 characters over 6.5 (a half-width digit is one half)


@pytest.mark.parametrize("signature, date, expected", [
    ("中关村街道党工委", "2024年3月29日", (2, 1.5)),      # 8 characters over 6.5
    ("区委", "2024年3月29日", (8.5, 2)),                 # a date longer than the signature
    ("", "2024年3月29日", (0, 2)),
])
def test_signature_indents_follow_the_standard(signature, date, expected):
    assert worddoc.signature_indents(signature, date) == expected


def test_footer_has_a_page_field_between_dashes_on_the_outer_side(notice_doc):
    assert notice_doc.settings.odd_and_even_pages_header_footer is True
    section = notice_doc.sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, side in sides:
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == side
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
        assert paragraph.text == "— 1 —"  # the field's placeholder between 一字线
    footer_style = notice_doc.styles["Footer"]
    assert footer_style.font.size == Pt(14) and fonts(footer_style)["eastAsia"] == "宋体"


def test_fallback_fonts_are_named_in_the_font_table(notice_doc):
    part = next(p for p in notice_doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = part.blob.decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in xml
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in xml


def test_attachment_is_a_landscape_table_with_a_repeated_header(notice_doc):
    assert len(notice_doc.sections) == 2
    section = notice_doc.sections[1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (mm(section.page_width), mm(section.page_height)) == (297, 210)
    labels = [p.text for p in notice_doc.paragraphs if p.style.name == worddoc.STYLE_ATTACHMENT_LABEL]
    assert labels == ["附件1"]
    (table,) = notice_doc.tables
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    # One round: 轮次 is left out (the title names the round); the other columns of the export follow.
    assert [c.text for c in header.cells] == ["序号", "问题类别", "方面", "问题", "整改措施", "责任领导", "责任部门",
                                              "整改时限", "整改状态", "完成时间", "佐证材料", "最新进展", "延期情况"]
    assert len(table.rows) == 32
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and first[3] == "搭建服务平台，推动科研成果转化" and first[8] == "已完成"
    assert first[9] == "不晚于2024-03-29"  # completed_by: known only as no later than the notice
    statuses = {table.rows[i].cells[8].text for i in range(1, 32)}
    assert statuses == {"已完成", "基本完成"}
    # No page-wide overflow: the columns add up to the width between the margins.
    width = section.page_width - section.left_margin - section.right_margin
    total = sum(c.width for c in table.columns)
    assert width - Mm(0.2) <= total <= width + Mm(0.1)


def test_export_docx_alone_and_several_rounds_keep_the_round_column(tmp_path):
    first, _ = load_text(MINIMAL)
    second, _ = load_text(MINIMAL.replace("id: r1", "id: r2").replace("title: 测试轮次", "title: 第二轮"))
    doc = Document(io.BytesIO(worddoc.ledger_docx(worddoc.ledger_for([first, second], "zh"))))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert doc.paragraphs[0].text == "整改台账"
    (table,) = doc.tables
    assert table.rows[0].cells[1].text == "轮次"
    assert {table.rows[i].cells[1].text for i in range(1, len(table.rows))} == {"测试轮次", "第二轮"}


def test_english_ledger_has_english_headers():
    model = shipped()
    doc = Document(io.BytesIO(worddoc.ledger_docx(worddoc.ledger_for([model], "en"))))
    assert doc.paragraphs[0].text == "Rectification ledger: 区委第六巡察组常规巡察中关村街道工委整改"
    assert doc.tables[0].rows[0].cells[8].text == "Status"
    assert doc.tables[0].rows[1].cells[8].text == "completed"


def test_control_characters_in_data_do_not_break_the_file():
    text = MINIMAL.replace("title: 问题二", 'title: "问题\\x01二\\e[2J"')
    model, problems = load_text(text)
    assert model is not None, problems
    data = worddoc.notice_docx(build_notice(model, "zh"), worddoc.ledger_for([model], "zh", True))
    doc = Document(io.BytesIO(data))
    assert any("问题\\x01二\\x1b[2J" in p.text for p in doc.paragraphs)


def test_the_same_notice_gives_the_same_parts(monkeypatch):
    import time
    import zipfile

    notice = build_notice(shipped(), "zh")
    first = worddoc.notice_docx(notice)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)  # the zip's member times follow the clock
    second = worddoc.notice_docx(notice)

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(first) == parts(second)
    assert b"<dc:creator>rectrack</dc:creator>" in parts(first)["docProps/core.xml"]


# -- through the CLI ---------------------------------------------------------------------

def test_report_docx_from_the_suffix_with_ledger(cli, tmp_path):
    target = tmp_path / "通报.docx"
    r = cli("report", SHIPPED, "-o", target, "--with-ledger", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output == f"rectrack：已写入 {target}（轮次 hd-2023-r6-zgc 的 docx 通报，附台账）\n"
    doc = Document(target)
    assert doc.paragraphs[0].text.endswith("关于巡察整改进展情况的通报")
    assert len(doc.tables) == 1


def test_report_docx_as_of_a_day(cli, tmp_path):
    target = tmp_path / "n.docx"
    r = cli("report", SHIPPED, "--format", "docx", "-o", target, "--as-of", "2024-07-31", "--lang", "zh")
    assert r.exit_code == 0, r.output
    texts = [p.text for p in Document(target).paragraphs]
    assert any("截至2024年7月31日，巡察反馈的10个方面31项具体问题" in t for t in texts)
    assert texts[-1] == "2024年7月31日"


def test_export_docx(cli, tmp_path):
    target = tmp_path / "台账.docx"
    r = cli("export", SHIPPED, "-o", target, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output == f"rectrack：已写入 {target}（docx，1个轮次，31项问题）\n"
    doc = Document(target)
    assert doc.paragraphs[0].text == "区委第六巡察组常规巡察中关村街道工委整改台账"
    assert len(doc.tables[0].rows) == 32


def test_keep_punctuation_keeps_the_datas_marks(cli, tmp_path):
    target = tmp_path / "台账.docx"
    r = cli("export", SHIPPED, "-o", target, "--keep-punctuation", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert Document(target).tables[0].rows[1].cells[3].text == "搭建服务平台,推动科研成果转化"


@pytest.mark.parametrize("command, name, words", [
    ("report", "notice.xls", "cannot write a .xls file; it writes text (.txt .text), md (.md .markdown), "
                             "html (.html .htm), docx (.docx)"),
    ("report", "notice.pdf", "cannot write a .pdf file"),
    ("export", "台账.txt", "cannot write a .txt file; it writes csv (.csv), xlsx (.xlsx), json (.json), "
                         "docx (.docx)"),
])
def test_a_suffix_it_cannot_write_is_refused_and_nothing_created(cli, tmp_path, command, name, words):
    target = tmp_path / name
    r = cli(command, SHIPPED, "-o", target, env={"COLUMNS": "200"})
    assert r.exit_code == 2, r.output
    assert words in " ".join(r.output.split())
    assert not target.exists()


def test_a_format_contradicting_the_suffix_is_refused(cli, tmp_path):
    target = tmp_path / "notice.md"
    r = cli("report", SHIPPED, "--format", "docx", "-o", target, env={"COLUMNS": "200"})
    assert r.exit_code == 2, r.output
    assert "--format docx contradicts the file name notice.md (md)" in " ".join(r.output.split())
    assert not target.exists()


def test_with_ledger_needs_docx(cli):
    r = cli("report", SHIPPED, "--with-ledger", env={"COLUMNS": "200"})
    assert r.exit_code == 2, r.output
    assert "--with-ledger needs --format docx" in r.output


def test_the_signature_never_stands_alone_on_a_page(notice_doc):
    texts = [p.text for p in notice_doc.paragraphs]
    at = texts.index("中关村街道党工委")
    closing = next(i for i in range(at - 1, 0, -1) if texts[i].startswith("欢迎广大干部群众"))
    for paragraph in notice_doc.paragraphs[closing:at + 1]:
        assert paragraph.paragraph_format.keep_with_next is True, paragraph.text
    assert notice_doc.paragraphs[closing - 1].paragraph_format.keep_with_next is not True


def test_report_options_for_supplied_headings_and_outcomes(cli):
    plain = cli("report", SHIPPED, "--lang", "zh")
    assert plain.exit_code == 0, plain.output
    assert "（整理补充）" not in plain.output and "通过整改" not in plain.output
    shown = cli("report", SHIPPED, "--lang", "zh", "--supplied-headings", "--outcomes")
    assert shown.exit_code == 0, shown.output
    assert "（一）推动地区高质量发展，提升为企为民服务水平（整理补充）\n" in shown.output
    assert "通过整改，建立修订制度6项，开展培训1次，遴选推进项目60个，建成服务设施6个，新增共建单位22家。\n" in shown.output
