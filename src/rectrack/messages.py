"""Problem messages in Chinese and English, keyed by problem code, with their parameters by name.

A problem is made once, in English, from a template here and the values it
names (`Problem.args`); `localized` says it again in the reader's language
from the same values.  Codes and the parameters stay English and stable
(they are what the `json` and `github` formats and scripts key on); only
the sentence changes.  A problem made without arguments (an older message,
or one read back from the cache) keeps its English message.

Chinese sentences use full-width punctuation (，；：“”（）), as rectrack's
other Chinese output does.  This module imports nothing from rectrack.
"""

from __future__ import annotations

FIX_HINT = {"en": " (`rectrack fix` repairs this)", "zh": "（可用 rectrack fix 自动修正）"}

CATALOG: dict[str, dict[str, str]] = {
    # Slips of a Chinese input method, found before the YAML parser (read/slips.py).
    "fullwidth-colon": {
        "en": "full-width colon '：' after the key '{key}'; YAML needs an ASCII colon and a space: '{key}: '",
        "zh": "键“{key}”后面是全角冒号“：”，YAML 要求半角冒号加一个空格，应写作“{key}: ”",
    },
    "fullwidth-space": {
        "en": "full-width space (U+3000) after '{key}:'; separate a key from its value with an ordinary space",
        "zh": "“{key}:”后面是全角空格（U+3000），键和值之间应为半角空格",
    },
    "fullwidth-indent": {
        "en": "full-width space (U+3000) in the indentation; YAML indents with ordinary spaces only",
        "zh": "缩进里有全角空格（U+3000），YAML 只能用半角空格缩进",
    },
    "fullwidth-comma": {
        "en": "full-width comma '，' between the items of a [ ] or {{ }} list; YAML separates items with ','",
        "zh": "方括号或花括号列表的各项之间用了全角逗号“，”，YAML 要求用半角逗号“,”分隔",
    },
    "fullwidth-comma-text": {
        "en": "full-width comma '，' inside the item '{item}' of a [ ] list: it stays part of the text; "
              "if it separates two items, write ','",
        "zh": "方括号列表的“{item}”一项中有全角逗号“，”，它会作为文字保留；如果是要分隔两项，请改为半角逗号“,”",
    },
    "chinese-quotes": {
        "en": "Chinese quotation marks {open}…{close} around the value of '{key}' do not quote in YAML, "
              "they become part of it; use ASCII quotes \"…\" or none",
        "zh": "“{key}”的值两边是中文引号{open}…{close}，YAML 不把它们当作引号，而是当作值的一部分；请改用半角引号\"…\"或去掉",
    },
    "date-format": {
        "en": "date '{value}' is not written as YYYY-MM-DD; write it as {iso}",
        "zh": "日期“{value}”不是“年-月-日”格式，应写作 {iso}",
    },
    "fullwidth-date": {
        "en": "date '{value}' has full-width digits or dashes; write it as {iso}",
        "zh": "日期“{value}”用了全角数字或全角横线，应写作 {iso}",
    },
    "impossible-date": {
        "en": "'{value}' is not a real date: there is no {iso}",
        "zh": "“{value}”不是真实存在的日期：没有 {iso} 这一天",
    },
}


def say(code: str, lang: str = "en", fixable: bool = False, **args) -> str:
    """The message for `code` in `lang` ("en" or "zh") with `args` filled in; KeyError for a code not here."""
    text = CATALOG[code][lang].format(**args)
    return text + FIX_HINT[lang] if fixable else text


def localized(problem, lang: str) -> str:
    """`problem`'s message in `lang`: from the catalog when it was made from it, else as it was written."""
    if lang == "en" or problem.code not in CATALOG or not problem.args:
        return problem.message
    args = dict(problem.args)
    fixable = bool(args.pop("_fixable", False))
    try:
        return say(problem.code, lang, fixable, **args)
    except (KeyError, IndexError):  # arguments of another version of the message
        return problem.message


def problem_args(fixable: bool = False, **args) -> tuple:
    """`args` as `Problem.args` holds them: sorted pairs, the fix hint among them."""
    return tuple(sorted({**args, "_fixable": fixable}.items()))


__all__ = ["CATALOG", "FIX_HINT", "localized", "problem_args", "say"]
