"""/api/absences (§3.4): the same rules as the leave page."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.org.models import Absence
from hotline.org.services import absence_add

API = "/api/absences"


@pytest.fixture
def leave(personas):
    day = dt.date(2026, 11, 2)
    return {
        "agent": absence_add(person=personas.agent, first_day=day, last_day=day + dt.timedelta(days=2)),
        "stranger": absence_add(person=personas.stranger, first_day=day, kind="sick"),
        "other": absence_add(person=personas.other_agent, first_day=day),
    }


def _ids(resp) -> set[int]:
    assert resp.status_code == 200
    return {row["id"] for row in resp.json()["items"]}


def test_lists_follow_the_role(personas, login, leave):
    assert _ids(login(personas.manager).get(API)) == {leave["agent"].pk, leave["stranger"].pk}
    assert _ids(login(personas.leader).get(API)) == {leave["agent"].pk}
    assert _ids(login(personas.agent).get(API)) == {leave["agent"].pk}
    assert _ids(login(personas.trainer).get(API)) == set()


def test_a_list_filters_by_person_and_end_date(personas, login, leave):
    c = login(personas.manager)
    rows = c.get(API, {"person": "8001"}).json()["items"]
    assert [(r["person"], r["first_day"], r["last_day"]) for r in rows] == [
        ("8001", "2026-11-02", "2026-11-04")
    ]
    assert _ids(c.get(API, {"since": "2026-11-03"})) == {leave["agent"].pk}


def test_a_planner_creates_leave_and_an_overlap_is_a_400(personas, login):
    c = login(personas.planner)
    body = {"person": "8003", "first_day": "2026-11-05", "last_day": "2026-11-06", "kind": "annual"}
    resp = c.post(API, body, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["name"] == "王五"
    again = c.post(API, dict(body, first_day="2026-11-06"), content_type="application/json")
    assert again.status_code == 400
    assert Absence.objects.count() == 1


def test_a_person_outside_ones_scope_is_not_found(personas, login):
    body = {"person": "8003", "first_day": "2026-11-05"}
    assert login(personas.leader).post(API, body, content_type="application/json").status_code == 404
    assert (
        login(personas.manager)
        .post(API, dict(body, person="9001"), content_type="application/json")
        .status_code
        == 404
    )
    assert not Absence.objects.exists()


def test_an_agent_may_neither_create_nor_delete(personas, login, leave):
    c = login(personas.agent)
    body = {"person": "8001", "first_day": "2026-11-09"}
    assert c.post(API, body, content_type="application/json").status_code == 403
    assert c.delete(f"{API}/{leave['agent'].pk}").status_code == 403
    assert Absence.objects.count() == 3


def test_a_manager_deletes_in_the_center_only(personas, login, leave):
    c = login(personas.manager)
    assert c.delete(f"{API}/{leave['other'].pk}").status_code == 404
    assert c.delete(f"{API}/{leave['stranger'].pk}").status_code == 204
    assert not Absence.objects.filter(pk=leave["stranger"].pk).exists()


def test_an_anonymous_caller_is_refused(client, leave):
    assert client.get(API).status_code == 401
