"""The progress of a job as JSON, for the progress component (``jobs/_progress.html``), and the page a
person follows a job on: progress while it runs, then its file (a report) or the page of its result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import registry
from .access import visible_jobs
from .models import Job, JobFile
from .selectors import job_state


@login_required
@require_GET
def progress(request, pk: int):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    resp = JsonResponse(job_state(job))
    resp["Cache-Control"] = "no-store"
    return resp


@login_required
@require_GET
def follow(request, pk: int):
    """Queued or running: a page with the progress bar (it reloads itself when the job ends). Done:
    the job's file (``JobFile``), else its ``next`` page (a local path in the result). Failed: the page
    says so, with a way back."""
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if job.status == Job.Status.DONE:
        f = JobFile.objects.filter(job=job).first()
        if f is not None:
            resp = HttpResponse(bytes(f.data), content_type=f.content_type)
            resp["Content-Disposition"] = content_disposition_header(not f.inline, f.name)
            resp["Cache-Control"] = "private, no-store"
            return resp
        nxt = (job.result or {}).get("next") or ""
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts=None) and nxt.startswith("/"):
            return HttpResponseRedirect(nxt)
    back = (job.params or {}).get("back") or ""
    if not (back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = ""
    resp = render(request, "jobs/follow.html", {"job": job, "label": registry.label(job.kind), "back": back})
    resp["Cache-Control"] = "no-store"
    return resp
