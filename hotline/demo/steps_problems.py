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


def clear_problems(ctx) -> None:
    from hotline.problems.models import Article, TreeVersion

    TreeVersion.objects.filter(note=NOTE).delete()
    Article.objects.filter(title__in=[a[2] for a in ARTICLES]).delete()


register_step(DemoStep("problems", build_problems, clear_problems))
