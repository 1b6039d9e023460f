"""Two centers of calls over two months, with each center's own KPI settings, for national report tests."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from hotline.calls.models import Call
from hotline.org.models import Company
from hotline.org.tests.factories import PersonFactory
from hotline.reports.models import KpiSettingsVersion, KpiTarget

SH = ZoneInfo("Asia/Shanghai")


def two_centers_of_calls(personas, seed=7, per_day=6):
    """Calls of 2026-09 and 2026-10 in both centers (waits around the thresholds, calls without queue
    times, short abandons, outbound calls, two skills); 黄岛 measures with 15 s / 3 s; the resolution
    target is set on 维修 calls. Returns the number of calls."""
    rng = random.Random(seed)
    other_company = Company.objects.create(center=personas.other_center, name="青岛有限公司")
    personas.other_agent.company = other_company
    personas.other_agent.save()
    other_peer = PersonFactory(center=personas.other_center, company=other_company, work_number="9002")
    KpiSettingsVersion.objects.create(
        center=personas.other_center, answer_time=15, short_abandon=3, effective_from=dt.date(2026, 1, 1)
    )
    KpiTarget.objects.create(
        kpi="fcr", center=None, value=0.4, effective_from=dt.date(2026, 1, 1), skill_filter="维修"
    )
    agents = {
        personas.center.pk: [personas.agent, personas.peer, personas.stranger],
        personas.other_center.pk: [personas.other_agent, other_peer],
    }
    n = 0
    for center in (personas.center, personas.other_center):
        for month in (9, 10):
            for day in range(1, 29, 3):
                for k in range(per_day):
                    n += 1
                    start = dt.datetime(2026, month, day, 8 + k, rng.randrange(60), tzinfo=SH)
                    direction = "out" if rng.random() < 0.1 else "in"
                    abandoned = direction == "in" and rng.random() < 0.25
                    wait = rng.choice([0, 1, 2, 2.5, 3, 4, 4.9, 5, 6, 14, 15, 16, 19, 20, 21, 35, 80])
                    no_queue = rng.random() < 0.1
                    agent = None if abandoned else rng.choice(agents[center.pk])
                    answered = None if abandoned else start + dt.timedelta(seconds=wait)
                    talk, hold, acw = (0, 0, 0) if abandoned else (rng.randint(30, 400), rng.choice([0, 0, 15]), rng.randint(0, 60))  # fmt: skip
                    ended = start + dt.timedelta(seconds=wait + talk + hold)
                    skill = rng.choice(["维修", "咨询"])
                    Call.objects.create(
                        call_id=f"{center.code}-{n}", center=center, skill=skill, direction=direction, agent=agent,
                        started_at=start, queued_at=None if no_queue else start, answered_at=answered,
                        ended_at=ended, local_date=start.date(), weekday=start.weekday(), talk_seconds=talk,
                        hold_seconds=hold, acw_seconds=acw, wait_seconds=None if no_queue else float(wait),
                        abandoned=abandoned, reason=f"{skill}-其他",
                        resolved=None if abandoned or rng.random() < 0.2 else rng.random() < 0.6,
                        satisfied=None if abandoned else rng.random() < 0.8,
                    )  # fmt: skip
    return n
