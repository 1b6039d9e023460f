"""Issue 10 finding 5: a workforce planner reads no QA sessions (neither drafts nor submitted ones);
a QA monitor opens five-methods sessions only on the agents assigned to them (§1 roles, §3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.tests.helpers import SH, make_call
from hotline.org.models import ApiToken
from hotline.quality import access


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def test_a_planner_sees_no_qa_session(personas, rec_session):
    assert not access.visible_sessions(personas.planner.user).exists()
    assert access.visible_sessions(personas.manager.user).filter(pk=rec_session.pk).exists()


def test_a_planner_opens_no_session_page_nor_the_api(personas, rec_session, login):
    assert login(personas.planner).get(reverse("quality:session", args=[rec_session.pk])).status_code == 404
    r = login(personas.planner).get(f"/api/quality/sessions/{rec_session.pk}", **bearer(personas.planner))
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_a_qa_monitor_starts_adhoc_only_on_assigned_agents(personas):
    assert access.can_start_adhoc(personas.monitor.user, personas.agent)  # assigned
    assert not access.can_start_adhoc(personas.monitor.user, personas.stranger)  # same center, not assigned
    assert access.can_start_adhoc(personas.manager.user, personas.stranger)  # a manager: the whole center
    assert not access.can_start_adhoc(personas.outsider.user, personas.stranger)  # another center


@pytest.mark.parametrize("who,status", [("monitor", 404), ("outsider", 404)])  # people they may not see: 404
def test_the_adhoc_api_refuses_an_unassigned_agent(personas, client, who, status):
    make_call(personas.stranger, "fm-x", start=dt.datetime(2026, 11, 3, 10, tzinfo=SH))
    r = client.post(
        "/api/quality/adhoc-sessions", {"agent": personas.stranger.work_number, "calls": ["fm-x"]},
        content_type="application/json", **bearer(getattr(personas, who)),
    )  # fmt: skip
    assert r.status_code == status and r.headers["Content-Type"].startswith("application/json")
