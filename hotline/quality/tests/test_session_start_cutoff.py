"""A recording session samples its whole half-month (§3.1, §3.2): it opens once the half-month is over,
and never sees a call that had not ended by its start."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.calls.tests.helpers import SH, make_call
from hotline.core.periods import Period
from hotline.core.sampling import select_recordings
from hotline.quality import services
from hotline.quality.models import Kind
from hotline.quality.selectors import period_call_records

from .helpers import PERIOD, TODAY, period_calls


def test_a_recording_session_inside_its_half_month_is_refused_with_a_clear_reason(personas):
    period_calls(personas.agent, 10)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    assert slot.date > Period.parse(PERIOD).end and slot.half == "pm"
    for moment in (dt.datetime(2026, 11, 6, 14, 0, tzinfo=SH), dt.datetime(2026, 11, 15, 23, 59, tzinfo=SH)):
        with pytest.raises(services.QualityError, match="2026-11-H1"):
            services.session_start(slot=slot, now=moment)
    assert not slot.plan.slots.filter(session__isnull=False).exists()


def test_after_the_half_month_the_session_samples_all_of_it_and_keeps_what_it_sampled(personas):
    calls = period_calls(personas.agent, 10)  # one call a day, 2026-11-02 … 11-11, 09:00
    last = make_call(personas.agent, "late", start=dt.datetime(2026, 11, 13, 17, 0, tzinfo=SH), talk=500)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    start = dt.datetime.combine(slot.date, dt.time(14), tzinfo=SH)
    session = services.session_start(slot=slot, now=start)
    picked = [p.call.call_id for p in session.picks.order_by("order")]
    expected = select_recordings(
        period_call_records(Period.parse(PERIOD))[personas.agent.pk], Period.parse(PERIOD)
    )
    assert picked == list(expected.call_ids) and expected.eligible == 11  # the whole half-month
    assert session.sample["period"] == PERIOD and session.sample["min_seconds"] == 15
    assert session.sample["eligible"] == [c.call_id for c in calls] + [last.call_id]
    assert session.sample["evaluated"] == [] and session.date == slot.date


def test_without_a_start_time_the_session_samples_every_call_of_the_past_period(personas):
    period_calls(personas.agent, 3)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    session = services.session_start(
        slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING),
        now=dt.datetime(2026, 11, 16, 14, tzinfo=SH),
    )
    assert session.picks.count() == 3 and len(session.sample["eligible"]) == 3
