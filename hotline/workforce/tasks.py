"""Celery tasks (thin): load by id, call a service. Eager (in-process) unless a broker is set."""

from __future__ import annotations

from celery import shared_task

import hotline.celery  # noqa: F401  (the configured app — eager without a broker — becomes current)


@shared_task
def solve_roster_task(roster_id: int) -> str:
    from .models import Roster
    from .services_roster import roster_solve

    roster = Roster.objects.get(pk=roster_id)
    return roster_solve(roster=roster).state
