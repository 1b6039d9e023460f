"""Demo step "problems" (§9): the reason tree (归档树) built from the demo calls' reasons, and a few
knowledge-base articles (口径, 流程, 知识库) on common and difficult reasons. No random draws; one
query for the distinct reasons, so it takes well under a second.
"""

from __future__ import annotations

from .build import DemoStep, register_step

NOTE = "演示：由通话归档原因生成"

ARTICLES = (
    ("订货-修改订单", "script", "修改订单应答口径",
     "一、核对：客户编码、订单日期、需修改的品规。\n二、确认：截单时间前可改，截单后转次日。\n三、复述：修改后的品规与数量逐项复述，请客户确认。"),
    ("订货-修改订单", "process", "截单后改单流程",
     "1. 查询订单状态（系统：订单管理 › 查询）。\n2. 未出库：提交改单申请，告知客户 2 小时内回电。\n3. 已出库：登记次日补差，发短信告知。"),
    ("订货-正常订货", "script", "正常订货口径要点", "问候 — 核对身份 — 逐项记录 — 复述订单 — 告知配送时间 — 道别。"),
    ("投诉-配送延误", "process", "配送延误投诉处理流程",
     "1. 致歉并记录订单号、应到时间。\n2. 查询配送轨迹；能确定时间的当场告知。\n3. 无法确定的升级配送中心，承诺 4 小时内回复并按时回访。"),
    ("投诉-服务态度", "knowledge", "服务态度投诉的安抚要点",
     "先倾听、不打断；复述客户的不满；致歉不辩解；说明后续处理与回复时限；记录当事工号转质检复核。"),
    ("咨询-价格政策", "knowledge", "本月价格政策速查", "价格以系统「价格政策」页为准；调价通知每月 1 日、16 日更新，客户询问未来价格时不作承诺。"),
)  # fmt: skip


def build_problems(ctx) -> None:
    from hotline.problems.models import Article
    from hotline.problems.services import article_save, tree_build_from_calls

    version = tree_build_from_calls(note=NOTE)
    n = 0
    for path, kind, title, body in ARTICLES:
        if not Article.objects.filter(title=title).exists():
            article_save(node_path=path, kind=kind, title=title, body=body)
            n += 1
    ctx.counts["reason tree nodes"] = version.nodes.count() if version else 0
    ctx.counts["knowledge-base articles"] = n
    ctx.counts["difficult-call cases"] = _cases(ctx)


RESOLUTIONS = ("已回电：配送中心确认次日上午送达，客户同意。", "已回电说明原因并致歉，客户表示理解。",
               "已回电：补发短信通知，客户满意。")  # fmt: skip


def _cases(ctx) -> int:
    """Difficult-call cases (疑难反馈单) on the complaints of the last days, at the times they would
    have been filed and handled: the older ones answered and closed, one handed over to the manager,
    the newest still open (one past its promised time)."""
    import datetime as dt

    from hotline.calls.models import Call
    from hotline.org.models import Person, Role
    from hotline.problems.models import CaseEvent, DifficultCase
    from hotline.problems.services_cases import case_answer, case_close, case_create, case_handover

    made = 0
    for center in ctx.centers.values():
        calls = list(
            Call.objects.filter(center=center, reason__startswith="投诉", agent__team__isnull=False,
                                local_date__gte=ctx.days[-1] - dt.timedelta(days=10), local_date__lt=ctx.today)
            .select_related("agent").order_by("started_at")[:6]
        )  # fmt: skip
        manager = Person.objects.filter(center=center, role=Role.MANAGER, active=True).order_by("pk").first()
        for i, call in enumerate(calls):
            if DifficultCase.objects.filter(call=call).exists():
                continue
            t = call.ended_at or call.started_at
            case = case_create(reporter=call.agent, received_at=call.started_at, customer_contact=call.customer or "—",
                               content=f"客户来电{call.reason.split('-')[-1]}，当场无法答复，需核实后回电。",
                               answer_by=t + dt.timedelta(hours=4 if i == len(calls) - 1 else 24), call=call,
                               reason=call.reason, complaint=True)  # fmt: skip
            steps = [(case.pk, t + dt.timedelta(minutes=5))]
            if i < len(calls) - 2:
                if i == 1 and manager is not None:
                    case_handover(case=case, to=manager, by=case.owner, note="涉及配送中心，需经理协调")
                    steps.append((None, t + dt.timedelta(hours=1)))
                case = case_answer(case=case, by=case.owner, resolution=RESOLUTIONS[i % len(RESOLUTIONS)])
                steps.append((None, t + dt.timedelta(hours=3)))
                case_close(case=case, by=call.agent)
                steps.append((None, t + dt.timedelta(hours=3, minutes=30)))
                DifficultCase.objects.filter(pk=case.pk).update(
                    answered_at=t + dt.timedelta(hours=3), closed_at=t + dt.timedelta(hours=3, minutes=30)
                )
            DifficultCase.objects.filter(pk=case.pk).update(created_at=t + dt.timedelta(minutes=5))
            for event, (_, at) in zip(
                CaseEvent.objects.filter(case_id=case.pk).order_by("id"), steps, strict=False
            ):
                CaseEvent.objects.filter(pk=event.pk).update(at=at)
            made += 1
    return made


def clear_problems(ctx) -> None:
    from hotline.problems.models import Article, DifficultCase, TreeVersion

    DifficultCase.objects.filter(center__in=list(ctx.centers.values())).delete()
    TreeVersion.objects.filter(note=NOTE).delete()
    Article.objects.filter(title__in=[a[2] for a in ARTICLES]).delete()


register_step(DemoStep("problems", build_problems, clear_problems))
