"""The intraday alert thresholds page (§5: +50% volume, −20% staff by default); versioned (a past day
keeps the thresholds it was judged by); audited; planners only."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hotline.org.models import AuditEntry
from hotline.workforce.services.intraday import settings_for

URL = reverse("workforce:settings_thresholds")
pytestmark = pytest.mark.clock("2026-11-10T10:00")


def test_a_planner_changes_the_thresholds_and_the_change_is_audited(personas, login):
    c = login(personas.planner)
    page = c.get(URL).content.decode()
    assert 'value="0.5"' in page and 'value="2026-11-10"' in page
    c.post(URL, {"volume_over": "0.3", "staff_under": "0.1", "effective_from": "2026-11-10"})
    s = settings_for(personas.center)
    assert (s.volume_over, s.staff_under, s.effective_from) == (0.3, 0.1, dt.date(2026, 11, 10))
    e = AuditEntry.objects.get(action="intraday_settings.create")
    assert e.before is None and e.after["volume_over"] == 0.3 and e.after["staff_under"] == 0.1


def test_a_past_day_is_judged_by_the_thresholds_of_that_day(personas, login):
    c = login(personas.planner)
    c.post(URL, {"volume_over": "0.3", "staff_under": "0.1", "effective_from": "2026-11-10"})
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)):
        c = login(personas.planner)
        assert 'value="2026-11-20"' in c.get(URL).content.decode()
        c.post(URL, {"volume_over": "0.8", "staff_under": "0.4", "effective_from": "2026-11-20"})
        assert settings_for(personas.center).volume_over == 0.8
        # a back-dated version is refused: the past is never rewritten
        c.post(URL, {"volume_over": "0.9", "staff_under": "0.4", "effective_from": "2026-11-15"})
    assert settings_for(personas.center, dt.date(2026, 11, 12)).volume_over == 0.3
    assert settings_for(personas.center, dt.date(2026, 11, 9)).volume_over == 0.5  # the default before
    assert settings_for(personas.center, dt.date(2026, 11, 25)).volume_over == 0.8
    assert AuditEntry.objects.filter(action="intraday_settings.end").count() == 1


def test_a_staff_threshold_of_100_percent_is_refused(personas, login):
    login(personas.manager).post(
        URL, {"volume_over": "0.5", "staff_under": "1", "effective_from": "2026-11-10"}
    )
    assert settings_for(personas.center).staff_under == 0.2 and not AuditEntry.objects.exists()


def test_other_roles_are_refused(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert login(who).post(URL, {"volume_over": "0.9", "staff_under": "0.5"}).status_code == 403
    assert settings_for(personas.center).volume_over == 0.5
