"""The next-day rules page (§5): which shifts may follow a shift; audited; planners only."""

from django.urls import reverse

from hotline.org.models import AuditEntry
from hotline.workforce.models import RosterRule
from hotline.workforce.services.policies import rules_of

from .helpers import make_shifts

URL = reverse("workforce:settings_rules")


def test_a_planner_sets_the_users_rule_after_the_early_shift(personas, login):
    s = make_shifts(personas.center)
    c = login(personas.planner)
    data = {f"next_{s['早'].pk}": [s["中"].pk, s["晚"].pk]}
    for k in ("中", "晚", "休"):
        data[f"any_{s[k].pk}"] = "1"
    assert c.post(URL, data).status_code == 302
    assert rules_of(personas.center) == {s["早"].pk: sorted([s["中"].pk, s["晚"].pk])}
    entry = AuditEntry.objects.get(action="roster_rules.update")
    assert entry.after == {"早": sorted(["中", "晚"])} and entry.before == {}
    assert f'name="any_{s["中"].pk}" value="1" checked' in c.get(URL).content.decode()


def test_a_shift_with_nothing_allowed_after_it_is_refused(personas, login):
    s = make_shifts(personas.center)
    r = login(personas.manager).post(URL, {f"any_{s[k].pk}": "1" for k in ("中", "晚", "休")}, follow=True)
    assert "之后至少要允许一个班次" in r.content.decode() and not RosterRule.objects.exists()


def test_other_roles_are_refused(personas, login):
    s = make_shifts(personas.center)
    for who in (personas.agent, personas.leader, personas.monitor, personas.trainer):
        assert login(who).get(URL).status_code == 403
        assert login(who).post(URL, {f"next_{s['早'].pk}": [s["休"].pk]}).status_code == 403
    assert not RosterRule.objects.exists()
