"""Builders for quality tests: a period's calls for an agent, full answers for the regime form."""

from __future__ import annotations

import datetime as dt

from hotline.calls.tests.helpers import SH, make_call
from hotline.core.scoring import DEFAULT_FORM

PERIOD = "2026-11-H1"
TODAY = dt.date(2026, 11, 30)  # after the period and its recording days 11-16 … 11-20: none is "before today"
HELD = dt.datetime(
    2026, 11, 16, 14, 0, tzinfo=SH
)  # a recording session of PERIOD: after it, in the afternoon


def period_calls(agent, n: int = 8, *, prefix: str | None = None, first=dt.date(2026, 11, 2)):
    """``n`` recorded calls of ``agent`` on successive days from ``first``, talk 60 s + 10 s × i."""
    prefix = prefix or f"c{agent.work_number}"
    out = []
    for i in range(n):
        day = first + dt.timedelta(days=i % 10)
        start = dt.datetime.combine(day, dt.time(9 + i // 10, 0), tzinfo=SH)
        out.append(make_call(agent, f"{prefix}-{i:02d}", start=start, talk=60 + 10 * i))
    return out


def all_yes(form=DEFAULT_FORM) -> dict[str, str]:
    return {i.key: "yes" for i in form.items}


def good_data(**over) -> dict:
    data = {"answers": all_yes(), "comments": {}, "strengths": "问候规范", "improvements": "语速稍快"}
    data.update(over)
    return data
