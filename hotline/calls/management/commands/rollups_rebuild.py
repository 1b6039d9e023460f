"""``hotline manage rollups_rebuild [--center CODE] [--only calls|scores]``: recompute the KPI rollups
from the calls and the score rollups from the sessions (when the quality app is installed)."""

from __future__ import annotations

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from hotline.calls.rollups import rollups_rebuild
from hotline.org.models import Center


class Command(BaseCommand):
    help = (
        "Recompute the KPI rollups (agent × day × skill, center × day × skill, and their month sums) from "
        "the calls and the score rollups (agent × month × kind, center × month × kind) from the sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=("calls", "scores"), help="rebuild only these rollups")
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
        if opts.get("only") != "scores":
            started = time.monotonic()
            n = rollups_rebuild(ids)
            self.stdout.write(f"{n} rollup rows in {time.monotonic() - started:.1f} s")
        if opts.get("only") != "calls" and apps.is_installed("hotline.quality"):
            # by name: calls is below quality and imports nothing of it
            rebuild = importlib.import_module("hotline.quality.rollups").score_rollups_rebuild
            started = time.monotonic()
            n = rebuild(ids)
            self.stdout.write(f"{n} score rollup rows in {time.monotonic() - started:.1f} s")
