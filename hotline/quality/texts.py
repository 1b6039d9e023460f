"""The texts quality stores as keys (rendered when read, ``hotline.org.texts``)."""

import re

from django.utils.translation import gettext

from hotline.core.errors import gettext_noop
from hotline.org.texts import register, register_choices

from .models import Kind

MAJOR_ERROR = register(
    "quality.major_error", gettext_noop("致命错误：%(items)s（%(kind)s %(date)s）"),
    items="localized_list", kind="choice:quality.kind", date="date",
)  # fmt: skip
MAJOR_ERROR_LEADER = register(
    "quality.major_error_leader", gettext_noop("座席 %(agent)s 致命错误：%(items)s（%(kind)s %(date)s 第 %(n)s 通）"),
    items="localized_list", kind="choice:quality.kind", date="date",
)  # fmt: skip
BARGE_IN = register("quality.barge_in", gettext_noop("质检员在实时监听中强拆了通话（%(at)s）"), at="datetime")

register_choices("quality.kind", Kind)

# --- the monitoring plan's warnings (MonitoringPlan.warnings holds {"key", "params"}) -------------------
PLAN_CALENDAR = register(
    "quality.plan.calendar_fallback",
    gettext_noop("国家节假日日历没有 %(year)s 年的数据：按周一至周五计算工作日，请在节假日表中补充节假日和调休上班日。"),
)  # fmt: skip
PLAN_MONITOR_LEAVE = register(
    "quality.plan.monitor_leave", gettext_noop("质检员 %(monitor)s 休假：%(days)s"), days="list"
)
PLAN_AGENTS_ABSENT = register(
    "quality.plan.agents_absent",
    gettext_noop("部分工作日缺勤的座席员：%(n)s 人（休假 %(leave)s 人，排班休息 %(rest)s 人）"),
)  # fmt: skip
PLAN_MOVED = register("quality.plan.moved", gettext_noop("因座席员缺勤而移动的时段：%(n)s 个"))
PLAN_NO_MONITOR = register("quality.plan.no_monitor", gettext_noop("本中心没有质检员"))
PLAN_CORE = {  # hotline.core.plan's warning codes → their keys
    "monitor_unavailable": register(
        "quality.plan.monitor_unavailable", gettext_noop("质检员 %(monitor)s 在本计划中没有工作日")
    ),
    "unbalanced": register(
        "quality.plan.unbalanced",
        gettext_noop("%(kind)s场次在质检员之间相差超过一场：%(loads)s"),
        kind="choice:quality.kind",
    ),  # fmt: skip
    "repeat": register(
        "quality.plan.repeat", gettext_noop("质检员 %(monitor)s 连续两期监听座席员 %(agent)s")
    ),
}

# --- why a plan slot is overdue (PlanSlot.reason holds hotline.core.plan's fixed English reason) ------
OVERDUE_REASONS = {
    "no QA monitor works this period": gettext_noop("本期没有质检员上班"),
    "absent on every day a monitor works": gettext_noop("质检员上班的每一天都缺勤"),
    "no working day of the period left": gettext_noop("本期已没有剩余工作日"),
    "no QA monitor works on the recording days": gettext_noop("录音监听日没有质检员上班"),
    "no half-day left to hold it": gettext_noop("没有剩余的半天可安排"),
    "absent on every free half-day of the monitor": gettext_noop("质检员空闲的每个半天都缺勤"),
}
CAPACITY_REASON = re.compile(r"more sessions than capacity \((\d+) per half-day\)")


def overdue_reason(reason: str) -> str:
    """The reader's text of a stored overdue reason (a reason typed or stored by an older version is
    shown as stored)."""
    if reason in OVERDUE_REASONS:
        return gettext(OVERDUE_REASONS[reason])
    m = CAPACITY_REASON.fullmatch(reason or "")
    if m:
        return gettext("场次超过容量（每半天 %(n)s 场）") % {"n": m.group(1)}
    return reason
