"""The staffing page (§5): agents per interval, seats and trunks, chart, XLSX export."""

import datetime as dt

from django.urls import reverse

from hotline.workforce.models import StaffingPlan

from .helpers import make_calls, make_skill
from .test_services_planning import _run_with


def test_a_planner_builds_a_plan_and_exports_it(personas, login):
    skill = make_skill(personas.center, aht_override_s=180, max_occupancy=None)
    run = _run_with(skill, [100, 60])
    c = login(personas.planner)
    r = c.post(reverse("workforce:staffing"), {"run": run.pk})
    plan = StaffingPlan.objects.get()
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert 'id="trunks">' in page and "Erlang B" in page and "Plotly.newPlot" in page
    x = c.get(reverse("workforce:staffing_xlsx", args=[plan.pk]))
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_plan_from_a_real_forecast_has_as_many_rows_as_intervals(personas, login):
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=dt.date(2026, 9, 7), days=21)
    c = login(personas.planner)
    c.post(
        reverse("workforce:forecast"),
        {"skill": skill.pk, "first_day": "2026-09-28", "horizon": 1, "method": "baseline"},
    )
    c.post(reverse("workforce:staffing"), {"run": skill.forecast_runs.get().pk})
    assert StaffingPlan.objects.get().intervals.count() == 48


def test_an_agent_cannot_see_staffing_and_another_center_cannot_export(personas, login):
    skill = make_skill(personas.center, aht_override_s=180)
    login(personas.planner).post(reverse("workforce:staffing"), {"run": _run_with(skill, [10]).pk})
    plan = StaffingPlan.objects.get()
    assert login(personas.agent).get(reverse("workforce:staffing")).status_code == 403
    assert login(personas.outsider).get(reverse("workforce:staffing_xlsx", args=[plan.pk])).status_code == 404
