"""API of the regime's policy settings (§3.2/§3.3/§3.6 versions) and the §3.4 holiday table."""

import datetime as dt

import pytest
from django.utils import timezone

from hotline.org.models import ApiToken, AuditEntry
from hotline.quality.models import HolidayOverride, QualitySettings


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def version(center="langfang", days=3, w_rec=0.6):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {"center": center, "w_rec": w_rec, "w_live": round(1 - w_rec, 6), "min_seconds": 20,
            "anchor_period": "2026-01-H1", "effective_from": day.isoformat()}  # fmt: skip


def test_a_manager_creates_a_version_of_their_center_with_a_token(personas, client):
    r = client.post(
        "/api/quality/settings", version(), content_type="application/json", **bearer(personas.manager)
    )
    assert r.status_code == 201
    body = r.json()
    assert body["center"] == "langfang" and body["history"][0]["w_rec"] == 0.6
    assert body["in_force"]["w_rec"] == 0.7  # today the defaults still apply
    assert AuditEntry.objects.filter(action="quality.settings.create").count() == 1


def test_the_list_shows_the_history_newest_first_with_the_end_of_the_old_version(personas, client):
    h = bearer(personas.manager)
    for days, w in ((3, 0.6), (10, 0.5)):
        client.post(
            "/api/quality/settings", version(days=days, w_rec=w), content_type="application/json", **h
        )
    history = client.get("/api/quality/settings", **h).json()["history"]
    assert [v["w_rec"] for v in history] == [0.5, 0.6]
    assert history[1]["effective_to"] == (timezone.localdate() + dt.timedelta(days=9)).isoformat()


def test_a_refused_version_answers_400_with_the_reason(personas, client):
    r = client.post(
        "/api/quality/settings", version(w_rec=0.9) | {"w_live": 0.3}, content_type="application/json",
        **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 400 and "合计为1" in r.json()["detail"]
    assert not QualitySettings.objects.exists()


@pytest.mark.parametrize("center", ["*", "huangdao"])
def test_a_manager_may_not_write_the_global_rows_or_another_center(personas, client, center):
    r = client.post(
        "/api/quality/settings", version(center=center), content_type="application/json",
        **bearer(personas.manager),
    )  # fmt: skip
    assert r.status_code == 403 and not QualitySettings.objects.exists()


def test_an_administrator_writes_the_global_rows(personas, client):
    r = client.post(
        "/api/quality/settings",
        version(center="*"),
        content_type="application/json",
        **bearer(personas.admin),
    )
    assert r.status_code == 201 and QualitySettings.objects.get().center is None


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_may_not_read_the_settings(personas, client, who):
    assert client.get("/api/quality/settings", **bearer(getattr(personas, who))).status_code == 403


def test_a_manager_may_not_read_another_centers_settings(personas, client):
    assert client.get("/api/quality/settings?center=huangdao", **bearer(personas.manager)).status_code == 403


@pytest.mark.clock("2026-09-15T10:00")
def test_an_administrator_toggles_a_holiday_and_planners_list_it(personas, client):
    r = client.post(
        "/api/quality/holidays/toggle", {"date": "2026-10-01", "note": "加班"}, content_type="application/json",
        **bearer(personas.admin),
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["is_working_day"] is True  # National Day made a working day
    listed = client.get("/api/quality/holidays?year=2026", **bearer(personas.planner)).json()
    assert listed == [{"date": "2026-10-01", "is_working_day": True, "note": "加班"}]
    again = client.post(
        "/api/quality/holidays/toggle", {"date": "2026-10-01"}, content_type="application/json",
        **bearer(personas.admin),
    )  # fmt: skip
    assert again.json() == {"date": "2026-10-01", "is_working_day": False, "override": None}
    assert client.get("/api/quality/holidays?year=2026", **bearer(personas.planner)).json() == []
    assert HolidayOverride.objects.count() == 2  # both versions kept


@pytest.mark.clock("2026-09-15T10:00")
def test_the_policy_router_serves_and_appends_holiday_versions(personas, client):
    r = client.post(
        "/api/policies/holidays", {"values": {"date": "2026-10-08", "is_working_day": True, "note": "值班"}},
        content_type="application/json", **bearer(personas.admin),
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["values"] == {"date": "2026-10-08", "is_working_day": True, "note": "值班"}
    got = client.get("/api/policies/holidays?center=*&date=2026-10-08", **bearer(personas.planner)).json()
    assert got["in_force"]["values"]["is_working_day"] is True and len(got["history"]) == 1
    past = client.post(
        "/api/policies/holidays", {"values": {"date": "2026-09-01", "is_working_day": False}},
        content_type="application/json", **bearer(personas.admin),
    )  # fmt: skip
    assert past.status_code == 400 and past.json()["field"] == "date"
    refused = client.post(
        "/api/policies/holidays", {"values": {"date": "2026-10-09", "is_working_day": True}},
        content_type="application/json", **bearer(personas.manager),
    )  # fmt: skip
    assert refused.status_code == 403


@pytest.mark.parametrize("who", ["manager", "planner", "agent"])
def test_only_administrators_toggle_holidays(personas, client, who):
    r = client.post(
        "/api/quality/holidays/toggle", {"date": "2026-10-01"}, content_type="application/json",
        **bearer(getattr(personas, who)),
    )  # fmt: skip
    assert r.status_code == 403 and not HolidayOverride.objects.exists()


def test_agents_may_not_list_holidays(personas, client):
    assert client.get("/api/quality/holidays", **bearer(personas.agent)).status_code == 403
