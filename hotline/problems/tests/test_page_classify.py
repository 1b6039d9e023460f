"""Simple/difficult page (§9): quadrant chart and the teams that beat the average; the wrong role refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotline.problems.models import ReasonNode

from .helpers import build_world


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_top_nodes_are_judged_against_the_whole_and_children_against_their_parent(world, login):
    c = login(world.manager)  # center-wide figures (a monitor sees only assigned agents)
    r = c.get(reverse("problems:classify"))
    verdict = {row["node"].key: row["c"].simple for row in r.context["rows"]}
    assert r.status_code == 200 and verdict == {"订货": True, "投诉": False}
    assert r.context["chart"]["data"][0]["name"]
    parent = ReasonNode.objects.get(path="订货")
    r = c.get(reverse("problems:classify"), {"node": parent.pk})
    rows = {row["node"].key: row for row in r.context["rows"]}
    assert rows["订货-正常订货"]["c"].simple and not rows["订货-修改订单"]["c"].simple
    assert rows["订货-修改订单"]["teams"] == ["一组"]


@pytest.mark.parametrize("who", ["agent", "planner"])
def test_agents_and_planners_may_not_see_the_classification(world, login, who):
    assert login(getattr(world, who)).get(reverse("problems:classify")).status_code == 403
