"""The demo's contingency plans and drills (§5, seed 002): three plans and two drills a center."""

from __future__ import annotations

import pytest

from hotline.demo.build import build_demo

from .test_build import SMALL, recordings_dir  # noqa: F401  (the fixture)


@pytest.mark.django_db
def test_each_center_has_three_plans_and_two_drills_in_the_last_year():
    from hotline.org.models import Center
    from hotline.workforce.models import ContingencyPlan, Drill
    from hotline.workforce.services.contingency import drill_warnings

    ctx = build_demo(seed=5, **SMALL)
    centers = set(ContingencyPlan.objects.values_list("center_id", flat=True))
    assert centers and ctx is not None
    for c in centers:
        assert ContingencyPlan.objects.filter(center_id=c).count() == 3
        drills = Drill.objects.filter(plan__center_id=c)
        assert drills.count() == 2
        # the drills are dated from the demo's today: the center meets "2 a year"; the power cut plan
        # was never drilled, so its scenario is warned about
        center = Center.objects.get(pk=c)
        keys = [(w["key"], w["params"].get("scenario")) for w in drill_warnings(center, center.today())]
        assert keys == [("workforce.drills.scenario", "power")]
