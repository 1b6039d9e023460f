"""Demo step "reports" (§6, §7): KPI targets, a month of appraisal inputs for every demo agent
(attendance, exams, accuracy and handling time, commendations, violations), satisfaction surveys
with the customers' own words, the appraisal of the last full demo month (``ctx.report_month``: the
month before today's, the demo reaching yesterday) and a manager's commentary.

Registered with ``register_step`` when ``hotline.demo.build`` is imported; draws only from its own
generator (``ctx.random("reports")``), so it never changes what the other steps produce.
"""

from __future__ import annotations

import datetime as dt

from .build import DemoStep, register_step

PRAISE = ("话务员态度很好，问题一次就解决了", "专业、耐心，表扬一下", "解释清楚，谢谢", "上门很及时，满意")
COMPLAINTS = (
    "希望缩短排队等待时间", "晚上八点后也希望能有人接听", "维修上门太慢，希望加快", "希望能短信通知处理进度",
    "报修后没人回访", "语音菜单太长，找不到人工服务", "同一个问题打了三次电话才解决", "希望周末也能预约上门",
    "转接后又要重复说明情况",
)  # fmt: skip
COMMENTARY = (
    "本月话务量较上月{trend}，放弃率{ab}。高峰时段（9:00–11:00）人手偏紧，下月早班增加2人。\n"
    "维修电话人工解决率未达40%的公司，由质检员抽取录音，整理解决口径纳入知识库。\n"
    "客户建议集中在等待时间和回访两方面，请各班组长在班前会上传达。"
)


def build_reports(ctx) -> None:
    from hotline.calls.models import Call
    from hotline.core.appraisal import DEFAULT_FINES
    from hotline.org.models import Person, Role
    from hotline.performance.models import Attendance, Exam, Incident, SurveyResponse, WorkMonth
    from hotline.performance.services import appraisals_get
    from hotline.reports.models import KpiTarget, MonthlyReport
    from hotline.reports.selectors import kpi_table

    rng = ctx.random("reports")
    first, last = ctx.report_month
    start = ctx.days[0]
    targets = {"service_level": 0.8, "abandonment_rate": 0.05, "aht": 180.0, "fcr": 0.4, "satisfaction": 0.8}
    KpiTarget.objects.bulk_create(
        [
            KpiTarget(kpi=k, center=c, value=v, effective_from=start)
            for c in ctx.centers.values()
            for k, v in targets.items()
        ]
    )
    agents = list(
        Person.objects.filter(center__in=ctx.centers.values(), role=Role.AGENT).select_related("center")
    )
    month_days = [d for d in ctx.days if first <= d <= last]
    att, exams, work, incidents = [], [], [], []
    fines = [k for k, _, _ in DEFAULT_FINES]
    exam_day = month_days[-min(5, len(month_days))]
    for p in agents:
        for kind, share in (("late", 0.35), ("early", 0.12), ("sick", 0.12), ("personal", 0.06)):
            for _ in range(
                rng.choices([0, 1, 2, 3], weights=[1 - share, share * 0.6, share * 0.3, share * 0.1])[0]
            ):
                d = rng.choice(month_days)
                days = rng.choice([0.5, 1, 1, 2, 3]) if kind in ("sick", "personal") else 1
                att.append(
                    Attendance(key=f"{p.work_number}|{d}|{kind}", agent=p, date=d, kind=kind, days=days)
                )
        score = max(40.0, min(100.0, round(rng.gauss(86, 8))))
        exams.append(Exam(key=f"{p.work_number}|{exam_day}|月度业务考试", agent=p, date=exam_day,
                          name="月度业务考试", score=score, pass_mark=None))  # fmt: skip
        work.append(WorkMonth(key=f"{p.work_number}|{first:%Y-%m}", agent=p, month=first,
                              accuracy=round(min(100.0, rng.gauss(97.5, 1.5)), 1),
                              cases_over_limit=rng.choices([0, 1, 2, 3, 5], weights=[50, 25, 12, 8, 5])[0],
                              mean_handling_minutes=round(rng.uniform(3.5, 6.4), 1)))  # fmt: skip
        if rng.random() < 0.15:
            d = rng.choice(month_days)
            incidents.append(Incident(key=f"commendation|{p.work_number}|{d}", agent=p, type="commendation", date=d,
                                      kind="suggestion", points=rng.randint(1, 5), note="合理化建议被采纳"))  # fmt: skip
        if rng.random() < 0.1:
            d = rng.choice(month_days)
            kind = rng.choice(fines[:6])
            incidents.append(Incident(key=f"violation|{p.work_number}|{d}", agent=p, type="violation", date=d,
                                      kind=kind, points=rng.randint(1, 5), note=next(t for k, _, t in DEFAULT_FINES if k == kind)))  # fmt: skip
    for model, rows in ((Attendance, att), (Exam, exams), (WorkMonth, work), (Incident, incidents)):
        model.objects.bulk_create(rows, ignore_conflicts=True)
    surveys = []
    for center in ctx.centers.values():
        answered = list(
            Call.objects.filter(
                center=center, local_date__range=(first, last), abandoned=False, agent__isnull=False
            )
            .order_by("call_id")
            .values_list("call_id", "agent_id", "local_date")
        )
        for call_id, agent_id, day in rng.sample(answered, min(240, len(answered))):
            ok = rng.random() < 0.82
            text = rng.choice(PRAISE if ok else COMPLAINTS) if rng.random() < (0.1 if ok else 0.6) else ""
            surveys.append(SurveyResponse(key=f"call|{call_id}", center=center, agent_id=agent_id, call_ref=call_id,
                                          date=day, satisfied=ok, suggestion=text))  # fmt: skip
        rows = kpi_table(Call.objects.filter(center=center, local_date__range=(first, last)))
        prev = kpi_table(
            Call.objects.filter(center=center, local_date__range=(start, first - dt.timedelta(days=1)))
        )
        now_n = rows[0].offered if rows else 0
        prev_n = prev[0].offered if prev else 0
        ab = rows[0].abandonment_rate if rows else None
        MonthlyReport.objects.create(
            center=center, month=first,
            commentary=COMMENTARY.format(
                trend="上升" if now_n >= prev_n else "下降",
                ab="为 —" if ab is None else f"为{ab * 100:.1f}%（目标5%）",
            ),
        )  # fmt: skip
    SurveyResponse.objects.bulk_create(surveys, ignore_conflicts=True)
    appraisals_get(agents=agents, month=first)
    ctx.counts["appraisal inputs"] = len(att) + len(exams) + len(work) + len(incidents)
    ctx.counts["satisfaction surveys"] = len(surveys)


def clear_reports(ctx) -> None:
    from hotline.performance.models import (
        AppraisalResult,
        AppraisalSignoff,
        Attendance,
        Exam,
        Incident,
        SurveyResponse,
        WorkMonth,
    )  # fmt: skip
    from hotline.reports.models import KpiTarget, MonthlyReport

    centers = list(ctx.centers.values())
    for model in (AppraisalResult, Attendance, Exam, Incident, WorkMonth):
        model.objects.filter(agent__center__in=centers).delete()
    for model in (AppraisalSignoff, SurveyResponse, KpiTarget, MonthlyReport):
        model.objects.filter(center__in=centers).delete()


register_step(DemoStep("reports", build_reports, clear_reports))
