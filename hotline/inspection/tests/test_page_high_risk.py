"""Page 高风险通话 (§8): a half-month's calls at or above the center's risk threshold; the policy
is set by managers (their center) and administrators; QA monitors read; others are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.inspection.models import CallInspection, RiskPolicy
from hotline.quality.tests.helpers import PERIOD, period_calls

pytestmark = pytest.mark.django_db
URL = reverse("inspection:high_risk") + f"?period={PERIOD}"


@pytest.fixture
def risky(personas):
    mine = period_calls(personas.agent, 2)
    other = period_calls(personas.stranger, 1)
    CallInspection.objects.create(call=mine[0], risk=80)
    CallInspection.objects.create(call=mine[1], risk=10)
    CallInspection.objects.create(call=other[0], risk=90)
    return mine, other


def test_a_monitor_sees_their_agents_calls_at_or_above_the_threshold(personas, login, risky):
    mine, other = risky
    page = login(personas.monitor).get(URL).content.decode()
    assert mine[0].call_id in page and mine[1].call_id not in page and other[0].call_id not in page
    assert 'id="risk-policy"' not in page


def test_agents_and_trainers_are_refused(personas, login, risky):
    assert login(personas.agent).get(URL).status_code == 403
    assert login(personas.trainer).get(URL).status_code == 403


def test_a_monitor_cannot_change_the_policy(personas, login):
    r = login(personas.monitor).post(URL, {"center": personas.center.pk, "enabled": "on", "threshold": 60,
                                           "max_per_agent_per_period": 2})  # fmt: skip
    assert r.status_code == 403 and not RiskPolicy.objects.exists()


def test_a_manager_enables_the_policy_and_the_threshold_applies(personas, login, risky):
    mine, _ = risky
    client = login(personas.manager)
    r = client.post(
        URL, {"center": personas.center.pk, "enabled": "on", "threshold": 5, "max_per_agent_per_period": 3}
    )
    assert r.status_code == 302
    p = RiskPolicy.objects.get(center=personas.center)
    assert p.enabled and p.threshold == 5 and p.max_per_agent_per_period == 3
    assert mine[1].call_id in client.get(URL).content.decode()


def test_a_manager_cannot_set_another_centers_policy(personas, login):
    login(personas.outsider).post(URL, {"center": personas.center.pk, "enabled": "on", "threshold": 60,
                                        "max_per_agent_per_period": 2})  # fmt: skip
    assert not RiskPolicy.objects.filter(center=personas.center).exists()
