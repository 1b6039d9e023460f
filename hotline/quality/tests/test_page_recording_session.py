"""The recording session page: five picks with why, player, form, autosave, marks, flags, submit."""

from __future__ import annotations

import pytest

from hotline.quality.models import Evaluation, Session, TrainingFlag

from .helpers import all_yes


def _post_data(session, *, skip_strengths=False, critical_on=None):
    data = {}
    for ev in session.evaluations.all():
        for key, value in all_yes().items():
            data[f"e{ev.pk}-a-{key}"] = value
        data[f"e{ev.pk}-strengths"] = "" if skip_strengths else "问候规范"
        data[f"e{ev.pk}-improvements"] = "语速稍快"
    if critical_on is not None:
        data[f"e{critical_on.pk}-a-attitude.02"] = "no"
        data[f"e{critical_on.pk}-c-attitude.02"] = "讽刺客户"
    return data


def test_the_page_shows_five_recordings_with_why_each_was_picked_and_the_player(personas, rec_session, login):
    page = login(personas.monitor).get(f"/quality/sessions/{rec_session.pk}/").content.decode()
    assert page.count('class="qa-tab') == 5
    assert "中最接近当日平均时长的通话" in page  # H1: the weekday criterion in words
    first = rec_session.evaluations.first().call
    assert f"/calls/{first.pk}/audio/" in page and "player.js" in page and "quality.js" in page
    assert "按规范用语问候客户" in page and "提交本次监听" in page


def test_autosave_keeps_a_draft_without_validation(personas, rec_session, login):
    ev = rec_session.evaluations.first()
    resp = login(personas.monitor).post(
        f"/quality/sessions/{rec_session.pk}/draft/",
        {f"e{ev.pk}-a-courtesy.01": "no", f"e{ev.pk}-strengths": "耐心"},
    )
    assert resp.json()["ok"]
    ev.refresh_from_db()
    assert ev.answers == {"courtesy.01": "no"} and ev.strengths == "耐心" and not ev.submitted


def test_submit_without_strengths_is_refused_and_the_problems_are_shown(personas, rec_session, login):
    client = login(personas.monitor)
    resp = client.post(
        f"/quality/sessions/{rec_session.pk}/submit/", _post_data(rec_session, skip_strengths=True)
    )
    assert resp.status_code == 302
    page = client.get(resp["Location"]).content.decode()
    assert "strength" in page and "qa-problems" in page
    assert Session.objects.get(pk=rec_session.pk).status == Session.Status.DRAFT


def test_submit_scores_the_session_and_a_critical_failure_counts_zero(personas, rec_session, login):
    bad = rec_session.evaluations.last()
    resp = login(personas.monitor).post(
        f"/quality/sessions/{rec_session.pk}/submit/", _post_data(rec_session, critical_on=bad)
    )
    assert resp.status_code == 302
    rec_session.refresh_from_db()
    assert rec_session.status == Session.Status.SUBMITTED and rec_session.score == pytest.approx(80)
    assert Evaluation.objects.get(pk=bad.pk).score == 0


def test_marks_and_training_flags_are_saved_on_the_evaluation(personas, rec_session, login):
    client = login(personas.monitor)
    ev = rec_session.evaluations.first()
    assert client.post(
        f"/quality/evaluations/{ev.pk}/marks/", {"at_seconds": "3.5", "text": "语气生硬"}
    ).json()["ok"]
    assert ev.marks.get().at_seconds == 3.5
    resp = client.post(
        f"/quality/evaluations/{ev.pk}/flag/", {"kind": "poor", "reason": "语气生硬", "marks": "3.5, 8"}
    )
    assert resp.json()["ok"]
    assert TrainingFlag.objects.get().marks == [3.5, 8.0]


def test_another_agents_session_is_not_found_and_an_agent_cannot_score(personas, rec_session, login):
    assert login(personas.peer).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
    assert (
        login(personas.agent).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
    )  # still a draft
    assert login(personas.agent).post(f"/quality/sessions/{rec_session.pk}/submit/", {}).status_code == 403
    assert login(personas.outsider).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
