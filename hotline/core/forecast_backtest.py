"""Rolling-origin backtest of the interval forecast (SPEC §5: accuracy as WAPE and bias), Django-free.

For each of the last ``weeks`` weeks of a history, every method forecasts that week (7 days) from
the days before it only, at the history's interval, and is compared with what happened:

- WAPE = Σ|forecast − actual| / Σ actual (over every interval, skill and held-out day);
- bias = Σ(forecast − actual) / Σ actual (positive: over-forecast).

A held-out day (of one skill) without a single arrival is left out of the score when
``skip_empty_days`` (the default): it is a data gap or a closure the calendar does not know, which
no method can forecast from the history — scoring it would measure the calendar, not the method.

``auto`` in a backtest re-selects its method inside each fold from that fold's training days only
(nested), so its score is honest too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .forecast import CHEAP, METHODS, History, day_kinds


@dataclass(frozen=True)
class Score:
    """Accuracy of one method over the held-out weeks. ``wape``/``bias`` are fractions, not %."""

    method: str
    wape: float
    bias: float
    actual_calls: float
    weeks: int

    def ratio_to(self, base: Score) -> float:
        """WAPE relative to the baseline's (below 1: better than the baseline)."""
        return self.wape / base.wape if base.wape > 0 else float("nan")


def origins(history: History, weeks: int, min_train_days: int = 14) -> list[dt.date]:
    """First days of the last ``weeks`` whole weeks, keeping at least ``min_train_days`` before each."""
    out = []
    for i in range(weeks, 0, -1):
        first = history.last_day + dt.timedelta(days=1 - 7 * i)
        if (first - history.first_day).days >= min_train_days:
            out.append(first)
    return out


def backtest(
    history: History,
    *,
    methods: Sequence[str] = ("baseline", "profile", "blend", "auto"),
    weeks: int = 4,
    calendar: str = "cn",
    min_train_days: int = 14,
    skip_empty_days: bool = True,
) -> list[Score]:
    """Score each method on the last ``weeks`` held-out weeks of ``history`` (see module docstring)."""
    folds = origins(history, weeks, min_train_days)
    if not folds:
        raise ValueError(
            f"a backtest needs at least {min_train_days + 7} days of history, got {history.days}"
        )
    all_kinds, _ = day_kinds(history.dates(), calendar)
    abs_err = dict.fromkeys(methods, 0.0)
    err = dict.fromkeys(methods, 0.0)
    actual_sum = 0.0
    for first in folds:
        n = (first - history.first_day).days
        train = history.before(first)
        dates = [first + dt.timedelta(days=i) for i in range(7)]
        actual = history.between(first, 7)
        keep = actual.sum(axis=2, keepdims=True) > 0 if skip_empty_days else np.ones_like(actual, bool)
        actual_sum += float(actual.sum())
        for m in methods:
            name = choose_method(train, all_kinds[:n]) if m == "auto" else m
            pred = METHODS[name](train, all_kinds[:n], dates, all_kinds[n : n + 7])
            pred = np.clip(np.nan_to_num(pred), 0.0, None) * keep
            abs_err[m] += float(np.abs(pred - actual).sum())
            err[m] += float((pred - actual).sum())
    denom = actual_sum if actual_sum > 0 else float("nan")
    return [Score(m, abs_err[m] / denom, err[m] / denom, actual_sum, len(folds)) for m in methods]


def choose_method(history: History, hist_kinds: np.ndarray, weeks: int = 4, margin: float = 0.10) -> str:
    """The cheap method with the lowest WAPE over the last ``weeks`` weeks of ``history``.

    ``robust`` (first in ``CHEAP``) is kept unless another method's WAPE is lower by more than
    ``margin`` (a fraction of robust's): four weeks are too few to switch on noise. Too short a
    history for a backtest (under 3 weeks) → ``robust``. Remaining ties keep the order of ``CHEAP``.
    """
    folds = origins(history, weeks, min_train_days=14)
    if not folds:
        return CHEAP[0]
    abs_err = dict.fromkeys(CHEAP, 0.0)
    for first in folds:
        n = (first - history.first_day).days
        train = history.before(first)
        dates = [first + dt.timedelta(days=i) for i in range(7)]
        actual = history.between(first, 7)
        keep = actual.sum(axis=2, keepdims=True) > 0
        for m in CHEAP:
            pred = np.clip(METHODS[m](train, hist_kinds[:n], dates, hist_kinds[n : n + 7]), 0.0, None) * keep
            abs_err[m] += float(np.abs(pred - actual).sum())
    first_choice = CHEAP[0]
    best = min(CHEAP, key=lambda m: (round(abs_err[m], 9), CHEAP.index(m)))
    if abs_err[best] < (1.0 - margin) * abs_err[first_choice]:
        return best
    return first_choice
