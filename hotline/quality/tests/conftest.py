from __future__ import annotations

import pytest

from hotline.quality import services
from hotline.quality.models import Kind

from .helpers import HELD, PERIOD, TODAY, period_calls


@pytest.fixture
def plan(personas):
    """The personas' center planned for PERIOD; the agent has 8 recorded calls in it."""
    period_calls(personas.agent, 8)
    return services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)


@pytest.fixture
def rec_session(personas, plan):
    return services.recording_session_start(
        slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING), now=HELD
    )


@pytest.fixture
def live_session(personas, plan):
    return services.live_session_start(slot=plan.slots.get(agent=personas.agent, kind=Kind.LIVE))
