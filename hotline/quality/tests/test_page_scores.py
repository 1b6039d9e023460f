"""Scores: the monthly composite per agent (incomplete months marked), trends per agent and team."""

from __future__ import annotations

from hotline.quality import services

from .helpers import good_data


def _submit(session):
    services.session_submit(session=session, data={e.pk: good_data() for e in session.evaluations.all()})


def test_a_month_with_only_recording_sessions_is_marked_incomplete(personas, rec_session, login):
    _submit(rec_session)
    page = login(personas.manager).get("/quality/scores/", {"month": "2026-11"}).content.decode()
    row = page.split('data-agent="8001"')[1].split("</tr>")[0]
    assert "不完整" in row and "100.0" in row


def test_with_both_kinds_the_composite_is_shown_and_charts_use_local_plotly(
    personas, rec_session, live_session, login
):
    _submit(rec_session)
    ev = live_session.evaluations.first()
    services.session_submit(session=live_session, data={ev.pk: good_data()})
    page = login(personas.monitor).get("/quality/scores/", {"month": "2026-11"}).content.decode()
    row = page.split('data-agent="8001"')[1].split("</tr>")[0]
    assert 'class="qa-composite">100.0' in row
    assert "/static/vendor/plotly/plotly.min.js" in page and "agent-trend-data" in page and "一组" in page


def test_a_team_leader_sees_only_their_team(personas, login):
    page = login(personas.leader).get("/quality/scores/").content.decode()
    assert 'data-agent="8001"' in page and 'data-agent="8003"' not in page


def test_agents_and_planners_may_not_see_the_score_overview(personas, login):
    assert login(personas.agent).get("/quality/scores/").status_code == 403
    assert login(personas.planner).get("/quality/scores/").status_code == 403
