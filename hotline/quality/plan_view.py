"""The plan drawn as a calendar (days × monitors, morning and afternoon cells) and as an XLSX file.

The calendar of a half-month P runs over P's working days and then P's recording days after it
(§3.1: its recording sessions sample the whole of P, in the afternoons of the first working days
after it). The afternoons of P's own first days also show the previous half-month's recording
sessions held then (marked with the half-month they count for; not in P's loads)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hotline.core.periods import Period
from hotline.core.spreadsheet import xlsx_bytes
from hotline.org.models import Center

from .labels import weekday_name
from .models import Kind, MonitoringPlan, PlanSlot, Session
from .services import period_working_days, recording_days


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


def _held_here(center: Center, plan: MonitoringPlan | None, days: list[dt.date]) -> list[PlanSlot]:
    """Recording slots of the center's other plans (the previous half-month's) dated on ``days``."""
    qs = PlanSlot.objects.filter(plan__center=center, kind=Kind.RECORDING,
                                 date__in=days, monitor__isnull=False)  # fmt: skip
    if plan is not None:
        qs = qs.exclude(plan=plan)
    return list(
        qs.select_related("agent", "agent__company", "monitor", "session", "plan").order_by("date", "id")
    )


def plan_grid(center: Center, period: Period, *, today: dt.date) -> dict:
    plan = MonitoringPlan.objects.filter(center=center, period=str(period)).first()
    slots = _slots(plan)
    own_days, _notes = period_working_days(period)
    rec_days, _notes = recording_days(period, center)
    others = _held_here(center, plan, own_days)
    monitors = []
    for s in slots + others:
        if s.monitor is not None and s.monitor not in monitors:
            monitors.append(s.monitor)
    monitors.sort(key=lambda m: m.work_number)
    days = sorted(set(own_days) | set(rec_days) | {s.date for s in slots if s.date})
    index = {(d, m.pk): {"am": [], "pm": []} for d in days for m in monitors}
    overdue = []
    loads = {m.pk: {"live": 0, "recording": 0} for m in monitors}
    for s in slots:
        s.state = slot_state(s, today)
        s.counts_for = _counts_for(s)
        if s.date is None or s.monitor is None:
            overdue.append(s)
            continue
        index[(s.date, s.monitor_id)][s.half].append(s)
        loads[s.monitor_id][s.kind] += 1
        if s.state == "overdue":
            overdue.append(s)
    for s in others:
        s.state = slot_state(s, today)
        s.counts_for = s.plan.period
        s.other = True
        index[(s.date, s.monitor_id)][s.half].append(s)
    rows = []
    for d in days:
        after = d > period.end
        rows.append({
            "date": d, "weekday": weekday_name(d.weekday()), "today": d == today, "after": after,
            "first_after": after and not (rows and rows[-1]["after"]),
            "cells": [index[(d, m.pk)] for m in monitors],
        })  # fmt: skip
    return {
        "center": center,
        "period": period,
        "plan": plan,
        "monitors": [(m, loads[m.pk]) for m in monitors],
        "rows": rows,
        "overdue": overdue,
        "slot_count": len(slots),
        "recording_days": rec_days,
        "columns": len(monitors) + 2,
    }


def _counts_for(slot: PlanSlot) -> str:
    """The half-month a slot's session counts for (a carried-over slot: the one before its plan's)."""
    if slot.status == PlanSlot.Status.CARRIED:
        return str(Period.parse(slot.plan.period).previous())
    return slot.plan.period


def _cell_text(s: PlanSlot) -> str:
    text = f"{s.agent.name}{s.agent.work_number}"
    return f"{text}（{s.counts_for}）" if getattr(s, "other", False) else text


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
            cells = [", ".join(_cell_text(s) for s in c[half]) for c in row["cells"]]
            ws.append([row["date"].isoformat(), row["weekday"], label, *cells])
    for c in ws[1]:
        c.font = Font(bold=True)
    for col in ws.iter_cols(min_col=4):
        ws.column_dimensions[col[0].column_letter].width = 40
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws2 = wb.create_sheet(_("明细"))
    ws2.append([_("日期"), _("时段"), _("质检员"), _("工号"), _("座席"), _("公司"), _("类型"), _("所属半月"),
                _("状态")])  # fmt: skip
    for s in _slots(grid["plan"]):
        ws2.append([
            s.date.isoformat() if s.date else "", s.get_half_display(), s.monitor.name if s.monitor else "",
            s.agent.work_number, s.agent.name, s.agent.company.name if s.agent.company else "",
            s.get_kind_display(), _counts_for(s), s.get_status_display(),
        ])  # fmt: skip
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)
