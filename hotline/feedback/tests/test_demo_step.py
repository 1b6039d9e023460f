"""The "feedback" demo step: approved analyses, inbox messages, disputes, a calibration, rebuild."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo
from hotline.feedback.models import (
    Analysis,
    CalibrationSession,
    CertificationAttempt,
    Dispute,
    Message,
    TrainingEntry,
)

SMALL = {
    "period": (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "quality", "feedback"],
}


@pytest.mark.slow
def test_the_demo_step_fills_every_feedback_page(db):
    build_demo(seed=3, **SMALL)
    assert Analysis.objects.filter(status=Analysis.Status.APPROVED).exists()
    assert Analysis.objects.filter(status=Analysis.Status.SUBMITTED, period="2026-10-H2").exists()
    assert Message.objects.filter(kind="result").exists() and Message.objects.filter(kind="urgent").exists()
    assert Dispute.objects.filter(status=Dispute.Status.ADJUSTED).exists()
    assert CalibrationSession.objects.exists() and CertificationAttempt.objects.filter(passed=True).exists()
    hand_made = TrainingEntry.objects.filter(failure_rate__isnull=True)  # the trainer's page is not empty
    assert hand_made.exists() and all(e.agents.exists() for e in hand_made)
    build_demo(seed=3, force=True, **SMALL)
    assert Dispute.objects.filter(status=Dispute.Status.ADJUSTED).count() >= 1
