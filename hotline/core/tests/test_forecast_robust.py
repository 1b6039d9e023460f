"""Robust forecast, the 8-week median reference and P10/P90 (SPEC §5), on known answers and on a
real bank's half-hourly arrivals (``data/bank_calls_30min.csv``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from hotline.core.forecast import HOLIDAY, History, _frozen, day_kinds, forecast
from hotline.core.forecast_backtest import backtest, choose_method
from hotline.core.forecast_robust import Spread, median8, month_turn_keys, quantiles, robust
from hotline.core.tests.realdata import bank_history


def _history(first: dt.date, totals: list[float], shape: np.ndarray) -> History:
    counts = np.array([t * shape for t in totals])[None]
    return History(30, "Asia/Shanghai", first, ("",), _frozen(counts))


SHAPE = np.zeros(48)
SHAPE[16:40] = np.linspace(1, 2, 24)
SHAPE /= SHAPE.sum()


def test_known_answer_weekday_factors_times_level_times_profile():
    # 8 weeks, Monday–Friday: 1200 on Monday, 1000 on Tuesday–Friday, closed at weekends; no month
    # turn has an effect (every day equal to its weekday), so the forecast is exact.
    first = dt.date(2025, 3, 3)  # a Monday
    week = [1200, 1000, 1000, 1000, 1000, 0, 0]
    h = _history(first, week * 8, SHAPE)
    kinds, _ = day_kinds(h.dates(), "none")
    dates = [h.last_day + dt.timedelta(days=i) for i in range(1, 8)]
    out = robust(h, kinds, dates, np.array([d.weekday() for d in dates]))
    assert out.shape == (1, 7, 48)
    np.testing.assert_allclose(out[0].sum(axis=1), week, rtol=1e-9)
    np.testing.assert_allclose(out[0, 0], 1200 * SHAPE, rtol=1e-9)


def test_an_outage_day_and_the_catch_up_day_after_a_closure_do_not_move_the_level():
    first = dt.date(2025, 3, 3)
    totals = [1000.0, 1000, 1000, 1000, 1000, 0, 0] * 8
    totals[-10] = 100  # an outage (Friday three weeks before the end … any weekday)
    totals[-5] = 0  # a closed Wednesday (unknown holiday)
    totals[-4] = 1900  # the catch-up day after it
    h = _history(first, totals, SHAPE)
    kinds, _ = day_kinds(h.dates(), "none")
    dates = [h.last_day + dt.timedelta(days=i) for i in range(1, 8)]
    out = robust(h, kinds, dates, np.array([d.weekday() for d in dates]))
    np.testing.assert_allclose(out[0].sum(axis=1), [1000, 1000, 1000, 1000, 1000, 0, 0], rtol=1e-9)


def test_a_level_shift_is_followed_within_two_weeks():
    first = dt.date(2025, 3, 3)
    totals = [1000.0] * 5 * 6 + [1300.0] * 5 * 3  # weekdays only as a 5-day center … below
    days = []
    for t in totals:
        days.append(t)
        if len(days) % 7 == 5:
            days += [0, 0]
    h = _history(first, days, SHAPE)
    kinds, _ = day_kinds(h.dates(), "none")
    dates = [h.last_day + dt.timedelta(days=i) for i in range(1, 8)]
    out = robust(h, kinds, dates, np.array([d.weekday() for d in dates]))
    monday = out[0, [d.weekday() for d in dates].index(0)].sum()
    assert 1240 <= monday <= 1300  # the 4-week mean would say 1225, the 8-week median 1000


def test_month_turn_keys_count_working_days_and_skip_holidays():
    dates = [dt.date(2026, 9, 28) + dt.timedelta(days=i) for i in range(14)]
    kinds, _ = day_kinds(dates, "cn")
    keys = dict(zip(dates, month_turn_keys(dates, kinds), strict=True))
    assert keys[dt.date(2026, 9, 30)] == "L0"  # 1–7 October is the National Day holiday
    assert kinds[dates.index(dt.date(2026, 10, 1))] == HOLIDAY and keys[dt.date(2026, 10, 1)] is None
    assert keys[dt.date(2026, 10, 9)] in {"F0", "F1"}  # the first working days after the holiday


def test_median8_is_the_median_of_the_same_interval_over_eight_weeks():
    first = dt.date(2025, 3, 3)
    totals = [float(100 + 10 * (i // 7)) for i in range(56)]  # weekly +10
    h = _history(first, totals, SHAPE)
    dates = [h.last_day + dt.timedelta(days=1)]
    out = median8(h, None, dates, None)
    np.testing.assert_allclose(out[0, 0], 135 * SHAPE)  # median of 100…170


def test_quantiles_bracket_the_forecast_and_widen_with_the_spread():
    f = np.array([0.0, 10.0, 100.0])
    lo0, hi0 = quantiles(f, Spread(0.0, 4))
    lo1, hi1 = quantiles(f, Spread(0.1, 4))
    assert lo0[0] == hi0[0] == 0
    assert np.all(lo1 <= lo0) and np.all(hi1 >= hi0)
    assert hi0[2] == pytest.approx(100 + 1.2815515655 * 10)


# --- the real bank ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("label", "history"),
    [
        ("bank 30 min", bank_history(30)),
        ("bank, UTC read as Shanghai", bank_history(30, shift_hours=8)),
        ("bank 60 min", bank_history(60)),
    ],
)
def test_robust_beats_both_references_by_5_percent_on_a_real_bank(label, history):
    scores = {
        s.method: s
        for s in backtest(history, methods=["baseline", "median8", "auto"], weeks=12, calendar="none")
    }
    best_reference = min(scores["baseline"].wape, scores["median8"].wape)
    assert scores["auto"].wape <= 0.95 * best_reference, (label, {m: s.wape for m, s in scores.items()})


def test_auto_keeps_robust_on_the_real_bank():
    h = bank_history(30)
    kinds, _ = day_kinds(h.dates(), "none")
    assert choose_method(h, kinds) == "robust"


def test_p10_p90_cover_about_80_percent_of_a_real_week():
    h = bank_history(30)
    start = dt.date(2003, 10, 13) - dt.timedelta(days=7)
    fc = forecast(h, start=start, horizon=7, calendar="none", method="robust", intervals=True)
    actual = h.between(start, 7)
    open_days = actual.sum(axis=2) > 0
    a, lo, hi = actual[open_days], fc.low[open_days], fc.high[open_days]
    busy = a > 50
    inside = ((a >= lo) & (a <= hi))[busy].mean()
    assert 0.6 <= inside <= 0.97
    assert np.all(fc.low <= fc.values + 1e-9) and np.all(fc.high >= fc.values - 1e-9)
