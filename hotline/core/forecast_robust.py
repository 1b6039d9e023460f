"""Robust day-total × intraday-profile forecast and its prediction intervals (SPEC §5), Django-free.

Units: expected calls per interval (float). Every function is pure over a ``History`` (counts
``[skill, day, slot]``) and the day kinds of ``forecast.day_kinds`` (0–6 weekday, ``HOLIDAY``,
``MAKEUP``). Assumptions, each chosen because real arrivals break the simpler ones:

- **Unusable days** never shape a forecast: a day whose total is below 0.7× or above 1.4× the
  median of the last 8 days of its kind (an outage, a data gap, an unknown holiday, a campaign), and
  the first open day after a closed one (a catch-up day). They are still forecast for.
- **Day total** = level × day-of-week factor × month-turn factor.

  * The *factor* of a weekday is the mean total of its usable days over the last 8 weeks divided by
    the mean usable day in that window (a weekday the center never opens gets 0).
  * The *level* is the exponentially weighted mean (half-life 10 days) of the last 20 usable days'
    totals divided by their factors — every recent day informs every weekday, so the level is far
    less noisy than a same-weekday mean, and it follows a level shift within two weeks.
  * The *month-turn factor*: bank and billing hotlines are busier on the first three and the last
    working day of a month. Each such position's past ratios to the local level (±10 days) are
    shrunk toward 1 by n / (n + 2) (n past occurrences) and clamped to 0.7…1.5; on a series without
    the effect it stays at ≈ 1.
- **Intraday profile** of a kind: the pooled shape of its last 8 usable days.
- **Holidays** (``HOLIDAY``): the mean ratio of past holidays to the level, else a Sunday; adjusted
  working days (``MAKEUP``) take the Monday–Friday factor and shape.

``median8`` — the second reference: for each interval, the median of the same weekday and time of
day over the last 8 weeks (calendar ignored), as the 4-week mean ``baseline`` is the first.

``intervals`` — P10/P90 per interval: the forecast is scored one week ahead on the last weeks of
the history (rolling origin); the variance beyond Poisson, as a share of the squared forecast
(c² in var = f + c²f²), is estimated from those residuals and P10/P90 = f ∓ 1.2816·√var, floored
at 0 (normal approximation; 80 % nominal coverage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .forecast import HOLIDAY, MAKEUP, History, same_weekday

LOW, HIGH = 0.7, 1.4
LEVEL_DAYS = 20
HALF_LIFE = 10.0
FACTOR_WEEKS = 8
SHAPE_DAYS = 8
MONTH_PRIOR = 2.0
Z80 = 1.2815515655446004


def median8(
    history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray
) -> np.ndarray:
    """Median of the same weekday and interval over the last 8 weeks of history (calendar ignored)."""
    del hist_kinds, kinds
    return same_weekday(history, dates, weeks=8, reduce=np.median)


def robust(
    history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray
) -> np.ndarray:
    """Day total × intraday profile with robust levels (see the module docstring)."""
    out = np.zeros((len(history.skills), len(dates), history.slots))
    if history.days == 0:
        return out
    hist_dates = history.dates()
    all_dates = list(hist_dates) + list(dates)
    all_kinds = np.concatenate([np.asarray(hist_kinds, dtype=int), np.asarray(kinds, dtype=int)])
    turn = month_turn_keys(all_dates, all_kinds)
    for s in range(len(history.skills)):
        out[s] = _robust_skill(
            np.asarray(history.counts[s], dtype=float), np.asarray(hist_kinds), kinds, turn
        )
    return out


def month_turn_keys(dates: Sequence[dt.date], kinds: np.ndarray) -> list[str | None]:
    """``F0``/``F1``/``F2`` for the first three working days of a month, ``L0`` for its last, else None.

    A working day is a Monday–Friday that is not a holiday, or an adjusted working day (MAKEUP).
    """

    def working(d: dt.date, k: int) -> bool:
        return k == MAKEUP or (k < 5 and k != HOLIDAY)

    known = {d: int(k) for d, k in zip(dates, kinds, strict=True)}

    def is_working(d: dt.date) -> bool:
        k = known.get(d)
        return working(d, k) if k is not None else d.weekday() < 5

    out: list[str | None] = []
    for d, k in zip(dates, kinds, strict=True):
        if not working(d, int(k)):
            out.append(None)
            continue
        before = sum(1 for n in range(1, d.day) if is_working(d.replace(day=n)))
        if before < 3:
            out.append(f"F{before}")
            continue
        nxt = d + dt.timedelta(days=1)
        while nxt.month == d.month and not is_working(nxt):
            nxt += dt.timedelta(days=1)
        out.append("L0" if nxt.month != d.month else None)
    return out


def _usable(totals: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Days fit to shape a forecast: plain days near their kind's recent median, not catch-up days."""
    n = len(totals)
    ok = np.zeros(n, dtype=bool)
    closed = np.zeros(n, dtype=bool)
    for k in set(int(x) for x in kinds):
        idx = np.flatnonzero(kinds == k)
        for pos, i in enumerate(idx):
            ref = totals[idx[max(0, pos - 8) : pos + 1]] if pos >= 3 else totals[idx[: min(len(idx), 9)]]
            med = float(np.median(ref))
            if med <= 0:
                continue
            ok[i] = LOW * med <= totals[i] <= HIGH * med
            closed[i] = totals[i] <= 0.05 * med
    ok &= kinds < HOLIDAY
    after_closed = np.zeros(n, dtype=bool)
    after_closed[1:] = closed[:-1] | (kinds[:-1] == HOLIDAY)
    return ok & ~after_closed


