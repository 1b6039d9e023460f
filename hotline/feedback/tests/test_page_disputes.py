"""Pages: results, dispute, decision, inbox — with the wrong people refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.feedback.models import Dispute, Message
from hotline.feedback.services.disputes import dispute_open
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import Kind

from .helpers import NON_CRITICAL, submitted_session

ITEM = NON_CRITICAL[2]


@pytest.fixture
def world(personas):
    personas.reviewer = PersonFactory(
        center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201"
    )
    personas.rec = submitted_session(personas.agent, personas.monitor, failed=[ITEM])
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE)
    personas.ev = personas.rec.evaluations.order_by("order").first()
    return personas


def test_an_agent_opens_a_dispute_on_one_item_from_the_page(world, login):
    c = login(world.agent)
    r = c.get(reverse("feedback:my_results"))
    assert r.status_code == 200 and "查看 / 申诉" in r.content.decode()
    url = reverse("feedback:dispute_new", args=[world.ev.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {"reason": "我按规范做了", "items": [ITEM]})
    d = Dispute.objects.get()
    assert r.status_code == 302 and d.items == [ITEM] and d.reviewer == world.reviewer


def test_another_agent_gets_404_for_the_dispute_the_evaluation_and_the_inbox(world, login):
    d = dispute_open(evaluation=world.ev, agent=world.agent, reason="x")
    msg = Message.objects.create(recipient=world.agent, kind="urgent", title="只给张三")
    c = login(world.peer)
    assert c.get(reverse("feedback:dispute", args=[d.pk])).status_code == 404
    assert c.get(reverse("feedback:dispute_new", args=[world.ev.pk])).status_code == 404
    assert c.get(reverse("feedback:message", args=[msg.pk])).status_code == 404
    assert c.post(reverse("feedback:message_ack", args=[msg.pk])).status_code == 404
    assert "只给张三" not in c.get(reverse("feedback:inbox")).content.decode()


def test_the_reviewer_adjusts_and_the_agent_sees_both_versions(world, login):
    d = dispute_open(evaluation=world.ev, agent=world.agent, reason="x", items=[ITEM])
    c = login(world.monitor)  # the evaluator may look but not decide
    page = c.get(reverse("feedback:dispute", args=[d.pk])).content.decode()
    assert 'id="decide-form"' not in page
    assert c.post(reverse("feedback:dispute", args=[d.pk]), {"action": "adjusted"}).status_code == 403
    c = login(world.reviewer)
    r = c.post(reverse("feedback:dispute", args=[d.pk]),
               {"action": "adjusted", "explanation": "有复述", f"a_{ITEM}": "yes"})  # fmt: skip
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == Dispute.Status.ADJUSTED
    c = login(world.agent)
    page = c.get(reverse("feedback:dispute", args=[d.pk])).content.decode()
    assert "v1" in page and "v2" in page and "有复述" in page
    assert c.get(reverse("feedback:inbox")).content.decode().count("申诉结果：评分已调整") == 1


def test_rates_and_retaliation_are_for_managers_only(world, login):
    dispute_open(evaluation=world.ev, agent=world.agent, reason="x")
    assert 'id="rates"' in login(world.manager).get(reverse("feedback:disputes")).content.decode()
    assert 'id="rates"' not in login(world.agent).get(reverse("feedback:disputes")).content.decode()
    assert login(world.planner).get(reverse("feedback:consistency")).status_code == 403
    assert login(world.agent).get(reverse("feedback:webhooks")).status_code == 403
    assert login(world.manager).get(reverse("feedback:consistency")).status_code == 200
    assert login(world.monitor).get(reverse("feedback:my_results")).status_code == 403


def test_an_urgent_push_reaches_a_whole_team_and_shows_in_the_unread_badge(world, login):
    c = login(world.leader)
    r = c.post(reverse("feedback:push"), {"title": "注意复述订单", "body": "今天起", "team": world.team_a.pk})
    assert r.status_code == 302
    assert set(Message.objects.values_list("recipient__work_number", flat=True)) == {"8001", "8002"}
    home = login(world.agent).get("/").content.decode()
    assert 'id="unread-count">1<' in home
    assert login(world.agent).get(reverse("feedback:push")).status_code == 403
