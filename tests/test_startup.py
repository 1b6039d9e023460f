"""A serving process settles after loading (issue 16): every view imported, the startup heap frozen
out of the full collections; later objects are collected as before."""

from __future__ import annotations

import gc
import sys


def test_settle_imports_the_views_and_freezes_the_heap():
    from hotline.startup import settle

    try:
        settle()
        assert gc.get_freeze_count() > 0
        assert "hotline.reports.views" in sys.modules and "hotline.performance.views" in sys.modules

        class Cycle:
            pass

        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2  # objects made after the freeze are still collected
    finally:
        gc.unfreeze()
