"""Services of the monitoring regime with the personas: plan, sessions, evaluations, scores."""

from __future__ import annotations

import pytest

from hotline.core.scoring import DEFAULT_FORM, FIVE_METHODS_FORM
from hotline.feedback.models import Message
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality import services
from hotline.quality.models import (
    Evaluation,
    EvaluationVersion,
    Kind,
    MonitoringPlan,
    PlanSlot,
    ScoreForm,
    Session,
)
from hotline.quality.selectors import monthly_scores

from .helpers import HELD, PERIOD, TODAY, all_yes, good_data, period_calls


def test_the_data_migration_installs_the_two_shipped_forms(db):
    regime = ScoreForm.objects.get(key="regime", version=1)
    five = ScoreForm.objects.get(key="five-methods", version=1)
    assert regime.core() == DEFAULT_FORM
    assert five.core() == FIVE_METHODS_FORM


def test_saving_a_form_makes_a_new_version_and_keeps_the_old_one(db):
    old = ScoreForm.objects.get(key="regime", version=1)
    definition = dict(old.definition, title="服务质量细则（修订）")
    new = services.form_save_version(key="regime", definition=definition)
    assert new.version == 2 and new.active
    old.refresh_from_db()
    assert not old.active and old.definition["title"] == "服务质量细则"


def test_a_bad_form_definition_is_refused(db):
    with pytest.raises(services.QualityError):
        services.form_save_version(key="x", definition={"title": "t", "sections": []})


def test_the_plan_gives_every_agent_a_live_and_a_recording_slot(personas):
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slots = list(plan.slots.select_related("agent", "monitor"))
    agents = {personas.agent.pk, personas.peer.pk, personas.stranger.pk}
    assert {(s.agent_id, s.kind) for s in slots} == {
        (a, k) for a in agents for k in (Kind.LIVE, Kind.RECORDING)
    }
    assert all(s.monitor == personas.monitor for s in slots)
    assert all((s.half == "am") == (s.kind == Kind.LIVE) for s in slots)
    # the plan's assignment is what the access rules use
    assert set(personas.monitor.monitored_agents.values_list("pk", flat=True)) == agents


def test_two_monitors_share_the_agents_and_swap_them_the_next_period(personas):
    second = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    for i in range(3):
        PersonFactory(
            center=personas.center, company=personas.company, name=f"员工{i}", work_number=f"801{i}"
        )
    first = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    loads = {}
    for s in first.slots.filter(kind=Kind.LIVE):
        loads[s.monitor_id] = loads.get(s.monitor_id, 0) + 1
    assert sorted(loads.values()) == [3, 3] and set(loads) == {personas.monitor.pk, second.pk}
    nxt = services.plan_generate(center=personas.center, period="2026-11-H2", today=TODAY)
    assert all(nxt.assignment[a] != m for a, m in first.assignment.items())


def test_regenerating_keeps_a_session_already_held(personas):
    period_calls(personas.agent)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    session = services.recording_session_start(slot=slot, now=HELD)
    services.session_submit(session=session, data={e.pk: good_data() for e in session.evaluations.all()})
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    again = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    assert again.session == session and again.status == PlanSlot.Status.DONE and again.date == slot.date
    assert MonitoringPlan.objects.count() == 1


def test_a_recording_session_picks_five_calls_with_their_criteria_and_skips_evaluated_ones(personas):
    calls = period_calls(personas.agent, 12)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    session = services.recording_session_start(slot=slot, now=HELD)
    picks = list(session.picks.all())
    assert len(picks) == 5 and {p.criterion for p in picks} <= {"weekday", "fill"}
    assert session.evaluations.count() == 5
    assert services.recording_session_start(slot=slot, now=HELD) == session  # idempotent
    # a new session of the next period never picks these calls again (they are evaluated)
    picked = {p.call.call_id for p in picks}
    assert picked <= {c.call_id for c in calls}
    from hotline.quality.selectors import evaluated_call_ids

    assert picked <= evaluated_call_ids([personas.agent.pk])


