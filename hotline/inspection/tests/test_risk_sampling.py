"""Risk-based extra sampling (§8 in addition to §3.2): a per-center policy, off by default, offers
a recording session up to N extra high-risk calls apart from its five picks."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.calls.tests.helpers import SH
from hotline.inspection.models import CallInspection, RiskOffer, RiskPolicy
from hotline.inspection.services_risk import RiskPolicyError, risk_offers_make, risk_policy_save
from hotline.org.models import AuditEntry
from hotline.quality import services
from hotline.quality.models import Kind
from hotline.quality.tests.helpers import PERIOD, TODAY, period_calls

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-01T08:00")]  # the policy in force from 11-01
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=SH)


@pytest.fixture
def calls(personas):
    """8 calls of the agent in PERIOD with risks 90, 80, …, 20 (call 00 the riskiest)."""
    out = period_calls(personas.agent, 8)
    for i, c in enumerate(out):
        CallInspection.objects.create(call=c, risk=90 - 10 * i, failed_rules=3)
    return out


def start(personas):
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    return services.recording_session_start(slot=slot, now=NOW)


def test_without_a_policy_nothing_extra_is_offered(personas, calls):
    session = start(personas)
    assert session.picks.count() == 5 and not RiskOffer.objects.exists()


def test_an_enabled_policy_offers_the_riskiest_unpicked_calls_apart_from_the_five(personas, calls):
    risk_policy_save(center=personas.center, enabled=True, threshold=30, max_per_agent_per_period=2)
    session = start(personas)
    picked = set(session.picks.values_list("call__call_id", flat=True))
    expected = [c.call_id for c in calls if c.call_id not in picked and c.inspection.risk >= 30][:2]
    offers = list(session.risk_offers.order_by("order"))
    assert [o.call.call_id for o in offers] == expected and expected
    assert all(o.criterion == "risk" and o.risk >= 30 for o in offers)
    assert session.picks.count() == 5 and "risk" not in set(session.picks.values_list("criterion", flat=True))
    assert session.evaluations.count() == 5


def test_the_policy_leaves_the_five_picks_exactly_as_without_it(personas, calls):
    without = set(start(personas).picks.values_list("call__call_id", flat=True))
    from hotline.quality.models import Session

    Session.objects.all().delete()
    risk_policy_save(center=personas.center, enabled=True, threshold=0, max_per_agent_per_period=3)
    session = start(personas)
    assert set(session.picks.values_list("call__call_id", flat=True)) == without
    assert (
        session.risk_offers.count() == 3 and not {o.call.call_id for o in session.risk_offers.all()} & without
    )


def test_calls_below_the_threshold_or_ending_after_the_start_are_not_offered(personas, calls):
    risk_policy_save(center=personas.center, enabled=True, threshold=95, max_per_agent_per_period=2)
    assert not start(personas).risk_offers.exists()
    RiskPolicy.objects.update(threshold=0)
    session = start(personas)
    assert risk_offers_make(session=session, now=dt.datetime(2026, 11, 1, tzinfo=SH)) == []


def test_offers_are_made_once(personas, calls):
    risk_policy_save(center=personas.center, enabled=True, threshold=0, max_per_agent_per_period=2)
    session = start(personas)
    again = risk_offers_make(session=session, now=NOW)
    assert len(again) == 2 and RiskOffer.objects.count() == 2


def test_a_policy_is_audited_and_checked(personas):
    risk_policy_save(center=personas.center, enabled=True, threshold=70, max_per_agent_per_period=1,
                     actor=personas.manager.user)  # fmt: skip
    assert AuditEntry.objects.filter(action="inspection.risk_policy.create").count() == 1
    with pytest.raises(RiskPolicyError):
        risk_policy_save(center=personas.center, enabled=True, threshold=101, max_per_agent_per_period=1)


def test_a_session_is_judged_by_the_policy_in_force_on_its_date(personas, calls):
    """Versioned (issue 11): switching the policy on later does not reach back to earlier sessions."""
    risk_policy_save(center=personas.center, enabled=True, threshold=30, max_per_agent_per_period=2,
                     effective_from=dt.date(2026, 12, 1))  # fmt: skip
    assert start(personas).risk_offers.count() == 0
    with pytest.raises(RiskPolicyError):  # nor may a version be back-dated before the latest one
        risk_policy_save(center=personas.center, enabled=False, threshold=30, max_per_agent_per_period=2,
                         effective_from=dt.date(2026, 11, 15))  # fmt: skip


def test_the_monitor_sees_the_offers_on_the_session_page_and_the_agent_does_not(personas, login, calls):
    risk_policy_save(center=personas.center, enabled=True, threshold=30, max_per_agent_per_period=2)
    session = start(personas)
    offer = session.risk_offers.first()
    page = login(personas.monitor).get(f"/quality/sessions/{session.pk}/").content.decode()
    assert 'id="risk-offers"' in page and offer.call.call_id in page
    page = login(personas.agent).get(f"/quality/sessions/{session.pk}/").content.decode()
    assert 'id="risk-offers"' not in page and "高风险" not in page
