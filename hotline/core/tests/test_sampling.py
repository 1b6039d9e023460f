import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.sampling import H2_CRITERIA, is_eligible, sample_period, select_recordings

SH = ZoneInfo("Asia/Shanghai")
H1 = Period(2026, 3, 1)  # 2026-03-02 is a Monday
H2 = Period(2026, 3, 2)  # 2026-03-16 is a Monday, 03-20 and 03-27 Fridays


def call(cid, when, seconds, *, agent="1001", recording="r.wav", abandoned=False, tz=SH):
    """`when` is 'MM-DD HH:MM[:SS]' in March 2026, local time."""
    answered = dt.datetime.strptime(
        f"2026-{when}", "%Y-%m-%d %H:%M:%S" if when.count(":") == 2 else "%Y-%m-%d %H:%M"
    )
    answered = answered.replace(tzinfo=tz)
    if abandoned:
        return CallRecord(cid, agent, None, answered, abandoned=True, recording=recording)
    return CallRecord(cid, agent, answered, answered + dt.timedelta(seconds=seconds), recording=recording)


def picked(selection):
    return [(p.call_id, p.criterion) for p in selection.picks]


# --- eligibility ---------------------------------------------------------------------------------


def test_a_call_of_exactly_min_seconds_is_eligible_and_one_just_under_is_not():
    assert is_eligible(call("a", "03-02 09:00", 15), H1)
    assert not is_eligible(call("b", "03-02 09:00", 14.999), H1)
    assert is_eligible(call("c", "03-02 09:00", 10), H1, min_seconds=10)


def test_unrecorded_abandoned_evaluated_and_out_of_period_calls_are_not_eligible():
    assert not is_eligible(call("a", "03-02 09:00", 60, recording=""), H1)
    assert not is_eligible(call("b", "03-02 09:00", 60, abandoned=True), H1)
    assert not is_eligible(call("c", "03-02 09:00", 60), H1, already_evaluated=frozenset({"c"}))
    assert not is_eligible(call("d", "03-16 09:00", 60), H1)


def test_a_file_without_a_recording_column_counts_answered_calls_as_recorded():
    c = call("a", "03-02 09:00", 60, recording="")
    c = CallRecord(c.call_id, c.agent, c.answered_at, c.ended_at, has_recording_column=False)
    assert is_eligible(c, H1)


def test_the_period_is_judged_on_the_local_date_of_the_answer_time():
    late_utc = call("a", "03-15 17:30", 60, tz=dt.UTC)  # 03-16 01:30 in Shanghai
    assert is_eligible(late_utc, H2) and not is_eligible(late_utc, H1)
    assert is_eligible(late_utc, H1, tz="UTC")


# --- H1 ------------------------------------------------------------------------------------------


def test_first_half_ranks_weekdays_by_calls_with_monday_before_sunday_on_ties():
    calls = [
        call("tue-a", "03-03 09:00", 30), call("tue-b", "03-03 10:00", 60), call("tue-c", "03-03 11:00", 100),
        call("tue-x", "03-10 09:00", 60),
        call("sun-a", "03-01 09:00", 20), call("sun-b", "03-01 10:00", 40),
        call("mon-b", "03-09 09:00", 60), call("mon-a", "03-02 09:00", 60),
        call("wed", "03-04 09:00", 60), call("thu", "03-05 09:00", 60),
        call("fri", "03-06 09:00", 60), call("sat", "03-07 09:00", 60),
    ]  # fmt: skip
    s = select_recordings(calls, H1)
    assert picked(s) == [
        ("tue-b", "weekday"),  # Tuesday has 4 calls; 03-03 has 3 of them; 60 is closest to 63.3
        ("mon-a", "weekday"),  # Monday 2 calls, ties Sunday 2 → Monday first; dates tie → earlier
        ("sun-a", "weekday"),  # average 30: 20 and 40 tie → earlier start
        ("wed", "weekday"),
        ("thu", "weekday"),  # Friday and Saturday tie Thursday at one call but come later in the week
    ]
    assert not s.short and s.eligible == 12


