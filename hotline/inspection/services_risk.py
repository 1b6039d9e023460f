"""Risk-based extra sampling (SPEC §8 on top of §3.2): a per-center policy, off by default, that
offers a recording session up to N extra high-risk calls of the agent in the period.

The five §3.2 picks are never changed: the extra calls are ``RiskOffer`` rows (criterion ``risk``)
shown apart on the session page to the QA monitor, never to the agent. A call is offered when its
latest automatic inspection has ``risk ≥ threshold``, it belongs to the agent, its local date lies
in the period, it ended by the session's start, it is not one of the session's picks and it was not
evaluated in the regime before. Ranking: risk descending, then earlier start, then smaller id.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.errors import InvalidInput
from hotline.core.periods import Period
from hotline.inspection.models import CallInspection, RiskOffer, RiskPolicy
from hotline.org.models import Center, Person
from hotline.org.policies import next_free_day, policy_append, policy_in_force
from hotline.quality.models import Kind, Session
from hotline.quality.selectors import evaluated_call_ids


class RiskPolicyError(InvalidInput):
    pass


def risk_policy_for(center: Center, day: dt.date | None = None) -> RiskPolicy:
    """The center's policy in force on ``day`` (today by default); an unsaved default (off) when none
    was set."""
    return policy_in_force("risk", center, day or center.today())


def risk_policy_save(*, center: Center, enabled: bool, threshold: int, max_per_agent_per_period: int,
                     effective_from: dt.date | None = None, actor=None,
                     today: dt.date | None = None) -> RiskPolicy:  # fmt: skip
    """A new version of a center's policy from ``effective_from`` (default: the first free day, today
    when possible; audited). ``threshold`` 0–100, ``max_per_agent_per_period`` 0–10."""
    if not 0 <= threshold <= 100:
        raise RiskPolicyError(gettext("风险分阈值须在 0–100 之间"))
    if not 0 <= max_per_agent_per_period <= 10:
        raise RiskPolicyError(gettext("每人每半月最多加抽 0–10 条"))
    today = today or center.today()
    return policy_append(
        "risk", center=center, today=today, actor=actor, error=RiskPolicyError,
        effective_from=effective_from or next_free_day("risk", center, today),
        values={"enabled": enabled, "threshold": threshold, "max_per_agent_per_period": max_per_agent_per_period},
    )  # fmt: skip


def risk_candidates(*, agent: Person, period: Period, threshold: int, now: dt.datetime | None = None,
                    exclude: set[str] = frozenset()):  # fmt: skip
    """The agent's inspected calls of the period at or above ``threshold``, riskiest first,
    without the call ids in ``exclude`` and without calls ending after ``now``."""
    qs = CallInspection.objects.filter(
        call__agent=agent, call__local_date__gte=period.start, call__local_date__lte=period.end,
        risk__gte=threshold,
    ).exclude(call__call_id__in=list(exclude)).select_related("call")  # fmt: skip
    if now is not None:
        qs = qs.filter(
            Q(call__ended_at__lte=now) | Q(call__ended_at__isnull=True, call__answered_at__lte=now)
        )
    return qs.order_by("-risk", "call__started_at", "call_id")


def risk_offers_make(*, session: Session, now: dt.datetime | None = None) -> list[RiskOffer]:
    """Offer the session's extra high-risk calls once (idempotent; nothing when the agent's
    center has no enabled policy or the session is not a regime recording session)."""
    if session.kind != Kind.RECORDING:
        return []
    existing = list(session.risk_offers.all())
    if existing:
        return existing
    policy = risk_policy_for(session.agent.center, session.date)
    if not policy.enabled or policy.max_per_agent_per_period == 0:
        return []
    picked = set(session.picks.values_list("call__call_id", flat=True))
    exclude = picked | evaluated_call_ids([session.agent_id])
    rows = risk_candidates(agent=session.agent, period=Period.parse(session.period), threshold=policy.threshold,
                           now=now or timezone.now(), exclude=exclude)[: policy.max_per_agent_per_period]  # fmt: skip
    return [
        RiskOffer.objects.create(session=session, call=ins.call, risk=ins.risk, order=n)
        for n, ins in enumerate(rows, start=1)
    ]


def offer_on_session_start(sender, *, session: Session, now: dt.datetime | None = None, **kwargs) -> None:
    """Receiver of ``quality.signals.recording_session_started``: the session's high-risk offers."""
    risk_offers_make(session=session, now=now)
