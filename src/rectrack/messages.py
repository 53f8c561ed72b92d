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


# Every other problem code.  A code whose English message comes in several shapes has one entry
# per shape, `code.variant`; `Problem.args["_variant"]` says which.
CATALOG.update({
    # -- the text, before YAML (read/source.py, read/text.py)
    "encoding.utf-bom": {"en": "file is {name}; save it as UTF-8", "zh": "文件是 {name} 编码，请另存为 UTF-8"},
    "encoding.utf16": {"en": "file looks like UTF-16 without a byte-order mark; save it as UTF-8",
                       "zh": "文件像是没有字节序标记的 UTF-16 编码，请另存为 UTF-8"},
    "encoding.binary": {"en": "file is binary (it is full of NUL bytes), not YAML text",
                        "zh": "文件是二进制文件（满是 NUL 字节），不是 YAML 文本"},
    "encoding.gbk": {"en": "not valid UTF-8 (byte 0x{byte}); it looks like GBK/GB18030 (the Chinese Windows default); "
                           "save it as UTF-8",
                     "zh": "不是有效的 UTF-8（字节 0x{byte}）；看起来是 GBK/GB18030 编码（中文 Windows 的默认编码），请另存为 UTF-8"},
    "encoding.binary-bytes": {"en": "not valid UTF-8 (byte 0x{byte}); it looks like a binary file, not YAML text",
                              "zh": "不是有效的 UTF-8（字节 0x{byte}）；看起来是二进制文件，不是 YAML 文本"},
    "encoding.not-utf8": {"en": "not valid UTF-8 (byte 0x{byte}); save it as UTF-8",
                          "zh": "不是有效的 UTF-8（字节 0x{byte}），请另存为 UTF-8"},
    "unreadable": {"en": "cannot read file: {reason}", "zh": "无法读取文件：{reason}"},
    "refused-file.fifo": {"en": "not read: a FIFO (named pipe), not a regular file (name a real data file)",
                          "zh": "未读取：这是命名管道（FIFO），不是普通文件（请指定真正的数据文件）"},
    "refused-file.device": {"en": "not read: a device, not a regular file (name a real data file)",
                            "zh": "未读取：这是设备文件，不是普通文件（请指定真正的数据文件）"},
    "refused-file.socket": {"en": "not read: a socket, not a regular file (name a real data file)",
                            "zh": "未读取：这是套接字，不是普通文件（请指定真正的数据文件）"},
    "refused-file.folder": {"en": "not read: a folder, not a regular file (name a real data file)",
                            "zh": "未读取：这是文件夹，不是普通文件（请指定真正的数据文件）"},
    "refused-file.other": {"en": "not read: not a regular file (name a real data file)",
                           "zh": "未读取：不是普通文件（请指定真正的数据文件）"},
    "refused-file.link-out": {"en": "not {verb}: a symbolic link leading outside {root} ({hint})",
                              "zh": "未读取：这是指向{root_zh}之外的符号链接（请指定真正的文件）"},
    "refused-file.folder-out": {"en": "not searched: a linked folder leading outside {root} (name the real folder to "
                                      "search it)",
                                "zh": "未搜索：这是指向 {root} 之外的链接文件夹（请指定真正的文件夹）"},
    "refused-file.broken": {"en": "not read: a broken symbolic link (name the real file to load it)",
                            "zh": "未读取：这是失效的符号链接（请指定真正的文件）"},
    "refused-file.special": {"en": "not read: {why} (name the real file to load it)",
                             "zh": "未读取：不是普通文件（命名管道、设备或套接字）（请指定真正的文件）"},
    "too-large": {"en": "file is over the size limit of {limit} ({what}); if it is genuine, raise {env}",
                  "zh": "文件超过了 {limit} 的大小上限；如果文件确实这么大，请调高 {env}"},
    "too-many-lines": {"en": "file has {lines} lines, over the limit of {limit}; if it is genuine, raise {env}",
                       "zh": "文件有 {lines} 行，超过了 {limit} 行的上限；如果确实需要，请调高 {env}"},
    "merge-conflict": {"en": "unresolved git merge conflict marker '{marker}'; resolve the conflict and delete "
                             "the marker lines",
                       "zh": "有未解决的 git 合并冲突标记“{marker}”；请解决冲突并删除标记行"},
    "merge-conflict.placed": {
        "en": "unresolved git merge conflict marker '{marker}': conflict in {subject} (lines {start}-{end}), ours "
              "above =======, theirs below; keep one side with `rectrack resolve {target} --ours` or `--theirs`, "
              "or edit the lines and delete the markers",
        "zh": "有未解决的 git 合并冲突标记“{marker}”：{subject_zh}有冲突（第 {start}-{end} 行），======= 以上是本方"
              "（ours），以下是对方（theirs）；可用 `rectrack resolve {target} --ours` 或 `--theirs` 保留一方，"
              "或手工改好这几行并删除标记行"},
    "merge-conflict.unplaced": {
        "en": "unresolved git merge conflict marker '{marker}': conflict in {subject} (lines {start}-{end}), ours "
              "above =======, theirs below; keep the lines of one side, or edit the lines and delete the markers",
        "zh": "有未解决的 git 合并冲突标记“{marker}”：{subject_zh}有冲突（第 {start}-{end} 行），======= 以上是本方"
              "（ours），以下是对方（theirs）；请保留其中一方的行，或手工改好这几行并删除标记行"},
    "merge-conflict.inside": {
        "en": "unresolved git merge conflict marker '{marker}' of the conflict in {subject} that starts on line "
              "{start}",
        "zh": "有未解决的 git 合并冲突标记“{marker}”，属于从第 {start} 行开始的冲突（{subject_zh}）"},
    "control-character": {"en": "control character U+{codepoint} is not allowed in a data file",
                          "zh": "数据文件中不允许出现控制字符 U+{codepoint}"},
    "odd-line-break": {"en": "{name} starts a new line for YAML, but not for git or most editors; replace it with "
                             "a normal line break or remove it",
                       "zh": "字符 U+{codepoint} 在 YAML 中会另起一行，但 git 和多数编辑器不会；请换成普通换行或删除"},
    # -- YAML (read/parse.py)
    "syntax": {"en": "YAML syntax error: {detail}", "zh": "YAML 语法错误（libyaml 的说明：{detail}）"},
    "syntax.documents": {"en": "YAML syntax error: expected a single document in the stream, but found another "
                               "document; a round file is one document (remove the '---')",
                         "zh": "YAML 语法错误：发现了第二个文档；一个台账文件只能有一个文档（请删除“---”）"},
    "tab": {"en": "tab character in indentation; YAML indents with spaces only",
            "zh": "缩进里有制表符（Tab），YAML 只能用空格缩进"},
    "duplicate-key": {"en": "duplicate key '{key}' (first on line {first_line})",
                      "zh": "键“{key}”重复（第一次出现在第 {first_line} 行）"},
    "alias": {"en": "aliases (*{anchor}) are not allowed; write the value out in full",
              "zh": "不允许使用别名（*{anchor}），请把值完整写出"},
    "anchor": {"en": "anchors (&{anchor}) are not allowed; they can make a small file expand enormously",
               "zh": "不允许使用锚点（&{anchor}），它会让一个小文件膨胀得极大"},
    "tag": {"en": "tag '{tag}' is not allowed here; remove it", "zh": "此处不允许使用标签“{tag}”，请删除"},
    "tag.value": {"en": "'{value}' is not a valid {tag} value; fix the value or remove the tag",
                  "zh": "“{value}”不是有效的 {tag} 值；请改正值或删除标签"},
    "merge-key": {"en": "merge keys (<<) are not allowed; write the keys out in full",
                  "zh": "不允许使用合并键（<<），请把各个键完整写出"},
    "complex-key": {"en": "a key must be a name such as 'title', not a list or mapping",
                    "zh": "键必须是名称（例如 title），不能是列表或映射"},
    "too-deep": {"en": "nesting deeper than {limit} levels is not allowed", "zh": "嵌套不能超过 {limit} 层"},
    "too-many-nodes": {"en": "file has more than {limit} values, lists and mappings; if it is genuine, raise {env}",
                       "zh": "文件中的值、列表和映射超过了 {limit} 个；如果确实需要，请调高 {env}"},
    "lone-surrogate": {"en": "an escape in this quoted text makes U+{codepoint}, half of a surrogate pair, which no "
                             "file or terminal can show; write the character itself",
                       "zh": "这段引号文字里的转义得到 U+{codepoint}，只是代理对的一半，任何文件和终端都无法显示；请直接写出该字符"},
    "yaml-version": {"en": "only YAML 1.2 is read; remove the '%YAML {version}' directive",
                     "zh": "只读取 YAML 1.2；请删除“%YAML {version}”指令"},
    "empty-file": {"en": "file is empty; a round file starts with 'version: 1'",
                   "zh": "文件是空的；台账文件应以“version: 1”开头"},
    # -- the models (loader.py, model.py)
    "top-level": {"en": "a round file is a mapping with keys version, round and aspects, not {kind}",
                  "zh": "台账文件应是包含 version、round 和 aspects 三个键的映射，而不是{kind_zh}"},
    "unsupported-version": {"en": "unsupported version {value}; this rectrack reads version 1 files",
                            "zh": "不支持的格式版本 {value}；本 rectrack 读取版本 1 的文件"},
    "missing-key": {"en": "{what} is missing required key '{key}'", "zh": "{what_zh}缺少必填的键“{key}”"},
    "unknown-key": {"en": "unknown key '{key}'", "zh": "无法识别的键“{key}”"},
    "unknown-key.suggestion": {"en": "unknown key '{key}'; did you mean '{suggestion}'?",
                               "zh": "键“{key}”无法识别，是否应为“{suggestion}”？"},
    "invalid-key": {"en": "key '{shown}' is {kind}, not a name; keys are names such as 'title'",
                    "zh": "键“{shown}”是{kind_zh}，不是名称；键应是 title 这样的名称"},
    "invalid-date.date_type": {"en": "expected a date like 2024-06-30, got {value}",
                               "zh": "应为 2024-06-30 这样的日期，实际是“{value}”"},
    "invalid-date.date_invalid": {"en": "{value} is not a real date", "zh": "{value} 不是真实存在的日期"},
    "invalid-date.date_has_time": {"en": "expected a date like 2024-06-30, got a date and time {value}",
                                   "zh": "应为 2024-06-30 这样的日期，实际是带时间的“{value}”"},
    "unknown-status.status_unknown": {"en": "unknown status '{value}'; use one of {choices}",
                                      "zh": "状态“{value}”无法识别；可用的状态：{choices_zh}"},
    "unknown-status.suggestion": {"en": "unknown status '{value}'; did you mean '{suggestion}'? use one of {choices}",
                                  "zh": "状态“{value}”无法识别，是否应为“{suggestion}”？可用的状态：{choices_zh}"},
    "unknown-status.status_type": {"en": "expected a status word, got {kind}; use one of {choices}",
                                   "zh": "应为状态词，实际是{kind_zh}；可用的状态：{choices_zh}"},
    "unknown-kind": {"en": "unknown round kind '{value}'; use inspection (巡察), audit (审计) or other",
                     "zh": "轮次类型“{value}”无法识别；请用 inspection（巡察）、audit（审计）或 other（其他）"},
    "wrong-type.text_type": {"en": "expected text, got {kind}; put it in quotes if it is meant as text",
                             "zh": "应为文字，实际是{kind_zh}；如果本意是文字，请加上引号"},
    "wrong-type.number_text": {"en": "expected text, got the number {text} (read as {value}); put it in quotes if "
                                     "it is meant as text",
                               "zh": "应为文字，实际是数字 {text}（读作 {value}）；如果本意是文字，请加上引号"},
    "wrong-type.count_type": {"en": "expected a whole number of 0 or more, got {value}",
                              "zh": "应为 0 或更大的整数，实际是“{value}”"},
    "wrong-type.amount_type": {"en": "expected a number of 0 or more, got {value}",
                               "zh": "应为 0 或更大的数，实际是“{value}”"},
    "wrong-type.bool_type": {"en": "expected true or false, got {value}", "zh": "应为 true 或 false，实际是“{value}”"},
    "wrong-type.list": {"en": "'{key}' should be a list (lines starting with '- '), not {kind}",
                        "zh": "“{key}”应为列表（以“- ”开头的各行），而不是{kind_zh}"},
    "wrong-type.mapping": {"en": "'{key}' should be a mapping of keys and values, not {kind}",
                           "zh": "“{key}”应为由键和值组成的映射，而不是{kind_zh}"},
    "empty-value": {"en": "must not be empty", "zh": "不能为空"},
    "empty-list.aspects": {"en": "a round needs at least one aspect", "zh": "一个轮次至少要有一个方面"},
    "empty-list.issues": {"en": "an aspect needs at least one issue", "zh": "一个方面至少要有一个问题"},
    "empty-list": {"en": "needs at least one item", "zh": "至少要有一项"},
    "invalid-id": {"en": "id '{value}' may only contain letters, digits, '.', '_' and '-', starting with a letter "
                         "or digit",
                   "zh": "编号“{value}”只能包含字母、数字、“.”、“_”和“-”，并以字母或数字开头"},
    "invalid-duration": {"en": "{reason}", "zh": "“{value}”不是时间长度；请写成“6 months”“3个月”“半年”这样的形式"},
    "unknown-review": {"en": "unknown review result '{value}'; use held (巩固) or relapsed (反弹)",
                       "zh": "回头看结果“{value}”无法识别；请用 held（巩固）或 relapsed（反弹）"},
    "invalid": {"en": "'{key}': {detail}", "zh": "“{key}”有误（pydantic 的说明：{detail}）"},
    "duplicate-round": {"en": "round id '{id}' is already used by {first}", "zh": "轮次编号“{id}”已被 {first} 使用"},
    # -- the semantic checks (checks.py)
    "duplicate-id.aspect": {"en": "aspect id '{id}' is used twice in this round", "zh": "方面编号“{id}”在本轮次中重复"},
    "duplicate-id.issue": {"en": "issue id '{id}' is used twice in this round", "zh": "问题编号“{id}”在本轮次中重复"},
    "completed-on-missing": {"en": "issue '{id}' is completed but has no completed_on date "
                                   "(or completed_by, when only a day it was done by is known)",
                             "zh": "问题“{id}”已完成，但没有完成时间（completed_on；只知不晚于某日完成的，"
                                   "写 completed_by）"},
    "completed-by-and-on": {"en": "issue '{id}' has both completed_on and completed_by; keep completed_on when "
                                  "the day is known, completed_by when only a day it was done by is known",
                            "zh": "问题“{id}”同时写了 completed_on 和 completed_by；确知完成日期的保留 "
                                  "completed_on，只知不晚于某日完成的保留 completed_by"},
    "date-out-of-range": {"en": "issue '{id}': {day} plus its {what} period ({period}) falls after 9999-12-31, "
                                "the last date rectrack can count to; check this date",
                          "zh": "问题“{id}”：{day} 加上{what_zh}周期（{period}）晚于9999-12-31，"
                                "超出可以计算的范围；请核对这个日期"},
    "completed-on-unexpected": {"en": "issue '{id}' has a completed_on date but its status is {status}",
                                "zh": "问题“{id}”有完成时间（completed_on），但状态是“{status_zh}”"},
    "date-before-feedback.completed_on": {"en": "completed_on {value} is before the feedback date {feedback}",
                                          "zh": "完成时间 {value} 早于反馈日期 {feedback}"},
    "date-before-feedback.raised": {"en": "raised {value} is before the feedback date {feedback}; issues handed over "
                                          "at feedback need no raised date",
                                    "zh": "登记日期 {value} 早于反馈日期 {feedback}；反馈时移交的问题不需要登记日期"},
    "date-before-feedback.deadline": {"en": "deadline {value} is before the feedback date {feedback}",
                                      "zh": "整改时限 {value} 早于反馈日期 {feedback}"},
    "date-before-feedback.notice": {"en": "notice dated {value} is before the feedback date {feedback}",
                                    "zh": "通报日期 {value} 早于反馈日期 {feedback}"},
    "date-before-raised": {"en": "deadline {value} is before the issue was raised ({raised}): it would be overdue "
                                 "from its first day",
                           "zh": "整改时限 {value} 早于登记日期（{raised}）：问题从第一天起就会逾期"},
    "history-order": {"en": "history entry dated {value} comes after one dated {before}; keep history in date order",
                      "zh": "日期为 {value} 的进展记录排在 {before} 的记录之后；请按日期顺序排列"},
    "history-before-start.raised": {"en": "history entry dated {value} is before the issue was raised ({start})",
                                    "zh": "进展记录的日期 {value} 早于登记日期（{start}）"},
    "history-before-start.feedback": {"en": "history entry dated {value} is before the feedback date ({start})",
                                      "zh": "进展记录的日期 {value} 早于反馈日期（{start}）"},
    "history-empty": {"en": "history entry has neither a status nor a note",
                      "zh": "进展记录既没有状态也没有说明"},
    "history-status": {"en": "issue '{id}' is {status} but its last history entry says {last}",
                       "zh": "问题“{id}”的状态是“{status_zh}”，但最后一条进展记录是“{last_zh}”"},
    "period-order.end": {"en": "period ends ({value}) before it starts ({start})",
                         "zh": "巡察时间的结束日期（{value}）早于开始日期（{start}）"},
    "period-order.feedback": {"en": "feedback {value} is before the inspection began ({start})",
                              "zh": "反馈日期 {value} 早于巡察开始日期（{start}）"},
    "declared-mismatch": {"en": "declared {key} is {stated}, but the ledger has {actual}",
                          "zh": "通报数字 {key} 为 {stated}，但台账中是 {actual}"},
    "category-split": {"en": "aspect '{id}' repeats category '{category}' after another category; keep aspects of "
                             "one category together",
                       "zh": "方面“{id}”在另一个类别之后又用了类别“{category}”；同一类别的方面请放在一起"},
    "notice-order": {"en": "notice dated {value} comes after one dated {before}; keep notices in date order",
                     "zh": "日期为 {value} 的通报排在 {before} 的通报之后；请按日期顺序排列"},
    "notice-mismatch": {"en": "the notice of {date} states {key} {stated}, but on {date} the ledger had {actual}",
                        "zh": "{date} 的通报写明 {key} 为 {stated}，但当天台账中是 {actual}"},
    "extension-chain.to": {"en": "extension to {value} does not move the deadline {from_} later",
                           "zh": "延期至 {value} 并没有把整改时限 {from_} 推后"},
    "extension-chain.from": {"en": "extension from {value} should start from the previous extension's new deadline "
                                   "{previous}",
                             "zh": "延期的原整改时限 {value} 应是上一次延期后的整改时限 {previous}"},
    "extension-chain.deadline": {"en": "issue '{id}' has deadline {value}, but its last extension moved it to {to}; "
                                       "deadline is always the current deadline",
                                 "zh": "问题“{id}”的整改时限是 {value}，但最后一次延期已延至 {to}；整改时限应始终是现行的时限"},
    "extension-order": {"en": "extension dated {value} comes after one dated {before}; keep extensions in date order",
                        "zh": "日期为 {value} 的延期记录排在 {before} 的记录之后；请按日期顺序排列"},
    "history-from": {"en": "entry of {date} says the status was {from_}, but the entry before it set {previous}",
                     "zh": "{date} 的记录写原状态为“{from_zh}”，但前一条记录设定的是“{previous_zh}”"},
    "review-relapse": {"en": "a relapse reopens the issue: give this entry a status such as in_progress",
                       "zh": "整改反弹意味着问题重新打开：请给这条记录写上状态，例如 in_progress（正在推进）"},
    "review-not-completed": {"en": "look-back review on {date}, but the issue was {before} then, not completed",
                             "zh": "{date} 做了回头看，但当时问题是“{before_zh}”，并未完成"},
    "check-every-not-long-term": {"en": "issue '{id}' has check_every but is not long_term: true",
                                  "zh": "问题“{id}”设了检查周期（check_every），但不是长期任务（没有“long_term: true”）"},
    "overdue": {"en": "issue '{id}' is {days} day(s) past its deadline {deadline} on {as_of} and is {status}",
                "zh": "截至 {as_of}，问题“{id}”已超过整改时限 {deadline} {days} 天，状态为“{status_zh}”"},
})

