"""Demo step "quality" (§3): monitoring plans, held sessions, scores and alerts.

For every demo center: the plan of each half-month of the demo days and of the current one (a plan
as made at its period's start). Live sessions are held in their period's mornings; a half-month's
recording sessions in the afternoons of the first working days after it (§3.1), where they sample
**all** of its calls. Slots dated before ``ctx.today`` are mostly held; slots of today and later are
left for the QA monitors (今日监听). Every session is held and submitted at the time it would have
been (issue 12 item 5): a monitor's sessions of a half-day follow one another from 09:00 (live) or
14:00 (recording), so submission times, the dispute windows counted from them and the overdue states
look like a real center's; the major-error alerts carry the time of the evaluation. A live session
scores four of the agent's calls heard from its start on. Scores are mostly good answers, a few lost
points, an occasional N.A. and a rare major error. Older periods are all held; the last finished
period and the days of the current one keep some slots undone, which show as overdue. Absences and
published rosters are respected by the plans themselves. Draws only from ``ctx.random("quality")``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .build import DemoStep, register_step

STRENGTHS = (
    "问候语规范，吐字清晰",
    "耐心倾听，回应及时",
    "复述订单完整准确",
    "语气亲切，使用尊称",
    "业务熟练，引导到位",
)
IMPROVEMENTS = ("结束语不够清晰", "等待后未致谢", "语速偏快", "未做订货信息总结", "遇到抱怨时安抚不足")
LOST_NOTES = ("客户等待后未表示感谢", "未按规范复述", "语气生硬", "总结不完整")
HELD = 1.0  # share of planned sessions held in the older demo periods (all that have calls)
HELD_LAST = 0.9  # in the last finished period (the rest shows as overdue)
HELD_CURRENT = 0.9  # on the current period's days before today
FIRST = {"live": dt.time(9, 0), "recording": dt.time(14, 0)}  # live mornings, recording afternoons (§3.1)
LENGTH = {"live": dt.timedelta(minutes=40), "recording": dt.timedelta(minutes=35)}
GAP = dt.timedelta(minutes=5)
LIVE_BEFORE = dt.time(12, 0)  # live sessions in the morning


def _answers(rng, form) -> tuple[dict, dict]:
    answers, comments = {}, {}
    for item in form.items:
        r = rng.random()
        if item.critical:
            answers[item.key] = "no" if r < 0.01 else "yes"
        elif item.na_allowed and r < 0.03:
            answers[item.key] = "na"
        elif r < 0.08:
            answers[item.key] = "no"
        else:
            answers[item.key] = "yes"
        if answers[item.key] == "no":
            comments[item.key] = rng.choice(LOST_NOTES)
    return answers, comments


def _feedback(rng, answers, comments) -> dict:
    return {
        "answers": answers,
        "comments": comments,
        "strengths": rng.choice(STRENGTHS),
        "improvements": rng.choice(IMPROVEMENTS),
    }


def _live_calls(rng, agent, day: dt.date, start: dt.datetime, zone, n: int) -> list:
    """Up to ``n`` of the agent's answered calls of ``day`` heard live around ``start``: the morning's
    calls from ``start`` on, then the latest ones before it; an agent without morning calls (a late
    shift) is heard on the day's first calls."""
    from hotline.calls.models import Call

    calls = Call.objects.filter(agent=agent, local_date=day, abandoned=False, answered_at__isnull=False)
    noon = dt.datetime.combine(day, LIVE_BEFORE, tzinfo=zone)
    heard = list(calls.filter(answered_at__gte=start, answered_at__lt=noon).order_by("answered_at")[: n + 2])
    if len(heard) < n:
        heard += list(calls.filter(answered_at__lt=start).order_by("-answered_at")[: n - len(heard)])
    if not heard:
        heard = list(calls.order_by("answered_at")[:n])
    return sorted(rng.sample(heard, min(n, len(heard))), key=lambda c: (c.answered_at, c.call_id))


def _backdate(session, at: dt.datetime, started: dt.datetime) -> None:
    """The session, its evaluations and their first versions carry the time they were held."""
    from hotline.org.models import AuditEntry
    from hotline.quality.models import Evaluation, EvaluationVersion, Session

    Session.objects.filter(pk=session.pk).update(created_at=started, submitted_at=at)
    Evaluation.objects.filter(session=session).update(submitted_at=at, updated_at=at)
    EvaluationVersion.objects.filter(evaluation__session=session).update(at=at)
    AuditEntry.objects.filter(
        action="quality.session_submit", object_type="quality.session", object_id=str(session.pk)
    ).update(at=at)


