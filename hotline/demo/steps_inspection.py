"""Demo step "inspection" (§8): automatic inspection of the demo's up-front recordings.

For each up-front recording (each agent's latest calls, files written by the "audio" step): the
audio metrics, a plausible Chinese transcript laid onto the speech segments the metrics found
(greeting with work number, the skill's business talk, hold phrase and thanks around a hold,
read-back for orders, farewell) with some rule failures drawn at realistic rates (no work number,
a bare 喂, a forbidden 不知道, a rhetorical question, no thanks after the hold, no read-back, no
farewell), then the rules and the risk score; one finished ``InspectionRun`` per center. Draws only
from ``ctx.random("inspection")``. About 30 ms per call.
"""

from __future__ import annotations

from .build import DemoStep, register_step

_GREETING = {"订货": "订货热线", "咨询": "客服热线", "投诉": "客服热线", "外呼": "客服中心"}
_DIGITS = dict(zip("0123456789", "零幺二三四五六七八九", strict=True))
_CUSTOMER = {
    "订货": ["我想订一下这周的货", "中华要两条，利群五条", "黄鹤楼还有货吗", "那就这样吧", "对，没错",
             "什么时候能送到", "上次的货少了一条"],
    "咨询": ["我想问一下我的订单状态", "积分怎么查", "你们的营业时间是几点", "好的我知道了", "还有一个问题"],
    "投诉": ["你们送货太晚了", "上次的货有破损", "我要投诉一下", "这个问题什么时候能解决", "那好吧"],
    "外呼": ["喂，你好", "哦，是这样啊", "可以的", "下周再说吧", "好"],
}  # fmt: skip
_AGENT = {
    "订货": ["好的，请您说一下要订的品规", "请问还需要其他品规吗", "好的，已经为您登记了", "这款目前有货",
             "请您注意查收短信通知"],
    "咨询": ["好的，我帮您查一下", "您的订单已经出库了", "您可以在网上查询积分", "请问还有其他问题吗"],
    "投诉": ["非常抱歉给您带来不便", "我已经记录下来了，会尽快给您答复", "请您放心，我们会处理的",
             "请问还有其他需要吗"],
    "外呼": ["这次给您打电话是通知您下周的订货安排", "请问您方便吗", "好的，我帮您记录一下"],
}  # fmt: skip


def _work_number(wn: str) -> str:
    return "".join(_DIGITS.get(c, c) for c in wn)


def make_transcript(rng, call, metrics: dict) -> list[dict]:
    """Sentences on the call's speech segments (agent left / customer right) with some failures."""
    skill = call.skill if call.skill in _AGENT else "订货"
    agent_wn = _work_number(call.agent.work_number if call.agent else "")
    turns = sorted([("agent", s, e) for s, e in metrics.get("agent_speech", [])]
                   + [("customer", s, e) for s, e in metrics.get("customer_speech", [])], key=lambda t: t[1])  # fmt: skip
    holds = metrics.get("holds", [])
    agent_idx = [i for i, t in enumerate(turns) if t[0] == "agent"]
    if not agent_idx:
        return []
    first, last = agent_idx[0], agent_idx[-1]
    before_hold = {max((i for i in agent_idx if turns[i][2] <= h[0] + 0.5), default=-1) for h in holds}
    after_hold = {min((i for i in agent_idx if turns[i][1] >= h[1] - 0.5), default=-1) for h in holds}
    middle = [i for i in agent_idx if i not in (first, last) and i not in before_hold | after_hold]
    readback = middle[-1] if middle and skill == "订货" and rng.random() < 0.8 else None
    forbidden = rng.choice(middle) if middle and rng.random() < 0.07 else None
    rhetorical = rng.choice(middle) if middle and rng.random() < 0.07 else None
    greeting = rng.random()
    out = []
    for i, (who, s, e) in enumerate(turns):
        if who == "customer":
            text = rng.choice(_CUSTOMER[skill])
        elif i == first:
            hotline = _GREETING.get(skill, "客服热线")
            text = ("喂" if greeting < 0.05 else f"您好，这里是{hotline}" if greeting < 0.15
                    else f"您好，这里是{hotline}，工号{agent_wn}为您服务")  # fmt: skip
        elif i == last and i not in after_hold:
            text = "好的，就这样" if rng.random() < 0.1 else "感谢您的来电，祝您生活愉快，再见"
        elif i in before_hold:
            text = "等一下" if rng.random() < 0.1 else "请您稍等，我帮您查一下"
        elif i in after_hold:
            text = "好了，查到了" if rng.random() < 0.15 else "感谢您的耐心等待，已经查到了"
        elif i == forbidden:
            text = "这个我不知道，你自己看吧"
        elif i == rhetorical:
            text = "我不是跟你说了吗，你听不懂吗"
        elif i == readback:
            text = "跟您确认一下，您订的是中华两条，利群五条，周四配送"
        else:
            text = rng.choice(_AGENT[skill])
        out.append({"speaker": who, "start": round(s, 2), "end": round(e, 2), "text": text})
    return out


