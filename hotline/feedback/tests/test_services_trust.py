"""§4 trust processes as services, with the role personas: excellent agents in the calibration room,
interviews and phone feedback, the knowledge test and its place in certification."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.calls.tests.helpers import make_call
from hotline.core.errors import Conflict, Forbidden
from hotline.feedback.models import CalibrationGuest, FeedbackSettings, Interview, KnowledgeQuestion
from hotline.feedback.services import FeedbackError
from hotline.feedback.services.calibration import calibration_create, calibration_score
from hotline.feedback.services.knowledge import (
    certification_status,
    knowledge_start,
    knowledge_submit,
    question_create,
)
from hotline.feedback.services.trust import (
    calibration_invite,
    calibration_view_record,
    excellent_agents,
    interview_plan,
    interview_record,
    phone_feedback_log,
)
from hotline.org.models import AuditEntry
from hotline.quality.models import Kind
from hotline.quality.services import active_form

from .helpers import CRITICAL, answers, submitted_session

NOW = "2026-11-20T10:00"
DAY = dt.date(2026, 11, 20)
SH = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def rated(personas):
    """张三 all yes (100), 李四 with a failed critical item (0)."""
    submitted_session(personas.agent, personas.monitor, day=dt.date(2026, 11, 5))
    submitted_session(personas.peer, personas.monitor, day=dt.date(2026, 11, 5), failed=[CRITICAL])
    return personas


@pytest.mark.clock(NOW)
def test_only_agents_above_the_excellent_score_are_rated_excellent(rated):
    got = excellent_agents(rated.center, DAY)
    assert [(e.agent.name, e.rating) for e in got] == [("张三", 100.0)]
    FeedbackSettings.objects.create(center=rated.center, excellent_score=101)
    assert excellent_agents(rated.center, DAY) == []


@pytest.mark.clock(NOW)
def test_an_invited_agent_hears_the_calls_sees_results_after_everyone_and_gives_a_view(rated):
    from hotline.calls.access import visible_recordings

    calls = [make_call(rated.stranger, f"G{i}") for i in range(2)]
    s = calibration_create(center=rated.center, title="校准", form=active_form(), calls=calls,
                           participants=[rated.monitor, rated.manager], created_by=rated.manager)  # fmt: skip
    with pytest.raises(FeedbackError):
        calibration_invite(session=s, agents=[rated.peer], invited_by=rated.manager)  # not excellent
    (guest,) = calibration_invite(session=s, agents=[rated.agent], invited_by=rated.manager)
    calibration_invite(session=s, agents=[rated.agent], invited_by=rated.manager)  # idempotent
    assert CalibrationGuest.objects.count() == 1 and guest.rating == 100.0
    assert set(visible_recordings(rated.agent.user).values_list("call_id", flat=True)) >= {
        c.pk for c in calls
    }
    with pytest.raises(Conflict):
        calibration_view_record(guest=guest, view="太早", by=rated.agent)
    for p in (rated.monitor, rated.manager):
        for c in calls:
            calibration_score(session=s, call=c, evaluator=p, answers=answers())
    g = calibration_view_record(guest=guest, view="复述订单的标准应更明确", by=rated.agent)
    assert g.view.startswith("复述") and g.view_by == rated.agent
    assert AuditEntry.objects.filter(action="feedback.calibration_view").exists()


@pytest.mark.clock(NOW)
def test_interviews_are_planned_and_recorded_by_the_agents_own_people(personas):
    planned = dt.datetime(2026, 11, 21, 15, 0, tzinfo=SH)
    with pytest.raises(Forbidden):  # 王五 is in the other team and not the monitor's agent
        interview_plan(agent=personas.stranger, interviewer=personas.leader, topic="x", planned_for=planned)
    with pytest.raises(Forbidden):
        interview_plan(agent=personas.stranger, interviewer=personas.monitor, topic="x", planned_for=planned)
    i = interview_plan(
        agent=personas.agent, interviewer=personas.leader, topic="复述订单", planned_for=planned
    )
    with pytest.raises(FeedbackError):
        interview_record(interview=i, held_at=None, said="", actions="", by=personas.leader)
    with pytest.raises(Forbidden):
        interview_record(interview=i, held_at=planned, said="x", actions="y", by=personas.monitor)
    held = dt.datetime(2026, 11, 20, 9, 0, tzinfo=SH)
    with pytest.raises(FeedbackError):  # follow-up before the talk
        interview_record(interview=i, held_at=held, said="谈了", actions="练习", follow_up=dt.date(2026, 11, 1),
                         by=personas.leader)  # fmt: skip
    i = interview_record(interview=i, held_at=held, said="最近复述订单不完整", actions="每天练习复述",
                         agent_response="同意", follow_up=dt.date(2026, 12, 4), by=personas.leader)  # fmt: skip
    assert i.status == Interview.Status.HELD and i.follow_up == dt.date(2026, 12, 4)
    interview_record(interview=i, held_at=held, said="更正", actions="每天练习复述", by=personas.leader)
    change = AuditEntry.objects.filter(action="feedback.interview_record").order_by("-id").first()
    assert change.before["said"] == "最近复述订单不完整"


@pytest.mark.clock(NOW)
def test_the_phone_feedback_of_a_live_session_is_logged_once_by_its_monitor(personas):
    s = submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE, day=dt.date(2026, 11, 19))
    held = dt.datetime(2026, 11, 19, 11, 30, tzinfo=SH)
    with pytest.raises(Forbidden):
        phone_feedback_log(session=s, by=personas.leader, held_at=held, said="x")
    row = phone_feedback_log(session=s, by=personas.monitor, held_at=held, said="第2通订单复述漏了数量",
                             agent_response="明白，下次注意")  # fmt: skip
    again = phone_feedback_log(session=s, by=personas.monitor, held_at=held, said="补充", agent_response="好")
    assert row.pk == again.pk and again.kind == Interview.Kind.PHONE and again.interviewer == personas.monitor
    assert Interview.objects.filter(session=s).count() == 1 and "电话反馈" in again.topic
    rec = submitted_session(personas.peer, personas.monitor, day=dt.date(2026, 11, 19))
    with pytest.raises(FeedbackError):
        phone_feedback_log(session=rec, by=personas.monitor, held_at=held, said="x")


def _bank(personas, n=5):
    for i in range(n):
        question_create(center=personas.center, topic=KnowledgeQuestion.Topic.STANDARDS, text=f"题{i}",
                        choices=["甲", "", "乙", "丙"], correct=["2"] if i else ["0", "3"], by=personas.trainer)  # fmt: skip


@pytest.mark.clock(NOW)
def test_a_question_needs_choices_and_a_right_answer_and_blank_boxes_keep_the_right_one(personas):
    with pytest.raises(FeedbackError):
        question_create(
            center=personas.center, topic="standards", text="题", choices=["甲"], correct=["0"], by=None
        )
    with pytest.raises(FeedbackError):
        question_create(
            center=personas.center, topic="standards", text="题", choices=["甲", "乙"], correct=["x"], by=None
        )
    with pytest.raises(FeedbackError):
        question_create(
            center=personas.center, topic="nope", text="题", choices=["甲", "乙"], correct=["0"], by=None
        )
    _bank(personas, 2)
    q = KnowledgeQuestion.objects.order_by("id").last()
    assert q.choices == ["甲", "乙", "丙"] and q.correct == [1]  # the blank second box was dropped


@pytest.mark.clock(NOW)
def test_the_knowledge_test_is_scored_against_the_pass_mark_and_joins_the_certification(personas):
    _bank(personas, 5)
    a = knowledge_start(candidate=personas.agent)
    assert knowledge_start(candidate=personas.agent).pk == a.pk  # the open one again
    ids = [str(q["id"]) for q in a.questions]
    right = {ids[0]: [0, 2], **{k: [1] for k in ids[1:]}}
    right[ids[4]] = [0]  # one wrong: 80
    with pytest.raises(Forbidden):
        knowledge_submit(attempt=a, answers=right, by=personas.peer)
    a = knowledge_submit(attempt=a, answers=right, by=personas.agent)
    assert (a.score, a.pass_mark, a.passed) == (80.0, 80.0, True)
    with pytest.raises(Conflict):
        knowledge_submit(attempt=a, answers=right, by=personas.agent)
    FeedbackSettings.objects.create(center=personas.center, knowledge_pass_mark=90)
    b = knowledge_submit(attempt=knowledge_start(candidate=personas.agent), answers=right, by=personas.agent)
    assert b.pass_mark == 90 and not b.passed
    (status,) = certification_status([personas.agent])
    assert status.knowledge == b and not status.certified
    with pytest.raises(Forbidden):
        knowledge_start(candidate=personas.planner)
