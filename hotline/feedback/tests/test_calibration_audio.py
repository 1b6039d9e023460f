"""Calibration participants hear the calls of their own calibration session — and no other (issue 13.1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.calls.access import visible_calls
from hotline.calls.tests.helpers import make_call
from hotline.feedback.models import CertificationAttempt, GoldItem, GoldSet
from hotline.feedback.services.calibration import calibration_create
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.services import active_form


@pytest.fixture
def world(personas):
    p = personas
    # 8201 monitors nobody; the calls are of an agent of team B (not the team leader's team)
    p.m2 = PersonFactory(center=p.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    p.m3 = PersonFactory(center=p.center, role=Role.QA_MONITOR, name="李质检", work_number="8202")
    p.cal_call = make_call(p.stranger, "CAL-A")
    p.other_call = make_call(p.stranger, "NOT-CAL")
    p.session = calibration_create(
        center=p.center, title="十二月校准", form=active_form(), calls=[p.cal_call],
        participants=[p.m2, p.leader], expert=p.m3, created_by=p.manager,
    )  # fmt: skip
    return p


def _audio(client, call):
    return client.get(reverse("calls:audio", args=[call.pk])).status_code


@pytest.mark.parametrize("who", ["m2", "leader", "m3"])
def test_participants_and_expert_hear_the_sessions_calls(world, login, who):
    assert _audio(login(getattr(world, who)), world.cal_call) == 200


@pytest.mark.parametrize("who", ["m2", "leader", "m3"])
def test_participation_opens_no_other_call(world, login, who):
    person = getattr(world, who)
    assert _audio(login(person), world.other_call) == 404
    # hearing is not listing: the calls search and the call page are unchanged
    assert not visible_calls(person.user).filter(pk=world.cal_call.pk).exists()


def test_non_participants_do_not_hear_the_sessions_calls(world, login):
    outsider_monitor = PersonFactory(center=world.center, role=Role.QA_MONITOR, work_number="8299")
    assert _audio(login(outsider_monitor), world.cal_call) == 404
    assert _audio(login(world.outsider), world.cal_call) == 404
    assert _audio(login(world.planner), world.cal_call) == 404


def test_certification_candidate_hears_the_gold_set_calls(world, login):
    gold = GoldSet.objects.create(center=world.center, name="标准集", form=active_form())
    GoldItem.objects.create(gold_set=gold, call=world.other_call, answers={}, score=100)
    candidate = PersonFactory(center=world.center, role=Role.QA_MONITOR, work_number="8298")
    assert _audio(login(candidate), world.other_call) == 404
    CertificationAttempt.objects.create(gold_set=gold, candidate=candidate)
    assert _audio(login(candidate), world.other_call) == 200
    assert _audio(login(candidate), world.cal_call) == 404