def build_inspection(ctx) -> None:
    if not ctx.audio:
        return
    from django.utils import timezone

    from hotline.calls.services import recording_file
    from hotline.core.inspection.audio import ENERGY, AudioError, analyse_file
    from hotline.inspection.models import InspectionRun
    from hotline.inspection.services import call_inspect, transcript_save

    from .calldata import up_front_recordings

    rng = ctx.random("inspection")
    recs = up_front_recordings(ctx)
    runs: dict[int, InspectionRun] = {}
    n = 0
    with ctx.bar("inspection", total=len(recs)) as advance:
        for rec in recs:
            call = rec.call
            path = recording_file(rec)
            if not path.is_file():
                advance(1)
                continue
            try:
                metrics = analyse_file(path, ENERGY).as_dict()  # synthetic babble: the fast detector
            except (AudioError, OSError):
                advance(1)
                continue
            run = runs.get(call.center_id)
            if run is None:
                run = runs[call.center_id] = InspectionRun.objects.create(
                    center_id=call.center_id, date_from=ctx.days[0], date_to=ctx.days[-1],
                    status=InspectionRun.Status.RUNNING,
                )  # fmt: skip
            transcript_save(call=call, segments=make_transcript(rng, call, metrics), source="demo")
            call_inspect(call=call, run=run, audio_metrics=metrics)
            run.done += 1
            n += 1
            advance(1)
    for run in runs.values():
        run.total = run.done
        run.status = InspectionRun.Status.DONE
        run.finished_at = timezone.now()
        run.save()
    ctx.counts["inspected calls"] = n
    ctx.counts["risk offers"] = _risk_offers(ctx)


def _risk_offers(ctx) -> int:
    """Risk-based extra sampling on (threshold 60, 2 per agent and half-month) in every demo center;
    the open recording sessions get their offers (they were started before the inspection ran)."""
    from hotline.inspection.services_risk import risk_offers_make, risk_policy_save
    from hotline.quality.models import Kind, Session

    centers = list(ctx.centers.values())
    for c in centers:
        # in force from the first demo day, as if the center had switched it on then
        first = ctx.days[0]
        risk_policy_save(center=c, enabled=True, threshold=60, max_per_agent_per_period=2, effective_from=first,
                         today=first)  # fmt: skip
    sessions = Session.objects.filter(
        agent__center__in=centers, kind=Kind.RECORDING, submitted_at__isnull=True
    )
    return sum(
        len(risk_offers_make(session=s, now=s.created_at)) for s in sessions.select_related("agent__center")
    )


def clear_inspection(ctx) -> None:
    from hotline.inspection.models import CallInspection, InspectionRun, RiskOffer, RiskPolicy, Transcript

    centers = list(ctx.centers.values())
    RiskOffer.objects.filter(call__center__in=centers).delete()
    RiskPolicy.objects.filter(center__in=centers).delete()
    CallInspection.objects.filter(call__center__in=centers).delete()
    Transcript.objects.filter(call__center__in=centers).delete()
    InspectionRun.objects.filter(center__in=centers).delete()


register_step(DemoStep("inspection", build_inspection, clear_inspection))
