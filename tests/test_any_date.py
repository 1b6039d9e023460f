"""The product on the days that broke it (issue 9): the first morning of a half-month, the 16th, new year
in a year chinesecalendar has no data for, 29 February. At each moment the plan of the half-month that
runs today is generated, every date-driven page answers for an empty current period (nothing divides by
zero), and a year without holiday data warns once and still follows the override table."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import _aware
from hotline.core.periods import Period
from hotline.core.workdays import CalendarFallbackWarning, calendar_supports, working_days
from hotline.quality import services
from hotline.quality.models import Kind

MOMENTS = ["2026-12-01T08:30", "2026-12-16T09:00", "2030-01-01T08:00", "2028-02-29T10:00", "2026-12-31T23:59"]


@pytest.fixture(params=MOMENTS)
def moment(request):
    with time_machine.travel(_aware(request.param), tick=False):
        yield _aware(request.param)


def test_the_clock_is_where_the_test_put_it(moment):
    assert timezone.localdate() == moment.date()
    assert timezone.now() == moment


@pytest.mark.django_db
def test_the_plan_of_the_half_month_that_runs_today_is_generated(personas, moment):
    period = Period.of(timezone.localdate())
    plan = services.plan_generate(center=personas.center, period=period)
    agents = {personas.agent.pk, personas.peer.pk, personas.stranger.pk}
    for kind in (Kind.LIVE, Kind.RECORDING):
        assert set(plan.slots.filter(kind=kind).values_list("agent", flat=True)) == agents
    live_days = set(plan.slots.filter(kind=Kind.LIVE).values_list("date", flat=True))
    assert live_days and all(d >= timezone.localdate() for d in live_days)
    fallback = [w for w in plan.warnings if str(period.start.year) in str(w)]
    assert len(fallback) == (0 if calendar_supports(period.start.year) else 1)


def test_a_year_without_holiday_data_warns_once_and_the_override_table_wins():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        days = working_days(dt.date(2030, 1, 1), dt.date(2030, 1, 15), {dt.date(2030, 1, 1): False})
    assert [w.category for w in caught] == [CalendarFallbackWarning]
    assert dt.date(2030, 1, 1) not in days and dt.date(2030, 1, 2) in days  # a Tuesday; Wednesday works
    assert dt.date(2030, 1, 5) not in days  # Saturday


PAGES = [
    ("quality:today", "monitor"), ("quality:plan", "manager"), ("quality:scores", "manager"),
    ("quality:mine", "agent"), ("feedback:my_results", "agent"), ("feedback:analyses", "monitor"),
    ("feedback:consistency", "manager"), ("reports:dashboard", "manager"), ("reports:monthly_index", "manager"),
    ("performance:index", "agent"), ("performance:table", "manager"), ("workforce:intraday", "planner"),
    ("workforce:my", "agent"), ("workforce:rosters", "planner"), ("workforce:hiring", "planner"),
    ("workforce:drills", "planner"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name,role", PAGES)
def test_date_driven_pages_answer_on_an_empty_current_period(personas, login, moment, name, role):
    services.plan_generate(center=personas.center, period=Period.of(timezone.localdate()))
    resp = login(getattr(personas, role)).get(reverse(name), follow=True)
    assert resp.status_code == 200, resp.content[:500]
