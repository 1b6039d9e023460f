"""End to end on the production path (§10): PostgreSQL, Redis and real Celery worker processes started
by the test. A call file is imported, the month's monitoring plan generated and the day's calls
inspected, each as a background job; the results are in the database and every job reached done."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection
from django.utils import timezone

from hotline.jobs.models import Job
from hotline.jobs.services import job_start

from .worker import database_url, purge, redis_up, start_workers, stop_workers

BROKER = os.environ.get("HOTLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")

# Slow (worker start-up): `make test-pg` runs it in its own line (-m worker) after the PostgreSQL pass.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
    ),
]


def _wait(job_id: int, timeout: float = 90) -> Job:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = Job.objects.get(pk=job_id)
        if job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s: {Job.objects.get(pk=job_id).status}")


@pytest.fixture
def celery_production(settings):
    """This process sends jobs to Redis, as the web server does in production."""
    from hotline.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    settings.JOBS_RUNNER = "celery"
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    purge(BROKER)
    try:
        yield app
    finally:
        app.conf.update(**saved)
        app.pool.force_close_all()


@pytest.mark.django_db(transaction=True)
def test_import_plan_and_inspection_run_on_real_workers(personas, tmp_path, celery_production):
    from hotline.calls.models import Call, ImportBatch
    from hotline.calls.services_uploads import import_queue
    from hotline.core.periods import Period
    from hotline.inspection.models import CallInspection, InspectionRun
    from hotline.inspection.services import inspection_run_create, transcript_save
    from hotline.inspection.tests.helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT
    from hotline.quality.models import MonitoringPlan

    day = timezone.localdate()
    rows = [f"e2e-{i},{8001 + i % 2},{day} 09:{i:02d}:00,{day} 09:{i:02d}:50,廊坊中心" for i in range(12)]
    path = tmp_path / "calls.csv"
    path.write_text("call_id,agent,answered_at,ended_at,center\n" + "\n".join(rows) + "\n", encoding="utf-8")

    workers = start_workers(1, database=database_url(connection.settings_dict), broker=BROKER,
                            data_dir=str(tmp_path / "data"), concurrency=2)  # fmt: skip
    try:
        batch = import_queue(kind="calls", source="calls.csv", actor=personas.manager.user)
        imported, _ = job_start(kind="calls.import", scope=f"batch={batch.pk}", actor=personas.manager.user,
                                params={"batch": batch.pk, "path": str(path), "options": {}})  # fmt: skip
        imported = _wait(imported.pk)
        assert imported.status == "done", imported.error
        assert ImportBatch.objects.get(pk=batch.pk).status == "done"
        assert Call.objects.filter(call_id__startswith="e2e-").count() == 12

        period = Period.of(day)
        plan_job, _ = job_start(kind="quality.plan", scope=f"center={personas.center.pk}:{period}",
                                params={"center": personas.center.pk, "period": str(period)},
                                center=personas.center, actor=personas.manager.user)  # fmt: skip
        plan_job = _wait(plan_job.pk)
        assert plan_job.status == "done", plan_job.error
        plan = MonitoringPlan.objects.get(center=personas.center, period=str(period))
        assert plan_job.result["plan"] == plan.pk

        for i, call in enumerate(Call.objects.filter(call_id__startswith="e2e-").order_by("call_id")):
            transcript_save(
                call=call, segments=BAD_TRANSCRIPT if i % 3 == 0 else GOOD_TRANSCRIPT, source="e2e"
            )
        run = inspection_run_create(center=personas.center, date_from=day, date_to=day, by=personas.manager)
        job = _wait(run.job_id)
        run.refresh_from_db()
        assert (job.status, job.done, job.total) == ("done", 12, 12), job.error
        assert (run.status, run.total, run.done, run.unchanged) == ("done", 12, 12, 0)
        results = CallInspection.objects.filter(call__call_id__startswith="e2e-")
        assert results.count() == 12 and all(r.fingerprint for r in results)
        assert (
            results.filter(call__call_id="e2e-0").get().risk
            > results.filter(call__call_id="e2e-1").get().risk
        )

        again = inspection_run_create(center=personas.center, date_from=day, date_to=day, by=personas.manager)
        assert again.pk != run.pk
        job = _wait(again.job_id)
        again.refresh_from_db()
        assert (job.status, again.unchanged, again.total) == ("done", 12, 12)  # incremental: nothing redone
        assert InspectionRun.objects.filter(status="running").count() == 0
    finally:
        stop_workers(workers)
