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
