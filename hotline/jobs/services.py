"""Writes of background jobs (§10): start (with the scope lock and idempotency), execute (with
retries and back-off), fan out in chunks, record progress, and resume jobs whose worker died.

Runners (``settings.JOBS_RUNNER``): ``celery`` — a worker takes the job from the broker (the
production path); ``thread`` — no broker: a background thread of this process runs it, so a web
request never waits; ``inline`` — run now, in the caller (the command line without a broker, tests).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from hotline.core.errors import HotlineError

from . import registry
from .models import Job, JobChunk

log = logging.getLogger(__name__)


class Transient(HotlineError):
    """A failure worth retrying (a lost connection, a busy database, an unreachable service)."""

    code = "transient"
    http_status = 503


TRANSIENT = (Transient, OperationalError, InterfaceError, ConnectionError, TimeoutError)


def runner() -> str:
    chosen = getattr(settings, "JOBS_RUNNER", "") or ""
    if chosen:
        return chosen
    return "thread" if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True) else "celery"


def in_background() -> bool:
    """Whether a page hands its long work (forecasts, report files) to a job instead of doing it in the
    request: ``HOTLINE_REQUEST_JOBS`` — ``auto`` (default): only on the production path, with a broker
    (runner ``celery``); without one (the embedded mode, ``make demo``) the page works as it always did,
    in the request. ``on``/``off`` force it (tests, diagnosis)."""
    chosen = str(getattr(settings, "HOTLINE_REQUEST_JOBS", "auto") or "auto").lower()
    if chosen in ("1", "on", "true", "yes"):
        return True
    if chosen in ("0", "off", "false", "no"):
        return False
    return runner() == "celery"


def job_file_store(job: Job, *, name: str, content_type: str, data: bytes, inline: bool = False) -> dict:
    """Keep the file a job produced (replacing one a previous attempt left); returns the job's result."""
    from .models import JobFile

    JobFile.objects.update_or_create(
        job=job, defaults={"name": name, "content_type": content_type, "data": data, "size": len(data),
                           "inline": inline},
    )  # fmt: skip
    return {"file": name, "size": len(data)}


def backoff(attempt: int) -> float:
    """Seconds before retry ``attempt`` (1, 2, …): base × 2^(attempt−1), at most 10 minutes."""
    base = float(getattr(settings, "JOBS_RETRY_BASE_SECONDS", 5))
    return min(600.0, base * 2 ** max(0, attempt - 1))


def stale_after() -> float:
    return float(getattr(settings, "JOBS_STALE_SECONDS", 300))


def input_key(kind: str, scope: str, params: dict) -> str:
    """The fingerprint of a job's inputs (idempotency): same kind, scope and parameters, same key."""
    raw = json.dumps([kind, scope, params], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


# ------------------------------------------------------------------------------------------ start


def job_start(*, kind: str, scope: str, params: dict | None = None, center=None, actor=None,
              dedupe: bool = False) -> tuple[Job, bool]:  # fmt: skip
    """Queue a job of ``kind`` over ``scope``; returns ``(job, started)``.

    One active job per kind and scope, enforced by the database (``job_one_active_per_scope``): when
    one is already queued or running, that job is returned (and resumed if its worker died) and
    nothing new starts. ``dedupe``: when a job with the same inputs already finished successfully,
    it is returned instead of running again.
    """
    registry.get(kind)  # an unknown kind fails here, not in the worker
    params = params or {}
    key = input_key(kind, scope, params)
    if dedupe:
        done = Job.objects.filter(kind=kind, key=key, status=Job.Status.DONE).first()
        if done is not None:
            return done, False
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, scope=scope[:120], key=key, params=params, center=center,
                                     created_by=user, message_key="queued")  # fmt: skip
    except IntegrityError:
        active = Job.objects.filter(kind=kind, scope=scope[:120], status__in=Job.ACTIVE).first()
        if active is None:  # it finished between the insert and this read: start again
            return job_start(kind=kind, scope=scope, params=params, center=center, actor=actor, dedupe=dedupe)
        if is_stale(active):
            job_resume(active)
        return active, False
    dispatch(job.pk)
    return job, True


def dispatch(job_id: int, countdown: float = 0) -> None:
    """Hand the job to its runner once the transaction that queued it commits."""
    how = runner()
    if how == "inline":
        run_locally(job_id)
    elif how == "thread":
        transaction.on_commit(lambda: _thread(job_id, countdown))
    else:
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.apply_async((job_id,), countdown=countdown))


_THREADS: dict[int, threading.Thread] = {}


def _thread(job_id: int, countdown: float = 0) -> None:
    def main():
        try:
            if countdown:
                time.sleep(countdown)
            run_locally(job_id)
        finally:
            connection.close()  # this thread's own connection
            _THREADS.pop(job_id, None)

    t = threading.Thread(target=main, name=f"hotline-job-{job_id}", daemon=True)
    _THREADS[job_id] = t
    t.start()


