"""Roster pre-check and publication override (§5): approved leave blocks rostering; the pre-check
names why demand cannot be met; an infeasible roster is published only with an audited reason."""

import datetime as dt

import pytest

from hotline.org.models import Absence, AuditEntry
from hotline.workforce.models import Roster
from hotline.workforce.services.roster import (
    RosterError,
    precheck_lines,
    roster_create,
    roster_precheck,
    roster_publish,
    roster_solve,
)

from .helpers import make_shifts

MONDAY = dt.date(2026, 11, 2)


def _roster(p, counts):
    make_shifts(p.center)
    return roster_create(
        center=p.center, team=p.team_a, first_day=MONDAY, days=7, time_limit_s=5,
        demand={"mode": "counts", "counts": counts, "min_rest_per_week": 2},
    )  # fmt: skip


def test_leave_is_named_in_the_precheck_and_blocks_the_agent(personas):
    Absence.objects.create(person=personas.agent, first_day=MONDAY + dt.timedelta(days=2),
                           last_day=MONDAY + dt.timedelta(days=2), kind="sick")  # fmt: skip
    roster = _roster(personas, {"早": 1, "晚": 1})  # two agents in 一组, 2 a day
    found = roster_precheck(roster)
    day2 = [f for f in found if f["kind"] == "day"]
    assert day2 == [
        {"kind": "day", "day": 2, "need": 2, "available": 1, "on_leave": 1, "days_off": 0,
         "first_minute": None, "end_minute": None, "no_shift": False}
    ]  # fmt: skip
    roster = roster_solve(roster=roster)
    lines = precheck_lines(roster)
    assert "周三 11-04 需要 2 人，最多可排 1 人：1 人请假" in lines
    wed = roster.assignments.get(person=personas.agent, date=MONDAY + dt.timedelta(days=2))
    assert wed.shift.is_rest


def test_an_infeasible_roster_needs_an_explicit_reason_to_publish_and_it_is_audited(personas):
    roster = roster_solve(roster=_roster(personas, {"早": 2, "晚": 1}))  # 3 a day from 2 agents
    assert roster.state == Roster.State.DONE and roster.precheck
    with pytest.raises(RosterError, match="强制发布原因"):
        roster_publish(roster=roster, actor=personas.planner.user)
    roster_publish(roster=roster, actor=personas.planner.user, override_reason="临时借调二组支援")
    roster.refresh_from_db()
    assert roster.status == Roster.Status.PUBLISHED and roster.override_reason == "临时借调二组支援"
    entry = AuditEntry.objects.get(action="roster.publish_override")
    assert entry.reason == "临时借调二组支援" and entry.after["precheck"] > 0


def test_a_feasible_roster_publishes_without_override(personas):
    roster = roster_solve(roster=_roster(personas, {"中": 1}))  # after 中 any shift may follow
    assert roster.precheck == [] and roster.violations == [] and roster.uncovered == []
    roster_publish(roster=roster, actor=personas.planner.user)
    assert AuditEntry.objects.filter(action="roster.publish").exists()
