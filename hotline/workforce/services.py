"""Workforce writes, part 1 (§5): skills, events, forecasts and staffing plans.

Use-case shape: gather inputs from the database → call :mod:`hotline.core` (forecast, Erlang) →
persist. Rosters, requests and swaps are in ``services_roster``; intraday in ``services_intraday``.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.db.models import Avg, F
from django.utils.translation import gettext

from hotline.calls.models import Call, Direction
from hotline.core.errors import InvalidInput
from hotline.core.spreadsheet import xlsx_bytes
from hotline.org.models import Center

from .models import EventMultiplier, ForecastInterval, ForecastRun, Skill, StaffingInterval, StaffingPlan

TRUNK_BLOCKING = 0.01  # Erlang B grade of service for trunks at the peak
AHT_HISTORY_DAYS = 28
DEFAULT_AHT_S = 180.0


class PlanningError(InvalidInput):
    """A planning step that cannot run with the data at hand (shown to the user as is)."""


def skill_save(*, center: Center, name: str, **fields) -> Skill:
    with transaction.atomic():
        skill, _ = Skill.objects.update_or_create(center=center, name=name, defaults=fields)
    return skill


def skill_update(*, skill: Skill, **fields) -> Skill:
    """Change the given fields of a skill (name, targets, AHT, patience, shrinkage, interval)."""
    with transaction.atomic():
        for k, v in fields.items():
            setattr(skill, k, v)
        skill.save()
    return skill


def event_add(
    *, center: Center, first_day, last_day, factor: float, skill: Skill | None = None, note: str = ""
):
    if last_day < first_day:
        raise PlanningError(gettext("结束日期早于开始日期"))
    if not (factor >= 0 and math.isfinite(factor)):
        raise PlanningError(gettext("系数必须是非负数"))
    return EventMultiplier.objects.create(
        center=center, skill=skill, first_day=first_day, last_day=last_day, factor=factor, note=note
    )


def event_delete(*, event: EventMultiplier) -> None:
    event.delete()


# ------------------------------------------------------------------------------------- forecast


def skill_history(skill: Skill, *, interval: int | None = None):
    """Inbound arrivals of the skill's calls as a core ``History`` (local intervals of the center)."""
    from hotline.core.forecast import aggregate

    starts = Call.objects.filter(
        center_id=skill.center_id, skill=skill.name, direction=Direction.IN
    ).values_list("started_at", flat=True)
    try:
        return aggregate(
            ((s, skill.name, 1.0) for s in starts.iterator()),
            interval=interval or skill.interval_minutes,
            tz=skill.center.timezone,
        )
    except ValueError as exc:
        raise PlanningError(
            gettext("技能「%(skill)s」没有可用于预测的呼入通话") % {"skill": skill.name}
        ) from exc


