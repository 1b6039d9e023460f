"""KPI rollups of calls (§7, issue 16): agent × day × skill and center × day × skill sums.

A rollup row holds the additive measures of ``hotline.core.kpi`` (counts and second sums) for the
calls of one center, local day, skill and agent, computed at :data:`ROLLUP_SETTINGS` (service-level
T 20 s, short abandon < 5 s, the defaults of the KPI pages). The KPI pages and the monthly report sum
rollup rows instead of scanning calls; with other thresholds they read the calls (see
``hotline.reports.selectors``).

Maintenance is by recomputation, so it is idempotent: a write to calls marks the (center, day)
pairs it touched — the old and the new one for a moved call — and :func:`rollups_refresh` deletes
those pairs' rollup rows and aggregates them again from the calls, in the caller's transaction; then
the months of those days are summed again from the day rows into the month rollups
(``CallMonthRollup`` agent × month × skill, ``CenterMonthRollup`` center × month × skill), which the
KPI pages read for the whole months of a long range.

- imports: once per written chunk (``hotline.calls.services``);
- a single ``save()``/``delete()`` (admin, services, tests): the signals below, at once;
- many writes in a row (demo build, a queryset ``delete()``): inside :func:`rollups_deferred`, the
  pairs are collected and refreshed once when the block ends;
- ``queryset.update()`` and ``bulk_update`` outside the import send no signal: callers refresh
  themselves, or ``hotline manage rollups_rebuild`` recomputes everything.

On PostgreSQL the refresh locks the centers' rows first, so two imports of the same center cannot
both insert a day's rows (they take turns per chunk).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from hotline.core.kpi import KpiSettings
from hotline.core.periods import month_bounds
from hotline.org.models import Center

from .models import Call, CallMonthRollup, CallRollup, CenterMonthRollup, CenterRollup

ROLLUP_SETTINGS = KpiSettings(answer_time=20.0, short_abandon=5.0)

MEASURES = ("n_in", "n_short", "n_ans", "n_ab_all", "n_within", "n_known", "wait_sum", "wait_n", "handle_sum",
            "talk_sum", "hold_sum", "acw_sum", "res_yes", "res_n", "sat_yes", "sat_n", "n_out")  # fmt: skip
_DATES_PER_QUERY = 62
MONTH_MODELS = (CallMonthRollup, CenterMonthRollup)

Key = tuple[int, dt.date]  # (center id, local date)


def call_aggregates(s: KpiSettings) -> dict:
    """The measures as conditional COUNT/SUM over calls (the rules of ``hotline.core.kpi``)."""
    inb = Q(direction="in")
    short = inb & Q(abandoned=True, wait_seconds__isnull=False, wait_seconds__lt=s.short_abandon)
    ans = inb & Q(abandoned=False, answered_at__isnull=False)
    known = Q(wait_seconds__isnull=False)
    return {
        "n_in": Count("pk", filter=inb),
        "n_short": Count("pk", filter=short),
        "n_ans": Count("pk", filter=ans),
        "n_ab_all": Count("pk", filter=inb & Q(abandoned=True)),
        "n_within": Count("pk", filter=ans & known & Q(wait_seconds__lte=s.answer_time)),
        "n_known": Count("pk", filter=inb & known),
        "wait_sum": Sum("wait_seconds", filter=ans & known),
        "wait_n": Count("pk", filter=ans & known),
        "handle_sum": Sum(F("talk_seconds") + F("hold_seconds") + F("acw_seconds"), filter=ans),
        "talk_sum": Sum("talk_seconds", filter=ans),
        "hold_sum": Sum("hold_seconds", filter=ans),
        "acw_sum": Sum("acw_seconds", filter=ans),
        "res_yes": Count("pk", filter=ans & Q(resolved=True)),
        "res_n": Count("pk", filter=ans & Q(resolved__isnull=False)),
        "sat_yes": Count("pk", filter=ans & Q(satisfied=True)),
        "sat_n": Count("pk", filter=ans & Q(satisfied__isnull=False)),
        "n_out": Count("pk", filter=~inb),
    }


def rollup_aggregates() -> dict:
    """The same measures summed over rollup rows."""
    return {k: Sum(k) for k in MEASURES}


def _insert_select(cursor, table: str, columns: list[str], select_sql: str, params) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'INSERT INTO "{table}" ({cols}) {select_sql}', params)


def _refresh_months(cursor, rollup_model, month_model, center_month_model, center_id: int, months) -> None:
    """Sum the day rows of these months (first days) of a center into the month rollups again: per
    month, delete its rows, one ``INSERT … SELECT`` grouping the agent day rows by skill and agent and
    one summing those over agents. Sums of the same rows as the day rows: the KPIs are equal."""
    day_table, month_table = rollup_model._meta.db_table, month_model._meta.db_table
    sums = ", ".join(f'SUM("{k}")' for k in MEASURES)
    cols = ["center_id", "local_date", "skill", "agent_id", *MEASURES]
    for first in sorted(months):
        first, last = month_bounds(first)
        month_model.objects.filter(center_id=center_id, local_date=first).delete()
        center_month_model.objects.filter(center_id=center_id, local_date=first).delete()
        _insert_select(
            cursor, month_table, cols,
            f'SELECT "center_id", %s, "skill", "agent_id", {sums} FROM "{day_table}" WHERE "center_id" = %s '
            f'AND "local_date" BETWEEN %s AND %s GROUP BY "center_id", "skill", "agent_id"',
            [first, center_id, first, last],
        )  # fmt: skip
        _insert_select(
            cursor, center_month_model._meta.db_table, [c for c in cols if c != "agent_id"],
            f'SELECT "center_id", "local_date", "skill", {sums} FROM "{month_table}" WHERE "center_id" = %s '
            f'AND "local_date" = %s GROUP BY "center_id", "local_date", "skill"',
            [center_id, first],
        )  # fmt: skip


def _refresh(call_model, rollup_model, center_model, keys: Iterable[Key], month_models=None) -> int:
    """Recompute the rollup rows of ``keys`` from the calls (models passed in for migrations), then
    the month rollups of their months (``month_models``: (agent month model, center month model), or
    None before they exist).

    In the database: per center and up to ``_DATES_PER_QUERY`` days, delete the rows, then one
    ``INSERT … SELECT`` of the calls' conditional aggregates (the ORM's own SQL for
    :func:`call_aggregates`) and one summing those rows over agents — no row crosses into Python."""
    by_center: dict[int, set[dt.date]] = {}
    for center_id, day in keys:
        if center_id is not None and day is not None:
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            elif isinstance(day, dt.datetime):
                day = day.date()
            by_center.setdefault(center_id, set()).add(day)
    if not by_center:
        return 0
    written = 0
    aggregates = call_aggregates(ROLLUP_SETTINGS)
    keys_out = ["center_id", "local_date", "skill", "agent_id"]
    summed = ", ".join(f'COALESCE(agg."{k}", 0)' for k in MEASURES)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            list(
                Center.objects.select_for_update()
                .filter(pk__in=sorted(by_center))
                .order_by("pk")
                .values_list("pk")
            )
        for center_id in sorted(by_center):
            days = sorted(by_center[center_id])
            for i in range(0, len(days), _DATES_PER_QUERY):
                part = days[i : i + _DATES_PER_QUERY]
                rollup_model.objects.filter(center_id=center_id, local_date__in=part).delete()
                center_model.objects.filter(center_id=center_id, local_date__in=part).delete()
                inner = (
                    call_model.objects.filter(center_id=center_id, local_date__in=part)
                    .order_by()
                    .values("center_id", "local_date", "skill", "agent_id")
                    .annotate(**aggregates)
                )
                sql, params = inner.query.sql_with_params()
                _insert_select(
                    cursor, rollup_model._meta.db_table, keys_out + list(MEASURES),
                    f'SELECT agg."center_id", agg."local_date", agg."skill", agg."agent_id", {summed} FROM ({sql}) agg',
                    params,
                )  # fmt: skip
                written += cursor.rowcount if cursor.rowcount and cursor.rowcount > 0 else 0
                sums = ", ".join(f'SUM("{k}")' for k in MEASURES)
                marks = ", ".join(["%s"] * len(part))
                _insert_select(
                    cursor, center_model._meta.db_table, keys_out[:3] + list(MEASURES),
                    f'SELECT "center_id", "local_date", "skill", {sums} FROM "{rollup_model._meta.db_table}" '
                    f'WHERE "center_id" = %s AND "local_date" IN ({marks}) GROUP BY "center_id", "local_date", "skill"',
                    [center_id, *part],
                )  # fmt: skip
            if month_models is not None:
                _refresh_months(
                    cursor, rollup_model, *month_models, center_id, {d.replace(day=1) for d in days}
                )
    return written


def rollups_refresh(keys: Iterable[Key]) -> int:
    """Recompute the rollups of these (center id, local date) pairs; returns agent rows written."""
    keys = list(keys)
    if _deferred.depth:
        _deferred.keys.update(keys)
        return 0
    return _refresh(Call, CallRollup, CenterRollup, keys, MONTH_MODELS)


def rollups_rebuild(center_ids: Iterable[int] | None = None, *, call_model=Call, rollup_model=CallRollup,
                    center_model=CenterRollup, month_models=None) -> int:  # fmt: skip
    """Recompute every rollup (of these centers): drop them, then refresh each center month by month
    (day rows, then that month's rows). ``month_models`` default to the current models when the day
    models are (a migration passes its own, or none before the month tables exist)."""
    if month_models is None and rollup_model is CallRollup:
        month_models = MONTH_MODELS
    centers = list(center_ids) if center_ids is not None else None
    with transaction.atomic():
        for model in (rollup_model, center_model, *(month_models or ())):
            (model.objects.all() if centers is None else model.objects.filter(center_id__in=centers)).delete()
    calls = call_model.objects.all() if centers is None else call_model.objects.filter(center_id__in=centers)
    written = 0
    for center_id in sorted(set(calls.order_by().values_list("center_id", flat=True).distinct())):
        span = calls.filter(center_id=center_id).aggregate(lo=Min("local_date"), hi=Max("local_date"))
        day = span["lo"]
        while day is not None and day <= span["hi"]:
            month_end = min(
                (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1), span["hi"] + dt.timedelta(1)
            )
            days = [day + dt.timedelta(days=i) for i in range((month_end - day).days)]
            written += _refresh(
                call_model, rollup_model, center_model, [(center_id, d) for d in days], month_models
            )
            day = month_end
    return written


def month_rollups_fill(rollup_model, month_model, center_month_model) -> None:
    """Sum every month of the day rollups into the month rollups (the migration that adds them)."""
    pairs = {
        (c, d.replace(day=1))
        for c, d in rollup_model.objects.order_by().values_list("center_id", "local_date").distinct()
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for center_id in sorted({c for c, _ in pairs}):
            _refresh_months(cursor, rollup_model, month_model, center_month_model, center_id,
                            {m for c, m in pairs if c == center_id})  # fmt: skip
        if connection.vendor == "postgresql":  # planner statistics for the new tables (hash joins)
            cursor.execute(
                f'ANALYZE "{month_model._meta.db_table}"; ANALYZE "{center_month_model._meta.db_table}"'
            )


# --- keeping them current on single writes ---------------------------------------------------------


class _Deferred(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.keys: set[Key] = set()


_deferred = _Deferred()


@contextmanager
def rollups_deferred() -> Iterator[None]:
    """Collect the (center, day) pairs that writes inside the block touch; refresh them once at the end."""
    _deferred.depth += 1
    try:
        yield
    finally:
        _deferred.depth -= 1
        if _deferred.depth == 0:
            keys, _deferred.keys = _deferred.keys, set()
            _refresh(Call, CallRollup, CenterRollup, keys, MONTH_MODELS)


def _old_key(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance._rollup_old = (
        Call.objects.filter(pk=instance.pk).values_list("center_id", "local_date").first()
        if instance.pk is not None
        else None
    )


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    keys = [(instance.center_id, instance.local_date)]
    old = getattr(instance, "_rollup_old", None)
    if old is not None and old != keys[0]:
        keys.append(old)
    rollups_refresh(keys)


def _deleted(sender, instance, **kwargs):
    rollups_refresh([(instance.center_id, instance.local_date)])


pre_save.connect(_old_key, sender=Call, dispatch_uid="calls.rollup.old")
post_save.connect(_saved, sender=Call, dispatch_uid="calls.rollup.saved")
post_delete.connect(_deleted, sender=Call, dispatch_uid="calls.rollup.deleted")
