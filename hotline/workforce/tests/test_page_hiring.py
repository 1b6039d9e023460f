"""The hiring plan page (§5 "Hiring plan", seed 002 三(四)): agents, seats and trunks per month ahead
from the newest staffing plan of each skill, against today's agents with attrition and lead time;
inputs validated (400 with the errors in Chinese); planners, managers and admins only."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline.workforce.models import ForecastRun, StaffingInterval, StaffingPlan
from hotline.workforce.selectors_hiring import month_inputs

from .helpers import SH, make_skill

pytestmark = pytest.mark.clock("2026-11-10T10:00")
URL = reverse("workforce:hiring")


def _plan(center, skill, trunks, rows):
    """A staffing plan of ``skill`` with ``rows`` = [(date, "HH:MM", scheduled)] at 30 minutes."""
    run = ForecastRun.objects.create(center=center, skill=skill, first_day=rows[0][0], interval_minutes=30)
    plan = StaffingPlan.objects.create(center=center, skill=skill, forecast=run, aht_s=180, target_sl=0.8,
                                       answer_time_s=20, shrinkage=0.3, trunks=trunks)  # fmt: skip
    for day, hhmm, scheduled in rows:
        start = dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=SH)
        StaffingInterval.objects.create(plan=plan, start=start, calls=10, aht_s=180, agents=scheduled,
                                        scheduled=scheduled)  # fmt: skip
    return plan


@pytest.fixture
def plans(personas):
    c = personas.center
    d1, d2 = dt.date(2026, 11, 16), dt.date(2026, 11, 17)
    _plan(c, make_skill(c, "订货"), 20, [(d1, "09:00", 10), (d1, "09:30", 12), (d2, "09:00", 8)])
    _plan(c, make_skill(c, "投诉"), 6, [(d1, "09:00", 5), (d1, "09:30", 3)])
    # another center's plan never counts
    _plan(personas.other_center, make_skill(personas.other_center, "订货"), 99, [(d1, "09:00", 99)])


def test_month_inputs_sum_the_skills_at_the_same_time_and_carry_the_last_month(personas, plans):
    rows = month_inputs(personas.center, dt.date(2026, 11, 10), months=3)
    n = rows[0].need
    # peak 09:00 = 10 + 5 = 15 = 09:30 (12 + 3); 19 agent-hours over 2 days → 66.5 a week → 2 at 40 h
    assert (n.month, n.agents, n.seats, n.trunks, rows[0].weekly_hours, rows[0].estimated) == (
        dt.date(2026, 11, 1), 15, 15, 26, 66.5, False)  # fmt: skip
    assert [(r.need.month.month, r.need.agents, r.estimated) for r in rows[1:]] == [
        (12, 15, True),
        (1, 15, True),
    ]
    # with 1 contracted hour a week, the roster needs 67 people though only 15 are on duty at once
    n = month_inputs(personas.center, dt.date(2026, 11, 10), months=1, weekly_hours=1)[0].need
    assert (n.agents, n.seats) == (67, 15)


def test_a_month_before_the_first_plan_carries_it_back(personas):
    c = personas.center
    _plan(c, make_skill(c), 4, [(dt.date(2026, 12, 1), "09:00", 7)])
    rows = month_inputs(c, dt.date(2026, 11, 10), months=2)
    assert [(r.need.month.month, r.need.agents, r.estimated) for r in rows] == [(11, 7, True), (12, 7, False)]


def test_a_planner_sees_hires_per_month_against_todays_agents(personas, login, plans):
    page = login(personas.planner).get(URL + "?months=3&attrition=0&lead_months=2&weekly_hours=40")
    text = page.content.decode()
    assert page.status_code == 200 and "当前在职座席员：3 人" in text and "共需招聘 12 人" in text
    assert 'data-month="2026-11"' in text and "已来不及" in text  # recruiting had to start in September
    assert 'id="hiring-chart"' in text and "Plotly.newPlot" in text and "cdn" not in text.lower()
    assert "估计" in text


def test_defaults_apply_without_parameters_and_no_plan_is_explained(personas, login):
    r = login(personas.manager).get(URL)
    assert r.status_code == 200 and 'id="no-plans"' in r.content.decode()


@pytest.mark.parametrize(
    "query", ["months=abc", "months=0", "months=25", "attrition=-1", "attrition=80", "lead_months=1.5",
              "weekly_hours=0", "months="],
)  # fmt: skip
def test_bad_inputs_are_refused_with_400_and_the_errors_in_chinese(personas, login, query):
    r = login(personas.planner).get(URL + "?" + query)
    text = r.content.decode()
    assert r.status_code == 400 and 'class="errorlist' in text and 'id="hiring"' not in text
    assert any(w in text for w in ("输入", "确保", "这个字段是必填项")), text[text.find("errorlist") - 200 :][
        :400
    ]


def test_wrong_roles_and_other_centers_are_refused(personas, login, plans):
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
    r = login(personas.outsider).get(URL + f"?center={personas.center.pk}")
    assert r.status_code == 404
    text = login(personas.outsider).get(URL).content.decode()
    assert "当前在职座席员：1 人" in text and 'data-month="2026-11"' in text  # their own center: 陈六
    assert login(personas.admin).get(URL + f"?center={personas.other_center.pk}").status_code == 200


def test_the_months_run_across_the_year_end(personas):
    c = personas.center
    _plan(c, make_skill(c), 4, [(dt.date(2027, 1, 4), "09:00", 9)])
    rows = month_inputs(c, dt.date(2026, 12, 20), months=3)
    assert [(r.need.month, r.estimated) for r in rows] == [
        (dt.date(2026, 12, 1), True), (dt.date(2027, 1, 1), False), (dt.date(2027, 2, 1), True)]  # fmt: skip
