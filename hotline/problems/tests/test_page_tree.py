"""The tree page (§9): figures per node, versions, editing by managers; the wrong roles refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.problems.models import TreeVersion

from .helpers import build_world


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_a_manager_sees_the_tree_built_from_the_calls_with_simple_and_difficult_nodes(world, login):
    r = login(world.manager).get(reverse("problems:tree"))
    html = r.content.decode()
    assert r.status_code == 200 and TreeVersion.objects.count() == 1
    assert "修改订单" in html and "服务态度" in html and "疑难问题" in html and "简单问题" in html
    assert r.context["roll"].total.calls == 14


def test_a_team_leader_sees_only_their_teams_figures(world, login):
    r = login(world.leader).get(reverse("problems:tree"))
    assert r.status_code == 200 and r.context["roll"].total.calls == 6


def test_a_manager_saves_a_new_tree_version(world, login):
    c = login(world.manager)
    c.get(reverse("problems:tree"))
    r = c.post(reverse("problems:tree_edit"), {"paths": "订货-修改订单\n订货-退货", "note": "加退货"})
    assert r.status_code == 302 and TreeVersion.objects.count() == 2
    r = c.get(reverse("problems:tree") + "?v=1")
    assert r.context["version"].number == 1


@pytest.mark.parametrize("who", ["agent", "planner"])
def test_agents_and_planners_may_not_open_the_tree(world, login, who):
    assert login(getattr(world, who)).get(reverse("problems:tree")).status_code == 403


def test_a_qa_monitor_may_read_the_tree_but_not_edit_it(world, login):
    c = login(world.monitor)
    assert c.get(reverse("problems:tree")).status_code == 200
    assert c.post(reverse("problems:tree_edit"), {"paths": "x"}).status_code == 403


def test_a_malformed_version_number_is_404_not_an_error(world, login):
    assert login(world.manager).get(reverse("problems:tree"), {"v": "abc"}).status_code == 404
