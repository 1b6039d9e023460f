"""Coverage page (§9): reasons by volume per level with the covering set; the wrong role refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .helpers import build_world


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_at_center_level_two_reasons_cover_80_percent(world, login):
    r = login(world.manager).get(reverse("problems:coverage"))
    cov = r.context["cov"]
    assert r.status_code == 200 and cov.total == 14 and cov.target == 0.8
    assert set(cov.covering) == {"订货-正常订货", "订货-修改订单"}
    html = r.content.decode()
    assert 'id="coverage-chart"' in html and "<svg" in html and "plotly.min.js" not in html
    assert 'stroke-dasharray="6 4"' in html and "#c0392b" in html  # the target line, the covering reasons


def test_at_team_level_the_target_is_93_percent_and_the_scope_can_be_chosen(world, login):
    c = login(world.manager)
    r = c.get(reverse("problems:coverage"), {"level": "team", "scope": str(world.team_b.pk)})
    assert r.context["target"] == 0.93 and r.context["scope"].label == "二组"
    assert len(r.context["cov"].covering) == 3


def test_an_unknown_level_is_404(world, login):
    assert login(world.manager).get(reverse("problems:coverage"), {"level": "planet"}).status_code == 404


@pytest.mark.parametrize("who", ["agent", "planner"])
def test_agents_and_planners_may_not_see_coverage(world, login, who):
    assert login(getattr(world, who)).get(reverse("problems:coverage")).status_code == 403


def test_another_centers_manager_sees_none_of_these_calls(world, login):
    r = login(world.outsider).get(reverse("problems:coverage"))
    assert r.status_code == 200 and r.context["cov"] is None
