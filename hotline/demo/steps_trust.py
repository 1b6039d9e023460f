"""Demo step "trust" (§4, §3.6; issue 12 items 2 and 4): the trust processes of seed 001.

For every demo center: a knowledge-test question bank (the standards, the process, the business) kept
by the trainer, a passed sitting of the certified QA monitor and one of an agent rated excellent; the
agents rated excellent invited to the demo calibration meeting, the first with their view recorded;
the phone feedback of every live session of the last month, logged by its monitor shortly after the
session; per QA monitor a held interview (topic, actions, follow-up) and a planned one, and a team
leader's interview. Everything carries the time it would have happened (never after the demo's now).
Draws only from ``ctx.random("trust")``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .build import DemoStep, register_step

QUESTIONS = [
    (
        "standards",
        "座席员在通话中出现服务禁用语（致命错误），该通电话的得分是多少？",
        ["0 分", "扣 6 分", "扣 3 分", "不扣分"],
        [0],
    ),
    (
        "standards",
        "标记为 N.A.（不适用）的项目如何计分？",
        ["按满分计", "从应得分和实得分中同时去除", "按 0 分计"],
        [1],
    ),
    ("standards", "每次评分至少要写出什么？", ["一条优点", "一条不足", "客户姓名", "通话编号"], [0, 1]),
    ("standards", "服务态度部分每项的分值是多少？", ["3 分", "4 分", "6 分", "4.5 分"], [2]),
    ("process", "每个座席员每半月被实时监听和录音监听各几次？", ["各一次", "各两次", "只录音监听一次"], [0]),
    ("process", "每次实时监听须监听几通电话？", ["3 通", "4 通", "5 通"], [1]),
    ("process", "监听分析表提交后，呼叫中心经理应在几天内核准？", ["1 天", "3 天", "7 天"], [1]),
    (
        "process",
        "实时监听中发现座席员与客户争执时，质检员应：",
        ["事后再说", "利用强拆功能直接与客户对话", "挂断电话"],
        [1],
    ),
    (
        "business",
        "订货结束时，座席员应按规范做什么？",
        ["复述订单信息并确认实配信息", "直接挂机", "推荐其他品牌"],
        [0],
    ),
    (
        "business",
        "客户抱怨到货不足时，正确的做法是：",
        ["合理安抚并说明实配原因", "承诺下次一定足量", "让客户找客户经理"],
        [0],
    ),
]
SAID = [
    "第{n}通订单复述完整，问候和道别规范，继续保持。",
    "第{n}通复述订单时漏了数量，请按规范逐项复述。",
    "第{n}通客户等待时没有使用服务用语，请注意。",
    "整体服务态度好，第{n}通对客户抱怨的安抚比较到位。",
]
RESPONSES = [
    "明白，下次注意。",
    "好的，谢谢指导。",
    "当时系统较慢，以后会先告知客户稍等。",
    "同意，会多练习复述。",
]
TOPICS = [
    ("订单复述规范", "每天上班前练习复述 5 个订单；下次录音监听重点看复述项", "同意，复述时会放慢语速。"),
    ("等待用语与致谢", "需要客户等待时使用服务用语，等待结束后表示感谢", "以前没注意到，会改正。"),
    ("投诉安抚", "遇到抱怨先安抚再解释实配原因，不做无法兑现的承诺", "希望能多听几段优秀录音。"),
]


def build_trust(ctx) -> None:
    from django.utils import timezone

    from hotline.feedback.models import CalibrationSession, Interview, KnowledgeAttempt
    from hotline.feedback.services import FeedbackError
    from hotline.feedback.services.knowledge import knowledge_start, knowledge_submit, question_create
    from hotline.feedback.services.trust import (
        calibration_invite,
        calibration_view_record,
        excellent_agents,
        interview_plan,
        interview_record,
        phone_feedback_log,
    )  # fmt: skip
    from hotline.org.models import Person, Role
    from hotline.quality.models import Kind, Session

    rng = ctx.random("trust")
    now = min(timezone.now(), dt.datetime.combine(ctx.today, dt.time(0), tzinfo=ZoneInfo("Asia/Shanghai")))
    counts = {"questions": 0, "tests": 0, "guests": 0, "phone": 0, "interviews": 0}
    with ctx.bar("trust", total=len(ctx.centers)) as advance:
        for center in ctx.centers.values():
            tz = ZoneInfo(center.timezone or "Asia/Shanghai")
            people = Person.objects.filter(center=center, active=True).order_by("work_number")
            manager = people.filter(role=Role.MANAGER).first()
            trainer = people.filter(role=Role.TRAINER).first() or manager
            monitors = list(people.filter(role=Role.QA_MONITOR, monitored_sessions__isnull=False).distinct())
            # the question bank and two sittings: the certified monitor (all right), an excellent agent
            for topic, text, choices, correct in QUESTIONS:
                question_create(center=center, topic=topic, text=text, choices=choices, correct=[str(i) for i in correct],
                                by=trainer)  # fmt: skip
                counts["questions"] += 1
            excellent = excellent_agents(center, ctx.today)
            takers = ([monitors[-1]] if monitors else []) + [e.agent for e in excellent[:1]]
            for k, who in enumerate(takers):
                a = knowledge_start(candidate=who)
                answers = {str(q["id"]): list(q["correct"]) for q in a.questions}
                if k:  # the agent misses one question: 90 points, above the pass mark of 80
                    first = str(a.questions[0]["id"])
                    answers[first] = [(a.questions[0]["correct"][0] + 1) % len(a.questions[0]["choices"])]
                knowledge_submit(attempt=a, answers=answers, by=who, today=ctx.today)
                sat = min(now - dt.timedelta(days=3 + k), now)
                KnowledgeAttempt.objects.filter(pk=a.pk).update(
                    started_at=sat - dt.timedelta(minutes=20), finished_at=sat
                )
                counts["tests"] += 1
            # agents rated excellent in the calibration room
            cal = CalibrationSession.objects.filter(
                center=center, status=CalibrationSession.Status.OPEN
            ).first()
            if cal is not None and excellent:
                try:
                    guests = calibration_invite(session=cal, agents=[e.agent for e in excellent[:2]],
                                                invited_by=manager, today=ctx.today)  # fmt: skip
                except FeedbackError:
                    guests = []
                counts["guests"] += len(guests)
                if guests:
                    calibration_view_record(guest=guests[0], by=guests[0].agent,
                                            view="复述订单一项各位质检员掌握得不一样，建议在细则里写明哪些信息必须复述。")  # fmt: skip
            # the phone feedback of each live session of the last month, shortly after it
            since = now - dt.timedelta(days=31)
            live = Session.objects.filter(agent__center=center, kind=Kind.LIVE, status=Session.Status.SUBMITTED,
                                          submitted_at__gte=since, submitted_at__lte=now).select_related("agent", "monitor")  # fmt: skip
            for s in live.order_by("submitted_at", "pk"):
                held = min(s.submitted_at + dt.timedelta(minutes=rng.randint(10, 50)), now)
                n = rng.randint(1, 4)
                row = phone_feedback_log(session=s, by=s.monitor, held_at=held, said=rng.choice(SAID).format(n=n),
                                         agent_response=rng.choice(RESPONSES))  # fmt: skip
                Interview.objects.filter(pk=row.pk).update(created_at=held, updated_at=held)
                counts["phone"] += 1
            # interviews: each monitor with two of their agents (one held, one planned); a team leader's
            pairs = []
            for mon in monitors:
                agents = list(people.filter(monitors=mon, role=Role.AGENT).order_by("work_number")[:2])
                pairs += [(mon, a, j) for j, a in enumerate(agents)]
            leader = people.filter(role=Role.TEAM_LEADER, team__isnull=False).first()
            if leader is not None:
                mate = people.filter(role=Role.AGENT, team_id=leader.team_id).first()
                if mate is not None:
                    pairs.append((leader, mate, 0))
            for who, agent, j in pairs:
                topic, actions, answer = TOPICS[rng.randrange(len(TOPICS))]
                if j == 0:
                    held = dt.datetime.combine(
                        ctx.today - dt.timedelta(days=rng.randint(3, 9)), dt.time(16, 30), tzinfo=tz
                    )
                    held = min(held, now)
                    i = interview_plan(agent=agent, interviewer=who, topic=topic, planned_for=held)
                    interview_record(interview=i, held_at=held, said=f"回顾近期监听结果：{topic}方面还有提高空间。",
                                     actions=actions, agent_response=answer,
                                     follow_up=held.date() + dt.timedelta(days=14), by=who)  # fmt: skip
                    Interview.objects.filter(pk=i.pk).update(
                        created_at=held - dt.timedelta(days=2), updated_at=held
                    )
                else:
                    when = dt.datetime.combine(ctx.today + dt.timedelta(days=2), dt.time(16, 0), tzinfo=tz)
                    i = interview_plan(agent=agent, interviewer=who, topic=topic, planned_for=when)
                    Interview.objects.filter(pk=i.pk).update(created_at=now, updated_at=now)
                counts["interviews"] += 1
            advance(1)
    ctx.counts["trust (questions / tests / guests / phone feedback / interviews)"] = " / ".join(
        str(counts[k]) for k in ("questions", "tests", "guests", "phone", "interviews")
    )


def clear_trust(ctx) -> None:
    from hotline.feedback.models import CalibrationGuest, Interview, KnowledgeAttempt, KnowledgeQuestion

    codes = list(ctx.centers)
    Interview.objects.filter(center__code__in=codes).delete()
    KnowledgeAttempt.objects.filter(center__code__in=codes).delete()
    KnowledgeQuestion.objects.filter(center__code__in=codes).delete()
    CalibrationGuest.objects.filter(session__center__code__in=codes).delete()


register_step(DemoStep("trust", build_trust, clear_trust))