# How messages name the kind of a wrong value (`model.type_name`) and the statuses, in Chinese.
KIND_ZH = {"true/false": "真假值（true/false）", "a number": "数字", "text": "文字", "a mapping": "映射",
           "a list": "列表", "nothing (null)": "空值", "a date": "日期"}
STATUS_ZH = {"not_started": "未启动", "in_progress": "正在推进", "substantially_completed": "基本完成",
             "completed": "已完成"}
CHOICES_ZH = "未启动、正在推进、基本完成、已完成（或 not_started、in_progress、substantially_completed、completed）"
# The values a message names that are statuses, by name: only these are said in Chinese as a status word
# (a key or an id that happens to be spelt `completed` is not one).
STATUS_VALUES = frozenset({"status", "last", "from_", "previous", "before"})


def _chinese_args(args: dict) -> dict:
    """The arguments a Chinese template needs besides the English ones: kinds and statuses in Chinese."""
    more = dict(args)
    for name, value in args.items():
        if name in ("kind",):
            more["kind_zh"] = KIND_ZH.get(str(value), str(value))
        elif name in STATUS_VALUES and str(value) in STATUS_ZH:
            more[f"{name}_zh"] = STATUS_ZH[str(value)]
    more["choices_zh"] = CHOICES_ZH
    return more


