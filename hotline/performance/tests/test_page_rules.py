"""The appraisal rules page: a manager reads and extends their center's versions, an administrator any
scope; other roles and other centers are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.core.appraisal import DEFAULT_RULE_SETS
from hotline.performance.models import RuleSetVersion
from hotline.performance.services_rules import rule_params


def _post(day: dt.date, **change):
    params = {k: ("" if v is None else str(v)) for k, v in rule_params(DEFAULT_RULE_SETS[-1]).items()}
    params.update({k: str(v) for k, v in change.items()})
    return {"effective_from": day.isoformat(), "note": "新规", **params}


def _next_first() -> dt.date:
    return (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def test_a_manager_reads_the_default_versions_with_a_form_for_their_center(personas, login):
    page = login(personas.manager).get("/performance/rules/").content.decode()
    assert "2026-11-01" in page and "2026-10-31" in page and "99.0" in page and "准确率目标" in page
    assert "保存为新版本" in page and "廊坊中心" in page and "不计入（手册默认）" in page


def test_an_admin_saves_a_new_version_from_next_month(personas, login):
    day = _next_first()
    resp = login(personas.admin).post("/performance/rules/", _post(day, accuracy_target=98.5))
    assert resp.status_code == 302
    row = RuleSetVersion.objects.get(effective_from=day)
    assert row.params["accuracy_target"] == 98.5 and row.note == "新规"
    page = login(personas.admin).get("/performance/rules/").content.decode()
    assert "98.5" in page and day.isoformat() in page


def test_a_refused_version_shows_the_reason(personas, login):
    day = _next_first() + dt.timedelta(days=3)
    resp = login(personas.admin).post("/performance/rules/", _post(day))
    assert resp.status_code == 200 and "1日" in resp.content.decode()
    assert not RuleSetVersion.objects.exists()


def test_a_manager_saves_a_version_for_their_center_and_the_global_rules_stay(personas, login):
    day = _next_first()
    c = login(personas.manager)
    assert c.post("/performance/rules/", _post(day, qa_mode="deduct_below", qa_target=80)).status_code == 302
    row = RuleSetVersion.objects.get(effective_from=day)
    assert row.center == personas.center and row.params["qa_mode"] == "deduct_below"
    assert not RuleSetVersion.objects.filter(center__isnull=True, effective_from=day).exists()
    page = c.get("/performance/rules/").content.decode()
    assert "本中心" in page and "低于目标每分扣分" in page


def test_a_manager_may_not_see_or_write_another_centers_rules(personas, login):
    other = f"/performance/rules/?center={personas.other_center.pk}"
    c = login(personas.manager)
    assert c.get(other).status_code == 404
    assert c.post(other, _post(_next_first())).status_code == 404
    assert not RuleSetVersion.objects.exists()


def test_an_admin_writes_the_global_rules_or_one_centers(personas, login):
    day = _next_first()
    c = login(personas.admin)
    assert (
        c.post(
            f"/performance/rules/?center={personas.other_center.pk}", _post(day, accuracy_target=98)
        ).status_code
        == 302
    )
    assert RuleSetVersion.objects.get(effective_from=day).center == personas.other_center
    assert c.post("/performance/rules/", _post(day, accuracy_target=96)).status_code == 302
    assert RuleSetVersion.objects.get(effective_from=day, center__isnull=True).params["accuracy_target"] == 96


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get("/performance/rules/").status_code == 403
