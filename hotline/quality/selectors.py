"""Reads for the monitoring regime that span relations (no access rules here: see ``access.py``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, fields

from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast

from hotline.calls.models import Call
from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.sampling import Selection, select_recordings
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
    """The answered, recorded calls of ``period`` as core ``CallRecord`` s, grouped by agent id.

    One query for any number of agents, reading only what §3.2 needs (call id, agent, answer and end
    time, talk seconds); calls without a recording are left out in SQL since they are never eligible.
    The SQL range has a day of margin each side; the core filters on the answer time's local date.

    Speed (see ``bench/plan.py``): datetimes are read as text over a plain cursor and parsed here, and
    records are built without the frozen dataclass ``__init__`` — Django's per-value converters and
    the 19-field frozen ``__init__`` each cost more than the whole §3.2 selection of a row.
    """
    qs = Call.objects.filter(
        local_date__gte=period.start - dt.timedelta(days=1),
        local_date__lte=period.end + dt.timedelta(days=1),
        answered_at__isnull=False,
        abandoned=False,
        recording__isnull=False,
    )
    if agent_ids is not None:
        qs = qs.filter(agent_id__in=list(agent_ids))
    else:
        qs = qs.filter(agent__isnull=False)
    if center is not None:
        qs = qs.filter(center=center)
    sql, params = (
        qs.order_by()
        .annotate(a_txt=Cast("answered_at", CharField()), e_txt=Cast("ended_at", CharField()))
        .values_list("call_id", "agent_id", "a_txt", "e_txt", "talk_seconds")
        .query.sql_with_params()
    )
    numbers: dict[int, str] = {}
    out: dict[int, list[CallRecord]] = defaultdict(list)
    with _gc_paused(), connection.cursor() as cur:
        cur.execute(sql, params)
        while rows := cur.fetchmany(50000):
            for call_id, agent_id, answered, ended, talk in rows:
                wn = numbers.get(agent_id)
                if wn is None:
                    wn = numbers[agent_id] = Person.objects.values_list("work_number", flat=True).get(
                        pk=agent_id
                    )
                out[agent_id].append(_record(call_id, wn, _aware(answered), _aware(ended), talk))
    return out


@contextlib.contextmanager
def _gc_paused():
    """Millions of small objects that live on: the cyclic collector would rescan them again and again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def period_selections(
    period: Period, *, agents: Iterable[Person], min_seconds: float | None = None
) -> dict[int, Selection]:
    """§3.2 picks of every given agent for ``period``: one query for the calls, then the core per agent
    (minimum length from each center's settings unless ``min_seconds`` is given)."""
    agents = list(agents)
    by_agent = period_call_records(period, agent_ids=[a.pk for a in agents])
    evaluated = evaluated_call_ids([a.pk for a in agents])
    centers = {c.pk: c for c in Center.objects.filter(pk__in={a.center_id for a in agents})}
    limits = {
        pk: min_seconds if min_seconds is not None else settings_for(c, period.start).min_seconds
        for pk, c in centers.items()
    }
    out = {}
    with _gc_paused():
        for a in agents:
            out[a.pk] = select_recordings(
                by_agent.get(a.pk, []), period, min_seconds=limits[a.center_id],
                tz=centers[a.center_id].timezone, already_evaluated=evaluated, agent=a.work_number,
            )  # fmt: skip
    return out


_DEFAULTS = {f.name: f.default for f in fields(CallRecord) if f.default is not MISSING}


def _record(call_id: str, agent: str, answered, ended, talk) -> CallRecord:
    """``CallRecord(call_id, agent, answered, ended, talk_seconds=talk, recording="1")`` without the
    frozen ``__init__`` (same attributes; CallRecord has no ``__post_init__``)."""
    r = object.__new__(CallRecord)
    d = dict(_DEFAULTS)
    d.update(
        call_id=call_id, agent=agent, answered_at=answered, ended_at=ended, talk_seconds=talk, recording="1"
    )
    r.__dict__.update(d)
    return r


def _aware(value):
    """A database datetime as an aware UTC datetime (text on SQLite, stored in UTC without an offset;
    PostgreSQL text carries its offset)."""
    if value is None or isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        tail = value[19:]
        d = dt.datetime.fromisoformat(value if ("+" in tail or "-" in tail) else value + "+00:00")
        return d if d.tzinfo is not None else d.replace(tzinfo=dt.UTC)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


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
