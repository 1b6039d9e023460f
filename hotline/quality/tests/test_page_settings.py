"""The quality settings page: managers edit their center's versions, the global ones only admins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.quality.models import QualitySettings


def _post(center_code, day, w_rec="0.6", w_live="0.4"):
    return {"center": center_code, "w_rec": w_rec, "w_live": w_live, "min_seconds": "15",
            "anchor_period": "2026-01-H1", "effective_from": day.isoformat()}  # fmt: skip


def test_a_manager_sees_the_settings_in_force_and_the_history(personas, login):
    QualitySettings.objects.create(
        center=personas.center, w_rec=0.75, w_live=0.25, effective_from=dt.date(2026, 1, 1)
    )
    page = login(personas.manager).get("/quality/settings/").content.decode()
    assert "0.75" in page and "2026-01-01" in page and "保存为新版本" in page


def test_a_manager_saves_a_new_version_and_the_old_one_stays_in_the_history(personas, login):
    old = QualitySettings.objects.create(center=personas.center, effective_from=dt.date(2026, 1, 1))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    resp = login(personas.manager).post("/quality/settings/", _post("langfang", tomorrow))
    assert resp.status_code == 302
    old.refresh_from_db()
    assert old.effective_to == tomorrow - dt.timedelta(days=1)
    page = login(personas.manager).get("/quality/settings/?center=langfang").content.decode()
    assert tomorrow.isoformat() in page and "2026-01-01" in page


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_refused_version_shows_the_reason_in_the_readers_language(personas, login, lang):
    day = timezone.localdate() + dt.timedelta(days=1)
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    resp = client.post("/quality/settings/", _post("langfang", day, "0.7", "0.7"))
    page = resp.content.decode()
    assert resp.status_code == 400 and not QualitySettings.objects.exists()
    if lang == "en":
        assert "must be between 0 and 1 and add up to 1" in page and "合计为1" not in page
    else:
        assert "合计为1" in page and "add up to 1" not in page


def test_a_manager_may_not_change_the_global_settings(personas, login):
    day = timezone.localdate() + dt.timedelta(days=1)
    page = login(personas.manager).get("/quality/settings/?center=*").content.decode()
    assert "保存为新版本" not in page
    assert login(personas.manager).post("/quality/settings/", _post("*", day)).status_code == 403


def test_an_admin_changes_the_global_settings(personas, login):
    day = timezone.localdate() + dt.timedelta(days=1)
    assert login(personas.admin).post("/quality/settings/", _post("*", day)).status_code == 302
    assert QualitySettings.objects.get(center__isnull=True).w_rec == 0.6


def test_another_centers_manager_is_refused(personas, login):
    assert login(personas.outsider).get("/quality/settings/?center=langfang").status_code == 403


@pytest.mark.parametrize("who", ["agent", "monitor", "leader", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get("/quality/settings/").status_code == 403
