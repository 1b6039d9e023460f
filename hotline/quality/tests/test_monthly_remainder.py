"""§3.6 monthly composite: w_rec × the recording sessions + w_rest × a remainder chosen per center
(live sessions by default, the automatic-inspection score, customer satisfaction, or none)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.calls.tests.helpers import SH, make_call
from hotline.quality import services
from hotline.quality.models import QualitySettings
from hotline.quality.selectors import monthly_scores

from .helpers import good_data


def _recording_100(rec_session):
    services.session_submit(
        session=rec_session, data={e.pk: good_data() for e in rec_session.evaluations.all()}
    )


def _settings(center, remainder: str) -> None:
    QualitySettings.objects.create(center=center, effective_from=dt.date(2026, 1, 1), remainder=remainder)


def test_satisfaction_as_the_remainder(personas, rec_session):
    _recording_100(rec_session)
    _settings(personas.center, "satisfaction")
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert m.result.incomplete and m.result.missing == ("satisfaction",)  # no answer yet: never re-weighted
    for i, happy in enumerate([True, True, True, False]):
        c = make_call(
            personas.agent, f"sat-{i}", start=dt.datetime(2026, 11, 20, 9 + i, tzinfo=SH), with_audio=False
        )
        c.satisfied = happy
        c.save()
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert m.result.remainder_value == pytest.approx(75)
    assert m.result.score == pytest.approx(0.7 * 100 + 0.3 * 75)


def test_the_inspection_score_as_the_remainder(personas, rec_session):
    from hotline.inspection.models import CallInspection

    _recording_100(rec_session)
    _settings(personas.center, "inspection")
    for i, risk in enumerate([10, 30]):
        c = make_call(
            personas.agent, f"ins-{i}", start=dt.datetime(2026, 11, 21, 9 + i, tzinfo=SH), with_audio=False
        )
        CallInspection.objects.create(call=c, risk=risk)
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert m.result.remainder_value == pytest.approx(80)  # 100 − mean risk
    assert m.result.score == pytest.approx(0.7 * 100 + 0.3 * 80)


def test_no_remainder_scores_the_recordings_alone_and_shows_live_beside(personas, rec_session, login):
    _recording_100(rec_session)
    _settings(personas.center, "none")
    [m] = monthly_scores([personas.agent], 2026, 11)
    assert not m.result.incomplete and m.result.score == pytest.approx(100)
    page = login(personas.manager).get("/quality/scores/", {"month": "2026-11"}).content.decode()
    assert "仅录音监听" in page
    data = login(personas.manager).get("/api/quality/scores/2026-11").json()
    mine = next(r for r in data if r["agent"] == personas.agent.work_number)
    assert mine["remainder"] == "none" and mine["score"] == pytest.approx(100)


def test_the_settings_page_saves_the_remainder_as_a_new_version(personas, login):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    resp = login(personas.manager).post(
        "/quality/settings/",
        {"center": "langfang", "w_rec": "0.7", "w_live": "0.3", "min_seconds": "15", "anchor_period": "2026-01-H1",
         "remainder": "satisfaction", "recording_window_days": "3", "effective_from": tomorrow.isoformat()},
    )  # fmt: skip
    assert resp.status_code == 302
    row = QualitySettings.objects.get(center=personas.center)
    assert row.remainder == "satisfaction" and row.recording_window_days == 3
    bad = login(personas.manager).post(
        "/quality/settings/",
        {"center": "langfang", "w_rec": "0.7", "w_live": "0.3", "min_seconds": "15", "anchor_period": "2026-01-H1",
         "remainder": "bonus", "effective_from": (tomorrow + dt.timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert bad.status_code == 400 and QualitySettings.objects.filter(center=personas.center).count() == 1


def test_a_plan_follows_the_recording_window_setting(personas):
    from hotline.quality.models import Kind

    from .helpers import PERIOD, TODAY, period_calls

    period_calls(personas.agent, 4)
    QualitySettings.objects.create(
        center=personas.center, effective_from=dt.date(2026, 1, 1), recording_window_days=2
    )
    plan = services.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    days = set(plan.slots.filter(kind=Kind.RECORDING).values_list("date", flat=True))
    assert days <= {dt.date(2026, 11, 16), dt.date(2026, 11, 17)}
