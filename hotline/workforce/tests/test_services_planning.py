"""Forecast and staffing services (§5): the core forecast on the center's calls with events and a
backtest against the baseline; staffing with the vectorised Erlang core, seats and trunks; XLSX."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from hotline.core.erlang import erlang_b
from hotline.workforce.models import ForecastInterval, ForecastRun
from hotline.workforce.services import (
    PlanningError,
    event_add,
    forecast_run,
    staffing_plan_build,
    staffing_xlsx,
)

from .helpers import SH, make_calls, make_skill

FIRST = dt.date(2026, 9, 7)  # a Monday


def test_a_forecast_of_a_steady_skill_repeats_its_history_and_is_scored_against_the_baseline(personas):
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=35, per_hour=2)
    start = FIRST + dt.timedelta(days=35)
    run = forecast_run(skill=skill, first_day=start, horizon=7, method="baseline")
    assert run.intervals.count() == 7 * 48
    nine = run.intervals.get(start=dt.datetime.combine(start, dt.time(9, 0), tzinfo=SH))
    assert nine.calls == pytest.approx(1.0)  # 2 calls an hour → 1 per half hour
    assert run.total_calls == pytest.approx(7 * 9 * 2)
    assert run.baseline_wape == pytest.approx(0.0, abs=1e-9) and run.backtest_weeks >= 1


def test_an_event_multiplier_scales_the_forecast_of_its_days(personas):
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=28)
    start = FIRST + dt.timedelta(days=28)
    event_add(center=personas.center, skill=skill, first_day=start, last_day=start, factor=1.5, note="促销")
    run = forecast_run(skill=skill, first_day=start, horizon=2, method="baseline")
    day1 = sum(run.intervals.filter(start__date=start).values_list("calls", flat=True))
    assert day1 == pytest.approx(18 * 1.5)


def test_a_skill_without_calls_cannot_be_forecast(personas):
    with pytest.raises(PlanningError):
        forecast_run(skill=make_skill(personas.center, name="投诉"), first_day=FIRST)


def _run_with(skill, calls_per_interval: list[float]) -> ForecastRun:
    run = ForecastRun.objects.create(center=skill.center, skill=skill, first_day=FIRST, horizon_days=1)
    t0 = dt.datetime.combine(FIRST, dt.time(9, 0), tzinfo=SH)
    for k, c in enumerate(calls_per_interval):
        ForecastInterval.objects.create(run=run, start=t0 + dt.timedelta(minutes=30 * k), calls=c)
    return run


def test_staffing_reproduces_the_published_erlang_c_example(personas):
    # 100 calls / 30 min, AHT 180 s, 80% in 20 s → 14 agents, SL 0.88835, ASA 7.836 s, 20 heads at 30%
    skill = make_skill(personas.center, aht_override_s=180, target_sl=0.8, answer_time_s=20, shrinkage=0.3,
                       max_occupancy=None)  # fmt: skip
    plan = staffing_plan_build(run=_run_with(skill, [100, 0]))
    first, empty = plan.intervals.all()
    assert (first.agents, first.scheduled) == (14, 20)
    assert first.service_level == pytest.approx(0.88835, abs=5e-6)
    assert first.asa_s == pytest.approx(7.836, abs=1e-3) and first.occupancy == pytest.approx(
        0.7143, abs=1e-4
    )
    assert (empty.agents, empty.scheduled) == (0, 0)
    assert plan.model == "erlang_c" and (plan.peak_agents, plan.peak_scheduled, plan.seats) == (14, 20, 20)


def test_with_a_patience_staffing_uses_erlang_a(personas):
    skill = make_skill(personas.center, aht_override_s=180, patience_s=300, shrinkage=0.3, max_occupancy=None)
    plan = staffing_plan_build(run=_run_with(skill, [100]))
    row = plan.intervals.get()
    assert plan.model == "erlang_a" and row.agents <= 14 and row.service_level >= 0.8
    assert row.abandon_probability > 0


def test_trunks_are_the_erlang_b_size_of_the_peak_talk_and_wait_load(personas):
    skill = make_skill(personas.center, aht_override_s=180, max_occupancy=None)
    plan = staffing_plan_build(run=_run_with(skill, [50, 100, 80]))
    peak = plan.intervals.order_by("-calls").first()
    load = 100 * (plan.talk_s + peak.asa_s) / 1800
    assert plan.trunk_load == pytest.approx(load)
    assert erlang_b(load, plan.trunks) <= 0.01 < erlang_b(load, plan.trunks - 1)
    assert plan.trunks > peak.agents  # waiting callers hold lines too


def test_the_staffing_export_is_a_workbook_with_every_interval_and_the_peak(personas):
    skill = make_skill(personas.center, aht_override_s=180)
    plan = staffing_plan_build(run=_run_with(skill, [100, 40]))
    wb = load_workbook(io.BytesIO(staffing_xlsx(plan)))
    rows = list(wb["人员配备"].values)
    assert rows[0][:5] == ("时段开始", "预测话务量", "AHT（秒）", "所需座席", "排班人数") and len(rows) == 3
    assert dict(wb["高峰"].values)["中继线"] == plan.trunks
