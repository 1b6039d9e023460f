"""The forecast page (§5): planners run a forecast and see the backtest; events are editable."""

import datetime as dt

from django.urls import reverse

from hotline.workforce.models import EventMultiplier, ForecastRun

from .helpers import make_calls, make_skill

FIRST = dt.date(2026, 9, 7)


def test_a_planner_runs_a_forecast_and_sees_the_chart_and_the_baseline_score(personas, login):
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=28)
    c = login(personas.planner)
    r = c.post(
        reverse("workforce:forecast"),
        {"skill": skill.pk, "first_day": "2026-10-05", "horizon": 7, "method": "auto"},
    )
    run = ForecastRun.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"?run={run.pk}")
    page = c.get(r["Location"]).content.decode()
    assert "基准 WAPE" in page and "vendor/plotly/plotly.min.js" in page and "Plotly.newPlot" in page
    assert run.baseline_wape is not None and run.wape is not None


def test_events_are_added_and_deleted_by_a_planner(personas, login):
    c = login(personas.planner)
    c.post(
        reverse("workforce:event_add"),
        {"first_day": "2026-10-05", "last_day": "2026-10-06", "factor": "1.3", "note": "促销"},
    )
    e = EventMultiplier.objects.get()
    assert (
        e.factor == 1.3
        and e.skill is None
        and "促销" in c.get(reverse("workforce:forecast")).content.decode()
    )
    c.post(reverse("workforce:event_delete", args=[e.pk]))
    assert not EventMultiplier.objects.exists()


def test_agents_team_leaders_and_qa_cannot_forecast(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor):
        assert login(who).get(reverse("workforce:forecast")).status_code == 403
    assert login(personas.agent).post(reverse("workforce:event_add"), {}).status_code == 403


def test_a_manager_of_another_center_cannot_touch_this_centers_events(personas, login):
    e = EventMultiplier.objects.create(center=personas.center, first_day=FIRST, last_day=FIRST, factor=2)
    assert login(personas.outsider).post(reverse("workforce:event_delete", args=[e.pk])).status_code == 404
    assert EventMultiplier.objects.exists()


def test_the_skills_page_saves_a_target(personas, login):
    c = login(personas.planner)
    r = c.post(reverse("workforce:skills"), {"name": "投诉", "target_sl": "0.9", "answer_time_s": "15", "shrinkage": "0.35",
                                            "interval_minutes": "30"})  # fmt: skip
    assert r.status_code == 302
    assert login(personas.agent).get(reverse("workforce:skills")).status_code == 403


def test_the_forecast_keeps_p10_p90_shows_the_band_and_staffing_uses_p90_for_risk(personas, login):
    from hotline.workforce.models import StaffingPlan

    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=28, per_hour=6)
    c = login(personas.planner)
    c.post(
        reverse("workforce:forecast"),
        {"skill": skill.pk, "first_day": "2026-10-05", "horizon": 7, "method": "robust"},
    )
    run = ForecastRun.objects.get()
    busy = [iv for iv in run.intervals.all() if iv.calls > 0]
    assert busy and all(iv.p10 <= iv.calls <= iv.p90 for iv in busy)
    assert run.method_used == "robust" and run.median8_wape is not None and run.spread is not None
    page = c.get(reverse("workforce:forecast") + f"?run={run.pk}").content.decode()
    assert 'id="band"' in page and "P10–P90" in page and "稳健" in page
    c.post(reverse("workforce:staffing"), {"run": run.pk})
    plan = StaffingPlan.objects.get()
    rows = [r for r in plan.intervals.all() if r.calls > 0]
    assert all(r.calls_p90 >= r.calls and r.agents_p90 >= r.agents for r in rows)
    assert 'id="risk"' in c.get(reverse("workforce:staffing") + f"?plan={plan.pk}").content.decode()
