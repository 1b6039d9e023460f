"""``/feedback/settings/``: the versioned feedback settings of a center or of every center (thin).

Managers see their center's versions and the global ones and add versions for their center;
administrators add global versions and any center's. Same habit as ``/quality/settings/``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from hotline.org.views_policies import versioned_settings_page
from hotline.org.widgets import DateInput

from .. import access
from ..services import settings_for
from ..services.policies import FeedbackSettingsError, feedback_settings_create, settings_history


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


def _save(form, *, center, in_force, today, actor):
    feedback_settings_create(
        center=center, effective_from=form.cleaned_data["effective_from"], actor=actor, today=today,
        **form.values(),
    )  # fmt: skip


def _initial(in_force) -> dict:
    initial = {f: getattr(in_force, f) for f in FeedbackSettingsForm.base_fields if hasattr(in_force, f)}
    return initial | {"webhook_secret": ""}


@login_required
def settings_page(request):
    return versioned_settings_page(
        request, can_view=access.can_view_settings, can_edit=access.can_edit_settings, in_force_of=settings_for,
        history_of=settings_history, form_class=FeedbackSettingsForm, initial=_initial, save=_save,
        error=FeedbackSettingsError, template="feedback/settings.html", url_name="feedback:settings",
    )  # fmt: skip
