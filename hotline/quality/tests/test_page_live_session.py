"""The live session page: four calls with times, a form per call, barge-in, major-error alert; roles."""

from __future__ import annotations

from hotline.feedback.models import Message
from hotline.quality.models import BargeIn, Session

from .helpers import all_yes


def test_the_live_page_has_four_calls_with_times_and_a_barge_in_box(personas, live_session, login):
    page = login(personas.monitor).get(f"/quality/sessions/{live_session.pk}/").content.decode()
    assert page.count('class="card qa-call"') == 4
    assert page.count('type="time"') == 8 and "强拆" in page


def test_linking_a_call_prefills_its_times_and_submit_alerts_a_major_error(
    personas, live_session, login, django_capture_on_commit_callbacks
):
    from hotline.calls.models import Call

    call = Call.objects.filter(agent=personas.agent).order_by("started_at").first()
    ev = live_session.evaluations.first()
    data = {f"e{ev.pk}-a-{k}": v for k, v in all_yes().items()}
    data.update({
        f"e{ev.pk}-a-attitude.02": "no", f"e{ev.pk}-c-attitude.02": "辱骂客户", f"e{ev.pk}-strengths": "熟悉业务",
        f"e{ev.pk}-improvements": "控制情绪", f"e{ev.pk}-call": call.call_id, f"e{ev.pk}-barge": "on",
    })  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        resp = login(personas.monitor).post(f"/quality/sessions/{live_session.pk}/submit/", data)
    assert resp.status_code == 302
    ev.refresh_from_db()
    assert ev.call == call and ev.started_at == call.answered_at and ev.ended_at == call.ended_at
    live_session.refresh_from_db()
    assert live_session.status == Session.Status.SUBMITTED and live_session.score == 0
    assert BargeIn.objects.filter(evaluation=ev).count() == 1
    texts = [m.heading() for m in Message.objects.filter(recipient=personas.agent, kind="alert")]
    assert any("致命错误" in t for t in texts) and any("强拆" in t for t in texts)


def test_the_agent_and_a_team_leader_cannot_score_a_live_session(personas, live_session, login):
    assert login(personas.agent).post(f"/quality/sessions/{live_session.pk}/draft/", {}).status_code == 403
    assert login(personas.leader).post(f"/quality/sessions/{live_session.pk}/draft/", {}).status_code == 403
    assert login(personas.stranger).get(f"/quality/sessions/{live_session.pk}/").status_code == 404