def test_equal_distance_and_equal_start_fall_to_the_smaller_call_id():
    calls = [call("b", "03-02 09:00", 20), call("a", "03-02 09:00", 40)]
    assert picked(select_recordings(calls, H1))[0] == ("a", "weekday")


def test_weekend_only_agent_gets_fill_picks_from_unused_dates_then_round_robin():
    calls = [
        call("sat7-20", "03-07 09:00", 20), call("sat7-30", "03-07 10:00", 30), call("sat7-70", "03-07 11:00", 70),
        call("sun8-late", "03-08 10:00", 90), call("sun8-early", "03-08 09:00", 50),
        call("sat14", "03-14 09:00", 45),
    ]  # fmt: skip
    s = select_recordings(calls, H1)
    assert picked(s) == [
        ("sat7-30", "weekday"),  # Saturday (4 calls) first; its busiest date 03-07, average 40
        ("sun8-early", "weekday"),  # average 70: tie → earlier start
        ("sat14", "fill"),  # the date not used yet
        ("sat7-20", "fill"),  # then the used dates, most calls first: next closest to 40
        ("sun8-late", "fill"),
    ]


def test_fewer_than_five_eligible_calls_are_all_taken_and_the_session_is_short():
    calls = [
        call("a", "03-02 09:00", 30), call("b", "03-02 10:00", 50), call("c", "03-02 11:00", 60),
        call("d", "03-02 12:00", 10),  # too short
    ]  # fmt: skip
    s = select_recordings(calls, H1)
    assert picked(s) == [("b", "weekday"), ("c", "fill"), ("a", "fill")]  # average 46.7
    assert s.short and s.eligible == 3 and "3 eligible" in s.reason


# --- H2 ------------------------------------------------------------------------------------------


def test_second_half_picks_longest_shortest_first_monday_last_friday_and_the_call_after_the_longest_gap():
    calls = [
        call("m1", "03-16 09:00", 60), call("m2", "03-16 09:30", 300),
        call("t1", "03-17 09:00", 20),
        call("w1", "03-18 09:00", 45), call("w2", "03-18 11:00", 50),
        call("f1", "03-20 09:00", 40), call("f2", "03-20 09:10", 35), call("f3", "03-27 16:00", 55),
    ]  # fmt: skip
    assert picked(select_recordings(calls, H2)) == [
        ("m2", "longest"), ("t1", "shortest"), ("m1", "first-monday"), ("f3", "last-friday"),
        ("w2", "longest-gap"),
    ]  # fmt: skip


def test_without_mondays_or_fridays_the_date_order_stands_in_and_overlapping_calls_have_negative_gaps():
    calls = [
        call("x1", "03-17 09:00", 100), call("x2", "03-17 09:05", 30),  # gap 3 min 20 s (x1 taken)
        call("x3", "03-18 09:00", 20),
        call("x4", "03-21 09:00", 50), call("x5", "03-21 09:00:30", 60),  # overlaps x4: gap −20 s
        call("x6", "03-28 18:00", 70),
    ]  # fmt: skip
    assert picked(select_recordings(calls, H2)) == [
        ("x1", "longest"), ("x3", "shortest"), ("x2", "first-monday"), ("x6", "last-friday"),
        ("x5", "longest-gap"),
    ]  # fmt: skip


def test_when_every_monday_call_is_taken_the_earliest_remaining_call_follows_and_gaps_run_dry_into_fill():
    calls = [
        call("m1", "03-16 09:00", 300), call("t1", "03-17 09:00", 20), call("a", "03-17 10:00", 30),
        call("b", "03-18 08:00", 40), call("f1", "03-20 09:00", 50),
    ]  # fmt: skip
    assert picked(select_recordings(calls, H2)) == [
        ("m1", "longest"), ("t1", "shortest"), ("a", "first-monday"), ("f1", "last-friday"), ("b", "fill"),
    ]  # fmt: skip


