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

from ..models import (
    Channel,
    EventMultiplier,
    ForecastInterval,
    ForecastRun,
    Skill,
    StaffingInterval,
    StaffingPlan,
)

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
    """Arrivals of the queue as a core ``History`` (local intervals of the center), by its channel
    (§5 "Every channel"): inbound calls (``direction=in``), outbound calls (attempts, ``direction=out``),
    or the imported contact counts of a chat, email or fax queue."""
    from hotline.core.forecast import aggregate

    from ..services.channels import contact_arrivals

    if skill.channel in (Channel.CALL_IN, Channel.CALL_OUT):
        direction = Direction.IN if skill.channel == Channel.CALL_IN else Direction.OUT
        starts = Call.objects.filter(
            center_id=skill.center_id, skill=skill.name, direction=direction
        ).values_list("started_at", flat=True)
        arrivals = ((s, skill.name, 1.0) for s in starts.iterator() if s is not None)
    else:
        arrivals = contact_arrivals(skill)
    try:
        return aggregate(arrivals, interval=interval or skill.interval_minutes, tz=skill.center.timezone)
    except ValueError as exc:
        if skill.channel == Channel.CALL_IN:
            msg = gettext("技能「%(skill)s」没有可用于预测的呼入通话")
        elif skill.channel == Channel.CALL_OUT:
            msg = gettext("技能「%(skill)s」没有可用于预测的外呼通话")
        else:
            msg = gettext("技能「%(skill)s」没有导入的联络量，请先导入")
        raise PlanningError(msg % {"skill": skill.name}) from exc


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
    """(AHT, talk) in seconds: the override, else the mean of the last 28 days before ``before`` —
    over answered calls of the channel's direction (AHT = talk + hold + after-call work; talk = talk +
    hold holds a trunk), or the imported handle times of a chat/email/fax queue (talk = AHT) — else
    the channel's default (``hotline.core.channels.DEFAULT_HANDLE_S``)."""
    from hotline.core.channels import DEFAULT_HANDLE_S

    from ..services.channels import contact_handle_s

    default = DEFAULT_HANDLE_S.get(skill.channel, DEFAULT_AHT_S)
    if skill.channel in (Channel.CALL_IN, Channel.CALL_OUT):
        qs = Call.objects.filter(
            center_id=skill.center_id,
            skill=skill.name,
            direction=Direction.IN if skill.channel == Channel.CALL_IN else Direction.OUT,
            abandoned=False,
            talk_seconds__gt=0,
            local_date__lt=before,
            local_date__gte=before - dt.timedelta(days=AHT_HISTORY_DAYS),
        ).aggregate(
            aht=Avg(F("talk_seconds") + F("hold_seconds") + F("acw_seconds")),
            talk=Avg(F("talk_seconds") + F("hold_seconds")),
        )
        aht = qs["aht"] or default
        talk = qs["talk"] or aht
    else:
        aht = contact_handle_s(skill, before) or default
        talk = aht
    if skill.aht_override_s:
        talk = talk * skill.aht_override_s / aht
        aht = skill.aht_override_s
    return float(aht), float(talk)


