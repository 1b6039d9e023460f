"""The plan drawn as a calendar (days × monitors, morning and afternoon cells) and as an XLSX file."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hotline.core.periods import Period
from hotline.core.spreadsheet import xlsx_bytes
from hotline.org.models import Center

from .labels import weekday_name
from .models import MonitoringPlan, PlanSlot, Session
from .services import period_working_days


def _slots(plan: MonitoringPlan | None):
    if plan is None:
        return []
    return list(
        plan.slots.select_related("agent", "agent__company", "monitor", "session").order_by(
            "date", "half", "id"
        )
    )


def slot_state(slot: PlanSlot, today: dt.date) -> str:
    """done / overdue / carried / planned — a past planned slot without a submitted session is overdue."""
    if slot.status == PlanSlot.Status.DONE or (
        slot.session and slot.session.status == Session.Status.SUBMITTED
    ):
        return "done"
    if slot.status == PlanSlot.Status.OVERDUE or (slot.date is not None and slot.date < today):
        return "overdue"
    return slot.status


def plan_grid(center: Center, period: Period, *, today: dt.date) -> dict:
    plan = MonitoringPlan.objects.filter(center=center, period=str(period)).first()
    slots = _slots(plan)
    monitors = []
    for s in slots:
        if s.monitor is not None and s.monitor not in monitors:
            monitors.append(s.monitor)
    monitors.sort(key=lambda m: m.work_number)
    days, _notes = period_working_days(period)
    days = sorted(set(days) | {s.date for s in slots if s.date})
    index = {(d, m.pk): {"am": [], "pm": []} for d in days for m in monitors}
    overdue = []
    loads = {m.pk: {"live": 0, "recording": 0} for m in monitors}
    for s in slots:
        s.state = slot_state(s, today)
        if s.date is None or s.monitor is None:
            overdue.append(s)
            continue
        index[(s.date, s.monitor_id)][s.half].append(s)
        loads[s.monitor_id][s.kind] += 1
        if s.state == "overdue":
            overdue.append(s)
    rows = [
        {"date": d, "weekday": weekday_name(d.weekday()), "today": d == today,
         "cells": [index[(d, m.pk)] for m in monitors]}
        for d in days
    ]  # fmt: skip
    return {
        "center": center,
        "period": period,
        "plan": plan,
        "monitors": [(m, loads[m.pk]) for m in monitors],
        "rows": rows,
        "overdue": overdue,
        "slot_count": len(slots),
    }


def plan_xlsx(center: Center, period: Period) -> bytes:
    """Two sheets: the calendar (days × monitors) and the list of every slot."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    grid = plan_grid(center, period, today=dt.date.min)
    wb = Workbook()
    ws = wb.active
    ws.title = _("日历")
    head = [_("日期"), _("星期"), _("时段")] + [m.name for m, _load in grid["monitors"]]
    ws.append(head)
    for row in grid["rows"]:
        for half, label in (("am", _("上午·实时")), ("pm", _("下午·录音"))):
            cells = [", ".join(f"{s.agent.name}{s.agent.work_number}" for s in c[half]) for c in row["cells"]]
            ws.append([row["date"].isoformat(), row["weekday"], label, *cells])
    for c in ws[1]:
        c.font = Font(bold=True)
    for col in ws.iter_cols(min_col=4):
        ws.column_dimensions[col[0].column_letter].width = 40
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws2 = wb.create_sheet(_("明细"))
    ws2.append([_("日期"), _("时段"), _("质检员"), _("工号"), _("座席"), _("公司"), _("类型"), _("状态")])
    for s in _slots(grid["plan"]):
        ws2.append([
            s.date.isoformat() if s.date else "", s.get_half_display(), s.monitor.name if s.monitor else "",
            s.agent.work_number, s.agent.name, s.agent.company.name if s.agent.company else "",
            s.get_kind_display(), s.get_status_display(),
        ])  # fmt: skip
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)
