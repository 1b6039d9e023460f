"""Swap approvals (§5): the team leader of the requester's team (or a planner) decides."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline.workforce.models import RequestStatus, ShiftRequest, SwapRequest


def _swap(p):
    return SwapRequest.objects.create(requester=p.agent, partner=p.peer, date=dt.date(2026, 11, 3),
                                      payback_date=dt.date(2026, 11, 10))  # fmt: skip


@pytest.mark.clock("2026-10-20T09:00")  # a swap of a past day is refused (§5)
def test_the_team_leader_approves_a_swap_of_their_team(personas, login):
    swap = _swap(personas)
    c = login(personas.leader)
    assert "张三" in c.get(reverse("workforce:approvals")).content.decode()
    c.post(reverse("workforce:swap_decide", args=[swap.pk]), {"decision": "approve"})
    swap.refresh_from_db()
    assert swap.status == RequestStatus.APPROVED and swap.approver == personas.leader


def test_a_planner_rejects_a_day_off_request(personas, login):
    req = ShiftRequest.objects.create(agent=personas.agent, date=dt.date(2026, 11, 5))
    login(personas.planner).post(reverse("workforce:request_decide", args=[req.pk]), {"decision": "reject"})
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED


def test_agents_cannot_approve_and_other_teams_leaders_do_not_see_the_swap(personas, login):
    from hotline.org.models import Role
    from hotline.org.tests.factories import PersonFactory

    swap = _swap(personas)
    assert login(personas.peer).get(reverse("workforce:approvals")).status_code == 403
    assert (
        login(personas.peer)
        .post(reverse("workforce:swap_decide", args=[swap.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    other_leader = PersonFactory(
        center=personas.center, team=personas.team_b, role=Role.TEAM_LEADER, work_number="8101"
    )
    c = login(other_leader)
    assert (
        c.post(reverse("workforce:swap_decide", args=[swap.pk]), {"decision": "approve"}).status_code == 404
    )
    swap.refresh_from_db()
    assert swap.status == RequestStatus.PENDING
