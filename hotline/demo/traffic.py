"""Synthetic call traffic for the demo center (§2, §5): arrivals, shifts, a queue, abandonment.

Django-free and deterministic: every draw comes from generators seeded by the caller.

Model, per center and day (times are local, seconds after midnight, Asia/Shanghai):

* **Calendar.** ``chinese_calendar`` says whether a date is a working day, a public holiday or an
  adjusted working day (调休上班). Demand relative to a normal weekday: Monday 1.12, Friday 0.95,
  Saturday 0.5, Sunday 0.4, public holiday 0.15, adjusted working day 0.9; the first working day after
  a break of three or more days gets a 1.4× surge the roster did not plan for (queues grow then).
* **Roster.** Staff needed that day = ⌈0.83 × agents × min(1, demand)⌉ (at least 4); agents are
  picked by fewest days worked in the last seven and no more than six days in a row, which gives
  about five shifts a week. Shifts: 08:00–16:30, 08:30–17:00 (one-hour lunch) and 11:30–20:00
  (half-hour break).
* **Arrivals.** Inbound volume = staff × 25 calls × demand surprise × lognormal noise (σ 0.08),
  spread over 15-minute intervals 08:00–20:00 by a profile with a morning ordering peak
  (08:30–11:30) and a smaller afternoon bump (14:00–16:00); skills 订货 70 %, 咨询 22 %, 投诉 8 %.
* **Queue.** In each interval the planner logs in just enough agents for the *planned* load at
  80 % occupancy plus one (a window sliding through the present agents so each takes a turn); a
  call goes to the logged-in agent idle longest, or waits for the first one to free up, plus 2–6 s
  of ringing. Callers' patience is 8 s + Weibull (scale 110 s, 150 s for complaints; shape 1.4);
  4 % hang up within 5 s (short abandons). A call whose wait exceeds its patience is abandoned.
* **Handling.** Talk time is lognormal (median 95 s ordering, 135 s service, 150 s complaints,
  80 s outbound; per-agent speed factor), 15 % of service calls and 6 % of ordering calls have a
  hold (median 25 s), after-call work lognormal (median 12–45 s). The connected time answer → end is
  talk + hold. Outbound (外呼) calls, about three per agent-day, are placed in the agent's idle time.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .names import mobile_number

TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
OPEN = 8 * 3600  # 08:00
INTERVAL = 900
N_INTERVALS = 48  # 08:00–20:00
CALLS_PER_AGENT_DAY = 25.0

INBOUND_SKILLS = (("订货", 0.70), ("咨询", 0.22), ("投诉", 0.08))
OUTBOUND_SKILL = "外呼"
# skill: (talk median s, talk sigma, hold probability, acw median s, resolved p, satisfied p)
SKILL_PARAMS = {
    "订货": (95.0, 0.45, 0.06, 12.0, 0.95, 0.93),
    "咨询": (135.0, 0.55, 0.15, 30.0, 0.85, 0.86),
    "投诉": (150.0, 0.60, 0.25, 45.0, 0.60, 0.55),
    "外呼": (80.0, 0.50, 0.05, 20.0, 0.90, 0.90),
}
REASONS = {
    "订货": ("订货-正常订货", "订货-修改订单", "订货-查询订单", "订货-新品咨询", "订货-取消订单"),
    "咨询": ("咨询-价格政策", "咨询-配送时间", "咨询-账户余额", "咨询-货源信息", "咨询-发票开具"),
    "投诉": ("投诉-配送延误", "投诉-货品破损", "投诉-服务态度", "投诉-数量差错"),
    "外呼": ("回访-满意度回访", "通知-新品上市", "通知-订货提醒"),
}
# (start, end, break start, break end) in seconds after midnight, and how often each is drawn
SHIFTS = (
    ((8 * 3600, 16 * 3600 + 1800, 11 * 3600 + 1800, 12 * 3600 + 1800), 0.45),
    ((8 * 3600 + 1800, 17 * 3600, 12 * 3600, 13 * 3600), 0.35),
    ((11 * 3600 + 1800, 20 * 3600, 16 * 3600 + 1800, 17 * 3600), 0.20),
)


@dataclass(frozen=True)
class DayKind:
    date: dt.date
    working: bool
    holiday: str  # the holiday's name, "" when none
    demand: float  # expected volume relative to a normal weekday
    surge: float  # unplanned extra demand (first working day after a long break)


@dataclass(frozen=True)
class SimCall:
    """One generated call; times are aware datetimes, seconds are floats (§2 fields)."""

    call_id: str
    skill: str
    direction: str  # "in" | "out"
    agent: str | None  # work number
    customer: str
    queued_at: dt.datetime | None
    answered_at: dt.datetime | None
    ended_at: dt.datetime
    started_at: dt.datetime
    talk_seconds: float
    hold_seconds: float
    acw_seconds: float
    wait_seconds: float | None
    abandoned: bool
    reason: str
    resolved: bool | None
    satisfied: bool | None

    @property
    def local_date(self) -> dt.date:
        return self.started_at.astimezone(TZ).date()


@lru_cache(maxsize=4096)
def _calendar(day: dt.date) -> tuple[bool, str]:
    """(working day?, holiday name) from chinese_calendar; Monday–Friday when the year is unknown."""
    import chinese_calendar

    try:
        working = bool(chinese_calendar.is_workday(day))
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return day.weekday() < 5, ""
    return working, (name or "") if on_holiday else ""


def day_kinds(days: list[dt.date]) -> list[DayKind]:
    """Demand factors per date (see the module docstring)."""
    out = []
    for day in days:
        working, holiday = _calendar(day)
        wd = day.weekday()
        if holiday:
            demand = 0.15
        elif not working:
            demand = 0.5 if wd == 5 else 0.4
        elif wd >= 5:
            demand = 0.9  # adjusted working day
        else:
            demand = {0: 1.12, 4: 0.95}.get(wd, 1.0)
        surge = 1.0
        if working:
            off = 0
            prev = day - dt.timedelta(days=1)
            while not _calendar(prev)[0] and off < 10:
                off += 1
                prev -= dt.timedelta(days=1)
            if off >= 3:
                surge = 1.4
        out.append(DayKind(day, working, holiday, demand, surge))
    return out


def interval_profile(weekend: bool) -> np.ndarray:
    """Share of a day's inbound calls per 15-minute interval from 08:00 (sums to 1)."""
    h = (OPEN + INTERVAL * np.arange(N_INTERVALS) + INTERVAL / 2) / 3600.0
    w = np.full(N_INTERVALS, 1.0)
    peak = 0.5 if weekend else 1.0
    w = np.where(h < 8.5, 1.5, w)
    morning = (h >= 8.5) & (h < 11.5)
    w = np.where(morning, 3.0 + 3.5 * peak * np.exp(-(((h - 9.75) / 0.9) ** 2)), w)
    w = np.where((h >= 11.5) & (h < 13.5), 1.2, w)
    w = np.where((h >= 13.5) & (h < 16.5), 1.6 + 1.4 * peak * np.exp(-(((h - 14.9) / 0.8) ** 2)), w)
    w = np.where((h >= 16.5) & (h < 18.0), 1.0, w)
    w = np.where(h >= 18.0, 0.45, w)
    return w / w.sum()


