"""``/org/settings/``: every versioned policy on one page (issue 11) — for each kind the caller may
read, the version in force today in each scope they may look at, when it started, how many versions
there are, and the kind's own page to change it (``hotline.org.policies``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .access import settings_scope_choices
from .policies import POLICY_KINDS, POLICY_SERVICES, policy_history, policy_in_force, policy_values


def _shown(field, value):
    """A value as a reader sees it: a choice by its label, never its stored key."""
    return dict(field.flatchoices).get(value, value) if field.choices else value


@login_required
def policies(request):
    rows = []
    centers = settings_scope_choices(request.user)
    for kind, svc in sorted(POLICY_SERVICES.items()):
        if not svc.can_view(request.user):
            continue
        k = POLICY_KINDS[kind]
        for center in centers:
            versions = policy_history(k, center)
            row = None if k.keyed_by else policy_in_force(k, center, center.today())
            rows.append({
                "kind": kind, "label": svc.label, "center": center, "versions": len(versions),
                "since": row.effective_from if row is not None and row.pk else None,
                "values": [
                    (k.model._meta.get_field(f).verbose_name, _shown(k.model._meta.get_field(f), v))
                    for f, v in (policy_values(k, row).items() if row is not None else ())
                    if not isinstance(v, dict | list)  # structured rules: on the kind's own page
                ],
                "url": reverse(svc.page),
                "can_edit": svc.can_edit(request.user, center),
            })  # fmt: skip
    if not rows:
        raise PermissionDenied
    return render(request, "org/policies.html", {"rows": rows, "today": timezone.localdate()})
