"""The quality REST API applies the page rules: plans per center, sessions per agent, monthly scores."""

from __future__ import annotations

from hotline.quality import services

from .helpers import PERIOD, good_data


def test_a_manager_reads_the_plan_and_an_agent_may_not(personas, plan, login):
    resp = login(personas.manager).get(f"/api/quality/plans/langfang/{PERIOD}")
    assert resp.status_code == 200 and len(resp.json()["slots"]) == 6
    assert login(personas.agent).get(f"/api/quality/plans/langfang/{PERIOD}").status_code == 403


def test_the_agent_reads_their_submitted_session_with_the_criteria_but_not_a_colleagues(
    personas, rec_session, login
):
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    body = login(personas.agent).get(f"/api/quality/sessions/{rec_session.pk}").json()
    assert body["score"] == 100 and {e["criterion"] for e in body["evaluations"]} <= {"weekday", "fill"}
    assert login(personas.peer).get(f"/api/quality/sessions/{rec_session.pk}").status_code == 404


def test_monthly_scores_list_only_visible_agents(personas, rec_session, login):
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    rows = login(personas.agent).get("/api/quality/scores/2026-11").json()
    assert rows == [
        {"agent": "8001", "month": "2026-11", "score": None, "recording_mean": 100.0, "live_mean": None,
         "remainder": "live", "remainder_value": None, "incomplete": True}
    ]  # fmt: skip
