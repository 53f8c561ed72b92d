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
    # gitrun, gitdiff: reading the ledger at a revision.
    "git-missing": {"en": "git is not installed or not on PATH; rectrack needs it here",
                    "zh": "没有安装 git，或 git 不在 PATH 中；这项操作需要 git"},
    "git-timeout": {"en": "git {command} took longer than {seconds}s in {cwd}",
                    "zh": "git {command} 在 {cwd} 中运行超过 {seconds} 秒，未能完成"},
    "not-a-revision": {"en": "'{rev}' is not a revision", "zh": "“{rev}”不是一个 git 版本"},
    "no-history": {"en": "{path}: not inside a git repository, so there is no history to compare with",
                   "zh": "{path}：不在 git 仓库中，没有可以比较的历史版本"},
    "unknown-revision": {"en": "unknown revision '{rev}' (try a tag, a commit id, HEAD~1 or @{{1.week.ago}})",
                         "zh": "没有“{rev}”这个版本（可以写标签、提交编号、HEAD~1 或 @{{1.week.ago}}）"},
    "revision-differs": {"en": "'{rev}' names different commits in the repositories of the given paths",
                         "zh": "“{rev}”在所给路径的各个仓库中指的是不同的提交"},
    "git-cannot-list": {"en": "cannot list {path} at {commit}: {reason}",
                        "zh": "无法列出 {path} 在 {commit} 时的文件：{reason}"},
    "git-cannot-read": {"en": "cannot read {name} at {commit}: {reason}",
                        "zh": "无法读取 {name} 在 {commit} 时的内容：{reason}"},
    # gitmerge: the merge driver, installing it.
    "merge-cannot-read-version": {"en": "{display}: cannot read the {side} version ({path}): {reason}",
                                  "zh": "{display}：无法读取{side_zh}版本（{path}）：{reason}"},
    "merge-file-failed": {"en": "git merge-file failed: {reason}", "zh": "git merge-file 运行失败：{reason}"},
    "git-config-failed": {"en": "git config failed: {reason}", "zh": "git config 运行失败：{reason}"},
    "data-outside-repository": {"en": "the data folder {data} is outside the git repository {root}",
                                "zh": "数据文件夹 {data} 不在 git 仓库 {root} 之内"},
    "install-outside-repository": {"en": "{cwd} is not inside a git repository; run this in your clone "
                                         "(or add --global to set up only your own git config)",
                                   "zh": "{cwd} 不在 git 仓库中；请在仓库的克隆中运行（或加上 --global，只设置你自己的 git 配置）"},
    "outside-repository": {"en": "{cwd} is not inside a git repository", "zh": "{cwd} 不在 git 仓库中"},
    # merge: why a file was not merged by structure (`Unmergeable`; the driver then merges line by line).
    "unmergeable-unreadable": {"en": "the {side} version does not read (line {line}, column {column}: {problem})",
                               "zh": "{side_zh}版本无法读取（第 {line} 行第 {column} 列：{problem_zh}）"},
    "unmergeable-not-block": {"en": "a side is not a block mapping of version, round and aspects",
                              "zh": "有一方不是由 version、round 和 aspects 组成的块状映射"},
    "unmergeable-too-close": {"en": "changes too close together to merge by structure",
                              "zh": "两处修改挨得太近，无法按结构合并"},
    "unmergeable-no-read-back": {"en": "the merged text would not read back ({reason})",
                                 "zh": "合并后的文本无法重新读取（{reason_zh}）"},
    "unmergeable-keys": {"en": "a mapping has a key that is not a name, or a name twice",
                         "zh": "某个映射中有不是名称的键，或同一个名称出现了两次"},
    "unmergeable-not-list": {"en": "a list of aspects or issues is not a list",
                             "zh": "方面或问题的列表不是列表"},
    "unmergeable-ids": {"en": "an aspect or issue has no id, or shares it with another",
                        "zh": "有方面或问题没有 id，或与另一项的 id 相同"},
    "unmergeable-flow-item": {"en": "a list ours writes [a, b] gained an item that does not fit on one line",
                              "zh": "我方写成 [a, b] 形式的列表新增了一项，放不进一行"},
    "unmergeable-empty-list": {"en": "{path}: the merged list would be empty", "zh": "{path}：合并后的列表会是空的"},
    "unmergeable-indent": {"en": "theirs indents a value less than ours can hold",
                           "zh": "对方某个值的缩进比我方能容纳的少"},
    "unmergeable-removed-by-theirs": {"en": "{path}: removed by theirs, changed by ours, on the first line of a list item",
                                      "zh": "{path}：对方删除、我方修改的内容位于列表项的第一行"},
    "unmergeable-removed-by-ours": {"en": "{path}: removed by ours, changed by theirs, on the first line of a list item",
                                    "zh": "{path}：我方删除、对方修改的内容位于列表项的第一行"},
    "unmergeable-shared-line": {"en": "a list item shares its line with other text",
                                "zh": "有列表项与其他文字写在同一行"},
    # merge: `resolve`.
    "resolve-no-conflicts": {"en": "no merge conflicts found in the round files", "zh": "轮次文件中没有找到合并冲突"},
    "resolve-no-such-conflict": {"en": "no merge conflict in {what}; the conflicts are: {listed}",
                                 "zh": "{what_zh}没有合并冲突；现有的冲突是：{listed_zh}"},
    "resolve-several-files": {"en": "{what} has conflicts in several files ({names}); name the file to settle",
                              "zh": "{what_zh}在几个文件中都有冲突（{names}）；请指明要处理哪个文件"},
    "resolve-changed-meanwhile": {"en": "{display} was changed by another program meanwhile; nothing was written, "
                                        "run the command again",
                                  "zh": "{display} 在此期间被其他程序修改过；没有写入任何内容，请再运行一次"},
    # output: `-o FILE`.
    "output-cannot-write": {"en": "cannot write {path}: {reason}; nothing was written",
                            "zh": "无法写入 {path}：{reason}；没有写入任何内容"},
    "cannot-write": {"en": "cannot write {path}: {reason}", "zh": "无法写入 {path}：{reason}"},
    "output-no-reader": {"en": "cannot write {path}: no program is reading this FIFO; nothing was written",
                         "zh": "无法写入 {path}：没有程序在读取这个 FIFO；没有写入任何内容"},
    "output-is-input": {"en": "refused to write {path}: it is a file this command read{also}; nothing was written "
                              "(choose another file name)",
                        "zh": "已拒绝写入 {path}：这是本命令读取的文件{also_zh}；没有写入任何内容（请换一个文件名）"},
    "output-is-round-file": {"en": "refused to write {path}: it is a round file, and would be replaced; nothing was "
                                   "written (choose another file name)",
                             "zh": "已拒绝写入 {path}：这是轮次文件，写入会把它替换掉；没有写入任何内容（请换一个文件名）"},
    "output-in-data": {"en": "refused to write {path}: a {suffix} file in {folder} is read as a round file by "
                             "`rectrack validate`; nothing was written (write it outside the data folder)",
                       "zh": "已拒绝写入 {path}：{folder} 中的 {suffix} 文件会被 `rectrack validate` 当作轮次文件读取；"
                             "没有写入任何内容（请写到数据文件夹之外）"},
    "output-kind": {"en": "refused to write {path}: it is {kind}; rectrack writes regular files, character devices "
                          "and FIFOs only; nothing was written",
                    "zh": "已拒绝写入 {path}：这是{kind_zh}；rectrack 只写入普通文件、字符设备和 FIFO；没有写入任何内容"},
    # site: `site -o DIR`.
    "site-over-data": {"en": "{folder}: will not write a site into or over the data ({place}); choose a folder of "
                             "its own, e.g. -o site",
                       "zh": "{folder}：不会把网站写进数据所在的位置或覆盖数据（{place}）；请另选一个单独的文件夹，例如 -o site"},
    "site-not-folder": {"en": "{folder}: exists and is not a folder", "zh": "{folder}：已经存在，但不是文件夹"},
    "site-not-ours": {"en": "{folder}: not empty and not a site rectrack made; choose a new or empty folder",
                      "zh": "{folder}：不是空文件夹，也不是 rectrack 生成的网站；请选择一个新的或空的文件夹"},
}
_WRITING_DONE: dict[str, dict[str, str]] = {
    "wrote": {"en": "rectrack: wrote {path} ({what})", "zh": "rectrack：已写入 {path}（{what_zh}）"},
    # What was written, said inside "wrote" (its `what`).
    "wrote.notice": {"en": "{format} notice of round {round}", "zh": "轮次 {round} 的 {format} 通报"},
    "wrote.notice-with-ledger": {"en": "{format} notice of round {round}, ledger attached",
                                 "zh": "轮次 {round} 的 {format} 通报，附台账"},
    "wrote.export": {"en": "{format}, {rounds} round(s), {issues} issue(s)",
                     "zh": "{format}，{rounds}个轮次，{issues}项问题"},
    "wrote.site": {"en": "{pages} pages, {rounds} round(s), {issues} issue(s)",
                   "zh": "{pages}个页面，{rounds}个轮次，{issues}项问题"},
    # The merge driver, on stderr as git runs it.
    "merged": {"en": "rectrack: {name}: merged issue by issue", "zh": "rectrack：{name}：已逐个问题合并"},
    "merged-by-lines": {"en": "rectrack: {name}: not merged issue by issue: {reason}; used git's line-by-line "
                              "merge instead",
                        "zh": "rectrack：{name}：未能逐个问题合并：{reason_zh}；已改用 git 的逐行合并"},
    "merged-by-lines-conflicts": {"en": "rectrack: {name}: not merged issue by issue: {reason}; used git's "
                                        "line-by-line merge instead ({n} conflict(s) left)",
                                  "zh": "rectrack：{name}：未能逐个问题合并：{reason_zh}；已改用 git 的逐行合并（还剩{n}处冲突）"},
    "merge-conflict-left": {"en": "rectrack: {name}:{line}: conflict in {subject}; settle it with {hint}, "
                                  "then git add {name}",
                            "zh": "rectrack：{name}:{line}：{subject_zh}有冲突；处理办法：{hint_zh}，然后 git add {name}"},
    # merge-driver install / uninstall.
    "attributes-added": {"en": "{file}: added {line}", "zh": "{file}：已添加 {line}"},
    "attributes-trimmed": {"en": "{file}: removed the rectrack lines", "zh": "{file}：已删除 rectrack 写入的几行"},
    "attributes-removed": {"en": "{file}: removed (it held only the rectrack lines)",
                           "zh": "{file}：已删除（其中只有 rectrack 写入的几行）"},
    "git-config-set": {"en": "git config {args}", "zh": "已执行 git config {args}"},
    "driver-already-installed": {"en": "nothing to do: the merge driver is already set up here",
                                 "zh": "无需操作：这里已经设置好合并驱动"},
    "driver-not-installed": {"en": "nothing to do: the merge driver is not set up here",
                             "zh": "无需操作：这里没有设置合并驱动"},
    # resolve.
    "conflict-kept": {"en": "{display}:{line}: kept {side} in {subject}",
                      "zh": "{display}:{line}：已在{subject_zh}中保留 {side} 一方"},
    "conflicts-left": {"en": "{n} conflict(s) left in {display}: {listed}", "zh": "{display} 中还剩{n}处冲突：{listed_zh}"},
    "conflict-left": {"en": "line {line} {subject}", "zh": "第 {line} 行，{subject_zh}"},
    "no-conflicts-left": {"en": "no conflicts left in {display}; check it with `rectrack validate {display}`, "
                                "then git add it",
                          "zh": "{display} 中已没有冲突；请用 `rectrack validate {display}` 检查，然后 git add 这个文件"},
}

