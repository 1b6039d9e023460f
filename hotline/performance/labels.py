"""The appraisal explanation lines of hotline.core.appraisal, in the reader's language (SPEC §6).

The core writes each line's ``label`` in Chinese with the rule's numbers filled in and keeps Django out;
here each stable ``rule`` key has the same sentence as a template (the msgid, marked with gettext_noop so
makemessages sees it). A label is matched against its template to recover the numbers (or the free-text
note) and rendered through gettext; a label that does not match is shown as the core wrote it.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

RULE_TEXTS = {
    "attendance.late": gettext_noop("迟到每次扣%(points)s分"),
    "attendance.early": gettext_noop("早退每次扣%(points)s分"),
    "attendance.sick": gettext_noop("病假每次扣%(points)s分"),
    "attendance.personal": gettext_noop("事假每次扣%(points)s分"),
    "attendance.cap": gettext_noop("考勤扣分以%(cap)s分封顶"),
    "timeliness.minutes": gettext_noop(
        "月平均在手时间%(minutes)s分钟，超过%(limit)s分钟，每超过1分钟（不足1分钟按1分钟）扣%(points)s分"
    ),
    "timeliness.cases": gettext_noop("个案超过时限每件扣%(points)s分"),
    "timeliness.cap": gettext_noop("及时性扣分以%(cap)s分封顶"),
    "accuracy.below_target": gettext_noop(
        "准确率%(accuracy)s%%，低于标准%(target)s%%，每低1个百分点（整点）扣%(points)s分"
    ),
    "accuracy.cap": gettext_noop("准确率扣分以%(cap)s分封顶"),
    "exam.below_pass": gettext_noop("考试%(score)s分，低于合格线%(mark)s分，每低%(step)s分扣%(points)s分"),
    "exam.cap": gettext_noop("考试扣分以%(cap)s分封顶"),
    "violations.each": gettext_noop("其他违规：%(note)s"),
    "violations.cap": gettext_noop("其他违规扣分以%(cap)s分封顶"),
    "violations.other_work": gettext_noop("其他工作完成情况及表现：%(note)s"),
    "violations.quality": gettext_noop(
        "服务质量月度得分%(score)s，低于%(target)s，按违反相关规定扣%(points)s分"
    ),
    "quality.below_target": gettext_noop(
        "服务质量月度得分%(score)s，低于目标%(target)s，每低1分（整分）扣%(points)s分"
    ),
    "quality.cap": gettext_noop("服务质量扣分以%(cap)s分封顶"),
    "evaluation.floor": gettext_noop("考评分最低为0分（扣分超过%(points)s分）"),
    "bonus.commendation": gettext_noop("加分：%(note)s"),
    "bonus.cap": gettext_noop("加分每月以%(cap)s分封顶"),
    "money.sick.all": gettext_noop("病假累计%(days)s天（满%(limit)s天扣除全部考勤奖）"),
    "money.personal.all": gettext_noop("事假累计%(days)s天（满%(limit)s天扣除全部考勤奖）"),
    "money.sick": gettext_noop("病假每天扣%(amount)s元"),
    "money.personal": gettext_noop("事假每天扣%(amount)s元"),
    "money.attendance.floor": gettext_noop("考勤奖最低为0"),
    "money.timeliness.minutes": gettext_noop("平均在手时间每超过1分钟扣%(amount)s元，%(cap)s元封顶"),
    "money.timeliness.cases": gettext_noop("个案超时每件扣%(amount)s元，%(cap)s元封顶"),
    "money.accuracy": gettext_noop("准确率每低1个百分点扣%(amount)s元，%(cap)s元封顶"),
    "money.exam": gettext_noop("考试正确率每降低%(step)s%%扣%(amount)s元，扣完%(cap)s元为止"),
    "money.evaluation.floor": gettext_noop("考评奖最低为0"),
    "money.other_work": gettext_noop("其他工作完成情况核发%(amount)s元（共%(cap)s元）"),
    "money.fine": gettext_noop("罚款：%(note)s"),
}

# The manual's fine list (core DEFAULT_FINES) and the default notes, shown inside the lines above.
NOTE_TEXTS = {
    text: text
    for text in (
        gettext_noop("未经批准擅自调班"),
        gettext_noop("未着制服或着装不规范"),
        gettext_noop("上班时间打闹喧哗、玩游戏、闲聊、睡觉等"),
        gettext_noop("晚班未按规定打扫卫生"),
        gettext_noop("以他人密码登录系统代批案件"),
        gettext_noop("未按规定保存电子工作手册"),
        gettext_noop("未经允许不来上班或迟到超过3小时"),
        gettext_noop("携带软件使用造成病毒传染"),
        gettext_noop("重大事件或失误未及时上报"),
        gettext_noop("违规"),
        gettext_noop("表扬"),
        gettext_noop("其他工作"),
    )
}

UNIT_TEXTS = {
    u: u
    for u in (
        gettext_noop("分"),
        gettext_noop("次"),
        gettext_noop("天"),
        gettext_noop("分钟"),
        gettext_noop("件"),
        gettext_noop("百分点"),
        gettext_noop("档"),
        gettext_noop("元"),
        gettext_noop("个月"),
    )
}

FLAG_TEXTS = {
    "dismissal.sick": gettext_noop("全年累计病假%(days)s天，超过%(limit)s天"),
    "dismissal.personal": gettext_noop("全年累计事假%(days)s天，超过%(limit)s天"),
    "dismissal.combined": gettext_noop(
        "一年内既有旷工、又有迟到早退、又有长时间病假（单月病假满%(days)s天）"
    ),
    "dismissal.low_total": gettext_noop("连续%(months)s个月总分低于%(points)s分"),
}

NOTE_DUPLICATE = gettext_noop("事件 %(id)s 重复出现，只计一次")


@cache
def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(%\(\w+\)s|%%)", template)
    out = []
    for p in parts:
        if p == "%%":
            out.append("%")
        elif m := re.fullmatch(r"%\((\w+)\)s", p):
            out.append(f"(?P<{m.group(1)}>.+?)")
        else:
            out.append(re.escape(p))
    return re.compile("".join(out), re.S)


def _render(template: str, text: str) -> str:
    m = _pattern(template).fullmatch(text)
    if not m:
        return text
    values = {k: gettext(NOTE_TEXTS[v]) if v in NOTE_TEXTS else v for k, v in m.groupdict().items()}
    return gettext(template) % values


def rule_key(rule: str) -> str:
    return "money.fine" if rule.startswith("money.fine.") else rule


def line_label(rule: str, label: str) -> str:
    """The core's ``label`` for ``rule`` in the active language (unchanged if it has no template)."""
    template = RULE_TEXTS.get(rule_key(rule))
    return _render(template, label) if template else label


def flag_label(rule: str, label: str) -> str:
    """A dismissal flag's label (core, Chinese) in the active language."""
    template = FLAG_TEXTS.get(rule)
    return _render(template, label) if template else label


def unit_label(unit: str) -> str:
    return gettext(UNIT_TEXTS[unit]) if unit in UNIT_TEXTS else unit


def note_label(note: str) -> str:
    return _render(NOTE_DUPLICATE, note)


def localize(detail: dict | None) -> dict | None:
    """Rewrite an appraisal's lines, units and notes (the stored JSON) for display, in place."""
    if not detail:
        return detail
    for ln in [*detail.get("lines", []), *(detail.get("money") or {}).get("lines", [])]:
        ln["label"] = line_label(ln.get("rule", ""), ln.get("label", ""))
        ln["unit"] = unit_label(ln.get("unit", ""))
    if detail.get("notes"):
        detail["notes"] = [note_label(n) for n in detail["notes"]]
    return detail