def entry(code: str, variant: str | None = None) -> dict[str, str]:
    """The catalog entry of `code` in the shape `variant`, else the code's own."""
    if variant is not None and f"{code}.{variant}" in CATALOG:
        return CATALOG[f"{code}.{variant}"]
    return CATALOG[code]


def codes() -> frozenset[str]:
    """Every problem code the catalog speaks of (without the shapes)."""
    return _CODES


_CODES = frozenset(key.split(".", 1)[0] for key in CATALOG)


def say(code: str, lang: str = "en", fixable: bool = False, **args) -> str:
    """The message for `code` in `lang` ("en" or "zh") with `args` filled in; KeyError for a code not here."""
    variant = args.pop("_variant", None)
    template = entry(code, None if variant is None else str(variant))[lang]
    text = template.format(**(_chinese_args(args) if lang == "zh" else args))
    return text + FIX_HINT[lang] if fixable else text


def localized(problem, lang: str, hint: bool = True) -> str:
    """`problem`'s message in `lang`: from the catalog when it was made from it, else as it was written.

    `hint=False` leaves out "`rectrack fix` repairs this" (for `fix`'s own report).
    """
    if not problem.args or problem.code not in codes() or (lang == "en" and hint):
        return problem.message
    args = dict(problem.args)
    fixable = bool(args.pop("_fixable", False)) and hint
    try:
        return say(problem.code, lang, fixable, **args)
    except (KeyError, IndexError):  # arguments of another version of the message
        return problem.message


