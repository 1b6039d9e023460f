"""``/api/policies``: one router over every versioned policy, with each kind's own access and validation."""

from __future__ import annotations

import pytest

from hotline.org.models import ApiToken, AuditEntry
from hotline.workforce.services.intraday import settings_for

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-10T10:00")]
J = "application/json"


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def test_each_role_lists_the_kinds_it_may_read(client, personas):
    kinds = lambda who: {k["kind"] for k in client.get("/api/policies", **bearer(who)).json()}  # noqa: E731
    assert kinds(personas.manager) == {
        "quality",
        "feedback",
        "kpi_target",
        "kpi_settings",
        "intraday",
        "drills",
        "leave",
        "escalation",
        "risk",
        "rule_pack",
        "appraisal_rules",
        "holidays",
    }
    assert kinds(personas.planner) == {"intraday", "drills", "leave", "escalation", "holidays"}
    assert kinds(personas.agent) == set()
    assert client.get("/api/policies/quality", **bearer(personas.agent)).status_code == 403


def test_a_planner_appends_thresholds_and_reads_them_back(client, personas):
    h = bearer(personas.planner)
    r = client.post("/api/policies/intraday", {"values": {"volume_over": 0.3, "staff_under": 0.1}},
                    content_type=J, **h)  # fmt: skip
    assert r.status_code == 201, r.content
    assert r.json()["effective_from"] == "2026-11-10" and r.json()["center"] == "langfang"
    again = client.post("/api/policies/intraday", {"values": {"volume_over": 0.4, "staff_under": 0.1}},
                        content_type=J, **h)  # fmt: skip
    assert again.json()["effective_from"] == "2026-11-11"  # the first free day
    got = client.get("/api/policies/intraday", **h).json()
    assert got["in_force"]["values"] == {"volume_over": 0.3, "staff_under": 0.1}
    assert [v["effective_to"] for v in got["history"]] == [None, "2026-11-10"]
    assert settings_for(personas.center).volume_over == 0.3
    assert AuditEntry.objects.filter(action="intraday_settings.create").count() == 2


def test_refusals_are_400_or_403_never_a_write(client, personas):
    h = bearer(personas.planner)
    bad = [
        {"values": {"volume_over": 0.3, "staff_under": 1.5}},  # the kind's own range check
        {"values": {"volume_over": "x", "staff_under": 0.1}},
        {"values": {"volume_over": 0.3}},  # incomplete
        {"values": {"volume_over": 0.3, "staff_under": 0.1, "center_id": 2}},  # not a policy field
        {"values": {"volume_over": 0.3, "staff_under": 0.1}, "effective_from": "2026-11-01"},  # the past
    ]
    for body in bad:
        assert client.post("/api/policies/intraday", body, content_type=J, **h).status_code == 400, body
    assert client.post("/api/policies/nope", {"values": {}}, content_type=J, **h).status_code == 404
    ok = {"values": {"volume_over": 0.3, "staff_under": 0.1}}
    assert client.post("/api/policies/intraday?center=huangdao", ok, content_type=J, **h).status_code == 403
    assert client.post("/api/policies/intraday?center=*", ok, content_type=J, **h).status_code == 403
    out = bearer(personas.outsider)
    assert client.post("/api/policies/intraday?center=langfang", ok, content_type=J, **out).status_code == 403
    assert client.get("/api/policies/quality?center=langfang", **out).status_code == 403
    assert not AuditEntry.objects.exists()


def test_keyed_kinds_and_secrets(client, personas):
    h = bearer(personas.manager)
    r = client.post("/api/policies/kpi_target", {"values": {"kpi": "aht", "scope": "", "value": 200}},
                    content_type=J, **h)  # fmt: skip
    assert r.status_code == 201 and r.json()["values"] == {
        "kpi": "aht", "scope": "", "value": 200, "skill_filter": "", "reason_filter": ""
    }  # fmt: skip
    got = client.get("/api/policies/kpi_target?kpi=aht&scope=", **h).json()
    assert got["in_force"]["values"]["value"] == 200
    r = client.post("/api/policies/feedback", {"values": {"webhook_secret": "s3cr3t"}}, content_type=J, **h)
    assert r.status_code == 201 and r.json()["values"]["webhook_secret"] is True
    assert "s3cr3t" not in client.get("/api/policies/feedback", **h).content.decode()
    assert (
        client.post("/api/policies/quality?center=*", {"values": {}}, content_type=J, **h).status_code == 403
    )


def test_appraisal_rules_take_a_center_scope_or_the_global_one(client, personas):
    h = bearer(personas.admin)
    body = {"effective_from": "2026-12-01", "values": {"params": {"accuracy_target": 98.5}, "note": "API"}}
    r = client.post("/api/policies/appraisal_rules?center=langfang", body, content_type=J, **h)
    assert r.status_code == 201 and r.json()["values"]["params"]["accuracy_target"] == 98.5
    r = client.post("/api/policies/appraisal_rules?center=*", body, content_type=J, **h)
    assert r.status_code == 201 and r.json()["values"]["params"]["accuracy_target"] == 98.5
    history = client.get("/api/policies/appraisal_rules?center=*", **h).json()["history"]
    assert history[0]["effective_from"] == "2026-12-01" and history[1]["effective_to"] == "2026-11-30"
    bad = {"effective_from": "2026-12-15", "values": {"params": {}}}  # not the 1st of a month
    assert client.post("/api/policies/appraisal_rules?center=*", bad, content_type=J, **h).status_code == 400
    m = bearer(personas.outsider)  # a manager of another center: not langfang's rules, nor the global ones
    assert (
        client.post("/api/policies/appraisal_rules?center=langfang", body, content_type=J, **m).status_code
        == 403
    )
    assert client.post("/api/policies/appraisal_rules?center=*", body, content_type=J, **m).status_code == 403


def test_the_generic_router_keeps_each_kinds_own_guards(client, personas):
    """A webhook to an internal address is refused through /api/policies as on the settings page."""
    h = bearer(personas.manager)
    for url in ("http://127.0.0.1:8000/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/"):
        r = client.post("/api/policies/feedback", {"values": {"webhook_url": url}}, content_type=J, **h)
        assert r.status_code == 400, url
    assert not AuditEntry.objects.exists()
