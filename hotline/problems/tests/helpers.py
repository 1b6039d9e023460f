"""A small world of archived calls for the problem-management tests (§9).

Team 一组 (张三): 订货-正常订货 ×3 (100 s, resolved, satisfied), 订货-修改订单 ×3 (150 s, resolved,
satisfied). Team 二组 (王五): 订货-正常订货 ×3 (100 s, good), 订货-修改订单 ×3 (400 s, unresolved,
unsatisfied), 投诉-服务态度 ×2 (300 s, unresolved, unsatisfied). 14 calls: 订货 simple, 投诉 difficult;
under 订货, 修改订单 difficult and 一组 beats its average.
"""

from __future__ import annotations

import datetime as dt

from hotline.calls.models import Call
from hotline.calls.tests.helpers import SH, make_call


def archived(agent, call_id, reason, talk, good, *, day=8):
    c = make_call(
        agent, call_id, talk=talk, start=dt.datetime(2026, 10, day, 9, int(call_id[-2:]) % 60, tzinfo=SH)
    )
    Call.objects.filter(pk=c.pk).update(reason=reason, resolved=good, satisfied=good)
    return c


def build_world(p):
    n = 0

    def add(agent, reason, talk, good, times):
        nonlocal n
        for _ in range(times):
            n += 1
            archived(agent, f"pm-{n:02d}", reason, talk, good)

    add(p.agent, "订货-正常订货", 100, True, 3)
    add(p.agent, "订货-修改订单", 150, True, 3)
    add(p.stranger, "订货-正常订货", 100, True, 3)
    add(p.stranger, "订货-修改订单", 400, False, 3)
    add(p.stranger, "投诉-服务态度", 300, False, 2)
    return p
