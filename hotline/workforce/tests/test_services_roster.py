"""Roster services (§5): generation with the core solver, publication, personal requests, swaps
and their limits (≤ 1 a month per agent, paid back within a month)."""

import datetime as dt

import pytest

from hotline.core.roster import problem_from_dict
from hotline.core.roster_check import check_roster
from hotline.org.models import AuditEntry
from hotline.org.tests.factories import PersonFactory
from hotline.workforce import selectors
from hotline.workforce.models import RequestStatus, Roster, RosterAssignment, ShiftRequest
from hotline.workforce.services.roster import (
    RosterError,
    SwapRefused,
    problem_data,
    roster_create,
    roster_publish,
    roster_solve,
    shift_request_create,
    shift_request_decide,
    swap_request_create,
    swap_request_decide,
)

from .helpers import make_shifts, published_roster

MONDAY = dt.date(2026, 11, 2)


@pytest.fixture
def team(personas):
    """The team 一组 grown to seven agents, as in the users' example."""
    p = personas
    for i in range(5):
        PersonFactory(center=p.center, company=p.company, team=p.team_a, name=f"小{i}", work_number=f"70{i}")
    return p.team_a


def test_a_generated_roster_keeps_every_rule_and_the_daily_counts(personas, team):
    shifts = make_shifts(personas.center)
    ShiftRequest.objects.create(agent=personas.agent, date=MONDAY + dt.timedelta(days=6), shift=shifts["休"],
                                status=RequestStatus.APPROVED)  # fmt: skip
    roster = roster_create(
        center=personas.center, team=team, first_day=MONDAY, days=14,
        demand={"mode": "counts", "counts": {"早": 2, "中": 1, "晚": 2}, "min_rest_per_week": 2}, time_limit_s=10,
    )  # fmt: skip
    roster = roster_solve(roster=roster)
    assert roster.state == Roster.State.DONE and roster.solver_status in ("optimal", "feasible")
    assert roster.violations == [] and roster.status == Roster.Status.DRAFT
    data = problem_data(roster)
    grid = {}
    for a in roster.assignments.select_related("person", "shift").order_by("date"):
        grid.setdefault(a.person.work_number, []).append(a.shift.short)
    assert check_roster(problem_from_dict(data), grid) == []
    assert grid[personas.agent.work_number][6] == "休"
    for d in range(14):
        day = [row[d] for row in grid.values()]
        assert day.count("早") >= 2 and day.count("中") >= 1 and day.count("晚") >= 2


def test_a_roster_without_a_rest_shift_fails_with_a_message(personas, team):
    roster = roster_create(
        center=personas.center, team=team, first_day=MONDAY, days=7, demand={"mode": "counts"}
    )
    roster = roster_solve(roster=roster)
    assert roster.state == Roster.State.FAILED and "休" in roster.error


def test_publishing_is_audited_and_archives_the_older_overlapping_roster(personas):
    s = make_shifts(personas.center)
    old = published_roster(personas.center, personas.team_a, MONDAY, {personas.agent: "早早早"}, s)
    new = published_roster(
        personas.center, personas.team_a, MONDAY, {personas.agent: "晚晚晚"}, s, status="draft"
    )
    roster_publish(roster=new, actor=personas.planner.user)
    old.refresh_from_db()
    assert old.status == Roster.Status.ARCHIVED
    assert AuditEntry.objects.filter(action="roster.publish", object_id=str(new.pk)).exists()
    assert [
        a.shift.short for a in selectors.my_shifts(personas.agent, MONDAY, MONDAY + dt.timedelta(days=2))
    ] == ["晚"] * 3


def test_an_unsolved_roster_cannot_be_published(personas):
    roster = roster_create(center=personas.center, team=personas.team_a, first_day=MONDAY, days=7, demand={})
    with pytest.raises(RosterError):
        roster_publish(roster=roster)


def test_an_agent_sees_only_their_own_published_shifts(personas):
    s = make_shifts(personas.center)
    published_roster(
        personas.center, personas.team_a, MONDAY, {personas.agent: "早中", personas.peer: "晚休"}, s
    )
    draft = published_roster(
        personas.center,
        personas.team_a,
        MONDAY + dt.timedelta(days=7),
        {personas.agent: "晚"},
        s,
        status="draft",
    )
    mine = list(selectors.my_shifts(personas.agent, MONDAY, MONDAY + dt.timedelta(days=27)))
    assert [(a.person, a.shift.short) for a in mine] == [(personas.agent, "早"), (personas.agent, "中")]
    assert draft.assignments.count() == 1


@pytest.mark.clock("2026-01-05T09:00")  # swaps of past days are refused (§5)
def test_a_second_swap_in_the_same_month_is_refused_for_either_agent(personas):
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 3),
                        payback_date=dt.date(2026, 11, 10))  # fmt: skip
    with pytest.raises(SwapRefused, match="每月最多 1 次"):
        swap_request_create(requester=personas.agent, partner=personas.stranger, date=dt.date(2026, 11, 20),
                            payback_date=dt.date(2026, 11, 25))  # fmt: skip
    with pytest.raises(SwapRefused, match="李四"):
        swap_request_create(requester=personas.stranger, partner=personas.peer, date=dt.date(2026, 11, 20),
                            payback_date=dt.date(2026, 11, 25))  # fmt: skip
    # next month is free again
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 12, 1),
                        payback_date=dt.date(2026, 12, 8))  # fmt: skip


