"""Reads for the monitoring regime that span relations (no access rules here: see ``access.py``)."""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, fields
from typing import NamedTuple

from django.conf import settings as django_settings
from django.db import connection, connections
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from hotline.calls.models import Call
from hotline.core.calllog import CallRecord
from hotline.core.periods import Period
from hotline.core.sampling import Selection, epoch_micro, seconds_to_micro, select_from_instants
from hotline.core.scoring import MonthlyScore, monthly_score_from_sums
from hotline.org.models import Center, Person
from hotline.org.policies import policy_in_force, policy_in_force_many
from hotline.org.selectors import id_set

from .models import Evaluation, HolidayOverride, Kind, Purpose, QualitySettings, ScoreRollup, Session
from .rollups import counted


def holidays_in_force(
    start: dt.date | None = None, end: dt.date | None = None
) -> dict[dt.date, HolidayOverride]:
    """The §3.4 holiday table as it judges each date: for every date with a version, the version in
    force *on that date* (``policy_in_force("holidays", None, date, date=date)`` for each date, read
    in one query). A day already past keeps the status it had that day (DECISIONS "Versioned
    policies": holidays). Dates without a version follow the Chinese calendar."""
    qs = HolidayOverride.objects.filter(center__isnull=True, effective_from__lte=F("date")).exclude(
        effective_to__lt=F("date")
    )
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return {row.date: row for row in qs.order_by("date", "effective_from", "id")}  # the latest wins


def settings_for(center: Center | None, day: dt.date | None = None) -> QualitySettings:
    """The settings in force on ``day`` (today by default): the center's own row, else the global one,
    else the defaults (an unsaved row)."""
    return policy_in_force("quality", center, day or timezone.localdate())


def settings_for_many(
    centers: dict[int | None, Center | None], days: Iterable[dt.date]
) -> dict[tuple[int | None, dt.date], QualitySettings]:
    """:func:`settings_for` of every (center id, day) pair in one query (issue 16: the scores page asked
    twice per center and month of its trends)."""
    return policy_in_force_many("quality", centers.values(), days)


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
    qs = _eligible_candidates(period, None if agent_ids is None else list(agent_ids), center)
    sql, params = (
        qs.annotate(a_txt=Cast("answered_at", CharField()), e_txt=Cast("ended_at", CharField()))
        .values_list("call_id", "agent_id", "a_txt", "e_txt", "talk_seconds")
        .query.sql_with_params()
    )
    numbers: dict[int, str] = {}  # agent id → work number, read once per agent
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


def _eligible_candidates(period: Period, agent_ids: list[int] | None, center: Center | None):
    """Calls of ``period`` (a day of margin each side) that can be eligible: answered, not abandoned,
    with a recording, of the given agents (any agent when ``None``) and center."""
    qs = Call.objects.filter(
        local_date__gte=period.start - dt.timedelta(days=1),
        local_date__lte=period.end + dt.timedelta(days=1),
        answered_at__isnull=False,
        abandoned=False,
        recording__isnull=False,
    )
    if agent_ids is None:
        qs = qs.filter(agent__isnull=False)
    elif len(agent_ids) > _AGENT_INDEX_LIMIT:
        # Many agents: scan the period by date. "agent_id + 0" is the same value but keeps SQLite from
        # reading the period agent by agent through the agent index (scattered rows, about 2x slower).
        qs = qs.alias(agent_plain=F("agent_id") + 0).filter(agent_plain__in=agent_ids)
    else:
        qs = qs.filter(agent_id__in=agent_ids)
    if center is not None:
        qs = qs.filter(center=center)
    return qs.order_by()


_AGENT_INDEX_LIMIT = 50


