"""The "trust" demo step (§4, §3.6): question bank and sittings, calibration guests, phone feedback of
live sessions, interviews — all in the past of the demo's now, rebuilt cleanly."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo
from hotline.feedback.models import CalibrationGuest, Interview, KnowledgeAttempt, KnowledgeQuestion
from hotline.quality.models import Kind, Session

TODAY = dt.date(2026, 11, 20)
SMALL = {
    "period": (dt.date(2026, 10, 26), dt.date(2026, 11, 19)),
    "agents_per_company": 1,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "absences", "quality", "feedback", "trust"],
}


@pytest.mark.slow
def test_the_demo_shows_the_trust_processes_and_rebuilds_cleanly(db):
    build_demo(seed=4, today=TODAY, **SMALL)
    assert KnowledgeQuestion.objects.count() >= 10
    assert KnowledgeAttempt.objects.filter(passed=True).exists()
    live = Session.objects.filter(kind=Kind.LIVE, status=Session.Status.SUBMITTED)
    phone = Interview.objects.filter(kind=Interview.Kind.PHONE)
    assert live.exists() and phone.count() == live.filter(submitted_at__gte=phone.order_by("held_at").first().held_at
                                                          - dt.timedelta(hours=1)).count()  # fmt: skip
    held = Interview.objects.filter(kind=Interview.Kind.INTERVIEW, status=Interview.Status.HELD)
    assert held.exists() and all(i.actions and i.follow_up for i in held)
    assert Interview.objects.filter(status=Interview.Status.PLANNED).exists()
    end = dt.datetime.combine(TODAY, dt.time(0), tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert all(i.held_at <= end for i in Interview.objects.exclude(held_at=None))
    assert all(p.held_at >= p.session.submitted_at for p in phone.select_related("session"))
    guests = CalibrationGuest.objects.all()
    assert guests.exists() and guests.exclude(view="").exists()
    n = Interview.objects.count()
    build_demo(seed=4, today=TODAY, force=True, **SMALL)
    assert Interview.objects.count() == n
