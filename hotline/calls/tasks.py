"""Celery tasks (thin): the long imports, run by a worker when a broker is configured (§10)."""

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


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
