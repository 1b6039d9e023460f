"""Celery tasks of automatic inspection: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task
def execute_run(run_id: int) -> str:
    from .models import InspectionRun
    from .services import inspection_run_execute

    run = InspectionRun.objects.select_related("center").get(pk=run_id)
    return inspection_run_execute(run=run).status
