"""The Celery beat schedule names tasks that exist, and its jobs run (deploy/README.md, "The schedule")."""

from __future__ import annotations

import pytest
from django.conf import settings

from hotline.jobs.models import Job


def test_every_scheduled_task_is_a_registered_task():
    from hotline.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {"hotline.feedback.tasks.retry_due_webhooks", "hotline.jobs.resume_stale",
                     "hotline.inspection.tasks.inspect_yesterday", "hotline.workforce.tasks.intraday_refresh"}  # fmt: skip
    assert names <= set(app.tasks)


@pytest.mark.django_db
@pytest.mark.clock("2026-10-08T10:00")
def test_the_intraday_refresh_runs_one_job_per_center(personas):
    from hotline.workforce.tasks import intraday_refresh

    assert intraday_refresh() == 2
    jobs = Job.objects.filter(kind="workforce.intraday")
    assert sorted(j.scope for j in jobs) == sorted(
        [f"center={personas.center.pk}:2026-10-08", f"center={personas.other_center.pk}:2026-10-08"])  # fmt: skip
    assert all(j.status == "done" and "alerts" in j.result for j in jobs)


@pytest.mark.django_db
def test_resume_stale_leaves_healthy_jobs_alone(personas):
    from django.utils import timezone

    from hotline.jobs.tasks import resume_stale

    Job.objects.create(kind="inspection.run", scope="a", status="running", heartbeat_at=timezone.now())
    assert resume_stale() == 0
