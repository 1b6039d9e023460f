"""The escalation levels page (§5): who must be told within how long; each save appends a version of
the level from a chosen day (today or later), a deletion appends a withdrawal; audited; planners only."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline.org.models import AuditEntry, Role
from hotline.workforce.models import EscalationLevel
from hotline.workforce.selectors import escalation_levels

URL = reverse("workforce:settings_escalation")
TODAY = dt.date(2026, 11, 10)
pytestmark = pytest.mark.clock("2026-11-10T10:00")


def _in_force(center, day):
    return [(lv.level, lv.within_minutes) for lv in escalation_levels(center, day)]


def test_a_planner_adds_and_changes_a_level_and_both_are_audited(personas, login):
    c = login(personas.planner)
    c.post(URL, {"level": 1, "min_severity": 0, "role": Role.TEAM_LEADER, "within_minutes": 10})
    c.post(URL, {"level": 2, "min_severity": 0.5, "person": personas.manager.pk, "within_minutes": 30})
    c.post(URL, {"level": 1, "min_severity": 0, "role": Role.TEAM_LEADER, "within_minutes": 5})
    # the change of level 1 on the day it was set starts the next day: today keeps the first version
    assert _in_force(personas.center, TODAY) == [(1, 10), (2, 30)]
    assert _in_force(personas.center, TODAY + dt.timedelta(days=1)) == [(1, 5), (2, 30)]
    assert EscalationLevel.objects.get(level=2).person == personas.manager
    assert AuditEntry.objects.filter(action="escalation_level.end").get().before["within_minutes"] == 10
    assert AuditEntry.objects.filter(action="escalation_level.create").count() == 3
    page = c.get(URL).content.decode()
    assert "孙经理" in page and 'id="escalation-history"' in page


def test_a_version_starts_on_the_chosen_day_and_a_past_day_is_refused(personas, login):
    c = login(personas.planner)
    r = c.post(URL, {"level": 1, "min_severity": 0, "role": Role.MANAGER, "within_minutes": 10,
                     "effective_from": "2026-11-15"})  # fmt: skip
    assert r.status_code == 302
    assert _in_force(personas.center, TODAY) == [] and _in_force(personas.center, dt.date(2026, 11, 15)) == [
        (1, 10)
    ]
    r = c.post(URL, {"level": 1, "min_severity": 0, "role": Role.MANAGER, "within_minutes": 3,
                     "effective_from": "2026-11-09"})  # fmt: skip
    assert r.status_code == 400 and "生效日期不能早于今天" in r.content.decode()
    c.cookies["django_language"] = "en"
    r = c.post(URL, {"level": 2, "min_severity": 0, "role": Role.MANAGER, "within_minutes": 3,
                     "effective_from": "2026-11-09"})  # fmt: skip
    assert r.status_code == 400 and "The effective date cannot be before today" in r.content.decode()
    assert EscalationLevel.objects.count() == 1


def test_a_level_names_a_role_or_a_person_and_can_be_withdrawn(personas, login):
    c = login(personas.manager)
    assert c.post(URL, {"level": 1, "min_severity": 0, "within_minutes": 10}).status_code == 400
    assert not EscalationLevel.objects.exists()
    lv = EscalationLevel.objects.create(center=personas.center, level=1, role=Role.MANAGER, within_minutes=9)
    c.post(reverse("workforce:settings_escalation_delete", args=[lv.pk]), {"effective_from": "2026-11-12"})
    assert EscalationLevel.objects.filter(pk=lv.pk).exists()  # nothing deleted
    assert _in_force(personas.center, dt.date(2026, 11, 11)) == [(1, 9)]
    assert _in_force(personas.center, dt.date(2026, 11, 12)) == []
    assert AuditEntry.objects.filter(action="escalation_level.create").get().after["removed"] is True
    # a past day is refused; a bad date is a 400
    lv2 = EscalationLevel.objects.create(center=personas.center, level=2, role=Role.MANAGER, within_minutes=9)
    r = c.post(reverse("workforce:settings_escalation_delete", args=[lv2.pk]), {"effective_from": "2026-11-01"},
               follow=True)  # fmt: skip
    assert "生效日期不能早于今天" in r.content.decode()
    assert c.post(reverse("workforce:settings_escalation_delete", args=[lv2.pk]),
                  {"effective_from": "2026-13-01"}).status_code == 400  # fmt: skip
    assert _in_force(personas.center, TODAY) == [(1, 9), (2, 9)]


def test_other_roles_and_other_centers_are_refused(personas, login):
    lv = EscalationLevel.objects.create(center=personas.center, level=1, role=Role.MANAGER, within_minutes=9)
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert (
            login(who).post(reverse("workforce:settings_escalation_delete", args=[lv.pk])).status_code == 403
        )
    r = login(personas.outsider).post(reverse("workforce:settings_escalation_delete", args=[lv.pk]))
    assert r.status_code == 404 and EscalationLevel.objects.count() == 1
    r = login(personas.outsider).get(f"{URL}?center={personas.center.pk}")
    assert r.status_code == 404
