"""The appraisal rules page: managers read the versions, administrators add one, others are refused."""

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


def test_a_manager_reads_the_default_versions_without_a_form(personas, login):
    page = login(personas.manager).get("/performance/rules/").content.decode()
    assert "2026-11-01" in page and "2026-10-31" in page and "99.0" in page and "准确率目标" in page
    assert "保存为新版本" not in page


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


def test_a_manager_may_not_write_the_rules(personas, login):
    assert login(personas.manager).post("/performance/rules/", _post(_next_first())).status_code == 403
    assert not RuleSetVersion.objects.exists()


@pytest.mark.parametrize("who", ["agent", "leader", "monitor", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get("/performance/rules/").status_code == 403
