"""The analysis table and its approval workflow (§3.7): data, illegal steps, distribution, training."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.feedback.models import Analysis, Message, TrainingEntry
from hotline.feedback.selectors import overdue_analyses, training_progress
from hotline.feedback.services import FeedbackError
from hotline.feedback.services.analysis import analysis_create, analysis_transition
from hotline.org.models import AuditEntry
from hotline.quality.models import Kind

from .helpers import NON_CRITICAL, submitted_session

A, B = NON_CRITICAL[0], NON_CRITICAL[1]


@pytest.fixture
def area(personas):
    # agent fails A in every call, peer fails A and B in two of five; the stranger is not monitored
    submitted_session(personas.agent, personas.monitor, failed=[A])
    submitted_session(personas.peer, personas.monitor, failed=[[A, B], [A, B], [], [], []])
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE)
    return personas


def test_the_analysis_counts_item_failures_into_a_pareto_and_scores_per_agent(area):
    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    par = {p["key"]: p for p in a.data["pareto"]}
    assert par[A]["count"] == 7 and par[B]["count"] == 2
    assert a.data["pareto"][0]["key"] == A and a.data["pareto"][-1]["cumulative"] == pytest.approx(100.0)
    assert par[A]["rate"] == pytest.approx(7 / 14)  # 5 + 5 recordings + 4 live calls
    rows = {r["work_number"]: r for r in a.data["agents"]}
    assert set(rows) == {"8001", "8002"} and rows["8001"]["live"] == 100.0
    assert [t["key"] for t in a.data["training"]] == [A]  # B: 2/14 is under the 20 % threshold
    assert len(a.data["records"]) == 14


def test_illegal_transitions_are_refused(area):
    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    with pytest.raises(FeedbackError):
        analysis_transition(analysis=a, action="approve", by=area.manager)
    with pytest.raises(FeedbackError):
        analysis_transition(analysis=a, action="submit", by=area.manager)  # not the author
    a = analysis_transition(analysis=a, action="submit", by=area.monitor)
    with pytest.raises(FeedbackError, match="自己"):
        analysis_transition(analysis=a, action="approve", by=area.monitor)
    with pytest.raises(FeedbackError, match="经理"):
        analysis_transition(analysis=a, action="approve", by=area.outsider)
    with pytest.raises(FeedbackError, match="意见"):
        analysis_transition(analysis=a, action="return", by=area.manager)
    a = analysis_transition(analysis=a, action="return", by=area.manager, comment="请补充培训建议")
    assert a.status == Analysis.Status.RETURNED
    a = analysis_transition(analysis=a, action="submit", by=area.monitor)
    a = analysis_transition(analysis=a, action="approve", by=area.manager)
    with pytest.raises(FeedbackError):
        analysis_transition(analysis=a, action="return", by=area.manager, comment="x")
    assert AuditEntry.objects.filter(action__startswith="feedback.analysis_").count() == 5


def test_approval_sends_each_agent_only_their_own_results_after_commit(
    area, django_capture_on_commit_callbacks
):
    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    a = analysis_transition(analysis=a, action="submit", by=area.monitor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        analysis_transition(analysis=a, action="approve", by=area.manager)
    assert len(callbacks) >= 2  # the webhook queue of each message waits for the commit
    mine = Message.objects.get(recipient=area.agent, kind=Message.Kind.RESULT)
    assert "8002" not in str(mine.data) and area.peer.name not in mine.body
    assert Message.objects.filter(kind=Message.Kind.RESULT).count() == 2
    entry = TrainingEntry.objects.get()
    assert entry.item_key == A and set(entry.agents.values_list("work_number", flat=True)) == {"8001", "8002"}
    assert entry.trainer == area.trainer


def test_an_approval_later_than_the_window_is_overdue(area):
    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    t0 = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    analysis_transition(analysis=a, action="submit", by=area.monitor, now=t0)
    assert not overdue_analyses(Analysis.objects.all(), now=t0 + dt.timedelta(days=2, hours=23)).exists()
    assert overdue_analyses(Analysis.objects.all(), now=t0 + dt.timedelta(days=3, hours=1)).count() == 1


def test_training_progress_shows_whether_the_agents_improved_on_the_item(area):
    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    analysis_transition(analysis=a, action="submit", by=area.monitor)
    analysis_transition(analysis=a, action="approve", by=area.manager)
    entry = TrainingEntry.objects.get()
    submitted_session(area.agent, area.monitor, period="2026-11-H2", day=dt.date(2026, 11, 18))  # all yes
    submitted_session(area.peer, area.monitor, period="2026-11-H2", day=dt.date(2026, 11, 18), failed=[A])
    prog = {r["work_number"]: r for r in training_progress(entry)["rows"]}
    assert prog["8001"]["rates"][:2] == pytest.approx(
        (5 / 9, 0.0)
    )  # live calls passed and prog["8001"]["improved"] is True
    assert prog["8002"]["rates"][:2] == (0.4, 1.0) and prog["8002"]["improved"] is False


def test_the_analysis_of_a_half_month_shows_the_recording_sessions_still_to_hold_after_it(personas):
    from hotline.quality import services
    from hotline.quality.tests.helpers import TODAY, period_calls

    period_calls(personas.agent, 8)
    services.plan_generate(center=personas.center, period="2026-11-H1", today=TODAY)
    a = analysis_create(center=personas.center, monitor=personas.monitor, scope="half", period="2026-11-H1")
    pending = a.data["pending"]
    assert pending["recording"] >= 1 and pending["until"] > "2026-11-15"  # held after the half-month
