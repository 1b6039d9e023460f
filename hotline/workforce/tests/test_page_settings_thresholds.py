"""The intraday alert thresholds page (§5: +50% volume, −20% staff by default); audited; planners only."""

from django.urls import reverse

from hotline.org.models import AuditEntry
from hotline.workforce.services_intraday import settings_for

URL = reverse("workforce:settings_thresholds")


def test_a_planner_changes_the_thresholds_and_the_change_is_audited(personas, login):
    c = login(personas.planner)
    assert 'value="0.5"' in c.get(URL).content.decode()
    c.post(URL, {"volume_over": "0.3", "staff_under": "0.1"})
    s = settings_for(personas.center)
    assert (s.volume_over, s.staff_under) == (0.3, 0.1)
    e = AuditEntry.objects.get(action="intraday_settings.update")
    assert e.before == {"volume_over": 0.5, "staff_under": 0.2} and e.after == {
        "volume_over": 0.3,
        "staff_under": 0.1,
    }


def test_a_staff_threshold_of_100_percent_is_refused(personas, login):
    login(personas.manager).post(URL, {"volume_over": "0.5", "staff_under": "1"})
    assert settings_for(personas.center).staff_under == 0.2 and not AuditEntry.objects.exists()


def test_other_roles_are_refused(personas, login):
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert login(who).post(URL, {"volume_over": "0.9", "staff_under": "0.5"}).status_code == 403
    assert settings_for(personas.center).volume_over == 0.5