@pytest.mark.clock("2026-01-05T09:00")  # swaps of past days are refused (§5)
def test_a_rejected_swap_does_not_count_towards_the_limit(personas):
    s = swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 3),
                            payback_date=dt.date(2026, 11, 10))  # fmt: skip
    swap_request_decide(swap=s, approve=False, by=personas.leader)
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 4),
                        payback_date=dt.date(2026, 11, 11))  # fmt: skip


@pytest.mark.clock("2026-01-05T09:00")  # swaps of past days are refused (§5)
@pytest.mark.parametrize(
    ("date", "payback", "reason"),
    [
        (dt.date(2026, 11, 3), dt.date(2026, 12, 4), "一个月内还班"),
        (dt.date(2026, 1, 31), dt.date(2026, 3, 1), "2026-02-28"),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3), "晚于调班日期"),
    ],
)
def test_a_swap_must_be_paid_back_after_it_and_within_a_month(personas, date, payback, reason):
    with pytest.raises(SwapRefused, match=reason):
        swap_request_create(requester=personas.agent, partner=personas.peer, date=date, payback_date=payback)


def test_a_swap_with_oneself_or_another_center_is_refused(personas):
    with pytest.raises(SwapRefused):
        swap_request_create(
            requester=personas.agent,
            partner=personas.agent,
            date=MONDAY,
            payback_date=MONDAY + dt.timedelta(days=1),
        )
    with pytest.raises(SwapRefused):
        swap_request_create(requester=personas.agent, partner=personas.other_agent, date=MONDAY,
                            payback_date=MONDAY + dt.timedelta(days=1))  # fmt: skip


@pytest.mark.clock("2026-01-05T09:00")  # swaps of past days are refused (§5)
def test_an_approved_swap_exchanges_the_shifts_on_both_dates_and_is_audited(personas):
    s = make_shifts(personas.center)
    published_roster(
        personas.center, personas.team_a, MONDAY, {personas.agent: "早休晚", personas.peer: "晚早休"}, s
    )
    swap = swap_request_create(requester=personas.agent, partner=personas.peer, date=MONDAY,
                               payback_date=MONDAY + dt.timedelta(days=2))  # fmt: skip
    swap_request_decide(swap=swap, approve=True, by=personas.leader, actor=personas.leader.user)

    def row(p):
        return "".join(a.shift.short for a in RosterAssignment.objects.filter(person=p).order_by("date"))

    assert row(personas.agent) == "晚休休" and row(personas.peer) == "早早晚"
    assert AuditEntry.objects.filter(action="swap.approve").count() == 1
    with pytest.raises(SwapRefused, match="已处理"):
        swap_request_decide(swap=swap, approve=True, by=personas.leader)


def test_personal_requests_are_one_per_date_and_approved_ones_shape_the_next_roster(personas):
    s = make_shifts(personas.center)
    r = shift_request_create(agent=personas.agent, date=MONDAY, shift=s["晚"])
    with pytest.raises(RosterError):
        shift_request_create(agent=personas.agent, date=MONDAY, shift=None)
    shift_request_decide(request=r, approve=True, by=personas.leader)
    off = shift_request_create(agent=personas.peer, date=MONDAY + dt.timedelta(days=1), shift=None)
    shift_request_decide(request=off, approve=True, by=personas.leader)
    roster = roster_create(
        center=personas.center, team=personas.team_a, first_day=MONDAY, days=7, demand={"mode": "counts"}
    )
    data = problem_data(roster)
    assert data["fixed"] == [{"person": "8001", "day": 1, "shift": "晚"}]
    assert {p["name"]: p["days_off"] for p in data["people"]}["8002"] == [2]


@pytest.mark.clock("2026-11-10T09:00")
def test_a_swap_of_a_past_day_is_refused_even_when_approved_later(personas):
    with pytest.raises(SwapRefused, match="已经过去"):
        swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 9),
                            payback_date=dt.date(2026, 11, 16))  # fmt: skip
    swap = swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 12),
                               payback_date=dt.date(2026, 11, 19))  # fmt: skip
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 13, 9, 0, tzinfo=dt.UTC)):
        with pytest.raises(SwapRefused, match="已经过去"):
            swap_request_decide(swap=swap, approve=True, by=personas.leader)


@pytest.mark.clock("2026-11-10T09:00")
def test_swaps_stay_within_the_team_and_are_audited(personas):
    with pytest.raises(SwapRefused, match="同班组"):
        swap_request_create(requester=personas.agent, partner=personas.stranger, date=dt.date(2026, 11, 20),
                            payback_date=dt.date(2026, 11, 25))  # fmt: skip
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 20),
                        payback_date=dt.date(2026, 11, 25), actor=personas.agent.user)  # fmt: skip
    assert AuditEntry.objects.filter(action="swap.request").exists()


@pytest.mark.clock("2026-01-05T09:00")
def test_back_to_back_swaps_need_a_months_notice_and_two_a_year_at_most(personas):
    with pytest.raises(SwapRefused, match="提前一个月"):
        swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 1, 20),
                            payback_date=dt.date(2026, 1, 27), back_to_back=True)  # fmt: skip
    for month in (3, 5):
        swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, month, 10),
                            payback_date=dt.date(2026, month, 17), back_to_back=True)  # fmt: skip
    with pytest.raises(SwapRefused, match="每年最多 2 次"):
        swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 7, 10),
                            payback_date=dt.date(2026, 7, 17), back_to_back=True)  # fmt: skip
    # an ordinary swap that month is still fine
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 7, 10),
                        payback_date=dt.date(2026, 7, 17))  # fmt: skip
