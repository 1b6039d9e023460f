"""A node page (§9): figures against the parent, the teams that beat the average with recordings to sample."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.problems.models import ReasonNode
from hotline.problems.services import article_save, tree_build_from_calls

from .helpers import build_world


@pytest.fixture
def world(personas):
    build_world(personas)
    tree_build_from_calls()
    personas.node = ReasonNode.objects.get(path="订货-修改订单")
    return personas


def test_a_difficult_node_shows_the_team_that_beats_its_average_with_recording_links(world, login):
    article_save(node_path="订货-修改订单", kind="process", title="改单流程", body="核对-修改-复述")
    r = login(world.trainer).get(reverse("problems:node", args=[world.node.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and r.context["c"].simple is False
    beating = [t for t in r.context["teams"] if t["t"].beats]
    assert [t["name"] for t in beating] == ["一组"]
    assert beating[0]["links"] and "agent=8001" in beating[0]["links"][0]["url"]
    assert "改单流程" in html and reverse("calls:search") in html


def test_an_agent_may_not_open_a_node_page(world, login):
    assert login(world.agent).get(reverse("problems:node", args=[world.node.pk])).status_code == 403


def test_an_unknown_node_is_404(world, login):
    assert login(world.manager).get(reverse("problems:node", args=[999999])).status_code == 404
