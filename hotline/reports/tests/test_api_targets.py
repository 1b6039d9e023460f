"""API of the KPI targets (§7): managers their center, administrators the global targets."""

import datetime as dt

import pytest
from django.utils import timezone

from hotline.org.models import ApiToken, AuditEntry
from hotline.reports.models import KpiTarget


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def target(center="langfang", kpi="aht", value=240.0, days=2, scope=""):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {"center": center, "kpi": kpi, "value": value, "effective_from": day.isoformat(), "scope": scope}


def test_a_manager_sets_a_target_of_their_center_and_sees_it_in_the_history(personas, client):
    h = bearer(personas.manager)
    r = client.post("/api/reports/targets", target(), content_type="application/json", **h)
    assert r.status_code == 201
    (row,) = r.json()["history"]
    assert (row["kpi"], row["center"], row["value"], row["effective_to"]) == ("aht", "langfang", 240.0, None)
    assert AuditEntry.objects.filter(action="reports.target.create").count() == 1
    listed = client.get("/api/reports/targets", **h).json()
    assert listed["center"] == "langfang" and {t["kpi"] for t in listed["in_force"]} >= {"aht", "fcr"}


def test_an_older_target_ends_the_day_before_the_newer_one(personas, client):
    h = bearer(personas.manager)
    client.post("/api/reports/targets", target(days=2), content_type="application/json", **h)
    client.post("/api/reports/targets", target(days=9, value=220), content_type="application/json", **h)
    history = client.get("/api/reports/targets?center=langfang", **h).json()["history"]
    assert [t["value"] for t in history] == [220.0, 240.0]
    assert history[1]["effective_to"] == (timezone.localdate() + dt.timedelta(days=8)).isoformat()


def test_a_rate_above_one_is_refused_with_the_reason(personas, client):
    r = client.post(
        "/api/reports/targets", target(kpi="fcr", value=80), content_type="application/json",
        **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 400 and "0到1" in r.json()["detail"] and not KpiTarget.objects.exists()


@pytest.mark.parametrize("center", ["*", "huangdao"])
def test_a_manager_may_not_set_global_or_another_centers_targets(personas, client, center):
    r = client.post(
        "/api/reports/targets", target(center=center), content_type="application/json",
        **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 403 and not KpiTarget.objects.exists()


def test_an_administrator_sets_a_global_target(personas, client):
    r = client.post(
        "/api/reports/targets", target(center="*"), content_type="application/json", **bearer(personas.admin)
    )
    assert r.status_code == 201 and KpiTarget.objects.get().center is None


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_may_not_read_or_write_targets(personas, client, who):
    h = bearer(getattr(personas, who))
    assert client.get("/api/reports/targets", **h).status_code == 403
    assert (
        client.post("/api/reports/targets", target(), content_type="application/json", **h).status_code == 403
    )
    assert not KpiTarget.objects.exists()