def forecast_run(
    *, skill: Skill, first_day: dt.date, horizon: int = 7, method: str = "auto", actor=None
) -> ForecastRun:
    """Forecast ``horizon`` days of the skill from its calls, with the center's event multipliers,
    and backtest the method against the 4-week baseline on the last held-out weeks (§5)."""
    from hotline.core.forecast import Event, forecast
    from hotline.core.forecast_backtest import backtest

    history = skill_history(skill)
    events = [
        Event(e.first_day, e.last_day, e.factor, skill.name if e.skill_id else None)
        for e in EventMultiplier.objects.filter(center_id=skill.center_id).filter(models_q_skill(skill))
    ]
    try:
        fc = forecast(history, horizon=horizon, start=first_day, method=method, events=events, intervals=True)
    except ValueError as exc:
        raise PlanningError(str(exc)) from exc
    scores = {}
    hist = history.before(first_day)
    if hist.days >= 21:
        methods = tuple(dict.fromkeys(("baseline", "median8", method)))
        scores = {s.method: s for s in backtest(hist, methods=methods, weeks=min(4, (hist.days - 14) // 7))}
    zone = ZoneInfo(skill.center.timezone)
    with transaction.atomic():
        run = ForecastRun.objects.create(
            center_id=skill.center_id, skill=skill, interval_minutes=fc.interval, method=method,
            method_used=fc.method, first_day=first_day, horizon_days=horizon,
            history_first=history.first_day, history_last=history.last_day,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            wape=scores[method].wape if method in scores else None,
            bias=scores[method].bias if method in scores else None,
            baseline_wape=scores["baseline"].wape if scores else None,
            baseline_bias=scores["baseline"].bias if scores else None,
            backtest_weeks=scores["baseline"].weeks if scores else 0,
            total_calls=float(fc.values.sum()),
            median8_wape=scores["median8"].wape if scores else None, spread=fc.spread,
        )  # fmt: skip
        rows = []
        for j in range(fc.values.shape[1]):
            midnight = dt.datetime.combine(first_day + dt.timedelta(days=j), dt.time(0), tzinfo=zone)
            for t in range(fc.values.shape[2]):
                start = midnight + dt.timedelta(minutes=t * fc.interval)
                rows.append(
                    ForecastInterval(
                        run=run,
                        start=start,
                        calls=float(fc.values[0, j, t]),
                        p10=float(fc.low[0, j, t]) if fc.low is not None else None,
                        p90=float(fc.high[0, j, t]) if fc.high is not None else None,
                    )  # fmt: skip
                )
        ForecastInterval.objects.bulk_create(rows, batch_size=2000)
    return run


def models_q_skill(skill: Skill):
    from django.db.models import Q

    return Q(skill__isnull=True) | Q(skill=skill)


# ------------------------------------------------------------------------------------- staffing


def skill_handle_times(skill: Skill, before: dt.date) -> tuple[float, float]:
    """(AHT, talk) in seconds: the override, else the mean over answered calls of the last 28 days
    before ``before`` (AHT = talk + hold + after-call work; talk = talk + hold holds a trunk)."""
    qs = Call.objects.filter(
        center_id=skill.center_id,
        skill=skill.name,
        direction=Direction.IN,
        abandoned=False,
        talk_seconds__gt=0,
        local_date__lt=before,
        local_date__gte=before - dt.timedelta(days=AHT_HISTORY_DAYS),
    ).aggregate(
        aht=Avg(F("talk_seconds") + F("hold_seconds") + F("acw_seconds")),
        talk=Avg(F("talk_seconds") + F("hold_seconds")),
    )
    aht = qs["aht"] or DEFAULT_AHT_S
    talk = qs["talk"] or aht
    if skill.aht_override_s:
        talk = talk * skill.aht_override_s / aht
        aht = skill.aht_override_s
    return float(aht), float(talk)


def staffing_plan_build(*, run: ForecastRun, actor=None) -> StaffingPlan:
    """Agents per interval for the forecast × AHT × the skill's target (§5), vectorised over all
    intervals; Erlang A when the skill has a patience, else Erlang C. Scheduled heads =
    ceil(agents / (1 − shrinkage)). Seats = peak scheduled heads (everyone rostered at the peak
    needs a seat). Trunks: Erlang B at 1% blocking on the peak trunk load, where each call holds a
    trunk while it waits and while it talks: calls × (talk + ASA) / interval."""
    from hotline.core import erlang as E

    skill = run.skill
    intervals = list(run.intervals.all())
    if not intervals:
        raise PlanningError(gettext("该预测没有时段数据"))
    calls = np.array([i.calls for i in intervals])
    interval_s = run.interval_minutes * 60.0
    aht, talk = skill_handle_times(skill, run.first_day)
    t = float(skill.answer_time_s)
    patience = skill.patience_s
    if patience:
        agents = E.required_agents_a_many(
            calls, interval_s, aht, t, skill.target_sl, patience, skill.max_occupancy
        )
        metrics = [
            E.erlang_a_metrics(c, interval_s, aht, int(n), t, patience) if c > 0 else None
            for c, n in zip(calls, agents, strict=True)
        ]
        sl = [m.service_level if m else 1.0 for m in metrics]
        asa = [m.asa_s if m else 0.0 for m in metrics]
        occ = [m.occupancy if m else 0.0 for m in metrics]
        ab = [m.abandon_probability if m else 0.0 for m in metrics]
    else:
        agents = E.required_agents_c_many(calls, interval_s, aht, t, skill.target_sl, skill.max_occupancy)
        m = E.erlang_c_many(calls, interval_s, aht, agents, t)
        sl, asa = m["service_level"].tolist(), m["asa_s"].tolist()
        occ = np.nan_to_num(m["occupancy"]).tolist()
        ab = [0.0] * len(calls)
    scheduled = [E.scheduled_heads(int(n), skill.shrinkage) for n in agents]
    # Staffing risk (§5, P10/P90): agents the target needs if the P90 volume comes, and the service
    # level the planned agents give then.
    p90 = np.array([iv.p90 if iv.p90 is not None else iv.calls for iv in intervals], dtype=float)
    has_p90 = any(iv.p90 is not None for iv in intervals)
    if has_p90 and patience:
        agents_p90 = E.required_agents_a_many(
            p90, interval_s, aht, t, skill.target_sl, patience, skill.max_occupancy
        )
        sl_p90 = [
            E.erlang_a_metrics(c, interval_s, aht, int(n), t, patience).service_level if c > 0 else 1.0
            for c, n in zip(p90, agents, strict=True)
        ]
    elif has_p90:
        agents_p90 = E.required_agents_c_many(p90, interval_s, aht, t, skill.target_sl, skill.max_occupancy)
        sl_p90 = np.nan_to_num(
            E.erlang_c_many(p90, interval_s, aht, agents, t)["service_level"], nan=0.0
        ).tolist()
    else:
        agents_p90, sl_p90 = [None] * len(calls), [None] * len(calls)
    peak = int(np.argmax(calls))
    trunk_load = float(calls[peak] * (talk + asa[peak]) / interval_s)
    trunks = 0
    while E.erlang_b(trunk_load, trunks) > TRUNK_BLOCKING:
        trunks += 1
    with transaction.atomic():
        plan = StaffingPlan.objects.create(
            center_id=run.center_id, skill=skill, forecast=run,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            model="erlang_a" if patience else "erlang_c", aht_s=aht, talk_s=talk, target_sl=skill.target_sl,
            answer_time_s=t, patience_s=patience, shrinkage=skill.shrinkage, max_occupancy=skill.max_occupancy,
            peak_agents=int(agents.max(initial=0)), peak_scheduled=max(scheduled, default=0),
            seats=max(scheduled, default=0), trunks=trunks, trunk_load=trunk_load, trunk_blocking=TRUNK_BLOCKING,
        )  # fmt: skip
        StaffingInterval.objects.bulk_create(
            [
                StaffingInterval(
                    plan=plan,
                    start=iv.start,
                    calls=float(calls[k]),
                    aht_s=aht,
                    agents=int(agents[k]),
                    scheduled=scheduled[k],
                    service_level=_finite(sl[k]),
                    asa_s=_finite(asa[k]),
                    occupancy=_finite(occ[k]),
                    abandon_probability=_finite(ab[k]),
                    calls_p90=float(p90[k]) if has_p90 else None,
                    agents_p90=int(agents_p90[k]) if has_p90 else None,
                    service_level_p90=_finite(sl_p90[k]) if has_p90 else None,
                )  # fmt: skip
                for k, iv in enumerate(intervals)
            ],
            batch_size=2000,
        )
    return plan


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def staffing_xlsx(plan: StaffingPlan) -> bytes:
    """The plan as an XLSX workbook: one row per interval, then the peak seats and trunks."""

    from openpyxl import Workbook

    zone = ZoneInfo(plan.center.timezone)
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("人员配备")
    ws.append(
        [
            gettext("时段开始"),
            gettext("预测话务量"),
            gettext("AHT（秒）"),
            gettext("所需座席"),
            gettext("排班人数"),
            gettext("服务水平"),
            gettext("平均应答（秒）"),
            gettext("占用率"),
            gettext("放弃率"),
        ]
    )
    for iv in plan.intervals.all():
        ws.append(
            [
                iv.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                round(iv.calls, 2),
                round(iv.aht_s, 1),
                iv.agents,
                iv.scheduled,
                _r(iv.service_level),
                _r(iv.asa_s, 1),
                _r(iv.occupancy),
                _r(iv.abandon_probability),
            ]  # fmt: skip
        )
    ws2 = wb.create_sheet(gettext("高峰"))
    for row in (
        (gettext("技能"), plan.skill.name),
        (gettext("模型"), plan.model),
        (
            gettext("目标"),
            gettext("%(sl)s / %(s)s 秒") % {"sl": f"{plan.target_sl:.0%}", "s": f"{plan.answer_time_s:.0f}"},
        ),
        (gettext("损耗率"), plan.shrinkage),
        (gettext("高峰座席"), plan.peak_agents),
        (gettext("高峰排班"), plan.peak_scheduled),
        (gettext("座位数"), plan.seats),
        (gettext("中继线"), plan.trunks),
        (gettext("中继话务量（Erl）"), round(plan.trunk_load, 3)),
        (gettext("中继阻塞率"), plan.trunk_blocking),
    ):
        ws2.append(list(row))
    return xlsx_bytes(wb)  # formulas neutralised (hotline.core.spreadsheet)


def _r(x, digits: int = 4):
    return None if x is None else round(x, digits)
