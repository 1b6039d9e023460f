"""The contingency and hiring API (§5, §10): the pages' services and rules through /api/workforce."""

import pytest

from hotline.org.models import AuditEntry
from hotline.workforce.models import ContingencyPlan, Drill

from .test_api import bearer

W = "/api/workforce"
pytestmark = pytest.mark.clock("2026-11-10T10:00")
PLAN = {"scenario": "surge", "title": "话务量突增预案", "trigger": "话务量超过预测 50%",
        "steps": [{"text": "暂停小休", "role": "team_leader", "minutes": 10}]}  # fmt: skip


def test_a_planner_writes_a_plan_and_logs_a_drill_and_a_leader_reads_them(client, personas):
    h = bearer(personas.planner)
    r = client.post(f"{W}/contingency-plans", PLAN, content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["version"] == 1
    pk = r.json()["id"]
    r = client.put(
        f"{W}/contingency-plans/{pk}", {**PLAN, "title": "突增 v2"}, content_type="application/json", **h
    )
    assert r.json()["version"] == 2
    r = client.post(f"{W}/contingency-plans", PLAN, content_type="application/json", **h)
    assert r.status_code == 400 and "已有该情形" in r.json()["detail"]
    drill = {"plan": pk, "date": "2026-11-03", "participants": "一组", "duration_minutes": 30}
    r = client.post(f"{W}/drills", drill, content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["plan"] == pk
    r = client.post(f"{W}/drills", {**drill, "date": "2026-11-11"}, content_type="application/json", **h)
    assert r.status_code == 400
    lh = bearer(personas.leader)
    assert [p["title"] for p in client.get(f"{W}/contingency-plans", **lh).json()] == ["突增 v2"]
    body = client.get(f"{W}/drills", **lh).json()
    assert len(body["drills"]) == 1 and body["warnings"] == ["最近 12 个月只演练了 1 次，要求每年不少于 2 次"]
    assert (
        client.post(f"{W}/contingency-plans", PLAN, content_type="application/json", **lh).status_code == 403
    )
    assert client.post(f"{W}/drills", drill, content_type="application/json", **lh).status_code == 403
    assert AuditEntry.objects.filter(action__in=["contingency_plan.create", "contingency_plan.update",
                                                 "drill.create"]).count() == 3  # fmt: skip


def test_other_roles_and_centers_are_refused(client, personas):
    plan = ContingencyPlan.objects.create(center=personas.center, scenario="surge", title="t", trigger="x",
                                          steps=[{"text": "a", "role": "manager", "minutes": 1}])  # fmt: skip
    for who in (personas.agent, personas.monitor):
        assert client.get(f"{W}/contingency-plans", **bearer(who)).status_code == 403
        assert client.get(f"{W}/hiring", **bearer(who)).status_code == 403
    assert client.get(f"{W}/hiring", **bearer(personas.leader)).status_code == 403
    o = bearer(personas.outsider)
    assert client.get(f"{W}/contingency-plans", **o).json() == []
    assert client.get(f"{W}/contingency-plans?center={personas.center.pk}", **o).status_code == 404
    r = client.put(f"{W}/contingency-plans/{plan.pk}", PLAN, content_type="application/json", **o)
    assert r.status_code == 404
    drill = {"plan": plan.pk, "date": "2026-11-03", "participants": "x", "duration_minutes": 30}
    assert client.post(f"{W}/drills", drill, content_type="application/json", **o).status_code == 404
    assert not Drill.objects.exists()


def test_the_hiring_plan_reads_its_inputs_and_refuses_bad_ones(client, personas):
    h = bearer(personas.manager)
    r = client.get(f"{W}/hiring?months=2&attrition=0", **h)
    assert r.status_code == 200 and r.json() == {"headcount": 3, "rows": []}
    for q in ("months=0", "attrition=90", "lead_months=x", "weekly_hours=0"):
        assert client.get(f"{W}/hiring?{q}", **h).status_code == 422, (
            q
        )  # schema validation (DECISIONS "Refusals")
