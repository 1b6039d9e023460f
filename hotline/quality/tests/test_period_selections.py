"""The database path of §3.2 selection: ``period_call_instants`` / ``period_selections`` /
``month_selections`` give what the plain core gives over ``CallRecord`` s built from ORM rows."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.calls.models import Call, Recording
from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.sampling import epoch_micro, seconds_to_micro, select_recordings
from hotline.quality import selectors

from .helpers import SH

H1, H2 = Period(2026, 11, 1), Period(2026, 11, 2)


def _calls(agent, prefix: str, n: int) -> list[Call]:
    """``n`` calls over the month, with microseconds, late-night ones, equal lengths, and the odd call
    that cannot be eligible (abandoned, unrecorded, no end time: talk seconds stand in)."""
    rows, recorded = [], []
    for i in range(n):
        start = dt.datetime(2026, 10, 31, 8, tzinfo=SH) + dt.timedelta(
            hours=7 * i + 0.5 * (i % 3), microseconds=i * 37
        )
        talk = [14.5, 15, 60, 60, 33.3, 600][i % 6]
        abandoned = i % 11 == 5
        rows.append(
            Call(
                call_id=f"{prefix}-{i:03d}", center=agent.center, agent=agent, queued_at=start,
                answered_at=None if abandoned else start, ended_at=None if i % 9 == 4 else start + dt.timedelta(seconds=talk),
                started_at=start, local_date=start.date(), weekday=start.weekday(), talk_seconds=talk, abandoned=abandoned,
            )
        )  # fmt: skip
        recorded.append(i % 7 != 3)
    calls = Call.objects.bulk_create(rows)
    Recording.objects.bulk_create(
        [Recording(call=c, path=f"{c.call_id}.wav") for c, r in zip(calls, recorded, strict=True) if r]
    )
    return calls


def _records(agent) -> list[CallRecord]:
    return [
        CallRecord(c.call_id, agent.work_number, c.answered_at, c.ended_at, talk_seconds=c.talk_seconds,
                   abandoned=c.abandoned, recording="1" if hasattr(c, "recording") else "")
        for c in Call.objects.filter(agent=agent).select_related("recording")
    ]  # fmt: skip


@pytest.fixture
def month(personas):
    _calls(personas.agent, "a", 110)
    _calls(personas.peer, "p", 90)
    return personas


@pytest.mark.parametrize("index_limit", [50, 0])  # 0: the "agent_id + 0" date scan for many agents
def test_the_instant_loader_reads_every_answered_recorded_call_once_as_the_core_wants_it(
    month, monkeypatch, index_limit
):
    monkeypatch.setattr(selectors, "_AGENT_INDEX_LIMIT", index_limit)
    got = selectors.period_call_instants(H1, agent_ids=[month.agent.pk, month.peer.pk])
    for agent in (month.agent, month.peer):
        want = sorted(
            (c.call_id, epoch_micro(c.answered_at),
             epoch_micro(c.ended_at) - epoch_micro(c.answered_at) if c.ended_at else seconds_to_micro(c.talk_seconds))
            for c in Call.objects.filter(
                agent=agent, abandoned=False, answered_at__isnull=False, recording__isnull=False,
                local_date__gte=dt.date(2026, 10, 31), local_date__lte=dt.date(2026, 11, 16),
            )
        )  # fmt: skip
        assert sorted(got[agent.pk]) == want and len(want) > 20
    everyone = selectors.period_call_instants(H1)
    assert {k: sorted(v) for k, v in everyone.items()} == {k: sorted(v) for k, v in got.items()}


@pytest.mark.parametrize("period", [H1, H2])
def test_period_selections_equal_the_plain_core_over_orm_call_records(month, period):
    got = selectors.period_selections(period, agents=[month.agent, month.peer, month.monitor])
    for agent in (month.agent, month.peer):
        want = select_recordings(_records(agent), period, agent=agent.work_number)
        assert got[agent.pk] == want and len(want.picks) == 5
    assert got[month.monitor.pk].picks == () and got[month.monitor.pk].short


def test_month_selections_inside_a_transaction_run_serially_with_the_same_result(month):
    agents = [month.agent, month.peer]
    assert not selectors._can_fork()  # the test's transaction: a child would not see these calls
    got = selectors.month_selections([H1, H2], agents=agents, workers=2)
    assert got == {p: selectors.period_selections(p, agents=agents) for p in (H1, H2)}
