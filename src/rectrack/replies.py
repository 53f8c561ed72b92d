"""What a command says when it cannot go on, and what it says when it is done, in English and in Chinese.

A `RectrackError` is raised with a code from `ERRORS` and the values its
message is made of, by name; its English text is made here as it is raised
(so `str(error)` is English, for logs and for programs), and the CLI says it
again in the reader's language with `error_text`.  The lines a command
prints when it has done its work ("wrote …", "created …") are in `DONE`,
said with `reply`.  Problems found in data files are `messages`' business.

A Chinese template may name `{x_zh}` where the English names `{x}`: the
raise site gives `x_zh` when the value itself needs saying in Chinese (a
list of places); without it the value is used as it is, but a value whose
name says it is a status (`messages.STATUS_VALUES`: `status`, `last` …)
is said as the Chinese status word (`in_progress` is 正在推进).  Chinese
sentences use full-width punctuation (，；：“”（）), as every Chinese line
rectrack writes does.  Of rectrack, this module imports only `messages`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from .messages import STATUS_VALUES, STATUS_ZH

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

_FINDING_DONE: dict[str, dict[str, str]] = {
    "unread-may-hold": {"en": "{n} file(s) that mention {id} could not be read, and may hold it too: {names}; "
                              "run rectrack validate",
                        "zh": "有{n}个提到 {id} 的文件无法读取，其中也可能有这个问题：{names_zh}；请运行 rectrack validate"},
}

# Editing a round file (edit, yamledit, repair, lock, atomic, cli/edit) and the option values it takes.
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
    # durations.parse_date and vocabulary.parse_status: ValueErrors carrying these codes (English written there too).
    "not-a-date": {"en": "{what} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30",
                   "zh": "{what_zh}“{text}”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"},
    "not-a-real-date": {"en": "{what} '{text}' is not a real date", "zh": "{what_zh}“{text}”不是真实存在的日期"},
    "bare-not-a-date": {"en": "'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30",
                        "zh": "“{text}”不是日期；请写成 YYYY-MM-DD，例如 2024-06-30"},
    "bare-not-a-real-date": {"en": "'{text}' is not a real date", "zh": "“{text}”不是真实存在的日期"},
    "bad-status": {"en": "unknown status {word}; use one of {choices}",
                   "zh": "状态“{word_zh}”无法识别；可用的状态：{choices_zh}"},
    "bad-status-suggestion": {"en": "unknown status {word}; did you mean '{suggestion}'? use one of {choices}",
                              "zh": "状态“{word_zh}”无法识别，是否应为“{suggestion}”？可用的状态：{choices_zh}"},
    # edit: what a change may not do.
    "unwritable-text": {"en": "{what} contains the character {char} (a control character or an undecodable byte); "
                              "retype it as plain text",
                        "zh": "{what} 中有字符 {char}（控制字符或无法解码的字节）；请用普通文字重新输入"},
    "cannot-edit": {"en": "cannot edit {file}", "zh": "无法修改 {file}"},
    "changed-while-editing": {"en": "{file} was changed by another program while rectrack was editing it; "
                                    "nothing was written, run the command again",
                              "zh": "rectrack 修改 {file} 期间，另一个程序改动了这个文件；没有写入任何内容，请重新运行命令"},
    "issue-status-unknown": {"en": "issue '{id}' has the unknown status {word}; fix the file first (rectrack validate)",
                             "zh": "问题“{id}”的状态“{word_zh}”无法识别；请先改正文件（rectrack validate）"},
    "has-extensions": {"en": "issue '{id}' has approved extensions; move its deadline with --extend-to DATE "
                             "--reason ... --approved-by ...",
                       "zh": "问题“{id}”已有经批准的延期；调整整改时限请用 --extend-to DATE --reason ... "
                             "--approved-by ..."},
    "review-not-completed": {"en": "issue '{id}' is {status}, not completed; a look-back review (回头看) is "
                                   "recorded on completed issues",
                             "zh": "问题“{id}”的状态是“{status_zh}”，尚未完成；回头看只记录在已完成的问题上"},
    "review-held-status": {"en": "--review held keeps the issue completed; to reopen it, use --review relapsed",
                           "zh": "--review held 表示问题保持已完成；如要重新打开，请用 --review relapsed"},
    "review-relapsed-status": {"en": "--review relapsed reopens the issue; its --status cannot be completed",
                               "zh": "--review relapsed 会重新打开这个问题，--status 不能是已完成（completed）"},
    "review-relapsed-note": {"en": "--review relapsed needs --note saying what came back",
                             "zh": "--review relapsed 需要用 --note 说明反弹的情况"},
    "deadline-or-extension": {"en": "give either --deadline (a correction) or --extend-to (an approved extension)",
                              "zh": "--deadline（更正时限）和 --extend-to（经批准的延期）只能给出其中一个"},
    "deadline-and-extension": {"en": "give either --deadline (a correction) or --extend-to (an approved "
                                     "extension), not both",
                               "zh": "--deadline（更正时限）和 --extend-to（经批准的延期）只能给出其中一个，不能同时给出"},
    "extension-needs-approval": {"en": "an extension needs --reason and --approved-by",
                                 "zh": "延期需要用 --reason 说明理由，用 --approved-by 写明批准人"},
    "no-deadline-to-extend": {"en": "issue '{id}' has no deadline to extend; set one with --deadline",
                              "zh": "问题“{id}”还没有整改时限，无法延期；请先用 --deadline 设定"},
    "extension-not-later": {"en": "--extend-to {to} is not after the current deadline {deadline}; an extension "
                                  "moves the deadline later",
                            "zh": "--extend-to {to} 不晚于现在的整改时限 {deadline}；延期只能把时限往后推"},
    "issue-needs-title": {"en": "the issue needs a title (--title)", "zh": "问题需要标题（--title）"},
    "aspect-exists": {"en": "aspect '{aspect}' already exists in round '{round}'; add to it with --aspect {aspect} "
                            "and no --new-aspect",
                      "zh": "轮次“{round}”中已有方面“{aspect}”；要在其中新增问题，请用 --aspect {aspect}，"
                            "不要加 --new-aspect"},
    "which-aspect": {"en": "say which aspect with --aspect (aspects: {known}), or create one with --new-aspect TITLE",
                     "zh": "请用 --aspect 指定方面（现有方面：{known_zh}），或用 --new-aspect TITLE 新建一个方面"},
    "issue-id-taken": {"en": "issue id '{id}' is already used in round '{round}'",
                       "zh": "问题编号“{id}”在轮次“{round}”中已被使用"},
    "round-file-suffix": {"en": "{file}: a round file name ends in .yaml or .yml",
                          "zh": "{file}：轮次文件名应以 .yaml 或 .yml 结尾"},
    "init-file-exists": {"en": "{file} already exists; rectrack init never overwrites a file",
                         "zh": "{file} 已存在；rectrack init 不会覆盖已有的文件"},
    "init-invalid": {"en": "refused: {file} would not be a valid round file",
                     "zh": "已拒绝：这样写出的 {file} 不是有效的轮次文件"},
    "round-id-taken": {"en": "round id '{id}' is already used by {file}", "zh": "轮次编号“{id}”已被 {file} 使用"},
    # yamledit: a file that cannot be edited as it is.
    "lone-cr": {"en": "{file}: has line breaks made of a lone CR; rectrack edits files with LF or CRLF line "
                      "endings only",
                "zh": "{file}：有单独用 CR 表示的换行；rectrack 只修改以 LF 或 CRLF 换行的文件"},
    "edit-unparsed": {"en": "{file}: cannot be edited until it is fixed: {problem}{more}; run "
                            "`rectrack validate {file}`",
                      "zh": "{file}：有错误，改正之前不能修改：{problem_zh}{more_zh}；请运行 rectrack validate {file}"},
    "edit-not-yaml": {"en": "{file}: is not readable YAML; run `rectrack validate {file}` for details",
                      "zh": "{file}：不是可以读取的 YAML；详情请运行 rectrack validate {file}"},
    "not-round-file": {"en": "{file}: is not a round file (a mapping with version, round and aspects)",
                       "zh": "{file}：不是轮次文件（轮次文件是包含 version、round 和 aspects 的映射）"},
    "only-key": {"en": "cannot remove '{key}', the only key of its mapping",
                 "zh": "无法删除“{key}”：它是所在映射中唯一的键"},
    "mapping-not-list": {"en": "'{key}' holds a mapping, not a list; fix the file first",
                         "zh": "“{key}”的值是映射而不是列表；请先改正文件"},
    "no-aspect": {"en": "no aspect '{aspect}' in round '{round}' (aspects: {known})",
                  "zh": "轮次“{round}”中没有方面“{aspect}”（现有方面：{known_zh}）"},
    # repair (rectrack fix).
    "fix-cannot-read": {"en": "{file}: cannot read the file", "zh": "{file}：无法读取这个文件"},
    "changed-while-fixing": {"en": "{file} was changed by another program while rectrack was fixing it; "
                                   "nothing was written, run the command again",
                             "zh": "rectrack 修正 {file} 期间，另一个程序改动了这个文件；没有写入任何内容，请重新运行命令"},
    # lock and atomic: the write itself.
    "lock-folder": {"en": "{path}: cannot create the lock folder {folder}: {reason}; nothing was written",
                    "zh": "{path}：无法创建锁文件夹 {folder}：{reason}；没有写入任何内容"},
    "lock-folder-unsafe": {"en": "{path}: not locking in {folder}: {reason}; nothing was written (make it private "
                                 "with chmod 700, or remove it and rectrack makes a private one)",
                           "zh": "{path}：没有在 {folder} 中加锁：{reason}；没有写入任何内容（请用 chmod 700 "
                                 "把它设为私有，或者删除它，rectrack 会另建一个私有的文件夹）"},
    "lock-busy": {"en": "{path}: another rectrack command has been editing this file for {seconds}s; try again "
                        "when it has finished",
                  "zh": "{path}：另一个 rectrack 命令正在修改这个文件，已等了 {seconds} 秒；请等它结束后再试"},
    "lock-failed": {"en": "{path}: cannot lock {lock}: {reason}; nothing was written",
                    "zh": "{path}：无法加锁（{lock}）：{reason}；没有写入任何内容"},
    "write-failed": {"en": "cannot write {path}: {reason}{hint}; the file is unchanged",
                     "zh": "无法写入 {path}：{reason}{hint_zh}；文件保持原样"},
    "write-failed-new": {"en": "cannot write {path}: {reason}{hint}; nothing was written",
                         "zh": "无法写入 {path}：{reason}{hint_zh}；没有写入任何内容"},
    # cli/edit and import: option values and combinations (usage errors, exit 2) and what a command finds.
    "bad-round-kind": {"en": "'{value}' is not a round kind; use inspection (巡察), audit (审计) or other (其他)",
                       "zh": "“{value}”不是轮次类型；请用 inspection（巡察）、audit（审计）或 other（其他）"},
    "init-missing": {"en": "missing {names} (asked for only on a terminal)",
                     "zh": "缺少 {names_zh}（只有在终端上运行时才会逐项询问）"},
    "category-needs-new-aspect": {"en": "--category goes with --new-aspect",
                                  "zh": "--category 只能与 --new-aspect 一起使用"},
    "approval-needs-extension": {"en": "--reason and --approved-by go with --extend-to",
                                 "zh": "--reason 和 --approved-by 只能与 --extend-to 一起使用"},
    "extension-needs-reason": {"en": "--extend-to needs --reason and --approved-by",
                               "zh": "--extend-to 需要同时给出 --reason 和 --approved-by（延期须说明理由和批准人）"},
    "nothing-to-update": {"en": "nothing to update: give --status, --note, --owner, --leader, --deadline, "
                                "--evidence, --extend-to or --review",
                          "zh": "没有要修改的内容：请给出 --status、--note、--owner、--leader、--deadline、"
                                "--evidence、--extend-to 或 --review"},
    "bad-review": {"en": "--review must be held (巩固) or relapsed (反弹), not {word}",
                   "zh": "--review 只能是 held（巩固）或 relapsed（反弹），不能是“{word_zh}”"},
    "issue-file-invalid": {"en": "{file} has errors; fix them first (rectrack validate {file})",
                           "zh": "{file} 有错误；请先改正（rectrack validate {file}）"},
    "issue-before-feedback": {"en": "round {round} was fed back on {feedback}, after {day}: issue {id} did not "
                                    "exist yet",
                              "zh": "轮次 {round} 的反馈日期是 {feedback}，晚于 {day}：那时还没有问题 {id}"},
    "no-such-rounds": {"en": "no round {names}; rounds: {known}", "zh": "没有轮次{names_zh}；现有轮次：{known_zh}"},
    "no-such-aspects": {"en": "no aspect {names}; aspects: {known}", "zh": "没有方面{names_zh}；现有方面：{known_zh}"},
    "files-left-out": {"en": "{n} file(s) with errors left out (see rectrack validate)",
                       "zh": "{n}个文件有错误，已略去（运行 rectrack validate 查看）"},
}
_EDITING_DONE: dict[str, dict[str, str]] = {
    "dry-run": {"en": "dry run: {path} not written", "zh": "试运行：未写入 {path}"},
    "nothing-to-change": {"en": "nothing to change for {name}", "zh": "{name} 无需修改"},
    "nothing-written": {"en": "nothing to change for {name}; {path} not written", "zh": "{name} 无需修改，未写入 {path}"},
    "issue-updated": {"en": "updated {name} in {path}: {changes}", "zh": "已更新 {name}（{path}）：{changes_zh}"},
    "issue-added": {"en": "added {name} in {path}: {changes}", "zh": "已新增 {name}（{path}）：{changes_zh}"},
    "round-created": {"en": "created {path} (round {round}). It has no aspects yet, so `rectrack validate` reports "
                            "it until you add the first issue:\n"
                            "  rectrack add --round {round} --new-aspect \"方面标题\" --title \"具体问题\"",
                      "zh": "已新建 {path}（轮次 {round}）。其中还没有方面，在添加第一个问题之前，rectrack validate "
                            "会一直报告它：\n"
                            "  rectrack add --round {round} --new-aspect \"方面标题\" --title \"具体问题\""},
    # rectrack fix: a line per slip (in the form of `validate`'s lines), then the summary.  The place keeps its
    # ASCII ': ' in Chinese too, as validate's lines do: editors and CI read `path:line:col: ` to jump there.
    "slip-fixed": {"en": "{place}: fixed: {message} [{code}]", "zh": "{place}: 已修正：{message} [{code}]"},
    "slip-would-fix": {"en": "{place}: would fix: {message} [{code}]", "zh": "{place}: 将修正：{message} [{code}]"},
    "fix-summary": {"en": "fixed {fixed} slip(s) in {files} file(s); nothing left for a person",
                    "zh": "已修正{fixed}处（{files}个文件），没有需要人工处理的问题。"},
    "fix-summary-left": {"en": "fixed {fixed} slip(s) in {files} file(s); {left} problem(s) left for a person",
                         "zh": "已修正{fixed}处（{files}个文件），另有{left}个问题需要人工处理。"},
    "fix-summary-dry": {"en": "would fix {fixed} slip(s) in {files} file(s); nothing left for a person; "
                              "nothing written",
                        "zh": "将修正{fixed}处（{files}个文件），没有需要人工处理的问题；未写入任何文件。"},
    "fix-summary-dry-left": {"en": "would fix {fixed} slip(s) in {files} file(s); {left} problem(s) left for a "
                                   "person; nothing written",
                             "zh": "将修正{fixed}处（{files}个文件），另有{left}个问题需要人工处理；未写入任何文件。"},
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
                              "zh": "本方写成 [a, b] 形式的列表新增了一项，放不进一行"},
    "unmergeable-empty-list": {"en": "{path}: the merged list would be empty", "zh": "{path}：合并后的列表会是空的"},
    "unmergeable-indent": {"en": "theirs indents a value less than ours can hold",
                           "zh": "对方某个值的缩进比本方能容纳的少"},
    "unmergeable-removed-by-theirs": {"en": "{path}: removed by theirs, changed by ours, on the first line of a list item",
                                      "zh": "{path}：对方删除、本方修改的内容位于列表项的第一行"},
    "unmergeable-removed-by-ours": {"en": "{path}: removed by ours, changed by theirs, on the first line of a list item",
                                    "zh": "{path}：本方删除、对方修改的内容位于列表项的第一行"},
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
                      "zh": "{display}:{line}：{subject_zh}已保留{side_zh}的内容"},
    "conflicts-left": {"en": "{n} conflict(s) left in {display}: {listed}", "zh": "{display} 中还剩{n}处冲突：{listed_zh}"},
    "conflict-left": {"en": "line {line} {subject}", "zh": "第 {line} 行，{subject_zh}"},
    "no-conflicts-left": {"en": "no conflicts left in {display}; check it with `rectrack validate {display}`, "
                                "then git add it",
                          "zh": "{display} 中已没有冲突；请用 `rectrack validate {display}` 检查，然后 git add 这个文件"},
    # schema -o FILE (--check).
    "schema-written": {"en": "{path}: written", "zh": "{path}：已写入"},
    "schema-up-to-date": {"en": "{path}: up to date", "zh": "{path}：已是最新"},
    "schema-missing": {"en": "{path}: missing; run rectrack schema -o {path}",
                       "zh": "{path}：不存在；请运行 rectrack schema -o {path}"},
    "schema-stale": {"en": "{path}: out of date; run rectrack schema -o {path}",
                     "zh": "{path}：已过时；请运行 rectrack schema -o {path}"},
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
                    "zh": "{file}：“{key}”只能是 {choices_zh}，不能是“{value_zh}”"},
    "config-table": {"en": "{file}: '{key}' must be a table, e.g. {example}",
                     "zh": "{file}：“{key}”必须是一个表，例如 {example}"},
    "config-grace-days": {"en": "{file}: '{key}' must be a whole number of 0 or more, not {value}",
                          "zh": "{file}：“{key}”必须是不小于 0 的整数，而不是“{value_zh}”"},
    "config-statuses": {"en": "{file}: '{key}' must be a list of status words, e.g. "
                              "[\"not_started\", \"in_progress\"]; use {choices}",
                        "zh": "{file}：“{key}”必须是状态词的列表，例如 [\"not_started\", \"in_progress\"]；"
                              "可用的状态有{choices_zh}"},
    "config-status-unknown": {"en": "{file}: '{key}' unknown status {word}; use one of {choices}",
                              "zh": "{file}：“{key}”中的状态“{word_zh}”无法识别；请用{choices_zh}"},
    "config-status-completed": {"en": "{file}: '{key}' cannot include completed: a completed issue is never overdue",
                                "zh": "{file}：“{key}”不能包括已完成（completed）：已完成的问题不会逾期"},
    "config-evidence-root": {"en": "{file}: '{key}' must be a folder in quotes, e.g. evidence_root = \"evidence\"",
                             "zh": "{file}：“{key}”必须是加引号的文件夹，例如 evidence_root = \"evidence\""},
    "config-evidence": {"en": "{file}: '{key}' must be \"required\" or \"optional\", not {value}",
                        "zh": "{file}：“{key}”只能是 \"required\" 或 \"optional\"，不能是“{value_zh}”"},
    "config-limit-type": {"en": "{file}: '{key}' must be a whole number, not {value}",
                          "zh": "{file}：“{key}”必须是整数，而不是“{value_zh}”"},
    "config-limit-not-number": {"en": "{file}: '{key}' must be a whole number such as {example}, not '{value}'",
                                "zh": "{file}：“{key}”必须是整数，例如 {example_zh}，而不是“{value}”"},
    "config-limit-range": {"en": "{file}: '{key}' must be a whole number from 1 to {ceiling}, not {value}",
                           "zh": "{file}：“{key}”必须是 1 到 {ceiling} 之间的整数，而不是 {value}"},
    "config-limit-positive": {"en": "{file}: '{key}' must be a whole number of 1 or more, not {value}",
                              "zh": "{file}：“{key}”必须是不小于 1 的整数，而不是 {value}"},
    # import's --map file.
    "map-unknown-key": {"en": "{file}: unknown key '{key}'; use [columns], [statuses], header_row and sheet",
                        "zh": "{file}：未知的键“{key}”；可用的有 [columns]、[statuses]、header_row 和 sheet"},
    "map-columns": {"en": "{file}: [columns] must be a table, e.g.\n{example}",
                    "zh": "{file}：[columns] 必须是一个表，例如：\n{example}"},
    "map-not-a-field": {"en": "{file}: [columns] '{key}' is not a field; use one of {fields}",
                        "zh": "{file}：[columns] 中的“{key}”不是字段名；请用 {fields_zh} 之一"},
    "map-column": {"en": "{file}: [columns] {key} must be a header text or a column letter",
                   "zh": "{file}：[columns] 中的 {key} 必须是表头文字或列字母"},
    "map-statuses": {"en": "{file}: [statuses] must be a table of word = status",
                     "zh": "{file}：[statuses] 必须是“词 = 状态”形式的表"},
    "map-status": {"en": "{file}: [statuses] '{word}': unknown status {status}; use one of {choices}",
                   "zh": "{file}：[statuses] 中“{word}”对应的状态“{status_zh}”无法识别；请用{choices_zh}"},
    "map-header-row": {"en": "{file}: header_row must be a row number (1 is the first row)",
                       "zh": "{file}：header_row 必须是行号（第一行为 1）"},
    "map-sheet": {"en": "{file}: sheet must be a sheet name", "zh": "{file}：sheet 必须是工作表名称"},
    # A ledger import cannot even start (io.grid, io.ledger).
    "import-no-sheet": {"en": "no sheet named '{sheet}'; the sheets are: {names}",
                        "zh": "没有名为“{sheet}”的工作表；现有的工作表：{names}"},
    "import-no-header": {"en": "{sheet}: no header row found in the first {rows} rows (looked for a 问题 column and "
                               "one more, e.g. 整改措施 or 责任部门); name the columns in a --map file",
                         "zh": "{sheet}：前{rows}行中没有找到表头（需要有“问题”列和至少另一列，例如“整改措施”或"
                               "“责任部门”）；请在 --map 文件中指明各列"},
    "import-no-header-anywhere": {"en": "no sheet has a recognisable header (looked in the first {rows} rows of: "
                                        "{names} for a 问题 column and one more, e.g. 整改措施 or 责任部门); name the "
                                        "columns in a --map file",
                                  "zh": "没有哪张工作表有可识别的表头（在 {names} 的前{rows}行中查找了“问题”列和至少"
                                        "另一列，例如“整改措施”或“责任部门”）；请在 --map 文件中指明各列"},
    "sheet-encrypted": {"en": "the {what} is encrypted (password-protected); save a copy without a password and "
                              "import that",
                        "zh": "文件已加密（设有密码）；请另存一份不带密码的副本，再导入这份副本"},
    "sheet-bad-zip": {"en": "the file is a damaged zip archive, not a readable spreadsheet",
                      "zh": "文件是损坏的 zip 压缩包，不是可以读取的电子表格"},
    "sheet-zip": {"en": "the file is a zip archive but not an .xlsx or .ods spreadsheet",
                  "zh": "文件是 zip 压缩包，但不是 .xlsx 或 .ods 电子表格"},
    "sheet-web-page": {"en": "the file is a web page or XML text with an .{suffix} name, not a workbook; open it in "
                             "Excel or WPS and save it as .xlsx, then import that",
                       "zh": "文件名是 .{suffix}，内容却是网页或 XML 文本，不是工作簿；请用 Excel 或 WPS 打开，"
                             "另存为 .xlsx 后再导入"},
    "sheet-unknown": {"en": "the file is not a spreadsheet rectrack can read (.xlsx, .xls, .ods or .csv)",
                      "zh": "文件不是 rectrack 能读取的电子表格（.xlsx、.xls、.ods 或 .csv）"},
    "sheet-unknown-named": {"en": "the file is not a spreadsheet rectrack can read (.xlsx, .xls, .ods or .csv); its "
                                  "content does not match its .{suffix} name",
                            "zh": "文件不是 rectrack 能读取的电子表格（.xlsx、.xls、.ods 或 .csv）；内容与文件名 "
                                  ".{suffix} 不符"},
    "sheet-unreadable": {"en": "the .{kind} file cannot be read: {reason}", "zh": "无法读取这个 .{kind} 文件：{reason}"},
    "sheet-one-unreadable": {"en": "sheet {sheet} cannot be read: {reason}", "zh": "无法读取工作表 {sheet}：{reason}"},
    "sheet-damaged": {"en": "the .{kind} file is damaged and cannot be read ({reason})",
                      "zh": "这个 .{kind} 文件已损坏，无法读取（{reason}）"},
    "sheet-ods-xml": {"en": "the .ods file's content.xml is not readable XML ({reason})",
                      "zh": ".ods 文件中的 content.xml 不是可读的 XML（{reason}）"},
    "csv-encoding": {"en": "the text is neither UTF-8 nor GBK/GB18030 (byte {byte} cannot be read); save it again "
                           "as UTF-8 CSV",
                     "zh": "文本既不是 UTF-8 也不是 GBK/GB18030 编码（第{byte}个字节无法读取）；请重新另存为 UTF-8 "
                           "编码的 CSV"},
    "csv-undecodable": {"en": "the text cannot be decoded ({reason})", "zh": "文本无法解码（{reason}）"},
    "csv-unreadable": {"en": "the CSV text cannot be read: {reason}", "zh": "无法读取 CSV 文本：{reason}"},
    # rectrack import refusing.
    "import-no-file": {"en": "{path}: no such file", "zh": "{path}：没有这个文件"},
    "import-unreadable": {"en": "{path}: cannot read it ({reason})", "zh": "{path}：无法读取（{reason}）"},
    "import-refused": {"en": "{file}: {reason}", "zh": "{file}：{reason_zh}"},
    "import-missing": {"en": "missing {flags}: the ledger's title rows do not say (asked for only on a terminal)",
                       "zh": "缺少 {flags_zh}：台账的标题行中没有写明（只有在终端上运行时才会询问）"},
    "import-cells": {"en": "{file}: {n} cell(s) cannot be imported; nothing written",
                     "zh": "{file}：{n}个单元格无法导入；没有写入任何内容"},
    "import-exists": {"en": "{path} already exists; give --force to overwrite it",
                      "zh": "{path} 已经存在；如要覆盖，请加上 --force"},
    "import-invalid": {"en": "the imported round would not be valid ({n} error(s)); nothing written",
                       "zh": "导入的轮次通不过检查（{n}个错误）；没有写入任何内容"},
    "import-id-taken": {"en": "round id '{id}' is already used by {file}; give another --id",
                        "zh": "轮次编号“{id}”已被 {file} 使用；请用 --id 另取一个"},
    # Options every command shares (cli/_app), and validate's own.
    "by-unknown": {"en": "cannot group by '{key}'; use {keys}", "zh": "不能按“{key}”分组；可用 {keys}"},
    "by-repeated": {"en": "--by {key} is given twice", "zh": "--by {key} 给了两次"},
    "by-too-deep": {"en": "group by at most two keys, e.g. --by year --by unit",
                    "zh": "最多按两级分组，例如 --by year --by unit"},
    "lang-env-ignored": {"en": "RECTRACK_LANG={value} is not a language rectrack speaks ({langs}); ignored",
                         "zh": "RECTRACK_LANG={value} 不是 rectrack 支持的语言（{langs_zh}），已忽略"},
    "quiet-and-verbose": {"en": "use --quiet or --verbose, not both", "zh": "--quiet 和 --verbose 只能用其一"},
}
# What import says as it reads (its report: one line per cell interpreted, row left out or cell it cannot
# read, made in io as `io.cells.Said`), what it wrote, and validate -v's line per file.
_SETTINGS_DONE: dict[str, dict[str, str]] = {
    "imported": {"en": "wrote {path}: round {round}, {issues} issues in {aspects} aspects. Check it with: "
                       "rectrack validate {path}",
                 "zh": "已写入 {path}：轮次 {round}，{aspects}个方面{issues}项问题。请用 rectrack validate {path} 检查"},
    "import-reading": {"en": "reading {path}", "zh": "正在读取 {path}"},
    "import-read": {"en": "read {path} ({format}, sheet {sheet}, header in row {row}): {rows} rows → {issues} issues "
                          "in {aspects} aspects",
                    "zh": "已读取 {path}（{format}，工作表 {sheet}，表头在第{row}行）：{rows}行 → {aspects}个方面"
                          "{issues}项问题"},
    "import-read-csv": {"en": "read {path} (CSV, {encoding}, header in row {row}): {rows} rows → {issues} "
                              "issues in {aspects} aspects",
                        "zh": "已读取 {path}（CSV，{encoding} 编码，表头在第{row}行）：{rows}行 → "
                              "{aspects}个方面{issues}项问题"},
    "import-note": {"en": "{place}: {kind}: {message}", "zh": "{place}：{kind_zh}：{message}"},
    # The notes, by cell (io.ledger); a {reason} or {guess} is a sentence below, said in the same language.
    "note-two-columns": {"en": "two columns both look like the {header} ({field}) column; name the right one in a "
                               "--map file ([columns] {field} = \"C\")",
                         "zh": "有两列看起来都是“{header}”（{field}）列；请在 --map 文件中指明是哪一列"
                               "（[columns] {field} = \"C\"）"},
    "note-filled-in-unread": {"en": "{reason}; the filled-in date was not taken from it",
                              "zh": "{reason}；没有从中读取填报日期"},
    "note-feedback-unread": {"en": "{reason}; the feedback date was not taken from it",
                             "zh": "{reason}；没有从中读取反馈日期"},
    "skip-heading": {"en": "row {row}: heading '{text}' below the aspect level; left out",
                     "zh": "第{row}行：标题“{text}”低于“方面”一级，未导入"},
    "skip-row": {"en": "row {row}: {reason}", "zh": "第{row}行：{reason}"},
    "skip-total": {"en": "a total row ('{text}')", "zh": "合计行（“{text}”）"},
    "skip-header": {"en": "the header repeated", "zh": "重复的表头"},
    "skip-footer": {"en": "a note below the table ('{text}')", "zh": "表格下方的说明（“{text}”）"},
    "skip-no-issue": {"en": "no {header} text; left out ('{text}')", "zh": "没有“{header}”内容，未导入（“{text}”）"},
    "skip-blank": {"en": "row {row}: blank", "zh": "第{row}行：空行"},
    "skip-blanks": {"en": "rows {first}–{last}: blank", "zh": "第{first}–{last}行：空行"},
    "guess-filled": {"en": "blank, taken as the {label} of the row above (as if merged)",
                     "zh": "空白，按上一行的{label_zh}处理（视同合并单元格）"},
    "guess-lead-measure": {"en": "the text before the first number is taken as a measure, as the summary has its "
                                 "own column",
                           "zh": "第一个序号前的文字作为一条整改措施，因为整改思路另有一列"},
    "note-extensions": {"en": "'{text}' not imported (not in the form rectrack exports): record extensions with "
                              "`rectrack update ID --extend-to … --reason … --approved-by …`",
                        "zh": "“{text}”未导入（不是 rectrack 导出的写法）：延期请用 "
                              "`rectrack update ID --extend-to … --reason … --approved-by …` 记录"},
    "guess-further-measure": {"en": "a further measure of the issue in the merged cell above",
                              "zh": "上方合并单元格中那项问题的又一条整改措施"},
    "note-no-status": {"en": "no status; write one in the ledger, or give --status for rows without one",
                       "zh": "没有整改状态；请在台账中填写，或用 --status 为没有状态的行指定"},
    "note-deadline": {"en": "deadline: {reason}", "zh": "整改时限：{reason}"},
    "note-immediate": {"en": "'{text}': rectify at once; the ledger gives no date, so no deadline is written",
                       "zh": "“{text}”：要求立即整改；台账没有给出日期，因此不写整改时限"},
    "guess-long-term": {"en": "'{text}' read as long_term: true", "zh": "“{text}”读作长期事项（long_term: true）"},
    "note-completion": {"en": "completion date: {reason}", "zh": "完成时间：{reason}"},
    "guess-completed-by": {"en": "{guess}; written as completed_by (completed no later than that day), as the ledger "
                                 "names no day",
                           "zh": "{guess}；台账没有写明具体哪一天，因此写作 completed_by（不晚于该日完成）"},
    "note-completed-undated": {"en": "completed, but the ledger gives no completion date; write it in the ledger, or "
                                     "give --as-of DATE (the day the ledger was filled in) to record the completion "
                                     "as of that day",
                               "zh": "已完成，但台账没有完成时间；请在台账中填写，或用 --as-of 日期（台账的填报日期）"
                                     "按该日登记完成"},
    "note-completed-by-as-of": {"en": "completed, with no completion date: written as completed_by: {date}, "
                                      "completed no later than the --as-of day",
                                "zh": "已完成但没有完成时间：写作 completed_by: {date}，即不晚于 --as-of 指定的那天完成"},
    "note-completed-by-filled-in": {"en": "completed, with no completion date: written as completed_by: {date}, "
                                          "completed no later than the ledger's fill-in date ({cell})",
                                    "zh": "已完成但没有完成时间：写作 completed_by: {date}，即不晚于台账的填报日期"
                                          "（{cell}）完成"},
    "note-latest-undated": {"en": "latest progress not imported: a progress note needs a date; give --as-of DATE "
                                  "(the day the ledger was filled in)",
                            "zh": "最新进展未导入：进展记录需要日期；请用 --as-of 日期（台账的填报日期）指定"},
    "note-encoding": {"en": "text read as {encoding}", "zh": "文本按 {encoding_zh} 编码读取"},
    "note-no-status-column": {"en": "no status column (整改状态, 完成情况, …); give --status WORD for every row, or "
                                    "name the column in a --map file",
                              "zh": "没有整改状态列（如“整改状态”“完成情况”）；请用 --status 为每一行指定状态，"
                                    "或在 --map 文件中指明该列"},
    "note-no-rows": {"en": "no issue rows below the header (row {row})", "zh": "表头（第{row}行）下面没有问题行"},
    "note-columns": {"en": "columns: {columns}", "zh": "各列：{columns_zh}"},
    "note-column-mapped-away": {"en": "column '{text}' is not imported (the --map file takes {field} from another "
                                      "column)",
                                "zh": "“{text}”列未导入（--map 文件指定从另一列读取 {field}）"},
    "note-column-unknown": {"en": "column '{text}' is not imported (no rectrack field of that name; name it in a "
                                  "--map file if it is one)",
                            "zh": "“{text}”列未导入（rectrack 没有这个名称的字段；如果它对应某个字段，请在 --map "
                                  "文件中指明）"},
    "note-formula-unsaved": {"en": "a formula ({formula}) with no saved value; open and save the file in Excel or "
                                   "WPS, or paste the values, first",
                             "zh": "公式（{formula}）没有保存的计算结果；请先在 Excel 或 WPS 中打开并保存文件，"
                                   "或把公式粘贴为数值"},
    "note-formula": {"en": "a formula ({formula}): its saved value '{value}' was read, not the formula",
                     "zh": "公式（{formula}）：读取的是保存的结果“{value}”，而不是公式本身"},
    "note-several-rounds": {"en": "the sheet holds {n} rounds ({cells}); rectrack imports one round per file: split "
                                  "the sheet",
                            "zh": "这张工作表含有{n}个轮次（{cells}）；rectrack 一个文件只导入一个轮次，请拆分这张表"},
    "note-fact": {"en": "{what} read from the title rows: {value}", "zh": "从标题行读取的{what_zh}：{value}"},
    "guess-audit": {"en": "kind: audit, as the title says 审计 (give --kind to say otherwise)",
                    "zh": "类型：审计，因为标题中有“审计”（如果不是，请用 --kind 指定）"},
    # One cell read as a value (io.cells): why it cannot be, or how it was read.
    "cell-not-real-date": {"en": "'{text}' is not a real date", "zh": "“{text}”不是真实存在的日期"},
    "cell-bool-not-date": {"en": "expected a date, got {value}", "zh": "应为日期，而不是 {value}"},
    "cell-number-not-date": {"en": "the number {number} is not a date", "zh": "数字 {number} 不是日期"},
    "cell-no-year": {"en": "'{text}' names no year, and the feedback date is not known",
                     "zh": "“{text}”没有写年份，而反馈日期未知"},
    "cell-not-a-date": {"en": "'{text}' is not a date rectrack can read (write 2024-06-30, 2024/6/30, 2024.6.30 or "
                              "2024年6月30日)",
                        "zh": "“{text}”不是 rectrack 能识别的日期（请写成 2024-06-30、2024/6/30、2024.6.30 或 "
                              "2024年6月30日）"},
    "cell-empty-deadline": {"en": "empty deadline", "zh": "整改时限为空"},
    "cell-no-status": {"en": "no status", "zh": "没有整改状态"},
    "cell-unknown-status": {"en": "'{text}' is not a status rectrack knows; use a word such as 已完成, 基本完成, "
                                  "正在推进 or 未启动, or name it in the [statuses] table of --map",
                            "zh": "“{text}”不是 rectrack 认识的状态；请用已完成、基本完成、正在推进、未启动等词，"
                                  "或在 --map 文件的 [statuses] 表中说明"},
    "guess-excel-date": {"en": "the number {number} read as the Excel date {date}",
                         "zh": "数字 {number} 按 Excel 日期读作 {date}"},
    "guess-number-date": {"en": "the number {number} read as {date}", "zh": "数字 {number} 读作 {date}"},
    "guess-date": {"en": "'{text}' read as {date}", "zh": "“{text}”读作 {date}"},
    "guess-month-end": {"en": "'{text}' read as the month's last day, {date}", "zh": "“{text}”读作当月最后一天 {date}"},
    "guess-feedback-year": {"en": "'{text}' read as {date}, in the feedback's year", "zh": "“{text}”按反馈当年读作 {date}"},
    "guess-year-after-feedback": {"en": "'{text}' read as {date}, in the year after the feedback (the feedback's own "
                                        "year would be before it)",
                                  "zh": "“{text}”按反馈次年读作 {date}（按反馈当年会早于反馈日期）"},
    "guess-long-term-status": {"en": "'{text}' read as in_progress with long_term: true",
                               "zh": "“{text}”读作正在推进，并作为长期事项（long_term: true）"},
    "guess-status": {"en": "'{text}' read as {status}", "zh": "“{text}”读作“{status_zh}”"},
    "guess-split": {"en": "split at ';' into {n} measures", "zh": "按分号拆分为{n}条整改措施"},
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
    # report, export, site, diff (cli/reports, cli/site).
    "files-with-errors-compare": {"en": "{n} file(s) with errors; cannot compare them",
                                  "zh": "{n}个文件有错误，无法比较"},
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

DONE: dict[str, dict[str, str]] = {**_FINDING_DONE, **_EDITING_DONE, **_WRITING_DONE, **_SETTINGS_DONE}

# Why something was not used, said inside another sentence (a lock refused, the cache left alone).
REASONS: dict[str, dict[str, str]] = {
    "path-unchecked": {"en": "{path} cannot be checked ({reason})", "zh": "无法检查 {path}（{reason}）"},
    "path-not-yours": {"en": "{path} belongs to another user (uid {uid})", "zh": "{path} 属于另一个用户（uid {uid}）"},
    "path-shared": {"en": "{path} can be written by other users (mode {mode})",
                    "zh": "其他用户可以写入 {path}（权限 {mode}）"},
    "cache-unsafe": {"en": "not using the cache: {reason}; make it private (chmod 700), or remove it and "
                           "rectrack makes a private one",
                     "zh": "没有使用缓存：{reason}；请把它设为仅本人可写（chmod 700），或删除它，rectrack 会另建一个"
                           "私有的缓存文件夹"},
}

NOTICE_CONTRADICTED = {
    "en": "; a published notice (round.declared or round.notices) states figures this change contradicts: if the "
          "notice is right, the change is wrong; if the ledger has really changed since, correct those figures by "
          "hand in the same commit",
    "zh": "；已发布的通报（round.declared 或 round.notices）写明的数字与这项修改矛盾：如果通报正确，这项修改就是错的；"
          "如果台账此后确有变化，请在同一次提交中手工更正这些数字",
}


class _Values(dict):
    """A template's values: `x_zh` falls back to `x`, said as a Chinese status word when `x` names a status."""

    def __missing__(self, name: str):
        if name.endswith("_zh") and name[:-3] in self:
            value = self[name[:-3]]
            return STATUS_ZH.get(str(value), value) if name[:-3] in STATUS_VALUES else value
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
        return _fill(ERRORS[code][lang], _in(lang, dict(getattr(error, "message_args", {}))))
    except (KeyError, IndexError):  # values of another version of the message
        return str(error)


