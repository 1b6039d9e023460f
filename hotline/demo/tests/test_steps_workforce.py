"""The "workforce" demo step on a short demo: it skips what the history cannot support, with a note."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo

SHORT = {
    "period": (dt.date(2026, 9, 29), dt.date(2026, 10, 1)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "workforce"],
}


@pytest.fixture(autouse=True)
def recordings_dir(settings, tmp_path):
    settings.RECORDINGS_DIR = tmp_path / "recordings"


def test_a_demo_of_three_days_skips_the_intraday_forecasts_with_a_note_and_still_loads_the_rest(db):
    from hotline.workforce.models import EscalationLevel, ForecastRun, ShiftRequest, SwapRequest

    result = build_demo(seed=3, **SHORT)
    last_week = dt.date(2026, 9, 28)  # the Monday of the last demo day: no history before it
    assert result.counts["workforce: forecasts skipped (history too short)"] == 6  # 3 skills × 2 centers
    assert not ForecastRun.objects.filter(first_day=last_week).exists()
    assert EscalationLevel.objects.count() == 6
    assert ShiftRequest.objects.count() == 4 and SwapRequest.objects.count() == 4


def test_the_demo_has_a_chat_and_an_email_queue_forecast_and_staffed(db):
    from hotline.workforce.models import StaffingPlan

    build_demo(seed=3, **SHORT)
    plans = {p.channel: p for p in StaffingPlan.objects.filter(channel__in=("chat", "email"))}
    assert plans["chat"].concurrency == 3 and plans["chat"].model == "erlang_c"
    assert plans["email"].model == "backlog" and plans["email"].deadline_s == 24 * 3600
    assert plans["email"].peak_agents >= 1
