"""The demo traffic model (no database): calendar, peaks, queue, agents' days."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

import pytest

from hotline.demo.traffic import TZ, day_kinds, simulate_center

AGENTS = [str(8001 + i) for i in range(24)]
TUESDAY, NATIONAL_DAY = dt.date(2026, 9, 29), dt.date(2026, 10, 1)


DAYS = [dt.date(2026, 9, 14) + dt.timedelta(days=i) for i in range(25)]  # Mon Sep 14 – Thu Oct 8


@pytest.fixture(scope="module")
def calls():
    return simulate_center(prefix="LF", agents=AGENTS, days=DAYS, seed=7)


def test_the_same_seed_gives_the_same_calls_and_another_seed_other_calls(calls):
    again = simulate_center(prefix="LF", agents=AGENTS, days=DAYS, seed=7)
    other = simulate_center(prefix="LF", agents=AGENTS, days=DAYS, seed=8)
    assert again == calls
    assert [c.started_at for c in other[:50]] != [c.started_at for c in calls[:50]]


def test_call_ids_are_unique_and_carry_the_center_prefix_and_date(calls):
    ids = [c.call_id for c in calls]
    assert len(set(ids)) == len(ids)
    assert all(c.call_id.startswith(f"LF{c.local_date:%Y%m%d}") for c in calls)


def test_a_national_day_holiday_has_far_fewer_calls_than_a_normal_tuesday(calls):
    per_day = Counter(c.local_date for c in calls)
    assert per_day[NATIONAL_DAY] < 0.3 * per_day[TUESDAY]
    assert [k.holiday for k in day_kinds([NATIONAL_DAY])] == ["National Day"]


def test_weekends_are_quieter_than_weekdays(calls):
    per_day = Counter(c.local_date for c in calls)
    saturday = dt.date(2026, 9, 19)  # a plain weekend day (Sunday the 20th is an adjusted working day)
    assert per_day[saturday] < 0.7 * per_day[dt.date(2026, 9, 15)]
    assert per_day[dt.date(2026, 9, 20)] > per_day[saturday]


def test_the_morning_ordering_peak_is_busier_than_the_evening():
    days = [TUESDAY]
    day = simulate_center(prefix="LF", agents=AGENTS, days=days, seed=3)
    by_hour = Counter(c.started_at.astimezone(TZ).hour for c in day if c.direction == "in")
    assert by_hour[9] > 3 * by_hour[19]
    assert by_hour[10] > by_hour[13]
    assert min(by_hour) >= 8 and max(by_hour) <= 20


def test_an_agent_never_handles_two_calls_at_once(calls):
    by_agent = defaultdict(list)
    for c in calls:
        if c.agent:
            by_agent[c.agent].append((c.answered_at, c.ended_at + dt.timedelta(seconds=c.acw_seconds)))
    for spans in by_agent.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start >= end - dt.timedelta(seconds=1)  # times are logged to the second


def test_every_call_is_internally_consistent(calls):
    for c in calls:
        assert len(c.customer) == 11 and c.customer[:2] in ("13", "15", "18")
        if c.abandoned:
            assert c.answered_at is None and c.agent is None and c.wait_seconds is not None
        else:
            assert c.agent is not None
            assert (
                abs((c.ended_at - c.answered_at).total_seconds() - (c.talk_seconds + c.hold_seconds)) < 0.01
            )
        if c.direction == "in":
            assert c.queued_at == c.started_at
        else:
            assert c.queued_at is None and c.wait_seconds is None and c.satisfied is None


def test_queues_grow_on_the_surge_day_after_the_holiday(calls):
    def asa(day):
        return statistics.mean(c.wait_seconds for c in calls if c.local_date == day and c.direction == "in")

    assert asa(dt.date(2026, 10, 8)) > asa(TUESDAY)


def test_agents_work_about_five_days_a_week_and_take_20_to_35_calls_a_day(calls):
    working_week = DAYS[:7]  # Sep 14–20: no holiday
    days_worked = Counter(
        a for a, d in {(c.agent, c.local_date) for c in calls if c.agent} if d in working_week
    )
    assert statistics.mean(days_worked.values()) == pytest.approx(5, abs=1)
    per_agent_day = Counter((c.agent, c.local_date) for c in calls if c.agent and c.local_date == TUESDAY)
    assert 20 <= statistics.mean(per_agent_day.values()) <= 35


def test_abandonment_is_a_few_percent_with_some_short_abandons(calls):
    inbound = [c for c in calls if c.direction == "in" and c.local_date == TUESDAY]
    abandoned = [c for c in inbound if c.abandoned]
    assert 0.01 < len(abandoned) / len(inbound) < 0.15
    assert any(c.wait_seconds < 5 for c in abandoned)


def test_about_thirty_percent_of_answered_inbound_calls_carry_a_satisfaction_answer(calls):
    answered = [c for c in calls if c.direction == "in" and not c.abandoned]
    share = sum(c.satisfied is not None for c in answered) / len(answered)
    assert 0.25 < share < 0.35
    assert any(c.reason for c in answered) and any(c.resolved is False for c in answered)