def test_equal_durations_fall_to_the_earlier_start():
    calls = [call("p", "03-17 10:00", 60), call("q", "03-17 09:00", 60), call("r", "03-18 09:00", 60)]
    s = select_recordings(calls, H2)
    assert picked(s) == [("q", "longest"), ("p", "shortest"), ("r", "first-monday")]
    assert s.short


def test_the_gap_is_measured_from_the_previous_eligible_call_so_short_calls_do_not_split_it():
    calls = [
        call("L", "03-19 09:00", 600), call("S", "03-21 09:00", 16),
        call("M", "03-23 09:00", 100), call("F", "03-27 09:00", 100),
        call("e1", "03-17 09:00", 60), call("tiny", "03-17 09:30", 5), call("e2", "03-17 10:00", 30),
        call("d1", "03-18 09:00", 60), call("d2", "03-18 09:45", 25),
    ]  # fmt: skip
    assert picked(select_recordings(calls, H2))[-1] == ("e2", "longest-gap")  # 59 min beats 44 min


def test_calls_of_two_agents_cannot_be_selected_together():
    with pytest.raises(ValueError, match="one agent"):
        select_recordings([call("a", "03-02 09:00", 60), call("b", "03-02 09:00", 60, agent="2")], H1)


def test_every_agent_with_calls_in_the_period_is_sampled_in_work_number_order():
    calls = [
        call("a", "03-02 09:00", 60, agent="100"),
        call("b", "03-02 09:00", 5, agent="20"),  # only a too-short call: short with 0 eligible
        call("c", "03-20 09:00", 60, agent="3"),  # only outside the period: not listed
        call("d", "03-03 09:00", 60, agent="A7"),
    ]
    result = sample_period(calls, H1)
    assert [s.agent for s in result.selections] == ["20", "100", "A7"]
    assert [(s.agent, s.eligible) for s in result.short] == [("20", 0), ("100", 1), ("A7", 1)]


# --- properties ----------------------------------------------------------------------------------

_DAY = st.integers(min_value=-2, max_value=17)  # a few days outside each period too
_CALL = st.tuples(
    _DAY, st.integers(0, 86399), st.sampled_from([5, 14, 15, 20, 30, 30, 45, 60, 60, 120]), st.booleans()
)


def _build(period, raw):
    calls = []
    for i, (offset, second, seconds, recorded) in enumerate(raw):
        day = period.start + dt.timedelta(days=offset)
        start = dt.datetime.combine(day, dt.time(), SH) + dt.timedelta(seconds=second)
        rec = "r.wav" if recorded or i % 3 else ""
        calls.append(
            CallRecord(f"c{i:03d}", "1001", start, start + dt.timedelta(seconds=seconds), recording=rec)
        )
    return calls


def _eligible(calls, period):
    return [
        c for c in calls if c.recording and c.duration >= 15 and c.answered_at.astimezone(SH).date() in period
    ]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([H1, H2]), st.lists(_CALL, max_size=40), st.randoms(use_true_random=False))
def test_selection_is_deterministic_distinct_and_takes_five_whenever_five_are_eligible(period, raw, rnd):
    calls = _build(period, raw)
    s = select_recordings(calls, period, agent="1001")
    shuffled = list(calls)
    rnd.shuffle(shuffled)
    assert select_recordings(shuffled, period, agent="1001") == s
    eligible = {c.call_id for c in _eligible(calls, period)}
    ids = [p.call_id for p in s.picks]
    assert len(set(ids)) == len(ids)
    assert set(ids) <= eligible
    assert len(ids) == min(5, len(eligible))
    assert s.eligible == len(eligible) and s.short == (len(eligible) < 5)