def period_call_instants(
    period: Period, *, agent_ids: Iterable[int] | None = None, center: Center | None = None
) -> dict[int, list[tuple[str, int, int]]]:
    """The answered, recorded calls of ``period`` as ``(call_id, answered_us, duration_us)`` per agent id
    — the input of ``hotline.core.sampling.select_from_instants`` (microseconds since the Unix epoch;
    talk time from answer and end time, else ``talk_seconds``).

    One query for any number of agents with a day of margin each side (the core decides eligibility
    on the local date of the answer time). Speed (``bench/plan.py``): no model instances, no Django
    converters — on SQLite the times are read as their stored text (UTC) and parsed with
    ``datetime.fromisoformat``; other databases hand back aware datetimes.
    """
    ids = None if agent_ids is None else list(agent_ids)
    qs = _eligible_candidates(period, ids, center)
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        qs = qs.annotate(a_txt=Cast("answered_at", CharField()), e_txt=Cast("ended_at", CharField()))
        cols = ("call_id", "agent_id", "a_txt", "e_txt", "talk_seconds")
    else:
        cols = ("call_id", "agent_id", "answered_at", "ended_at", "talk_seconds")
    sql, params = qs.values_list(*cols).query.sql_with_params()
    out: dict[int, list[tuple[str, int, int]]] = {}
    add = _add_text_rows if sqlite else _add_rows
    with _gc_paused(), connection.cursor() as cur:
        cur.execute(sql, params)
        while rows := cur.fetchmany(20000):
            add(rows, out)
    return out


def _add_text_rows(rows, out: dict) -> None:
    """Rows with naive UTC text times (SQLite) appended per agent; anything else (no end time, a time
    with an offset) goes through ``_instant_row``."""
    parse, epoch, micro = dt.datetime.fromisoformat, _NAIVE_EPOCH, _MICRO
    for call_id, agent_id, answered, ended, talk in rows:
        try:
            start = (parse(answered) - epoch) // micro
            duration = (parse(ended) - epoch) // micro - start
        except (TypeError, ValueError):
            start, duration = _instant_row(answered, ended, talk)
        mine = out.get(agent_id)
        if mine is None:
            mine = out[agent_id] = []
        mine.append((call_id, start, duration))


def _add_rows(rows, out: dict) -> None:
    """Rows with datetimes (aware from PostgreSQL; naive ones are taken as UTC) appended per agent."""
    for call_id, agent_id, answered, ended, talk in rows:
        start, duration = _instant_row(answered, ended, talk)
        mine = out.get(agent_id)
        if mine is None:
            mine = out[agent_id] = []
        mine.append((call_id, start, duration))


def _instant_row(answered, ended, talk) -> tuple[int, int]:
    """(answer µs since the epoch, talk µs) of one row: end − answer, else ``talk_seconds``."""
    start = epoch_micro(_aware(answered))
    if ended is None:
        return start, seconds_to_micro(talk or 0.0)
    return start, epoch_micro(_aware(ended)) - start


_NAIVE_EPOCH = dt.datetime(1970, 1, 1)
_MICRO = dt.timedelta(microseconds=1)


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
    """§3.2 picks of every given agent for ``period``, keyed by agent id: one query for the calls, then
    the core per agent (minimum length from each center's settings unless ``min_seconds`` is given)."""
    agents = list(agents)
    ids = [a.pk for a in agents]
    by_agent = period_call_instants(period, agent_ids=ids)
    evaluated = evaluated_call_ids(ids)
    centers = {c.pk: c for c in Center.objects.filter(pk__in={a.center_id for a in agents})}
    limits = {
        pk: min_seconds if min_seconds is not None else settings_for(c, period.start).min_seconds
        for pk, c in centers.items()
    }
    out = {}
    with _gc_paused():
        for a in agents:
            out[a.pk] = select_from_instants(
                by_agent.get(a.pk, ()), period, min_seconds=limits[a.center_id],
                tz=centers[a.center_id].timezone, already_evaluated=evaluated, agent=a.work_number,
            )  # fmt: skip
    return out


