"""KPI reads (§7): the KPIs of ``hotline.core.kpi`` aggregated in the database, and targets.

The counting rules are those of :mod:`hotline.core.kpi` (inbound only; short abandons — abandoned
with a known wait < threshold — left out of offered and abandoned; service level over offered, null
without any known wait; ASA over answered calls with a known wait; AHT = (talk + hold + after-call
work) / answered; FCR and satisfaction with their sample size). Here they are conditional COUNT/SUM
in one ``values().annotate()`` query per table, so a year of calls of 1,000 agents never crosses
into Python row by row; ``tests/test_kpi_selectors.py`` holds the result equal to
``hotline.core.kpi.summarise_by`` on the same calls. At the default thresholds the same query runs
over the rollups of ``hotline.calls.rollups`` (sums of those counts per agent × day × skill), which
``tests/test_kpi_rollups.py`` holds equal to the direct computation; for the whole months of a
range the month rollups (agent/center × month × skill) are read instead of the day rows
(:func:`rollup_sources`): a year of 1,000 agents is ~50 k month rows instead of ~700 k day rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import Q, QuerySet

from hotline.calls.models import Call, CallMonthRollup, CallRollup, CenterMonthRollup, CenterRollup
from hotline.calls.rollups import MEASURES, ROLLUP_SETTINGS, call_aggregates, rollup_aggregates
from hotline.core.kpi import KpiRow, KpiSettings, ratio
from hotline.core.periods import month_bounds
from hotline.org.policies import policy_in_force

from .models import KpiTarget

DIMENSIONS = {
    "center": ("center__name",),
    "skill": ("skill",),
    "company": ("agent__company__name",),
    "team": ("agent__team__name",),
    "agent": ("agent__work_number", "agent__name"),
}
PERIODS = ("day", "week", "month")

# Used when no KpiTarget row applies (§7: resolution 40 %, satisfaction 80 %; the rest are the
# industry's usual 80/20 service level, 5 % abandonment and a 5-minute handle time).
DEFAULT_TARGETS = {
    "service_level": 0.80,
    "abandonment_rate": 0.05,
    "aht": 300.0,
    "fcr": 0.40,
    "satisfaction": 0.80,
    "qa_score": 85.0,
}


def period_label(period: str, value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if period == "day":
        return value.isoformat()
    if period == "week":
        y, w, _ = value.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{value.year:04d}-{value.month:02d}"


_SUMMED = MEASURES


def rollups_answer(settings: KpiSettings | None) -> bool:
    """Whether the rollups hold these thresholds (else the KPIs are computed from the calls) and are
    in use (``HOTLINE_KPI_ROLLUPS``)."""
    return django_settings.HOTLINE_KPI_ROLLUPS and (settings or KpiSettings()) == ROLLUP_SETTINGS


def rollup_sources(
    make: Callable[[type], QuerySet | None],
    date_from: dt.date,
    date_to: dt.date,
    *,
    agentless: bool,
    period: str | None = None,
) -> list[QuerySet] | None:
    """The rollup querysets that together hold the calls of ``date_from``–``date_to`` (both included):
    the month rollups for the whole months inside the range, the day rollups for the days before the
    first and after the last whole month. ``make(model)`` returns that model's rows the caller may
    see (e.g. ``kpi_calls``; None: refused — returned as is). Per agent unless ``agentless``.

    Day and week periods read the day rows only (a week crosses months), as does everything when
    ``HOTLINE_KPI_MONTH_ROLLUPS`` is off. Every measure is a count or a sum, so summing the parts
    (:func:`kpi_table` takes the list) gives the KPIs of the whole range."""
    day_model, month_model = (CenterRollup, CenterMonthRollup) if agentless else (CallRollup, CallMonthRollup)

    def part(model, lo, hi):
        qs = make(model)
        return None if qs is None else qs.filter(local_date__range=(lo, hi))

    whole_from = date_from if date_from.day == 1 else month_bounds(date_from)[1] + dt.timedelta(days=1)
    whole_to = (
        date_to if month_bounds(date_to)[1] == date_to else date_to.replace(day=1) - dt.timedelta(days=1)
    )
    if period in ("day", "week") or not django_settings.HOTLINE_KPI_MONTH_ROLLUPS or whole_from > whole_to:
        only = part(day_model, date_from, date_to)
        return None if only is None else [only]
    parts = [part(month_model, whole_from, whole_to.replace(day=1))]
    if date_from < whole_from:
        parts.append(part(day_model, date_from, whole_from - dt.timedelta(days=1)))
    if whole_to < date_to:
        parts.append(part(day_model, whole_to + dt.timedelta(days=1), date_to))
    return None if any(p is None for p in parts) else parts


def kpi_sources(
    make: Callable[[type], QuerySet | None],
    date_from: dt.date,
    date_to: dt.date,
    settings: KpiSettings | None,
    *,
    agentless: bool,
    period: str | None = None,
) -> list[QuerySet] | None:
    """What :func:`kpi_table` reads for ``date_from``–``date_to``: at the default thresholds the
    rollups (:func:`rollup_sources`), else the calls themselves. ``make(model)`` gives the rows of that
    model the caller may see (None: refused, returned as is)."""
    if rollups_answer(settings):
        return rollup_sources(make, date_from, date_to, agentless=agentless, period=period)
    calls = make(Call)
    return None if calls is None else [calls.filter(local_date__range=(date_from, date_to))]


def _aggregates_for(qs: QuerySet, s: KpiSettings) -> dict:
    if qs.model is Call:
        return call_aggregates(s)
    if s != ROLLUP_SETTINGS:
        raise ValueError("the rollups hold the default thresholds only: read the calls for others")
    return rollup_aggregates()


def _row(label: str, a: dict) -> KpiRow:
    offered = a["n_in"] - a["n_short"]
    abandoned = a["n_ab_all"] - a["n_short"]
    known_offered = a["n_known"] - a["n_short"]
    return KpiRow(
        group=label,
        offered=offered,
        answered=a["n_ans"],
        abandoned=abandoned,
        short_abandons=a["n_short"],
        abandonment_rate=ratio(abandoned, offered),
        service_level=None if known_offered == 0 else ratio(a["n_within"], offered),
        answered_within=a["n_within"],
        asa=ratio(float(a["wait_sum"] or 0.0), a["wait_n"]),
        aht=ratio(float(a["handle_sum"] or 0.0), a["n_ans"]),
        fcr=ratio(a["res_yes"], a["res_n"]),
        fcr_n=a["res_n"],
        satisfaction=ratio(a["sat_yes"], a["sat_n"]),
        satisfaction_n=a["sat_n"],
        outbound=a["n_out"],
    )


def kpi_table(
    calls: QuerySet[Call] | Sequence[QuerySet],
    *,
    by: str | None = None,
    period: str | None = None,
    settings: KpiSettings | None = None,
) -> list[KpiRow]:
    """KPIs per group (``by`` a dimension, ``period`` day/week/month, either, both or none).

    ``calls`` is a queryset of calls, or of rollup rows (``CallRollup``/``CenterRollup`` and their
    month versions, same field names, default thresholds only — :func:`rollups_answer`): the same rules
    either way; or a list of such querysets over disjoint calls (:func:`rollup_sources`), whose counts
    and sums are added.

    The group label is "dimension value" (agents: "work number name"), a period label, or both
    joined by " · ". Sorted by label. Weeks and months are grouped by day in the database and the
    daily counts and sums added up here (exact: every aggregate is a count or a sum), because date
    truncation is a per-row Python function on SQLite.
    """
    s = settings or KpiSettings()
    fields: list[str] = []
    sources = [q.order_by() for q in ([calls] if isinstance(calls, QuerySet) else calls)]
    if by is not None:
        if by not in DIMENSIONS:
            raise ValueError(f"unknown dimension '{by}' ({', '.join(DIMENSIONS)})")
        fields += DIMENSIONS[by]
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"unknown period '{period}' (day, week, month)")
        fields.append("local_date")
    if not fields:
        total = {k: 0 for k in _SUMMED}
        for qs in sources:
            a = qs.aggregate(**_aggregates_for(qs, s))
            for k in _SUMMED:
                total[k] += a[k] or 0
        return [] if not total["n_in"] and not total["n_out"] else [_row("", total)]
    groups: dict[str, dict] = {}
    every = (a for qs in sources for a in qs.values(*fields).annotate(**_aggregates_for(qs, s)))
    for a in every:
        parts = []
        if by is not None:
            parts.append(" ".join(str(a[f]) for f in DIMENSIONS[by] if a[f] not in (None, "")))
        if period is not None:
            parts.append(period_label(period, a["local_date"]))
        label = " · ".join(parts)
        into = groups.get(label)
        if into is None:
            groups[label] = {k: a[k] for k in _SUMMED}
        else:
            for k in _SUMMED:
                into[k] = (into[k] or 0) + (a[k] or 0)
    return [_row(label, groups[label]) for label in sorted(groups)]


def center_settings(center, on: dt.date) -> KpiSettings:
    """The center's KPI thresholds in force on ``on`` (the ``kpi_settings`` policy; defaults 20 s / 5 s,
    those of ``hotline kpi``)."""
    v = policy_in_force("kpi_settings", center, on)
    return KpiSettings(answer_time=float(v.answer_time), short_abandon=float(v.short_abandon))


@dataclass(frozen=True)
class Target:
    kpi: str
    value: float
    effective_from: dt.date | None  # None: the built-in default
    scope: str = ""
    skill_filter: str = ""  # the calls the target is set on ("" = every call)
    reason_filter: str = ""


def target_for(kpi: str, *, center_id: int | None, on: dt.date, scope: str = "") -> Target | None:
    """The target in force on ``on``: the most specific (center + scope, center, every center) first."""
    rows = KpiTarget.objects.filter(kpi=kpi, effective_from__lte=on).filter(
        Q(center_id=center_id) | Q(center__isnull=True)
    )
    candidates = [t for t in rows if t.scope in (scope, "")]
    if candidates:
        best = max(
            candidates,
            key=lambda t: (t.scope == scope and scope != "", t.center_id is not None, t.effective_from),
        )
        return Target(kpi, best.value, best.effective_from, best.scope, best.skill_filter, best.reason_filter)
    if kpi in DEFAULT_TARGETS:
        return Target(kpi, DEFAULT_TARGETS[kpi], None)
    return None


def target_series(
    center_id: int | None, dates: list[dt.date], kpis=tuple(DEFAULT_TARGETS)
) -> dict[str, list]:
    """Each KPI's target on each date (for target lines on a trend), in one query."""
    rows = list(
        KpiTarget.objects.filter(kpi__in=kpis, scope="").filter(
            Q(center_id=center_id) | Q(center__isnull=True)
        )
    )
    out: dict[str, list] = {}
    for kpi in kpis:
        mine = [t for t in rows if t.kpi == kpi]
        series = []
        for d in dates:
            valid = [t for t in mine if t.effective_from <= d]
            if valid:
                series.append(max(valid, key=lambda t: (t.center_id is not None, t.effective_from)).value)
            else:
                series.append(DEFAULT_TARGETS.get(kpi))
        out[kpi] = series
    return out


def target_calls(calls: QuerySet[Call], target: Target | None) -> QuerySet[Call]:
    """The calls a target is set on (§7 维修电话人工解决率): its skill, and reasons starting with its
    reason filter; every call when the target has no filter."""
    if target is None:
        return calls
    if target.skill_filter:
        calls = calls.filter(skill=target.skill_filter)
    if target.reason_filter:
        calls = calls.filter(reason__startswith=target.reason_filter)
    return calls


def period_start(period: str, label: str) -> dt.date:
    """The first day of a period label made by :func:`period_label`."""
    if period == "day":
        return dt.date.fromisoformat(label)
    if period == "week":
        y, w = label.split("-W")
        return dt.date.fromisocalendar(int(y), int(w), 1)
    y, m = label.split("-")
    return dt.date(int(y), int(m), 1)
