"""Word (.docx) documents as offices submit them: the notice in 公文 form, the ledger as a table.

`notice_docx` lays out a computed `report.Notice` per GB/T 9704-2012
《党政机关公文格式》 as offices apply it to a 整改情况报告 or 通报; with a
ledger it appends the ledger as 附件1.  `ledger_docx` writes the ledger
alone, a landscape A4 table whose header repeats on every page.  Both take
structures already computed (`report.build_notice`, `export.ledger_rows`)
and return bytes: no figure is recomputed, no file touched.

Every rule taken from the standard is a constant below with its clause
beside it, so a reader can hold the page against GB/T 9704.  Word falls
back to a Latin font for Chinese text unless the East Asian font is named
(`w:eastAsia`), so every style names it; the font table names a fallback
for machines without the 方正 and _GB2312 fonts.

python-docx is imported inside the functions: commands that never write a
Word file do not pay for it.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .export import COLUMNS, LedgerRow, headers, ledger_rows, xml_text
from .model import RoundFile
from .punctuation import fullwidth
from .report import Heading, Notice, Paragraph

# -- GB/T 9704-2012 ---------------------------------------------------------------------

# 5.2.1 幅面尺寸: A4, 210 mm × 297 mm.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
# 5.2.2 版面: 天头(上白边) 37 mm, 订口(左白边) 28 mm; 版心 156 mm × 225 mm,
# so the bottom margin is 297 - 37 - 225 = 35 mm and the right 210 - 28 - 156 = 26 mm.
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
# 7.5 页码: 一字线上距版心下边缘 7 mm.  Word measures the footer from the page's
# bottom edge to the footer's last line, so: 35 mm - 7 mm - one 四号 line (about 5 mm).
FOOTER_DISTANCE_MM = 23
HEADER_DISTANCE_MM = 15

# 字号 (Chinese type sizes) in points.
ERHAO_PT = 22     # 二号
SANHAO_PT = 16    # 三号
SIHAO_PT = 14     # 四号
WUHAO_PT = 10.5   # 五号
XIAOWU_PT = 9     # 小五

# 7.3.2 标题: 2号小标宋体字, 居中.
TITLE_FONT = "方正小标宋简体"
TITLE_SIZE_PT = ERHAO_PT
# 5.2.3 字体和字号: 正文用3号仿宋体字.
BODY_FONT = "仿宋_GB2312"
BODY_SIZE_PT = SANHAO_PT
# 7.3.3 正文 层次序数: 第一层"一、"黑体, 第二层"（一）"楷体, 第三层"1."和第四层仿宋.
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT}
HEADING_BOLD = {1: False, 2: False, 3: True}
# 7.5 页码: 4号半角宋体阿拉伯数字, 左右各放一条一字线; 单页码居右空一字, 双页码居左空一字.
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE_PT = SIHAO_PT
PAGE_NUMBER_DASH = "\u2014"  # 一字线
# 5.2.2 版心: 一般每面排22行, 每行排28个字: 225 mm / 22 lines ≈ 28.95 pt, a fixed line
# spacing offices set as 28.95–29 pt.  (The standard's 28–30 pt band.)
LINE_SPACING_PT = 28.95
# 正文 首行缩进二字; 署名 右空二字 (7.3.5.2).
INDENT_CHARS = 2
# Digits and Latin letters: offices set them in Times New Roman beside 仿宋.
LATIN_FONT = "Times New Roman"

# Fallbacks Word and WPS use when a font above is missing (the font table's w:altName),
# and the ones LibreOffice or a reader may substitute; named in the README.
FONT_FALLBACKS = {
    "方正小标宋简体": ("华文中宋", "宋体", "Noto Serif CJK SC"),
    "仿宋_GB2312": ("仿宋", "FangSong", "Noto Serif CJK SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC"),
}

# 附件 (7.3.4 and 8.3): 附件说明 in the body; the attachment starts a new page with
# "附件" and its number in 3号黑体 at the top left, its title centred on the third line.
ATTACHMENT_LABEL_FONT = "黑体"

# The ledger table: landscape A4, the 版心 turned a quarter (binding edge at the top),
# 五号 text; header in 黑体.
TABLE_MARGIN_TOP_MM = MARGIN_LEFT_MM
TABLE_MARGIN_BOTTOM_MM = MARGIN_RIGHT_MM
TABLE_MARGIN_LEFT_MM = MARGIN_TOP_MM
TABLE_MARGIN_RIGHT_MM = MARGIN_BOTTOM_MM
TABLE_SIZE_PT = XIAOWU_PT
TABLE_HEADER_FONT = "黑体"
TABLE_CELL_MARGIN_MM = 1
# Column widths in mm: without 轮次 they fill the 225 mm 版心 width exactly, a date
# (2024-03-29) and 已完成 keep to one line; with 轮次 (several rounds) all shrink alike.
COLUMN_WIDTHS_MM = {
    "no": 9, "round": 15, "category": 15, "aspect": 17, "issue": 22, "measures": 48, "leader": 11,
    "owner": 13, "deadline": 18, "status": 12, "completed_on": 18, "evidence": 14, "latest": 16,
    "extensions": 12,
}

STYLE_TITLE = "Notice Title"
STYLE_SIGNATURE = "Notice Signature"
STYLE_TABLE = "Ledger Table Text"
STYLE_TABLE_HEADER = "Ledger Table Header"
STYLE_ATTACHMENT_LABEL = "Attachment Label"

_EMU_PER_MM = 36000


@dataclass(frozen=True)
class Ledger:
    """The ledger to write: its title, its rows and the language of its words."""

    title: str
    rows: Sequence[LedgerRow]
    lang: str


def ledger_title(round_titles: Sequence[str], lang: str) -> str:
    """"区委第六巡察组常规巡察中关村街道工委整改台账" for one round, "整改台账" for several."""
    if lang != "zh":
        return f"Rectification ledger: {round_titles[0]}" if len(round_titles) == 1 else "Rectification ledger"
    if len(round_titles) != 1:
        return "整改台账"
    title = round_titles[0]
    if title.endswith("台账"):
        return title
    return title + ("台账" if title.endswith("整改") else "整改台账")


def ledger_for(rounds: Sequence[RoundFile], lang: str, fullwidth_punctuation: bool = False) -> Ledger:
    """The ledger of `rounds` in `lang`, titled for them; Chinese punctuation made full-width if asked."""
    title = ledger_title([r.round.title for r in rounds], lang)
    return Ledger(fullwidth(title) if fullwidth_punctuation else title,
                  ledger_rows(rounds, fullwidth_punctuation), lang)


def display_chars(text: str) -> float:
    """Width of `text` in Chinese characters: a half-width digit or letter counts one half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the signing unit and the date (GB/T 9704 7.3.5.2).

    不加盖印章: 发文机关署名右空二字; 成文日期首字比署名首字右移二字; 成文日期
    长于署名时, 成文日期右空二字, 署名右空字数相应增加.
    """
    sig, day = display_chars(signature), display_chars(date)
    if not signature:
        return 0.0, float(INDENT_CHARS)
    if day > sig:
        return day - sig + 2 * INDENT_CHARS, float(INDENT_CHARS)
    return float(INDENT_CHARS), sig - day


# -- building blocks --------------------------------------------------------------------

def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style explicitly, East Asian included; theme fonts dropped."""
    fonts = rpr.get_or_add_rFonts()
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    fonts.set(_qn("w:ascii"), latin)
    fonts.set(_qn("w:hAnsi"), latin)
    fonts.set(_qn("w:eastAsia"), east_asia)
    fonts.set(_qn("w:cs"), latin)
    fonts.set(_qn("w:hint"), "eastAsia")


