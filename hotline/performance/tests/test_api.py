"""The appraisal and import API (§6): same rules as the pages."""

from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.calls.tests.test_api import bearer
from hotline.performance.models import Attendance


def test_an_agent_reads_their_own_appraisal_but_not_a_colleagues(client, personas):
    h = bearer(personas.agent)
    assert client.get(f"/api/performance/appraisals/{personas.agent.pk}/2026-10", **h).status_code == 200
    assert client.get(f"/api/performance/appraisals/{personas.peer.pk}/2026-10", **h).status_code == 404


def test_a_month_that_is_not_yyyy_mm_is_a_400_not_a_crash(client, personas):
    h = bearer(personas.agent)
    assert client.get(f"/api/performance/appraisals/{personas.agent.pk}/2026-13", **h).status_code == 400
    assert client.get(f"/api/performance/appraisals/{personas.agent.pk}/soon", **h).status_code == 400


def test_a_manager_reads_the_center_not_another_center(client, personas):
    h = bearer(personas.outsider)
    assert client.get(f"/api/performance/appraisals/{personas.agent.pk}/2026-10", **h).status_code == 404


def test_only_importers_upload_and_a_bad_row_imports_nothing(client, personas):
    good = b"agent,date,kind,days\n8001,2026-10-08,late,\n"
    bad = b"agent,date,kind,days\n8001,2026-10-08,late,\n8001,not-a-date,sick,1\n"
    upload = lambda body: {"file": SimpleUploadedFile("attendance.csv", body)}  # noqa: E731
    url = "/api/performance/imports/attendance"
    assert client.post(url, upload(good), **bearer(personas.agent)).status_code == 403
    r = client.post(url, upload(bad), **bearer(personas.manager))
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 3
    assert not Attendance.objects.exists()
    assert client.post(url, upload(good), **bearer(personas.manager)).status_code == 200
    assert Attendance.objects.count() == 1
