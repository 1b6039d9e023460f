"""我的质检: the agent's own sessions, scores, comments, why each call was picked — nobody else's."""

from __future__ import annotations

from hotline.quality import services

from .helpers import good_data


def test_the_agent_sees_their_submitted_session_with_why_each_call_was_picked(personas, rec_session, login):
    services.session_submit(
        session=rec_session,
        data={e.pk: good_data(improvements="结束语不清晰") for e in rec_session.evaluations.all()},
    )
    client = login(personas.agent)
    page = client.get("/quality/mine/", {"month": "2026-11"}).content.decode()
    assert "选取原因" in page and "中最接近当日平均时长的通话" in page
    assert "结束语不清晰" in page and "不完整" in page
    assert client.get(f"/quality/sessions/{rec_session.pk}/").status_code == 200


def test_another_agents_session_is_a_404_and_their_page_shows_nothing_of_mine(personas, rec_session, login):
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    client = login(personas.peer)
    assert client.get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
    page = client.get("/quality/mine/", {"month": "2026-11"}).content.decode()
    assert "还没有已提交的监听" in page


def test_only_agents_have_a_my_quality_page(personas, login):
    assert login(personas.monitor).get("/quality/mine/").status_code == 403


def test_the_page_lists_the_sessions_of_the_month_chosen_not_every_session_ever(personas, rec_session, login):
    """The list follows the month filter (a year of sessions is not rendered on every visit, issue 16)."""
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )
    client = login(personas.agent)
    month = rec_session.period[:7]
    assert (
        f"/quality/sessions/{rec_session.pk}/"
        in client.get("/quality/mine/", {"month": month}).content.decode()
    )
    y, m = int(month[:4]), int(month[5:])
    other = f"{y + (m == 12):04d}-{m % 12 + 1:02d}"
    page = client.get("/quality/mine/", {"month": other}).content.decode()
    assert f"/quality/sessions/{rec_session.pk}/" not in page and "还没有已提交的监听" in page