def join_thread(job_id: int, timeout: float = 30) -> None:
    """Wait for the background thread of a job (tests, the command line)."""
    t = _THREADS.get(job_id)
    if t is not None:
        t.join(timeout)


def run_locally(job_id: int) -> str:
    """Run a job to its end in this process: retries after their back-off, chunks one by one."""
    while True:
        outcome = job_execute(job_id)
        if outcome.retry_in is not None:
            time.sleep(outcome.retry_in)
            continue
        for chunk_id in outcome.chunks:
            while (wait := chunk_execute(chunk_id).retry_in) is not None:
                time.sleep(wait)
        return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""


# ------------------------------------------------------------------------------------------ execute


@dataclass
class Outcome:
    status: str
    retry_in: float | None = None
    chunks: list[int] = field(default_factory=list)


class Context:
    """What a handler gets besides the job: progress reporting and fan-out."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0
        self.chunks: list[int] = []

    def progress(self, done: int, total: int | None = None, message: str = "", every: float = 0.5,
                 params: dict | None = None) -> None:  # fmt: skip
        """Record ``done`` of ``total`` (and a message key); at most every ``every`` seconds."""
        now = time.monotonic()
        if now - self._last < every and (total is None or done < total):
            return
        self._last = now
        fields = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if message:
            fields |= {"message_key": message, "message_params": params or {}}
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def message(self, key: str, **params) -> None:
        Job.objects.filter(pk=self.job.pk).update(message_key=key, message_params=params)

    def fan_out(self, payloads: list[tuple[dict, int]]) -> list[int]:
        """Split the rest of the job into chunks ``(payload, size)``; they run on any worker."""
        base = self.job.chunks.count()
        objs = JobChunk.objects.bulk_create(
            [JobChunk(job=self.job, index=base + i, payload=p, size=n) for i, (p, n) in enumerate(payloads)]
        )
        ids = [c.pk for c in objs] if all(c.pk for c in objs) else list(
            self.job.chunks.filter(index__gte=base).values_list("pk", flat=True)
        )  # fmt: skip
        self.chunks.extend(ids)
        return ids


def job_execute(job_id: int) -> Outcome:
    """Run a queued job once: claim it (a second delivery of the same message claims nothing and
    does nothing), call its kind's handler, record the outcome or schedule a retry."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(status=Job.Status.RUNNING, started_at=Coalesce("started_at", now), heartbeat_at=now,
                attempts=F("attempts") + 1, error="")
    )  # fmt: skip
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return Outcome("missing")
    if not claimed:
        if job.status == Job.Status.QUEUED and job.not_before:  # delivered early: wait for the back-off
            return Outcome(job.status, retry_in=max(0.0, (job.not_before - now).total_seconds()))
        return Outcome(job.status)
    kind = registry.get(job.kind)
    ctx = Context(job)
    try:
        result = kind.run(job, ctx)
    except Exception as exc:  # noqa: BLE001 — recorded on the job (and retried when transient)
        return _failed(job, kind, exc)
    if ctx.chunks or job.chunks.exclude(status=JobChunk.Status.DONE).exists():
        pending = ctx.chunks or list(
            job.chunks.filter(status=JobChunk.Status.PENDING).values_list("pk", flat=True)
        )
        if not pending:
            _complete(job.pk)
        return Outcome(Job.Status.RUNNING, chunks=pending)
    _finish(job.pk, result or {}, Job.Status.DONE)
    return Outcome(Job.Status.DONE)


def _failed(job: Job, kind, exc: Exception) -> Outcome:
    transient = isinstance(exc, TRANSIENT)
    if transient and not connection.in_atomic_block:
        connection.close()  # a broken connection is reopened by the next query
    job.refresh_from_db(fields=["attempts"])
    reason = f"{type(exc).__name__}: {exc}"[:500]
    if transient and job.attempts < kind.max_attempts:
        wait = backoff(job.attempts)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.QUEUED, not_before=timezone.now() + timezone.timedelta(seconds=wait),
            error=reason, message_key="retrying", message_params={"seconds": int(wait), "attempt": job.attempts + 1},
        )  # fmt: skip
        log.warning("job %s (%s) failed transiently, retry in %.0fs: %s", job.pk, job.kind, wait, reason)
        return Outcome(Job.Status.QUEUED, retry_in=wait)
    log.exception("job %s (%s) failed", job.pk, job.kind, exc_info=exc)
    _finish(job.pk, {}, Job.Status.FAILED, error=reason)
    return Outcome(Job.Status.FAILED)


def _finish(job_id: int, result: dict, status: str, error: str = "") -> None:
    now = timezone.now()
    fields = {"status": status, "finished_at": now, "heartbeat_at": now, "result": result, "not_before": None}
    if status == Job.Status.DONE:
        fields |= {"message_key": "done", "message_params": {}}
        job = Job.objects.filter(pk=job_id).values("done", "total").first() or {}
        if job.get("total") is not None and job.get("done", 0) < job["total"]:
            fields["done"] = job["total"]
    else:
        fields["error"] = error
    Job.objects.filter(pk=job_id).update(**fields)


