"""§3.4 monitoring plan: known answers and hypothesis properties."""

import datetime as dt
import os
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.core.plan import LIVE, RECORDING, DoneSession, Overdue, PlanAgent, make_plan

D0 = dt.date(2025, 3, 3)  # a Monday


def days(n):
    return [D0 + dt.timedelta(days=i) for i in range(n)]


def agents(sizes):
    out = []
    for c, size in enumerate(sizes):
        out += [PlanAgent(f"{c}-{i:02d}", f"company{c}") for i in range(size)]
    return out


def placed(plan, agent, kind):
    return [s for s in plan.slots if s.agent == agent and s.kind == kind]


# --- known answers ------------------------------------------------------------------------------


def test_two_monitors_each_take_one_whole_company_and_walk_it_through_the_mornings():
    order = agents([3, 3])
    p = make_plan(days(3), order, ["X", "Y"])
    assert p.assignment_map() == {a.work_number: ("X" if a.company == "company0" else "Y") for a in order}
    x_live = [(s.agent, s.date.day, s.half) for s in p.by_monitor()["X"] if s.kind == LIVE]
    assert x_live == [("0-00", 3, "am"), ("0-01", 4, "am"), ("0-02", 5, "am")]
    assert all(s.half == "pm" for s in p.slots if s.kind == RECORDING)
    assert p.overdue == () and p.warnings == ()


def test_next_period_swaps_the_monitors_when_order_rotates():
    order = agents([3, 3])
    p1 = make_plan(days(3), order, ["X", "Y"])
    p2 = make_plan(days(3), order[3:] + order[:3], ["X", "Y"], previous_assignment=p1.assignment_map())
    assert all(p2.assignment_map()[a] != m for a, m in p1.assignment)


def test_a_company_is_split_only_to_balance_the_loads():
    p = make_plan(days(5), agents([5, 1]), ["X", "Y"])
    loads = p.loads()
    assert loads["X"][LIVE] == loads["Y"][LIVE] == 3
    by_company = Counter((a.split("-")[0], m) for a, m in p.assignment)
    assert by_company[("1", p.assignment_map()["1-00"])] == 1
    # the split company gives away its tail
    assert p.assignment_map()["0-04"] == p.assignment_map()["1-00"]


def test_a_monitor_on_leave_all_period_gets_nothing_and_is_reported():
    p = make_plan(days(4), agents([4]), ["X", "Y"], monitor_leave={"Y": days(4)})
    assert set(p.assignment_map().values()) == {"X"}
    assert [w.code for w in p.warnings] == ["monitor_unavailable"]


def test_a_monitor_on_partial_leave_keeps_an_equal_share_on_fewer_days():
    p = make_plan(days(6), agents([6]), ["X", "Y"], monitor_leave={"Y": days(6)[:4]})
    assert p.loads() == {"X": {LIVE: 3, RECORDING: 3}, "Y": {LIVE: 3, RECORDING: 3}}
    assert {s.date for s in p.slots if s.monitor == "Y"} <= set(days(6)[4:])


def test_an_absent_agent_moves_to_the_next_morning_they_are_present():
    order = agents([3])
    p = make_plan(days(3), order, ["X"], agent_absence={"0-00": [D0]})
    (live,) = placed(p, "0-00", LIVE)
    assert live.date == D0 + dt.timedelta(days=1) and live.moved


def test_an_agent_absent_all_period_is_overdue_for_both_kinds():
    p = make_plan(days(3), agents([2]), ["X", "Y"], agent_absence={"0-01": days(3)})
    assert {(o.agent, o.kind) for o in p.overdue} == {("0-01", LIVE), ("0-01", RECORDING)}
    assert not placed(p, "0-01", LIVE)


def test_carried_over_sessions_come_first_and_keep_the_balance():
    p = make_plan(days(4), agents([4]), ["X", "Y"], carry_over=[Overdue("old-1", LIVE, company="company9")])
    (carried,) = [s for s in p.slots if s.carried]
    assert carried.agent == "old-1" and carried.date == D0 and carried.kind == LIVE
    assert sorted(n[LIVE] for n in p.loads().values()) == [2, 3]
    assert sorted(n[RECORDING] for n in p.loads().values()) == [2, 2]


def test_sessions_beyond_an_explicit_capacity_are_overdue():
    p = make_plan(days(2), agents([5]), ["X"], capacity=2)
    assert len([o for o in p.overdue if o.kind == LIVE]) == 1
    assert max(Counter((s.date, s.half) for s in p.slots).values()) == 2


def test_done_sessions_stay_where_they_were_held():
    order = agents([4])
    done = [DoneSession("0-02", LIVE, D0, "Y")]
    p = make_plan(days(4), order, ["X", "Y"], done=done, not_before=D0 + dt.timedelta(days=1))
    assert placed(p, "0-02", LIVE)[0].done and placed(p, "0-02", LIVE)[0].monitor == "Y"
    assert placed(p, "0-02", RECORDING)[0].monitor == "Y"  # the agent stays with the monitor who began
    assert all(s.date >= D0 + dt.timedelta(days=1) for s in p.slots if not s.done)


def test_a_single_monitor_judges_everyone_without_a_repeat_warning():
    order = agents([2])
    p = make_plan(days(2), order, ["X"], previous_assignment={a.work_number: "X" for a in order})
    assert p.warnings == () and set(p.assignment_map().values()) == {"X"}


def test_the_96_agents_3_monitors_baseline_is_balanced_with_companies_kept_together():
    order = agents([10, 10, 9, 10, 10, 9, 10, 10, 9, 9])
    wd = [d for d in days(15) if d.weekday() < 5]
    p1 = make_plan(wd, order, ["X", "Y", "Z"])
    p2 = make_plan(wd, order[10:] + order[:10], ["X", "Y", "Z"], previous_assignment=p1.assignment_map())
    for p in (p1, p2):
        assert all(v == {LIVE: 32, RECORDING: 32} for v in p.loads().values())
        assert p.overdue == () and p.warnings == ()
        monitors_per_company = Counter(c for c, _ in {(a.split("-")[0], m) for a, m in p.assignment})
        assert sum(n > 1 for n in monitors_per_company.values()) <= 2  # balance splits at most two companies


# --- properties ----------------------------------------------------------------------------------


@st.composite
def problems(draw, *, absences=True, leave=True):
    n_days = draw(st.integers(3, 11))
    wd = days(n_days)
    sizes = draw(st.lists(st.integers(1, 8), min_size=1, max_size=5))
    order = agents(sizes)
    order = draw(st.permutations(order)) if draw(st.booleans()) else order
    monitors = [f"M{i}" for i in range(draw(st.integers(1, 4)))]
    day_sets = st.lists(st.sampled_from(wd), unique=True, max_size=n_days)
    kw = {}
    if leave:
        kw["monitor_leave"] = {m: draw(day_sets) for m in monitors if draw(st.booleans())}
    if absences:
        kw["agent_absence"] = {a.work_number: draw(day_sets) for a in order if draw(st.integers(0, 4)) == 0}
    return wd, order, monitors, kw


def balanced_previous(draw, order, monitors):
    perm = draw(st.permutations(monitors))
    return {a.work_number: perm[i % len(perm)] for i, a in enumerate(draw(st.permutations(order)))}


def check_once_per_kind(p, order):
    for a in order:
        for k in (LIVE, RECORDING):
            n = len(placed(p, a.work_number, k)) + sum(
                o.agent == a.work_number and o.kind == k for o in p.overdue
            )
            assert n == 1, (a, k)


def check_leave(p, kw):
    for s in p.slots:
        if not s.done:
            assert s.date not in kw.get("monitor_leave", {}).get(s.monitor, ())
            assert s.date not in kw.get("agent_absence", {}).get(s.agent, ())


def check_walk(p, order):
    pos = {a.work_number: i for i, a in enumerate(order)}
    for m, slots in p.by_monitor().items():
        walk = sorted(
            (pos[s.agent], s.date) for s in slots if s.kind == LIVE and not (s.moved or s.carried or s.done)
        )
        assert [d for _, d in walk] == sorted(d for _, d in walk), m


def check_balance(p):
    for k in (LIVE, RECORDING):
        n = [v[k] for v in p.loads().values()]
        assert not n or max(n) - min(n) <= 1, p.loads()


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_agent_gets_one_session_of_each_kind_or_is_overdue_and_leave_is_respected(prob):
    wd, order, monitors, kw = prob
    p = make_plan(wd, order, monitors, **kw)
    check_once_per_kind(p, order)
    check_leave(p, kw)
    check_walk(p, order)
    assert p == make_plan(wd, order, monitors, **kw)  # deterministic


@settings(max_examples=150, deadline=None)
@given(problems(absences=False), st.data())
def test_loads_differ_by_at_most_one_and_no_monitor_repeats_an_agent(prob, data):
    wd, order, monitors, kw = prob
    prev = balanced_previous(data.draw, order, monitors)
    p = make_plan(wd, order, monitors, previous_assignment=prev, **kw)
    assert p.overdue == () or not p.monitors  # only when every monitor is on leave all period
    check_balance(p)
    check_walk(p, order)
    if len(p.monitors) >= 2:
        assert all(prev[a] != m for a, m in p.assignment), p.assignment
        assert not [w for w in p.warnings if w.code == "repeat"]


@settings(max_examples=100, deadline=None)
@given(problems(), st.data())
def test_regenerating_keeps_done_sessions_fixed(prob, data):
    wd, order, monitors, kw = prob
    p1 = make_plan(wd, order, monitors, **kw)
    cut = data.draw(st.sampled_from(wd))
    held = [s for s in p1.slots if s.date < cut and data.draw(st.booleans())]
    done = [DoneSession(s.agent, s.kind, s.date, s.monitor) for s in held]
    leave = dict(kw.get("monitor_leave", {}))
    leave[monitors[-1]] = list(wd)  # a monitor falls ill for the rest of the period
    kw2 = dict(kw, monitor_leave=leave)
    p2 = make_plan(wd, order, monitors, done=done, not_before=cut, **kw2)
    kept = {(s.agent, s.kind): s for s in p2.slots if s.done}
    for s in held:
        k = kept[(s.agent, s.kind)]
        assert (k.date, k.half, k.monitor) == (s.date, s.half, s.monitor)
    check_once_per_kind(p2, order)
    check_leave(p2, kw2)
    assert all(s.date >= cut for s in p2.slots if not s.done)


@settings(max_examples=60, deadline=None)
@given(problems(absences=False, leave=False), st.integers(1, 5))
def test_a_chain_of_periods_never_repeats_a_monitor(prob, steps):
    wd, order, monitors, _ = prob
    prev = {}
    for k in range(steps):
        rotated = order[k % len(order) :] + order[: k % len(order)]
        p = make_plan(wd, rotated, monitors, previous_assignment=prev)
        if len(monitors) >= 2:
            assert all(prev.get(a) != m for a, m in p.assignment)
        check_balance(p)
        prev = p.assignment_map()


# --- recording sessions after the period (§3.1, §3.4) ----------------------------------------------

AFTER = [dt.date(2025, 3, 17) + dt.timedelta(days=i) for i in range(5)]  # the Monday–Friday after


def test_recording_sessions_go_to_the_afternoons_after_the_period_balanced_with_the_same_monitor():
    order = agents([3, 3])
    p = make_plan(days(5), order, ["X", "Y"], recording_days=AFTER)
    assert {s.date for s in p.slots if s.kind == LIVE} <= set(days(5))
    assert {(s.date, s.half) for s in p.slots if s.kind == RECORDING} <= {(d, "pm") for d in AFTER}
    assert p.loads() == {"X": {LIVE: 3, RECORDING: 3}, "Y": {LIVE: 3, RECORDING: 3}}
    for a in order:
        (live,) = placed(p, a.work_number, LIVE)
        (rec,) = placed(p, a.work_number, RECORDING)
        assert live.monitor == rec.monitor
    assert p.overdue == () and p.warnings == ()


def test_a_monitor_on_leave_on_every_recording_day_hands_its_recordings_to_the_others():
    p = make_plan(days(5), agents([4]), ["X", "Y"], recording_days=AFTER, monitor_leave={"Y": AFTER})
    assert p.loads()["Y"] == {LIVE: 2, RECORDING: 0} and p.loads()["X"] == {LIVE: 2, RECORDING: 4}
    assert p.overdue == ()


def test_regenerated_inside_the_recording_days_live_is_overdue_and_recordings_are_not_in_the_past():
    cut = AFTER[2]
    done = [DoneSession("0-00", LIVE, D0, "X")]
    p = make_plan(days(5), agents([3]), ["X"], recording_days=AFTER, not_before=cut, done=done)
    assert {(o.agent, o.kind) for o in p.overdue} == {("0-01", LIVE), ("0-02", LIVE)}
    assert all(o.reason == "no working day of the period left" for o in p.overdue)
    assert sorted(s.date for s in p.slots if s.kind == RECORDING) == [AFTER[2], AFTER[3], AFTER[4]]


def test_no_day_at_all_never_divides_by_zero():
    p = make_plan([], agents([2]), ["X"], recording_days=[])
    assert p.slots == () and len(p.overdue) == 4
    p = make_plan(days(2), agents([2]), ["X"], recording_days=[])
    assert {o.kind for o in p.overdue} == {RECORDING} and len(placed(p, "0-00", LIVE)) == 1


def test_a_carried_over_recording_session_is_held_in_the_periods_own_afternoons():
    p = make_plan(days(5), agents([2]), ["X"], recording_days=AFTER, carry_over=[Overdue("old", RECORDING)])
    (carried,) = [s for s in p.slots if s.carried]
    assert (carried.date, carried.half) == (D0, "pm")


@settings(max_examples=int(os.environ.get("HOTLINE_PLAN_EXAMPLES", "100")), deadline=None)
@given(problems(), st.data())
def test_with_recording_days_after_the_period_every_session_is_placed_once_and_leave_is_respected(prob, data):
    wd, order, monitors, kw = prob
    after = [wd[-1] + dt.timedelta(days=i) for i in range(1, data.draw(st.integers(0, 6)) + 1)]
    leave = {m: list(v) + data.draw(st.lists(st.sampled_from(after), unique=True)) if after else list(v)
             for m, v in kw.get("monitor_leave", {}).items()}  # fmt: skip
    kw = dict(kw, monitor_leave=leave)
    p = make_plan(wd, order, monitors, recording_days=after, **kw)
    check_once_per_kind(p, order)
    check_leave(p, kw)
    assert all(s.date in after for s in p.slots if s.kind == RECORDING)
    assert all(s.date in wd for s in p.slots if s.kind == LIVE)
    free_live = all(set(wd) - set(kw.get("monitor_leave", {}).get(m, ())) for m in monitors)
    if (
        not kw.get("agent_absence")
        and all(set(after) - set(v) for v in leave.values())
        and after
        and free_live
    ):
        check_balance(p)  # (a monitor on leave the whole half-month cannot take a live share)
