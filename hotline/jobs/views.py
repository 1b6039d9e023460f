"""The progress of a job as JSON, for the progress component (``jobs/_progress.html``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .access import visible_jobs
from .selectors import job_state


@login_required
@require_GET
def progress(request, pk: int):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    resp = JsonResponse(job_state(job))
    resp["Cache-Control"] = "no-store"
    return resp
