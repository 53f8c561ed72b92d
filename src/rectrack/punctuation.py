"""Chinese punctuation as it is published: half-width marks in Chinese text made full-width.

Ledgers are often typed, or copied from web pages, with ASCII punctuation
between Chinese characters ("搭建服务平台,推动科研成果转化"); a document an
office publishes uses the full-width marks (，；：（）“”！？。).  `fullwidth`
rewrites only marks that sit in Chinese text, so numbers, dates, ids, URLs
and Latin text keep their half-width forms: "2024-06-30", "A1-2", "1.5",
"https://a.b/c?d=1", "10:30" and "see (A1-2), then" stay as they are.

Reports and exports call it on Chinese output; the YAML itself is never
changed.  Nothing here imports from the rest of rectrack.
"""

from __future__ import annotations

import re

# Half-width mark → full-width mark, for the marks that change one for one.
FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

# Full-width marks a Chinese sentence already uses; they count as Chinese neighbours.
_CJK_MARKS = "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—·～"


def is_cjk(char: str) -> bool:
    """True for a Chinese character, a full-width form or a Chinese punctuation mark."""
    return ("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
            or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"
            or "\U00020000" <= char <= "\U0003134f" or char in _CJK_MARKS)


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)


# A URL or an e-mail address is left alone whatever surrounds it.
_PROTECTED = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\u3000-\u303f\uff00-\uffef，。；：“”（）《》]+"
                        r"|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _neighbour(text: str, index: int, step: int) -> str:
    """The first character from `index` in direction `step` that is not a space or tab ("" at an end)."""
    while 0 <= index < len(text):
        if text[index] not in " \t":
            return text[index]
        index += step
    return ""


def _in_chinese(text: str, index: int) -> bool:
    """Whether the mark at `index` touches Chinese text on either side (spaces skipped)."""
    return is_cjk(_neighbour(text, index - 1, -1)) or is_cjk(_neighbour(text, index + 1, 1))


def _brackets(text: str, protected: list[bool]) -> dict[int, str]:
    """Paired half-width ( ) and " " that enclose or touch Chinese text → their full-width forms."""
    changes: dict[int, str] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if protected[index]:
            continue
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            if has_cjk(text[start + 1:index]) or _in_chinese(text, start) or _in_chinese(text, index):
                changes[start], changes[index] = "（", "）"
    quotes = [i for i, c in enumerate(text) if c == '"' and not protected[i]]
    for start, end in zip(quotes[::2], quotes[1::2]):
        if has_cjk(text[start + 1:end]):
            changes[start], changes[end] = "“", "”"
    return changes


def fullwidth(text: str) -> str:
    """`text` with the half-width punctuation of its Chinese sentences made full-width.

    A comma, semicolon, colon, exclamation or question mark becomes full-width
    when a Chinese character stands next to it (spaces skipped, and the
    spaces after it dropped); a full stop only after a Chinese character and
    before Chinese, a space or the end ("办法.下一步" → "办法。下一步", while
    "1.5" and "1.搭建" keep theirs); brackets and double quotes in pairs when
    they enclose or touch Chinese.  URLs and e-mail addresses are untouched.
    Text without Chinese is returned as it is.
    """
    if not text or not has_cjk(text):
        return text
    protected = [False] * len(text)
    for match in _PROTECTED.finditer(text):
        for index in range(match.start(), match.end()):
            protected[index] = True
    changes = _brackets(text, protected)
    out: list[str] = []
    skip_spaces = False
    for index, char in enumerate(text):
        if skip_spaces and char in " \t":
            continue
        skip_spaces = False
        if protected[index]:
            out.append(char)
        elif index in changes:
            out.append(changes[index])
        elif char in ",;:!?" and _in_chinese(text, index) and not _between_digits(text, index):
            # A space before a full-width mark goes too: "错误 , 警告" → "错误，警告".
            while out and out[-1] in " \t":
                out.pop()
            out.append(FULLWIDTH[char])
            skip_spaces = True
        elif char == "." and _ends_chinese_sentence(out[-1] if out else "", text, index):
            out.append("。")
            skip_spaces = True
        else:
            out.append(char)
    return "".join(out)


def _between_digits(text: str, index: int) -> bool:
    """"10:30", "1,000": a mark with digits on both sides belongs to the number."""
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


def _ends_chinese_sentence(before: str, text: str, index: int) -> bool:
    """A '.' after Chinese (as already rewritten: '"' may have become '”') and before Chinese or the end."""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not is_cjk(before) or before in "。.…":
        return False
    return after == "" or after in " \t\n" or is_cjk(after)
