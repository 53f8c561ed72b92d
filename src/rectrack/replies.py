"""What a command says when it cannot go on, and what it says when it is done, in English and in Chinese.

A `RectrackError` is raised with a code from `ERRORS` and the values its
message is made of, by name; its English text is made here as it is raised
(so `str(error)` is English, for logs and for programs), and the CLI says it
again in the reader's language with `error_text`.  The lines a command
prints when it has done its work ("wrote …", "created …") are in `DONE`,
said with `reply`.  Problems found in data files are `messages`' business.

A Chinese template may name `{x_zh}` where the English names `{x}`: the
raise site gives `x_zh` when the value itself needs saying in Chinese (a
list of places, a status); without it the value is used as it is.  Chinese
sentences use full-width punctuation (，；：“”（）), as every Chinese line
rectrack writes does.  Of rectrack, this module imports only `messages`.
"""

from __future__ import annotations

import string

from .messages import STATUS_ZH

# The lines are kept by the part of rectrack that says them (why it stopped; `_DONE`: what it did),
# so that a reader looking for a message finds it beside its neighbours.  `ERRORS` and
# `DONE` are their unions.

# Finding files, rounds and issues (loader, lookup).
_FINDING: dict[str, dict[str, str]] = {
    "no-path": {"en": "{path}: no such file or folder", "zh": "{path}：没有这个文件或文件夹"},
    "bad-ref": {"en": "'{ref}' is not an issue id; write it like A2-3 or ROUND_ID/A2-3",
                "zh": "“{ref}”不是问题编号；请写成 A2-3 或“轮次编号/A2-3”"},
    "no-issue": {"en": "no issue '{id}' in {where}{suggestion}{unreadable}",
                 "zh": "在{where_zh}中没有找到问题“{id}”{suggestion_zh}{unreadable_zh}"},
    "ambiguous-issue": {"en": "issue id '{id}' is in {n} rounds: {names}; name one as ROUND_ID/ISSUE_ID",
                        "zh": "问题编号“{id}”出现在{n}个轮次中：{names}；请写成“轮次编号/问题编号”指定其一"},
    "no-round": {"en": "no round '{id}' in {where}{suggestion}{unreadable}",
                 "zh": "在 {where} 中没有找到轮次“{id}”{suggestion_zh}{unreadable_zh}"},
    "no-round-files": {"en": "no round files in {where}{unreadable}; create one with rectrack init",
                       "zh": "{where} 中没有轮次文件{unreadable_zh}；可用 rectrack init 新建"},
    "several-rounds": {"en": "{n} rounds here: {names}; choose one with --round",
                       "zh": "这里有{n}个轮次：{names}；请用 --round 选择其一"},
    "issue-in-shared-rounds": {"en": "issue '{id}' is in {n} files whose rounds share an id: {names}; give each round "
                                     "its own id (rectrack validate reports it), or name the file with --data",
                               "zh": "问题“{id}”出现在{n}个文件中，而这些文件的轮次编号相同：{names}；请给每个轮次"
                                     "另取编号（rectrack validate 会报告重复的编号），或用 --data 指明文件"},
    "bad-round-id": {"en": "'{id}' is not a round id", "zh": "“{id}”不是轮次编号"},
    "round-in-several-files": {"en": "round id '{id}' is used by {n} files: {names}; run rectrack validate",
                               "zh": "轮次编号“{id}”被{n}个文件使用：{names}；请运行 rectrack validate"},
    "changed-while-read": {"en": "{file}: the file or its cache entry changed while it was being read; run the "
                                 "command again",
                           "zh": "{file}：读取过程中文件或其缓存发生了变化；请再运行一次"},
}

# Editing a round file (edit, yamledit, repair, lock, yamlio).
_EDITING: dict[str, dict[str, str]] = {
    "edit-invalid": {"en": "refused: the change would make {file} invalid, so nothing was written "
                           "(line numbers below are those of the edited file){notice}",
                     "zh": "已拒绝：这项修改会使 {file} 出错，因此没有写入任何内容（下面的行号是修改后文件的行号）{notice_zh}"},
    "edit-already-invalid": {"en": "{file} already has errors, so rectrack will not edit it; fix them first "
                                   "(rectrack validate {file})",
                             "zh": "{file} 已经有错误，rectrack 不会修改它；请先改正（rectrack validate {file}）"},
    "date-far": {"en": "--date {date} is more than a year from today ({today}); if that is the day, run the "
                       "command again with --yes",
                 "zh": "--date {date} 距今天（{today}）超过一年；如果确实是这一天，请加上 --yes 再运行一次"},
}
_EDITING_DONE: dict[str, dict[str, str]] = {
    "dry-run": {"en": "dry run: {path} not written", "zh": "试运行：未写入 {path}"},
}

