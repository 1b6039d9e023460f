"""REST API of problem management (§9): tree, coverage, classification, articles; the wrong role refused."""

from __future__ import annotations

import json

import pytest

from .helpers import build_world


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_the_tree_endpoint_builds_and_lists_the_nodes(world, login):
    r = login(world.manager).get("/api/problems/tree")
    body = r.json()
    assert r.status_code == 200 and body["version"] == 1
    assert {"path": "订货-修改订单", "parent": "订货", "level": 2}.items() <= next(
        n for n in body["nodes"] if n["path"] == "订货-修改订单"
    ).items()


def test_coverage_per_team_uses_the_team_target(world, login):
    r = login(world.manager).get("/api/problems/coverage", {"level": "team"})
    by = {c["scope_name"]: c for c in r.json()}
    assert by["二组"]["target"] == 0.93 and len(by["二组"]["covering"]) == 3 and by["一组"]["total"] == 6
    assert login(world.manager).get("/api/problems/coverage", {"level": "x"}).status_code == 400


def test_classification_names_the_teams_that_beat_a_difficult_problems_average(world, login):
    r = login(world.monitor).get("/api/problems/classification", {"parent": "订货"})
    rows = {x["path"]: x for x in r.json()}
    assert rows["订货-正常订货"]["simple"] and not rows["订货-修改订单"]["simple"]
    assert [t["team"] for t in rows["订货-修改订单"]["teams_beating"]] == ["一组"]
    assert login(world.monitor).get("/api/problems/classification", {"parent": "无"}).status_code == 404


def test_articles_are_written_by_trainers_and_read_by_agents(world, login):
    data = {"node_path": "投诉-服务态度", "kind": "knowledge", "title": "安抚要点", "body": "先致歉"}
    c = login(world.trainer)
    r = c.post("/api/problems/articles", json.dumps(data), content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    r = c.put(
        f"/api/problems/articles/{pk}",
        json.dumps({**data, "body": "先致歉再核实"}),
        content_type="application/json",
    )
    assert r.json()["version"] == 2
    a = login(world.agent)
    assert a.get("/api/problems/articles", {"q": "核实"}).json()[0]["id"] == pk
    assert (
        a.post("/api/problems/articles", json.dumps(data), content_type="application/json").status_code == 403
    )


@pytest.mark.parametrize(
    "url", ["/api/problems/tree", "/api/problems/coverage", "/api/problems/classification"]
)
def test_agents_and_planners_may_not_read_the_figures(world, login, url):
    assert login(world.agent).get(url).status_code == 403
    assert login(world.planner).get(url).status_code == 403
    assert login(world.planner).get("/api/problems/articles").status_code == 403
