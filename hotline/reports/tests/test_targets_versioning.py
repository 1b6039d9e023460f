"""KPI targets as versions: appended from a date, the old value kept for earlier dates, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.org.models import AuditEntry
from hotline.reports.models import KpiTarget
from hotline.reports.selectors import target_for, target_series
from hotline.reports.services_targets import TargetError, kpi_target_create, target_history

OCT1, NOV1 = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def test_a_new_target_applies_from_its_date_and_earlier_dates_keep_the_old_one(personas):
    c = personas.center
    kpi_target_create(kpi="fcr", center=c, value=0.40, effective_from=OCT1, today=OCT1)
    kpi_target_create(kpi="fcr", center=c, value=0.45, effective_from=NOV1, today=NOV1)
    assert target_for("fcr", center_id=c.pk, on=dt.date(2026, 10, 31)).value == 0.40
    assert target_for("fcr", center_id=c.pk, on=NOV1).value == 0.45
    assert target_series(c.pk, [dt.date(2026, 10, 15), dt.date(2026, 11, 15)], kpis=("fcr",)) == {
        "fcr": [0.40, 0.45]
    }
    history = target_history(c)
    assert [(h["target"].value, h["effective_to"]) for h in history] == [
        (0.45, None),
        (0.40, dt.date(2026, 10, 31)),
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kpi": "nonsense"}, "未知"),
        ({"value": 40}, "0到1"),
        ({"scope": "group:一组"}, "范围"),
        ({"effective_from": dt.date(2026, 11, 22)}, "不能早于今天"),
    ],
)
def test_invalid_targets_are_refused(personas, change, message):
    args = dict(kpi="fcr", center=personas.center, value=0.4, effective_from=dt.date(2026, 12, 1),
                today=dt.date(2026, 11, 23))  # fmt: skip
    args.update(change)
    with pytest.raises(TargetError, match=message):
        kpi_target_create(**args)
    assert not KpiTarget.objects.exists()


def test_a_target_may_not_be_slipped_before_an_existing_one(personas):
    kpi_target_create(kpi="aht", center=None, value=280, effective_from=dt.date(2026, 12, 1), today=NOV1)
    with pytest.raises(TargetError):
        kpi_target_create(kpi="aht", center=None, value=290, effective_from=dt.date(2026, 11, 20), today=NOV1)
    kpi_target_create(
        kpi="aht", center=None, value=290, effective_from=dt.date(2026, 11, 20), today=NOV1, scope="team:一组"
    )


def test_a_new_target_is_audited_with_the_one_it_replaces(personas):
    kpi_target_create(kpi="satisfaction", center=personas.center, value=0.8, effective_from=OCT1, today=OCT1)
    row = kpi_target_create(
        kpi="satisfaction", center=personas.center, value=0.85, effective_from=NOV1, today=NOV1,
        actor=personas.manager.user,
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="reports.target.create", object_id=str(row.pk))
    assert (
        entry.actor == personas.manager.user and entry.before["value"] == 0.8 and entry.after["value"] == 0.85
    )
