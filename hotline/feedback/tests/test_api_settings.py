"""``GET/POST /api/feedback/settings``: the versioned feedback settings through the API, the page's rules;
the webhook secret never leaves the server."""

import datetime as dt

from django.utils import timezone

from hotline.calls.tests.test_api import bearer
from hotline.feedback.models import FeedbackSettings
from hotline.feedback.services.policies import feedback_settings_create
from hotline.org.models import AuditEntry

URL = "/api/feedback/settings"


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def _post(client, person, body, center=None):
    url = URL if center is None else f"{URL}?center={center}"
    return client.post(url, body, content_type="application/json", **bearer(person))


def test_a_manager_adds_a_version_for_their_center_keeping_the_rest(client, personas):
    r = _post(client, personas.manager, {"effective_from": _tomorrow(), "approval_days": 4}, "langfang")
    assert r.status_code == 201, r.content
    got = r.json()
    assert got["center"] == "langfang" and got["can_edit"] and not got["inherits"]
    [v] = got["history"]
    assert v["approval_days"] == 4 and v["dispute_working_days"] == 5 and v["effective_from"] == _tomorrow()
    row = FeedbackSettings.objects.get(center=personas.center)
    assert AuditEntry.objects.filter(action="feedback.settings.create", object_id=str(row.pk)).exists()


def test_the_manager_reads_their_own_scope_by_default_and_the_global_one_read_only(client, personas):
    got = client.get(URL, **bearer(personas.manager)).json()
    assert got["center"] == "langfang" and got["inherits"] and got["history"] == []
    assert got["in_force"]["approval_days"] == 3
    assert client.get(f"{URL}?center=*", **bearer(personas.manager)).json()["can_edit"] is False
    assert _post(client, personas.manager, {"effective_from": _tomorrow()}, "*").status_code == 403
    assert not FeedbackSettings.objects.exists()


def test_the_webhook_secret_is_never_returned_only_whether_it_is_set(client, personas):
    r = _post(
        client, personas.admin,
        {"effective_from": _tomorrow(), "webhook_url": "https://x.example/h", "webhook_secret": "s3cret-value"}, "*",
    )  # fmt: skip
    assert r.status_code == 201 and "s3cret-value" not in r.content.decode()
    assert (
        r.json()["history"][0]["webhook_secret_set"] is True
        and "webhook_secret" not in r.json()["history"][0]
    )
    assert FeedbackSettings.objects.get().webhook_secret == "s3cret-value"


def test_refused_values_answer_400_with_the_reason(client, personas):
    r = _post(
        client, personas.manager, {"effective_from": _tomorrow(), "training_threshold": 1.5}, "langfang"
    )
    assert r.status_code == 400 and "training_threshold" in r.json()["detail"]
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert _post(client, personas.manager, {"effective_from": yesterday}, "langfang").status_code == 400
    assert not FeedbackSettings.objects.exists()


def test_wrong_roles_and_other_centers_are_refused(client, personas):
    feedback_settings_create(center=personas.center, effective_from=timezone.localdate(), approval_days=9)
    for p in (personas.agent, personas.monitor, personas.trainer, personas.planner, personas.leader):
        assert client.get(URL, **bearer(p)).status_code == 403
        assert _post(client, p, {"effective_from": _tomorrow()}, "langfang").status_code == 403
    assert client.get(f"{URL}?center=langfang", **bearer(personas.outsider)).status_code == 403
    assert _post(client, personas.outsider, {"effective_from": _tomorrow()}, "langfang").status_code == 403
    assert (
        client.get(f"{URL}?center=langfang", **bearer(personas.admin)).json()["in_force"]["approval_days"]
        == 9
    )
    assert FeedbackSettings.objects.count() == 1


def test_without_a_token_the_settings_api_refuses(client):
    assert client.get(URL).status_code == 401


def test_the_openapi_schema_lists_the_settings_path(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths[URL])
