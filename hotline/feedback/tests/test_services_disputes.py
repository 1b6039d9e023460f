"""Disputes (§4): the window, reviewer ≠ evaluator, uphold/adjust, versions and the monthly score."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.feedback.models import Dispute, Message
from hotline.feedback.services import FeedbackError
from hotline.feedback.services.disputes import (
    add_working_days,
    dispute_assign,
    dispute_decide,
    dispute_open,
)
from hotline.org.models import AuditEntry, Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import EvaluationVersion, Kind
from hotline.quality.selectors import monthly_scores

from .helpers import NON_CRITICAL, submitted_session


@pytest.fixture
def second_monitor(personas):
    return PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")


def test_the_window_counts_chinese_working_days_across_national_day():
    # 10-01..10-07 National Day off, Sat 10-10 a make-up working day: 10-08, 09, 10, 12, 13
    assert add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    assert add_working_days(dt.date(2026, 11, 6), 5) == dt.date(2026, 11, 13)  # Fri → next Fri


def test_an_agent_disputes_one_item_and_a_reviewer_adjusts_it_creating_a_new_version(
    personas, second_monitor, django_capture_on_commit_callbacks
):
    failed = NON_CRITICAL[0]
    rec = submitted_session(personas.agent, personas.monitor, failed=[failed])
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE)
    before = monthly_scores([personas.agent], 2026, 11)[0].result.score
    ev = rec.evaluations.order_by("order").first()
    today = timezone.localdate(rec.submitted_at)
    with django_capture_on_commit_callbacks(execute=True):
        d = dispute_open(evaluation=ev, agent=personas.agent, reason="我复述了", items=[failed], today=today)
    assert d.reviewer == second_monitor and d.evaluator == personas.monitor
    with django_capture_on_commit_callbacks(execute=True):
        d = dispute_decide(dispute=d, reviewer=second_monitor, outcome="adjusted", explanation="录音中有复述",
                           answers={failed: "yes"})  # fmt: skip
    ev.refresh_from_db()
    assert d.status == Dispute.Status.ADJUSTED and ev.version == 2 and ev.score == 100.0
    assert list(EvaluationVersion.objects.filter(evaluation=ev).values_list("version", flat=True)) == [1, 2]
    assert d.score_before < d.score_after == 100.0
    after = monthly_scores([personas.agent], 2026, 11)[0].result.score
    assert after > before
    assert AuditEntry.objects.filter(action="quality.evaluation_change", object_id=str(ev.pk)).exists()
    assert Message.objects.filter(recipient=personas.agent, kind=Message.Kind.DISPUTE).count() == 1


def test_the_original_evaluator_can_never_review(personas, second_monitor):
    rec = submitted_session(personas.agent, personas.monitor, failed=[NON_CRITICAL[0]])
    ev = rec.evaluations.first()
    d = dispute_open(
        evaluation=ev, agent=personas.agent, reason="不同意", today=timezone.localdate(rec.submitted_at)
    )
    with pytest.raises(FeedbackError, match="原评分质检员"):
        dispute_assign(dispute=d, reviewer=personas.monitor)
    with pytest.raises(FeedbackError, match="原评分质检员"):
        dispute_decide(dispute=d, reviewer=personas.monitor, outcome="upheld", explanation="x")
    with pytest.raises(FeedbackError, match="指派"):
        dispute_decide(dispute=d, reviewer=personas.manager, outcome="upheld", explanation="x")


def test_a_dispute_after_the_window_or_on_someone_elses_evaluation_is_refused(personas, second_monitor):
    rec = submitted_session(personas.agent, personas.monitor)
    ev = rec.evaluations.first()
    late = add_working_days(timezone.localdate(rec.submitted_at), 6)
    with pytest.raises(FeedbackError, match="申诉期已过"):
        dispute_open(evaluation=ev, agent=personas.agent, reason="x", today=late)
    with pytest.raises(FeedbackError, match="自己"):
        dispute_open(evaluation=ev, agent=personas.peer, reason="x")
    with pytest.raises(FeedbackError, match="理由"):
        dispute_open(evaluation=ev, agent=personas.agent, reason=" ")


def test_upholding_keeps_the_score_and_a_decided_dispute_cannot_be_decided_again(personas, second_monitor):
    rec = submitted_session(personas.agent, personas.monitor, failed=[NON_CRITICAL[1]])
    ev = rec.evaluations.first()
    d = dispute_open(
        evaluation=ev, agent=personas.agent, reason="x", today=timezone.localdate(rec.submitted_at)
    )
    d = dispute_decide(dispute=d, reviewer=second_monitor, outcome="upheld", explanation="评分正确")
    assert d.status == Dispute.Status.UPHELD and d.score_after == d.score_before
    with pytest.raises(FeedbackError, match="已处理"):
        dispute_decide(dispute=d, reviewer=second_monitor, outcome="adjusted", explanation="x")


def test_without_another_monitor_the_manager_reviews(personas):
    rec = submitted_session(personas.agent, personas.monitor)
    d = dispute_open(evaluation=rec.evaluations.first(), agent=personas.agent, reason="x",
                     today=timezone.localdate(rec.submitted_at))  # fmt: skip
    assert d.reviewer == personas.manager


def test_a_deadline_in_december_does_not_warn_about_the_next_year():
    import warnings

    from hotline.core.workdays import CalendarFallbackWarning
    from hotline.feedback.services.disputes import add_working_days

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert add_working_days(dt.date(2026, 12, 1), 5) == dt.date(2026, 12, 8)
    assert not [w for w in caught if issubclass(w.category, CalendarFallbackWarning)]
