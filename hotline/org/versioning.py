"""Versioned policy rows (ARCHITECTURE: policy is data, versioned): a row per version of a scope
(one center, or every center when ``center`` is empty) with ``effective_from`` / ``effective_to``.

Shared by the quality settings (§3.2/§3.3/§3.6) and the feedback settings (§3.7/§4):

- :func:`in_force` — the version of a scope in force on a day (latest ``effective_from`` on or before
  it, not ended before it); a center's own row wins over the global one;
- :func:`version_append` — add a version: the past is never rewritten (a new version starts today
  or later, after every existing version of the scope); the version in force ends the day before;
  both writes are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.db import models, transaction
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput

from .services import audit_record


class VersionError(InvalidInput):
    """The new version was refused (message in the user's language)."""


def in_force(model: type[models.Model], center, day: dt.date):
    """The row of ``model`` in force on ``day`` for ``center`` (its own, else the global one), or an
    unsaved row with the defaults."""
    qs = model.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day)
    qs = qs.order_by("-effective_from", "-id")
    if center is not None:
        own = qs.filter(center=center).first()
        if own:
            return own
    return qs.filter(center__isnull=True).first() or model()


def history(model: type[models.Model], center) -> list:
    """Every version of one scope, newest first."""
    return list(model.objects.filter(center=center).order_by("-effective_from", "-id"))


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
):
    """Append a version of ``model`` for ``center`` from ``effective_from`` with ``values``.

    Audited as ``<action>.end`` (the version that ends) and ``<action>.create``; ``snapshot`` makes
    the JSON copy kept in the audit trail (leave secrets out there)."""
    if effective_from < today:
        raise error(_("生效日期不能早于今天：已生效的设置不能改写"))
    rows = model.objects.select_for_update().filter(center=center)
    if rows.filter(effective_from__gte=effective_from).exists():
        raise error(_("该日期或之后已有版本：新版本须晚于现有的所有版本"))
    current = rows.exclude(effective_to__lt=effective_from).order_by("-effective_from", "-id").first()
    if current is not None:
        before = snapshot(current)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        audit_record(actor=actor, action=f"{action}.end", obj=current, before=before, after=snapshot(current))
    row = model.objects.create(center=center, effective_from=effective_from, **values)
    audit_record(
        actor=actor, action=f"{action}.create", obj=row, before=snapshot(current), after=snapshot(row)
    )
    return row
