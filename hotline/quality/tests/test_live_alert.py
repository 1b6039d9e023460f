"""§3.6 the live form's major-error alert button: agent and team leader at once, before the submit;
idempotent; audited; refused for the wrong role, another center, a recording session. And the
barge-in that opens a training entry (through ``quality.signals.barge_in_logged``)."""

from __future__ import annotations

import pytest

from hotline.core.errors import Conflict
from hotline.feedback.models import Message
from hotline.org.models import AuditEntry
from hotline.quality import services
from hotline.quality.models import Session
from hotline.quality.services import live as services_live

from .helpers import all_yes

CRITICAL = "attitude.02"


@pytest.fixture(autouse=True)
def _alerts_at_once(monkeypatch):
    """Alerts reach the inbox when the transaction commits; the test's transaction never does."""
    from types import SimpleNamespace

    from hotline.quality import alerts

    monkeypatch.setattr(alerts, "transaction", SimpleNamespace(on_commit=lambda f, **kw: f()))


def _form(ev, **answers):
    data = {f"e{ev.pk}-a-{k}": v for k, v in answers.items()}
    return data


def test_the_button_alerts_the_agent_and_the_team_leader_before_the_submit(personas, live_session, login):
    ev = live_session.evaluations.first()
    data = _form(ev, **{CRITICAL: "no"})
    data[f"e{ev.pk}-c-{CRITICAL}"] = "与客户争执"
    resp = login(personas.monitor).post(f"/quality/evaluations/{ev.pk}/alert/", data)
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["ok"] and not body["already"] and body["items"] == [CRITICAL]
    assert "张三" in body["message"] and "赵组长" in body["message"]
    to_agent = Message.objects.get(kind="alert", recipient=personas.agent)
    to_leader = Message.objects.get(kind="alert", recipient=personas.leader)
    assert "致命错误" in to_agent.heading() and "无服务禁用语" in to_agent.heading()
    assert "张三" in to_leader.heading() and to_leader.evaluation_id == ev.pk
    live_session.refresh_from_db()
    assert live_session.status == Session.Status.DRAFT  # not submitted
    ev.refresh_from_db()
    assert ev.answers[CRITICAL] == "no" and ev.alerted_items == [CRITICAL]  # the marks were kept
    assert AuditEntry.objects.filter(action="quality.live_alert").count() == 1


def test_a_double_click_sends_one_alert_and_the_submit_does_not_repeat_it(
    personas, live_session, login, django_capture_on_commit_callbacks
):
    ev = live_session.evaluations.first()
    client = login(personas.monitor)
    data = _form(ev, **{CRITICAL: "no"})
    assert client.post(f"/quality/evaluations/{ev.pk}/alert/", data).json()["already"] is False
    second = client.post(f"/quality/evaluations/{ev.pk}/alert/", data).json()
    assert second["ok"] and second["already"] and "未重复发送" in second["message"]
    assert Message.objects.filter(kind="alert", evaluation=ev).count() == 2  # agent + leader, once
    full = _form(ev, **(all_yes() | {CRITICAL: "no"}))
    full.update(
        {f"e{ev.pk}-c-{CRITICAL}": "辱骂", f"e{ev.pk}-strengths": "熟练", f"e{ev.pk}-improvements": "情绪"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/quality/sessions/{live_session.pk}/submit/", full).status_code == 302
    live_session.refresh_from_db()
    assert live_session.submitted and live_session.score == 0
    assert Message.objects.filter(kind="alert", evaluation=ev).count() == 2


def test_the_submit_alone_also_reaches_the_team_leader(
    personas, live_session, django_capture_on_commit_callbacks
):
    ev = live_session.evaluations.first()
    data = {"answers": all_yes() | {CRITICAL: "no"}, "comments": {CRITICAL: "辱骂"}, "strengths": "熟练",
            "improvements": "情绪"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_submit(evaluation=ev, data=data)
    assert set(Message.objects.filter(kind="alert", evaluation=ev).values_list("recipient_id", flat=True)) == {
        personas.agent.pk, personas.leader.pk,
    }  # fmt: skip


def test_nothing_marked_is_a_clear_400_and_sends_nothing(personas, live_session, login):
    ev = live_session.evaluations.first()
    resp = login(personas.monitor).post(
        f"/quality/evaluations/{ev.pk}/alert/", _form(ev, **{CRITICAL: "yes"})
    )
    assert resp.status_code == 400 and "致命项" in resp.json()["error"]
    assert not Message.objects.filter(kind="alert").exists()


def test_a_submitted_session_is_a_conflict(personas, live_session):
    ev = live_session.evaluations.first()
    Session.objects.filter(pk=live_session.pk).update(status=Session.Status.SUBMITTED)
    ev.answers = {CRITICAL: "no"}
    ev.save()
    with pytest.raises(Conflict):
        services_live.major_error_alert_send(evaluation=ev, by=personas.monitor)


def test_a_recording_session_has_no_alert_button(personas, rec_session, login):
    ev = rec_session.evaluations.first()
    assert login(personas.monitor).post(f"/quality/evaluations/{ev.pk}/alert/", {}).status_code == 404


def test_the_wrong_role_is_refused_and_another_center_does_not_see_it(personas, live_session, login):
    ev = live_session.evaluations.first()
    data = _form(ev, **{CRITICAL: "no"})
    assert login(personas.agent).post(f"/quality/evaluations/{ev.pk}/alert/", data).status_code == 403
    assert login(personas.leader).post(f"/quality/evaluations/{ev.pk}/alert/", data).status_code == 403
    assert login(personas.outsider).post(f"/quality/evaluations/{ev.pk}/alert/", data).status_code == 404
    assert login(personas.monitor).get(f"/quality/evaluations/{ev.pk}/alert/").status_code == 405
    assert not Message.objects.filter(kind="alert").exists()


def test_the_live_page_has_the_alert_button_and_after_the_submit_the_phone_feedback_link(
    personas, live_session, login
):
    page = login(personas.monitor).get(f"/quality/sessions/{live_session.pk}/").content.decode()
    assert page.count('class="qa-alert"') == 4 and "发送致命错误提醒" in page and "强拆后安排重点培训" in page
    assert "phone-feedback-link" not in page
    Session.objects.filter(pk=live_session.pk).update(status=Session.Status.SUBMITTED)
    page = login(personas.monitor).get(f"/quality/sessions/{live_session.pk}/").content.decode()
    assert "phone-feedback-link" in page and 'class="qa-alert"' not in page


def test_a_barge_in_with_training_opens_a_training_entry_for_the_agent(personas, live_session, login):
    from hotline.feedback.models import TrainingEntry

    ev = live_session.evaluations.first()
    client = login(personas.monitor)
    client.post(
        f"/quality/sessions/{live_session.pk}/draft/",
        {f"e{ev.pk}-barge": "on", f"e{ev.pk}-barge-train": "on"},
    )
    entry = TrainingEntry.objects.get(item_key__startswith="barge-in-")
    assert list(entry.agents.all()) == [personas.agent] and "强拆后重点培训" in entry.topic
    assert entry.created_by == personas.monitor and entry.failure_rate is None
    ev2 = live_session.evaluations.all()[1]
    client.post(f"/quality/sessions/{live_session.pk}/draft/", {f"e{ev2.pk}-barge": "on"})  # box unticked
    assert TrainingEntry.objects.count() == 1
    assert AuditEntry.objects.filter(action="quality.barge_in").count() == 2
