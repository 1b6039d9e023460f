"""Score rollups equal the direct computation from the sessions (§3.6, issue 16), whatever the sequence
of submits, rescoring edits, moves, ad hoc sessions and deletions; the rebuild gives the same rows."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.feedback.tests.helpers import NON_CRITICAL, answers, comments, submitted_session
from hotline.quality import services
from hotline.quality.models import CenterScoreRollup, Kind, Purpose, ScoreRollup, Session
from hotline.quality.rollups import counted, month_of, score_rollups_rebuild
from hotline.quality.selectors import monthly_scores, monthly_scores_many

PERIODS = ["2026-10-H1", "2026-10-H2", "2026-11-H1", "2026-11-H2"]
MONTHS = [(2026, 10), (2026, 11)]
_serial = itertools.count()


def direct_rows():
    """(agent, month, kind) → (n, total) straight from the sessions."""
    out = {}
    for r in (
        counted(Session.objects.all())
        .values("agent_id", "period", "kind")
        .annotate(n=Count("pk"), t=Sum("score"))
    ):
        key = (r["agent_id"], month_of(r["period"]), r["kind"])
        n, t = out.get(key, (0, 0.0))
        out[key] = (n + r["n"], t + r["t"])
    return out


def rolled_rows():
    return {(r.agent_id, r.month, r.kind): (r.n, r.total) for r in ScoreRollup.objects.all()}


def center_rows():
    return {(r.center_id, r.month, r.kind): (r.agents, r.n, r.total) for r in CenterScoreRollup.objects.all()}


def assert_equal_to_direct(agents, settings_fixture):
    direct, rolled = direct_rows(), rolled_rows()
    assert direct.keys() == rolled.keys()
    for k, (n, t) in direct.items():
        assert rolled[k][0] == n and math.isclose(rolled[k][1], t, abs_tol=1e-9), k
    centers = {}
    for (agent_id, month, kind), (n, t) in direct.items():
        c = next(a.center_id for a in agents if a.pk == agent_id)
        row = centers.setdefault((c, month, kind), [set(), 0, 0.0])
        row[0].add(agent_id)
        row[1] += n
        row[2] += t
    got = center_rows()
    assert got.keys() == centers.keys()
    for k, (ags, n, t) in centers.items():
        assert got[k][:2] == (len(ags), n) and math.isclose(got[k][2], t, abs_tol=1e-9), k
    for y, m in MONTHS:
        settings_fixture.HOTLINE_SCORE_ROLLUPS = True
        fast = monthly_scores(agents, y, m)
        settings_fixture.HOTLINE_SCORE_ROLLUPS = False
        slow = monthly_scores(agents, y, m)
        settings_fixture.HOTLINE_SCORE_ROLLUPS = True
        for a, b in zip(fast, slow, strict=True):
            assert a.agent == b.agent
            for f in ("recording_sessions", "live_sessions", "missing", "short", "remainder"):
                assert getattr(a.result, f) == getattr(b.result, f), f
            for f in ("score", "recording_mean", "live_mean", "remainder_value"):
                x, y_ = getattr(a.result, f), getattr(b.result, f)
                assert (x is None) == (y_ is None) and (x is None or math.isclose(x, y_, abs_tol=1e-9)), f


op = st.one_of(
    st.tuples(st.just("submit"), st.integers(0, 2), st.sampled_from([Kind.RECORDING, Kind.LIVE]),
              st.sampled_from(PERIODS), st.integers(0, 3)),
    st.tuples(st.just("edit"), st.integers(0, 20), st.integers(0, 4)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(PERIODS)),
    st.tuples(st.just("adhoc"), st.integers(0, 20)),
    st.tuples(st.just("draft"), st.integers(0, 20)),
)  # fmt: skip


@pytest.mark.django_db(transaction=False)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])  # fmt: skip
@given(ops=st.lists(op, min_size=1, max_size=8), rebuild=st.booleans())
def test_rollups_equal_the_sessions_after_any_writes(personas, settings, ops, rebuild):
    Session.objects.all().delete()
    agents = [personas.agent, personas.peer, personas.other_agent]
    for o in ops:
        existing = list(Session.objects.order_by("pk"))
        if o[0] == "submit":
            _, who, kind, period, failed = o
            agent = agents[who]
            if Session.objects.filter(agent=agent, period=period, kind=kind, purpose=Purpose.REGIME).exists():
                continue
            day = dt.date(int(period[:4]), int(period[5:7]), 3 if period.endswith("H1") else 18)
            submitted_session(agent, personas.monitor, kind=kind, period=period, day=day, n=1,
                              failed=NON_CRITICAL[:failed], prefix=f"sr{next(_serial)}")  # fmt: skip
            continue
        if not existing:
            continue
        s = existing[o[1] % len(existing)]
        if o[0] == "edit":
            ev = s.evaluations.first()
            if ev is None or not ev.submitted:
                continue
            failed = NON_CRITICAL[: o[2]]
            services.evaluation_submit(evaluation=ev, data={"answers": answers(failed), "comments": comments(failed)},
                                       reason="复核")  # fmt: skip
        elif o[0] == "delete":
            s.delete()
        elif o[0] == "move":
            if (
                Session.objects.filter(agent=s.agent, period=o[2], kind=s.kind, purpose=s.purpose)
                .exclude(pk=s.pk)
                .exists()
            ):
                continue
            s.period = o[2]
            s.save()
        elif o[0] == "adhoc":
            s.purpose = Purpose.FIVE_METHODS
            s.save()
        elif o[0] == "draft":
            s.status = Session.Status.DRAFT
            s.save(update_fields=["status"])
    if rebuild:
        score_rollups_rebuild()
    assert_equal_to_direct(agents, settings)


def test_rebuild_is_idempotent_and_of_one_center(personas, settings):
    submitted_session(personas.agent, personas.monitor, period="2026-11-H1", n=1, prefix="rb1")
    submitted_session(personas.other_agent, personas.monitor, period="2026-11-H1", n=1, prefix="rb2")
    before = (rolled_rows(), center_rows())
    ScoreRollup.objects.all().delete()
    CenterScoreRollup.objects.all().delete()
    score_rollups_rebuild([personas.center.pk])
    assert {k[0] for k in rolled_rows()} == {personas.agent.pk}
    score_rollups_rebuild()
    score_rollups_rebuild()
    assert (rolled_rows(), center_rows()) == before


def test_trends_read_the_rollups_in_one_query(personas, settings, django_assert_max_num_queries):
    for i, period in enumerate(PERIODS):
        submitted_session(personas.agent, personas.monitor, period=period, n=1, prefix=f"tr{i}",
                          day=dt.date(2026, 10 + i // 2, 3 + 15 * (i % 2)))  # fmt: skip
    agents = [personas.agent, personas.peer]
    with django_assert_max_num_queries(1 + 2 * len(MONTHS) + 2):  # rollups; settings per month; center
        many = monthly_scores_many(agents, MONTHS)
    assert [r.result.recording_sessions for r in many[(2026, 11)]] == [2, 0]
    settings.HOTLINE_SCORE_ROLLUPS = False
    assert monthly_scores_many(agents, MONTHS)[(2026, 11)][0].result == many[(2026, 11)][0].result


def test_the_management_command_rebuilds_scores_too(personas):
    from django.core.management import call_command

    submitted_session(personas.agent, personas.monitor, period="2026-11-H1", n=1, prefix="mc")
    before = rolled_rows()
    ScoreRollup.objects.all().delete()
    call_command("rollups_rebuild", "--center", personas.center.code, verbosity=0)
    assert rolled_rows() == before


def test_the_migration_fills_the_same_rows_as_the_rebuild(personas):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("hotline.quality.migrations.0007_score_rollups").fill
    submitted_session(personas.agent, personas.monitor, period="2026-11-H1", n=1, prefix="mg1")
    submitted_session(personas.agent, personas.monitor, kind=Kind.LIVE, period="2026-11-H2", n=1, prefix="mg2",
                      day=dt.date(2026, 11, 18))  # fmt: skip
    submitted_session(personas.other_agent, personas.monitor, period="2026-10-H2", n=1, prefix="mg3",
                      day=dt.date(2026, 10, 20))  # fmt: skip
    before = (rolled_rows(), center_rows())
    ScoreRollup.objects.all().delete()
    CenterScoreRollup.objects.all().delete()
    fill(apps, None)
    assert (rolled_rows(), center_rows()) == before
