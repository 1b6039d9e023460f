"""Background work of automatic inspection (thin): the ``inspection.run`` job kind (planned once,
inspected in chunks on any worker, §8/§10) and the daily run of yesterday's calls (Celery beat)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)
from hotline.jobs.registry import register
from hotline.org.models import Role


def _plan(job, ctx):
    from .services import run_for_job
    from .services_runs import run_close, run_plan

    run = run_for_job(job)
    chunks = run_plan(run=run, chunk_size=settings.JOBS_CHUNK_CALLS)
    ctx.progress(
        run.done, run.total, "fan_out", every=0, params={"chunks": len(chunks), "unchanged": run.unchanged}
    )
    if not chunks:
        run_close(run=run)
        return {"run": run.pk, "inspected": 0, "unchanged": run.unchanged}
    ctx.fan_out([({"run": run.pk, "calls": ids}, len(ids)) for ids in chunks])
    return {"run": run.pk}


def _chunk(job, payload, ctx) -> int:
    from .models import InspectionRun
    from .services_runs import run_chunk

    return run_chunk(run=InspectionRun.objects.get(pk=payload["run"]), call_ids=payload["calls"])


def _finish(job) -> dict:
    from .services import run_for_job
    from .services_runs import run_close

    failed = job.chunks.filter(status="failed").exists()
    run = run_close(run=run_for_job(job), failed=failed)
    return {"run": run.pk, "total": run.total, "unchanged": run.unchanged, "skipped": run.skipped,
            "errors": run.failed}  # fmt: skip


register("inspection.run", run=_plan, chunk=_chunk, finish=_finish, label=_("自动质检"),
         roles=(Role.MANAGER, Role.QA_MONITOR))  # fmt: skip


@shared_task
def execute_run(run_id: int) -> str:
    from .models import InspectionRun
    from .services import inspection_run_execute

    run = InspectionRun.objects.select_related("center").get(pk=run_id)
    return inspection_run_execute(run=run).status


@shared_task
def inspect_yesterday() -> list[int]:
    """Celery beat, nightly: a run over yesterday's calls of every center (incremental, so calls
    already inspected are not inspected again); returns the runs started."""
    from hotline.org.models import Center

    from .services import inspection_run_create

    day = timezone.localdate() - dt.timedelta(days=1)
    return [inspection_run_create(center=c, date_from=day, date_to=day).pk for c in Center.objects.all()]
