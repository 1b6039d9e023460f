"""Celery tasks (thin): the long imports, run by a worker when a broker is configured (§10)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)
from hotline.jobs.registry import register
from hotline.org.models import Role


def _import_job(job, ctx) -> dict:
    """The ``calls.import`` job: a queued browser import (the batch keeps rows, counts and errors)."""
    p = job.params
    r = import_batch_task.run(p["batch"], p["path"], p["options"])
    from .models import ImportBatch

    b = ImportBatch.objects.get(pk=p["batch"])
    ctx.progress(
        b.done, b.total or b.done, "rows", every=0, params={"done": b.done, "total": b.total or b.done}
    )
    return r


# An import is not retried: a refused file fails the same way again (its batch lists the rows).
register("calls.import", run=_import_job, label=_("导入"), roles=(Role.MANAGER, Role.PLANNER), max_attempts=1)


@shared_task
def import_calls_task(
    path: str, file_format: str = "auto", center: str | None = None, keep_good_rows: bool = False
):
    """Import a call file; returns counts, or the refused rows when nothing was imported."""
    from .services import ImportFailed, calls_import

    try:
        r = calls_import(
            path=path, file_format=file_format, center_name=center, keep_good_rows=keep_good_rows
        )
    except ImportFailed as exc:
        return {"ok": False, "errors": [str(e) for e in exc.errors]}
    return {
        "ok": True,
        "created": r.created,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "batch": r.batch.pk,
    }


@shared_task
def import_batch_task(batch_id: int, path: str, options: dict) -> dict:
    """Run a queued browser import (calls, people or a recordings folder) and record its outcome.

    ``options``: file_format, center, keep_good_rows (calls); keep_good_rows (people); pattern
    (recordings); uploaded=True when ``path`` is a stored upload to delete afterwards.
    """
    from .models import ImportBatch
    from .services_uploads import import_run

    batch = import_run(batch=ImportBatch.objects.get(pk=batch_id), path=path, options=options)
    return {"batch": batch.pk, "status": batch.status}
