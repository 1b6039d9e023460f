"""The "quality" demo step: plans for every demo period and the current one, held sessions, scores."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo
from hotline.quality.models import Evaluation, MonitoringPlan, PlanSlot, Session

SMALL = {
    "period": (dt.date(2026, 10, 12), dt.date(2026, 10, 20)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "quality"],
}


def test_the_demo_step_plans_holds_and_scores_sessions(db):
    build_demo(seed=3, **SMALL)
    periods = set(MonitoringPlan.objects.values_list("period", flat=True))
    assert {"2026-10-H1", "2026-10-H2"} <= periods and len(periods) == 3  # + the current period
    held = Session.objects.filter(status=Session.Status.SUBMITTED)
    assert held.filter(kind="recording").exists() and held.filter(kind="live").exists()
    assert not Evaluation.objects.filter(session__in=held, score__isnull=True).exists()
    assert PlanSlot.objects.filter(status=PlanSlot.Status.DONE).count() == held.count()


@pytest.mark.slow
def test_rebuilding_the_demo_clears_and_recreates_the_step(db):
    build_demo(seed=3, **SMALL)
    n = Session.objects.count()
    build_demo(seed=3, force=True, **SMALL)
    assert Session.objects.count() == n


def test_the_current_half_month_is_held_up_to_yesterday_and_todays_slots_are_open(db):
    from zoneinfo import ZoneInfo

    from hotline.quality.models import SessionPick

    today = dt.date(2026, 11, 20)  # a Friday: 11-16 … 11-19 of 2026-11-H2 are past
    build_demo(seed=3, **dict(SMALL, period=(dt.date(2026, 11, 9), dt.date(2026, 11, 19))), today=today)
    plan = MonitoringPlan.objects.filter(period="2026-11-H2").first()
    assert plan is not None and plan.slots.filter(date__gte=today).exists()
    assert not plan.slots.filter(date__gte=today, session__isnull=False).exists()
    assert plan.slots.filter(date__lt=today, status=PlanSlot.Status.DONE).exists()
    zone = ZoneInfo("Asia/Shanghai")
    for pick in SessionPick.objects.select_related("session", "call"):
        start = dt.datetime.combine(pick.session.date, dt.time(14), tzinfo=zone)
        assert pick.call.ended_at <= start  # sampled from the calls up to the session's start


def test_on_the_first_day_of_a_half_month_nothing_is_held_in_it_and_nothing_fails(db):
    today = dt.date(2026, 11, 16)  # 2026-11-H2 has no calls yet
    steps = ["org", "calls", "reports", "absences", "quality", "feedback"]
    build_demo(
        seed=3, **dict(SMALL, period=(dt.date(2026, 11, 10), dt.date(2026, 11, 15)), steps=steps), today=today
    )
    assert MonitoringPlan.objects.filter(period="2026-11-H2").exists()
    assert not Session.objects.filter(period="2026-11-H2").exists()
    assert Session.objects.filter(period="2026-11-H1", status=Session.Status.SUBMITTED).exists()
