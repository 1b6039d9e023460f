"""Reads of jobs: the state the progress component and the command line show."""

from __future__ import annotations

from . import messages, registry
from .models import Job


def job_state(job: Job) -> dict:
    """Status, progress and the message in the reader's language (never a raw key)."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": str(registry.label(job.kind)),
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": messages.render(job.message_key, job.message_params),
        "attempts": job.attempts,
        "error": job.error if job.status == Job.Status.FAILED else "",
        "finished": job.finished,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def latest_job(kind: str, scope: str) -> Job | None:
    return Job.objects.filter(kind=kind, scope=scope).order_by("-created_at", "-pk").first()
