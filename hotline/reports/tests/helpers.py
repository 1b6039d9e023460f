"""A month of calls and surveys for report tests."""

import datetime as dt
from zoneinfo import ZoneInfo

from hotline.calls.models import Call
from hotline.performance.models import SurveyResponse

SH = ZoneInfo("Asia/Shanghai")


def month_of_calls(personas, day_count=10):
    n = 0
    for d in range(1, day_count + 1):
        for i, agent in enumerate([personas.agent, personas.peer, personas.stranger, None]):
            start = dt.datetime(2026, 10, d, 9 + i, tzinfo=SH)
            abandoned = agent is None
            Call.objects.create(
                call_id=f"r{d}-{i}", center=personas.center, skill="维修", agent=agent, started_at=start,
                queued_at=start, answered_at=None if abandoned else start + dt.timedelta(seconds=12),
                ended_at=start + dt.timedelta(seconds=30 if abandoned else 250), local_date=start.date(),
                weekday=start.weekday(), talk_seconds=0 if abandoned else 238, acw_seconds=0 if abandoned else 30,
                wait_seconds=30 if abandoned else 12, abandoned=abandoned,
                resolved=None if abandoned else (i != 1), satisfied=None if abandoned else True,
            )  # fmt: skip
            n += 1
    SurveyResponse.objects.create(key="s1", center=personas.center, agent=personas.agent, date=dt.date(2026, 10, 3),
                                  satisfied=False, suggestion="希望缩短排队等待时间")  # fmt: skip
    SurveyResponse.objects.create(key="s2", center=personas.center, agent=personas.peer, date=dt.date(2026, 10, 4),
                                  satisfied=True, suggestion="")  # fmt: skip
    return n