def _backdate_alerts(codes: list[str]) -> None:
    """After the commit (when the alerts of major errors are written): each at its evaluation's time."""
    from django.db.models import OuterRef, Subquery

    from hotline.feedback.models import Message
    from hotline.quality.models import Evaluation

    when = Evaluation.objects.filter(pk=OuterRef("evaluation_id")).values("submitted_at")[:1]
    Message.objects.filter(
        recipient__center__code__in=codes, kind=Message.Kind.ALERT, evaluation__isnull=False
    ).update(created_at=Subquery(when))


def build_quality(ctx) -> None:
    from django.db import transaction

    from hotline.core.periods import Period
    from hotline.quality import services
    from hotline.quality.models import Kind, PlanSlot

    rng = ctx.random("quality")
    today = ctx.today
    current = Period.of(today)
    periods = sorted(set(ctx.periods()) | {current})
    last_live = min(ctx.days[-1], today - dt.timedelta(days=1))  # a live session needs the day's calls
    finished = [p for p in periods if p.end < today]
    held = {"recording": 0, "live": 0}
    with ctx.bar("quality", total=len(ctx.centers) * len(periods)) as advance:
        for center in ctx.centers.values():
            zone = ZoneInfo(center.timezone or "Asia/Shanghai")
            plans = []
            for period in periods:
                # the plan as generated at the period's start: its slots spread over all its days
                plans.append(
                    services.plan_generate(center=center, period=period, today=min(period.start, today))
                )
                advance(1)
            todo = []
            for plan in plans:
                period = Period.parse(plan.period)
                if period == current:
                    share = HELD_CURRENT
                elif finished and period == finished[-1]:
                    share = HELD_LAST
                else:
                    share = HELD
                slots = plan.slots.filter(
                    monitor__isnull=False, status=PlanSlot.Status.PLANNED, date__lt=today
                )
                for slot in slots.select_related("agent", "plan", "monitor"):
                    if slot.kind == Kind.LIVE and slot.date > last_live:
                        continue
                    if slot.kind == Kind.RECORDING and period.end >= today:
                        continue  # cannot happen: a recording slot comes after its period
                    todo.append((slot, share))
            # in time order: a monitor's sessions of a half-day one after the other
            todo.sort(key=lambda t: (t[0].date, t[0].half, t[0].monitor.work_number, t[0].pk))
            nth: dict[tuple, int] = {}
            for slot, share in todo:
                if rng.random() > share:
                    continue
                key = (slot.monitor_id, slot.date, slot.half)
                i = nth[key] = nth.get(key, -1) + 1
                start = dt.datetime.combine(slot.date, FIRST[slot.kind], tzinfo=zone) + i * (
                    LENGTH[slot.kind] + GAP
                )
                if _hold(rng, services, slot, start, zone):
                    held[slot.kind] += 1
    codes = list(ctx.centers)
    transaction.on_commit(lambda: _backdate_alerts(codes))  # runs after the alerts' own callbacks
    ctx.counts["quality sessions (recording / live)"] = f"{held['recording']} / {held['live']}"


def _hold(rng, services, slot, start: dt.datetime, zone) -> bool:
    """Start, score and submit the slot's session at ``start``; False when nothing could be scored."""
    from hotline.quality.models import Kind

    session = services.session_start(slot=slot, now=start)
    form = session.form.core()
    evs = list(session.evaluations.all())
    if not evs:  # no eligible recording: the session stays open
        return False
    data = {}
    end = start + LENGTH[slot.kind]
    if slot.kind == Kind.LIVE:
        calls = _live_calls(rng, slot.agent, slot.date, start, zone, len(evs))
        for ev, call in zip(evs, calls, strict=False):
            d = _feedback(rng, *_answers(rng, form))
            d["call"] = call
            data[ev.pk] = d
        if not data:
            data[evs[0].pk] = _feedback(rng, *_answers(rng, form))
        if calls:  # held while those calls were on the line
            start = min(start, calls[0].answered_at)
            end = max(start + LENGTH[slot.kind], max(c.ended_at or c.answered_at for c in calls) + GAP)
    else:
        for ev in evs:
            data[ev.pk] = _feedback(rng, *_answers(rng, form))
    services.session_submit(session=session, data=data)
    _backdate(session, end, start)
    return True


def clear_quality(ctx) -> None:
    from hotline.feedback.models import Message
    from hotline.quality.models import MonitoringPlan, Session, TrainingFlag

    codes = list(ctx.centers)
    TrainingFlag.objects.filter(recording__call__center__code__in=codes).delete()
    Message.objects.filter(recipient__center__code__in=codes, kind=Message.Kind.ALERT).delete()
    MonitoringPlan.objects.filter(center__code__in=codes).delete()
    Session.objects.filter(agent__center__code__in=codes).delete()


register_step(DemoStep("quality", build_quality, clear_quality))