def _fresh_rpr(style):
    """The style's run properties, emptied (the template's theme fonts, colours and sizes go)."""
    element = style.element
    old = element.find(_qn("w:rPr"))
    if old is not None:
        element.remove(old)
    return element.get_or_add_rPr()


def _run_style(style, font: str, size_pt: float, bold: bool = False) -> None:
    from docx.shared import Pt

    rpr = _fresh_rpr(style)
    _set_fonts(rpr, font)
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:val"), "en-US")
    lang.set(_qn("w:eastAsia"), "zh-CN")


def _indent_chars(paragraph_format, first_line: float = 0, left: float = 0, right: float = 0,
                  size_pt: float = BODY_SIZE_PT) -> None:
    """Indents in characters (w:firstLineChars etc.), with the same in points for older readers."""
    from docx.shared import Pt

    paragraph_format.first_line_indent = Pt(first_line * size_pt)
    paragraph_format.left_indent = Pt(left * size_pt)
    paragraph_format.right_indent = Pt(right * size_pt)
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    first = ("w:hangingChars", -first_line) if first_line < 0 else ("w:firstLineChars", first_line)
    for attribute, chars in (first, ("w:leftChars", left), ("w:rightChars", right)):
        ind.set(_qn(attribute), str(round(chars * 100)))


