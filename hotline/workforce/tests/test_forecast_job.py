"""The forecast as a job (issue 16 item 4): on the production path the page starts it and follows its
progress, then shows the run; without a broker it runs in the request as before."""

import datetime as dt

from django.urls import reverse

from hotline.jobs.models import Job
from hotline.workforce.models import ForecastRun

from .helpers import make_calls, make_skill

FIRST = dt.date(2026, 9, 7)
DATA = {"first_day": "2026-10-05", "horizon": 7, "method": "auto"}


def test_on_the_production_path_the_forecast_is_a_job_then_the_run_shows(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"  # runner inline in tests: the job runs at once
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=28)
    c = login(personas.planner)
    r = c.post(reverse("workforce:forecast"), {"skill": skill.pk, **DATA})
    job = Job.objects.get(kind="workforce.forecast")
    run = ForecastRun.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("jobs:follow", args=[job.pk])
    assert (
        job.status == Job.Status.DONE
        and job.result["run"] == run.pk
        and run.created_by == personas.planner.user
    )
    follow = c.get(r["Location"])
    assert follow.status_code == 302 and follow["Location"].endswith(f"?run={run.pk}")
    assert "Plotly.newPlot" in c.get(follow["Location"]).content.decode()
    assert login(personas.manager).get(r["Location"]).status_code == 302  # the center's manager follows it
    for who in (personas.agent, personas.outsider):
        assert login(who).get(r["Location"]).status_code == 404


def test_a_queued_forecast_shows_progress_and_is_not_started_twice(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    settings.JOBS_RUNNER = "celery"  # the worker is elsewhere
    skill = make_skill(personas.center)
    c = login(personas.planner)
    a = c.post(reverse("workforce:forecast"), {"skill": skill.pk, **DATA})
    b = c.post(reverse("workforce:forecast"), {"skill": skill.pk, **DATA})
    assert a["Location"] == b["Location"] and Job.objects.count() == 1 and not ForecastRun.objects.exists()
    html = c.get(a["Location"]).content.decode()
    assert 'class="job-progress"' in html and "需求预测" in html


def test_without_a_broker_the_forecast_runs_in_the_request(personas, login, settings):
    settings.JOBS_RUNNER = "thread"
    settings.HOTLINE_REQUEST_JOBS = "auto"
    skill = make_skill(personas.center)
    make_calls(personas.center, personas.agent, first=FIRST, days=28)
    r = login(personas.planner).post(reverse("workforce:forecast"), {"skill": skill.pk, **DATA})
    assert r["Location"].endswith(f"?run={ForecastRun.objects.get().pk}") and not Job.objects.exists()
