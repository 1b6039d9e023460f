"""N+1 guards (issue 16): the number of queries of the busiest per-person pages does not grow with
the rows they show — measured at two sizes of the same data."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.calls.tests.helpers import SH, make_call
from hotline.feedback.tests.helpers import submitted_session
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.models import Kind


def queries(client, url, data=None) -> int:
    client.get(url, data)  # warm caches (session, translations, content types)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, data)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


def sessions(p, n, start=0):
    for i in range(start, start + n):
        kind = Kind.RECORDING if i % 2 == 0 else Kind.LIVE
        half = "H1" if i < 2 else "H2"
        day = dt.date(2026, 11, 3 + i if half == "H1" else 17 + i)
        submitted_session(p.agent, p.monitor, kind=kind, period=f"2026-11-{half}", day=day, prefix=f"s{i}")


def test_my_results_and_my_quality_do_not_grow_with_sessions(personas, login):
    sessions(personas, 1)
    client = login(personas.agent)
    small = (queries(client, "/feedback/my/"), queries(client, "/quality/mine/", {"month": "2026-11"}))
    sessions(personas, 3, start=1)
    large = (queries(client, "/feedback/my/"), queries(client, "/quality/mine/", {"month": "2026-11"}))
    assert large[0] <= small[0], ("/feedback/my/", small[0], large[0])
    assert large[1] <= small[1], ("/quality/mine/", small[1], large[1])


def test_the_call_list_does_not_grow_with_calls(personas, login):
    def calls(n, start):
        for i in range(start, start + n):
            agent = (personas.agent, personas.peer, personas.stranger)[i % 3]
            make_call(agent, f"k{i}", start=dt.datetime(2026, 10, 8, 9, tzinfo=SH) + dt.timedelta(minutes=i),
                      with_audio=i % 2 == 0)  # fmt: skip

    calls(3, 0)
    client = login(personas.manager)
    small = queries(client, "/calls/")
    calls(12, 3)
    assert queries(client, "/calls/") <= small


def test_the_monthly_report_does_not_grow_with_agents_and_calls(personas, login):
    def agents(n, start):
        for i in range(start, start + n):
            a = PersonFactory(center=personas.center, company=personas.company, team=personas.team_a,
                              role=Role.AGENT, name=f"员工{i}", work_number=f"70{i:02d}")  # fmt: skip
            for j in range(3):
                make_call(a, f"m{i}-{j}", start=dt.datetime(2026, 10, 2 + j, 9, tzinfo=SH), with_audio=False)

    agents(2, 0)
    client = login(personas.manager)
    url = f"/reports/monthly/{personas.center.pk}/2026-10/"
    small = queries(client, url)
    agents(8, 2)
    assert queries(client, url) <= small


def test_year_long_kpis_do_not_grow_with_months_or_agents_and_read_the_month_rollups(personas, login):
    """The dashboard and the KPI API over a year (issue 16 item 5): a fixed number of queries however
    many months and agents have calls; the whole months come from the month rollups."""

    def agents(n, start, months):
        for i in range(start, start + n):
            a = PersonFactory(center=personas.center, company=personas.company, team=personas.team_a,
                              role=Role.AGENT, name=f"员工{i}", work_number=f"72{i:02d}")  # fmt: skip
            for j, m in enumerate(months):
                day = dt.datetime(2026 if m <= 11 else 2025, m if m <= 11 else 12, 3 + i, 9, tzinfo=SH)
                make_call(a, f"y{i}-{j}", start=day, with_audio=False)

    span = {"date_from": "2025-11-15", "date_to": "2026-11-10"}
    pages = [("/reports/", {**span, "by": "company", "period": "month"}), ("/reports/", {**span, "by": "team"}),
             ("/api/reports/kpis", {**span, "by": "team"}), ("/api/reports/kpis", {**span, "period": "month"})]  # fmt: skip
    agents(1, 0, [10])
    client = login(personas.manager)
    small = [queries(client, url, data) for url, data in pages]
    agents(6, 1, [12, 1, 3, 5, 7, 9, 10, 11])
    for (url, data), s in zip(pages, small, strict=True):
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, data)
        assert r.status_code == 200
        assert len(ctx.captured_queries) <= s, (url, data, s, len(ctx.captured_queries))
        assert any("monthrollup" in q["sql"] for q in ctx.captured_queries), (url, data)