# Git, merging, and files written for people (gitrun, gitdiff, gitmerge, merge, output, site).
_WRITING: dict[str, dict[str, str]] = {
    "git-missing": {"en": "git is not installed or not on PATH; rectrack needs it here",
                    "zh": "没有安装 git，或 git 不在 PATH 中；这项操作需要 git"},
}
_WRITING_DONE: dict[str, dict[str, str]] = {
    "wrote": {"en": "rectrack: wrote {path} ({what})", "zh": "rectrack：已写入 {path}（{what_zh}）"},
}

# Settings and what is read from elsewhere (config, read.limits, io, import), and the options
# every command shares (cli/_app, cli/read).
_SETTINGS: dict[str, dict[str, str]] = {
    # The limits of what a data file may hold ($RECTRACK_MAX_*, [limits]).
    "limit-not-number": {"en": "limit {name} must be a whole number such as {example}, not '{value}'",
                         "zh": "限值 {name} 必须是整数，例如 {example_zh}，而不是“{value}”"},
    "limit-range": {"en": "limit {name} must be a whole number from 1 to {ceiling}, not {value}",
                    "zh": "限值 {name} 必须是 1 到 {ceiling} 之间的整数，而不是 {value}"},
    "limit-positive": {"en": "limit {name} must be a whole number of 1 or more, not {value}",
                       "zh": "限值 {name} 必须是不小于 1 的整数，而不是 {value}"},
    "limit-env": {"en": "${variable}: {reason}", "zh": "${variable}：{reason_zh}"},
    # rectrack.toml, or [tool.rectrack] in pyproject.toml.
    "config-missing": {"en": "{path}: no such config file (named by ${variable})",
                       "zh": "{path}：没有这个配置文件（由 ${variable} 指定）"},
    "config-unreadable": {"en": "{file}: cannot read config file: {reason}", "zh": "{file}：无法读取配置文件：{reason}"},
    "toml-invalid": {"en": "{file}: not valid TOML: {reason}", "zh": "{file}：不是有效的 TOML：{reason}"},
    "config-not-table": {"en": "{file}: [{where}] must be a table", "zh": "{file}：[{where}] 必须是一个表"},
    "config-unknown-key-close": {"en": "{file}: unknown key '{key}'; did you mean '{close}'?",
                                 "zh": "{file}：未知的键“{key}”，是否应为“{close}”？"},
    "config-unknown-key": {"en": "{file}: unknown key '{key}'; known keys: {known}",
                           "zh": "{file}：未知的键“{key}”；可用的键有 {known_zh}"},
    "config-data": {"en": "{file}: '{key}' must be a path in quotes, e.g. data = \"ledgers\"",
                    "zh": "{file}：“{key}”必须是加引号的路径，例如 data = \"ledgers\""},
    "config-lang": {"en": "{file}: '{key}' must be one of {choices}, not {value}",
                    "zh": "{file}：“{key}”只能是 {choices_zh}，不能是 {value}"},
    "config-table": {"en": "{file}: '{key}' must be a table, e.g. {example}",
                     "zh": "{file}：“{key}”必须是一个表，例如 {example}"},
    "config-grace-days": {"en": "{file}: '{key}' must be a whole number of 0 or more, not {value}",
                          "zh": "{file}：“{key}”必须是不小于 0 的整数，而不是 {value}"},
    "config-statuses": {"en": "{file}: '{key}' must be a list of status words, e.g. "
                              "[\"not_started\", \"in_progress\"]; use {choices}",
                        "zh": "{file}：“{key}”必须是状态词的列表，例如 [\"not_started\", \"in_progress\"]；"
                              "可用的状态有 {choices_zh}"},
    "config-status-unknown": {"en": "{file}: '{key}' unknown status {word}; use one of {choices}",
                              "zh": "{file}：“{key}”中的状态 {word} 无法识别；请用 {choices_zh}"},
    "config-status-completed": {"en": "{file}: '{key}' cannot include completed: a completed issue is never overdue",
                                "zh": "{file}：“{key}”不能包括已完成（completed）：已完成的问题不会逾期"},
    "config-evidence-root": {"en": "{file}: '{key}' must be a folder in quotes, e.g. evidence_root = \"evidence\"",
                             "zh": "{file}：“{key}”必须是加引号的文件夹，例如 evidence_root = \"evidence\""},
    "config-evidence": {"en": "{file}: '{key}' must be \"required\" or \"optional\", not {value}",
                        "zh": "{file}：“{key}”只能是 \"required\" 或 \"optional\"，不能是 {value}"},
    "config-limit-type": {"en": "{file}: '{key}' must be a whole number, not {value}",
                          "zh": "{file}：“{key}”必须是整数，而不是 {value}"},
    "config-limit-not-number": {"en": "{file}: '{key}' must be a whole number such as {example}, not '{value}'",
                                "zh": "{file}：“{key}”必须是整数，例如 {example_zh}，而不是“{value}”"},
    "config-limit-range": {"en": "{file}: '{key}' must be a whole number from 1 to {ceiling}, not {value}",
                           "zh": "{file}：“{key}”必须是 1 到 {ceiling} 之间的整数，而不是 {value}"},
    "config-limit-positive": {"en": "{file}: '{key}' must be a whole number of 1 or more, not {value}",
                              "zh": "{file}：“{key}”必须是不小于 1 的整数，而不是 {value}"},
    # Options every command shares (cli/_app), and validate's own.
    "day-not-real": {"en": "{what} '{text}' is not a real date", "zh": "{what_zh}“{text}”不是实际存在的日期"},
    "day-unreadable": {"en": "{what} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30",
                       "zh": "{what_zh}“{text}”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"},
    "by-repeated": {"en": "--by {key} is given twice", "zh": "--by {key} 重复给出了"},
    "by-too-deep": {"en": "group by at most two keys, e.g. --by year --by unit",
                    "zh": "最多按两级分组，例如 --by year --by unit"},
    "lang-env-ignored": {"en": "RECTRACK_LANG={value} is not a language rectrack speaks ({langs}); ignored",
                         "zh": "RECTRACK_LANG={value} 不是 rectrack 支持的语言（{langs_zh}），已忽略"},
    "quiet-and-verbose": {"en": "use --quiet or --verbose, not both", "zh": "--quiet 和 --verbose 只能用其一"},
}
_SETTINGS_DONE: dict[str, dict[str, str]] = {
    "imported": {"en": "wrote {path}: round {round}, {issues} issues in {aspects} aspects. Check it with: "
                       "rectrack validate {path}",
                 "zh": "已写入 {path}：轮次 {round}，{aspects}个方面{issues}项问题。请用 rectrack validate {path} 检查"},
    # validate -v: one line per file checked.
    "checked-file": {"en": "{file}: {verdict}{round}", "zh": "{file}：{verdict}{round}"},
    "checked-ok": {"en": "ok", "zh": "没有问题"},
    "checked-problems": {"en": "{errors} error(s), {warnings} warning(s)", "zh": "{errors}个错误，{warnings}个警告"},
    "checked-round": {"en": " (round {id}, {issues} issues)", "zh": "（轮次 {id}，{issues}项问题）"},
    "checked-round-late": {"en": " (round {id}, {issues} issues, {late} overdue)",
                           "zh": "（轮次 {id}，{issues}项问题，其中{late}项逾期）"},
}