def _robust_skill(
    counts: np.ndarray, hist_kinds: np.ndarray, kinds: np.ndarray, turn: list[str | None]
) -> np.ndarray:
    days, slots = counts.shape
    out = np.zeros((len(kinds), slots))
    totals = counts.sum(axis=1)
    if totals.sum() <= 0:
        return out
    hist_kinds = np.asarray(hist_kinds, dtype=int)
    usable = _usable(totals, hist_kinds)
    if not usable.any():
        usable = totals > 0
    in_turn = np.array([turn[i] is not None for i in range(days)])
    plain = usable & ~in_turn
    if not plain.any():
        plain = usable
    window = np.arange(days) >= days - 7 * FACTOR_WEEKS
    weekday = hist_kinds.copy()
    weekday[weekday == MAKEUP] = 0  # an adjusted working day counts with the working days below

    base_sel = plain & window
    if not base_sel.any():
        base_sel = plain
    base = float(totals[base_sel].mean()) if base_sel.any() else 0.0
    factor = np.zeros(7)
    for k in range(7):
        sel = base_sel & (hist_kinds == k)
        if not sel.any():
            sel = plain & (hist_kinds == k)
        if sel.any() and base > 0:
            factor[k] = float(totals[sel].mean()) / base
        elif not (hist_kinds == k).any() and base > 0:
            factor[k] = 1.0  # never seen (short history): an average day
    work_factor = float(factor[:5][factor[:5] > 0].mean()) if (factor[:5] > 0).any() else 1.0

    def factor_of(k: int) -> float:
        return work_factor if k == MAKEUP else float(factor[k]) if k < 7 else 0.0

    fac_hist = np.array([factor_of(int(k)) for k in hist_kinds])
    idx = np.flatnonzero(plain & (fac_hist > 0))[-LEVEL_DAYS:]
    if idx.size == 0:
        return out
    deseason = totals[idx] / fac_hist[idx]
    weights = 0.5 ** ((days - 1 - idx) / HALF_LIFE)
    level = float((weights * deseason).sum() / weights.sum())

    month = _month_factors(totals, fac_hist, plain, turn[:days])
    holiday_ratio = _holiday_ratio(totals, hist_kinds, fac_hist, plain)

    shapes: dict[int, np.ndarray] = {}

    def shape_of(k: int) -> np.ndarray:
        if k in shapes:
            return shapes[k]
        if k == MAKEUP:
            sel = usable & (hist_kinds < 5)
            per = 5 * SHAPE_DAYS
        elif k == HOLIDAY:
            sel = hist_kinds == HOLIDAY
            per = 21
        else:
            sel = usable & (hist_kinds == k)
            per = SHAPE_DAYS
        pool = np.flatnonzero(sel)[-per:]
        mass = counts[pool].sum(axis=0) if pool.size else np.zeros(slots)
        if k == HOLIDAY and mass.sum() < 20:
            shapes[k] = shape_of(6)
            return shapes[k]
        if mass.sum() <= 0:
            pool = np.flatnonzero(usable)[-7 * SHAPE_DAYS :]
            mass = counts[pool].sum(axis=0)
        shapes[k] = mass / mass.sum() if mass.sum() > 0 else np.full(slots, 1.0 / slots)
        return shapes[k]

    for i, k in enumerate(kinds):
        k = int(k)
        key = turn[days + i]
        if k == HOLIDAY:
            total = level * (holiday_ratio if holiday_ratio is not None else factor_of(6))
        else:
            total = level * factor_of(k) * month.get(key, 1.0)
        out[i] = total * shape_of(k)
    return out