@settings(max_examples=150, deadline=None)
@given(st.lists(_CALL, max_size=40))
def test_first_half_picks_fall_on_as_many_different_weekdays_as_the_agent_worked_up_to_five(raw):
    calls = _build(H1, raw)
    s = select_recordings(calls, H1, agent="1001")
    worked = {c.answered_at.astimezone(SH).weekday() for c in _eligible(calls, H1)}
    days = [p.date.weekday() for p in s.picks if p.criterion == "weekday"]
    assert len(days) == len(set(days)) == min(5, len(worked))
    assert len({p.date.weekday() for p in s.picks}) == min(5, len(worked))
    criteria = [p.criterion for p in s.picks]
    assert criteria == sorted(criteria, key=["weekday", "fill"].index)


@settings(max_examples=150, deadline=None)
@given(st.lists(_CALL, max_size=40))
def test_second_half_criteria_come_in_the_spec_order(raw):
    s = select_recordings(_build(H2, raw), H2, agent="1001")
    criteria = [p.criterion for p in s.picks]
    expected = list(H2_CRITERIA[: len(criteria)])
    if len(criteria) == 5 and criteria[4] == "fill":
        expected[4] = "fill"
    assert criteria == expected
    if s.picks:
        assert s.picks[0].duration == max(c.duration for c in _eligible(_build(H2, raw), H2))


def test_shuffled_input_of_a_large_log_gives_the_same_sample():
    rnd = random.Random(7)
    calls = []
    for i in range(2000):
        start = dt.datetime(2026, 3, 16, 8, tzinfo=SH) + dt.timedelta(minutes=rnd.randrange(16 * 24 * 60))
        calls.append(
            CallRecord(
                f"k{i}",
                f"{rnd.randrange(30):03d}",
                start,
                start + dt.timedelta(seconds=rnd.choice([10, 30, 60, 90])),
                recording="x",
            )
        )
    first = sample_period(calls, H2)
    rnd.shuffle(calls)
    assert sample_period(calls, H2) == first
    assert all(len(s.picks) == 5 for s in first.selections)


def test_fridays_with_the_same_start_fall_to_the_smaller_call_id_and_the_twin_follows_it():
    calls = [
        call("L", "03-19 09:00", 600), call("S", "03-21 09:00", 16), call("M", "03-23 09:00", 100),
        call("fb", "03-27 16:00", 40), call("fa", "03-27 16:00", 40),
    ]  # fmt: skip
    assert picked(select_recordings(calls, H2))[3:] == [("fa", "last-friday"), ("fb", "longest-gap")]


def test_talk_seconds_stand_in_when_the_end_time_is_missing():
    answered = dt.datetime(2026, 3, 2, 9, tzinfo=SH)
    c = CallRecord("a", "1001", answered, None, talk_seconds=20.0, recording="r.wav")
    assert is_eligible(c, H1) and not is_eligible(c, H1, min_seconds=21)


def test_the_eligible_ids_are_the_pool_and_selecting_from_them_alone_gives_the_same_picks():
    from hotline.core.sampling import eligible_call_ids

    rng = random.Random(7)
    period = Period(2026, 11, 1)
    calls = []
    for i in range(40):
        start = dt.datetime(2026, 10, 30, 9, tzinfo=ZoneInfo("Asia/Shanghai")) + dt.timedelta(hours=7 * i)
        talk = rng.choice([5, 14.9, 15, 40, 90, 300])
        calls.append(
            CallRecord(f"k{i:02d}", "8001", start, start + dt.timedelta(seconds=talk), recording="r")
        )
    done = {"k10", "k11"}
    ids = eligible_call_ids(calls, period, already_evaluated=done)
    assert not set(ids) & done and ids == tuple(sorted(ids, key=lambda i: int(i[1:])))
    full = select_recordings(calls, period, already_evaluated=done)
    assert full.eligible == len(ids)
    only = select_recordings([c for c in calls if c.call_id in set(ids)], period)
    assert only.picks == full.picks
