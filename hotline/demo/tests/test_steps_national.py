"""The "national" demo step: the national report is meaningful after the demo (two centers, their own
KPI settings, a resolution target on one kind of call, a multi-item survey, texts and part 2)."""

import datetime as dt

import pytest

from hotline.demo.build import build_demo
from hotline.org.models import Center
from hotline.reports.models import NationalNote, SurveyReply
from hotline.reports.national import build_national

SMALL = {
    "period": (dt.date(2026, 9, 20), dt.date(2026, 10, 3)),
    "agents_per_company": 2,
    "audio": False,
    "quiet": True,
    "steps": ["org", "calls", "reports", "national"],
}


@pytest.mark.slow
def test_the_demo_gives_a_national_report_with_every_section_filled(db):
    build_demo(seed=3, **SMALL)
    r = build_national(dt.date(2026, 9, 1), list(Center.objects.all()), national_view=True)
    assert len(r.centers) == 2
    assert {p.settings.answer_time for p in r.centers} == {15.0, 20.0}
    for p in r.centers:
        assert p.row.offered > 0 and p.fcr_on.endswith("投诉") and p.companies
        assert p.respondents > 0 and all(i.n > 0 for i in p.items)
        assert p.notes["progress"]
    assert r.survey is not None and len(r.item_labels) == 5
    assert r.themes and any(t.action for t in r.themes)


@pytest.mark.slow
def test_rebuilding_the_demo_does_not_duplicate_the_step(db):
    build_demo(seed=3, **SMALL)
    n, notes = SurveyReply.objects.count(), NationalNote.objects.count()
    build_demo(seed=3, force=True, **SMALL)
    assert (SurveyReply.objects.count(), NationalNote.objects.count()) == (n, notes)
