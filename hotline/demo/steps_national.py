"""Demo step "national" (§7, seed 003): what the national report needs beyond calls — each center's
KPI settings (different answer times, so the side-by-side shows them), the resolution target set on
complaint calls (the demo's counterpart of the seed's repair calls), a five-item satisfaction survey
with about 110–130 respondents per center and month, themed suggestions with the actions taken,
commentary and part 2 (建设进展) for the report month.

Draws only from its own generator (``ctx.random("national")``).
"""

from __future__ import annotations

from .build import DemoStep, register_step

ITEMS = (
    ("q1", "总体满意度", 0.84), ("q2", "接通及时性", 0.78), ("q3", "服务态度", 0.91),
    ("q4", "问题解决及时性", 0.74), ("q5", "语音导航易用性", 0.70),
)  # fmt: skip
THEMES = {
    "语音导航": ("语音菜单太繁琐，找不到人工", "老年人希望拨通后直接转人工", "按键层级太多"),
    "处理时效": ("维修上门等待时间太长", "预约工期跨度太大，希望缩短", "置换周期较长"),
    "接通等待": ("高峰时段排队太久", "希望晚上也能有人接听"),
    "回访通知": ("希望短信通知处理进度", "报修后没有回访"),
}
ACTIONS = {
    "语音导航": "已启动IVR语音菜单修改论证，拟增设“老年人一键转人工”。",
    "处理时效": "已将各企业预约工期数据提交服务管理部，下月起按企业跟踪。",
    "接通等待": "高峰时段（9:00–11:00）早班增加2人，午休错峰。",
}
NATIONAL_TEXTS = {
    "aht": "各中心平均处理时长均在目标范围之内；重点仍是提升与客户充分交流的意识，目标暂不修改。",
    "fcr": "人工解决率按目标所针对的电话统计；不同公司差距较大，需跟进交互记录维护的规范性。",
}
PROGRESS = {
    "langfang": "1、知识库二期上线，新增维修类知识条目120条。\n2、完成质检录音系统扩容。\n3、启动工单系统与企业ERP对接调研。",
    "huangdao": "1、新员工第三期岗前培训结束，12人上岗。\n2、完成IVR流程梳理，待评审。",
}


def build_national(ctx) -> None:
    from hotline.calls.models import Call
    from hotline.reports.models import (  # fmt: skip
        KpiSettingsVersion,
        KpiTarget,
        NationalNote,
        Survey,
        SurveyAnswer,
        SurveyItem,
        SurveyReply,
    )

    rng = ctx.random("national")
    first, last = ctx.report_month
    start = ctx.days[0]
    answer_times = {"langfang": (20.0, 5.0), "huangdao": (15.0, 3.0)}
    for code, center in ctx.centers.items():
        t, s = answer_times.get(code, (20.0, 5.0))
        KpiSettingsVersion.objects.create(
            center=center, answer_time=t, short_abandon=s, effective_from=min(start, first)
        )
        # §7: the resolution target is set on one kind of call (the seed: repair calls; here complaints)
        KpiTarget.objects.filter(center=center, kpi="fcr", scope="").update(
            skill_filter="投诉",
            effective_from=min(start, first),  # in force on the report month's first day
        )
    survey, _created = Survey.objects.get_or_create(name="95158热线满意度回访")
    if _created:
        SurveyItem.objects.bulk_create(
            [
                SurveyItem(survey=survey, code=c, label=label, position=i)
                for i, (c, label, _p) in enumerate(ITEMS)
            ]
        )
    items = {i.code: i for i in survey.items.all()}
    themes = list(THEMES)
    n_replies = 0
    for code, center in ctx.centers.items():
        answered = list(
            Call.objects.filter(
                center=center, local_date__range=(first, last), abandoned=False, direction="in"
            )
            .order_by("call_id")
            .values_list("call_id", "local_date")
        )
        for k, (call_id, day) in enumerate(rng.sample(answered, min(len(answered), rng.randint(108, 130)))):
            theme, text = "", ""
            if rng.random() < 0.3:
                theme = rng.choice(themes)
                text = rng.choice(THEMES[theme])
            reply = SurveyReply.objects.create(survey=survey, center=center, key=f"{code}-{first:%Y%m}-{k + 1:04d}",
                                               date=day, call_ref=call_id, theme=theme, suggestion=text)  # fmt: skip
            answers = []
            for c, _label, p in ITEMS:
                if c == "q5" and rng.random() < 0.25:
                    continue  # not asked
                score = rng.choices([5, 4, 3, 2, 1], weights=[p * 0.6, p * 0.4, (1 - p) * 0.5, (1 - p) * 0.3, (1 - p) * 0.2])[0]  # fmt: skip
                answers.append(SurveyAnswer(reply=reply, item=items[c], score=score, satisfied=score >= 4))
            SurveyAnswer.objects.bulk_create(answers)
            n_replies += 1
        NationalNote.objects.create(
            month=first, section="progress", center=center, text=PROGRESS.get(code, "")
        )
        NationalNote.objects.create(
            month=first, section="volume", center=center,
            text="呼入量与上月基本持平，放弃率保持在目标范围内；高峰时段继续按预测排班。",
        )  # fmt: skip
    for theme, action in ACTIONS.items():
        NationalNote.objects.create(month=first, section=f"action:{theme}", text=action)
    for section, text in NATIONAL_TEXTS.items():
        NationalNote.objects.create(month=first, section=section, text=text)
    ctx.counts["national survey replies"] = n_replies


def clear_national(ctx) -> None:
    from hotline.reports.models import KpiSettingsVersion, NationalNote, SurveyReply

    centers = list(ctx.centers.values())
    KpiSettingsVersion.objects.filter(center__in=centers).delete()
    SurveyReply.objects.filter(center__in=centers).delete()
    NationalNote.objects.filter(center__in=centers).delete()
    # the national texts are not tied to a center: remove only the demo's own words
    NationalNote.objects.filter(
        center__isnull=True, text__in=[*ACTIONS.values(), *NATIONAL_TEXTS.values()]
    ).delete()


register_step(DemoStep("national", build_national, clear_national))
