"""Reads of calls that span relations: the recording search of §2."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import Q, QuerySet, Sum

from .access import calls_filter, visible_calls
from .models import Call, CallRollup

SORTS = {
    "start": ("started_at", "call_id"),
    "-start": ("-started_at", "call_id"),
    "duration": ("talk_seconds", "started_at"),
    "-duration": ("-talk_seconds", "started_at"),
}


@dataclass(frozen=True)
class CallSearch:
    """The filters of the recording search; every field optional."""

    agent: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None
    weekday: int | None = None
    skill: str = ""
    direction: str = ""
    reason: str = ""
    with_recording: bool = False
    abandoned: bool | None = None
    min_score: float | None = None
    max_score: float | None = None
    flag: str = ""  # "any", "excellent" or "poor": in the training library
    sort: str = "-start"


def search_calls(user, f: CallSearch) -> QuerySet[Call]:
    qs = visible_calls(user).select_related("agent", "center", "recording")
    if f.agent:
        qs = (
            qs.filter(agent__work_number=f.agent)
            if f.agent.isdigit()
            else qs.filter(agent__name__contains=f.agent)
        )
    if f.date_from:
        qs = qs.filter(local_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(local_date__lte=f.date_to)
    if f.min_seconds is not None:
        qs = qs.filter(talk_seconds__gte=f.min_seconds)
    if f.max_seconds is not None:
        qs = qs.filter(talk_seconds__lte=f.max_seconds)
    if f.weekday is not None:
        qs = qs.filter(weekday=f.weekday)
    if f.skill:
        qs = qs.filter(skill=f.skill)
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.reason:
        qs = qs.filter(reason__contains=f.reason)
    if f.with_recording:
        qs = qs.filter(recording__isnull=False)
    if f.abandoned is not None:
        qs = qs.filter(abandoned=f.abandoned)
    if f.min_score is not None or f.max_score is not None:
        qs = qs.filter(pk__in=call_ids_scored(f.min_score, f.max_score))
    if f.flag:
        qs = qs.filter(pk__in=call_ids_flagged("" if f.flag == "any" else f.flag))
    return qs.order_by(*SORTS.get(f.sort, SORTS["-start"]))


def search_count_from_rollups(user, f: CallSearch) -> int | None:
    """The number of calls :func:`search_calls` finds, summed from the agent × day × skill rollups when
    the search only narrows what they key (dates, skill, direction) — the unfiltered list of a year of
    calls is counted from a few thousand rows, not by scanning every call. None when another filter is
    set or rollups are not kept (the caller counts the calls)."""
    narrower = (f.agent, f.min_seconds, f.max_seconds, f.weekday, f.reason, f.with_recording, f.abandoned,
                f.min_score, f.max_score, f.flag)  # fmt: skip
    if not django_settings.HOTLINE_KPI_ROLLUPS or any(v not in (None, "", False) for v in narrower):
        return None
    q = calls_filter(user)
    if q is None:
        return 0
    rows = CallRollup.objects.filter(q)
    if f.date_from:
        rows = rows.filter(local_date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(local_date__lte=f.date_to)
    if f.skill:
        rows = rows.filter(skill=f.skill)
    wanted = {"in": ("n_in",), "out": ("n_out",)}.get(f.direction, ("n_in", "n_out"))
    sums = rows.aggregate(**{k: Sum(k) for k in wanted})
    return sum(v or 0 for v in sums.values())


def skills_for(user) -> list[str]:
    """The skills of the calls ``user`` may see (the call search's choices): read from the agent × day
    × skill rollups when they are kept (a few thousand rows a year instead of every call)."""
    if django_settings.HOTLINE_KPI_ROLLUPS:
        q = calls_filter(user)
        rows = CallRollup.objects.filter(q) if q is not None else CallRollup.objects.none()
    else:
        rows = visible_calls(user)
    return list(rows.exclude(skill="").values_list("skill", flat=True).distinct().order_by("skill"))


# The regime's marks on calls, read through the reverse relations that quality declares on Call and
# Recording (``evaluations``, ``training_flags``) — calls never imports quality (dependencies one way).


def call_ids_scored(min_score: float | None = None, max_score: float | None = None):
    """Ids of calls with a submitted evaluation (one and the same) whose current score lies in
    [min_score, max_score]."""
    cond = {"evaluations__version__gt": 0, "evaluations__score__isnull": False}
    if min_score is not None:
        cond["evaluations__score__gte"] = min_score
    if max_score is not None:
        cond["evaluations__score__lte"] = max_score
    return Call.objects.filter(**cond).values("pk")


def call_ids_flagged(kind: str = ""):
    """Ids of calls whose recording is in the training library (optionally only excellent or poor)."""
    cond = {"recording__training_flags__kind": kind} if kind else {"recording__training_flags__isnull": False}
    return Call.objects.filter(**cond).values("pk")


def calls_on_node(path: str) -> Q:
    """Calls archived on the problem-management node ``path`` or below it (§9: the reason code is the
    node path, children add ``-…``)."""
    return Q(reason=path) | Q(reason__startswith=path + "-")
