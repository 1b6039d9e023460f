"""The agent's monthly appraisal page (§6): every point explained; an agent sees only their own."""

import datetime as dt

from django.urls import reverse

from hotline.performance.models import Attendance, Incident, WorkMonth

OCT = dt.date(2026, 10, 1)


def url(person, month="2026-10"):
    return reverse("performance:detail", args=[person.pk, month])


def test_an_agent_sees_their_own_appraisal_with_every_line(personas, login):
    Attendance.objects.create(key="k1", agent=personas.agent, date=dt.date(2026, 10, 9), kind="late")
    WorkMonth.objects.create(key="k2", agent=personas.agent, month=OCT, accuracy=95.0)
    Incident.objects.create(
        key="k3", agent=personas.agent, type="commendation", date=OCT, points=3, note="合理化建议"
    )
    r = login(personas.agent).get(url(personas.agent))
    assert r.status_code == 200
    a = r.context["a"]
    assert (a["attendance"], a["evaluation"], a["bonus"], a["total"]) == (18, 72, 3, 93)
    html = r.content.decode()
    assert "迟到每次扣2分" in html and "合理化建议" in html and "准确率" in html
    assert "<td>考勤</td>" in html and "timeliness" not in html


def test_another_agents_appraisal_is_not_found_for_an_agent(personas, login):
    assert login(personas.agent).get(url(personas.peer)).status_code == 404


def test_a_team_leader_sees_the_team_but_not_another_team(personas, login):
    c = login(personas.leader)
    assert c.get(url(personas.agent)).status_code == 200
    assert c.get(url(personas.stranger)).status_code == 404


def test_a_manager_sees_the_center_but_not_another_center(personas, login):
    assert login(personas.manager).get(url(personas.stranger)).status_code == 200
    assert login(personas.outsider).get(url(personas.agent)).status_code == 404


def test_qa_monitors_and_planners_do_not_see_appraisals(personas, login):
    assert login(personas.monitor).get(url(personas.agent)).status_code == 404
    assert login(personas.planner).get(url(personas.agent)).status_code == 404


def test_the_november_targets_apply_from_november(personas, login):
    WorkMonth.objects.create(key="o", agent=personas.agent, month=OCT, accuracy=98.0)
    WorkMonth.objects.create(key="n", agent=personas.agent, month=dt.date(2026, 11, 1), accuracy=98.0)
    c = login(personas.agent)
    assert c.get(url(personas.agent, "2026-10")).context["a"]["evaluation"] == 80
    assert c.get(url(personas.agent, "2026-11")).context["a"]["evaluation"] == 76


def test_the_qa_score_shows_a_dash_without_the_quality_app(personas, login):
    html = login(personas.agent).get(url(personas.agent)).content.decode()
    assert "—" in html


def test_the_index_sends_an_agent_to_their_own_page_and_refuses_a_planner(personas, login):
    r = login(personas.agent).get(reverse("performance:index") + "?month=2026-10")
    assert r.status_code == 302 and r["Location"] == url(personas.agent)
    assert login(personas.planner).get(reverse("performance:index")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(personas, client):
    assert client.get(url(personas.agent)).status_code == 302


def test_the_monthly_qa_score_feeds_the_evaluation_only_where_the_center_set_it(personas, login, monkeypatch):
    from types import SimpleNamespace

    from hotline.quality import selectors as quality

    def fake(agents, year, month):
        assert (year, month) == (2026, 10)
        return [SimpleNamespace(agent=a, result=SimpleNamespace(score=82.4 if a.pk == personas.agent.pk else None))
                for a in agents]  # fmt: skip

    monkeypatch.setattr(quality, "monthly_scores", fake)
    a = login(personas.agent).get(url(personas.agent)).context["a"]
    assert a["qa_score"] == 82.4 and a["evaluation"] == 80 and not a["lines"]  # the manual: no link
    from hotline.performance.services_rules import rule_set_create

    rule_set_create(center=personas.center, effective_from=OCT, params={"qa_mode": "deduct_below"}, today=OCT)
    a = login(personas.agent).get(url(personas.agent)).context["a"]
    assert a["qa_score"] == 82.4 and a["evaluation"] == 78  # 2.6 below 85: two full points
    assert [ln["rule"] for ln in a["lines"]] == ["quality.below_target"]
