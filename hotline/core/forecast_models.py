"""statsforecast-based interval model for the forecast (SPEC §5), Django-free.

``mstl``: per skill, MSTL with two seasons (one day and one week of intervals) and an AutoETS
trend (additive/multiplicative chosen by AIC, no seasonality), fitted on the last 8 weeks of the
interval series. Calendar days are not modelled (MSTL has no holiday regressor here); forecasts are
clipped at zero. The first call pays numba's JIT compilation (a few seconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from .forecast import History, baseline


def mstl(history: History, hist_kinds: np.ndarray, dates: Sequence[dt.date], kinds: np.ndarray) -> np.ndarray:
    """MSTL on the interval series; under 2 weeks of history falls back to the baseline."""
    if history.days < 14:
        return baseline(history, hist_kinds, dates, kinds)
    from statsforecast.models import MSTL, AutoETS

    slots = history.slots
    gap = (dates[0] - history.last_day).days - 1
    steps = (gap + len(dates)) * slots
    keep = min(history.days, 56) // 7 * 7
    out = np.zeros((len(history.skills), len(dates), slots))
    for s in range(len(history.skills)):
        y = np.asarray(history.counts[s, -keep:], dtype=float).ravel()
        if y.sum() == 0:
            continue
        model = MSTL(season_length=[slots, 7 * slots], trend_forecaster=AutoETS(model="ZZN"))
        pred = np.asarray(model.fit(y).predict(steps)["mean"], dtype=float)
        out[s] = pred[gap * slots :].reshape(len(dates), slots)
    return np.clip(out, 0.0, None)
