"""The "problems" demo step (§9): a reason tree from the demo calls and a few articles, rebuilt cleanly."""

import datetime as dt

from hotline.demo.build import build_demo
from hotline.problems.models import Article, ReasonNode, TreeVersion

SMALL = {
    "period": (dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
    "agents_per_company": 1,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "problems"],
}


def test_the_demo_builds_the_reason_tree_from_its_calls_and_attaches_articles(db):
    build_demo(seed=5, **SMALL)
    assert TreeVersion.objects.count() == 1
    assert ReasonNode.objects.filter(path="订货-修改订单", parent__path="订货", level=2).exists()
    assert Article.objects.filter(node_path="订货-修改订单").count() == 2
    build_demo(seed=5, force=True, **SMALL)
    assert TreeVersion.objects.count() == 1 and Article.objects.count() == 6


def test_the_demo_files_difficult_call_cases_at_their_times_and_clears_them(db):
    from hotline.problems.models import CaseEvent, DifficultCase

    build_demo(seed=5, today=dt.date(2026, 10, 8), **SMALL)
    cases = list(DifficultCase.objects.select_related("call"))
    assert cases and all(c.complaint and c.call and c.call.reason.startswith("投诉") for c in cases)
    assert {c.status for c in cases} >= {"closed", "open"}
    for c in cases:  # filed five minutes after the call, not when the demo was built
        assert c.created_at - (c.call.ended_at or c.call.started_at) == dt.timedelta(minutes=5)
        assert all(e.at.date() <= dt.date(2026, 10, 8) for e in CaseEvent.objects.filter(case=c))
    assert CaseEvent.objects.filter(kind="handover").exists()
    build_demo(seed=5, force=True, today=dt.date(2026, 10, 8), **SMALL)
    assert DifficultCase.objects.count() == len(cases)