def month_selections(
    periods: Iterable[Period],
    *,
    agents: Iterable[Person],
    min_seconds: float | None = None,
    workers: int | None = None,
) -> dict[Period, dict[int, Selection]]:
    """``period_selections`` for several periods (typically a month's H1 and H2), one worker process
    per period when that can help (``workers``: default the CPU count, at most one per period).

    Falls back to running the periods one after the other — same result — with one worker, on a
    platform without ``fork``, inside a transaction or an in-memory SQLite database (a child process
    would not see the data), inside a daemonic process (a Celery prefork worker), or when the pool
    fails to start or run.
    """
    agents, periods = list(agents), list(periods)
    n = min(workers or os.cpu_count() or 1, len(periods))
    if n > 1 and _can_fork():
        connections.close_all()  # the children open their own connections
        try:
            ctx = multiprocessing.get_context("fork")
            with concurrent.futures.ProcessPoolExecutor(n, mp_context=ctx) as pool:
                jobs = [pool.submit(_period_job, p, agents, min_seconds) for p in periods]
                return {p: job.result() for p, job in zip(periods, jobs, strict=True)}
        except (OSError, concurrent.futures.process.BrokenProcessPool):
            pass  # serial below
    return {p: period_selections(p, agents=agents, min_seconds=min_seconds) for p in periods}


def _can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return False
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block or (conn.vendor == "sqlite" and conn.is_in_memory_db()):
            return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _period_job(period: Period, agents: list[Person], min_seconds: float | None) -> dict[int, Selection]:
    """One period in a worker process (forked: Django is set up, the connection is its own)."""
    try:
        return period_selections(period, agents=agents, min_seconds=min_seconds)
    finally:
        connections.close_all()


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
    """Call ids already evaluated in the regime (§3.2: not eligible again); an ad hoc evaluation
    (five methods, calibration) does not take a call out of the regime's sampling."""
    qs = Evaluation.objects.filter(call__isnull=False, session__purpose=Purpose.REGIME)
    if agent_ids is not None:
        qs = qs.filter(session__agent_id__in=list(agent_ids))
    return set(qs.values_list("call__call_id", flat=True))


class SessionBrief(NamedTuple):
    """What the score pages show of a counted session (a link, its kind, day and 0–100 score)."""

    pk: int
    kind: str
    date: dt.date
    score: float
    period: str


@dataclass(frozen=True)
class AgentMonth:
    agent: Person
    month: str  # YYYY-MM
    result: MonthlyScore
    sessions: tuple[SessionBrief, ...]  # filled only when asked for (``with_sessions``)


def month_periods(year: int, month: int) -> tuple[str, str]:
    return str(Period(year, month, 1)), str(Period(year, month, 2))


def monthly_scores(
    agents: Iterable[Person], year: int, month: int, *, with_sessions: bool = False
) -> list[AgentMonth]:
    """§3.6 monthly composite per agent from the submitted sessions of the month's two periods.

    Read from the score rollups (``hotline.quality.rollups``: one query for any number of agents)
    unless ``with_sessions`` — the rows then carry the sessions themselves (the scores page's links) —
    or ``HOTLINE_SCORE_ROLLUPS`` is off (the bench's baseline): then computed from the sessions."""
    return monthly_scores_many(agents, [(year, month)], with_sessions=with_sessions)[(year, month)]


def score_rollups_on() -> bool:
    return bool(getattr(django_settings, "HOTLINE_SCORE_ROLLUPS", True))


