"""The escalation levels page (§5): who must be told within how long; audited; planners only."""

from django.urls import reverse

from hotline.org.models import AuditEntry, Role
from hotline.workforce.models import EscalationLevel

URL = reverse("workforce:settings_escalation")


def test_a_planner_adds_and_changes_a_level_and_both_are_audited(personas, login):
    c = login(personas.planner)
    c.post(URL, {"level": 1, "min_severity": 0, "role": Role.TEAM_LEADER, "within_minutes": 10})
    c.post(URL, {"level": 2, "min_severity": 0.5, "person": personas.manager.pk, "within_minutes": 30})
    c.post(URL, {"level": 1, "min_severity": 0, "role": Role.TEAM_LEADER, "within_minutes": 5})
    levels = list(
        EscalationLevel.objects.filter(center=personas.center).values_list("level", "within_minutes")
    )
    assert levels == [(1, 5), (2, 30)]
    assert EscalationLevel.objects.get(level=2).person == personas.manager
    assert AuditEntry.objects.filter(action="escalation_level.update").get().before["within_minutes"] == 10
    assert "孙经理" in c.get(URL).content.decode()


def test_a_level_names_a_role_or_a_person_and_can_be_deleted(personas, login):
    c = login(personas.manager)
    c.post(URL, {"level": 1, "min_severity": 0, "within_minutes": 10})
    assert not EscalationLevel.objects.exists()
    lv = EscalationLevel.objects.create(center=personas.center, level=1, role=Role.MANAGER, within_minutes=9)
    c.post(reverse("workforce:settings_escalation_delete", args=[lv.pk]))
    assert not EscalationLevel.objects.exists() and AuditEntry.objects.filter(
        action="escalation_level.delete"
    )


def test_other_roles_and_other_centers_are_refused(personas, login):
    lv = EscalationLevel.objects.create(center=personas.center, level=1, role=Role.MANAGER, within_minutes=9)
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert (
            login(who).post(reverse("workforce:settings_escalation_delete", args=[lv.pk])).status_code == 403
        )
    r = login(personas.outsider).post(reverse("workforce:settings_escalation_delete", args=[lv.pk]))
    assert r.status_code == 404 and EscalationLevel.objects.filter(pk=lv.pk).exists()
