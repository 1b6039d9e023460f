"""Workforce settings pages (§5): shift types, next-day rules, escalation levels (versioned per level)
and the intraday alert thresholds of a center. Planner, manager (their center) and admin; every change audited.

Thin: check who is asking (``access``), write through ``services_settings``, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.core.params import parse_date, parse_id, parse_ids
from hotline.errors import message_of
from hotline.org.policies import next_free_day, policy_history

from .. import access, selectors
from ..forms_settings import EscalationForm, ShiftTypeForm, ThresholdsForm
from ..models import EscalationLevel, ShiftType
from ..services import intraday as services_intraday
from ..services import policies as services_settings


def _center(request):
    access.require_planner(request.user)
    return access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))


@login_required
def shifts(request):
    center = _center(request)
    editing = None
    if request.GET.get("shift"):
        editing = get_object_or_404(
            ShiftType, pk=parse_id(request.GET["shift"], field="shift"), center=center
        )
    initial = {}
    if editing:
        initial = {
            "name": editing.name, "short": editing.short, "start": editing.start, "end": editing.end,
            "breaks": services_settings.format_breaks(editing.breaks), "night": editing.night,
            "is_rest": editing.is_rest, "colour": editing.colour, "order": editing.order,
        }  # fmt: skip
    form = ShiftTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_settings.shift_type_save(
                center=center, shift=editing, actor=request.user, **form.cleaned_data
            )
        except services_settings.SettingsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("班次已保存"))
            return redirect("workforce:settings_shifts")
    rows = [(s, services_settings.format_breaks(s.breaks)) for s in ShiftType.objects.filter(center=center)]
    return render(
        request,
        "workforce/settings_shifts.html",
        {"center": center, "rows": rows, "form": form, "editing": editing, "tab": "shifts"},
    )


@login_required
@require_POST
def shift_delete(request, pk: int):
    center = _center(request)
    try:
        services_settings.shift_type_delete(
            shift=get_object_or_404(ShiftType, pk=pk, center=center), actor=request.user
        )
        messages.success(request, _("班次已删除"))
    except services_settings.SettingsError as exc:
        messages.error(request, str(exc))
    return redirect("workforce:settings_shifts")


@login_required
def rules(request):
    """One row per shift: "any shift may follow", or the ticked shifts only."""
    center = _center(request)
    shifts = list(ShiftType.objects.filter(center=center))
    by_pk = {s.pk: s for s in shifts}
    if request.method == "POST":
        new = {}
        for s in shifts:
            if request.POST.get(f"any_{s.pk}"):
                new[s] = None
            else:
                new[s] = [
                    by_pk[x]
                    for x in parse_ids(request.POST.getlist(f"next_{s.pk}"), field="next")
                    if x in by_pk
                ]
        try:
            services_settings.roster_rules_save(center=center, rules=new, actor=request.user)
        except services_settings.SettingsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("衔接规则已保存"))
            return redirect("workforce:settings_rules")
    current = services_settings.rules_of(center)
    rows = [(s, s.pk not in current, [(t, t.pk in current.get(s.pk, ())) for t in shifts]) for s in shifts]
    return render(
        request,
        "workforce/settings_rules.html",
        {"center": center, "rows": rows, "shifts": shifts, "tab": "rules"},
    )


@login_required
def escalation(request):
    """The center's escalation levels in force today, their versions, and a form that appends a version
    of a level from a chosen day (today or later; kind ``escalation``). A refused version answers 400."""
    center = _center(request)
    form = EscalationForm(request.POST or None, center=center)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services_settings.escalation_level_set(
                center=center, level=d["level"], within_minutes=d["within_minutes"],
                min_severity=d["min_severity"] or 0.0, role=d["role"] or "", person=d["person"],
                effective_from=d["effective_from"], actor=request.user,
            )  # fmt: skip
        except services_settings.SettingsError as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, _("上报级别已保存"))
            return redirect("workforce:settings_escalation")
    today = center.today()
    return render(
        request,
        "workforce/settings_escalation.html",
        {
            "center": center, "form": form, "tab": "escalation", "today": today,
            "levels": selectors.escalation_levels(center, today),
            "history": EscalationLevel.objects.filter(center=center).select_related("person")
            .order_by("level", "-effective_from", "-id"),
        },
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@login_required
@require_POST
def escalation_delete(request, pk: int):
    """Withdraw the level of version ``pk`` from ``effective_from`` (default: the first free day): a
    version marked removed; earlier days keep the level."""
    center = _center(request)
    lv = get_object_or_404(EscalationLevel, pk=pk, center=center)
    effective_from = parse_date(request.POST.get("effective_from"), field="effective_from")
    try:
        services_settings.escalation_level_remove(
            center=center, level=lv.level, effective_from=effective_from, actor=request.user
        )
    except services_settings.SettingsError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("上报级别已删除"))
    return redirect("workforce:settings_escalation")


@login_required
def thresholds(request):
    center = _center(request)
    current = services_intraday.settings_for(center)
    today = center.today()
    form = ThresholdsForm(
        request.POST or None,
        initial={"volume_over": current.volume_over, "staff_under": current.staff_under,
                 "effective_from": next_free_day("intraday", center, today)},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services_settings.intraday_thresholds_save(center=center, actor=request.user, **form.cleaned_data)
        except services_settings.SettingsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("告警阈值已保存"))
            return redirect("workforce:settings_thresholds")
    return render(
        request,
        "workforce/settings_thresholds.html",
        {
            "center": center,
            "form": form,
            "current": current,
            "tab": "thresholds",
            "history": policy_history("intraday", center),
        },
    )