def _month_factors(
    totals: np.ndarray, fac: np.ndarray, plain: np.ndarray, turn: list[str | None]
) -> dict[str, float]:
    ratios: dict[str, list[float]] = {}
    n = len(totals)
    for i, key in enumerate(turn):
        if key is None or fac[i] <= 0 or totals[i] <= 0:
            continue
        near = np.flatnonzero(plain[max(0, i - 10) : min(n, i + 11)]) + max(0, i - 10)
        near = near[fac[near] > 0]
        if near.size < 3:
            continue
        local = float(np.mean(totals[near] / fac[near]))
        if local > 0:
            ratios.setdefault(key, []).append(float(totals[i] / (fac[i] * local)))
    out = {}
    for key, values in ratios.items():
        m = len(values)
        out[key] = float(np.clip(1.0 + (np.median(values) - 1.0) * m / (m + MONTH_PRIOR), 0.7, 1.5))
    return out


def _holiday_ratio(totals, kinds, fac, plain) -> float | None:
    ratios = []
    for d in np.flatnonzero(kinds == HOLIDAY):
        near = np.flatnonzero(plain[max(0, d - 28) : d]) + max(0, d - 28)
        near = near[fac[near] > 0]
        if near.size >= 5:
            local = float(np.mean(totals[near] / fac[near]))
            if local > 0:
                ratios.append(float(totals[d] / local))
    return float(np.mean(ratios[-21:])) if ratios else None


# ----------------------------------------------------------------------------------------------
# Prediction intervals


@dataclass(frozen=True)
class Spread:
    """Extra-Poisson spread of a method: var = f + c²·f² per interval (``c`` is a fraction)."""

    c: float
    folds: int


def estimate_spread(history: History, hist_kinds: np.ndarray, method, *, weeks: int = 4) -> Spread:
    """Fit ``c`` from one-week-ahead residuals over the last ``weeks`` weeks of ``history``.

    No usable fold (under 3 weeks of history) → c = 0.10, a typical day-level spread.
    """
    num = den = 0.0
    folds = 0
    for i in range(weeks, 0, -1):
        first = history.last_day + dt.timedelta(days=1 - 7 * i)
        n = (first - history.first_day).days
        if n < 14:
            continue
        train = history.before(first)
        dates = [first + dt.timedelta(days=j) for j in range(7)]
        pred = np.clip(method(train, hist_kinds[:n], dates, hist_kinds[n : n + 7]), 0.0, None)
        actual = history.between(first, 7)
        open_days = actual.sum(axis=2) > 0
        f = pred[open_days]
        a = actual[open_days]
        num += float(((a - f) ** 2 - f).sum())
        den += float((f**2).sum())
        folds += 1
    if folds == 0 or den <= 0:
        return Spread(0.10, 0)
    return Spread(float(np.sqrt(max(num / den, 0.0))), folds)


def quantiles(values: np.ndarray, spread: Spread) -> tuple[np.ndarray, np.ndarray]:
    """(P10, P90) per interval for forecast ``values`` (calls) under ``spread``."""
    f = np.clip(np.asarray(values, dtype=float), 0.0, None)
    sd = np.sqrt(f + (spread.c * f) ** 2)
    return np.clip(f - Z80 * sd, 0.0, None), f + Z80 * sd