def test_an_agent_with_few_calls_gets_a_short_session_with_the_reason(personas):
    period_calls(personas.agent, 3)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    session = services.recording_session_start(
        slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING), now=HELD
    )
    assert session.picks.count() == 3 and "only 3 eligible" in session.short_reason


def _session(personas, n=6):
    period_calls(personas.agent, n)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    return services.recording_session_start(
        slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING), now=HELD
    )


def test_submit_requires_strengths_improvements_and_every_answer(personas):
    ev = _session(personas).evaluations.first()
    with pytest.raises(services.QualityError) as err:
        services.evaluation_submit(
            evaluation=ev, data={"answers": all_yes(), "strengths": "", "improvements": ""}
        )
    assert {p.code for p in err.value.problems} == {"no_strength", "no_improvement"}
    answers = all_yes()
    answers.pop("courtesy.01")
    with pytest.raises(services.QualityError) as err:
        services.evaluation_submit(evaluation=ev, data=good_data(answers=answers))
    assert [p.code for p in err.value.problems] == ["missing"]


def test_na_leaves_both_sides_and_a_failed_critical_item_scores_zero_and_alerts_the_agent(personas):
    evs = list(_session(personas).evaluations.all())
    answers = all_yes()
    answers["courtesy.01"] = "na"
    answers["courtesy.02"] = "no"
    services.evaluation_submit(evaluation=evs[0], data=good_data(answers=answers))
    evs[0].refresh_from_db()
    assert evs[0].score == pytest.approx((97 - 3) / 97 * 100)
    crit = all_yes()
    crit["attitude.02"] = "no"
    with pytest.raises(services.QualityError) as err:  # a failed critical item needs a comment
        services.evaluation_submit(evaluation=evs[1], data=good_data(answers=crit))
    assert [p.code for p in err.value.problems] == ["comment_required"]
    services.evaluation_submit(
        evaluation=evs[1], data=good_data(answers=crit, comments={"attitude.02": "讽刺客户"})
    )
    evs[1].refresh_from_db()
    assert evs[1].score == 0 and evs[1].critical_failed == ["attitude.02"]


def test_the_major_error_alert_is_sent_when_the_transaction_commits(
    personas, django_capture_on_commit_callbacks
):
    ev = _session(personas).evaluations.first()
    crit = all_yes()
    crit["attitude.02"] = "no"
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_submit(
            evaluation=ev, data=good_data(answers=crit, comments={"attitude.02": "骂人"})
        )
    alert = Message.objects.get(recipient=personas.agent, kind="alert")  # the one inbox (feedback)
    assert alert.key == "quality.major_error" and alert.evaluation == ev
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "无服务禁用语" in alert.heading() and alert.params["kind"] == "recording"


def test_a_later_change_adds_a_version_and_needs_a_reason(personas):
    ev = _session(personas).evaluations.first()
    services.evaluation_submit(evaluation=ev, data=good_data())
    answers = all_yes()
    answers["courtesy.03"] = "no"
    with pytest.raises(services.QualityError):
        services.evaluation_submit(evaluation=ev, data=good_data(answers=answers))
    services.evaluation_submit(evaluation=ev, data=good_data(answers=answers), reason="复核后修改")
    versions = list(EvaluationVersion.objects.filter(evaluation=ev).values_list("version", "score"))
    assert versions == [(1, 100.0), (2, 97.0)]


def test_session_score_is_the_mean_and_the_slot_becomes_done(personas):
    session = _session(personas)
    evs = list(session.evaluations.all())
    data = {e.pk: good_data() for e in evs}
    no = all_yes()
    no["skills.01"] = "no"
    data[evs[0].pk] = good_data(answers=no)
    services.session_submit(session=session, data=data)
    session.refresh_from_db()
    assert session.status == Session.Status.SUBMITTED
    assert session.score == pytest.approx((96 + 100 * 4) / 5)
    assert PlanSlot.objects.get(session=session).status == PlanSlot.Status.DONE


