"""Five-methods sessions from a difficult node (§9): start on the calls of a team that beats the
average, score them on the recording session page, read "what works" back on the node page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.calls.models import Call
from hotline.core.scoring import FIVE_METHODS_FORM
from hotline.problems.models import ReasonNode
from hotline.problems.services import tree_build_from_calls
from hotline.quality import services as qs
from hotline.quality.models import Purpose, Session

from .helpers import build_world


@pytest.fixture
def world(personas):
    build_world(personas)
    tree_build_from_calls()
    personas.node = ReasonNode.objects.get(path="订货-修改订单")
    return personas


def _start(client, node, calls, **extra):
    return client.post(
        reverse("problems:five_methods_start", args=[node.pk]), {"call": [c.pk for c in calls], **extra}
    )


def test_the_node_page_offers_the_beating_teams_calls_to_a_qa_monitor(world, login):
    r = login(world.monitor).get(reverse("problems:node", args=[world.node.pk]))
    [team] = [t for t in r.context["teams"] if t["t"].beats]
    [(agent, calls)] = team["candidates"]
    assert agent == world.agent and len(calls) == 3
    assert 'id="five-methods-start"' in r.content.decode()


def test_a_trainer_sees_the_node_but_no_start_form(world, login):
    r = login(world.trainer).get(reverse("problems:node", args=[world.node.pk]))
    assert r.status_code == 200 and 'id="five-methods-start"' not in r.content.decode()


def test_starting_opens_the_recording_session_page_of_a_five_methods_session(world, login):
    client = login(world.monitor)
    r = client.get(reverse("problems:node", args=[world.node.pk]))
    calls = [t for t in r.context["teams"] if t["t"].beats][0]["candidates"][0][1][:2]
    r = _start(client, world.node, calls, reason="改单难")
    s = Session.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("quality:session", args=[s.pk])
    assert s.purpose == Purpose.FIVE_METHODS and s.monitor == world.monitor and s.node_path == world.node.path
    assert s.evaluations.count() == 2 and s.form.key == FIVE_METHODS_FORM.key


def test_the_submitted_five_methods_strengths_show_on_the_node_page(world, login):
    client = login(world.manager)
    calls = list(Call.objects.filter(agent=world.agent, reason="订货-修改订单")[:1])
    _start(client, world.node, calls)
    s = Session.objects.get()
    answers = {i.key: "20" for i in FIVE_METHODS_FORM.items}
    data = {"answers": answers, "comments": {}, "strengths": "先核对原订单再修改", "improvements": "语速快"}
    qs.session_submit(session=s, data={e.pk: data for e in s.evaluations.all()})
    r = client.get(reverse("problems:node", args=[world.node.pk]))
    assert [e.session_id for e in r.context["rated"]] == [s.pk]
    assert "先核对原订单再修改" in r.content.decode()
    parent = ReasonNode.objects.get(path="订货", version=world.node.version)
    assert len(login(world.manager).get(reverse("problems:node", args=[parent.pk])).context["rated"]) == 1


@pytest.mark.parametrize("who", ["agent", "trainer", "leader", "planner"])
def test_other_roles_may_not_start_five_methods(world, login, who):
    calls = Call.objects.filter(agent=world.agent, reason="订货-修改订单")[:1]
    assert _start(login(getattr(world, who)), world.node, calls).status_code == 403
    assert not Session.objects.exists()


def test_a_manager_of_another_center_starts_nothing(world, login):
    calls = Call.objects.filter(agent=world.agent, reason="订货-修改订单")[:1]
    r = _start(login(world.outsider), world.node, calls)
    assert r.status_code == 302 and not Session.objects.exists()
