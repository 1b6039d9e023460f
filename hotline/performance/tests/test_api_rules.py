"""API of the appraisal rule versions (§6): a manager reads and extends their center's, an
administrator any center's or the global ones."""

import datetime as dt

import pytest
from django.utils import timezone

from hotline.org.models import ApiToken, AuditEntry
from hotline.performance.models import RuleSetVersion


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def next_month() -> str:
    today = timezone.localdate()
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1).isoformat()


def test_a_manager_reads_the_rules_in_force_and_the_default_history(personas, client):
    body = client.get("/api/performance/rules", **bearer(personas.manager)).json()
    assert body["can_edit"] is True and body["in_force"]  # for their own center
    assert body["history"] and all(h["stored"] is False and not h["own"] for h in body["history"])


def test_an_administrator_adds_a_version_from_next_month(personas, client):
    r = client.post(
        "/api/performance/rules", {"effective_from": next_month(), "params": {}, "note": "API"},
        content_type="application/json", **bearer(personas.admin),
    )  # fmt: skip
    assert r.status_code == 201
    newest = r.json()["history"][0]
    assert (newest["effective_from"], newest["note"], newest["stored"]) == (next_month(), "API", True)
    assert AuditEntry.objects.filter(action="performance.rules.create").count() == 1


def test_a_version_not_on_the_first_of_a_month_is_refused_with_the_reason(personas, client):
    day = dt.date.fromisoformat(next_month()) + dt.timedelta(days=1)
    r = client.post(
        "/api/performance/rules", {"effective_from": day.isoformat()}, content_type="application/json",
        **bearer(personas.admin),
    )  # fmt: skip
    assert r.status_code == 400 and "1日" in r.json()["detail"] and not RuleSetVersion.objects.exists()


def test_an_unknown_parameter_is_refused(personas, client):
    r = client.post(
        "/api/performance/rules", {"effective_from": next_month(), "params": {"bonus": 1}},
        content_type="application/json", **bearer(personas.admin),
    )  # fmt: skip
    assert r.status_code == 400 and "bonus" in r.json()["detail"]


def test_a_manager_adds_a_version_for_their_center_only(personas, client):
    r = client.post(
        "/api/performance/rules", {"effective_from": next_month(), "params": {"qa_mode": "deduct_below"}},
        content_type="application/json", **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["history"][0]["own"] is True
    row = RuleSetVersion.objects.get(center=personas.center)
    assert row.params["qa_mode"] == "deduct_below"
    other = f"/api/performance/rules?center={personas.other_center.pk}"
    assert client.get(other, **bearer(personas.manager)).status_code == 404
    r = client.post(other, {"effective_from": next_month()}, content_type="application/json",
                    **bearer(personas.manager))  # fmt: skip
    assert r.status_code == 404 and not RuleSetVersion.objects.filter(center=personas.other_center).exists()


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_may_not_read_the_rules(personas, client, who):
    assert client.get("/api/performance/rules", **bearer(getattr(personas, who))).status_code == 403
