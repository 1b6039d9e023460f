"""KPI definitions of SPEC §7 on small hand-made call sets, and the fast path equal to the plain one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core import kpi
from hotline.core.calllog import CallRecord

SH = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 10, 8, 9, 0, 0, tzinfo=SH)


def answered_call(
    cid: str, wait: float | None, talk: float = 100.0, *, agent: str = "A1", hold: float = 0.0,
    acw: float = 0.0, talk_seconds: float | None = None, start: dt.datetime = T0, direction: str = "in",
    center: str = "LF", skill: str = "order", resolved: bool | None = None, satisfied: bool | None = None,
) -> CallRecord:  # fmt: skip
    queued = start if wait is not None else None
    answered = start + dt.timedelta(seconds=wait or 0.0)
    return CallRecord(
        call_id=cid, agent=agent, answered_at=answered, ended_at=answered + dt.timedelta(seconds=talk),
        queued_at=queued, center=center, skill=skill, direction=direction, talk_seconds=talk_seconds,
        hold_seconds=hold, acw_seconds=acw, resolved=resolved, satisfied=satisfied,
    )  # fmt: skip


def abandoned_call(
    cid: str, wait: float | None, *, start: dt.datetime = T0, center: str = "LF", skill: str = "order"
) -> CallRecord:
    """An abandon after ``wait`` seconds; with wait None only the end time is known."""
    return CallRecord(
        call_id=cid, agent="", answered_at=None, ended_at=start + dt.timedelta(seconds=wait or 0.0),
        queued_at=start if wait is not None else None, center=center, skill=skill, abandoned=True,
    )  # fmt: skip


def test_short_abandons_are_left_out_of_offered_and_abandoned():
    calls = [
        answered_call("1", 10),
        abandoned_call("2", 4.9),
        abandoned_call("3", 5.0),
        abandoned_call("4", 30),
    ]
    assert kpi.short_abandons(calls) == 1
    assert kpi.offered(calls) == 3
    assert kpi.abandoned(calls) == 2
    assert kpi.abandonment_rate(calls) == pytest.approx(2 / 3)


def test_an_abandon_without_a_queue_time_cannot_be_short():
    calls = [abandoned_call("1", None), answered_call("2", 3)]
    assert kpi.short_abandons(calls) == 0
    assert kpi.offered(calls) == 2
    assert kpi.abandoned(calls) == 1


def test_the_short_abandon_threshold_is_a_setting():
    calls = [abandoned_call("1", 8), abandoned_call("2", 12)]
    assert kpi.short_abandons(calls, short_abandon=10) == 1
    assert kpi.short_abandons(calls, short_abandon=0) == 0


def test_service_level_counts_a_wait_of_exactly_t_as_within():
    calls = [
        answered_call("1", 20.0),
        answered_call("2", 20.001),
        answered_call("3", 0),
        abandoned_call("4", 60),
    ]
    assert kpi.answered_within(calls, 20) == 2
    assert kpi.service_level(calls, answer_time=20) == pytest.approx(2 / 4)


def test_service_level_has_offered_in_the_denominator_and_excludes_short_abandons():
    calls = [answered_call("1", 5), abandoned_call("2", 2), abandoned_call("3", 25)]
    assert kpi.service_level(calls, 20, 5) == pytest.approx(1 / 2)
    assert kpi.service_level(calls, 20, 0) == pytest.approx(1 / 3)


def test_rates_are_null_not_zero_without_calls():
    assert kpi.abandonment_rate([]) is None
    assert kpi.service_level([]) is None
    assert kpi.asa([]) is None
    assert kpi.aht([]) is None
    assert kpi.fcr([]) == (None, 0)
    assert kpi.satisfaction([]) == (None, 0)
    assert kpi.occupancy(100, 0) is None
    assert kpi.qa_score([]) is None


def test_only_short_abandons_leave_every_rate_null():
    row = kpi.summarise([abandoned_call("1", 1), abandoned_call("2", 2)])
    assert (row.offered, row.abandoned, row.short_abandons) == (0, 0, 2)
    assert row.abandonment_rate is None and row.service_level is None and row.aht is None


def test_service_level_is_null_when_no_wait_is_known_but_asa_skips_only_the_unknown():
    no_queue = [answered_call("1", None), answered_call("2", None)]
    assert kpi.service_level(no_queue) is None
    assert kpi.asa(no_queue) is None
    mixed = [answered_call("1", None), answered_call("2", 10), answered_call("3", 30)]
    assert kpi.service_level(mixed) == pytest.approx(1 / 3)
    assert kpi.asa(mixed) == pytest.approx(20.0)


def test_asa_is_the_mean_wait_of_answered_calls_only():
    calls = [answered_call("1", 10), answered_call("2", 20), abandoned_call("3", 90)]
    assert kpi.asa(calls) == pytest.approx(15.0)


def test_aht_adds_talk_hold_and_after_call_work_over_answered():
    calls = [
        answered_call("1", 5, talk=300, hold=10, acw=20),  # talk from answer → end
        answered_call("2", 5, talk=999, talk_seconds=100),  # talk_seconds wins when present
        abandoned_call("3", 40),
    ]
    assert kpi.aht(calls) == pytest.approx((330 + 100) / 2)


def test_outbound_calls_do_not_count_in_the_queue_kpis():
    calls = [answered_call("1", 5), answered_call("2", None, talk=600, direction="out")]
    row = kpi.summarise(calls)
    assert (row.offered, row.answered, row.outbound) == (1, 1, 1)
    assert row.aht == pytest.approx(100.0)


def test_fcr_and_satisfaction_report_their_sample_sizes():
    calls = [
        answered_call("1", 5, resolved=True, satisfied=True),
        answered_call("2", 5, resolved=False, satisfied=None),
        answered_call("3", 5, resolved=True, satisfied=False),
        answered_call("4", 5),
    ]
    assert kpi.fcr(calls) == (pytest.approx(2 / 3), 3)
    assert kpi.satisfaction(calls) == (pytest.approx(1 / 2), 2)


def test_occupancy_and_qa_score():
    assert kpi.occupancy(2700, 3600) == pytest.approx(0.75)
    assert kpi.qa_score([90, 80, 85]) == pytest.approx(85.0)


def test_every_kpi_has_a_formula_in_both_languages():
    keys = {d.key for d in kpi.DEFINITIONS}
    assert {"offered", "answered", "abandoned", "abandonment_rate", "service_level", "asa", "aht", "occupancy",
            "fcr", "satisfaction", "qa_score", "short_abandons"} <= keys  # fmt: skip
    assert all(d.formula_zh and d.formula_en and d.name_zh and d.unit for d in kpi.DEFINITIONS)


def test_days_are_local_dates_of_the_queue_time():
    late = dt.datetime(2026, 10, 8, 23, 59, 50, tzinfo=SH)  # answered after midnight, queued before
    utc_evening = dt.datetime(2026, 10, 8, 17, 0, tzinfo=dt.UTC)  # 01:00 on the 9th in Shanghai
    calls = [answered_call("1", 30, start=late), answered_call("2", 5, start=utc_evening)]
    assert kpi.group_key(calls[0], "day") == "2026-10-08"
    assert kpi.group_key(calls[1], "day") == "2026-10-09"
    assert kpi.group_key(calls[1], "day", tz="UTC") == "2026-10-08"
    assert kpi.group_key(calls[1], "month") == "2026-10"
    assert kpi.group_key(calls[1], "week") == "2026-W41"
    fast = kpi.summarise_by(calls, "day")
    assert [(r.group, r.offered) for r in fast] == [("2026-10-08", 1), ("2026-10-09", 1)]


def test_grouping_by_center_is_sorted_and_keeps_calls_without_a_value():
    calls = [
        answered_call("1", 5, center="黄岛"), answered_call("2", 50, center="廊坊"),
        abandoned_call("3", 30, center="廊坊"), abandoned_call("4", 30, center=""),
    ]  # fmt: skip
    rows = kpi.summarise_by(calls, "center")
    assert [r.group for r in rows] == sorted(["黄岛", "廊坊", ""])
    lf = next(r for r in rows if r.group == "廊坊")
    assert (lf.offered, lf.answered, lf.abandoned, lf.service_level) == (2, 1, 1, 0.0)


def test_grouping_by_an_unknown_field_is_refused():
    with pytest.raises(ValueError):
        kpi.summarise_by([answered_call("1", 5)], "team")


def test_no_calls_give_no_groups():
    assert kpi.summarise_by([], "day") == []


def _same(a: kpi.KpiRow, b: kpi.KpiRow) -> None:
    da, db = a.as_dict(), b.as_dict()
    for key, va in da.items():
        vb = db[key]
        if isinstance(va, float) or isinstance(vb, float):
            assert va == pytest.approx(vb, rel=1e-9, abs=1e-9), key
        else:
            assert va == vb, key


_call = st.builds(
    lambda i, kind, wait, talk, hold, direction, center, day, res, sat: (
        abandoned_call(str(i), wait, start=T0 + dt.timedelta(hours=day * 11), center=center)
        if kind == "abandon"
        else answered_call(
            str(i),
            wait,
            talk,
            hold=hold,
            start=T0 + dt.timedelta(hours=day * 11),
            direction=direction,
            center=center,
            resolved=res,
            satisfied=sat,
        )
    ),  # fmt: skip
    st.integers(0, 10**6),
    st.sampled_from(["answer", "abandon"]),
    st.one_of(st.none(), st.sampled_from([0.0, 4.0, 5.0, 19.5, 20.0, 21.0, 60.0])),
    st.floats(1, 900),
    st.sampled_from([0.0, 15.0]),
    st.sampled_from(["in", "in", "out"]),
    st.sampled_from(["LF", "HD", ""]),
    st.integers(0, 80),
    st.one_of(st.none(), st.booleans()),
    st.one_of(st.none(), st.booleans()),
)


@settings(max_examples=60, deadline=None)
@given(calls=st.lists(_call, max_size=30), by=st.sampled_from(kpi.GROUPINGS), t=st.sampled_from([0.0, 20.0]))
def test_the_vectorised_path_equals_the_plain_definitions(calls, by, t):
    s = kpi.KpiSettings(answer_time=t, short_abandon=5.0)
    fast = kpi.summarise_by(calls, by, s)
    slow = kpi.summarise_by_loop(calls, by, s)
    assert [r.group for r in fast] == [r.group for r in slow]
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)


def test_local_days_follow_daylight_saving_changes_in_the_fast_path():
    berlin = ZoneInfo("Europe/Berlin")  # clocks go back at 01:00 UTC on 2026-10-25
    starts = [dt.datetime(2026, 10, 24, 21, 59, 59, tzinfo=dt.UTC), dt.datetime(2026, 10, 24, 22, 0, 0, tzinfo=dt.UTC),
              dt.datetime(2026, 10, 25, 22, 59, 59, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 23, 0, 0, tzinfo=dt.UTC)]  # fmt: skip
    calls = [answered_call(str(i), 5, start=s) for i, s in enumerate(starts)]
    fast = kpi.summarise_by(calls, "day", tz=berlin)
    assert [(r.group, r.offered) for r in fast] == [("2026-10-24", 1), ("2026-10-25", 2), ("2026-10-26", 1)]
    assert [r.group for r in kpi.summarise_by_loop(calls, "day", tz=berlin)] == [r.group for r in fast]
