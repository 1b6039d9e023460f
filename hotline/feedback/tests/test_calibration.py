"""Calibration (blind, results against the core's known answers) and certification (pass/fail, history)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import make_call
from hotline.core import calibration as cal
from hotline.feedback.models import CertificationAttempt
from hotline.feedback.services import FeedbackError
from hotline.feedback.services.calibration import (
    calibration_create,
    calibration_results,
    calibration_score,
    certification_answer,
    certification_finish,
    certification_start,
    gold_set_create,
    results_visible,
)
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.services import active_form

from .helpers import CRITICAL, NON_CRITICAL, answers, submitted_session


@pytest.fixture
def cal_world(personas):
    personas.m2 = PersonFactory(
        center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201"
    )
    personas.m3 = PersonFactory(
        center=personas.center, role=Role.QA_MONITOR, name="李质检", work_number="8202"
    )
    personas.calls = [make_call(personas.agent, f"CAL{i}", with_audio=False) for i in range(3)]
    personas.session = calibration_create(
        center=personas.center, title="十一月校准", form=active_form(), calls=personas.calls,
        participants=[personas.monitor, personas.m2, personas.m3], created_by=personas.manager,
    )  # fmt: skip
    return personas


# failed items per (rater, call): totals are 100 − 3·k for k non-critical 3-point items failed
PLAN = {
    "8200": [[], [NON_CRITICAL[0]], [NON_CRITICAL[0], NON_CRITICAL[1]]],
    "8201": [[], [], [NON_CRITICAL[0]]],
    "8202": [[NON_CRITICAL[1]], [NON_CRITICAL[0]], [NON_CRITICAL[0], NON_CRITICAL[1], NON_CRITICAL[2]]],
}


def _score_all(w, skip_last=False):
    for p in (w.monitor, w.m2, w.m3):
        for j, call in enumerate(w.calls):
            if skip_last and p == w.m3 and j == 2:
                continue
            calibration_score(
                session=w.session, call=call, evaluator=p, answers=answers(PLAN[p.work_number][j])
            )


def test_results_stay_hidden_until_everyone_scored_then_match_the_core(cal_world, login):
    w = cal_world
    _score_all(w, skip_last=True)
    assert not results_visible(w.session)
    page = login(w.monitor).get(reverse("feedback:calibration", args=[w.session.pk])).content.decode()
    assert 'id="blind"' in page and 'id="totals"' not in page
    calibration_score(session=w.session, call=w.calls[2], evaluator=w.m3, answers=answers(PLAN["8202"][2]))
    assert results_visible(w.session)
    r = calibration_results(w.session)
    # the first items are courtesy items worth 3 of 100 points: a total is 100 − 3 × items failed
    totals = [[100.0, 100.0, 97.0], [97.0, 100.0, 97.0], [94.0, 97.0, 91.0]]
    expected = cal.Ratings.from_matrix(totals)
    assert r["icc2_1"] == pytest.approx(cal.icc2_1(expected))
    assert r["alpha_interval_totals"] == pytest.approx(cal.alpha_interval(expected))
    assert r["matrix"] == totals
    # rater 8201 is the most lenient: positive deviation from the consensus
    assert r["deviation"]["孙质检"]["mean"] > 0 > r["deviation"]["李质检"]["mean"]
    item0 = next(i for i in r["per_item"] if i["key"] == NON_CRITICAL[0])
    assert item0["agreement"] == pytest.approx((1 + 2 / 3 + 1) / 3)
    page = login(w.manager).get(reverse("feedback:calibration", args=[w.session.pk])).content.decode()
    assert 'id="totals"' in page and "ICC(2,1)" in page


def test_only_participants_score_and_outsiders_cannot_see_the_session(cal_world, login):
    w = cal_world
    with pytest.raises(FeedbackError):
        calibration_score(session=w.session, call=w.calls[0], evaluator=w.manager, answers=answers())
    url = reverse("feedback:calibration", args=[w.session.pk])
    assert login(w.agent).get(url).status_code == 404
    assert login(w.outsider).get(url).status_code == 404
    assert login(w.agent).get(reverse("feedback:calibrations")).status_code == 403
    score_url = reverse("feedback:calibration_score", args=[w.session.pk, w.calls[0].pk])
    assert login(w.manager).get(score_url).status_code == 403
    assert login(w.m2).get(score_url).status_code == 200


def test_certification_passes_within_tolerance_and_fails_on_a_critical_mismatch(personas, login):
    rec = submitted_session(personas.agent, personas.monitor, failed=[[NON_CRITICAL[0]], [], [], [], []])
    gold = gold_set_create(center=personas.center, name="标准集一", evaluations=rec.evaluations.all())
    cand = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="新质检", work_number="8209")
    a = certification_start(gold_set=gold, candidate=cand)
    for i, item in enumerate(gold.items.order_by("id")):
        certification_answer(attempt=a, item=item, answers=answers([NON_CRITICAL[1]] if i == 0 else []))
    a = certification_finish(attempt=a)
    assert a.passed and a.mean_abs_deviation == pytest.approx(0.0)  # another 3-point item: same total
    b = certification_start(gold_set=gold, candidate=cand)
    for i, item in enumerate(gold.items.order_by("id")):
        certification_answer(attempt=b, item=item, answers=answers([CRITICAL] if i == 0 else []))
    b = certification_finish(attempt=b)
    assert not b.passed and b.details["critical_mismatches"]
    assert CertificationAttempt.objects.filter(candidate=cand).count() == 2  # history kept
    page = login(personas.manager).get(reverse("feedback:certification")).content.decode()
    assert "未通过" in page and "通过" in page
    assert login(personas.agent).get(reverse("feedback:certification")).status_code == 403
    assert login(personas.peer).get(reverse("feedback:attempt", args=[b.pk])).status_code == 404