def _paragraph_style(document, name: str, font: str, size_pt: float, *, bold: bool = False,
                     base: str = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    _run_style(style, font, size_pt, bold)
    return style


def _line_spacing(paragraph_format, exact_pt: float | None) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    if exact_pt is None:
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        paragraph_format.line_spacing = Pt(exact_pt)
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _setup_styles(document) -> None:
    """Normal (正文), the three heading levels, the title, the signature and the table text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    defaults = document.styles.element.find(_qn("w:docDefaults"))
    if defaults is not None:
        document.styles.element.remove(defaults)  # theme fonts and 10 pt spacing of the template

    normal = document.styles["Normal"]
    _run_style(normal, BODY_FONT, BODY_SIZE_PT)
    _line_spacing(normal.paragraph_format, LINE_SPACING_PT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True
    _indent_chars(normal.paragraph_format, first_line=INDENT_CHARS)
    _no_autospace(normal)

    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        _run_style(style, HEADING_FONTS[level], BODY_SIZE_PT, HEADING_BOLD[level])
        _line_spacing(style.paragraph_format, LINE_SPACING_PT)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(style.paragraph_format, first_line=INDENT_CHARS)

    title = _paragraph_style(document, STYLE_TITLE, TITLE_FONT, TITLE_SIZE_PT)
    # A 二号 title needs more than the body's fixed line: at least its own size and a half.
    _line_spacing(title.paragraph_format, 35)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent_chars(title.paragraph_format)
    title.paragraph_format.keep_with_next = True

    signature = _paragraph_style(document, STYLE_SIGNATURE, BODY_FONT, BODY_SIZE_PT)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(signature.paragraph_format)

    label = _paragraph_style(document, STYLE_ATTACHMENT_LABEL, ATTACHMENT_LABEL_FONT, BODY_SIZE_PT)
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(label.paragraph_format)  # 顶格

    for name, font in ((STYLE_TABLE, BODY_FONT), (STYLE_TABLE_HEADER, TABLE_HEADER_FONT)):
        style = _paragraph_style(document, name, font, TABLE_SIZE_PT)
        _line_spacing(style.paragraph_format, None)
        _indent_chars(style.paragraph_format, size_pt=TABLE_SIZE_PT)
        style.paragraph_format.alignment = (WD_ALIGN_PARAGRAPH.CENTER if name == STYLE_TABLE_HEADER
                                            else WD_ALIGN_PARAGRAPH.LEFT)

    for name in ("Footer", "Header"):
        style = document.styles[name]
        _run_style(style, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE_PT)
        _line_spacing(style.paragraph_format, None)
        _indent_chars(style.paragraph_format, size_pt=PAGE_NUMBER_SIZE_PT)


def _no_autospace(style) -> None:
    """No extra gap between Chinese and digits or Latin ("2023年5月" as published, not "2023 年 5 月")."""
    from docx.oxml import OxmlElement

    ppr = style.element.get_or_add_pPr()
    # CT_PPr is a sequence: the two go before these (ECMA-376 17.3.1.26), or readers skip them.
    after = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
             "w:pPrChange")
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(tag)
        element.set(_qn("w:val"), "0")
        ppr.insert_element_before(element, *after)


def _name_fallbacks(document) -> None:
    """Declare each Chinese font in the font table with its fallback (w:altName) and GB2312 charset."""
    from lxml import etree

    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    family = {"黑体": "modern", "宋体": "roman"}
    for name, fallbacks in FONT_FALLBACKS.items():
        font = etree.SubElement(root, _qn("w:font"))
        font.set(_qn("w:name"), name)
        etree.SubElement(font, _qn("w:altName")).set(_qn("w:val"), fallbacks[0])
        etree.SubElement(font, _qn("w:charset")).set(_qn("w:val"), "86")  # GB2312
        etree.SubElement(font, _qn("w:family")).set(_qn("w:val"), family.get(name, "modern"))
        etree.SubElement(font, _qn("w:pitch")).set(_qn("w:val"), "fixed" if "仿宋" in name else "variable")
    # The font table is a plain part in python-docx: its bytes are all there is to replace.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(section, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT

    mm = _EMU_PER_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT_MM * mm, PAGE_WIDTH_MM * mm
        margins = (TABLE_MARGIN_TOP_MM, TABLE_MARGIN_BOTTOM_MM, TABLE_MARGIN_LEFT_MM, TABLE_MARGIN_RIGHT_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH_MM * mm, PAGE_HEIGHT_MM * mm
        margins = (MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM)
    from docx.shared import Emu

    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Emu(m * mm) for m in margins)
    section.footer_distance = Emu(FOOTER_DISTANCE_MM * mm)
    section.header_distance = Emu(HEADER_DISTANCE_MM * mm)
    section.gutter = Emu(0)


def _page_field(paragraph) -> None:
    """"— PAGE —": the page number as a field Word and WPS update, between 一字线."""
    from docx.oxml import OxmlElement

    def run(text: str | None = None, field: str | None = None, instruction: str | None = None):
        r = paragraph.add_run()
        if text is not None:
            r.text = text
        if field is not None:
            char = OxmlElement("w:fldChar")
            char.set(_qn("w:fldCharType"), field)
            r._r.append(char)
        if instruction is not None:
            instr = OxmlElement("w:instrText")
            instr.set(_qn("xml:space"), "preserve")
            instr.text = instruction
            r._r.append(instr)
        return r

    run(f"{PAGE_NUMBER_DASH} ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(f" {PAGE_NUMBER_DASH}")


def _page_numbers(document, section) -> None:
    """Odd pages: number on the right, one character in; even pages: on the left (the outer side)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(odd.paragraph_format, right=1, size_pt=PAGE_NUMBER_SIZE_PT)
    _page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(even.paragraph_format, left=1, size_pt=PAGE_NUMBER_SIZE_PT)
    _page_field(even)


def _text(text: str) -> str:
    return xml_text(text)


def _new_document(title: str, lang: str, landscape: bool = False):
    from docx import Document

    document = Document()
    _setup_styles(document)
    _name_fallbacks(document)
    section = document.sections[0]
    _page_setup(section, landscape)
    _page_numbers(document, section)
    properties = document.core_properties
    properties.title = _text(title)
    properties.author = "rectrack"
    properties.last_modified_by = "rectrack"
    properties.language = "zh-CN" if lang == "zh" else "en"
    properties.comments = ""
    properties.revision = 1
    body = document.element.body
    for paragraph in list(body.iterchildren(_qn("w:p"))):
        body.remove(paragraph)  # the template's empty first paragraph
    return document


def _title(document, text: str) -> None:
    document.add_paragraph(_text(text), style=STYLE_TITLE)
    # 标题 and 正文 are separated by one blank line (7.3.3 主送机关 编排于标题下空一行).
    document.add_paragraph("", style="Normal")


def _run_in(paragraph, lead: str, level_font: str | None, bold: bool) -> None:
    run = paragraph.add_run(_text(lead))
    run.bold = bold
    if level_font:
        _set_fonts(run._r.get_or_add_rPr(), level_font)


# -- the notice -------------------------------------------------------------------------

def notice_docx(notice: Notice, ledger: Ledger | None = None) -> bytes:
    """The notice as a .docx in 公文 form; with `ledger`, the ledger follows as 附件1 on landscape pages.

    The chart is left out, as in the text notice: an office's report
    carries the figures in its sentences and the ledger as its attachment.
    """
    document = _new_document(notice.title, notice.lang)
    _title(document, notice.title)
    blocks = list(notice.blocks)
    tail = [b for b in blocks if isinstance(b, Paragraph) and b.role in ("signature", "date")]
    for block in blocks:
        if isinstance(block, Heading):
            document.add_paragraph(_text(block.number + block.text), style=f"Heading {block.level}")
        elif isinstance(block, Paragraph) and block not in tail:
            paragraph = document.add_paragraph(style="Normal")
            if block.lead:
                # 1. 标题 run in bold 仿宋 (the third level); （一） step titles in 楷体 (the second).
                step = block.role == "step"
                _run_in(paragraph, block.number + block.lead, HEADING_FONTS[2] if step else None, not step)
            elif block.number:
                paragraph.add_run(_text(block.number))
            paragraph.add_run(_text(block.text))
    if ledger is not None:
        document.add_paragraph("", style="Normal")
        # 附件说明 (7.3.4): 左空二字 "附件：1.名称", a second line aligned with the name's first character.
        lead = "附件：1." if notice.lang == "zh" else "Attachment: 1. "
        paragraph = document.add_paragraph(_text(lead + ledger.title), style="Normal")
        hang = display_chars(lead)
        _indent_chars(paragraph.paragraph_format, first_line=-hang, left=INDENT_CHARS + hang)
    body_end = len(document.paragraphs)
    _signature(document, [b.text for b in tail if b.role == "signature"],
               [b.text for b in tail if b.role == "date"])
    # No page of the signature and date alone: the text's last lines (widow control keeps
    # two), the 附件说明 and the blank lines go with them (GB/T 9704 7.3.5.1).
    closing = document.paragraphs[_last_text_index(document, body_end):]
    for paragraph in closing[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    if ledger is not None:
        from docx.enum.section import WD_SECTION

        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, landscape=True)
        label = "附件1" if notice.lang == "zh" else "Attachment 1"
        document.add_paragraph(_text(label), style=STYLE_ATTACHMENT_LABEL)
        document.add_paragraph("", style="Normal")
        _ledger_body(document, ledger)
    return _bytes(document)


def _last_text_index(document, end: int) -> int:
    """Index of the last paragraph of the text proper before `end` (not a 附件说明 or a blank line)."""
    paragraphs = document.paragraphs
    index = end - 1
    while index > 0 and (not paragraphs[index].text or paragraphs[index].paragraph_format.left_indent):
        index -= 1
    return index


def _signature(document, signatures: list[str], dates: list[str]) -> None:
    """The signing unit and the date at the end, right-aligned, one blank line below the text."""
    if not signatures and not dates:
        return
    signature = signatures[0] if signatures else ""
    date = dates[0] if dates else ""
    sig_indent, date_indent = signature_indents(signature, date)
    document.add_paragraph("", style="Normal")
    for text, indent in ((signature, sig_indent), (date, date_indent)):
        if text:
            paragraph = document.add_paragraph(_text(text), style=STYLE_SIGNATURE)
            _indent_chars(paragraph.paragraph_format, right=indent)


# -- the ledger -------------------------------------------------------------------------

def _cell_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(_qn("w:val"), "true")
    tr_pr.append(header)


def ledger_columns(ledger: Ledger) -> list[str]:
    """The export's columns, less 轮次 when every row is of one round (the title names it)."""
    if len({row.round for row in ledger.rows}) <= 1:
        return [c for c in COLUMNS if c != "round"]
    return list(COLUMNS)


def _cell_margins(table) -> None:
    from docx.oxml import OxmlElement

    margins = OxmlElement("w:tblCellMar")
    twips = str(round(TABLE_CELL_MARGIN_MM * 1440 / 25.4))
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(_qn("w:w"), twips)
        element.set(_qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _ledger_body(document, ledger: Ledger) -> None:
    """The title, then the table: fixed column widths that fill the 版心 width exactly."""
    from docx.oxml import OxmlElement
    from docx.shared import Emu

    _title(document, ledger.title)
    names = ledger_columns(ledger)
    index = [COLUMNS.index(n) for n in names]
    table = document.add_table(rows=1, cols=len(names))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    fixed = OxmlElement("w:tblLayout")
    fixed.set(_qn("w:type"), "fixed")
    table._tbl.tblPr.append(fixed)
    _cell_margins(table)
    width = (PAGE_HEIGHT_MM - TABLE_MARGIN_LEFT_MM - TABLE_MARGIN_RIGHT_MM) * _EMU_PER_MM
    total = sum(COLUMN_WIDTHS_MM[n] for n in names)
    widths = [Emu(width * COLUMN_WIDTHS_MM[n] // total) for n in names]
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
    header = table.rows[0]
    _repeat_header(header)
    titles = headers(ledger.lang)
    for cell, i, column_width in zip(header.cells, index, widths):
        cell.width = column_width
        cell.paragraphs[0].style = document.styles[STYLE_TABLE_HEADER]
        cell.paragraphs[0].add_run(_text(titles[i]))
    for row in ledger.rows:
        values = row.values(ledger.lang)
        cells = table.add_row().cells
        for cell, i, column_width in zip(cells, index, widths):
            cell.width = column_width
            lines = _cell_value(values[i]).split("\n")
            first = cell.paragraphs[0]
            first.style = document.styles[STYLE_TABLE]
            first.add_run(_text(lines[0]))
            for line in lines[1:]:
                cell.add_paragraph(_text(line), style=STYLE_TABLE)


def ledger_docx(ledger: Ledger) -> bytes:
    """The ledger alone: landscape A4 pages, its title, a table whose header row repeats on every page."""
    document = _new_document(ledger.title, ledger.lang, landscape=True)
    _ledger_body(document, ledger)
    return _bytes(document)


def _bytes(document) -> bytes:
    """The saved document, the same bytes for the same notice whenever it is written (see `io.zipped`)."""
    from .io.zipped import settled

    buffer = io.BytesIO()
    document.save(buffer)
    return settled(buffer.getvalue())
