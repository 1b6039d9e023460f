"""Every channel staffed (§5): known answers and properties of the workload and backlog staffing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.channels import (
    backlog_delays,
    backlog_staffing,
    chat_agents,
    staffing_method,
    workload_agents,
)

HOUR = 3600.0


def test_methods_of_the_channels():
    assert [staffing_method(c) for c in ("call_in", "chat", "call_out", "email", "fax")] == [
        "erlang", "erlang", "workload", "backlog", "backlog",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        staffing_method("pigeon")


def test_chat_agents_handle_several_chats_at_once():
    assert (
        chat_agents(7, 3) == 3
        and chat_agents(6, 3) == 2
        and chat_agents(0, 2) == 0
        and chat_agents(5, 1) == 5
    )


def test_outbound_workload_known_answer():
    # 30 attempts × 120 s = 3600 s of work in a 1800 s interval at 80 % productive = 1440 s per agent
    assert workload_agents([30, 24, 0], interval_s=1800, handle_s=120, productive=0.8) == [3, 2, 0]


def test_one_interval_of_email_needs_the_work_over_the_deadline():
    # 10 emails × 360 s = 3600 agent-seconds due within 1800 s → 2 agents
    assert backlog_staffing([10], interval_s=1800, handle_s=360, deadline_s=1800).agents == (2,)


def test_a_long_deadline_spreads_the_work():
    arrivals = [40] + [0] * 23  # 40 × 360 s = 4 agent-hours at the first hour
    assert backlog_staffing(arrivals, interval_s=HOUR, handle_s=360, deadline_s=4 * HOUR).levels == (1,)
    assert backlog_staffing(arrivals, interval_s=HOUR, handle_s=360, deadline_s=3 * HOUR).levels == (2,)
    assert backlog_staffing(arrivals, interval_s=HOUR, handle_s=360, deadline_s=HOUR).levels == (4,)


def test_the_deadline_runs_on_open_time():
    # open 08–18 each day; 10 faxes at 20:00, due within 1 open hour: answered 08:00–09:00 by one agent
    hours = [8 <= h % 24 < 18 for h in range(48)]
    arrivals = [0.0] * 48
    arrivals[20] = 10
    plan = backlog_staffing(arrivals, interval_s=HOUR, handle_s=360, deadline_s=HOUR, open_intervals=hours)
    assert plan.levels == (1,)
    assert plan.agents[20] == 0 and plan.agents[32] == 1 and plan.max_delay_s == pytest.approx(HOUR)
    assert plan.backlog[20] == pytest.approx(10) and plan.backlog[32] == pytest.approx(0)


def test_per_day_levels_follow_each_days_volume():
    day1 = [10.0] * 24  # 10 emails an hour × 360 s = 1 agent
    day2 = [30.0] * 24  # 3 agents
    plan = backlog_staffing(day1 + day2, interval_s=HOUR, handle_s=360, deadline_s=HOUR, block=24)
    assert plan.levels == (1, 3) and plan.agents[0] == 1 and plan.agents[24] == 3


def test_items_due_after_the_horizon_are_left_to_the_next_plan():
    plan = backlog_staffing([0, 0, 5], interval_s=HOUR, handle_s=HOUR, deadline_s=24 * HOUR)
    assert plan.levels == (0,) and plan.backlog[-1] == pytest.approx(5)


def test_refusals():
    with pytest.raises(ValueError):
        backlog_staffing([1], interval_s=HOUR, handle_s=60, deadline_s=0)
    with pytest.raises(ValueError):
        backlog_staffing([-1], interval_s=HOUR, handle_s=60, deadline_s=60)
    with pytest.raises(ValueError):
        backlog_staffing([1], interval_s=HOUR, handle_s=60, deadline_s=60, open_intervals=[False])


volumes = st.lists(st.floats(min_value=0, max_value=40, allow_nan=False), min_size=1, max_size=30)
opens = st.lists(st.booleans(), min_size=30, max_size=30)


def _meets(arrivals, agents, deadline, is_open):
    plan_open = is_open[: len(arrivals)]
    delays = backlog_delays(arrivals, agents, interval_s=1800, handle_s=300, open_intervals=plan_open)
    clock = [0.0]
    for o in plan_open:
        clock.append(clock[-1] + (1800 if o else 0))
    for j, d in enumerate(delays):
        if arrivals[j] > 0 and clock[j] + deadline <= clock[-1]:
            if d is None or d > deadline + 1e-6:
                return False
    return True


@settings(max_examples=60, deadline=None)
@given(volumes, st.sampled_from([900.0, 1800.0, 4 * HOUR, 24 * HOUR]), opens)
def test_the_level_meets_the_deadline_and_is_the_least(arrivals, deadline, is_open):
    is_open = [True, *is_open[1:]]
    plan = backlog_staffing(
        arrivals, interval_s=1800, handle_s=300, deadline_s=deadline, open_intervals=is_open[: len(arrivals)]
    )
    n = plan.levels[0]
    assert _meets(arrivals, plan.agents, deadline, is_open)
    if n > 0:
        fewer = [max(0, x - 1) for x in plan.agents]
        assert not _meets(arrivals, fewer, deadline, is_open)


@settings(max_examples=60, deadline=None)
@given(volumes, volumes, st.sampled_from([900.0, 1800.0, 4 * HOUR]))
def test_more_items_never_need_fewer_agents(arrivals, extra, deadline):
    more = [a + (extra[k] if k < len(extra) else 0) for k, a in enumerate(arrivals)]
    base = backlog_staffing(arrivals, interval_s=1800, handle_s=300, deadline_s=deadline).levels[0]
    assert backlog_staffing(more, interval_s=1800, handle_s=300, deadline_s=deadline).levels[0] >= base


@settings(max_examples=60, deadline=None)
@given(volumes, st.floats(min_value=300, max_value=HOUR), st.floats(min_value=1, max_value=20))
def test_a_longer_deadline_never_needs_more_agents(arrivals, deadline, factor):
    short = backlog_staffing(arrivals, interval_s=1800, handle_s=300, deadline_s=deadline).levels[0]
    long = backlog_staffing(arrivals, interval_s=1800, handle_s=300, deadline_s=deadline * factor).levels[0]
    assert long <= short


@settings(max_examples=40, deadline=None)
@given(volumes)
def test_per_day_levels_meet_the_deadline(arrivals):
    plan = backlog_staffing(arrivals, interval_s=1800, handle_s=300, deadline_s=HOUR, block=6)
    assert _meets(arrivals, plan.agents, HOUR, [True] * len(arrivals))
