"""Imports started from the browser (§10): the upload is kept in a private temporary folder under the
data folder, a queued ``ImportBatch`` tracks status and progress, the import runs (in a Celery worker,
or eagerly in the request), and the temporary folder is deleted afterwards."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from hotline.core.tabular import TableError

from .models import ImportBatch

log = logging.getLogger(__name__)


def safe_upload_name(name: str | None, default: str = "upload.csv") -> str:
    """The uploaded file's own name, made safe to create: no folders, control characters or NUL,
    at most 100 characters (its suffix kept, which picks CSV or XLSX)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    if not base:
        return default
    stem, dot, suffix = base.rpartition(".")
    if dot and len(suffix) <= 10:
        return stem[: 100 - len(suffix) - 1] + "." + suffix if stem else default
    return base[:100]


def upload_store(upload) -> Path:
    """Write an uploaded file to ``DATA_DIR/uploads/<random>/<its own name>``; returns the path.

    The file keeps its own name so row errors name the file the user chose.
    """
    root = Path(settings.DATA_DIR) / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="import-", dir=root))
    path = folder / safe_upload_name(upload.name)
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path


def import_queue(*, kind: str, source: str, actor=None, file_format: str = "") -> ImportBatch:
    """The batch the browser follows while the import waits for (or runs in) a worker."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return ImportBatch.objects.create(
        kind=kind, source=source, file_format=file_format, created_by=user, status=ImportBatch.Status.QUEUED
    )


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        # Called every 2000 rows. In a worker the import's transaction holds these until it commits
        # (on SQLite the database is locked meanwhile); the browser sees "running" until then.
        ImportBatch.objects.filter(pk=batch_id).update(done=done, total=total)

    return report


def _failed(batch_id: int, errors: list[dict]) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED, errors=errors, skipped=len(errors)
    )


def import_run(*, batch: ImportBatch, path: str, options: dict) -> ImportBatch:
    """Run the queued import ``batch`` on ``path`` (a stored upload, or a folder for recordings).

    Refused files leave the batch ``failed`` with the row errors (file, row, column, reason) and
    nothing imported; an uploaded file is deleted afterwards whatever happens.
    """
    from hotline.org.services import people_import

    from .access import import_centers
    from .services import ImportFailed, calls_import, error_dicts, recordings_index

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    batch.status = ImportBatch.Status.RUNNING
    actor = batch.created_by
    try:
        if batch.kind == ImportBatch.Kind.CALLS:
            calls_import(
                path=path, file_format=options.get("file_format") or "auto",
                center_name=options.get("center") or None, keep_good_rows=bool(options.get("keep_good_rows")),
                actor=actor, progress=_progress(batch.pk), batch=batch,
                allowed_centers=import_centers(actor) if actor is not None else None,
            )  # fmt: skip
        elif batch.kind == ImportBatch.Kind.RECORDINGS:
            recordings_index(
                directory=path, pattern=options["pattern"], actor=actor, progress=_progress(batch.pk), batch=batch
            )  # fmt: skip
        else:
            r = people_import(path=path, keep_good_rows=bool(options.get("keep_good_rows")), actor=actor)
            ImportBatch.objects.filter(pk=batch.pk).update(
                rows=r.created + r.updated + r.unchanged + len(r.errors), created=r.created, updated=r.updated,
                unchanged=r.unchanged, skipped=len(r.errors), errors=error_dicts(r.errors),
            )  # fmt: skip
    except ImportFailed as exc:
        _failed(batch.pk, error_dicts(exc.errors))
    except TableError as exc:
        _failed(batch.pk, error_dicts(exc.errors))
    except Exception as exc:  # noqa: BLE001 — the browser must not wait for a batch that died
        log.exception("import batch %s failed", batch.pk)
        _failed(batch.pk, [{"file": batch.source, "row": 0, "column": "", "reason": str(exc)[:300]}])
    else:
        b = ImportBatch.objects.get(pk=batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE, done=b.rows, total=b.rows
        )
    finally:
        if options.get("uploaded"):
            shutil.rmtree(Path(path).parent, ignore_errors=True)
    return ImportBatch.objects.get(pk=batch.pk)
