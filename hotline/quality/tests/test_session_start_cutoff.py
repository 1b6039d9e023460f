"""A recording session samples only the calls that had ended by the session's start (§3.2)."""

from __future__ import annotations

import datetime as dt

from hotline.calls.tests.helpers import SH
from hotline.quality import services
from hotline.quality.models import Kind

from .helpers import PERIOD, TODAY, period_calls


def test_a_session_started_mid_period_never_picks_a_call_that_ended_after_its_start(personas):
    calls = period_calls(personas.agent, 10)  # one call a day, 2026-11-02 … 11-11, 09:00
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    start = dt.datetime(2026, 11, 6, 14, 0, tzinfo=SH)
    session = services.session_start(slot=slot, now=start)
    picked = {p.call.call_id for p in session.picks.all()}
    before = {c.call_id for c in calls if c.ended_at <= start}
    assert len(before) == 5 and picked == before


def test_without_a_start_time_the_session_samples_every_call_of_the_past_period(personas):
    period_calls(personas.agent, 3)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    session = services.session_start(slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING))
    assert session.picks.count() == 3
