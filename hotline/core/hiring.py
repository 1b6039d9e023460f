"""Hiring plan (SPEC §5 "Hiring plan"), Django-free.

Per month ahead: the agents needed (the month's peak scheduled heads from a staffing plan or a
forecast — already grossed up for shrinkage), the seats (= the peak heads: everyone on duty at the
peak needs one) and trunks (peak Erlang-B trunks), against the headcount projected from today's
with monthly attrition; the hires needed and the month recruiting must start (``lead_months``
before: recruiting plus training). When ``MonthNeed.seats`` is given, ``agents`` may be larger than the
peak (a roster covering long days and weeks needs more people than are on duty at once) and the
seats stay the peak heads. Units: people, seats, trunks; attrition a fraction per month.
Assumption: hires are ready at the start of the month they are planned for and stay.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MonthNeed:
    month: dt.date  # first day of the month
    agents: int  # peak scheduled heads (shrinkage included), or the heads the roster needs
    trunks: int = 0
    seats: int | None = None  # peak heads on duty at once; None: the same as ``agents``


@dataclass(frozen=True)
class HiringRow:
    month: dt.date
    needed: int
    seats: int
    trunks: int
    projected: float  # headcount at the start of the month before this month's hires
    hires: int  # to be ready at the start of the month
    start_recruiting: dt.date  # first day of the month recruiting must start
    late: bool  # the start is before ``today``'s month: too late to have them in time


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def hiring_plan(
    needs: Sequence[MonthNeed],
    *,
    headcount: int,
    today: dt.date,
    attrition: float = 0.0,
    lead_months: int = 2,
) -> list[HiringRow]:
    """One row per month of ``needs`` (ascending), see the module docstring."""
    if headcount < 0 or not 0 <= attrition < 1 or lead_months < 0:
        raise ValueError("headcount ≥ 0, 0 ≤ attrition < 1 and lead_months ≥ 0 are required")
    this_month = today.replace(day=1)
    staff = float(headcount)
    prev = this_month
    out = []
    for need in sorted(needs, key=lambda n: n.month):
        month = need.month.replace(day=1)
        gap = max(0, (month.year - prev.year) * 12 + month.month - prev.month)
        staff *= (1.0 - attrition) ** gap
        prev = month
        hires = max(0, math.ceil(need.agents - staff - 1e-9))
        staff += hires
        start = _add_months(month, -lead_months)
        seats = need.agents if need.seats is None else need.seats
        out.append(HiringRow(month, need.agents, seats, need.trunks, round(staff - hires, 2), hires, start,
                             hires > 0 and start < this_month))  # fmt: skip
    return out