def reply(key: str, lang: str, /, **values) -> str:
    """The line a command prints when it has done what `key` (of `DONE`, or of `REASONS`) names, in `lang`."""
    return _fill((DONE[key] if key in DONE else REASONS[key])[lang], _in(lang, values))


def _in(lang: str, values: dict) -> dict:
    """`values` with each `Said` among them said in `lang`, as the sentence around it is."""
    return {name: value.text(lang) if isinstance(value, Said) else value for name, value in values.items()}


@dataclass(frozen=True)
class Said:
    """A sentence not yet said: its key in `DONE` or `REASONS` and the values it is made of.

    `str()` is the English; `text(lang)` says it in either language.  A
    value that is itself a `Said` (a reason inside a note) is said in the
    same language as the sentence around it.  Hashable, so that a warning
    can be given once.
    """

    key: str
    values: tuple = ()

    @classmethod
    def of(cls, key: str, /, **values: Any) -> "Said":
        return cls(key, tuple(sorted(values.items())))

    def text(self, lang: str = "en") -> str:
        return reply(self.key, lang, **dict(self.values))

    def __str__(self) -> str:
        return self.text("en")


def placeholders(template: str) -> set[str]:
    """The names a template fills in: what a test compares between the two languages."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["DONE", "ERRORS", "NOTICE_CONTRADICTED", "REASONS", "Said", "english", "error_text", "placeholders",
           "reply"]
