"""REST API of automatic inspection (§8): bearer tokens, the page's access rules, OpenAPI paths."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.inspection.models import InspectionRun, Transcript
from hotline.inspection.services import inspection_run_create, inspection_run_execute
from hotline.org.models import ApiToken

from .helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 10, 8)


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


@pytest.fixture
def run(personas):
    inspected_call(personas.agent, "HDQ1", transcript=BAD_TRANSCRIPT)
    inspected_call(personas.stranger, "HDQ2", transcript=GOOD_TRANSCRIPT)
    r = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, start=False)
    return inspection_run_execute(run=r)


def test_the_openapi_schema_lists_the_inspection_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/inspection/runs", "/api/inspection/runs/{run_pk}", "/api/inspection/results",
              "/api/inspection/results/{call_pk}", "/api/inspection/transcripts",
              "/api/inspection/calls/{call_pk}/suggestions"):  # fmt: skip
        assert p in paths, p


def test_without_a_token_the_api_refuses(client, run):
    assert client.get("/api/inspection/results").status_code == 401


def test_the_manager_lists_results_riskiest_first_and_gets_a_runs_progress(client, personas, run):
    h = bearer(personas.manager)
    items = client.get("/api/inspection/results", **h).json()["items"]
    assert [i["call_id"] for i in items] == ["HDQ1", "HDQ2"] and items[0]["risk"] > items[1]["risk"]
    got = client.get(f"/api/inspection/runs/{run.pk}", **h).json()
    assert got["status"] == "done" and got["percent"] == 100 and got["total"] == got["done"] == 2
    assert [r["id"] for r in client.get("/api/inspection/runs", **h).json()["items"]] == [run.pk]


def test_results_filter_by_agent_and_minimum_risk(client, personas, run):
    h = bearer(personas.manager)
    top = client.get("/api/inspection/results?min_risk=1", **h).json()["items"]
    assert "HDQ1" in [i["call_id"] for i in top] and all(i["risk"] >= 1 for i in top)
    mine = client.get(f"/api/inspection/results?agent={personas.agent.work_number}", **h).json()["items"]
    assert [i["call_id"] for i in mine] == ["HDQ1"]


def test_one_result_carries_metrics_rule_results_and_evidence(client, personas, run):
    call = Transcript.objects.get(call__call_id="HDQ1").call
    got = client.get(f"/api/inspection/results/{call.pk}", **bearer(personas.monitor)).json()
    forbidden = next(r for r in got["rules"] if r["key"] == "forbidden")
    assert forbidden["status"] == "fail" and forbidden["evidence"][0]["text"] == "不知道，你听不懂吗"
    assert got["audio"]["duration"] > 0 and got["run"] == run.pk and got["risk_points"]


def test_a_monitor_never_gets_another_teams_call(client, personas, run):
    other = Transcript.objects.get(call__call_id="HDQ2").call
    h = bearer(personas.monitor)
    assert [i["call_id"] for i in client.get("/api/inspection/results", **h).json()["items"]] == ["HDQ1"]
    assert client.get(f"/api/inspection/results/{other.pk}", **h).status_code == 404
    assert client.get(f"/api/inspection/calls/{other.pk}/suggestions", **h).status_code == 404


def test_agents_never_see_results_runs_or_suggestions(client, personas, run):
    own = Transcript.objects.get(call__call_id="HDQ1").call
    h = bearer(personas.agent)
    assert client.get("/api/inspection/results", **h).status_code == 403
    assert client.get("/api/inspection/runs", **h).status_code == 403
    assert client.get(f"/api/inspection/results/{own.pk}", **h).status_code == 403
    assert client.get(f"/api/inspection/calls/{own.pk}/suggestions", **h).status_code == 403


def test_suggestions_for_a_call_name_the_item_the_answer_and_the_evidence(client, personas, run):
    call = Transcript.objects.get(call__call_id="HDQ1").call
    got = client.get(f"/api/inspection/calls/{call.pk}/suggestions", **bearer(personas.monitor)).json()
    hint = next(s for s in got if s["item"] == "attitude.02")
    assert hint["answer"] == "no" and "不知道" in hint["evidence"]


def test_a_manager_starts_a_run_of_their_center_and_a_monitor_may_not(client, personas, run):
    body = {"center": personas.center.code, "date_from": "2026-10-08", "date_to": "2026-10-08"}
    r = client.post("/api/inspection/runs", json.dumps(body), content_type="application/json",
                    **bearer(personas.manager))  # fmt: skip
    assert r.status_code == 201 and InspectionRun.objects.filter(pk=r.json()["id"]).exists()
    r = client.post("/api/inspection/runs", json.dumps(body), content_type="application/json",
                    **bearer(personas.monitor))  # fmt: skip
    assert r.status_code == 403


def test_a_manager_cannot_start_a_run_for_another_center_nor_a_backwards_range(client, personas):
    h = bearer(personas.outsider)
    body = {"center": personas.center.code, "date_from": "2026-10-08", "date_to": "2026-10-08"}
    assert (
        client.post(
            "/api/inspection/runs", json.dumps(body), content_type="application/json", **h
        ).status_code
        == 404
    )
    body = {"center": personas.center.code, "date_from": "2026-10-09", "date_to": "2026-10-08"}
    r = client.post(
        "/api/inspection/runs", json.dumps(body), content_type="application/json", **bearer(personas.manager)
    )
    assert r.status_code == 400 and "结束日期" in r.json()["detail"]


def test_a_manager_uploads_a_transcript_and_unknown_calls_are_reported(client, personas, run):
    payload = json.dumps([{"call_id": "HDQ1", "segments": GOOD_TRANSCRIPT},
                          {"call_id": "NOPE", "segments": GOOD_TRANSCRIPT}], ensure_ascii=False)  # fmt: skip
    f = SimpleUploadedFile("batch.json", payload.encode(), content_type="application/json")
    r = client.post("/api/inspection/transcripts", {"file": f}, **bearer(personas.manager))
    got = r.json()
    assert r.status_code == 200 and got["updated"] == 1 and got["created"] == 0
    assert got["errors"][0]["column"] == "call_id"
    assert Transcript.objects.get(call__call_id="HDQ1").segments[0]["text"].startswith("您好")


def test_a_monitor_cannot_upload_transcripts(client, personas, run):
    f = SimpleUploadedFile("x.json", b"[]", content_type="application/json")
    assert (
        client.post("/api/inspection/transcripts", {"file": f}, **bearer(personas.monitor)).status_code == 403
    )
