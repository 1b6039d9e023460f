"""``hotline manage rollups_rebuild [--center CODE]``: recompute the KPI rollups from the calls."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from hotline.calls.rollups import rollups_rebuild
from hotline.org.models import Center


class Command(BaseCommand):
    help = "Recompute the KPI rollups (agent × day × skill, center × day × skill) from the calls."

    def add_arguments(self, parser):
        parser.add_argument(
            "--center", action="append", default=[], help="center code (repeatable; default all)"
        )

    def handle(self, *args, **opts):
        ids = None
        if opts["center"]:
            found = dict(Center.objects.filter(code__in=opts["center"]).values_list("code", "pk"))
            missing = sorted(set(opts["center"]) - set(found))
            if missing:
                raise CommandError(f"unknown center code: {', '.join(missing)}")
            ids = list(found.values())
        started = time.monotonic()
        n = rollups_rebuild(ids)
        self.stdout.write(f"{n} rollup rows in {time.monotonic() - started:.1f} s")
