"""Score rollups (§3.6, issue 16): submitted regime session scores summed per agent × month × kind and
per center × month × kind, so the score pages, the monthly report and the appraisal read a few rows
per agent instead of every session.

A row holds ``n`` (sessions) and ``total`` (the sum of their 0–100 scores) of the sessions that count
in the §3.6 composite: status submitted, a score, purpose regime; the month is the one of the session's
half-month period. The composite is then ``hotline.core.scoring.monthly_score_from_sums``.

Maintenance is by recomputation of (agent, month) pairs, so it is idempotent:

- the services that submit or rescore a session (``quality.services``) mark the pairs they touched
  and refresh them once, in their transaction (:func:`score_rollups_deferred` + :func:`score_rollups_mark`);
- any other single ``save()``/``delete()`` of a session (admin, demo, cascades, tests) is caught by the
  signals below, which refresh only when the session counted before or counts after the write;
- ``queryset.update()`` sends no signal: callers refresh, or ``hotline manage rollups_rebuild``
  recomputes everything.

The team and the center of an agent are read from the agent's record at refresh time; moving an agent
to another center needs a rebuild of the center rows (``rollups_rebuild``), as the direct computation
groups by the current record. On PostgreSQL the refresh locks the agents' rows first, so two writers of
one agent's month take turns instead of both inserting it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from hotline.core.periods import Period
from hotline.org.models import Person

from .models import CenterScoreRollup, Purpose, ScoreRollup, Session

Key = tuple[int, dt.date]  # (agent id, first day of the month)


def month_of(period: str) -> dt.date | None:
    """The first day of the month of a half-month period ``YYYY-MM-H1``/``H2`` (None if unreadable)."""
    try:
        p = Period.parse(period)
    except (TypeError, ValueError):
        return None
    return dt.date(p.year, p.month, 1)


def counted(qs):
    """The sessions that count in the §3.6 composite."""
    return qs.filter(status=Session.Status.SUBMITTED, score__isnull=False, purpose=Purpose.REGIME)


def _refresh(keys: Iterable[Key]) -> int:
    by_month: dict[dt.date, set[int]] = defaultdict(set)
    for agent_id, month in keys:
        if agent_id is not None and month is not None:
            by_month[month.replace(day=1)].add(agent_id)
    if not by_month:
        return 0
    written = 0
    with transaction.atomic():
        agent_ids = sorted(set().union(*by_month.values()))
        if connection.features.has_select_for_update:
            list(Person.objects.select_for_update().filter(pk__in=agent_ids).order_by("pk").values_list("pk"))
        centers: dict[dt.date, set[int]] = defaultdict(set)
        for month, agents in sorted(by_month.items()):
            agents = sorted(agents)
            centers[month].update(
                c for c in Person.objects.filter(pk__in=agents).values_list("center_id", flat=True) if c
            )
            ScoreRollup.objects.filter(agent_id__in=agents, month=month).delete()
            periods = [f"{month:%Y-%m}-H1", f"{month:%Y-%m}-H2"]
            rows = (
                counted(Session.objects.filter(agent_id__in=agents, period__in=periods))
                .order_by()
                .values("agent_id", "agent__center_id", "kind")
                .annotate(n=Count("pk"), total=Sum("score"))
            )
            new = [
                ScoreRollup(center_id=r["agent__center_id"], agent_id=r["agent_id"], month=month, kind=r["kind"],
                            n=r["n"], total=r["total"] or 0.0)
                for r in rows
                if r["agent__center_id"] is not None
            ]  # fmt: skip
            ScoreRollup.objects.bulk_create(new)
            written += len(new)
        for month, center_ids in centers.items():
            _refresh_centers(sorted(center_ids), month)
    return written


def _refresh_centers(center_ids: list[int], month: dt.date) -> None:
    CenterScoreRollup.objects.filter(center_id__in=center_ids, month=month).delete()
    rows = (
        ScoreRollup.objects.filter(center_id__in=center_ids, month=month)
        .order_by()
        .values("center_id", "kind")
        .annotate(agents=Count("agent_id", distinct=True), n=Sum("n"), total=Sum("total"))
    )
    CenterScoreRollup.objects.bulk_create(
        [CenterScoreRollup(center_id=r["center_id"], month=month, kind=r["kind"], agents=r["agents"], n=r["n"],
                           total=r["total"] or 0.0) for r in rows]
    )  # fmt: skip


def score_rollups_refresh(keys: Iterable[Key]) -> int:
    """Recompute the score rollups of these (agent id, month) pairs; returns agent rows written.
    Inside :func:`score_rollups_deferred` the pairs are collected and refreshed when the block ends."""
    keys = list(keys)
    if _deferred.depth:
        _deferred.keys.update(keys)
        return 0
    return _refresh(keys)


def score_rollups_mark(session: Session) -> None:
    """The services' call: this session's (agent, month) changed."""
    score_rollups_refresh([(session.agent_id, month_of(session.period))])


def score_rollups_rebuild(center_ids: Iterable[int] | None = None) -> int:
    """Recompute every score rollup (of these centers' agents): drop them and refresh month by month."""
    centers = list(center_ids) if center_ids is not None else None
    with transaction.atomic():
        for model in (ScoreRollup, CenterScoreRollup):
            (model.objects.all() if centers is None else model.objects.filter(center_id__in=centers)).delete()
        sessions = counted(Session.objects.all())
        if centers is not None:
            sessions = sessions.filter(agent__center_id__in=centers)
        keys = {
            (agent_id, month_of(period))
            for agent_id, period in sessions.order_by().values_list("agent_id", "period").distinct()
        }
        by_month: dict[dt.date, list[Key]] = defaultdict(list)
        for k in keys:
            by_month[k[1]].append(k)
        return sum(_refresh(ks) for _, ks in sorted(by_month.items(), key=lambda kv: kv[0] or dt.date.min))


class _Deferred(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.keys: set[Key] = set()


_deferred = _Deferred()


@contextmanager
def score_rollups_deferred() -> Iterator[None]:
    """Collect the (agent, month) pairs that writes inside the block touch; refresh them once at the end
    (only when the block succeeds: on an exception the transaction rolls back anyway)."""
    _deferred.depth += 1
    ok = False
    try:
        yield
        ok = True
    finally:
        _deferred.depth -= 1
        if _deferred.depth == 0:
            keys, _deferred.keys = _deferred.keys, set()
            if ok:
                _refresh(keys)


# --- other writers: single saves and deletes -----------------------------------------------------------

_FIELDS = ("agent_id", "period", "status", "score", "purpose", "kind")


def _counts(status, score, purpose) -> bool:
    return status == Session.Status.SUBMITTED and score is not None and purpose == Purpose.REGIME


def _old_state(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance._score_rollup_old = (
        Session.objects.filter(pk=instance.pk).values_list(*_FIELDS).first()
        if instance.pk is not None
        else None
    )


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_score_rollup_old", None)
    new = tuple(getattr(instance, f) for f in _FIELDS)
    instance._score_rollup_old = new
    if old == new:
        return
    keys = []
    if old is not None and _counts(old[2], old[3], old[4]):
        keys.append((old[0], month_of(old[1])))
    if _counts(instance.status, instance.score, instance.purpose):
        keys.append((instance.agent_id, month_of(instance.period)))
    if keys:
        score_rollups_refresh(keys)


def _deleted(sender, instance, **kwargs):
    if _counts(instance.status, instance.score, instance.purpose):
        score_rollups_refresh([(instance.agent_id, month_of(instance.period))])


pre_save.connect(_old_state, sender=Session, dispatch_uid="quality.score_rollup.old")
post_save.connect(_saved, sender=Session, dispatch_uid="quality.score_rollup.saved")
post_delete.connect(_deleted, sender=Session, dispatch_uid="quality.score_rollup.deleted")
