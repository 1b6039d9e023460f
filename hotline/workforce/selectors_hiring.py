"""The hiring plan's inputs (§5 "Hiring plan", seed 002 三(四)): per month ahead, the heads the newest
staffing plan of every skill of a center schedules, read into ``hotline.core.hiring.MonthNeed``.

Per month (local to the center): ``seats`` = the peak of the heads scheduled at the same time, summed
over the skills (shrinkage included: staffing plans schedule agents ÷ (1 − shrinkage)); ``agents`` =
the larger of the peak and the people a roster needs to cover the scheduled hours, i.e. the plan's
scheduled agent-hours per 7 days ÷ ``weekly_hours`` (contracted hours per agent per week, default 40);
``trunks`` = the sum of the skills' peak trunks. A month no plan reaches carries the last month that a
plan reaches (``estimated``): forecasts run a few weeks ahead, hiring looks months ahead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hotline.core.hiring import MonthNeed
from hotline.org.models import Center, Person, Role

from .models import Skill, StaffingInterval, StaffingPlan


@dataclass(frozen=True)
class MonthInput:
    need: MonthNeed
    estimated: bool  # carried from the last month a plan reaches
    peak: int
    weekly_hours: float  # scheduled agent-hours per 7 days (0 when estimated)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def newest_plans(center: Center) -> list[StaffingPlan]:
    """The newest staffing plan of each skill of ``center`` (skills without one are left out)."""
    out = []
    for skill in Skill.objects.filter(center=center):
        plan = StaffingPlan.objects.filter(center=center, skill=skill).select_related("forecast")
        plan = plan.order_by("-created_at", "-id").first()
        if plan is not None:
            out.append(plan)
    return out


def headcount(center: Center) -> int:
    """Today's agents of the center (active people with the agent role)."""
    return Person.objects.filter(center=center, role=Role.AGENT, active=True).count()


def month_inputs(
    center: Center, today: dt.date, *, months: int = 6, weekly_hours: float = 40.0
) -> list[MonthInput]:
    """One input per month from ``today``'s month for ``months`` months (see the module docstring);
    empty when no skill has a staffing plan."""
    zone = ZoneInfo(center.timezone)
    first = today.replace(day=1)
    plans = newest_plans(center)
    heads: dict[dt.datetime, float] = defaultdict(float)  # start → heads summed over skills
    hours: dict[dt.date, float] = defaultdict(float)  # month → scheduled agent-hours
    days: dict[dt.date, set] = defaultdict(set)  # month → the local days the plans cover
    trunks: dict[dt.date, dict[int, int]] = defaultdict(dict)  # month → {plan: trunks}
    for plan in plans:
        width_h = (plan.forecast.interval_minutes or 30) / 60.0
        rows = StaffingInterval.objects.filter(plan=plan).values_list("start", "scheduled")
        for start, scheduled in rows:
            local = start.astimezone(zone)
            month = local.date().replace(day=1)
            if month < first:
                continue
            heads[local.replace(tzinfo=None)] += scheduled
            hours[month] += scheduled * width_h
            days[month].add(local.date())
            trunks[month][plan.pk] = plan.trunks
    peaks: dict[dt.date, float] = defaultdict(float)
    for start, n in heads.items():
        month = start.date().replace(day=1)
        peaks[month] = max(peaks[month], n)
    out: list[MonthInput] = []
    last: MonthInput | None = None
    for i in range(months):
        month = add_months(first, i)
        if month in peaks:
            peak = math.ceil(peaks[month] - 1e-9)
            weekly = hours[month] / max(1, len(days[month])) * 7
            agents = max(peak, math.ceil(weekly / weekly_hours - 1e-9))
            last = MonthInput(MonthNeed(month, agents, sum(trunks[month].values()), seats=peak), False, peak,
                              round(weekly, 1))  # fmt: skip
            out.append(last)
        elif last is not None:
            n = last.need
            out.append(MonthInput(MonthNeed(month, n.agents, n.trunks, seats=n.seats), True, last.peak, 0.0))
    if out and len(out) < months:  # months before the first the plans reach: carry it back
        head = out[0]
        missing = [add_months(first, i) for i in range(months) if add_months(first, i) < head.need.month]
        out = [MonthInput(MonthNeed(m, head.need.agents, head.need.trunks, seats=head.need.seats), True, head.peak,
                          0.0) for m in missing] + out  # fmt: skip
    return out
