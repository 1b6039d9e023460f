"""The job mechanism: one active job per scope (the database's lock), retries with back-off,
idempotency, chunks, resuming a job whose worker died, and the thread runner without a broker."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hotline.jobs import registry
from hotline.jobs.models import Job, JobChunk
from hotline.jobs.services import Transient, backoff, job_execute, job_start, join_thread
from hotline.org.models import Role

pytestmark = pytest.mark.django_db

CALLS: list = []
GATE = threading.Event()


def _echo(job, ctx):
    CALLS.append(("echo", job.params.get("n")))
    ctx.progress(1, 1, "rows", every=0, params={"done": 1, "total": 1})
    return {"n": job.params.get("n")}


def _flaky(job, ctx):
    CALLS.append(("flaky", job.attempts))
    if job.attempts < job.params["fail_times"] + 1:
        raise Transient("the database went away")
    return {"ok": True}


def _broken(job, ctx):
    CALLS.append(("broken", job.attempts))
    raise ValueError("a bug, not worth retrying")


def _split(job, ctx):
    ctx.progress(0, sum(job.params["sizes"]), every=0)
    ctx.fan_out([({"i": i}, n) for i, n in enumerate(job.params["sizes"])])


def _piece(job, payload, ctx):
    CALLS.append(("piece", payload["i"]))
    return 1


def _joined(job):
    CALLS.append(("finish", job.pk))
    return {"pieces": job.chunks.count()}


def _gated(job, ctx):
    assert GATE.wait(10)
    CALLS.append(("gated", job.pk))
    return {}


registry.register("test.echo", run=_echo, label="echo", roles=(Role.MANAGER,))
registry.register("test.flaky", run=_flaky, label="flaky", roles=(Role.MANAGER,), max_attempts=3)
registry.register("test.broken", run=_broken, label="broken", roles=(Role.MANAGER,))
registry.register(
    "test.split", run=_split, chunk=_piece, finish=_joined, label="split", roles=(Role.MANAGER,)
)
registry.register("test.gated", run=_gated, label="gated", roles=(Role.MANAGER,))


@pytest.fixture(autouse=True)
def _fresh(settings):
    CALLS.clear()
    GATE.clear()
    settings.JOBS_RETRY_BASE_SECONDS = 0


def test_a_second_start_of_an_active_scope_returns_the_running_job_and_starts_nothing(personas, settings):
    settings.JOBS_RUNNER = (
        "celery"  # queued, not run: the broker is never reached inside the test's transaction
    )
    first, started = job_start(kind="test.echo", scope="center=1:2026-10-08", center=personas.center)
    again, started_again = job_start(kind="test.echo", scope="center=1:2026-10-08", center=personas.center)
    assert (started, started_again, again.pk) == (True, False, first.pk)
    assert Job.objects.count() == 1
    other, started_other = job_start(kind="test.echo", scope="center=1:2026-10-09")
    assert started_other and other.pk != first.pk


def test_the_lock_is_the_database_s_a_second_active_row_of_a_scope_cannot_be_inserted():
    Job.objects.create(kind="test.echo", scope="s", status=Job.Status.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="test.echo", scope="s", status=Job.Status.QUEUED)
    Job.objects.create(kind="test.echo", scope="s", status=Job.Status.DONE)  # finished ones never block


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_of_one_scope_run_it_once(settings):
    settings.JOBS_RUNNER = "inline"
    barrier = threading.Barrier(2)
    out = []

    def start():
        try:
            barrier.wait(5)
            job, started = job_start(kind="test.echo", scope="concurrent", params={"n": 1})
            out.append((job.pk, started))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(s for _, s in out) == [False, True] and len({pk for pk, _ in out}) == 1
    assert CALLS == [("echo", 1)]


def test_a_transient_failure_is_retried_with_back_off_until_it_succeeds():
    job, _ = job_start(kind="test.flaky", scope="f", params={"fail_times": 2})
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == ("done", 3, {"ok": True})
    assert [c for c in CALLS if c[0] == "flaky"] == [("flaky", 1), ("flaky", 2), ("flaky", 3)]


def test_retries_stop_at_the_kind_s_limit_and_the_job_fails_with_the_reason():
    job, _ = job_start(kind="test.flaky", scope="f", params={"fail_times": 5})
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert "went away" in job.error


def test_a_bug_is_not_retried():
    job, _ = job_start(kind="test.broken", scope="b")
    job.refresh_from_db()
    assert (job.status, job.attempts, len(CALLS)) == ("failed", 1, 1)
    assert "a bug" in job.error


def test_back_off_doubles_and_is_capped(settings):
    settings.JOBS_RETRY_BASE_SECONDS = 5
    assert [backoff(n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff(20) == 600


def test_a_retry_delivered_before_its_back_off_waits(settings):
    settings.JOBS_RUNNER = "celery"
    job, _ = job_start(kind="test.echo", scope="e")
    Job.objects.filter(pk=job.pk).update(not_before=timezone.now() + timezone.timedelta(seconds=30))
    outcome = job_execute(job.pk)
    assert outcome.status == "queued" and 25 < outcome.retry_in <= 30 and CALLS == []


def test_running_a_finished_job_again_does_nothing():
    job, _ = job_start(kind="test.echo", scope="e", params={"n": 7})
    assert job_execute(job.pk).status == "done"  # a second delivery of the same message
    assert CALLS == [("echo", 7)]


def test_the_same_inputs_started_again_return_the_finished_job_when_deduplicated():
    first, _ = job_start(kind="test.echo", scope="e", params={"n": 7}, dedupe=True)
    again, started = job_start(kind="test.echo", scope="e", params={"n": 7}, dedupe=True)
    assert (again.pk, started, CALLS) == (first.pk, False, [("echo", 7)])
    other, started = job_start(kind="test.echo", scope="e", params={"n": 8}, dedupe=True)
    assert started and CALLS == [("echo", 7), ("echo", 8)]


def test_a_fanned_out_job_runs_every_chunk_once_and_finishes_once():
    job, _ = job_start(kind="test.split", scope="s", params={"sizes": [3, 2, 4]})
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result) == ("done", 9, 9, {"pieces": 3})
    assert sorted(c for c in CALLS if c[0] == "piece") == [("piece", 0), ("piece", 1), ("piece", 2)]
    assert [c[0] for c in CALLS].count("finish") == 1


def test_a_job_whose_worker_died_is_resumed_from_its_unfinished_chunks(settings):
    settings.JOBS_RUNNER = "celery"
    job, _ = job_start(kind="test.split", scope="s", params={"sizes": [1, 1]})
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=long_ago, started_at=long_ago, total=2, done=1
    )
    JobChunk.objects.create(job=job, index=0, payload={"i": 0}, size=1, status="done")
    JobChunk.objects.create(job=job, index=1, payload={"i": 1}, size=1, status="running", started_at=long_ago)
    settings.JOBS_RUNNER = "inline"  # the restarted site: whoever starts the scope again resumes it
    again, started = job_start(kind="test.split", scope="s", params={"sizes": [1, 1]})
    again.refresh_from_db()
    assert (again.pk, started, again.status, again.done) == (job.pk, False, "done", 2)
    assert [c for c in CALLS if c[0] == "piece"] == [("piece", 1)]  # the finished chunk is not redone


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_job_runs_in_a_background_thread_and_the_caller_does_not_wait(settings):
    settings.JOBS_RUNNER = "thread"
    job, started = job_start(kind="test.gated", scope="g")
    assert started
    job.refresh_from_db()
    assert job.status in ("queued", "running") and CALLS == []  # the caller returned before the work
    GATE.set()
    join_thread(job.pk, timeout=10)
    job.refresh_from_db()
    assert job.status == "done" and CALLS == [("gated", job.pk)]


def test_an_unknown_kind_is_refused_at_start():
    with pytest.raises(KeyError):
        job_start(kind="no.such.kind", scope="x")
