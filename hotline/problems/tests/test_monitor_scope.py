"""Issue 10 finding 5: a QA monitor's problem-management figures and five-methods starts cover only
the agents assigned to them (§1, §3.3), not every agent of the center."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.org.models import ApiToken
from hotline.problems import access
from hotline.problems.models import ReasonNode
from hotline.problems.services import tree_build_from_calls

from .helpers import build_world


@pytest.fixture
def world(personas):
    build_world(personas)
    tree_build_from_calls()
    return personas


def test_a_monitor_counts_only_the_calls_of_assigned_agents(world):
    mine = access.problem_calls(world.monitor.user)
    assert set(mine.values_list("agent_id", flat=True)) == {world.agent.pk}  # 张三, not 王五
    center = access.problem_calls(world.manager.user)
    assert set(center.values_list("agent_id", flat=True)) == {world.agent.pk, world.stranger.pk}


def test_a_monitor_sees_no_unassigned_calls_on_a_node_page(world, login):
    node = ReasonNode.objects.get(path="投诉-服务态度")  # only 王五's calls
    r = login(world.monitor).get(reverse("problems:node", args=[node.pk]))
    assert r.status_code == 200
    assert "王五" not in r.content.decode()


def test_a_monitor_may_not_start_five_methods_on_unassigned_calls(world, login):
    node = ReasonNode.objects.get(path="订货-修改订单")
    theirs = world.stranger.calls.filter(reason="订货-修改订单")
    r = login(world.monitor).post(
        reverse("problems:five_methods_start", args=[node.pk]), {"call": [c.pk for c in theirs]}
    )
    assert r.status_code in (302, 403, 404)
    from hotline.quality.models import Session

    assert not Session.objects.filter(agent=world.stranger).exists()


def test_the_coverage_api_counts_only_assigned_agents_for_a_monitor(world, client):
    key = ApiToken.objects.create(user=world.monitor.user).key
    r = client.get("/api/problems/coverage?level=center", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200
    assert [row["total"] for row in r.json()] == [6]  # 张三's six calls, not the center's fourteen
