"""One inbox for messages and quality alerts (issue 11): alerts arrive through quality's signal, are
stored as a key plus parameters and rendered in the reader's language, counted in one place, sent to
the webhook like every message; the inbox page refuses whoever is not the recipient."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from hotline.feedback import selectors, services
from hotline.feedback.models import FeedbackSettings, Message, WebhookDelivery
from hotline.org import texts
from hotline.quality import services as quality_services
from hotline.quality.signals import alert_raised

from .helpers import CRITICAL, submitted_session


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_feedback_handles_qualitys_alert_signal(personas):
    assert alert_raised.has_listeners()
    alert_raised.send(sender=None, agent_id=personas.agent.pk, key="quality.barge_in",
                      params={"at": "2026-11-05T09:30:00+08:00"}, evaluation_id=None)  # fmt: skip
    m = Message.objects.get(recipient=personas.agent)
    assert m.kind == Message.Kind.ALERT and m.heading() == "质检员在实时监听中强拆了通话（2026-11-05 09:30）"
    alert_raised.send(sender=None, agent_id=0, key="quality.barge_in", params={}, evaluation_id=None)
    assert Message.objects.count() == 1  # an unknown person: nothing to deliver


def test_a_major_error_lands_in_the_one_inbox_as_a_key_rendered_in_each_language(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = submitted_session(personas.agent, personas.monitor, failed=[CRITICAL], n=1)
    m = Message.objects.get(recipient=personas.agent)
    assert m.kind == Message.Kind.ALERT and m.key == "quality.major_error" and m.title == ""
    assert m.evaluation == session.evaluations.get() and m.params["kind"] == "recording"
    with translation.override("zh-hans"):
        zh = m.heading()
    with translation.override("en"):
        en = m.heading()
    assert zh.startswith("致命错误：") and "录音监听 2026-11-05" in zh
    assert en.startswith("Major error: ") and "Recording monitoring 2026-11-05" in en
    item = m.params["items"][0]
    assert not re.search(r"[\u4e00-\u9fff]", en.replace(item["zh"], "")) and (
        item["en"] in en or not item["en"]
    )
    assert selectors.unread_count(personas.agent) == 1
    assert [i.kind for i in selectors.inbox_items(personas.agent, Message.objects.all())] == ["alert"]


def test_a_barge_in_alert_fires_the_webhook_like_any_message(personas, django_capture_on_commit_callbacks):
    FeedbackSettings.objects.create(
        center=personas.center, webhook_url="http://127.0.0.1:9/x", webhook_secret="s"
    )
    with django_capture_on_commit_callbacks(execute=True):
        session = submitted_session(personas.agent, personas.monitor, n=1)
    ev = session.evaluations.get()
    from hotline.quality.models import Kind

    session.kind = Kind.LIVE
    session.save(update_fields=["kind"])
    with django_capture_on_commit_callbacks(execute=True):
        quality_services.barge_in_log(evaluation=ev, by=personas.monitor)
    alert = Message.objects.get(recipient=personas.agent, kind=Message.Kind.ALERT)
    assert alert.key == "quality.barge_in"
    d = WebhookDelivery.objects.get(message=alert)
    assert d.payload["kind"] == "alert" and d.payload["key"] == "quality.barge_in"
    assert d.payload["title"].startswith("质检员在实时监听中强拆了通话") and "at" in d.payload["params"]


def test_the_same_stored_message_reads_in_english_and_chinese_on_the_pages(personas, login):
    services.message_send(
        recipients=[personas.agent], kind=Message.Kind.DISPUTE, key="feedback.dispute_upheld",
        params={"explanation": "录音中有复述", "before": 80.0, "after": 80.0},
    )  # fmt: skip
    m = Message.objects.get()
    c = login(personas.agent)
    zh = c.get(f"/feedback/inbox/{m.pk}/").content.decode()
    assert "申诉结果：维持原评分" in zh and "原得分 80.0 → 现得分 80.0" in zh and "录音中有复述" in zh
    en = _english(c).get(f"/feedback/inbox/{m.pk}/").content.decode()
    assert "Dispute result: the score stands" in en and "Score before 80.0 → now 80.0" in en
    assert "录音中有复述" in en  # what a person typed stays as typed
    assert "申诉结果" not in en and "原得分" not in en


def test_an_old_row_without_a_key_shows_its_stored_text():
    m = Message(kind=Message.Kind.ALERT, title="致命错误：旧提醒")
    assert m.heading() == "致命错误：旧提醒" and m.text() == ""
    assert texts.render("no.such.key", {}, fallback="旧") == "旧"


def test_the_inbox_refuses_a_login_without_a_person_and_other_peoples_alerts(client, personas, login):
    from django.contrib.auth import get_user_model

    alert = Message.objects.create(recipient=personas.agent, kind=Message.Kind.ALERT, title="只给张三的提醒")
    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get("/feedback/inbox/").status_code == 403  # no person: not a role with an inbox
    for who in (personas.peer, personas.other_agent, personas.outsider):  # same center, other center
        c = login(who)
        assert c.get(f"/feedback/inbox/{alert.pk}/").status_code == 404
        assert c.post(f"/feedback/alerts/{alert.pk}/ack/").status_code == 404
        assert "只给张三的提醒" not in c.get("/feedback/inbox/").content.decode()
    alert.refresh_from_db()
    assert alert.read_at is None
    c = login(personas.agent)
    assert c.post(f"/feedback/alerts/{alert.pk}/ack/").status_code == 302
    alert.refresh_from_db()
    assert alert.read_at is not None and selectors.unread_count(personas.agent) == 0
