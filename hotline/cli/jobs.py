"""Following a background job from the command line: a progress bar fed by the job's record, so a
command shows the same progress whether a Celery worker or a thread of this process runs the job."""

from __future__ import annotations

import time


def follow(job_id: int, description: str, *, poll: float = 0.3, timeout: float | None = None):
    """Draw the job's progress until it finishes; returns the finished job (or the last seen one when
    ``timeout`` seconds pass first)."""
    from hotline.jobs.models import Job
    from hotline.jobs.selectors import job_state

    from .web import _bar

    started = time.monotonic()
    with _bar(description) as bar:
        task = bar.add_task(description, total=None)
        while True:
            job = Job.objects.get(pk=job_id)
            state = job_state(job)
            bar.update(task, completed=job.done, total=job.total, description=state["message"] or description)
            if job.finished or (timeout is not None and time.monotonic() - started > timeout):
                return job
            time.sleep(poll)
