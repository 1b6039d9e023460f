"""The evaluation's own page (issue 13): one-click acknowledgement, the inline dispute within the
window, a Chinese refusal once it has closed, and the wrong people refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hotline.feedback.models import Acknowledgement, Dispute, Message
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory

from .helpers import NON_CRITICAL, submitted_session

ITEM = NON_CRITICAL[1]
pytestmark = pytest.mark.clock("2026-11-10T10:00")


@pytest.fixture
def world(personas):
    personas.reviewer = PersonFactory(
        center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201"
    )
    session = submitted_session(personas.agent, personas.monitor, failed=[ITEM], day=dt.date(2026, 11, 9))
    personas.ev = session.evaluations.order_by("order").first()
    personas.url = reverse("feedback:evaluation", args=[personas.ev.pk])
    return personas


def test_the_agent_reads_the_evaluation_with_its_evaluator_and_deadline(world, login):
    page = login(world.agent).get(world.url).content.decode()
    assert "钱质检" in page and 'id="ack"' in page and 'id="dispute-form"' in page
    assert "2026-11-17" in page  # 5 working days after 11-10


def test_one_click_acknowledges_once_and_is_audited(world, login):
    msg = Message.objects.create(recipient=world.agent, kind="result", title="本期结果",
                                 data={"evaluations": [world.ev.pk]})  # fmt: skip
    c = login(world.agent)
    r = c.post(reverse("feedback:evaluation_ack", args=[world.ev.pk]))
    assert r.status_code == 302
    c.post(reverse("feedback:evaluation_ack", args=[world.ev.pk]))
    ack = Acknowledgement.objects.get()
    assert ack.agent == world.agent and ack.version == world.ev.version
    msg.refresh_from_db()
    assert msg.acknowledged_at is not None  # the inbox does not ask again
    page = c.get(world.url).content.decode()
    assert 'id="ack"' not in page and "已于" in page


def test_an_inline_dispute_on_one_item_keeps_the_items_and_reason(world, login):
    c = login(world.agent)
    r = c.post(
        reverse("feedback:evaluation_dispute", args=[world.ev.pk]), {"reason": "我已问候", "items": [ITEM]}
    )
    d = Dispute.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("feedback:dispute", args=[d.pk])
    assert d.items == [ITEM] and d.reviewer == world.reviewer
    page = c.get(world.url).content.decode()
    assert 'id="dispute-state"' in page and 'id="dispute-form"' not in page


def test_an_empty_reason_is_refused_in_chinese_and_loses_nothing(world, login):
    c = login(world.agent)
    r = c.post(reverse("feedback:evaluation_dispute", args=[world.ev.pk]), {"reason": " ", "items": [ITEM]})
    page = r.content.decode()
    assert r.status_code == 400 and "请填写申诉理由" in page
    assert f'value="{ITEM}" id="pick-{ITEM}" aria-label="申诉此项" checked' in page
    assert not Dispute.objects.exists()


def test_after_the_window_the_page_says_so_and_a_post_is_refused(world, login):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        c = login(world.agent)  # a fresh sign-in: the session of ten days ago has expired
        page = c.get(world.url).content.decode()
        assert 'id="window-closed"' in page and "申诉期已过（截止 2026-11-17）" in page
        r = c.post(reverse("feedback:evaluation_dispute", args=[world.ev.pk]), {"reason": "晚了"})
    assert r.status_code == 400 and "申诉期已过" in r.content.decode()
    assert not Dispute.objects.exists()


def test_the_wrong_people_are_refused(world, login):
    ack = reverse("feedback:evaluation_ack", args=[world.ev.pk])
    dispute = reverse("feedback:evaluation_dispute", args=[world.ev.pk])
    for who in (world.peer, world.outsider, world.other_agent, world.planner):
        c = login(who)
        assert c.get(world.url).status_code == 404, who.name
        assert c.post(ack).status_code == 404
    c = login(world.monitor)  # the evaluator reads it but cannot acknowledge or dispute for the agent
    page = c.get(world.url).content.decode()
    assert 'id="ack"' not in page and 'id="dispute-form"' not in page
    assert c.post(ack).status_code == 404 and c.post(dispute, {"reason": "x"}).status_code == 404
    assert login(world.manager).get(world.url).status_code == 200
    assert not Acknowledgement.objects.exists() and not Dispute.objects.exists()
    assert login(world.agent).get(reverse("feedback:evaluation", args=[999999])).status_code == 404