@dataclass
class ChunkOutcome:
    status: str
    retry_in: float | None = None


def chunk_execute(chunk_id: int) -> ChunkOutcome:
    """Run one chunk: claim it (pending, or running on a worker that died), call the kind's chunk
    handler, add its units to the job's progress, and finish the job after its last chunk."""
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=stale_after())
    claimed = JobChunk.objects.filter(
        Q(status=JobChunk.Status.PENDING) | Q(status=JobChunk.Status.RUNNING, started_at__lt=stale), pk=chunk_id
    ).update(status=JobChunk.Status.RUNNING, started_at=now, attempts=F("attempts") + 1)  # fmt: skip
    chunk = JobChunk.objects.select_related("job").filter(pk=chunk_id).first()
    if chunk is None or not claimed:
        return ChunkOutcome(chunk.status if chunk else "missing")
    job = chunk.job
    kind = registry.get(job.kind)
    ctx = Context(job)
    try:
        kind.chunk(job, chunk.payload, ctx)
    except Exception as exc:  # noqa: BLE001
        reason = f"{type(exc).__name__}: {exc}"[:500]
        if isinstance(exc, TRANSIENT) and chunk.attempts < kind.max_attempts:
            if not connection.in_atomic_block:
                connection.close()
            JobChunk.objects.filter(pk=chunk_id).update(status=JobChunk.Status.PENDING, error=reason)
            return ChunkOutcome(JobChunk.Status.PENDING, retry_in=backoff(chunk.attempts))
        log.exception("chunk %s of job %s failed", chunk_id, job.pk, exc_info=exc)
        JobChunk.objects.filter(pk=chunk_id).update(status=JobChunk.Status.FAILED, error=reason,
                                                    finished_at=timezone.now())  # fmt: skip
    else:
        JobChunk.objects.filter(pk=chunk_id).update(status=JobChunk.Status.DONE, finished_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(done=F("done") + chunk.size, heartbeat_at=timezone.now())
    _complete(job.pk)
    return ChunkOutcome(JobChunk.Status.DONE)


def _complete(job_id: int) -> None:
    """After a chunk: when none is left, run the kind's ``finish`` and close the job — once, whoever
    finishes last (the row lock serialises the workers that finish together)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.RUNNING:
            return
        left = job.chunks.filter(status__in=[JobChunk.Status.PENDING, JobChunk.Status.RUNNING]).exists()
        if left:
            return
        failed = job.chunks.filter(status=JobChunk.Status.FAILED)
        kind = registry.get(job.kind)
        result = kind.finish(job) if kind.finish else {}
        if failed.exists():
            first = failed.first()
            Job.objects.filter(pk=job_id).update(
                message_key="failed_chunks", message_params={"n": failed.count()}
            )
            _finish(job_id, result or {}, Job.Status.FAILED, error=first.error)
        else:
            _finish(job_id, result or {}, Job.Status.DONE)


# ------------------------------------------------------------------------------------------ resume


def is_stale(job: Job) -> bool:
    """A running job whose worker has not reported for ``JOBS_STALE_SECONDS`` (it died), or a queued
    one whose message was lost as long."""
    limit = timezone.now() - timezone.timedelta(seconds=stale_after())
    if job.status == Job.Status.RUNNING:
        return (job.heartbeat_at or job.started_at or job.created_at) < limit
    if job.status == Job.Status.QUEUED:
        return (job.not_before or job.created_at) < limit
    return False


def job_resume(job: Job) -> None:
    """Continue a job whose worker died: its finished chunks stay finished; the others run again
    (handlers are idempotent), or the whole job is queued again when it had not fanned out."""
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now(), message_key="resumed", message_params={}
    )
    if job.chunks.exists():
        JobChunk.objects.filter(job=job, status=JobChunk.Status.RUNNING).update(
            status=JobChunk.Status.PENDING
        )
        ids = list(job.chunks.filter(status=JobChunk.Status.PENDING).values_list("pk", flat=True))
        if ids:
            dispatch_chunks(ids)
        else:
            _complete(job.pk)
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, not_before=None)
    dispatch(job.pk)


def dispatch_chunks(chunk_ids: list[int]) -> None:
    how = runner()
    if how == "celery":
        from .tasks import run_chunk

        transaction.on_commit(lambda: [run_chunk.delay(c) for c in chunk_ids])
        return

    def work():
        for c in chunk_ids:
            while (wait := chunk_execute(c).retry_in) is not None:
                time.sleep(wait)

    if how == "inline":
        work()
    else:
        transaction.on_commit(lambda: threading.Thread(target=work, daemon=True).start())


def jobs_resume_stale() -> int:
    """Resume every stale job (Celery beat, every few minutes); returns how many."""
    n = 0
    for job in Job.objects.filter(status__in=Job.ACTIVE):
        if is_stale(job):
            job_resume(job)
            n += 1
    return n
