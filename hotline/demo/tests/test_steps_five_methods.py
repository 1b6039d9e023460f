"""The "five_methods" demo step (§9 → §3.5): rated recordings on difficult reasons, rebuilt cleanly."""

import datetime as dt

from hotline.demo.build import build_demo
from hotline.problems.models import ArticleLink
from hotline.quality.models import Purpose, Session

SMALL = {
    "period": (dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
    "agents_per_company": 1,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "problems", "five_methods"],
}


def test_the_demo_rates_recordings_of_beating_teams_with_the_five_methods(db):
    build_demo(seed=5, **SMALL)
    sessions = Session.objects.filter(purpose=Purpose.FIVE_METHODS)
    assert sessions.exists() and all(s.submitted and s.node_path for s in sessions)
    assert ArticleLink.objects.filter(evaluation__session__in=sessions).exists()
    n = sessions.count()
    build_demo(seed=5, force=True, **SMALL)
    assert Session.objects.filter(purpose=Purpose.FIVE_METHODS).count() == n
