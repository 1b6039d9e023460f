"""The run list page: progress shown, managers start runs and import transcripts, wrong roles refused."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from hotline.inspection.models import InspectionRun, Transcript

from .helpers import GOOD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db
URL = reverse("inspection:runs")


def test_a_manager_starts_a_run_and_lands_on_its_finished_progress(
    personas, login, django_capture_on_commit_callbacks
):
    inspected_call(personas.agent, "HDP1")
    c = login(personas.manager)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(URL, {"center": personas.center.pk, "date_from": "2026-10-08", "date_to": "2026-10-08"})
    run = InspectionRun.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("inspection:run", args=[run.pk])
    page = c.get(URL).content.decode()
    assert "廊坊中心" in page and "1/1" in page


def test_a_manager_imports_a_transcript_file_and_sees_the_counts(personas, login):
    inspected_call(personas.agent, "HDP2")
    f = io.BytesIO(json.dumps(GOOD_TRANSCRIPT).encode())
    f.name = "HDP2.json"
    r = login(personas.manager).post(URL, {"file": f}, follow=True)
    assert Transcript.objects.filter(call__call_id="HDP2").exists()
    assert "新增 1" in r.content.decode()


def test_a_qa_monitor_sees_runs_but_may_not_start_one(personas, login):
    c = login(personas.monitor)
    assert c.get(URL).status_code == 200
    r = c.post(URL, {"center": personas.center.pk, "date_from": "2026-10-08", "date_to": "2026-10-08"})
    assert r.status_code == 403 and not InspectionRun.objects.exists()


def test_a_manager_cannot_start_a_run_in_another_center(personas, login):
    r = login(personas.outsider).post(URL, {"center": personas.center.pk, "date_from": "2026-10-08",
                                            "date_to": "2026-10-08"})  # fmt: skip
    assert r.status_code == 200 and not InspectionRun.objects.exists()


@pytest.mark.parametrize("who", ["agent", "leader", "planner", "trainer"])
def test_other_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get(URL).status_code == 403


def test_the_nav_link_shows_for_qa_monitors_and_not_for_agents(personas, login):
    link = reverse("inspection:risk")
    assert link in login(personas.monitor).get(reverse("home")).content.decode()
    assert link not in login(personas.agent).get(reverse("home")).content.decode()
