"""What a serving process does once its application is loaded (issue 16: pages of 1,000 rows)."""

from __future__ import annotations

import gc


def settle() -> None:
    """Load every view (the URLconf and what it imports), collect once, then ``gc.freeze()``: the
    objects that exist now — Django, the apps, the views, the routers — live as long as the process,
    and Python's full collections stop walking them. Without it a page that builds tens of thousands
    of objects (the score and appraisal tables of 1,000 agents) paid a full collection over the
    whole heap on some requests: ~100 ms of CPU, the p95 (bench/speed_pages.py). Objects created
    later are collected as before; nothing is cached."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views and API routers)
    gc.collect()
    gc.freeze()
