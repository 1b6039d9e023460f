"""Demo step "quality" (§3): monitoring plans, held sessions, scores and alerts.

For every demo center: the plan of each half-month of the demo days and of the current one (a plan
as made at its period's start). Slots dated before ``ctx.today`` are mostly held and submitted;
slots of today and later are left for the QA monitors (今日监听). A recording session is started on
its slot's afternoon (14:00), so its §3.2 picks come from the calls that had ended by then; a live
session takes four of the agent's morning calls of that day. Scores are mostly good answers, a few
lost points, an occasional N.A. and a rare major error. Older periods are all held; the last
finished period and the days of the current one keep some slots undone, which show as overdue.
Draws only from ``ctx.random("quality")``.
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
RECORDING_AT = dt.time(14, 0)  # recording sessions are held in the afternoon (§3.1)
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


def build_quality(ctx) -> None:
    from hotline.calls.models import Call
    from hotline.core.periods import Period
    from hotline.quality import services
    from hotline.quality.models import Kind, PlanSlot

    rng = ctx.random("quality")
    today = ctx.today
    current = Period.of(today)
    periods = sorted(set(ctx.periods()) | {current})
    last_held = min(ctx.days[-1], today - dt.timedelta(days=1))  # no session on a day without calls
    finished = [p for p in periods if p.end < today]
    held = {"recording": 0, "live": 0}
    with ctx.bar("quality", total=len(ctx.centers) * len(periods)) as advance:
        for center in ctx.centers.values():
            zone = ZoneInfo(center.timezone or "Asia/Shanghai")
            for period in periods:
                # the plan as generated at the period's start: its slots spread over all its days
                plan = services.plan_generate(center=center, period=period, today=min(period.start, today))
                if period == current:
                    share = HELD_CURRENT
                elif finished and period == finished[-1]:
                    share = HELD_LAST
                else:
                    share = HELD
                slots = plan.slots.filter(
                    monitor__isnull=False, status=PlanSlot.Status.PLANNED, date__lte=last_held
                )
                for slot in slots.select_related("agent", "plan").order_by("date", "half", "id"):
                    if rng.random() > share:
                        continue
                    session = services.session_start(
                        slot=slot, now=dt.datetime.combine(slot.date, RECORDING_AT, tzinfo=zone)
                    )
                    form = session.form.core()
                    evs = list(session.evaluations.all())
                    if not evs:  # no eligible recording: the session stays open
                        continue
                    data = {}
                    if slot.kind == Kind.LIVE:
                        day = Call.objects.filter(agent=slot.agent, local_date=slot.date, abandoned=False)
                        noon = dt.datetime.combine(slot.date, LIVE_BEFORE, tzinfo=zone)
                        calls = list(
                            (
                                day.filter(started_at__lt=noon)
                                if day.filter(started_at__lt=noon).exists()
                                else day
                            )
                            .order_by("started_at")
                            .values_list("pk", flat=True)[:40]
                        )
                        chosen = sorted(rng.sample(calls, min(len(evs), len(calls))))
                        for ev, call_pk in zip(evs, chosen, strict=False):
                            d = _feedback(rng, *_answers(rng, form))
                            d["call"] = Call.objects.get(pk=call_pk)
                            data[ev.pk] = d
                        if not data:
                            ev = evs[0]
                            data[ev.pk] = _feedback(rng, *_answers(rng, form))
                    else:
                        for ev in evs:
                            data[ev.pk] = _feedback(rng, *_answers(rng, form))
                    services.session_submit(session=session, data=data)
                    held[slot.kind] += 1
                advance(1)
    ctx.counts["quality sessions (recording / live)"] = f"{held['recording']} / {held['live']}"


def clear_quality(ctx) -> None:
    from hotline.quality.models import Alert, MonitoringPlan, Session, TrainingFlag

    codes = list(ctx.centers)
    TrainingFlag.objects.filter(recording__call__center__code__in=codes).delete()
    Alert.objects.filter(agent__center__code__in=codes).delete()
    MonitoringPlan.objects.filter(center__code__in=codes).delete()
    Session.objects.filter(agent__center__code__in=codes).delete()


register_step(DemoStep("quality", build_quality, clear_quality))
