"""Demo step "workforce" (§5): skills with targets, the users' shift types and next-day rules, a
forecast and staffing plan for next week (plus a web-chat and an email queue in the first center), published 4-week rosters for one team per center,
personal requests and swaps, and an intraday day (the last demo day: yesterday) with a staffing alert,
escalation levels and an event log entry; contingency plans (surge, mass absence, power cut) and two
drills. Deterministic (its own seeded generator); ~10 s.
A short demo (tests: a few days, small teams) skips the forecasts it has no history for, and the
requests/swaps a tiny team cannot hold, and says so in the counts instead of failing.
"""

from __future__ import annotations

import datetime as dt

ROSTER_SECONDS = 2.5  # CP-SAT time limit per roster: the demo must stay fast
SKILLS = (  # name, target SL, answer time s, patience s, shrinkage
    ("订货", 0.8, 20, None, 0.3),
    ("咨询", 0.8, 30, None, 0.3),
    ("投诉", 0.9, 20, 120.0, 0.35),
)
SHIFTS = (  # name, short, start, end, breaks, night, colour
    ("早班", "早", dt.time(8, 30), dt.time(17, 30), [], False, "#c8e6c9"),
    ("中班", "中", dt.time(12, 0), dt.time(21, 0), [], False, "#fff3c4"),
    ("晚班", "晚", dt.time(9, 30), dt.time(22, 0), [["12:00", "14:00"]], True, "#bbdefb"),
    ("休", "休", None, None, [], False, "#eeeeee"),
)