# Refusals of the commands themselves (cli/).
_COMMANDS: dict[str, dict[str, str]] = {
    "files-with-errors": {"en": "{n} file(s) with errors; fix them before making {what} (see rectrack validate)",
                          "zh": "{n}个文件有错误；请先改正再生成{what_zh}（运行 rectrack validate 查看）"},
}

ERRORS: dict[str, dict[str, str]] = {**_FINDING, **_EDITING, **_WRITING, **_SETTINGS, **_COMMANDS}

DONE: dict[str, dict[str, str]] = {**_EDITING_DONE, **_WRITING_DONE, **_SETTINGS_DONE}

NOTICE_CONTRADICTED = {
    "en": "; a published notice (round.declared or round.notices) states figures this change contradicts: if the "
          "notice is right, the change is wrong; if the ledger has really changed since, correct those figures by "
          "hand in the same commit",
    "zh": "；已发布的通报（round.declared 或 round.notices）写明的数字与这项修改矛盾：如果通报正确，这项修改就是错的；"
          "如果台账此后确有变化，请在同一次提交中手工更正这些数字",
}

class _Values(dict):
    """A template's values: `x_zh` falls back to `x`, and a status word is said in Chinese there."""

    def __missing__(self, name: str):
        if name.endswith("_zh") and name[:-3] in self:
            value = self[name[:-3]]
            return STATUS_ZH.get(str(value), value)
        raise KeyError(name)


def _fill(template: str, values: dict) -> str:
    return string.Formatter().vformat(template, (), _Values(values))


def english(code: str, values: dict) -> str:
    """The English message of error `code` made from `values`; KeyError for a code not in `ERRORS`."""
    return _fill(ERRORS[code]["en"], values)


def error_text(error: Exception, lang: str) -> str:
    """`error`'s message in `lang`: from `ERRORS` when it was raised with a code, else as it was written."""
    code = getattr(error, "code", None)
    if lang == "en" or code not in ERRORS:
        return str(error)
    try:
        return _fill(ERRORS[code][lang], dict(getattr(error, "message_args", {})))
    except (KeyError, IndexError):  # values of another version of the message
        return str(error)


def reply(key: str, lang: str, /, **values) -> str:
    """The line a command prints when it has done what `key` (of `DONE`) names, in `lang`."""
    return _fill(DONE[key][lang], values)


def placeholders(template: str) -> set[str]:
    """The names a template fills in: what a test compares between the two languages."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["DONE", "ERRORS", "NOTICE_CONTRADICTED", "english", "error_text", "placeholders", "reply"]
