"""A run's page: progress and its results, limited to what the viewer may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hotline.inspection.services import inspection_run_create, inspection_run_execute

from .helpers import BAD_TRANSCRIPT, inspected_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(personas):
    inspected_call(personas.agent, "HDQ1", transcript=BAD_TRANSCRIPT)
    inspected_call(personas.stranger, "HDQ2")
    r = inspection_run_create(center=personas.center, date_from=dt.date(2026, 10, 8), date_to=dt.date(2026, 10, 8),
                              start=False)  # fmt: skip
    return inspection_run_execute(run=r)


def test_the_manager_sees_progress_and_every_result(personas, login, run):
    page = login(personas.manager).get(reverse("inspection:run", args=[run.pk])).content.decode()
    assert "100%" in page and "HDQ1" in page and "HDQ2" in page


def test_a_qa_monitor_sees_only_their_agents_results(personas, login, run):
    page = login(personas.monitor).get(reverse("inspection:run", args=[run.pk])).content.decode()
    assert "HDQ1" in page and "HDQ2" not in page


def test_a_running_run_refreshes_itself(personas, login, run):
    run.status = "running"
    run.save()
    assert (
        'http-equiv="refresh"'
        in login(personas.manager).get(reverse("inspection:run", args=[run.pk])).content.decode()
    )


def test_another_centers_manager_gets_404_and_an_agent_403(personas, login, run):
    assert login(personas.outsider).get(reverse("inspection:run", args=[run.pk])).status_code == 404
    assert login(personas.agent).get(reverse("inspection:run", args=[run.pk])).status_code == 403
