"""Versioned quality settings and the holiday toggle: the past is never rewritten, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.org.models import AuditEntry
from hotline.org.policies import policy_history
from hotline.quality.models import HolidayOverride, QualitySettings, Session
from hotline.quality.selectors import monthly_scores, settings_for
from hotline.quality.services.plan import holiday_overrides
from hotline.quality.services.policies import (
    SettingsError,
    holiday_adjustments,
    holiday_toggle,
    quality_settings_create,
)

OCT1, NOV1 = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def _version(center, day, w_rec, w_live, today=None, **kw):
    return quality_settings_create(
        center=center, w_rec=w_rec, w_live=w_live, min_seconds=kw.get("min_seconds", 15),
        anchor_period="2026-01-H1", effective_from=day, today=today or day,
    )  # fmt: skip


def test_a_new_version_ends_the_current_one_the_day_before(personas):
    old = _version(personas.center, dt.date(2026, 1, 1), 0.7, 0.3)
    new = _version(personas.center, NOV1, 0.6, 0.4)
    old.refresh_from_db()
    assert old.effective_to == dt.date(2026, 10, 31) and new.effective_to is None
    assert settings_for(personas.center, dt.date(2026, 10, 31)).w_rec == 0.7
    assert settings_for(personas.center, NOV1).w_rec == 0.6
    assert QualitySettings.objects.filter(center=personas.center).count() == 2


def test_an_october_composite_keeps_its_weights_after_a_november_change(personas):
    _version(personas.center, dt.date(2026, 1, 1), 0.7, 0.3)
    _version(personas.center, NOV1, 0.6, 0.4)
    from hotline.quality.services import active_form

    form = active_form()
    for kind, score, day in (("recording", 90, OCT1), ("live", 80, dt.date(2026, 10, 20))):
        Session.objects.create(
            kind=kind, agent=personas.agent, monitor=personas.monitor, period="2026-10-H1" if day.day < 16
            else "2026-10-H2", date=day, status=Session.Status.SUBMITTED, score=score, form=form,
        )  # fmt: skip
    (october,) = monthly_scores([personas.agent], 2026, 10)
    assert october.result.score == pytest.approx(0.7 * 90 + 0.3 * 80)


def test_the_global_version_applies_where_a_center_has_none(personas):
    _version(None, OCT1, 0.5, 0.5)
    assert settings_for(personas.center, NOV1).w_rec == 0.5
    _version(personas.center, NOV1, 0.8, 0.2)
    assert settings_for(personas.center, NOV1).w_rec == 0.8
    assert settings_for(personas.other_center, NOV1).w_rec == 0.5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"w_rec": 0.7, "w_live": 0.4}, "合计为1"),
        ({"effective_from": dt.date(2026, 11, 20)}, "不能早于今天"),
        ({"anchor_period": "2026-13"}, "YYYY-MM-H1"),
        ({"min_seconds": -1}, "负数"),
    ],
)
def test_invalid_settings_are_refused(personas, change, message):
    args = dict(center=personas.center, w_rec=0.6, w_live=0.4, min_seconds=15, anchor_period="2026-01-H1",
                effective_from=dt.date(2026, 12, 1), today=dt.date(2026, 11, 23))  # fmt: skip
    args.update(change)
    with pytest.raises(SettingsError, match=message):
        quality_settings_create(**args)
    assert not QualitySettings.objects.exists()


def test_a_version_may_not_be_slipped_before_an_existing_one(personas):
    _version(personas.center, dt.date(2026, 12, 1), 0.6, 0.4, today=NOV1)
    with pytest.raises(SettingsError):
        _version(personas.center, dt.date(2026, 11, 15), 0.5, 0.5, today=NOV1)


def test_a_new_version_is_audited_with_before_and_after(personas):
    _version(personas.center, OCT1, 0.7, 0.3)
    new = quality_settings_create(
        center=personas.center, w_rec=0.6, w_live=0.4, min_seconds=20, anchor_period="2026-01-H1",
        effective_from=NOV1, today=NOV1, actor=personas.manager.user,
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="quality.settings.create", object_id=str(new.pk))
    assert entry.actor == personas.manager.user
    assert entry.before["w_rec"] == 0.7 and entry.after["w_rec"] == 0.6 and entry.after["min_seconds"] == 20
    assert AuditEntry.objects.filter(action="quality.settings.end").count() == 1


SEP15 = dt.date(2026, 9, 15)


def test_toggling_a_holiday_makes_it_working_and_toggling_again_restores_the_calendar(personas):
    national_day = dt.date(2026, 10, 1)
    row = holiday_toggle(day=national_day, note="值班", actor=personas.admin.user, today=SEP15)
    assert row.is_working_day and row.note == "值班" and row.effective_from == SEP15
    assert holiday_overrides()[national_day] is True
    assert holiday_toggle(day=national_day, today=SEP15) is None  # same day: the next free day
    assert holiday_overrides()[national_day] is False and holiday_adjustments(2026) == []
    versions = policy_history("holidays", None, date=national_day)
    assert [v.effective_from for v in versions] == [dt.date(2026, 9, 16), SEP15]  # both kept
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["quality.holiday.create", "quality.holiday.end", "quality.holiday.create"]


def test_toggling_a_working_day_makes_it_a_day_off(personas):
    row = holiday_toggle(day=dt.date(2026, 11, 24), today=SEP15)  # a Tuesday
    assert row.is_working_day is False


def test_a_day_already_past_keeps_the_calendar_it_was_judged_by(personas):
    holiday_toggle(day=dt.date(2026, 10, 8), today=SEP15)  # a Thursday off, decided in September
    with pytest.raises(SettingsError):
        holiday_toggle(day=dt.date(2026, 10, 8), today=dt.date(2026, 10, 9))
    assert holiday_overrides()[dt.date(2026, 10, 8)] is False


def test_a_version_made_after_a_day_does_not_change_how_that_day_was_judged(personas):
    """Versions of a date that start after it (written by a data fix, say) never judge it."""
    day = dt.date(2026, 10, 8)
    HolidayOverride.objects.create(date=day, is_working_day=False, effective_from=dt.date(2026, 10, 9))
    assert day not in holiday_overrides()


def test_today_may_change_once(personas):
    assert holiday_toggle(day=SEP15, today=SEP15).is_working_day is False  # a Tuesday off
    with pytest.raises(SettingsError):
        holiday_toggle(day=SEP15, today=SEP15)


def test_the_settings_of_many_centers_and_months_are_those_of_settings_for(personas):
    """``settings_for_many`` (the scores page's trends, one query) picks what ``settings_for`` picks."""
    from hotline.quality.selectors import settings_for_many

    days = [dt.date(2026, m, 1) for m in range(1, 13)] + [dt.date(2026, 6, 15), dt.date(2026, 8, 31)]
    centers = {
        personas.center.pk: personas.center,
        personas.other_center.pk: personas.other_center,
        None: None,
    }

    def check():
        many = settings_for_many(centers, days)
        for day in days:
            for cid, c in centers.items():
                a, b = many[(cid, day)], settings_for(c, day)
                assert (a.pk, a.w_rec, a.remainder) == (b.pk, b.w_rec, b.remainder), (cid, day)

    check()  # no rows: the defaults
    QualitySettings.objects.create(center=None, effective_from=dt.date(2026, 3, 1), w_rec=0.6, w_live=0.4)
    QualitySettings.objects.create(center=None, effective_from=dt.date(2026, 3, 1), w_rec=0.5, w_live=0.5)
    QualitySettings.objects.create(center=personas.center, effective_from=dt.date(2026, 5, 1), w_rec=0.8,
                                   w_live=0.2, effective_to=dt.date(2026, 8, 31))  # fmt: skip
    QualitySettings.objects.create(center=personas.center, effective_from=dt.date(2026, 10, 1), w_rec=0.9,
                                   w_live=0.1, remainder="none")  # fmt: skip
    QualitySettings.objects.create(center=personas.other_center, effective_from=dt.date(2026, 7, 1), w_rec=0.75,
                                   w_live=0.25, effective_to=dt.date(2026, 6, 30))  # fmt: skip
    check()
