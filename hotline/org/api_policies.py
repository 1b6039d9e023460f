"""``/api/policies``: one router for every versioned policy (issue 11; ``hotline.org.policies``).

- ``GET /api/policies`` — the kinds the caller may read;
- ``GET /api/policies/{kind}?center=<code|*>`` — the version in force today and the history of a scope
  (keyed kinds: ``?kpi=…&scope=…`` picks the one in force);
- ``POST /api/policies/{kind}?center=<code|*>`` ``{"effective_from": "YYYY-MM-DD"?, "values": {…}}`` —
  append a version through the kind's own service (its validation, its audit); without a date the first
  free day (today, or the day after a version that already starts today or later).

The same access rules as each kind's page (``PolicyService.can_view/can_edit``); the scope rule is
``org.access.settings_scope`` (another center than one's own is refused). Secrets are never returned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from hotline.core.errors import Forbidden, InvalidInput, NotFound

from .access import settings_scope
from .policies import (
    POLICY_KINDS,
    POLICY_SERVICES,
    next_free_day,
    policy_history,
    policy_in_force,
    policy_values,
)

router = Router(tags=["policies"])


class KindOut(Schema):
    kind: str
    label: str
    fields: list[str]
    keyed_by: list[str]
    page: str


class VersionOut(Schema):
    id: int | None
    center: str | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    values: dict[str, Any]


class PolicyOut(Schema):
    kind: str
    center: str | None
    in_force: VersionOut | None
    history: list[VersionOut]


class AppendIn(Schema):
    effective_from: dt.date | None = None
    values: dict[str, Any]


def _service(request, kind: str):
    if kind not in POLICY_SERVICES:
        raise NotFound(_("没有这种设置"), field="kind")
    svc = POLICY_SERVICES[kind]
    if not svc.can_view(request.user):
        raise Forbidden(_("无权查看这项设置"))
    return POLICY_KINDS[kind], svc


def _scope(request, center: str | None):
    try:
        return settings_scope(request.user, center)
    except PermissionDenied as exc:
        raise Forbidden(_("无权查看这个中心的设置"), field="center") from exc


def _version(kind, row) -> dict:
    return {
        "id": row.pk, "center": row.center.code if row.center_id else None, "effective_from": row.effective_from,
        "effective_to": row.effective_to, "values": policy_values(kind, row),
    }  # fmt: skip


@router.get("", response=list[KindOut])
def kinds(request):
    return [
        {"kind": k, "label": str(s.label), "fields": list(POLICY_KINDS[k].fields),
         "keyed_by": list(POLICY_KINDS[k].keyed_by), "page": s.page}
        for k, s in sorted(POLICY_SERVICES.items()) if s.can_view(request.user)
    ]  # fmt: skip


@router.get("/{kind}", response=PolicyOut)
def policy(request, kind: str, center: str | None = None):
    k, _svc = _service(request, kind)
    scope = _scope(request, center)
    key = {f: request.GET.get(f, "") for f in k.keyed_by}
    today = scope.today() if scope is not None else timezone.localdate()
    in_force = None
    if all(f in request.GET for f in k.keyed_by):  # a keyed kind: only when the key is given
        row = policy_in_force(k, scope, today, **key)
        in_force = _version(k, row)
    return {"kind": kind, "center": scope.code if scope else None, "in_force": in_force,
            "history": [_version(k, r) for r in policy_history(k, scope)]}  # fmt: skip


@router.post("/{kind}", response={201: VersionOut})
def append(request, kind: str, payload: AppendIn, center: str | None = None):
    k, svc = _service(request, kind)
    scope = _scope(request, center)
    if not svc.can_edit(request.user, scope):
        raise Forbidden(_("无权修改这项设置"))
    allowed = set(k.fields) | set(k.keyed_by)
    unknown = sorted(set(payload.values) - allowed)
    if unknown:
        raise InvalidInput(_("未知的设置项：%(names)s"), field="values", params={"names": ", ".join(unknown)})
    today = scope.today() if scope is not None else timezone.localdate()
    key = {f: payload.values.get(f, "") for f in k.keyed_by}
    effective_from = payload.effective_from or next_free_day(k, scope, today, **key)
    try:
        with transaction.atomic():
            row = svc.create(
                center=scope, effective_from=effective_from, actor=request.user, **payload.values
            )
    except svc.error:
        raise  # a HotlineError: answered 400 in the reader's language
    except (TypeError, ValueError, DataError) as exc:
        raise InvalidInput(_("设置值无效"), field="values") from exc
    return Status(201, _version(k, row))
