"""Ad hoc five-methods sessions (§9 → §3.5): scored like a recording session, never counted in §3.6."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import SH, make_call
from hotline.core.scoring import FIVE_METHODS_FORM
from hotline.org.models import AuditEntry
from hotline.quality import access, services
from hotline.quality.models import Kind, Purpose, Session
from hotline.quality.selectors import evaluated_call_ids, monthly_scores
from hotline.quality.services.adhoc import adhoc_session_start

from .helpers import PERIOD, good_data

DAY = dt.date(2026, 11, 12)


def five_data(points=(20, 15, 20, 18, 20)) -> dict:
    answers = {i.key: str(p) for i, p in zip(FIVE_METHODS_FORM.items, points, strict=True)}
    return {
        "answers": answers,
        "comments": {},
        "strengths": "先确认订单号再改单",
        "improvements": "结束语略快",
    }


@pytest.fixture
def adhoc(personas):
    calls = [
        make_call(personas.agent, f"fm-{i}", start=dt.datetime(2026, 11, 3 + i, 10, 0, tzinfo=SH))
        for i in range(2)
    ]
    return adhoc_session_start(
        monitor=personas.monitor, agent=personas.agent, calls=calls, node_path="订货-修改订单",
        reason="修改订单是难题", today=DAY,
    )  # fmt: skip


def test_an_adhoc_session_uses_the_five_methods_form_and_is_flagged_five_methods(adhoc):
    assert adhoc.purpose == Purpose.FIVE_METHODS and adhoc.kind == Kind.RECORDING and adhoc.adhoc
    assert adhoc.form.key == FIVE_METHODS_FORM.key and adhoc.period == "2026-11-H1"
    assert [e.call.call_id for e in adhoc.evaluations.all()] == ["fm-0", "fm-1"]
    assert adhoc.node_path == "订货-修改订单" and adhoc.note == "修改订单是难题"
    assert AuditEntry.objects.filter(action="quality.adhoc_session_start", object_id=str(adhoc.pk)).exists()


def test_submitting_an_adhoc_session_stores_the_five_method_scores(adhoc):
    services.session_submit(session=adhoc, data={e.pk: five_data() for e in adhoc.evaluations.all()})
    adhoc.refresh_from_db()
    assert adhoc.submitted and adhoc.score == pytest.approx(93)
    assert {e.score for e in adhoc.evaluations.all()} == {93}


def test_an_adhoc_session_does_not_change_the_monthly_composite(personas, rec_session, adhoc):
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    [before] = monthly_scores([personas.agent], 2026, 11)
    services.session_submit(
        session=adhoc, data={e.pk: five_data((0, 0, 0, 0, 0)) for e in adhoc.evaluations.all()}
    )
    [after] = monthly_scores([personas.agent], 2026, 11, with_sessions=True)
    assert after.result == before.result and after.result.recording_mean == 100
    assert [s.pk for s in after.sessions] == [rec_session.pk]


def test_an_adhoc_session_may_share_the_period_with_the_regime_session_and_keeps_calls_eligible(
    personas, rec_session, adhoc
):
    assert Session.objects.filter(agent=personas.agent, period=PERIOD, kind=Kind.RECORDING).count() == 2
    assert "fm-0" not in evaluated_call_ids([personas.agent.pk])


def test_a_second_regime_session_of_the_same_kind_and_period_is_still_refused(personas, rec_session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            kind=Kind.RECORDING, agent=personas.agent, monitor=personas.monitor, period=PERIOD,
            date=DAY, form=rec_session.form,
        )  # fmt: skip


def test_calls_of_another_agent_or_without_recording_are_refused(personas):
    other = make_call(personas.peer, "fm-peer")
    silent = make_call(personas.agent, "fm-silent", with_audio=False)
    for calls in ([other], [silent], []):
        with pytest.raises(services.QualityError):
            adhoc_session_start(monitor=personas.monitor, agent=personas.agent, calls=calls)


def test_an_agent_cannot_hold_an_adhoc_session(personas):
    call = make_call(personas.agent, "fm-x")
    with pytest.raises(services.QualityError):
        adhoc_session_start(monitor=personas.peer, agent=personas.agent, calls=[call])


def test_a_manager_holds_and_scores_an_adhoc_session_but_not_a_regime_one(personas, rec_session):
    call = make_call(personas.agent, "fm-m")
    mine = adhoc_session_start(monitor=personas.manager, agent=personas.agent, calls=[call])
    assert access.can_score(personas.manager.user, mine)
    rec_session.monitor = personas.manager
    assert not access.can_score(personas.manager.user, rec_session)


def test_who_may_start_an_adhoc_session(personas):
    p = personas
    assert not access.can_start_adhoc(p.monitor.user, p.stranger)  # same center, not assigned (issue 10 #5)
    assert access.can_start_adhoc(p.manager.user, p.agent)
    assert not access.can_start_adhoc(p.outsider.user, p.agent)  # another center
    for who in (p.trainer, p.leader, p.planner, p.peer):
        assert not access.can_start_adhoc(who.user, p.agent)


def test_the_recording_session_page_shows_the_adhoc_session_to_its_holder_only(personas, adhoc, login):
    url = reverse("quality:session", args=[adhoc.pk])
    r = login(personas.monitor).get(url)
    assert r.status_code == 200 and r.context["editable"] and "五法评定" in r.content.decode()
    assert login(personas.other_agent).get(url).status_code == 404
    assert login(personas.agent).get(url).status_code == 404  # a draft is not shown to the agent
    r = login(personas.manager).post(reverse("quality:session_submit", args=[adhoc.pk]))
    assert r.status_code == 403
