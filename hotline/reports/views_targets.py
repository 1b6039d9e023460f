"""``/reports/targets/``: KPI targets with effective dates — the lines drawn on the dashboards (§7)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotline.core.kpi import DEFINITIONS
from hotline.org.access import GLOBAL_SCOPE
from hotline.org.access import request_settings_scope as _scope
from hotline.org.formats import kpi_value
from hotline.org.widgets import DateInput

from .access import can_edit_targets, can_view_targets
from .models import KPI_CHOICES
from .selectors import center_settings, target_for
from .services_targets import TargetError, kpi_settings_create, kpi_target_create, target_history


class TargetForm(forms.Form):
    kpi = forms.ChoiceField(label=_("指标"), choices=KPI_CHOICES)
    scope = forms.CharField(label=_("范围"), max_length=120, required=False, help_text=_("空 = 整个中心"))
    value = forms.FloatField(label=_("目标值"), help_text=_("比率填小数（0.4 = 40%），时长填秒"))
    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    skill_filter = forms.CharField(
        label=_("限定技能"), max_length=60, required=False, help_text=_("空 = 全部电话；如 维修")
    )
    reason_filter = forms.CharField(
        label=_("限定归档原因"), max_length=200, required=False, help_text=_("归档原因的开头，如 维修-")
    )


class KpiSettingsForm(forms.Form):
    answer_time = forms.FloatField(label=_("服务水平应答时间（秒）"), min_value=0, max_value=3600, initial=20)
    short_abandon = forms.FloatField(label=_("短时放弃阈值（秒）"), min_value=0, max_value=3600, initial=5)
    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())


UNITS = {d.key: d.unit for d in DEFINITIONS}


def _target_text(kpi: str, value: float | None) -> str:
    """A target as the reader reads it: rates as percentages (0.05 → 5%), durations in seconds."""
    return kpi_value(UNITS.get(kpi, ""), value)


@login_required
def targets_page(request):
    if not can_view_targets(request.user):
        raise PermissionDenied
    center, centers = _scope(request)
    can_edit = can_edit_targets(request.user, center)
    today = timezone.localdate()
    settings_form = KpiSettingsForm(initial={"effective_from": today + dt.timedelta(days=1)})
    if request.method == "POST" and request.POST.get("form") == "kpi_settings":
        if not can_edit or center is None:
            raise PermissionDenied
        settings_form = KpiSettingsForm(request.POST)
        if settings_form.is_valid():
            try:
                kpi_settings_create(
                    center=center, actor=request.user, today=today, **settings_form.cleaned_data
                )
            except TargetError as exc:
                settings_form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("已保存为新版本"))
                return redirect(f"{reverse('reports:targets')}?center={center.code}")
        form = TargetForm(initial={"effective_from": today + dt.timedelta(days=1)})
    elif request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                kpi_target_create(center=center, actor=request.user, today=today, **form.cleaned_data)
            except TargetError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("已保存为新版本"))
                return redirect(
                    f"{reverse('reports:targets')}?center={center.code if center else GLOBAL_SCOPE}"
                )
    else:
        form = TargetForm(initial={"effective_from": today + dt.timedelta(days=1)})
    in_force = []
    for kpi, label in KPI_CHOICES:
        t = target_for(kpi, center_id=center.pk if center else None, on=today)
        in_force.append(
            {"kpi": kpi, "label": label, "target": t, "text": _target_text(kpi, t.value if t else None)}
        )
    history = [
        {**h, "text": _target_text(h["target"].kpi, h["target"].value)} for h in target_history(center)
    ]
    return render(
        request,
        "reports/targets.html",
        {"center": center, "centers": centers, "scope": center.code if center else GLOBAL_SCOPE, "form": form,
         "can_edit": can_edit, "in_force": in_force, "history": history, "today": today,
         "settings_form": settings_form, "kpi_settings": center_settings(center, today) if center else None},
    )  # fmt: skip
