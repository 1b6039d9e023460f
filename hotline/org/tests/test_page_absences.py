"""The leave page /org/absences/ (§3.4): keepers list/add/delete their people's leave; others read their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline.org.models import Absence
from hotline.org.services import absence_add

URL = reverse("org:absences")
D = dt.date


@pytest.fixture
def leave(personas):
    """Leave of the agent (team 一组), the stranger (team 二组) and another center's agent."""
    day = timezone.localdate()
    return {
        "agent": absence_add(person=personas.agent, first_day=day, last_day=day + dt.timedelta(days=2)),
        "stranger": absence_add(person=personas.stranger, first_day=day, kind="sick"),
        "other": absence_add(person=personas.other_agent, first_day=day, kind="personal"),
    }


def _shown(client, **params) -> set[int]:
    resp = client.get(URL, params)
    assert resp.status_code == 200
    return {a.pk for a in resp.context["page"]}


def _form(person, **over) -> dict:
    data = {"person": person.pk, "first_day": "2026-11-02", "last_day": "2026-11-03", "kind": "annual",
            "half": "", "note": ""}  # fmt: skip
    data.update(over)
    return data


def test_a_manager_sees_the_centers_leave_and_not_another_centers(personas, login, leave):
    assert _shown(login(personas.manager)) == {leave["agent"].pk, leave["stranger"].pk}


def test_a_team_leader_sees_only_the_teams_leave(personas, login, leave):
    assert _shown(login(personas.leader)) == {leave["agent"].pk}


def test_an_agent_sees_only_their_own_leave_without_a_form(personas, login, leave):
    c = login(personas.agent)
    resp = c.get(URL)
    assert {a.pk for a in resp.context["page"]} == {leave["agent"].pk}
    assert resp.context["form"] is None and b"absence-add" not in resp.content


def test_a_qa_monitor_and_a_trainer_see_only_their_own(personas, login, leave):
    absence_add(person=personas.monitor, first_day=timezone.localdate())
    assert {a.person_id for a in login(personas.monitor).get(URL).context["page"]} == {personas.monitor.pk}
    assert _shown(login(personas.trainer)) == set()


def test_old_leave_is_hidden_unless_asked_for(personas, login):
    old = absence_add(person=personas.agent, first_day=D(2020, 1, 6))
    c = login(personas.planner)
    assert _shown(c) == set()
    assert _shown(c, since="2020-01-01") == {old.pk}


def test_a_planner_records_leave_for_someone_in_the_center(personas, login):
    resp = login(personas.planner).post(URL, _form(personas.stranger, kind="training", note="新业务培训"))
    assert resp.status_code == 302
    a = Absence.objects.get(person=personas.stranger)
    assert (a.first_day, a.last_day, a.kind, a.note) == (
        D(2026, 11, 2),
        D(2026, 11, 3),
        "training",
        "新业务培训",
    )


def test_an_overlapping_leave_is_refused_with_a_message(personas, login):
    absence_add(person=personas.agent, first_day=D(2026, 11, 3))
    resp = login(personas.leader).post(URL, _form(personas.agent))
    assert resp.status_code == 200 and "与已有缺勤重叠" in resp.content.decode()
    assert Absence.objects.count() == 1


def test_a_team_leader_may_not_record_leave_outside_the_team(personas, login):
    resp = login(personas.leader).post(URL, _form(personas.stranger))
    assert resp.status_code == 200 and resp.context["form"].errors["person"]
    assert not Absence.objects.exists()


@pytest.mark.parametrize("who", ["agent", "monitor", "trainer"])
def test_read_only_roles_may_not_record_leave(personas, login, who):
    person = getattr(personas, who)
    assert login(person).post(URL, _form(person)).status_code == 403
    assert not Absence.objects.exists()


def test_a_manager_deletes_leave_in_the_center_but_not_another_centers(personas, login, leave):
    c = login(personas.manager)
    assert c.post(reverse("org:absence_delete", args=[leave["stranger"].pk])).status_code == 302
    assert c.post(reverse("org:absence_delete", args=[leave["other"].pk])).status_code == 404
    assert set(Absence.objects.values_list("pk", flat=True)) == {leave["agent"].pk, leave["other"].pk}


def test_an_agent_may_not_delete_even_their_own_leave(personas, login, leave):
    assert (
        login(personas.agent).post(reverse("org:absence_delete", args=[leave["agent"].pk])).status_code == 403
    )
    assert Absence.objects.filter(pk=leave["agent"].pk).exists()


def test_a_team_leader_cannot_delete_another_teams_leave(personas, login, leave):
    assert (
        login(personas.leader).post(reverse("org:absence_delete", args=[leave["stranger"].pk])).status_code
        == 404
    )


def test_the_nav_links_the_page_by_role(personas, login):
    assert "缺勤登记" in login(personas.planner).get(reverse("home")).content.decode()
    assert "我的缺勤" in login(personas.agent).get(reverse("home")).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
