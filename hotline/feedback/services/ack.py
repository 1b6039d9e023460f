"""The agent's acknowledgement of one evaluation (确认, SPEC §3.7.3), given on the evaluation's page.

An acknowledgement is kept once (idempotent) with the score version the agent saw and audited; it
also acknowledges the result messages of the inbox that carried only evaluations now all acknowledged,
so the agent is not asked twice for the same result."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.org.models import Person
from hotline.org.services import audit_record
from hotline.quality.models import Evaluation

from ..models import Acknowledgement, Message
from ..services import FeedbackError


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, agent: Person, actor=None) -> Acknowledgement:
    """The agent acknowledges their own published evaluation; a second click changes nothing."""
    ev = Evaluation.objects.select_related("session").get(pk=evaluation.pk)
    if ev.session.agent_id != agent.pk:
        raise FeedbackError(gettext("只能确认自己的评分"))
    if ev.version == 0 or ev.score is None or not ev.session.submitted:
        raise FeedbackError(gettext("该评分尚未发布，不能确认"))
    existing = Acknowledgement.objects.filter(evaluation=ev).first()
    if existing is not None:
        return existing
    now = timezone.now()
    ack = Acknowledgement.objects.create(evaluation=ev, agent=agent, version=ev.version, at=now)
    audit_record(actor=actor, action="feedback.evaluation_acknowledge", obj=ack,
                 after={"evaluation": ev.pk, "version": ev.version})  # fmt: skip
    done = set(Acknowledgement.objects.filter(agent=agent).values_list("evaluation_id", flat=True))
    for m in Message.objects.filter(recipient=agent, kind=Message.Kind.RESULT, acknowledged_at__isnull=True):
        ids = [i for i in (m.data or {}).get("evaluations") or [] if isinstance(i, int)]
        if ids and ev.pk in ids and set(ids) <= done:
            m.acknowledged_at = now
            m.read_at = m.read_at or now
            m.save(update_fields=["acknowledged_at", "read_at"])
    return ack
