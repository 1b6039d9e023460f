"""``/api/quality/adhoc-sessions``: five-methods sessions through the API, same rules as the node page."""

import datetime as dt

import pytest

from hotline.calls.models import Call
from hotline.calls.tests.helpers import SH, make_call
from hotline.calls.tests.test_api import bearer
from hotline.org.models import AuditEntry
from hotline.quality.models import Purpose, Session

URL = "/api/quality/adhoc-sessions"


@pytest.fixture
def calls(personas):
    out = [
        make_call(personas.agent, f"fm-{i}", start=dt.datetime(2026, 11, 3 + i, 10, 0, tzinfo=SH))
        for i in range(3)
    ]
    Call.objects.filter(pk__in=[c.pk for c in out[:2]]).update(reason="订货-修改订单")
    Call.objects.filter(pk=out[2].pk).update(reason="投诉-服务态度")
    return out


def _body(agent="8001", calls=("fm-0", "fm-1"), **extra):
    return {"agent": agent, "calls": list(calls), "reason": "改单难", "node_path": "订货-修改订单", **extra}


def _post(client, person, body):
    return client.post(URL, body, content_type="application/json", **bearer(person))


def test_a_qa_monitor_starts_a_five_methods_session_with_a_token(client, personas, calls):
    r = _post(client, personas.monitor, _body())
    assert r.status_code == 201, r.content
    got = r.json()
    s = Session.objects.get()
    assert got["id"] == s.pk and got["purpose"] == Purpose.FIVE_METHODS and got["monitor"] == "8200"
    assert got["node_path"] == "订货-修改订单" and got["reason"] == "改单难"
    assert [e["call_id"] for e in got["evaluations"]] == ["fm-0", "fm-1"]
    assert AuditEntry.objects.filter(action="quality.adhoc_session_start").exists()


def test_a_manager_and_an_admin_may_start_one_too(client, personas, calls):
    assert _post(client, personas.manager, _body(calls=["fm-0"])).status_code == 201
    assert _post(client, personas.admin, _body(calls=["fm-1"])).status_code == 201


@pytest.mark.parametrize("role", ["agent", "leader", "trainer", "planner"])
def test_other_roles_are_refused(client, personas, calls, role):
    r = _post(client, getattr(personas, role), _body(agent="8002" if role == "agent" else "8001"))
    assert r.status_code in (403, 404) and not Session.objects.exists()
    if role != "agent":
        assert r.status_code == 403


def test_another_centers_agent_is_404(client, personas, calls):
    make_call(personas.other_agent, "x-1")
    assert (
        _post(client, personas.monitor, _body(agent="9001", calls=["x-1"], node_path="")).status_code == 404
    )
    assert _post(client, personas.outsider, _body()).status_code == 404


def test_calls_off_the_node_or_of_someone_else_are_refused(client, personas, calls):
    assert _post(client, personas.monitor, _body(calls=["fm-0", "fm-2"])).status_code == 400
    make_call(personas.peer, "peer-1")
    assert _post(client, personas.monitor, _body(calls=["peer-1"], node_path="")).status_code == 404
    assert _post(client, personas.monitor, _body(calls=[])).status_code == 400
    assert not Session.objects.exists()


def test_listing_and_reading_follow_the_session_rules(client, personas, calls):
    sid = _post(client, personas.monitor, _body()).json()["id"]
    got = client.get(URL, **bearer(personas.manager)).json()
    assert got == []  # a draft is shown only to who scores it
    mine = client.get(f"{URL}?node=订货", **bearer(personas.monitor)).json()
    assert [s["id"] for s in mine] == [sid]
    assert client.get(f"{URL}?node=投诉", **bearer(personas.monitor)).json() == []
    assert client.get(f"{URL}/{sid}", **bearer(personas.monitor)).json()["agent"] == "8001"
    assert client.get(f"{URL}/{sid}", **bearer(personas.agent)).status_code == 404
    assert client.get(f"{URL}/{sid}", **bearer(personas.outsider)).status_code == 404
    Session.objects.filter(pk=sid).update(status=Session.Status.SUBMITTED)
    assert client.get(f"{URL}/{sid}", **bearer(personas.agent)).status_code == 200
    assert [s["id"] for s in client.get(URL, **bearer(personas.manager)).json()] == [sid]
    assert client.get(URL, **bearer(personas.peer)).json() == []


def test_without_a_token_the_api_refuses(client, personas):
    assert client.get(URL).status_code == 401


def test_the_openapi_schema_lists_the_adhoc_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {URL, URL + "/{session_id}"} <= set(paths) and "post" in paths[URL]
