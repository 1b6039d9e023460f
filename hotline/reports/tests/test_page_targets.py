"""The KPI targets page: managers set their center's targets, global ones only administrators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.reports.models import KpiTarget


def _post(center, value="0.45", kpi="fcr", days=1):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {"center": center, "kpi": kpi, "scope": "", "value": value, "effective_from": day.isoformat()}


def test_a_manager_sees_the_targets_in_force_with_the_defaults(personas, login):
    page = login(personas.manager).get("/reports/targets/").content.decode()
    assert "首次解决率" in page and "0.4" in page and "默认值" in page and "保存为新版本" in page


def test_a_manager_saves_a_target_for_the_center_and_the_history_lists_it(personas, login):
    KpiTarget.objects.create(kpi="fcr", center=personas.center, value=0.4, effective_from=dt.date(2026, 1, 1))
    client = login(personas.manager)
    assert client.post("/reports/targets/", _post("langfang")).status_code == 302
    assert KpiTarget.objects.filter(center=personas.center, kpi="fcr").count() == 2
    page = client.get("/reports/targets/?center=langfang").content.decode()
    assert "45%" in page and "2026-01-01" in page  # rates read as percentages (issue 13.6)


def test_a_refused_target_shows_the_reason(personas, login):
    resp = login(personas.manager).post("/reports/targets/", _post("langfang", value="45"))
    assert resp.status_code == 200 and "0到1" in resp.content.decode()


def test_a_manager_may_not_set_global_targets_but_an_admin_may(personas, login):
    assert login(personas.manager).post("/reports/targets/", _post("*")).status_code == 403
    assert login(personas.admin).post("/reports/targets/", _post("*")).status_code == 302
    assert KpiTarget.objects.get(center__isnull=True).value == 0.45


def test_another_centers_manager_is_refused(personas, login):
    assert login(personas.outsider).get("/reports/targets/?center=langfang").status_code == 403


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get("/reports/targets/").status_code == 403
