"""The "absences" demo step: a QA monitor's leave in the current half-month and agents' leave, which
the plans of the "quality" step (and ``hotline plan``) respect and mention."""

import datetime as dt

from django.utils import timezone

from hotline.cli.main import main
from hotline.core.periods import Period
from hotline.demo.build import STEPS, build_demo
from hotline.org.models import Absence
from hotline.quality.models import MonitoringPlan


def test_the_step_runs_before_quality():
    names = [s.name for s in STEPS]
    assert names.index("absences") < names.index("quality")


def test_the_demo_leave_is_respected_by_the_current_plan_and_named_by_hotline_plan(db, capsys):
    build_demo(
        seed=3, period=(dt.date(2026, 10, 12), dt.date(2026, 10, 20)), agents_per_company=2, audio=False,
        quiet=True, steps=["org", "absences", "quality"],
    )  # fmt: skip
    monitor_leave = Absence.objects.get(person__work_number="8202")
    assert monitor_leave.days >= 2
    assert Absence.objects.filter(person__role="agent").count() >= 4
    current = str(Period.of(timezone.localdate()))
    plan = MonitoringPlan.objects.get(center__code=monitor_leave.person.center.code, period=current)
    assert not plan.slots.filter(
        monitor=monitor_leave.person, date__gte=monitor_leave.first_day, date__lte=monitor_leave.last_day
    ).exists()
    capsys.readouterr()
    assert main(["plan", "--center", plan.center.code, "--period", current]) == 0
    out = capsys.readouterr().out
    assert "monitor 8202 on leave" in out and "agents absent on some working days" in out
