"""Seeded synthetic call arrivals for testing and benchmarking the forecast (SPEC §5).

Not real data: a plausible shape with known structure, so a backtest can tell a method that uses
it from one that does not. Two styles:

- ``cn`` — a Chinese service/ordering hotline open 08:00–22:00: a morning ordering peak around
  10:00, a smaller afternoon peak around 15:00; Monday busiest, weekends lower and flatter; public
  holidays (``chinese_calendar``) at ~35 % with a Sunday-like shape; adjusted working days like a
  Monday; the first working day after a holiday block +25 %.
- ``bank`` — shaped after the published description of a small Israeli bank's call center
  (Brown et al., JASA 2005): Sunday–Thursday 07:00–24:00 with peaks at ~10:00 and ~16:00,
  Friday 07:00–14:00, Saturday only from 20:00; no calendar.

Both have a multiplicative weekly trend, day-level lognormal noise (real days vary more than
Poisson) and Poisson counts per 15 minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from .forecast import HOLIDAY, MAKEUP, History, _frozen, day_kinds


def _bumps(hours: np.ndarray, spec: Sequence[tuple[float, float, float]]) -> np.ndarray:
    return sum(a * np.exp(-0.5 * ((hours - mu) / sd) ** 2) for mu, sd, a in spec)


def _shape(hours: np.ndarray, open_h: float, close_h: float, spec) -> np.ndarray:
    inside = (hours >= open_h) & (hours < close_h)
    y = np.where(inside, 0.15 + _bumps(hours, spec), 0.0)
    return y / y.sum() if y.sum() > 0 else y


def synthetic_history(
    first_day: dt.date,
    days: int,
    *,
    style: str = "cn",
    skills: Sequence[str] = ("",),
    daily_calls: float = 1200.0,
    weekly_trend: float = 0.01,
    day_noise: float = 0.06,
    interval: int = 15,
    seed: int = 0,
    tz: str = "Asia/Shanghai",
) -> History:
    """Arrival counts per ``interval`` for ``days`` days from ``first_day`` (deterministic per seed)."""
    rng = np.random.default_rng(seed)
    hours = (np.arange(96) + 0.5) / 4
    dates = [first_day + dt.timedelta(days=i) for i in range(days)]
    kinds, _ = day_kinds(dates, "cn" if style == "cn" else "none")
    counts = np.zeros((len(skills), days, 1440 // interval))
    for s, _skill in enumerate(skills):
        scale = daily_calls * (1.0 if s == 0 else 0.4 / s)
        if style == "cn":
            weekday = _shape(hours, 8, 22, [(10.0, 1.0, 1.6), (15.0, 1.3, 0.9), (19.5, 1.0, 0.3)])
            weekend = _shape(hours, 8, 22, [(11.0, 1.6, 0.8), (16.0, 2.0, 0.6)])
            factors = [1.15, 1.05, 1.0, 1.0, 0.95, 0.55, 0.45]
        elif style == "bank":
            weekday = _shape(hours, 7, 24, [(10.0, 1.2, 1.5), (16.0, 1.5, 1.0), (21.5, 1.2, 0.4)])
            weekend = _shape(hours, 7, 14, [(10.0, 1.2, 1.2)])
            saturday = _shape(hours, 20, 24, [(21.5, 1.0, 1.0)])
            factors = [1.0, 1.0, 1.0, 1.05, 0.35, 0.12, 1.2]  # Mon..Sun; Sunday opens the week
        else:
            raise ValueError(f"unknown style '{style}' (cn or bank)")
        prev_holiday = 0
        for j in range(days):
            k = int(kinds[j])
            trend = (1.0 + weekly_trend) ** (j / 7)
            if k == HOLIDAY:
                level, shape = 0.35 * factors[6] / 0.45, weekend
            elif k == MAKEUP:
                level, shape = factors[0], weekday
            elif style == "bank" and k == 5:
                level, shape = factors[5], saturday
            elif style == "bank" and k == 4:
                level, shape = factors[4], weekend
            else:
                level, shape = factors[k], weekday if (k < 5 or style == "bank") else weekend
            if k != HOLIDAY and prev_holiday >= 3:
                level *= 1.25
            prev_holiday = prev_holiday + 1 if k == HOLIDAY else 0
            mean = scale * trend * level * np.exp(rng.normal(0.0, day_noise)) * shape
            fine = rng.poisson(mean).astype(float)
            counts[s, j] = fine.reshape(-1, interval // 15).sum(axis=1)
    return History(interval, tz, first_day, tuple(skills), _frozen(counts))