# Settings and what is read from elsewhere (config, read.limits, io, import).
_SETTINGS: dict[str, dict[str, str]] = {
    "limit-not-number": {"en": "limit {name} must be a whole number such as {example}, not '{value}'",
                         "zh": "限值 {name} 必须是整数，例如 {example}，而不是“{value}”"},
}
_SETTINGS_DONE: dict[str, dict[str, str]] = {
    "imported": {"en": "wrote {path}: round {round}, {issues} issues in {aspects} aspects. Check it with: "
                       "rectrack validate {path}",
                 "zh": "已写入 {path}：轮次 {round}，{aspects}个方面{issues}项问题。请用 rectrack validate {path} 检查"},
}

# Refusals of the commands themselves (cli/).
_COMMANDS: dict[str, dict[str, str]] = {
    "files-with-errors": {"en": "{n} file(s) with errors; fix them before making {what} (see rectrack validate)",
                          "zh": "{n}个文件有错误；请先改正再生成{what_zh}（运行 rectrack validate 查看）"},
    # report, export, site, diff (cli/reports, cli/site).
    "files-with-errors-compare": {"en": "{n} file(s) with errors; cannot compare them",
                                  "zh": "{n}个文件有错误，无法比较"},
    "no-round-found": {"en": "no round '{id}' found (rounds: {known})", "zh": "没有找到轮次“{id}”（现有轮次：{known_zh}）"},
    "no-round-files-found": {"en": "no round files found", "zh": "没有找到轮次文件"},
    "no-round-files-name-one": {"en": "no round files found; name a round file",
                                "zh": "没有找到轮次文件；请指明一个轮次文件"},
    "rounds-choose-one": {"en": "{n} rounds found ({known}); choose one with --round ID or name its file",
                          "zh": "找到{n}个轮次（{known}）；请用 --round ID 选择其一，或指明它的文件"},
    "fed-back-after": {"en": "round {id} was fed back on {feedback}, after {day}: there is no notice as of that day",
                       "zh": "轮次 {id} 于 {feedback} 反馈，晚于 {day}：那一天还没有通报"},
    "none-fed-back": {"en": "no round had been fed back by {day}", "zh": "截至 {day} 还没有任何轮次反馈"},
    "binary-on-terminal": {"en": "{format} is a binary file; write it with -o FILE (or redirect stdout to a file)",
                           "zh": "{format} 是二进制文件；请用 -o FILE 写入文件（或把标准输出重定向到文件）"},
    "output-suffix": {"en": "cannot write a {suffix} file; it writes {names}",
                      "zh": "不能写入 {suffix} 文件；可以写入的格式有 {names}"},
    "format-contradicts": {"en": "--format {format} contradicts the file name {name} ({implied})",
                           "zh": "--format {format} 与文件名 {name}（{implied}）不符"},
    "with-ledger-docx": {"en": "--with-ledger needs --format docx (or -o FILE.docx)",
                         "zh": "--with-ledger 需要与 --format docx（或 -o FILE.docx）一起使用"},
    # merge-driver, resolve (cli/merge).
    "driver-arguments": {"en": "give BASE OURS THEIRS PATH (git's %O %A %B %P), or install, or uninstall",
                         "zh": "请给出 BASE OURS THEIRS PATH（即 git 的 %O %A %B %P），或 install，或 uninstall"},
    "global-with-install": {"en": "--global goes with install or uninstall",
                            "zh": "--global 只能与 install 或 uninstall 一起使用"},
    "choose-a-side": {"en": "choose one side: --ours or --theirs", "zh": "请选择一方：--ours 或 --theirs"},
    # schema (cli/tools).
    "check-needs-output": {"en": "--check needs -o FILE to compare with", "zh": "--check 需要用 -o FILE 指定要比较的文件"},
    "file-cannot-read": {"en": "{path}: cannot read: {reason}", "zh": "{path}：无法读取：{reason}"},
    "file-cannot-write": {"en": "{path}: cannot write: {reason}", "zh": "{path}：无法写入：{reason}"},
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
