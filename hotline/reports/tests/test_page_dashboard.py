"""KPI dashboards (§7): per dimension and period, formulas shown, targets drawn, who may see them."""

from django.urls import reverse

from hotline.reports.models import KpiTarget

from .helpers import month_of_calls

URL = reverse("reports:dashboard")
Q = {"date_from": "2026-10-01", "date_to": "2026-10-31"}


def test_a_manager_sees_the_center_kpis_with_formulas(personas, login):
    month_of_calls(personas)
    r = login(personas.manager).get(URL, {**Q, "by": "agent", "period": "week"})
    assert r.status_code == 200
    s = r.context["summary"]
    assert (s.offered, s.answered, s.abandoned) == (40, 30, 10)
    assert s.abandonment_rate == 0.25 and s.aht == 268
    assert {row.group for row in r.context["rows"]} == {
        "",
        "8001 张三",
        "8002 李四",
        "8003 王五",
    }  # "": abandoned, no agent
    html = r.content.decode()
    assert "放弃量 ÷ 呼入量" in html and "vendor/plotly/plotly.min.js" in html


def test_every_dimension_and_period_renders(personas, login):
    month_of_calls(personas, day_count=3)
    c = login(personas.manager)
    for by in ("center", "skill", "company", "team", "agent"):
        for period in ("day", "week", "month"):
            assert c.get(URL, {**Q, "by": by, "period": period}).status_code == 200
    r = c.get(URL, {**Q, "by": "team", "period": "day"})
    assert [row.group for row in r.context["rows"]] == ["", "一组", "二组"]


def test_targets_with_effective_dates_are_drawn_per_period(personas, login):
    import datetime as dt

    month_of_calls(personas, day_count=3)
    KpiTarget.objects.create(
        kpi="service_level", center=personas.center, value=0.9, effective_from=dt.date(2026, 10, 2)
    )
    chart = login(personas.manager).get(URL, {**Q, "period": "day"}).context["chart"]
    assert chart["targets"]["service_level"] == [0.8, 0.9, 0.9]


def test_a_team_leader_sees_only_the_calls_of_the_team(personas, login):
    month_of_calls(personas)
    s = login(personas.leader).get(URL, Q).context["summary"]
    assert s.answered == 20


def test_agents_and_qa_monitors_are_refused(personas, login):
    for who in (personas.agent, personas.monitor):
        assert login(who).get(URL).status_code == 403


def test_another_centers_manager_sees_nothing_of_this_center(personas, login):
    month_of_calls(personas)
    assert login(personas.outsider).get(URL, Q).context["summary"] is None
