"""Reads for the monitoring regime that span relations (no access rules here: see ``access.py``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hotline.calls.models import Call
from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.scoring import MonthlyScore, monthly_score
from hotline.org.models import Center, Person

from .models import Evaluation, Kind, QualitySettings, Session


def settings_for(center: Center | None, day: dt.date | None = None) -> QualitySettings:
    """The settings in force on ``day`` (today by default): the center's own row, else the global one,
    else the defaults (an unsaved row)."""
    day = day or dt.date.today()
    qs = QualitySettings.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day)
    if center is not None:
        own = qs.filter(center=center).first()
        if own:
            return own
    return qs.filter(center__isnull=True).first() or QualitySettings()


def period_call_records(
    period: Period, *, agent_ids: Iterable[int] | None = None, center: Center | None = None
) -> dict[int, list[CallRecord]]:
    """The answered calls of ``period`` (local dates) as core ``CallRecord`` s, grouped by agent id.

    One query (``values_list``) for any number of agents: what §3.2 sampling needs — call id, agent,
    answer and end time, talk seconds, whether a recording exists. Local dates are the ones stored at
    import (center time zone), so the period filter is on ``local_date``.
    """
    # a day of margin each side: the core filters on the answer time's local date exactly
    qs = Call.objects.filter(
        local_date__gte=period.start - dt.timedelta(days=1),
        local_date__lte=period.end + dt.timedelta(days=1),
        answered_at__isnull=False,
        abandoned=False,
    )
    if agent_ids is not None:
        qs = qs.filter(agent_id__in=list(agent_ids))
    else:
        qs = qs.filter(agent__isnull=False)
    if center is not None:
        qs = qs.filter(center=center)
    rows = qs.values_list(
        "call_id",
        "agent_id",
        "agent__work_number",
        "answered_at",
        "ended_at",
        "talk_seconds",
        "recording__id",
    )
    out: dict[int, list[CallRecord]] = defaultdict(list)
    for call_id, agent_id, wn, answered, ended, talk, rec in rows.iterator(chunk_size=20000):
        out[agent_id].append(
            CallRecord(call_id, wn, answered, ended, talk_seconds=talk, recording="1" if rec else "")
        )
    return out


def evaluated_call_ids(agent_ids: Iterable[int] | None = None) -> set[str]:
    """Call ids already evaluated (§3.2: not eligible again)."""
    qs = Evaluation.objects.filter(call__isnull=False)
    if agent_ids is not None:
        qs = qs.filter(session__agent_id__in=list(agent_ids))
    return set(qs.values_list("call__call_id", flat=True))


@dataclass(frozen=True)
class AgentMonth:
    agent: Person
    month: str  # YYYY-MM
    result: MonthlyScore
    sessions: tuple[Session, ...]


def month_periods(year: int, month: int) -> tuple[str, str]:
    return str(Period(year, month, 1)), str(Period(year, month, 2))


def monthly_scores(agents: Iterable[Person], year: int, month: int) -> list[AgentMonth]:
    """§3.6 monthly composite per agent from the submitted sessions of the month's two periods."""
    agents = list(agents)
    periods = month_periods(year, month)
    sessions = (
        Session.objects.filter(
            agent__in=agents, period__in=periods, status=Session.Status.SUBMITTED, score__isnull=False
        )
        .select_related("monitor")
        .order_by("date", "id")
    )
    by_agent: dict[int, list[Session]] = defaultdict(list)
    for s in sessions:
        by_agent[s.agent_id].append(s)
    out = []
    weights: dict[int | None, QualitySettings] = {}
    for a in agents:
        if a.center_id not in weights:
            weights[a.center_id] = settings_for(a.center, dt.date(year, month, 1))
        st = weights[a.center_id]
        mine = by_agent.get(a.pk, [])
        result = monthly_score(
            [s.score for s in mine if s.kind == Kind.RECORDING],
            [s.score for s in mine if s.kind == Kind.LIVE],
            w_rec=st.w_rec,
            w_live=st.w_live,
        )
        out.append(AgentMonth(a, f"{year:04d}-{month:02d}", result, tuple(mine)))
    return out


def months_back(year: int, month: int, n: int) -> list[tuple[int, int]]:
    """The ``n`` months ending with (year, month), oldest first."""
    out = []
    for _ in range(n):
        out.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]
