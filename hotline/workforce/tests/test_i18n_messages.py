"""Refusals of the workforce services come out in the active language (English UI)."""

import datetime as dt

import pytest
from django.utils.translation import override

from hotline.workforce.services.policies import SettingsError, escalation_level_set
from hotline.workforce.services.roster import SwapRefused, swap_request_create


@pytest.mark.clock("2026-01-05T09:00")  # swaps of past days are refused (§5)
def test_a_second_swap_in_a_month_is_refused_in_english_naming_the_agent_and_the_limit(personas):
    swap_request_create(requester=personas.agent, partner=personas.peer, date=dt.date(2026, 11, 3),
                        payback_date=dt.date(2026, 11, 10))  # fmt: skip
    with override("en"), pytest.raises(SwapRefused) as refused:
        swap_request_create(requester=personas.agent, partner=personas.stranger, date=dt.date(2026, 11, 20),
                            payback_date=dt.date(2026, 11, 25))  # fmt: skip
    assert str(refused.value) == f"{personas.agent.name} already has a swap this month (at most 1 per month)"
    with override("en"), pytest.raises(SwapRefused, match="^You cannot swap with yourself$"):
        swap_request_create(requester=personas.agent, partner=personas.agent, date=dt.date(2026, 12, 1),
                            payback_date=dt.date(2026, 12, 2))  # fmt: skip


def test_an_escalation_level_from_another_center_is_refused_in_english(personas):
    with (
        override("en"),
        pytest.raises(SettingsError, match="^The person responsible does not belong to this center$"),
    ):
        escalation_level_set(center=personas.center, level=1, within_minutes=5, person=personas.other_agent)