def monthly_scores_many(
    agents: Iterable[Person], months: Iterable[tuple[int, int]], *, with_sessions: bool = False
) -> dict[tuple[int, int], list[AgentMonth]]:
    """:func:`monthly_scores` of several (year, month) at once (trends): one read of the rollups for
    all months; settings and remainder figures per month."""
    agents, months = list(agents), list(months)
    ids = [a.pk for a in agents]
    sums: dict[tuple[int, int], dict[int, list]] = {m: defaultdict(lambda: [0, 0.0, 0, 0.0]) for m in months}
    sessions: dict[tuple[int, int], dict[int, list[SessionBrief]]] = {m: defaultdict(list) for m in months}
    if not agents or not months:
        return {m: [] for m in months}
    recording, live_kind = str(Kind.RECORDING.value), str(Kind.LIVE.value)  # plain text: no enum per row
    if with_sessions or not score_rollups_on():
        periods = {p: (y, m) for y, m in months for p in month_periods(y, m)}
        rows = (
            counted(Session.objects.filter(period__in=list(periods)))
            .filter(agent_id__in=id_set(ids))
            .order_by("date", "id")
            .values_list("id", "agent_id", "period", "kind", "date", "score")
        )
        for pk, agent_id, period, kind, day, score in rows:
            sessions[periods[period]][agent_id].append(SessionBrief(pk, kind, day, score, period))
        # summed in Python, in date order, exactly as ``monthly_score`` does
        for ym in months:
            for agent_id, mine in sessions[ym].items():
                rec = [x.score for x in mine if x.kind == recording]
                live = [x.score for x in mine if x.kind == live_kind]
                sums[ym][agent_id] = [len(rec), sum(rec), len(live), sum(live)]
    else:
        firsts = {dt.date(y, m, 1): (y, m) for y, m in months}
        rows = ScoreRollup.objects.filter(month__in=list(firsts), agent_id__in=id_set(ids)).values_list(
            "agent_id", "month", "kind", "n", "total"
        )
        for agent_id, first, kind, n, total in rows:
            row = sums[firsts[first]][agent_id]
            if kind == recording:
                row[0], row[1] = n, total
            elif kind == live_kind:
                row[2], row[3] = n, total
    centers: dict[int | None, Center | None] = {}
    for a in agents:
        if a.center_id not in centers:
            centers[a.center_id] = a.center
    out: dict[tuple[int, int], list[AgentMonth]] = {}
    empty = (0, 0.0, 0, 0.0)
    in_force = settings_for_many(centers, [dt.date(y, m, 1) for y, m in months])
    for y, m in months:
        weights = {cid: in_force[(cid, dt.date(y, m, 1))] for cid in centers}
        wanted = {st.remainder for st in weights.values()} & {"inspection", "satisfaction"}
        figures = {r: remainder_figures(r, agents, y, m) for r in wanted}
        # per center: (settings, its remainder's figures) — looked up once, not per agent (issue 16)
        rules = {cid: (st, figures.get(st.remainder, {})) for cid, st in weights.items()}
        month_sums, month_sessions, label = sums[(y, m)], sessions[(y, m)], f"{y:04d}-{m:02d}"
        rows_out = []
        for a, pk in zip(agents, ids, strict=True):
            st, figure = rules[a.center_id]
            rn, rt, ln, lt = month_sums.get(pk, empty)
            result = monthly_score_from_sums(
                rn, rt, ln, lt, w_rec=st.w_rec, w_live=st.w_live, remainder=st.remainder,
                remainder_value=figure.get(pk),
            )  # fmt: skip
            rows_out.append(AgentMonth(a, label, result, tuple(month_sessions.get(pk, ()))))
        out[(y, m)] = rows_out
    return out


def remainder_figures(remainder: str, agents: list[Person], year: int, month: int) -> dict[int, float]:
    """Agent id → the month's 0–100 figure of a §3.6 remainder component, for agents that have one:
    ``inspection`` — the automatic-inspection score, 100 − the mean risk of the agent's inspected
    calls of the month (§8; calls whose inspection failed are left out); ``satisfaction`` — the share
    of the agent's calls of the month with a satisfaction answer that were satisfied, × 100."""
    from django.db.models import Avg, Count

    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    ids = [a.pk for a in agents]
    calls = Call.objects.filter(agent_id__in=id_set(ids), local_date__gte=first, local_date__lte=last)
    if remainder == "inspection":
        rows = (
            calls.filter(inspection__isnull=False, inspection__error="")
            .values("agent_id")
            .annotate(risk=Avg("inspection__risk"))
        )
        return {r["agent_id"]: 100.0 - float(r["risk"]) for r in rows if r["risk"] is not None}
    if remainder == "satisfaction":
        rows = (
            calls.filter(satisfied__isnull=False)
            .values("agent_id")
            .annotate(n=Count("pk"), yes=Count("pk", filter=Q(satisfied=True)))
        )
        return {r["agent_id"]: 100.0 * r["yes"] / r["n"] for r in rows if r["n"]}
    return {}


def months_back(year: int, month: int, n: int) -> list[tuple[int, int]]:
    """The ``n`` months ending with (year, month), oldest first."""
    out = []
    for _ in range(n):
        out.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]
