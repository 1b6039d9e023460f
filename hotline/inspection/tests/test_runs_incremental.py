"""Inspection runs as jobs (§8, issue 14 item 6): fanned out in chunks, incremental (only new or changed
calls), one run per center and dates at a time, resumable; the nightly run of yesterday."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hotline.calls.tests.helpers import make_call
from hotline.inspection.models import CallInspection, InspectionRun
from hotline.inspection.services import inspection_run_create, transcript_save
from hotline.inspection.tests.helpers import BAD_TRANSCRIPT, GOOD_TRANSCRIPT
from hotline.jobs.models import Job, JobChunk

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 10, 8)


@pytest.fixture
def calls(personas, settings):
    settings.JOBS_CHUNK_CALLS = 2
    out = []
    for i in range(5):
        call = make_call(personas.agent, f"INC{i}", with_audio=False,
                         start=dt.datetime(2026, 10, 8, 9, i, tzinfo=dt.timezone(dt.timedelta(hours=8))))  # fmt: skip
        transcript_save(call=call, segments=GOOD_TRANSCRIPT, source="t")
        out.append(call)
    return out


def test_a_run_fans_out_in_chunks_and_inspects_every_call_once(personas, calls):
    run = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    run.refresh_from_db()
    job = Job.objects.get(pk=run.job_id)
    assert (run.status, run.total, run.done, run.unchanged) == ("done", 5, 5, 0)
    assert (job.status, job.done, job.total) == ("done", 5, 5)
    assert list(JobChunk.objects.filter(job=job).values_list("size", "status")) == [
        (2, "done"), (2, "done"), (1, "done")]  # fmt: skip
    assert CallInspection.objects.filter(run=run).exclude(fingerprint="").count() == 5


def test_a_second_run_inspects_only_the_new_or_changed_calls(personas, calls):
    first = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    before = {ci.call_id: ci.risk for ci in CallInspection.objects.all()}
    transcript_save(call=calls[1], segments=BAD_TRANSCRIPT, source="corrected")
    new = make_call(personas.peer, "INC9", with_audio=False)
    transcript_save(call=new, segments=GOOD_TRANSCRIPT, source="t")
    second = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    second.refresh_from_db()
    assert (second.total, second.unchanged, second.done, second.status) == (6, 4, 6, "done")
    redone = set(CallInspection.objects.filter(run=second).values_list("call__call_id", flat=True))
    assert redone == {"INC1", "INC9"}
    assert CallInspection.objects.get(call=calls[1]).risk > before[calls[1].pk]
    assert CallInspection.objects.filter(run=first).count() == 4  # unchanged results keep their run


def test_while_a_run_of_the_same_center_and_dates_is_active_starting_again_returns_it(
    personas, calls, settings
):
    settings.JOBS_RUNNER = "celery"  # queued (the broker is reached only after commit, never in this test)
    first = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    again = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    assert again.pk == first.pk and InspectionRun.objects.count() == 1
    other = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY + dt.timedelta(days=1))
    assert other.pk != first.pk


def test_a_run_whose_worker_died_mid_chunk_is_finished_by_the_next_start(personas, calls, settings):
    settings.JOBS_RUNNER = "celery"
    run = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    from hotline.jobs.services import job_execute

    outcome = job_execute(run.job_id)  # planned and fanned out by a worker …
    assert len(outcome.chunks) == 3
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    Job.objects.filter(pk=run.job_id).update(heartbeat_at=long_ago)  # … which then died
    JobChunk.objects.filter(pk=outcome.chunks[0]).update(status="running", started_at=long_ago)
    settings.JOBS_RUNNER = "inline"
    again = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    again.refresh_from_db()
    assert again.pk == run.pk
    assert (again.status, again.done, again.total) == ("done", 5, 5)
    assert CallInspection.objects.count() == 5


def test_running_a_chunk_twice_writes_nothing_new(personas, calls):
    from hotline.inspection.services_runs import run_chunk

    run = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    stamps = dict(CallInspection.objects.values_list("call_id", "inspected_at"))
    assert run_chunk(run=run, call_ids=[c.pk for c in calls]) == 0
    assert dict(CallInspection.objects.values_list("call_id", "inspected_at")) == stamps


@pytest.mark.clock("2026-10-09T03:00")
def test_the_nightly_task_inspects_yesterday_in_every_center(personas, calls):
    from hotline.inspection.tasks import inspect_yesterday

    runs = InspectionRun.objects.filter(pk__in=inspect_yesterday())
    assert {(r.center_id, r.date_from, r.date_to) for r in runs} == {
        (personas.center.pk, DAY, DAY), (personas.other_center.pk, DAY, DAY)}  # fmt: skip
    assert runs.get(center=personas.center).status == "done"
    assert CallInspection.objects.count() == 5


def test_the_run_page_follows_an_active_run_s_job(personas, calls, settings, client, login):
    settings.JOBS_RUNNER = "celery"
    run = inspection_run_create(center=personas.center, date_from=DAY, date_to=DAY, by=personas.manager)
    login(personas.manager)
    page = client.get(f"/inspection/runs/{run.pk}/").content.decode()
    assert 'class="job-progress"' in page and f"/jobs/{run.job_id}/progress" in page
    assert client.get(f"/jobs/{run.job_id}/progress").json()["status"] == "queued"
    login(personas.outsider)
    assert client.get(f"/jobs/{run.job_id}/progress").status_code == 404