def _erlang(calls, p90, has_p90, interval_s, aht, skill: Skill, servers_per_agent: int) -> dict:
    """Erlang C (A with a patience) per interval; ``servers_per_agent`` > 1 for chat (concurrency):
    the queue's servers are agents × concurrency and agents = ⌈servers / concurrency⌉."""
    from hotline.core import erlang as E

    t = float(skill.answer_time_s)
    patience = skill.patience_s
    k = max(1, servers_per_agent)

    def need(volume):
        if patience:
            slots = E.required_agents_a_many(
                volume, interval_s, aht, t, skill.target_sl, patience, skill.max_occupancy
            )
        else:
            slots = E.required_agents_c_many(volume, interval_s, aht, t, skill.target_sl, skill.max_occupancy)
        return -(-np.asarray(slots, dtype=np.int64) // k)

    def metrics(volume, agents):
        if patience:
            ms = [
                E.erlang_a_metrics(c, interval_s, aht, int(n) * k, t, patience) if c > 0 else None
                for c, n in zip(volume, agents, strict=True)
            ]
            return (
                [m.service_level if m else 1.0 for m in ms], [m.asa_s if m else 0.0 for m in ms],
                [m.occupancy if m else 0.0 for m in ms], [m.abandon_probability if m else 0.0 for m in ms],
            )  # fmt: skip
        m = E.erlang_c_many(volume, interval_s, aht, np.asarray(agents) * k, t)
        return (m["service_level"].tolist(), m["asa_s"].tolist(), np.nan_to_num(m["occupancy"]).tolist(),
                [0.0] * len(volume))  # fmt: skip

    agents = need(calls)
    sl, asa, occ, ab = metrics(calls, agents)
    out = {"agents": agents, "sl": sl, "asa": asa, "occ": occ, "ab": ab, "backlog": [None] * len(calls)}
    if has_p90:
        out["agents_p90"] = need(p90)
        sl_p90 = metrics(p90, agents)[0]
        out["sl_p90"] = [0.0 if x is None or not math.isfinite(x) else x for x in sl_p90]
    return out


def _workload(calls, p90, has_p90, interval_s, aht, productive) -> dict:
    from hotline.core.channels import workload_agents

    agents = np.array(workload_agents(calls, interval_s=interval_s, handle_s=aht, productive=productive))
    occ = [float(c * aht / (n * interval_s)) if n else None for c, n in zip(calls, agents, strict=True)]
    n = len(calls)
    out = {"agents": agents, "sl": [None] * n, "asa": [None] * n, "occ": occ, "ab": [None] * n,
           "backlog": [None] * n}  # fmt: skip
    if has_p90:
        out["agents_p90"] = workload_agents(p90, interval_s=interval_s, handle_s=aht, productive=productive)
        out["sl_p90"] = [None] * n
    return out


def open_flags(skill: Skill, starts: list[dt.datetime]) -> list[bool]:
    """Whether each interval (aware start) lies in the queue's working hours (``open_from``…``open_to``,
    local; an end at or before the start runs past midnight; unset: all day)."""
    if skill.open_from is None or skill.open_to is None:
        return [True] * len(starts)
    zone = ZoneInfo(skill.center.timezone)
    a, b = skill.open_from, skill.open_to
    out = []
    for s in starts:
        t = s.astimezone(zone).time()
        out.append(a <= t < b if a < b else (t >= a or t < b))
    return out


def _backlog(calls, p90, has_p90, interval_s, aht, productive, deadline_s, flags, per_day) -> dict:
    from hotline.core.channels import backlog_staffing

    handle = aht / productive

    def run(volume):
        try:
            return backlog_staffing(volume, interval_s=interval_s, handle_s=handle, deadline_s=deadline_s,
                                    open_intervals=flags, block=per_day)  # fmt: skip
        except ValueError as exc:
            raise PlanningError(gettext("无法在回复时限内处理：请检查处理时段")) from exc

    plan = run(list(calls))
    n = len(calls)
    out = {"agents": np.array(plan.agents, dtype=np.int64), "sl": [None] * n, "asa": [None] * n,
           "occ": list(plan.occupancy), "ab": [None] * n, "backlog": list(plan.backlog),
           "max_delay_s": plan.max_delay_s}  # fmt: skip
    if has_p90:
        out["agents_p90"] = list(run(list(p90)).agents)
        out["sl_p90"] = [None] * n
    return out


def staffing_plan_build(*, run: ForecastRun, actor=None) -> StaffingPlan:
    """Agents per interval for the forecast × AHT by the queue's channel (§5 "Every channel"):

    * inbound calls — Erlang A when the skill has a patience, else Erlang C, vectorised;
    * chat — the same over agents × ``concurrency`` servers (``hotline.core.channels``);
    * outbound calls — workload: attempts × AHT / (interval × productive share ``max_occupancy``);
    * email, fax — ``backlog_staffing``: per day the least agents answering every item within the
      response deadline (working hours ``open_from``…``open_to``), handle time / productive share.

    Scheduled heads = ceil(agents / (1 − shrinkage)). Seats = peak scheduled heads (everyone rostered
    at the peak needs a seat). Trunks (calls only): Erlang B at 1% blocking on the peak trunk load,
    where each call holds a trunk while it waits and while it talks: calls × (talk + ASA) / interval."""
    from hotline.core import erlang as E
    from hotline.core.channels import DEFAULT_DEADLINE_H, staffing_method

    skill = run.skill
    intervals = list(run.intervals.all())
    if not intervals:
        raise PlanningError(gettext("该预测没有时段数据"))
    calls = np.array([i.calls for i in intervals])
    interval_s = run.interval_minutes * 60.0
    aht, talk = skill_handle_times(skill, run.first_day)
    t = float(skill.answer_time_s)
    patience = skill.patience_s
    channel = skill.channel
    method = staffing_method(channel)
    productive = skill.max_occupancy if skill.max_occupancy and 0 < skill.max_occupancy <= 1 else 1.0
    concurrency = max(1, skill.concurrency or 1) if channel == Channel.CHAT else 1
    deadline_s = None
    # Staffing risk (§5, P10/P90): agents the target needs if the P90 volume comes, and the service
    # level the planned agents give then.
    p90 = np.array([iv.p90 if iv.p90 is not None else iv.calls for iv in intervals], dtype=float)
    has_p90 = any(iv.p90 is not None for iv in intervals)
    if method == "erlang":
        r = _erlang(calls, p90, has_p90, interval_s, aht, skill, concurrency)
        model = "erlang_a" if patience else "erlang_c"
    elif method == "workload":
        r = _workload(calls, p90, has_p90, interval_s, aht, productive)
        model = "workload"
    else:
        deadline_s = (skill.response_deadline_h or DEFAULT_DEADLINE_H[channel]) * 3600.0
        flags = open_flags(skill, [iv.start for iv in intervals])
        r = _backlog(calls, p90, has_p90, interval_s, aht, productive, deadline_s, flags,
                     1440 // run.interval_minutes)  # fmt: skip
        model = "backlog"
    agents = r["agents"]
    sl, asa, occ, ab = r["sl"], r["asa"], r["occ"], r["ab"]
    agents_p90 = r.get("agents_p90", [None] * len(calls))
    sl_p90 = r.get("sl_p90", [None] * len(calls))
    scheduled = [E.scheduled_heads(int(n), skill.shrinkage) for n in agents]
    peak = int(np.argmax(calls))
    trunk_load, trunks = 0.0, 0
    if channel in (Channel.CALL_IN, Channel.CALL_OUT):  # chat, email and fax hold no trunk
        trunk_load = float(calls[peak] * (talk + (asa[peak] or 0.0)) / interval_s)
        while E.erlang_b(trunk_load, trunks) > TRUNK_BLOCKING:
            trunks += 1
    with transaction.atomic():
        plan = StaffingPlan.objects.create(
            center_id=run.center_id, skill=skill, forecast=run,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            model=model, aht_s=aht, talk_s=talk, target_sl=skill.target_sl,
            answer_time_s=t, patience_s=patience if method == "erlang" else None, shrinkage=skill.shrinkage,
            max_occupancy=skill.max_occupancy,
            peak_agents=int(agents.max(initial=0)), peak_scheduled=max(scheduled, default=0),
            seats=max(scheduled, default=0), trunks=trunks, trunk_load=trunk_load, trunk_blocking=TRUNK_BLOCKING,
            channel=channel, concurrency=concurrency, deadline_s=deadline_s, max_delay_s=r.get("max_delay_s"),
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
                    agents_p90=int(agents_p90[k]) if has_p90 and agents_p90[k] is not None else None,
                    service_level_p90=_finite(sl_p90[k]) if has_p90 else None,
                    backlog=_finite(r["backlog"][k]),
                )  # fmt: skip
                for k, iv in enumerate(intervals)
            ],
            batch_size=2000,
        )
    return plan


def _finite(x) -> float | None:
    if x is None:
        return None
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
        (gettext("渠道"), str(plan.get_channel_display())),
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
