"""``/feedback/settings/``: the versioned feedback settings of a center or of every center (thin).

Managers see their center's versions and the global ones and add versions for their center;
administrators add global versions and any center's. Same habit as ``/quality/settings/``."""

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

from hotline.org.access import GLOBAL_SCOPE
from hotline.org.access import request_settings_scope as _scope
from hotline.org.widgets import DateInput

from . import access
from .services import settings_for
from .services_settings import FeedbackSettingsError, feedback_settings_create, settings_history


class FeedbackSettingsForm(forms.Form):
    approval_days = forms.IntegerField(label=_("审批期限（天）"), min_value=1, max_value=60)
    dispute_working_days = forms.IntegerField(label=_("申诉期限（工作日）"), min_value=1, max_value=60)
    certification_tolerance = forms.FloatField(label=_("认证容差（分）"), min_value=0, max_value=100)
    training_threshold = forms.FloatField(label=_("培训阈值（失分率）"), min_value=0.01, max_value=1)
    training_min_agents = forms.IntegerField(label=_("培训最少人数"), min_value=1, max_value=1000)
    training_due_days = forms.IntegerField(label=_("培训期限（天）"), min_value=1, max_value=365)
    retaliation_n = forms.IntegerField(label=_("报复检查评分数"), min_value=1, max_value=100)
    retaliation_drop = forms.FloatField(label=_("报复检查降幅（分）"), min_value=0, max_value=100)
    knowledge_pass_mark = forms.FloatField(
        label=_("知识测试及格线（分）"), min_value=0, max_value=100, required=False
    )
    excellent_score = forms.FloatField(label=_("优秀座席分数线"), min_value=0, max_value=100, required=False)
    webhook_url = forms.URLField(label=_("外发地址"), required=False, assume_scheme="https")
    webhook_secret = forms.CharField(
        label=_("签名密钥"), required=False, max_length=200, widget=forms.PasswordInput,
        help_text=_("留空则沿用现有密钥"),
    )  # fmt: skip
    clear_secret = forms.BooleanField(label=_("清除密钥"), required=False)
    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())

    def values(self) -> dict:
        d = dict(self.cleaned_data)
        clear = d.pop("clear_secret")
        d.pop("effective_from")
        d["webhook_secret"] = "" if clear else (d["webhook_secret"] or None)  # None: keep the current one
        return d


@login_required
def settings_page(request):
    if not access.can_view_settings(request.user):
        raise PermissionDenied
    center, centers = _scope(request)
    can_edit = access.can_edit_settings(request.user, center)
    today = timezone.localdate()
    in_force = settings_for(center, today)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = FeedbackSettingsForm(request.POST)
        if form.is_valid():
            try:
                feedback_settings_create(
                    center=center, effective_from=form.cleaned_data["effective_from"], actor=request.user,
                    today=today, **form.values(),
                )  # fmt: skip
            except FeedbackSettingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("已保存为新版本"))
                return redirect(
                    f"{reverse('feedback:settings')}?center={center.code if center else GLOBAL_SCOPE}"
                )
    else:
        initial = {f: getattr(in_force, f) for f in FeedbackSettingsForm.base_fields if hasattr(in_force, f)}
        initial.update(webhook_secret="", effective_from=today + dt.timedelta(days=1))
        form = FeedbackSettingsForm(initial=initial)
    history = settings_history(center)
    # A POST that reaches this point was refused (bad values or a refused webhook URL): 400.
    return render(request, "feedback/settings.html", {
        "center": center, "centers": centers, "scope": center.code if center else GLOBAL_SCOPE, "form": form,
        "can_edit": can_edit, "in_force": in_force, "history": history, "today": today,
        "inherits": center is not None and not history,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip
