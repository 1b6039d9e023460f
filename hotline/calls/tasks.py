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