def test_a_live_session_has_four_calls_prefilled_from_a_linked_call_and_logs_barge_in(personas):
    calls = period_calls(personas.agent, 2)
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    session = services.live_session_start(slot=plan.slots.get(agent=personas.agent, kind=Kind.LIVE))
    evs = list(session.evaluations.all())
    assert len(evs) == 4 and session.kind == Kind.LIVE
    ev = services.evaluation_save_draft(evaluation=evs[0], data={"call": calls[0]})
    assert ev.started_at == calls[0].answered_at and ev.ended_at == calls[0].ended_at
    services.barge_in_log(evaluation=ev, by=personas.monitor, note="客户情绪激动")
    assert ev.barge_ins.count() == 1
    services.session_submit(session=session, data={evs[0].pk: good_data(), evs[1].pk: good_data()})
    session.refresh_from_db()
    assert session.score == 100 and Evaluation.objects.filter(session=session).count() == 2


def test_monthly_score_is_weighted_and_a_month_without_live_is_incomplete(personas):
    session = _session(personas)
    services.session_submit(session=session, data={e.pk: good_data() for e in session.evaluations.all()})
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert m.result.incomplete and m.result.score is None and m.result.recording_mean == 100
    live = services.live_session_start(
        slot=MonitoringPlan.objects.get().slots.get(agent=personas.agent, kind=Kind.LIVE)
    )
    answers = all_yes()
    answers["courtesy.01"] = "no"
    services.session_submit(session=live, data={live.evaluations.first().pk: good_data(answers=answers)})
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert not m.result.incomplete and m.result.score == pytest.approx(0.7 * 100 + 0.3 * 97)


def test_a_training_flag_needs_a_reason_and_keeps_time_marks(personas):
    ev = _session(personas).evaluations.first()
    with pytest.raises(services.QualityError):
        services.training_flag_set(evaluation=ev, by=personas.monitor, kind="excellent", reason=" ")
    flag = services.training_flag_set(
        evaluation=ev, by=personas.monitor, kind="excellent", reason="安抚到位", marks=[12.5]
    )
    assert flag.recording == ev.call.recording and flag.marks == [12.5]


def test_the_one_query_loader_builds_the_same_records_and_picks_as_the_core_expects(personas):
    from hotline.core.calllog import CallRecord
    from hotline.core.periods import Period
    from hotline.core.sampling import select_recordings
    from hotline.quality.selectors import period_call_records, period_selections

    calls = period_calls(personas.agent, 9) + period_calls(personas.peer, 4)
    period_calls(personas.agent, 1, prefix="nofile")[0].recording.delete()  # unrecorded: left out
    loaded = period_call_records(Period.parse(PERIOD))
    by_hand = [
        CallRecord(
            c.call_id,
            c.agent.work_number,
            c.answered_at,
            c.ended_at,
            talk_seconds=c.talk_seconds,
            recording="1",
        )
        for c in calls
        if c.agent == personas.agent
    ]
    assert sorted(loaded[personas.agent.pk], key=lambda r: r.call_id) == by_hand
    picks = period_selections(Period.parse(PERIOD), agents=[personas.agent, personas.peer])
    expected = select_recordings(by_hand, Period.parse(PERIOD), agent="8001")
    assert picks[personas.agent.pk].picks == expected.picks and picks[personas.peer.pk].short


def test_the_plan_task_runs_the_service_eagerly(personas):
    from hotline.quality.tasks import plan_generate_task

    out = plan_generate_task.delay(personas.center.pk, "2026-12-H1").get()
    assert out["slots"] == 6 and MonitoringPlan.objects.get(pk=out["plan"]).period == "2026-12-H1"
