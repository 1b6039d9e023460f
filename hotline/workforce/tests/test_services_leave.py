"""Leave (§5): request → team-leader approval → absence (roster, monitoring plan) → appraisal (§6)."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.core.errors import Conflict, Forbidden
from hotline.org.models import Absence, AuditEntry
from hotline.org.selectors import absent_days
from hotline.workforce.models import LeaveRequest
from hotline.workforce.services.leave import (
    LeaveRefused,
    leave_request_cancel,
    leave_request_create,
    leave_request_decide,
    overlapping_team_leave,
)

pytestmark = pytest.mark.clock("2026-11-02T09:00")
D = dt.date


def test_approval_by_the_team_leader_records_the_absence_once_and_is_audited(personas):
    req = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), last_day=D(2026, 11, 11),
                               kind="sick", reason="发烧", actor=personas.agent.user)  # fmt: skip
    leave_request_decide(req=req, approve=True, actor=personas.leader.user)
    req.refresh_from_db()
    assert req.status == LeaveRequest.Status.APPROVED and req.decided_by == personas.leader
    assert req.absence is not None and (req.absence.first_day, req.absence.kind) == (D(2026, 11, 10), "sick")
    assert Absence.objects.filter(person=personas.agent).count() == 1
    assert absent_days([personas.agent], D(2026, 11, 1), D(2026, 11, 30))[personas.agent.pk] == {
        D(2026, 11, 10), D(2026, 11, 11)
    }  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"leave.request", "leave.approve", "org.absence_add"} <= actions


def test_a_refusal_needs_a_reason_and_keeps_it_for_the_agent(personas):
    req = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), kind="sick")
    with pytest.raises(LeaveRefused, match="须填写原因"):
        leave_request_decide(req=req, approve=False, actor=personas.leader.user)
    leave_request_decide(req=req, approve=False, actor=personas.leader.user, refusal="当天人手不足")
    req.refresh_from_db()
    assert req.status == LeaveRequest.Status.REFUSED and req.refusal == "当天人手不足"
    assert not Absence.objects.exists()
    assert AuditEntry.objects.get(action="leave.refuse").reason == "当天人手不足"
    with pytest.raises(Conflict):
        leave_request_decide(req=req, approve=True, actor=personas.leader.user)


@pytest.mark.parametrize("who", ["stranger", "peer", "monitor", "planner", "outsider"])
def test_only_the_team_leader_or_the_centers_manager_decides(personas, who):
    req = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), kind="sick")
    with pytest.raises(Forbidden):
        leave_request_decide(req=req, approve=True, actor=getattr(personas, who).user)
    leave_request_decide(req=req, approve=True, actor=personas.manager.user)


@pytest.mark.parametrize(
    ("first", "last", "kind", "half", "message"),
    [
        (D(2026, 11, 1), None, "sick", "", "已过去"),
        (D(2026, 11, 12), D(2026, 11, 10), "sick", "", "早于"),
        (D(2026, 11, 3), None, "personal", "", "提前 2 天"),
        (D(2026, 11, 20), None, "annual", "", "提前 30 天"),
        (D(2026, 11, 10), D(2026, 11, 11), "sick", "am", "只能是一天"),
        (D(2026, 11, 10), None, "holiday", "", "未知"),
    ],
)
def test_leave_rules_refuse_in_chinese(personas, first, last, kind, half, message):
    with pytest.raises(LeaveRefused, match=message):
        leave_request_create(agent=personas.agent, first_day=first, last_day=last, kind=kind, half=half)


def test_an_overlapping_request_is_refused_and_a_withdrawn_one_frees_the_days(personas):
    req = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), last_day=D(2026, 11, 12),
                               kind="training")  # fmt: skip
    with pytest.raises(LeaveRefused, match="重叠"):
        leave_request_create(agent=personas.agent, first_day=D(2026, 11, 12), kind="sick")
    with pytest.raises(Forbidden):
        leave_request_cancel(req=req, actor=personas.peer.user)
    leave_request_cancel(req=req, actor=personas.agent.user)
    leave_request_create(agent=personas.agent, first_day=D(2026, 11, 12), kind="sick")


def test_the_approver_sees_a_teammate_already_on_leave(personas):
    first = leave_request_create(agent=personas.peer, first_day=D(2026, 11, 10), kind="sick")
    leave_request_decide(req=first, approve=True, actor=personas.leader.user)
    second = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 9), last_day=D(2026, 11, 10),
                                  kind="sick")  # fmt: skip
    assert [r.agent for r in overlapping_team_leave(second)] == [personas.peer]


def test_approved_sick_leave_reaches_the_appraisal_once(personas):
    from hotline.performance.models import Attendance
    from hotline.performance.selectors import appraisal_inputs

    req = leave_request_create(agent=personas.agent, first_day=D(2026, 11, 10), last_day=D(2026, 11, 12),
                               kind="sick")  # fmt: skip
    leave_request_decide(req=req, approve=True, actor=personas.leader.user)
    # the same sick day imported again from the attendance machine is not counted twice
    Attendance.objects.create(key="k1", agent=personas.agent, date=D(2026, 11, 11), kind="sick", days=1)
    Attendance.objects.create(key="k2", agent=personas.agent, date=D(2026, 11, 20), kind="late")
    events = appraisal_inputs([personas.agent], D(2026, 11, 1))[personas.agent.pk].attendance
    assert sorted((e.kind, e.days) for e in events) == [("late", 1.0), ("sick", 3.0)]
