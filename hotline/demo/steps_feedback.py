"""Demo step "feedback" (§3.7, §4): approved analyses, inbox messages, a calibration, disputes.

For every demo center and QA monitor with sessions: the analysis (监听分析表) of each finished demo
half-month (the current one is still being monitored), submitted at 17:00 on the last of its
recording days (§3.1: its recording sessions are held in the first working days after it) and
approved by the manager two days later (never later than the demo's now) — except the last finished
period, left submitted (overdue on the manager's home page) for the first monitor and as a draft for
the others; an analysis whose recording days are not over yet stays a draft. Approval sends each agent their results and opens training entries. Then: an urgent push
to one team, two disputes on recent evaluations still inside their window (one adjusted by another reviewer,
one still open), a calibration session
(three recordings, every monitor and the manager, all submitted) and a gold set with a passed
certification. Draws only from ``ctx.random("feedback")``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .build import DemoStep, register_step


def build_feedback(ctx) -> None:
    from django.utils import timezone

    from hotline.calls.models import Call
    from hotline.feedback import services as fs
    from hotline.feedback.models import Dispute
    from hotline.feedback.services import FeedbackError
    from hotline.feedback.services.analysis import analysis_create, analysis_transition, training_create
    from hotline.feedback.services.calibration import (
        calibration_create,
        calibration_score,
        certification_answer,
        certification_finish,
        certification_start,
        gold_set_create,
    )  # fmt: skip
    from hotline.feedback.services.disputes import (
        add_working_days,
        dispute_deadline,
        dispute_decide,
        dispute_open,
        published_at,
    )  # fmt: skip
    from hotline.org.models import Person, Role, Team
    from hotline.quality.models import Evaluation, Session
    from hotline.quality.services import holiday_overrides, recording_days

    rng = ctx.random("feedback")
    periods = ctx.periods(finished=True)
    if not periods:  # a demo inside the current half-month: nothing finished to analyse
        return
    # the demo's now: the present, or the start of ``ctx.today`` when the demo is built for another day
    now = min(timezone.now(), dt.datetime.combine(ctx.today, dt.time(0), tzinfo=ZoneInfo("Asia/Shanghai")))
    counts = {"analyses": 0, "messages": 0, "disputes": 0, "calibrations": 0}
    with ctx.bar("feedback", total=len(ctx.centers)) as advance:
        for center in ctx.centers.values():
            tz = ZoneInfo(center.timezone or "Asia/Shanghai")
            manager = Person.objects.filter(center=center, role=Role.MANAGER).order_by("work_number").first()
            monitors = list(
                Person.objects.filter(role=Role.QA_MONITOR, monitored_sessions__agent__center=center)
                .distinct()
                .order_by("work_number")
            )
            for i, mon in enumerate(monitors):
                for p in periods:
                    a = analysis_create(center=center, monitor=mon, scope="half", period=str(p))
                    counts["analyses"] += 1
                    window = recording_days(p, center)[0] or [p.end + dt.timedelta(days=1)]
                    submitted = dt.datetime.combine(window[-1], dt.time(17), tzinfo=tz)
                    if submitted > now:
                        continue  # its recording sessions are still being held: a draft
                    if p == periods[-1]:
                        if i == 0:
                            analysis_transition(analysis=a, action="submit", by=mon, now=submitted)
                        continue
                    analysis_transition(analysis=a, action="submit", by=mon, now=submitted)
                    if manager is not None:
                        analysis_transition(analysis=a, action="approve", by=manager,
                                            now=min(submitted + dt.timedelta(days=2), now))  # fmt: skip
            # an urgent push to the first team
            team = Team.objects.filter(center=center).order_by("name").first()
            if team is not None and monitors:
                fs.urgent_push(sender=monitors[0], team=team, title="请注意：复述订单信息须完整",
                               body="今天上午多通电话未按规范复述订单，请立即纠正。")  # fmt: skip
            # disputes on the latest evaluations with a lost item, each opened inside its window: the
            # working day after it was published (never after its deadline, nor after today)
            lost = list(
                Evaluation.objects.filter(
                    session__agent__center=center, session__status=Session.Status.SUBMITTED,
                    session__purpose="regime", score__gt=0, score__lt=100,
                ).select_related("session__agent__center", "session__monitor", "form").order_by(
                    "-session__submitted_at", "pk"
                )[:40]
            )  # fmt: skip
            rng.shuffle(lost)
            for k, ev in enumerate(lost[:2]):
                key = next((kk for kk, v in ev.answers.items() if v == "no"), None)
                if key is None:
                    continue
                deadline = dispute_deadline(ev)
                if deadline is None:
                    continue
                published = published_at(ev).astimezone(tz)
                opened = min(add_working_days(published.date(), 1, holiday_overrides()), deadline, ctx.today)
                opened_at = dt.datetime.combine(opened, dt.time(10), tzinfo=tz)
                if opened_at > now:  # published yesterday: disputed that evening
                    opened_at = published + dt.timedelta(hours=2)
                opened_at = min(opened_at, now)
                d = dispute_open(evaluation=ev, agent=ev.session.agent, reason="录音中我已按规范操作，请复听。",
                                 items=[key], today=opened)  # fmt: skip
                Dispute.objects.filter(pk=d.pk).update(opened_at=max(opened_at, published))
                counts["disputes"] += 1
                if k == 0 and d.reviewer is not None:
                    dispute_decide(dispute=d, reviewer=d.reviewer, outcome="adjusted",
                                   explanation="复听录音后确认该项符合规范，予以调整。", answers={key: "yes"})  # fmt: skip
                    decided = max(
                        min(opened_at + dt.timedelta(days=1), now), opened_at + dt.timedelta(minutes=30)
                    )
                    Dispute.objects.filter(pk=d.pk).update(decided_at=decided)
            # calibration: three recordings scored by every monitor and the manager
            evs = list(
                Evaluation.objects.filter(session__agent__center=center, call__recording__isnull=False,
                                          version__gt=0, session__kind="recording").select_related("form")[:3]
            )  # fmt: skip
            raters = monitors + ([manager] if manager else [])
            if len(evs) == 3 and len(raters) >= 2:
                s = calibration_create(center=center, title=f"{periods[-1]} 校准会", form=evs[0].form,
                                       calls=[e.call for e in evs], participants=raters, expert=manager,
                                       created_by=manager)  # fmt: skip
                form = evs[0].form.core()
                for r in raters:
                    for e in evs:
                        answers = dict(e.answers)
                        for item in form.items:
                            if not item.critical and rng.random() < 0.06:
                                answers[item.key] = "no" if answers.get(item.key) == "yes" else "yes"
                        calibration_score(session=s, call=e.call, evaluator=r, answers=answers)
                counts["calibrations"] += 1
                gold = gold_set_create(center=center, name=f"{center.name} 标准录音集", evaluations=evs,
                                       created_by=manager)  # fmt: skip
                if monitors:
                    att = certification_start(gold_set=gold, candidate=monitors[-1])
                    for gi in gold.items.all():
                        certification_answer(attempt=att, item=gi, answers=gi.answers)
                    certification_finish(attempt=att)
            # a training entry planned by hand by the trainer (issue 13.7): topic, agents, recordings
            planner = (Person.objects.filter(center=center, role=Role.TRAINER, active=True).order_by("work_number").first()
                       or manager)  # fmt: skip
            agents = list(
                Person.objects.filter(center=center, role=Role.AGENT, active=True).order_by("work_number")[:3]
            )
            if planner is not None and agents:
                failed = next((k for e in lost for k, v in e.answers.items() if v == "no"), "")
                calls = Call.objects.filter(agent__in=agents, recording__isnull=False).order_by(
                    "-started_at"
                )[:2]
                try:
                    training_create(center=center, topic="投诉安抚与订单复述", agents=agents, item_key=failed,
                                    due_date=ctx.today + dt.timedelta(days=14), calls=list(calls), created_by=planner,
                                    today=ctx.today)  # fmt: skip
                except FeedbackError:
                    pass
            advance(1)
    from hotline.feedback.models import Message

    counts["messages"] = Message.objects.filter(recipient__center__code__in=list(ctx.centers)).count()
    ctx.counts["feedback (analyses / messages / disputes / calibrations)"] = (
        f"{counts['analyses']} / {counts['messages']} / {counts['disputes']} / {counts['calibrations']}"
    )


def clear_feedback(ctx) -> None:
    from hotline.feedback.models import (
        Analysis,
        CalibrationSession,
        CertificationAttempt,
        Dispute,
        GoldSet,
        Message,
        TrainingEntry,
    )  # fmt: skip

    codes = list(ctx.centers)
    Dispute.objects.filter(agent__center__code__in=codes).delete()
    Message.objects.filter(recipient__center__code__in=codes).delete()
    TrainingEntry.objects.filter(center__code__in=codes).delete()
    CertificationAttempt.objects.filter(gold_set__center__code__in=codes).delete()
    GoldSet.objects.filter(center__code__in=codes).delete()
    CalibrationSession.objects.filter(center__code__in=codes).delete()
    Analysis.objects.filter(center__code__in=codes).delete()


register_step(DemoStep("feedback", build_feedback, clear_feedback))
