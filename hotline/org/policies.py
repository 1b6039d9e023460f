"""One way to version a policy (ARCHITECTURE "Learned from the first landing"; issue 11).

A policy is data with a history: a row per version of a scope (one center, or every center when
``center`` is empty), in force from ``effective_from`` until ``effective_to`` (inclusive; empty = open).
Nothing is edited in place, so a past day is always judged by the rules of that day.

- :class:`VersionedPolicy` — the abstract model every versioned policy inherits (scope and dates);
- :func:`register` / :data:`POLICY_KINDS` — the registry of kinds (``"quality"``, ``"intraday"``,
  ``"risk"``…), each naming its model and the fields that make a version;
- :func:`policy_in_force` — the version of a kind in force for a scope on a day (a center's own row wins
  over the global one; an unsaved row with the model's defaults when none was set);
- :func:`policy_append` — the one write: a new version starts today or later and after every existing
  version of the scope; the version in force ends the day before; both writes are audited;
- :func:`policy_history` — every version of a scope, newest first;
- :func:`policy_in_force_many` — the same for many (center, day) pairs in one query;
- :func:`policies_in_force` — every policy of a keyed kind in force on a day (one per key: the
  center's own version of that key, else the global one), e.g. the escalation levels of an alert's day;
- :func:`register_service` / :data:`POLICY_SERVICES` — what each app adds to its kind at start-up (its
  validating create service, who may read and write, its page), so one API router
  (``/api/policies/<kind>``) and one overview page (``/settings/``) serve every kind while the rules
  of each kind stay in its app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hotline.core.errors import InvalidInput

from .models import Center
from .services import audit_record

OPEN_START = dt.date(2000, 1, 1)


class VersionedPolicy(models.Model):
    """The shape every versioned policy shares: a scope and the days it is in force."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, null=True, blank=True, verbose_name=gettext_lazy("中心")
    )
    effective_from = models.DateField(gettext_lazy("生效日期"), default=OPEN_START)
    effective_to = models.DateField(gettext_lazy("失效日期"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-effective_from", "-id"]


class VersionError(InvalidInput):
    """The new version was refused (message in the user's language)."""


@dataclass(frozen=True)
class PolicyKind:
    """A registered kind: its model, the fields that make a version (the audit snapshot), the audit
    action prefix and the fields never copied into the audit trail (secrets: only "set or not")."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    action: str
    secret: tuple[str, ...] = ()
    keyed_by: tuple[str, ...] = ()  # fields naming one policy of a keyed kind (a KPI and scope…)

    def snapshot(self, row) -> dict | None:
        if row is None:
            return None
        out: dict = {"center": row.center_id}
        for f in (*self.keyed_by, *self.fields, "effective_from", "effective_to"):
            v = getattr(row, f)
            if f in self.secret:
                v = bool(v)
            out[f] = v.isoformat() if isinstance(v, dt.date) else v
        return out


POLICY_KINDS: dict[str, PolicyKind] = {}


def register(
    key: str,
    *,
    fields: tuple[str, ...],
    action: str | None = None,
    secret: tuple[str, ...] = (),
    keyed_by: tuple[str, ...] = (),
) -> Callable:
    """Class decorator: ``@register("intraday", fields=("volume_over", "staff_under"))``."""

    def deco(model: type[models.Model]):
        if not issubclass(model, VersionedPolicy):
            raise TypeError(f"{model.__name__} must inherit VersionedPolicy")
        POLICY_KINDS[key] = PolicyKind(
            key, model, tuple(fields), action or f"policy.{key}", tuple(secret), tuple(keyed_by)
        )
        return model

    return deco


def _kind(kind: str | PolicyKind) -> PolicyKind:
    return kind if isinstance(kind, PolicyKind) else POLICY_KINDS[kind]


def in_force(model: type[models.Model], center, day: dt.date, **key):
    """The row of ``model`` in force on ``day`` for ``center`` (its own, else the global one), or an
    unsaved row with the defaults. ``key`` narrows to one policy of a keyed kind (e.g. ``kpi=...``)."""
    qs = model.objects.filter(effective_from__lte=day, **key).exclude(effective_to__lt=day)
    qs = qs.order_by("-effective_from", "-id")
    if center is not None:
        own = qs.filter(center=center).first()
        if own:
            return own
    return qs.filter(center__isnull=True).first() or model(center=center, **key)


def history(model: type[models.Model], center, **key) -> list:
    """Every version of one scope, newest first."""
    return list(model.objects.filter(center=center, **key).order_by("-effective_from", "-id"))


@transaction.atomic
def version_append(
    *,
    model: type[models.Model],
    center,
    values: Mapping,
    effective_from: dt.date,
    today: dt.date,
    actor=None,
    action: str,
    snapshot: Callable[[models.Model | None], dict | None],
    error: type[Exception] = VersionError,
    key: Mapping | None = None,
):
    """Append a version of ``model`` for ``center`` from ``effective_from`` with ``values``.

    Audited as ``<action>.end`` (the version that ends) and ``<action>.create``; ``snapshot`` makes
    the JSON copy kept in the audit trail (leave secrets out there)."""
    key = dict(key or {})
    if effective_from < today:
        raise error(_("生效日期不能早于今天：已生效的设置不能改写"))
    rows = model.objects.select_for_update().filter(center=center, **key)
    if rows.filter(effective_from__gte=effective_from).exists():
        raise error(_("该日期或之后已有版本：新版本须晚于现有的所有版本"))
    current = rows.exclude(effective_to__lt=effective_from).order_by("-effective_from", "-id").first()
    if current is not None:
        before = snapshot(current)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        audit_record(actor=actor, action=f"{action}.end", obj=current, before=before, after=snapshot(current))
    row = model.objects.create(center=center, effective_from=effective_from, **key, **values)
    audit_record(
        actor=actor, action=f"{action}.create", obj=row, before=snapshot(current), after=snapshot(row)
    )
    return row


def policy_in_force(kind: str | PolicyKind, center: Center | None, day: dt.date, **key):
    """The version of ``kind`` in force on ``day`` for ``center`` (None: the global rows)."""
    return in_force(_kind(kind).model, center, day, **key)


def policy_in_force_many(kind: str | PolicyKind, centers, days) -> dict:
    """:func:`policy_in_force` of every (center, day) pair in one query — for pages that judge many
    centers and months at once (the scores page's trends): ``{(center id or None, day): row}``, by the
    same rule (a center's own version in force wins over the global one, the latest
    ``effective_from``, then the highest id; else an unsaved row with the defaults)."""
    model = _kind(kind).model
    centers, days = list(centers), sorted(set(days))
    if not days:
        return {}
    own_ids = [c.pk for c in centers if c is not None]
    rows = list(
        model.objects.filter(models.Q(center__isnull=True) | models.Q(center_id__in=own_ids))
        .filter(effective_from__lte=days[-1])
        .order_by("-effective_from", "-id")
    )
    out = {}
    for day in days:
        valid = [
            r for r in rows if r.effective_from <= day and (r.effective_to is None or r.effective_to >= day)
        ]
        shared = next((r for r in valid if r.center_id is None), None)
        for c in centers:
            own = None if c is None else next((r for r in valid if r.center_id == c.pk), None)
            out[(None if c is None else c.pk, day)] = own or shared or model(center=c)
    return out


def policy_history(kind: str | PolicyKind, center: Center | None, **key) -> list:
    return history(_kind(kind).model, center, **key)


def policies_in_force(
    kind: str | PolicyKind, center: Center | None, day: dt.date, *, related: tuple[str, ...] = ()
) -> list:
    """Every policy of a keyed kind in force on ``day`` for ``center``: for each key (``keyed_by``) the
    center's own version in force, else the global one; ordered by key. A kind that marks a key as
    withdrawn (e.g. a ``removed`` flag) returns that version too — the caller leaves it out, so a
    withdrawn key also hides the global one. ``related``: ``select_related`` names."""
    k = _kind(kind)
    if not k.keyed_by:
        raise TypeError(f"{k.key} is not a keyed kind")
    qs = k.model.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day)
    scope = models.Q(center__isnull=True) | (models.Q(center=center) if center is not None else models.Q())
    best: dict[tuple, models.Model] = {}
    for row in qs.filter(scope).select_related(*related).order_by("-effective_from", "-id"):
        key = tuple(getattr(row, f) for f in k.keyed_by)
        held = best.get(key)
        if held is None or (held.center_id is None and row.center_id is not None):
            best[key] = row
    return [best[key] for key in sorted(best)]


def next_free_day(kind: str | PolicyKind, center: Center | None, today: dt.date, **key) -> dt.date:
    """The first day a new version of ``kind`` for ``center`` may start: today, or the day after the
    latest version when one already starts today or later (versions are appended, never rewritten)."""
    latest = policy_history(kind, center, **key)[:1]
    if latest and latest[0].effective_from >= today:
        return latest[0].effective_from + dt.timedelta(days=1)
    return today


def policy_append(
    kind: str | PolicyKind,
    *,
    center: Center | None,
    values: Mapping,
    effective_from: dt.date,
    today: dt.date,
    actor=None,
    error: type[Exception] = VersionError,
    key: Mapping | None = None,
):
    """Append a version of ``kind`` for ``center`` (None: the global rows; audited; the past is never
    rewritten). ``key`` names one policy of a keyed kind (``{"kpi": …, "scope": …}``)."""
    k = _kind(kind)
    unknown = set(values) - set(k.fields)
    if unknown:
        raise TypeError(f"not fields of {k.key}: {sorted(unknown)}")
    return version_append(
        model=k.model, center=center, values=values, effective_from=effective_from, today=today, actor=actor,
        action=k.action, snapshot=k.snapshot, error=error, key=key,
    )  # fmt: skip


@dataclass(frozen=True)
class PolicyService:
    """An app's part of a kind: ``create(center=…, effective_from=…, actor=…, **values)`` appends a
    validated version (raising ``error`` with a message in the user's language); ``can_view(user)``,
    ``can_edit(user, center)``; ``page`` the URL name of the kind's own settings page."""

    label: str
    create: Callable
    can_view: Callable
    can_edit: Callable
    page: str
    error: type[Exception] = VersionError


POLICY_SERVICES: dict[str, PolicyService] = {}


def register_service(kind: str, **kw) -> None:
    if kind not in POLICY_KINDS:
        raise KeyError(kind)
    POLICY_SERVICES[kind] = PolicyService(**kw)


def policy_values(kind: str | PolicyKind, row) -> dict:
    """The JSON-ready values of a version (secrets only as "set or not")."""
    k = _kind(kind)
    out = {}
    for f in (*k.keyed_by, *k.fields):
        v = getattr(row, f)
        out[f] = bool(v) if f in k.secret else v
    return out
