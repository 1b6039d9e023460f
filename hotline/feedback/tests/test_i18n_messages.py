"""Refusals of the feedback services come out in the active language (English UI)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.translation import override

from hotline.feedback.services import FeedbackError
from hotline.feedback.services.disputes import add_working_days, dispute_open

from .helpers import submitted_session


def test_a_late_dispute_is_refused_in_english_with_the_deadline_when_english_is_active(personas):
    rec = submitted_session(personas.agent, personas.monitor)
    ev = rec.evaluations.first()
    submitted = timezone.localdate(rec.submitted_at)
    late = add_working_days(submitted, 6)
    deadline = add_working_days(submitted, 5)
    with override("en"), pytest.raises(FeedbackError) as refused:
        dispute_open(evaluation=ev, agent=personas.agent, reason="x", today=late)
    assert str(refused.value) == f"The dispute window has closed (deadline {deadline:%Y-%m-%d})"
    with override("en"), pytest.raises(FeedbackError, match="^Give a reason for the dispute$"):
        dispute_open(evaluation=ev, agent=personas.agent, reason=" ")
    with override("zh-hans"), pytest.raises(FeedbackError, match="^请填写申诉理由$"):
        dispute_open(evaluation=ev, agent=personas.agent, reason=" ")
