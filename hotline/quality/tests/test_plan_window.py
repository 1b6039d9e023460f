"""The plan of a half-month with its recording days after it (§3.1, §3.4): generated on its first day,
re-generated during its recording days, across a year the Chinese calendar has no data for."""

from __future__ import annotations

import datetime as dt

from hotline.quality import services
from hotline.quality.models import Kind, PlanSlot

from .helpers import period_calls


def test_a_plan_generated_on_the_first_day_of_its_half_month_plans_everything(personas):
    plan = services.plan_generate(center=personas.center, period="2026-12-H1", today=dt.date(2026, 12, 1))
    slots = plan.slots.exclude(status=PlanSlot.Status.OVERDUE)
    assert slots.filter(kind=Kind.LIVE).count() == slots.filter(kind=Kind.RECORDING).count() == 3
    assert min(slots.values_list("date", flat=True)) == dt.date(2026, 12, 1)
    assert {d for d in slots.filter(kind=Kind.RECORDING).values_list("date", flat=True)} <= {
        dt.date(2026, 12, d) for d in (16, 17, 18, 21, 22)
    }


def test_regenerated_during_its_recording_days_nothing_goes_to_the_past(personas):
    period_calls(personas.agent, 4)
    plan = services.plan_generate(center=personas.center, period="2026-11-H1", today=dt.date(2026, 11, 18))
    placed = plan.slots.exclude(status=PlanSlot.Status.OVERDUE)
    assert placed.filter(kind=Kind.RECORDING).count() == 3
    assert all(d >= dt.date(2026, 11, 18) for d in placed.values_list("date", flat=True))
    late = plan.slots.filter(status=PlanSlot.Status.OVERDUE)
    assert {s.kind for s in late} == {Kind.LIVE} and late.count() == 3  # the half-month's mornings are over
    assert all(s.reason == "no working day of the period left" for s in late)


def test_a_half_month_whose_recording_days_fall_in_a_year_without_calendar_data_warns_once(personas):
    plan = services.plan_generate(center=personas.center, period="2026-12-H2", today=dt.date(2026, 12, 16))
    assert sum("2027" in w for w in plan.warning_texts()) == 1
    assert plan.slots.filter(kind=Kind.RECORDING, date__year=2027).count() == 3
    plan = services.plan_generate(center=personas.center, period="2027-01-H1", today=dt.date(2027, 1, 1))
    assert sum("2027" in w for w in plan.warning_texts()) == 1