def problem_args(fixable: bool = False, **args) -> tuple:
    """`args` as `Problem.args` holds them: sorted pairs, the fix hint among them."""
    return tuple(sorted({**args, "_fixable": fixable}.items()))


__all__ = ["CATALOG", "FIX_HINT", "codes", "entry", "localized", "problem_args", "say"]

CATALOG.update({
    "completed-on-history.later": {
        "en": "completed_on {value} is later than the history's entry of {entry} that completed issue '{id}'",
        "zh": "完成时间 {value} 晚于进展记录中问题“{id}”完成的日期 {entry}"},
    "completed-on-history.earlier": {
        "en": "completed_on {value} is earlier than the history's entry of {entry} that completed issue '{id}'",
        "zh": "完成时间 {value} 早于进展记录中问题“{id}”完成的日期 {entry}"},
    "completed-on-future": {
        "en": "completed_on {value} of issue '{id}' is after {day}: a completion cannot be recorded ahead of time",
        "zh": "问题“{id}”的完成时间 {value} 晚于 {day}：不能提前登记完成"},
    "history-future": {"en": "history entry dated {value} is after {day}; is the year right?",
                       "zh": "进展记录的日期 {value} 晚于 {day}，年份是否写错了？"},
    "evidence-not-found": {"en": "evidence '{value}' is not there (looked for {target})",
                           "zh": "佐证材料“{value}”不存在（查找的位置：{target}）"},
    "evidence-required": {"en": "issue '{id}' is completed but has no evidence (佐证材料)",
                          "zh": "问题“{id}”已完成，但没有佐证材料"},
    "deadline-moved.later": {
        "en": "the deadline {old} of issue '{id}' moved to {new} since {rev} without an extension record "
              "(延期 needs a reason and an approver: rectrack update {id} --extend-to DATE --reason … --approved-by …)",
        "zh": "问题“{id}”的整改时限自 {rev} 以来由 {old} 改为 {new}，但没有延期记录（延期须有理由和批准人："
              "rectrack update {id} --extend-to 日期 --reason … --approved-by …）"},
    "deadline-moved.earlier": {
        "en": "the deadline {old} of issue '{id}' moved earlier to {new} since {rev} without an extension record "
              "(延期 needs a reason and an approver: rectrack update {id} --extend-to DATE --reason … --approved-by …)",
        "zh": "问题“{id}”的整改时限自 {rev} 以来由 {old} 提前到 {new}，没有相应记录；如果是更正笔误，请确认无误"},
    "deadline-moved.removed": {
        "en": "the deadline {old} of issue '{id}' was removed since {rev} without an extension record "
              "(延期 needs a reason and an approver: rectrack update {id} --extend-to DATE --reason … --approved-by …)",
        "zh": "问题“{id}”的整改时限 {old} 自 {rev} 以来被删除，但没有延期记录（延期须有理由和批准人）"},
})
_CODES = frozenset(key.split(".", 1)[0] for key in CATALOG)
