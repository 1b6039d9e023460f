"""The instant-level path of §3.2 selection (``select_from_instants``, the database path) and the
integer local-date arithmetic it rests on."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core import sampling
from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.sampling import epoch_micro, seconds_to_micro, select_from_instants, select_recordings

SH = ZoneInfo("Asia/Shanghai")
ZONES = [
    "Asia/Shanghai", "America/Santiago", "America/New_York", "Europe/London", "America/Havana",
    "Australia/Lord_Howe", "Australia/Adelaide", "Asia/Tehran", "Asia/Kathmandu", "Pacific/Apia", "UTC",
]  # fmt: skip
# UTC moments near clock changes (and one near the Samoa date-line jump of 2011-12-29/31)
NEAR = [
    dt.datetime(2026, 4, 5, 3, tzinfo=dt.UTC), dt.datetime(2026, 9, 6, 4, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC), dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 4, 4, 15, tzinfo=dt.UTC), dt.datetime(2011, 12, 30, 10, tzinfo=dt.UTC),
    dt.datetime(2026, 4, 4, 16, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 3, 16, 30, tzinfo=dt.UTC),
    dt.datetime(2021, 9, 21, 19, 30, tzinfo=dt.UTC), dt.datetime(2021, 3, 21, 20, 30, tzinfo=dt.UTC),
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(NEAR),
    st.integers(-3 * 86_400_000_000, 3 * 86_400_000_000),
)
def test_local_dates_from_instants_equal_astimezone_dates_across_clock_changes(zone, near, shift):
    us = epoch_micro(near) + shift
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)
    local = moment.astimezone(ZoneInfo(zone)).date()
    assert sampling._local_days(ZoneInfo(zone)).ordinal(us) == local.toordinal()
    period = Period(local.year, local.month, 1 if local.day <= 15 else 2)
    record = CallRecord("x", "1", moment, moment + dt.timedelta(seconds=60), recording="r")
    assert sampling.is_eligible(record, period, tz=zone)
    assert not sampling.is_eligible(record, period.next(), tz=zone)


def _records(raw, zone):
    tz = ZoneInfo(zone)
    out = []
    for i, (day, second, micro, seconds, recorded, missing_end) in enumerate(raw):
        start = dt.datetime.combine(dt.date(2026, 3, 1) + dt.timedelta(days=day), dt.time(), tz)
        start = (start + dt.timedelta(seconds=second, microseconds=micro)).astimezone(dt.UTC)
        end = None if missing_end else start + dt.timedelta(seconds=seconds)
        out.append(
            CallRecord(f"c{i:03d}", "1001", start, end, talk_seconds=seconds, recording="r" * recorded)
        )
    return out


_RAW = st.lists(
    st.tuples(
        st.integers(-1, 31), st.integers(0, 86399), st.sampled_from([0, 1, 999_999]),
        st.sampled_from([14.999999, 15, 15.0000001, 30, 30, 61.25, 600]), st.booleans(),
        st.sampled_from([False, False, False, True]),
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    _RAW,
    st.sampled_from([Period(2026, 3, 1), Period(2026, 3, 2)]),
    st.sampled_from(["Asia/Shanghai", "America/New_York", "Europe/London"]),
    st.sets(st.sampled_from([f"c{i:03d}" for i in range(40)]), max_size=5),
)
def test_bare_instants_give_the_same_selection_as_call_records(raw, period, zone, evaluated):
    calls = _records(raw, zone)
    rows = [
        (
            c.call_id,
            epoch_micro(c.answered_at),
            epoch_micro(c.ended_at) - epoch_micro(c.answered_at)
            if c.ended_at
            else seconds_to_micro(c.talk_seconds),
        )
        for c in calls
        if c.recording
    ]
    want = select_recordings(calls, period, tz=zone, already_evaluated=evaluated, agent="1001")
    got = select_from_instants(rows[::-1], period, tz=zone, already_evaluated=evaluated, agent="1001")
    assert got == want
    assert got.eligible == sum(
        1
        for c in calls
        if c.recording and c.duration >= 15 and c.call_id not in evaluated
        and c.answered_at.astimezone(ZoneInfo(zone)).date() in period
    )  # fmt: skip


def test_talk_seconds_become_whole_microseconds_exactly():
    assert seconds_to_micro(15) == 15_000_000
    assert seconds_to_micro(14.999999) == 14_999_999
    assert seconds_to_micro(0.1) == 100_000  # not 100000.00000000001 truncated


def test_a_call_id_given_twice_as_an_instant_is_refused():
    t = epoch_micro(dt.datetime(2026, 3, 2, 9, tzinfo=SH))
    with pytest.raises(ValueError, match="more than once"):
        select_from_instants([("a", t, 60_000_000), ("a", t + 1, 60_000_000)], Period(2026, 3, 1))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3), st.integers(1, 20)), max_size=30))
def test_gaps_follow_the_previous_call_of_the_same_local_date_even_when_dates_do_not_follow_starts(raw):
    pool = sorted({(start, f"k{i}", duration, day) for i, (start, day, duration) in enumerate(raw)})
    want = []
    for day in {c[3] for c in pool}:
        same = [c for c in pool if c[3] == day]  # already in (start, id) order
        want += [(p[0] + p[2] - c[0], c[0], c[1], c) for p, c in zip(same, same[1:], strict=False)]
    assert sorted(sampling._gap_ranking(pool)) == sorted(want)


def test_a_first_half_pick_reports_its_local_date_and_start_in_the_center_zone():
    start = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)  # 03-02 01:30 in Shanghai
    s = select_from_instants([("a", epoch_micro(start), 20_000_000)], Period(2026, 3, 1), agent="1")
    (pick,) = s.picks
    assert (pick.date, pick.started_at, pick.started_at.tzinfo) == (dt.date(2026, 3, 2), start, SH)
    assert (pick.duration, s.short, s.agent) == (20.0, True, "1")
