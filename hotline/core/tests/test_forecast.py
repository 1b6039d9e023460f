"""Forecast core (SPEC §5): aggregation, calendar, methods, events, contract shape, backtest."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.calllog import CallRecord
from hotline.core.forecast import (
    HOLIDAY,
    MAKEUP,
    Event,
    History,
    _frozen,
    aggregate,
    apply_events,
    baseline,
    counts_from_table,
    day_kinds,
    forecast,
    history_from_calls,
    profile,
)
from hotline.core.forecast_backtest import backtest, choose_method
from hotline.core.forecast_synth import synthetic_history
from hotline.core.tabular import TableError, read_text_rows

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh, mm, tz=SH):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


# --- aggregation -------------------------------------------------------------------------------


def test_arrivals_in_the_same_half_hour_share_an_interval_and_empty_intervals_are_zero():
    h = aggregate([(at(2026, 3, 2, 9, 10), "", 1), (at(2026, 3, 2, 9, 29), "", 1)], interval=30)
    assert h.counts.shape == (1, 1, 48)
    assert h.counts[0, 0, 18] == 2
    assert h.counts.sum() == 2


def test_a_utc_time_is_bucketed_in_the_centers_local_day():
    utc = dt.UTC
    h = aggregate([(dt.datetime(2026, 3, 1, 23, 30, tzinfo=utc), "", 1)], interval=60)
    assert h.first_day == dt.date(2026, 3, 2)  # 07:30 in Shanghai the next day
    assert h.counts[0, 0, 7] == 1


def test_days_without_calls_inside_the_history_are_zero_days():
    h = aggregate([(at(2026, 3, 2, 9, 0), "a", 1), (at(2026, 3, 5, 9, 0), "b", 2)], interval=15)
    assert h.days == 4 and h.skills == ("a", "b")
    assert h.counts[:, 1:3].sum() == 0
    assert h.counts[1, 3, 36] == 2


def test_calls_arrive_at_queue_entry_and_outbound_calls_are_not_arrivals():
    def call(cid, queued, answered, direction="in"):
        return CallRecord(
            cid, "1001", answered, answered + dt.timedelta(minutes=3), queued, direction=direction
        )

    records = [
        call("1", at(2026, 3, 2, 9, 58), at(2026, 3, 2, 10, 1)),
        call("2", None, at(2026, 3, 2, 10, 5)),
        call("3", None, at(2026, 3, 2, 11, 5), direction="out"),
    ]
    h = history_from_calls(records, interval=30)
    assert h.counts[0, 0, 19] == 1  # 09:30–10:00, by queue time
    assert h.counts[0, 0, 20] == 1
    assert h.counts.sum() == 2


def test_fifteen_minute_counts_add_up_into_thirty_minute_intervals():
    t = read_text_rows(
        "c.csv", "start,calls\n2026-03-02T09:00,3\n2026-03-02 09:15,4.5\n2026-03-02T09:30:00+08:00,1\n"
    )
    h = counts_from_table(t, interval=30)
    assert h.counts[0, 0, 18] == 7.5 and h.counts[0, 0, 19] == 1


def test_hourly_counts_are_refused_for_thirty_minute_intervals():
    lines = ["start,calls"] + [f"2026-03-0{1 + i // 24}T{i % 24:02d}:00,5" for i in range(48)]
    with pytest.raises(TableError, match="60-minute boundary"):
        counts_from_table(read_text_rows("h.csv", "\n".join(lines)), interval=30)


def test_a_bad_count_names_its_row_and_column():
    t = read_text_rows("c.csv", "start,calls\n2026-03-02T09:00,3\n2026-03-02T09:30,-1\n2026-03-02T10:00,x\n")
    with pytest.raises(TableError) as err:
        counts_from_table(t, interval=30)
    text = str(err.value)
    assert "c.csv, row 3, column calls" in text and "c.csv, row 4, column calls" in text


# --- calendar ----------------------------------------------------------------------------------


def test_national_day_is_a_holiday_and_the_adjusted_saturday_is_a_working_day():
    days = [dt.date(2026, 10, 1), dt.date(2026, 10, 10), dt.date(2026, 10, 11), dt.date(2026, 10, 12)]
    kinds, missing = day_kinds(days, "cn")
    assert list(kinds) == [HOLIDAY, MAKEUP, 6, 0] and not missing
    assert list(day_kinds(days, "none")[0]) == [3, 5, 6, 0]


def test_years_outside_the_calendar_fall_back_to_plain_weekdays_and_are_reported():
    kinds, missing = day_kinds([dt.date(2031, 1, 1)], "cn")
    assert list(kinds) == [2] and missing == {2031}


# --- methods -----------------------------------------------------------------------------------


def weekly_history(weeks: int, per_weekday) -> History:
    """Each weekday w has the same day every week: per_weekday(w, week) calls at 10:00."""
    first = dt.date(2026, 3, 2)  # a Monday
    counts = np.zeros((1, 7 * weeks, 24))
    for j in range(7 * weeks):
        counts[0, j, 10] = per_weekday(j % 7, j // 7)
    return History(60, "Asia/Shanghai", first, ("",), _frozen(counts))


def test_the_baseline_is_the_mean_of_the_same_weekday_over_the_last_four_weeks():
    h = weekly_history(6, lambda w, k: 10 * k + w)
    dates = [h.last_day + dt.timedelta(days=1 + i) for i in range(7)]
    kinds, _ = day_kinds(dates, "none")
    out = baseline(h, day_kinds(h.dates(), "none")[0], dates, kinds)
    # Mondays of weeks 2..5 → 20, 30, 40, 50: mean 35
    assert out[0, 0, 10] == pytest.approx(35.0)
    assert out[0, 6, 10] == pytest.approx(41.0)


def test_profile_reproduces_a_history_that_repeats_every_week():
    h = weekly_history(8, lambda w, k: 100 - 10 * w)
    dates = [h.last_day + dt.timedelta(days=1 + i) for i in range(7)]
    out = profile(h, day_kinds(h.dates(), "none")[0], dates, day_kinds(dates, "none")[0])
    assert out[0, :, 10] == pytest.approx([100, 90, 80, 70, 60, 50, 40])
    assert out.sum() == pytest.approx(490)


def test_profile_leaves_out_a_day_far_from_its_weekdays_median():
    h = weekly_history(8, lambda w, k: 5.0 if (w == 0 and k == 7) else 100.0)  # last Monday: an outage
    dates = [h.last_day + dt.timedelta(days=1)]
    out = profile(h, day_kinds(h.dates(), "none")[0], dates, day_kinds(dates, "none")[0])
    assert out[0, 0, 10] == pytest.approx(100.0)
    assert baseline(h, None, dates, None)[0, 0, 10] < 80


@pytest.fixture(scope="module")
def cn_history() -> History:
    # Jun–Sep 2026 with the Mid-autumn holiday (Sep 25–27) inside; ends the day before National Day.
    return synthetic_history(dt.date(2026, 6, 1), 122, style="cn", interval=30, seed=7)


def test_a_holiday_week_is_forecast_lower_than_the_same_week_without_the_calendar(cn_history):
    assert cn_history.last_day == dt.date(2026, 9, 30)
    with_cal = forecast(cn_history, horizon=7, calendar="cn", method="profile")
    without = forecast(cn_history, horizon=7, calendar="none", method="profile")
    assert with_cal.values.sum() < 0.6 * without.values.sum()


def test_an_adjusted_working_saturday_is_forecast_like_a_working_day(cn_history):
    f = forecast(cn_history, horizon=21, calendar="cn", method="profile")
    daily = f.values[0].sum(axis=1)
    oct10, oct17 = (dt.date(2026, 10, 10) - f.first_day).days, (dt.date(2026, 10, 17) - f.first_day).days
    assert daily[oct10] > 1.5 * daily[oct17]


def test_without_past_holidays_a_holiday_is_forecast_like_a_sunday():
    h = synthetic_history(dt.date(2026, 7, 6), 70, style="cn", interval=60, seed=2)  # no holiday inside
    assert HOLIDAY not in day_kinds(h.dates(), "cn")[0]
    f = forecast(h, horizon=7, start=dt.date(2026, 10, 1), calendar="cn", method="profile")
    sunday = f.values[0, 3]  # Oct 4 is a Sunday (and a holiday)
    assert f.values[0, 0] == pytest.approx(sunday)


# --- events, contract, determinism ---------------------------------------------------------------


def test_an_event_multiplies_only_its_days_and_skill():
    values = np.ones((2, 3, 4))
    days = [dt.date(2026, 11, 10), dt.date(2026, 11, 11), dt.date(2026, 11, 12)]
    out = apply_events(
        values, ("a", "b"), days, [Event(days[1], days[2], 1.5, "b"), Event(days[0], days[0], 0.5)]
    )
    assert out[:, 0].tolist() == [[0.5] * 4] * 2
    assert out[0, 1:].sum() == 8 and out[1, 1:].sum() == 12


def test_an_event_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        Event(dt.date(2026, 1, 2), dt.date(2026, 1, 1), 2.0)


def test_one_row_per_interval_day_and_skill_with_the_centers_offset():
    h = synthetic_history(dt.date(2026, 3, 2), 35, skills=("订购", "投诉"), interval=15, seed=1)
    f = forecast(h, horizon=3, method="baseline")
    rows = f.rows()
    assert len(rows) == 3 * 96 * 2
    assert (
        rows[0]["start"] == "2026-04-06T00:00:00+08:00" and rows[-1]["start"] == "2026-04-08T23:45:00+08:00"
    )
    assert {r["skill"] for r in rows} == {"订购", "投诉"}
    assert all(r["calls"] >= 0 for r in rows)


def test_history_on_or_after_the_start_is_not_used():
    h = synthetic_history(dt.date(2026, 3, 2), 42, interval=60, seed=4)
    start = dt.date(2026, 3, 30)
    assert forecast(h, horizon=7, start=start, method="profile").values.tolist() == (
        forecast(h.before(start), horizon=7, method="profile").values.tolist()
    )


def test_the_same_input_gives_the_same_forecast():
    a = synthetic_history(dt.date(2026, 3, 2), 49, interval=30, seed=5)
    b = synthetic_history(dt.date(2026, 3, 2), 49, interval=30, seed=5)
    assert forecast(a, horizon=7).rows() == forecast(b, horizon=7).rows()


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 10_000),
    st.sampled_from([0.5, 2.0, 3.0]),
    st.sampled_from(["baseline", "profile", "blend"]),
)
def test_scaling_the_history_scales_the_forecast(seed, k, method):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.uniform(0, 20, size=(1, 1, 24)), size=(1, 30, 24)).astype(float)
    h = History(60, "Asia/Shanghai", dt.date(2026, 3, 2), ("",), _frozen(counts))
    h2 = History(60, "Asia/Shanghai", dt.date(2026, 3, 2), ("",), _frozen(counts * k))
    f1, f2 = forecast(h, horizon=7, method=method), forecast(h2, horizon=7, method=method)
    assert np.all(f1.values >= 0)
    assert f2.values == pytest.approx(f1.values * k)


# --- backtest ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style,first,calendar", [("cn", dt.date(2026, 6, 1), "cn"), ("bank", dt.date(2025, 1, 5), "none")]
)
def test_the_shipped_method_beats_the_four_week_baseline_on_held_out_weeks(style, first, calendar):
    h = synthetic_history(first, 7 * 18, style=style, interval=30, seed=11)
    scores = {s.method: s for s in backtest(h, weeks=6, calendar=calendar)}
    assert scores["profile"].wape < scores["baseline"].wape
    assert scores["auto"].wape <= scores["baseline"].wape
    assert abs(scores["auto"].bias) < 0.05


def test_auto_keeps_robust_when_nothing_beats_it():
    # Every interval is the same every day: all methods are exact, so the tie keeps robust.
    h = weekly_history(6, lambda w, k: 50.0)
    assert choose_method(h, day_kinds(h.dates(), "none")[0]) == "robust"


def test_a_backtest_needs_three_weeks_of_history():
    with pytest.raises(ValueError, match="at least 21 days"):
        backtest(weekly_history(2, lambda w, k: 1.0))


def test_mstl_gives_a_non_negative_forecast_of_the_right_shape():
    h = synthetic_history(dt.date(2026, 3, 2), 35, interval=60, seed=3)
    f = forecast(h, horizon=2, method="mstl", calendar="none")
    assert f.values.shape == (1, 2, 24) and np.all(f.values >= 0)
    assert f.values[0, 0, 10] > f.values[0, 0, 3]  # the morning peak survives
