"""N+1 guards for the score pages (issue 16): the queries of the scores page, the score API, the
appraisal table and the agent's quality page do not grow with agents or months of sessions — the
months come from the score rollups, one query for all agents and months."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality import services
from hotline.quality.models import Kind, ScoreRollup, Session

MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


def queries(client, url, data=None) -> int:
    client.get(url, data)  # warm caches (session, translations, content types)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, data)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


def sessions_of(agent, monitor, months):
    form = services.active_form()
    for m in months:
        for half, day in (("H1", 5), ("H2", 20)):
            for kind in (Kind.RECORDING, Kind.LIVE):
                Session.objects.create(
                    kind=kind, agent=agent, monitor=monitor, period=f"{m}-{half}", date=dt.date.fromisoformat(f"{m}-{day:02d}"),
                    form=form, status=Session.Status.SUBMITTED, score=80.0 + day / 10,
                )  # fmt: skip


def agents(p, n, start):
    out = []
    for i in range(start, start + n):
        a = PersonFactory(center=p.center, company=p.company, team=(p.team_a, p.team_b)[i % 2], role=Role.AGENT,
                          name=f"员工{i}", work_number=f"71{i:02d}")  # fmt: skip
        out.append(a)
    return out


def test_score_pages_do_not_grow_with_agents_or_months(personas, login):
    sessions_of(personas.agent, personas.monitor, MONTHS[-1:])
    for a in agents(personas, 2, 0):
        sessions_of(a, personas.monitor, MONTHS[-1:])
    pages = [("/quality/scores/", {"month": "2026-11"}), ("/api/quality/scores/2026-11", None),
             ("/performance/table/", {"month": "2026-11"})]  # fmt: skip
    c = login(personas.manager)
    small = [queries(c, url, data) for url, data in pages]
    sessions_of(personas.agent, personas.monitor, MONTHS[:-1])
    for a in agents(personas, 6, 2):
        sessions_of(a, personas.monitor, MONTHS)
    assert ScoreRollup.objects.filter(month=dt.date(2026, 6, 1)).count() == 2 * 7
    large = [queries(c, url, data) for url, data in pages]
    for (url, _), s, lg in zip(pages, small, large, strict=True):
        assert lg <= s, (url, s, lg)


def test_the_agents_quality_page_does_not_grow_with_months(personas, login):
    sessions_of(personas.agent, personas.monitor, MONTHS[-1:])
    c = login(personas.agent)
    small = queries(c, "/quality/mine/", {"month": "2026-11"})
    sessions_of(personas.agent, personas.monitor, MONTHS[:-1])
    # the six months' trend comes from the rollups in one query
    with CaptureQueriesContext(connection) as ctx:
        c.get("/quality/mine/", {"month": "2026-11"})
    rollup_reads = [q for q in ctx.captured_queries if "quality_scorerollup" in q["sql"]]
    assert len(rollup_reads) == 1 and len(ctx.captured_queries) <= small