def _counts(n: int) -> dict[str, int]:
    """Minimum heads per shift for a team of ``n`` working 5 days in 7, with one head of slack."""
    w = max(3, n * 5 // 7 - 1)
    early = -(-w * 4 // 10)
    late = w * 3 // 10
    return {"早": early, "中": max(0, w - early - late), "晚": late}


def build_workforce(ctx) -> None:
    from hotline.core.roster import DEFAULT_NEXT
    from hotline.org.models import Person, Role, Team
    from hotline.workforce import services
    from hotline.workforce.models import RosterRule, ShiftType, Skill
    from hotline.workforce.services import policies as services_settings
    from hotline.workforce.services import roster as services_roster

    rng = ctx.random("workforce")
    today = ctx.today  # the centers' date (Asia/Shanghai)
    monday = today - dt.timedelta(days=today.weekday())
    next_monday = monday + dt.timedelta(days=7)
    n_rosters = n_plans = n_skipped = n_drills = 0
    for i, center in enumerate(ctx.centers.values()):
        skills = {
            name: Skill.objects.create(
                center=center, name=name, target_sl=sl, answer_time_s=t, patience_s=pat, shrinkage=shr
            )
            for name, sl, t, pat, shr in SKILLS
        }
        shifts = {}
        for k, (name, short, start, end, breaks, night, colour) in enumerate(SHIFTS):
            shifts[short] = ShiftType.objects.create(
                center=center, name=name, short=short, start=start, end=end, breaks=breaks, night=night,
                is_rest=short == "休", colour=colour, order=k,
            )  # fmt: skip
        for short, allowed in DEFAULT_NEXT.items():
            rule = RosterRule.objects.create(center=center, shift=shifts[short])
            rule.allowed_next.set([shifts[a] for a in allowed])

        # next week's forecast and staffing plan (订货 everywhere, 咨询 in the first center)
        for name in ("订货", "咨询") if i == 0 else ("订货",):
            try:
                run = services.forecast_run(skill=skills[name], first_day=next_monday, horizon=7)
            except services.PlanningError:  # too little history (small demos): no plan, a note
                n_skipped += 1
                continue
            services.staffing_plan_build(run=run)
            n_plans += 1
        if i == 0:  # §5 "Every channel": one web-chat and one email queue, from imported-style counts
            n_plans += _other_channels(ctx, center, next_monday, ctx.random("workforce-channels"))
        services.event_add(
            center=center, skill=skills["订货"], first_day=next_monday + dt.timedelta(days=2),
            last_day=next_monday + dt.timedelta(days=3), factor=1.3, note="春季促销（示例）",
        )  # fmt: skip

        team = (
            Team.objects.filter(center=center, members__role=Role.AGENT)
            .distinct()
            .order_by("sort_key")
            .first()
        )
        if team is None:
            continue
        agents = services_roster.roster_people(center=center, team=team)
        leader = Person.objects.filter(team=team, role=Role.TEAM_LEADER).first()
        # requests that the rosters take into account (a tiny test team gets none)
        if len(agents) >= 2:
            off = services_roster.shift_request_create(agent=agents[0], date=monday + dt.timedelta(days=5), shift=None,
                                                       note="家中有事")  # fmt: skip
            services_roster.shift_request_decide(request=off, approve=True, by=leader)
            services_roster.shift_request_create(agent=agents[1], date=monday + dt.timedelta(days=9), shift=shifts["早"],
                                                 note="晚上上课")  # fmt: skip
        last_week = ctx.days[-1] - dt.timedelta(days=ctx.days[-1].weekday())
        weeks = [(monday, 28)] + ([(last_week, 7)] if last_week < monday else [])  # else: in this roster
        for first, days in weeks:
            roster = services_roster.roster_create(
                center=center, team=team, first_day=first, days=days, time_limit_s=ROSTER_SECONDS,
                demand={"mode": "counts", "counts": _counts(len(agents)), "min_rest_per_week": 2},
            )  # fmt: skip
            roster = services_roster.roster_solve(roster=roster)
            # a busy machine can end the time limit without a solution: publish only a roster that has one
            if roster.state == roster.State.DONE and roster.assignments.exists():
                short = services_roster.roster_infeasible(
                    roster
                )  # a small team: the planner publishes anyway
                services_roster.roster_publish(
                    roster=roster, override_reason="人手不足，按现有人员发布，缺口由加班补足" if short else ""
                )
                n_rosters += 1
        if len(agents) >= 4:  # swaps need four people
            a, b, c = rng.sample(agents, 3)
            swap = services_roster.swap_request_create(
                requester=a, partner=b, date=monday + dt.timedelta(days=8), payback_date=monday + dt.timedelta(days=15),
                note="孩子开家长会",
            )  # fmt: skip
            if leader is not None:
                services_roster.swap_request_decide(swap=swap, approve=True, by=leader)
            services_roster.swap_request_create(
                requester=c, partner=next(p for p in agents if p not in (a, b, c)), date=monday + dt.timedelta(days=10),
                payback_date=monday + dt.timedelta(days=20), note="看病",
            )  # fmt: skip

        # intraday: the last demo day, compared with a forecast of its week made from the weeks before
        week = ctx.days[-1] - dt.timedelta(days=ctx.days[-1].weekday())
        for sk in skills.values():
            try:
                services.forecast_run(skill=sk, first_day=week, horizon=7, method="baseline")
            except services.PlanningError:  # a short demo (tests) has no weeks before the last one
                n_skipped += 1
        # a third of the early shift offline 10:00–11:30, a third of the early shift offline 10:00–11:30
        _intraday(ctx, center, leader, rng)
        # escalation levels in force from the first demo day (versions of kind escalation), as if set then
        first = ctx.days[0]
        for level, minutes, severity, role in ((1, 15, 0.0, Role.TEAM_LEADER), (2, 30, 0.3, Role.MANAGER),
                                               (3, 60, 0.6, Role.ADMIN)):  # fmt: skip
            services_settings.escalation_level_set(
                center=center,
                level=level,
                within_minutes=minutes,
                min_severity=severity,
                role=role,
                effective_from=first,
                today=first,
            )
        n_drills += _contingency(ctx, center, leader)
    ctx.counts["workforce: published rosters"] = n_rosters
    ctx.counts["workforce: staffing plans"] = n_plans
    ctx.counts["workforce: contingency drills"] = n_drills
    if n_skipped:
        ctx.counts["workforce: forecasts skipped (history too short)"] = n_skipped


def _intraday(ctx, center, leader, rng) -> None:
    from zoneinfo import ZoneInfo

    from hotline.workforce.models import AttendanceImport, AttendanceState, EventLog, Roster, RosterAssignment

    day = ctx.days[-1]
    zone = ZoneInfo(center.timezone)
    batch = AttendanceImport.objects.create(center=center, source="demo-states.csv")
    rows = []
    on_duty = RosterAssignment.objects.filter(
        roster__center=center, roster__status=Roster.Status.PUBLISHED, date=day, shift__is_rest=False
    ).select_related("shift", "person")
    for k, a in enumerate(on_duty):
        start = dt.datetime.combine(day, a.shift.start, tzinfo=zone) + dt.timedelta(
            minutes=rng.randint(-5, 4)
        )
        end = dt.datetime.combine(day, a.shift.end, tzinfo=zone)
        gaps = [(dt.datetime.combine(day, dt.time(*map(int, b0.split(":"))), tzinfo=zone),
                 dt.datetime.combine(day, dt.time(*map(int, b1.split(":"))), tzinfo=zone)) for b0, b1 in a.shift.breaks]  # fmt: skip
        if k % 3 == 0 and a.shift.short == "早":
            gaps.append(
                (
                    dt.datetime.combine(day, dt.time(10, 0), tzinfo=zone),
                    dt.datetime.combine(day, dt.time(11, 30), tzinfo=zone),
                )
            )
        t = start
        for g0, g1 in sorted(gaps):
            if g0 > t:
                rows.append(AttendanceState(batch=batch, agent=a.person, start=t, end=g0, state="ready"))
            rows.append(
                AttendanceState(batch=batch, agent=a.person, start=max(t, g0), end=g1, state="offline")
            )
            t = max(t, g1)
        if end > t:
            rows.append(AttendanceState(batch=batch, agent=a.person, start=t, end=end, state="ready"))
    AttendanceState.objects.bulk_create(rows)
    batch.rows = len(rows)
    batch.save(update_fields=["rows"])
    EventLog.objects.create(
        center=center, at=dt.datetime.combine(day, dt.time(10, 20), tzinfo=zone), kind=EventLog.Kind.STAFF,
        text="10:00 起早班三分之一人员因交通管制未到岗，在岗人数低于排班 20% 以上",
        actions="已通知值班经理；暂停小休；二组两人提前上线支援", by=leader,
    )  # fmt: skip


def _other_channels(ctx, center, next_monday: dt.date, rng) -> int:
    """A web-chat queue (3 chats at once) and an email queue (answered within 24 working hours,
    08:00–20:00) with half-hourly contact counts over the demo days, forecast and staffed."""
    from zoneinfo import ZoneInfo

    from hotline.workforce import services
    from hotline.workforce.models import Channel, ContactCount, ContactImport, Skill

    zone = ZoneInfo(center.timezone)
    chat = Skill.objects.create(center=center, name="在线客服", channel=Channel.CHAT, concurrency=3,
                                target_sl=0.8, answer_time_s=30, shrinkage=0.3, aht_override_s=540)  # fmt: skip
    email = Skill.objects.create(center=center, name="邮件", channel=Channel.EMAIL, response_deadline_h=24,
                                 open_from=dt.time(8, 0), open_to=dt.time(20, 0), shrinkage=0.25)  # fmt: skip
    batch = ContactImport.objects.create(center=center, source="demo-contacts.csv")
    rows = []
    for day in ctx.days:
        week = 0.7 if day.weekday() >= 5 else 1.0
        for slot in range(48):
            start = dt.datetime.combine(day, dt.time(slot // 2, 30 * (slot % 2)), tzinfo=zone)
            hour = slot / 2
            if 8 <= hour < 22:  # chat: a late-morning and an afternoon peak
                mean = week * (6 + 5 * (10 <= hour < 12) + 4 * (14 <= hour < 17))
                rows.append(ContactCount(skill=chat, start=start, count=max(0, round(rng.gauss(mean, mean**0.5))),
                                         batch=batch))  # fmt: skip
            mean = week * (4.0 if 8 <= hour < 20 else 0.8)  # email arrives around the clock
            rows.append(ContactCount(skill=email, start=start, count=max(0, round(rng.gauss(mean, mean**0.5))),
                                     handle_s=round(rng.uniform(240, 420)), batch=batch))  # fmt: skip
    ContactCount.objects.bulk_create(rows, batch_size=2000)
    ContactImport.objects.filter(pk=batch.pk).update(rows=len(rows), created=len(rows))
    plans = 0
    for sk in (chat, email):
        try:
            run = services.forecast_run(skill=sk, first_day=next_monday, horizon=7)
        except services.PlanningError:  # a short demo: too little history
            continue
        services.staffing_plan_build(run=run)
        plans += 1
    return plans


CONTINGENCY = (  # scenario, title, trigger, steps (text, role, minutes) — seed 002 四、突发事件管理
    ("surge", "话务量突增应急预案", "实际话务量超过预测 50%（实时监控告警）",
     (("暂停小休、培训和会议，全员上线", "team_leader", 10), ("启用排队提示音，引导客户使用自助服务", "planner", 15),
      ("向呼叫中心经理报告影响和处理办法", "team_leader", 15), ("调整当天后续时段排班，必要时安排加班", "planner", 60))),
    ("absence", "大量人员缺勤应急预案", "实际在岗人数少于排班人数 20%（实时监控告警）",
     (("核实缺勤人数和原因", "team_leader", 10), ("召回休息人员、安排提前上班或延后下班", "planner", 30),
      ("向呼叫中心经理报告影响和处理办法", "team_leader", 15))),
    ("power", "停电应急预案", "职场停电或 UPS 告警",
     (("确认 UPS 供电时间，通知机房", "team_leader", 5), ("电话系统切换到备用线路和留言", "manager", 15),
      ("稳定员工情绪，必要时组织安全撤离", "team_leader", 10))),
)  # fmt: skip


def _contingency(ctx, center, leader) -> int:
    """Three plans of seed 002's scenarios and two drills in the last year (one with a finding)."""
    from hotline.workforce.services import contingency as svc

    plans = {}
    for scenario, title, trigger, steps in CONTINGENCY:
        plans[scenario] = svc.plan_save(center=center, scenario=scenario, title=title, trigger=trigger,
                                        steps=[{"text": t, "role": r, "minutes": m} for t, r, m in steps])  # fmt: skip
    svc.drill_save(plan=plans["surge"], date=ctx.today - dt.timedelta(days=150), participants="一组、二组全体座席员",
                   duration_minutes=45, findings="排队提示音未提前录制，启用晚了 10 分钟",
                   actions="提前录制突增提示音并存入系统" if leader else "", follow_up_owner=leader,
                   follow_up_done=leader is not None,
                   today=ctx.today)  # fmt: skip
    svc.drill_save(plan=plans["absence"], date=ctx.today - dt.timedelta(days=30), participants="一组全体、排班员",
                   duration_minutes=30, findings="两名休息人员电话未接通", actions="更新紧急联系人表" if leader else "",
                   follow_up_owner=leader, today=ctx.today)  # fmt: skip
    return 2


def clear_workforce(ctx) -> None:
    from hotline.demo.names import CENTERS
    from hotline.workforce.models import (
        AttendanceImport,
        ContactImport,
        ContingencyPlan,
        DrillSettings,
        EscalationLevel,
        EventLog,
        EventMultiplier,
        IntradaySettings,
        Roster,
        RosterRule,
        ShiftRequest,
        ShiftType,
        Skill,
        SwapRequest,
    )

    codes = [c.code for c in CENTERS]
    SwapRequest.objects.filter(requester__center__code__in=codes).delete()
    ShiftRequest.objects.filter(agent__center__code__in=codes).delete()
    for model in (AttendanceImport, ContactImport, EventLog, EscalationLevel, IntradaySettings, Roster, EventMultiplier,
                  Skill, RosterRule, ShiftType, ContingencyPlan, DrillSettings):  # fmt: skip
        model.objects.filter(center__code__in=codes).delete()


from .build import DemoStep, register_step  # noqa: E402

register_step(DemoStep("workforce", build_workforce, clear_workforce))
