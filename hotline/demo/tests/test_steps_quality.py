"""The "quality" demo step: plans for every demo period and the current one, held sessions, scores."""

import datetime as dt
import time

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
    t0 = time.perf_counter()
    build_demo(seed=3, **SMALL)
    assert time.perf_counter() - t0 < 60
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
