"""Celery tasks of the job mechanism (the production path): run a job, run one of its chunks,
resume the jobs whose worker died. Chunks are acknowledged late, so the broker hands a chunk whose
worker was killed to another worker."""

from __future__ import annotations

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task(name="hotline.jobs.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> str:
    from . import services

    outcome = services.job_execute(job_id)
    if outcome.retry_in is not None:
        run_job.apply_async((job_id,), countdown=outcome.retry_in)
    for chunk_id in outcome.chunks:
        run_chunk.delay(chunk_id)
    return outcome.status


@shared_task(name="hotline.jobs.run_chunk", acks_late=True, reject_on_worker_lost=True)
def run_chunk(chunk_id: int) -> str:
    from . import services

    outcome = services.chunk_execute(chunk_id)
    if outcome.retry_in is not None:
        run_chunk.apply_async((chunk_id,), countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="hotline.jobs.resume_stale")
def resume_stale() -> int:
    from . import services

    return services.jobs_resume_stale()
