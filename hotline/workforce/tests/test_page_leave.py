"""Leave pages (§5): the agent asks, the team leader approves or refuses; wrong role 403, another
center's request 404; refusals shown in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.workforce.models import LeaveRequest

pytestmark = pytest.mark.clock("2026-11-02T09:00")


def _req(p, **kw):
    return LeaveRequest.objects.create(agent=p.agent, first_day=dt.date(2026, 11, 10),
                                       last_day=dt.date(2026, 11, 10), kind="sick", **kw)  # fmt: skip


def test_the_agent_asks_and_sees_the_pending_request(personas, login):
    c = login(personas.agent)
    r = c.post(reverse("workforce:my_leave"), {"kind": "sick", "first_day": "2026-11-10", "reason": "看病"})
    assert r.status_code == 302
    page = c.get(reverse("workforce:my_leave")).content.decode()
    assert "待审批" in page and "看病" in page


def test_a_refused_rule_comes_back_in_chinese_and_nothing_is_saved(personas, login):
    c = login(personas.agent)
    r = c.post(reverse("workforce:my_leave"), {"kind": "annual", "first_day": "2026-11-05"}, follow=True)
    assert "须提前 30 天申请" in r.content.decode()
    assert not LeaveRequest.objects.exists()
    r = c.post(reverse("workforce:my_leave"), {"kind": "sick", "first_day": "not-a-date"})
    assert r.status_code == 200 and "请假申请填写有误" in r.content.decode()


def test_the_team_leader_approves_and_refuses_with_a_reason(personas, login):
    a, b = (
        _req(personas),
        LeaveRequest.objects.create(
            agent=personas.peer, first_day=dt.date(2026, 11, 12), last_day=dt.date(2026, 11, 12), kind="sick"
        ),
    )
    c = login(personas.leader)
    page = c.get(reverse("workforce:leave_approvals")).content.decode()
    assert "张三" in page and "李四" in page
    c.post(reverse("workforce:leave_decide", args=[a.pk]), {"decision": "approve"})
    r = c.post(reverse("workforce:leave_decide", args=[b.pk]), {"decision": "refuse"}, follow=True)
    assert "拒绝请假须填写原因" in r.content.decode()
    c.post(reverse("workforce:leave_decide", args=[b.pk]), {"decision": "refuse", "refusal": "人手不足"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status, b.refusal) == ("approved", "refused", "人手不足")
    assert "人手不足" in login(personas.peer).get(reverse("workforce:my_leave")).content.decode()


@pytest.mark.parametrize("who", ["agent", "monitor", "planner", "trainer"])
def test_roles_that_do_not_approve_leave_get_403(personas, login, who):
    assert login(getattr(personas, who)).get(reverse("workforce:leave_approvals")).status_code == 403


@pytest.mark.parametrize("who", ["leader", "monitor", "manager", "planner"])
def test_only_agents_ask_for_leave(personas, login, who):
    assert login(getattr(personas, who)).get(reverse("workforce:my_leave")).status_code == 403


def test_another_centers_manager_and_another_teams_leader_get_404(personas, login):
    from hotline.org.models import Role
    from hotline.org.tests.factories import PersonFactory

    req = _req(personas)
    other_leader = PersonFactory(center=personas.center, team=personas.team_b, role=Role.TEAM_LEADER,
                                 name="钱组长", work_number="8101")  # fmt: skip
    for p in (personas.outsider, other_leader):
        c = login(p)
        assert "张三" not in c.get(reverse("workforce:leave_approvals")).content.decode()
        assert (
            c.post(reverse("workforce:leave_decide", args=[req.pk]), {"decision": "approve"}).status_code
            == 404
        )
    req.refresh_from_db()
    assert req.status == "pending"


def test_an_agent_cannot_withdraw_someone_elses_request(personas, login):
    req = _req(personas)
    assert login(personas.peer).post(reverse("workforce:my_leave_cancel", args=[req.pk])).status_code == 404
    assert login(personas.agent).post(reverse("workforce:my_leave_cancel", args=[req.pk])).status_code == 302
    req.refresh_from_db()
    assert req.status == "cancelled"


def test_the_pages_are_english_in_english(personas, login):
    c = login(personas.agent)
    c.cookies["django_language"] = "en"
    r = c.get(reverse("workforce:my_leave"), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
