"""The REST API applies the same access rules; token and session auth; OpenAPI schema."""

from hotline.org.models import ApiToken

from .helpers import make_call


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def test_the_openapi_schema_lists_people_and_calls(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/people" in paths and "/api/calls" in paths and "/api/calls/{call_pk}/recording" in paths


def test_without_credentials_the_api_refuses(client, personas):
    assert client.get("/api/calls").status_code == 401


def test_an_agent_with_a_token_lists_only_their_calls(client, personas):
    make_call(personas.agent, "mine")
    make_call(personas.peer, "theirs")
    items = client.get("/api/calls", **bearer(personas.agent)).json()["items"]
    assert [c["call_id"] for c in items] == ["mine"] and items[0]["customer"] == "138****5678"


def test_an_agent_cannot_fetch_another_agents_call_or_recording(client, personas):
    other = make_call(personas.peer, "theirs")
    h = bearer(personas.agent)
    assert client.get(f"/api/calls/{other.pk}", **h).status_code == 404
    assert client.get(f"/api/calls/{other.pk}/recording", **h).status_code == 404
    assert client.get(f"/api/calls/{other.pk}/recording/audio", **h).status_code == 404
    assert client.get(f"/api/people/{personas.peer.pk}", **h).status_code == 404


def test_a_monitor_fetches_an_assigned_agents_recording(client, personas):
    call = make_call(personas.agent, "a")
    h = bearer(personas.monitor)
    assert client.get(f"/api/calls/{call.pk}/recording", **h).json()["channels"] == 2
    assert client.get(f"/api/calls/{call.pk}/recording/audio", **h).status_code == 200


def test_session_auth_works_for_the_browser(client, personas):
    client.force_login(personas.manager.user)
    people = client.get("/api/people?limit=100").json()["items"]
    assert personas.outsider.work_number not in {p["work_number"] for p in people}
    assert personas.agent.work_number in {p["work_number"] for p in people}


def test_only_managers_and_planners_import_through_the_api(client, personas, tmp_path):
    body = b"call_id,agent,answered_at,ended_at,center\nz1,8001,2026-10-08 09:00:00,2026-10-08 09:01:00,\xe5\xbb\x8a\xe5\x9d\x8a\xe4\xb8\xad\xe5\xbf\x83\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/api/calls/import", {"file": SimpleUploadedFile("c.csv", body)}, **bearer(personas.agent)
    )
    assert r.status_code == 403
    r = client.post(
        "/api/calls/import", {"file": SimpleUploadedFile("c.csv", body)}, **bearer(personas.planner)
    )
    assert r.status_code == 200 and r.json()["created"] == 1
    bad = body.replace(b"2026-10-08 09:00:00", b"soon")
    r = client.post(
        "/api/calls/import", {"file": SimpleUploadedFile("c.csv", bad)}, **bearer(personas.planner)
    )
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "answered_at"