def roster(days: list[DayKind], agents: list[str], rng: random.Random) -> dict[dt.date, list[str]]:
    """Who works which day: about five days a week, never more than six in a row."""
    history: dict[str, list[bool]] = {a: [] for a in agents}
    out: dict[dt.date, list[str]] = {}
    for kind in days:
        need = min(len(agents), max(4, math.ceil(0.83 * len(agents) * min(1.0, kind.demand))))

        def key(a: str) -> tuple[int, int, float]:
            past = history[a]
            run = 0
            for worked in reversed(past):
                if not worked:
                    break
                run += 1
            return (run >= 6, sum(past[-7:]), run, rng.random())

        chosen = set(sorted(agents, key=key)[:need])
        for a in agents:
            history[a].append(a in chosen)
        out[kind.date] = [a for a in agents if a in chosen]
    return out


def _lognormal(r: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(r.gauss(0.0, sigma))


def _talk(r: random.Random, skill: str, speed: float) -> tuple[float, float, float]:
    median, sigma, p_hold, acw_median, _, _ = SKILL_PARAMS[skill]
    talk = max(6.0, min(1500.0, _lognormal(r, median * speed, sigma)))
    hold = max(5.0, min(300.0, _lognormal(r, 25.0, 0.6))) if r.random() < p_hold else 0.0
    acw = max(2.0, min(400.0, _lognormal(r, acw_median, 0.5)))
    return round(talk, 1), round(hold, 1), round(acw, 1)


def simulate_center(
    *,
    prefix: str,
    agents: list[str],
    days: list[dt.date],
    seed: int,
    customers: int = 3000,
) -> list[SimCall]:
    """All calls of one center over ``days``; ``agents`` are work numbers. Same inputs → same calls."""
    r = random.Random(f"traffic-{seed}-{prefix}")
    np_rng = np.random.default_rng([seed, sum(map(ord, prefix))])
    speed = {a: math.exp(r.gauss(0.0, 0.15)) for a in agents}
    pool = [mobile_number(r) for _ in range(customers)]
    kinds = day_kinds(days)
    on_duty = roster(kinds, agents, r)
    calls: list[SimCall] = []
    for kind in kinds:
        calls.extend(_simulate_day(kind, on_duty[kind.date], prefix, r, np_rng, speed, pool))
    return calls


def _simulate_day(kind, staff, prefix, r, np_rng, speed, pool) -> list[SimCall]:
    n = len(staff)
    weekend = not kind.working or kind.date.weekday() >= 5
    profile = interval_profile(weekend)
    planned = n * CALLS_PER_AGENT_DAY
    expected = planned * kind.surge * float(np.exp(np_rng.normal(0.0, 0.08)))
    total = int(np_rng.poisson(expected))
    slots = np_rng.choice(N_INTERVALS, size=total, p=profile)
    times = np.sort(OPEN + INTERVAL * slots + np_rng.uniform(0, INTERVAL, size=total))
    skill_names = [s for s, _ in INBOUND_SKILLS]
    skills = np_rng.choice(len(skill_names), size=total, p=[p for _, p in INBOUND_SKILLS])

    # shifts: spread the three patterns over the staff so every part of the day is covered
    order = staff[:]
    r.shuffle(order)
    weights = [w for _, w in SHIFTS]
    shift_of = {}
    for i, a in enumerate(order):
        shift_of[a] = SHIFTS[i % 3][0] if i < 3 else r.choices([s for s, _ in SHIFTS], weights=weights)[0]
    free_at = {a: float(shift_of[a][0]) for a in staff}

    # who is logged in to the inbound queue in each interval (planned load at 85 % occupancy)
    logged: list[list[str]] = []
    for i in range(N_INTERVALS):
        t0 = OPEN + i * INTERVAL
        present = [
            a
            for a in order
            if shift_of[a][0] <= t0 < shift_of[a][1] - 300 and not (shift_of[a][2] <= t0 < shift_of[a][3])
        ]
        if not present:
            present = [a for a in order if shift_of[a][1] > t0] or order
        load = planned * profile[i] * 125.0 / INTERVAL
        need = min(len(present), max(2, math.ceil(load / 0.8 + 1)))
        k = i * need % len(present)  # a sliding window: every present agent takes a turn
        logged.append((present[k:] + present[:k])[:need])

    events: list[tuple[float, int, str]] = [
        (float(t), 0, skill_names[s]) for t, s in zip(times, skills, strict=True)
    ]
    for a in staff:
        start, end, _, _ = shift_of[a]
        lo = max(start, 13 * 3600 + 1800)
        for _ in range(min(6, int(r.expovariate(1 / 3.0)))):
            events.append((r.uniform(lo, end - 900), 1, a))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    rows: list[tuple] = []
    for t, kind_flag, what in events:
        if kind_flag == 1:  # outbound call placed by agent ``what`` when free
            agent = what
            start = max(t, free_at[agent])
            if start > shift_of[agent][1] - 120:
                continue
            talk, hold, acw = _talk(r, OUTBOUND_SKILL, speed[agent])
            end = start + talk + hold
            free_at[agent] = end + acw + r.uniform(5, 30)
            rows.append((start, OUTBOUND_SKILL, "out", agent, mobile_number(r) if r.random() < 0.3 else r.choice(pool),
                         None, start, end, talk, hold, acw, None, False))  # fmt: skip
            continue
        skill = what
        i = min(N_INTERVALS - 1, max(0, int((t - OPEN) // INTERVAL)))
        agent = min(logged[i], key=lambda a: (free_at[a], a))
        answer = max(t, free_at[agent]) + r.uniform(2.0, 6.0)
        wait = answer - t
        if r.random() < 0.04:
            patience = r.uniform(0.5, 5.0)
        else:
            patience = 8.0 + r.weibullvariate(150.0 if skill == "投诉" else 110.0, 1.4)
        customer = r.choice(pool) if skill == "订货" or r.random() < 0.5 else mobile_number(r)
        if patience < wait:
            rows.append(
                (
                    t,
                    skill,
                    "in",
                    None,
                    customer,
                    t,
                    None,
                    t + patience,
                    0.0,
                    0.0,
                    0.0,
                    round(patience, 1),
                    True,
                )
            )
            continue
        talk, hold, acw = _talk(r, skill, speed[agent])
        end = answer + talk + hold
        free_at[agent] = end + acw + r.uniform(1.0, 15.0)
        rows.append((t, skill, "in", agent, customer, t, answer, end, talk, hold, acw, round(wait, 1), False))

    rows.sort(key=lambda row: (row[0], row[1], row[3] or ""))
    midnight = dt.datetime.combine(kind.date, dt.time(0), TZ)
    out = []
    for seq, (_start, skill, direction, agent, customer, queued, answer, end, talk, hold, acw, wait, abandoned) in enumerate(rows, 1):  # fmt: skip
        _, _, _, _, p_resolved, p_satisfied = SKILL_PARAMS[skill]
        reason, resolved, satisfied = "", None, None
        if not abandoned:
            if r.random() < 0.6:
                reason = r.choice(REASONS[skill])
            resolved = r.random() < p_resolved
            if direction == "in" and r.random() < 0.3:
                satisfied = r.random() < (p_satisfied - (0.15 if (wait or 0) > 60 else 0.0))
        # whole-second queue/answer/end times, as telephony systems log them
        q = midnight + dt.timedelta(seconds=round(queued)) if queued is not None else None
        a = midnight + dt.timedelta(seconds=round(answer)) if answer is not None else None
        e = midnight + dt.timedelta(seconds=round(end))
        if a is not None and e <= a:
            e = a + dt.timedelta(seconds=1)
        if a is not None:  # talk + hold = answer → end exactly
            talk = round((e - a).total_seconds() - hold, 1)
        if q is not None and a is not None:
            wait = (a - q).total_seconds()
        elif q is not None:
            wait = (e - q).total_seconds()
        out.append(
            SimCall(
                call_id=f"{prefix}{kind.date:%Y%m%d}{seq:05d}",
                skill=skill,
                direction=direction,
                agent=agent,
                customer=customer,
                queued_at=q,
                answered_at=a,
                ended_at=e,
                started_at=q or a or e,
                talk_seconds=talk,
                hold_seconds=hold,
                acw_seconds=acw,
                wait_seconds=wait,
                abandoned=abandoned,
                reason=reason,
                resolved=resolved,
                satisfied=satisfied,
            )
        )
    return out
