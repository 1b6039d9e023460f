"""``/org/settings/``: every versioned policy on one page (issue 11) — for each kind the caller may
read, the version in force today in each scope they may look at, when it started, how many versions
there are, and the kind's own page to change it (``hotline.org.policies``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hotline.errors import message_of

from .access import GLOBAL_SCOPE, request_settings_scope, settings_scope_choices
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


def versioned_settings_page(
    request,
    *,
    can_view: Callable,
    can_edit: Callable,
    in_force_of: Callable,
    history_of: Callable,
    form_class: type,
    initial: Callable,
    save: Callable,
    error: type[Exception],
    template: str,
    url_name: str,
):
    """The page of one versioned policy of a scope (``?center=<code|*>``): the version in force, the
    history, and a form that appends a version from ``effective_from`` (tomorrow by default).

    ``initial(in_force)`` fills the form; ``save(form, center=…, in_force=…, today=…, actor=…)`` appends
    the version through the kind's service, which raises ``error`` (shown on the form in the reader's
    language, answered 400); a saved version redirects back to the scope."""
    if not can_view(request.user):
        raise PermissionDenied
    center, centers = request_settings_scope(request)
    editable = can_edit(request.user, center)
    today = timezone.localdate()
    in_force = in_force_of(center, today)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(form, center=center, in_force=in_force, today=today, actor=request.user)
            except error as exc:
                form.add_error(None, message_of(exc))
            else:
                messages.success(request, gettext("已保存为新版本"))
                return redirect(f"{reverse(url_name)}?center={center.code if center else GLOBAL_SCOPE}")
    else:
        form = form_class(initial={**initial(in_force), "effective_from": today + dt.timedelta(days=1)})
    history = history_of(center)
    # A POST that reaches this point was refused (bad values, a refused version): 400.
    return render(request, template, {
        "center": center, "centers": centers, "scope": center.code if center else GLOBAL_SCOPE, "form": form,
        "can_edit": editable, "in_force": in_force, "history": history, "today": today,
        "inherits": center is not None and not history,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip
